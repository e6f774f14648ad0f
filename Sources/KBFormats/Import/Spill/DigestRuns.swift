import Foundation

/// Values by 128-bit key (``Fingerprint``) for what a streamed import must remember of every row
/// it has seen — claim ids, the fingerprints of sources and studies, the reconciler's keys — in
/// memory that does not grow with the file (issue 18).
///
/// A log-structured merge of sorted runs: each batch's entries become one run, and a run as long
/// as the one before it is merged with it (as a binary counter carries), so about log2(batches)
/// runs are searched. Runs of at least ``spillFrom`` entries are written to an unlinked temporary
/// file (``SpillFile``) and found there with one read through a sparse index and a Bloom filter
/// (``DigestRun``); what stays in memory per key on disk is about 1.3 bytes.
///
/// `newest` keeps one value per key (a later batch's replaces an earlier one's: the mapper's
/// fingerprints); `all` keeps every value added under a key, in the order added (the
/// reconciler's positions).
///
/// Owned by one thread at a time.
final class DigestRuns: @unchecked Sendable {
    struct Entry {
        var key: Fingerprint
        var value: Fingerprint
    }

    enum Duplicates {
        case newest
        case all
    }

    let duplicates: Duplicates
    /// Runs this long or longer are kept on disk. `KB_IMPORT_SPILL_FROM` overrides it (the
    /// tests set it low, to take the disk path with small files).
    let spillFrom: Int
    private var runs: [DigestRun] = []

    static let defaultSpillFrom = ImportTuning.count("KB_IMPORT_SPILL_FROM") ?? 1 << 16

    init(_ duplicates: Duplicates, spillFrom: Int = DigestRuns.defaultSpillFrom) {
        self.duplicates = duplicates
        self.spillFrom = spillFrom
    }

    /// How many entries are kept (for `newest`, counting a replaced key until runs are merged).
    var count: Int { runs.reduce(0) { $0 + $1.count } }

    /// How many runs are on disk (for the tests).
    var runsOnDisk: Int { runs.filter(\.isOnDisk).count }

    /// Adds `batch` to `runs`, made on first use: a state that never gets an entry makes none.
    static func add(_ batch: [Entry], to runs: inout DigestRuns?, _ duplicates: Duplicates, spillFrom: Int) throws {
        let kept = runs ?? DigestRuns(duplicates, spillFrom: spillFrom)
        runs = kept
        try kept.add(batch)
    }

    /// Adds one batch's entries (for `newest`, the last of a key's entries in `batch` counts).
    func add(_ batch: [Entry]) throws {
        guard !batch.isEmpty else { return }
        var sorted = batch.enumerated().sorted { a, b in a.element.key != b.element.key ? a.element.key < b.element.key : a.offset < b.offset }.map(\.element)
        if duplicates == .newest {
            var kept: [Entry] = []
            kept.reserveCapacity(sorted.count)
            for entry in sorted {
                if let last = kept.last, last.key == entry.key { kept[kept.count - 1] = entry } else { kept.append(entry) }
            }
            sorted = kept
        }
        var run = try make(sorted, count: sorted.count)
        while let last = runs.last, last.count <= run.count {
            runs.removeLast()
            run = try merged(last, run)
        }
        runs.append(run)
    }

    /// The value last added under `key`.
    func newest(_ key: Fingerprint) throws -> Fingerprint? {
        for run in runs.reversed() {
            if let value = try run.values(for: key).last { return value }
        }
        return nil
    }

    /// Every value added under `key`, in the order added.
    func all(_ key: Fingerprint) throws -> [Fingerprint] {
        var found: [Fingerprint] = []
        for run in runs { found += try run.values(for: key) }
        return found
    }

    private func make(_ entries: [Entry], count: Int) throws -> DigestRun {
        guard count >= spillFrom else { return DigestRun(inMemory: entries) }
        var each = entries.makeIterator()
        return try DigestRun(writing: &each, capacity: count)
    }

    /// `older` and `newer` as one run (for `newest`, `newer`'s value of a key both hold).
    private func merged(_ older: DigestRun, _ newer: DigestRun) throws -> DigestRun {
        var merge = MergedEntries(older: older.sequence(), newer: newer.sequence(), newestOnly: duplicates == .newest)
        let total = older.count + newer.count
        let run: DigestRun
        if total < spillFrom {
            var entries: [Entry] = []
            entries.reserveCapacity(total)
            while let entry = merge.next() { entries.append(entry) }
            run = DigestRun(inMemory: entries)
        } else {
            run = try DigestRun(writing: &merge, capacity: total)
        }
        if let failure = merge.failure { throw failure }
        return run
    }
}

/// Two runs' entries in key order; of equal keys, the older run's first (or, `newestOnly`, only the newer's).
private struct MergedEntries: IteratorProtocol {
    var older: DigestRun.Entries
    var newer: DigestRun.Entries
    let newestOnly: Bool
    private var a: DigestRuns.Entry?
    private var b: DigestRuns.Entry?
    private var started = false

    init(older: DigestRun.Entries, newer: DigestRun.Entries, newestOnly: Bool) {
        self.older = older
        self.newer = newer
        self.newestOnly = newestOnly
    }

    var failure: (any Error)? { older.failure ?? newer.failure }

    mutating func next() -> DigestRuns.Entry? {
        if !started {
            a = older.next()
            b = newer.next()
            started = true
        }
        switch (a, b) {
        case (nil, nil):
            return nil
        case let (x?, nil):
            a = older.next()
            return x
        case let (nil, y?):
            b = newer.next()
            return y
        case let (x?, y?):
            if x.key < y.key || (x.key == y.key && !newestOnly) {
                a = older.next()
                return x
            }
            if x.key == y.key { a = older.next() }
            b = newer.next()
            return y
        }
    }
}
