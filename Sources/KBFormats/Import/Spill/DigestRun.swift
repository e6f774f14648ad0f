/// One sorted run of ``DigestRuns``: in memory while small, in a ``SpillFile`` once large, with
/// every 256th key and a ``DigestBloom`` kept in memory to find a key with one read (or none).
final class DigestRun {
    typealias Entry = DigestRuns.Entry

    /// Entries per block read from disk (8 KiB).
    static let blockEntries = 256
    private static let entryWords = 4

    let count: Int
    private let entries: [Entry]?
    private let file: SpillFile?
    private let fences: [Fingerprint]
    private let bloom: DigestBloom?

    /// A run held in memory (sorted by key; equal keys in the order added).
    init(inMemory entries: [Entry]) {
        count = entries.count
        self.entries = entries
        file = nil
        fences = []
        bloom = nil
    }

    /// A run written to a file as `entries` come (sorted by key, equal keys in the order added).
    init(writing source: inout some IteratorProtocol<Entry>, capacity: Int) throws {
        let file = try SpillFile()
        var bloom = DigestBloom(capacity: capacity)
        var fences: [Fingerprint] = []
        fences.reserveCapacity(capacity / Self.blockEntries + 1)
        // Written 128 KiB at a time.
        let flushAt = Self.blockEntries * 16 * Self.entryWords
        var buffer: [UInt64] = []
        buffer.reserveCapacity(flushAt)
        var written = 0
        while let entry = source.next() {
            if written % Self.blockEntries == 0 { fences.append(entry.key) }
            bloom.insert(entry.key)
            let (k0, k1) = entry.key.words
            let (v0, v1) = entry.value.words
            buffer.append(k0)
            buffer.append(k1)
            buffer.append(v0)
            buffer.append(v1)
            written += 1
            if buffer.count >= flushAt {
                _ = try buffer.withUnsafeBytes { try file.append($0) }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if !buffer.isEmpty { _ = try buffer.withUnsafeBytes { try file.append($0) } }
        count = written
        entries = nil
        self.file = file
        self.fences = fences
        self.bloom = bloom
    }

    var isOnDisk: Bool { file != nil }

    /// The values under `key`, in the order added.
    func values(for key: Fingerprint) throws -> [Fingerprint] {
        if let entries {
            var index = Self.lowerBound(key, count: entries.count) { entries[$0].key }
            var found: [Fingerprint] = []
            while index < entries.count, entries[index].key == key {
                found.append(entries[index].value)
                index += 1
            }
            return found
        }
        guard let bloom, bloom.mayContain(key) else { return [] }
        // The first block whose first key is not below `key`; equal keys may begin in the block before.
        var block = max(0, Self.lowerBound(key, count: fences.count) { fences[$0] } - 1)
        var found: [Fingerprint] = []
        while block < fences.count {
            let part = try self.block(block)
            for entry in part {
                if entry.key == key {
                    found.append(entry.value)
                } else if key < entry.key {
                    return found
                }
            }
            block += 1
        }
        return found
    }

    /// Entries `block * blockEntries` on, at most `blockEntries` of them.
    private func block(_ block: Int) throws -> [Entry] {
        try read(from: block * Self.blockEntries, count: min(Self.blockEntries, count - block * Self.blockEntries))
    }

    private func read(from start: Int, count wanted: Int) throws -> [Entry] {
        if let entries { return Array(entries[start..<(start + wanted)]) }
        guard let file, wanted > 0 else { return [] }
        var words = [UInt64](repeating: 0, count: wanted * Self.entryWords)
        try words.withUnsafeMutableBytes { try file.read(into: $0, at: start * Self.entryWords * 8) }
        return (0..<wanted).map { index in
            let at = index * Self.entryWords
            return Entry(key: Fingerprint(words: (words[at], words[at + 1])), value: Fingerprint(words: (words[at + 2], words[at + 3])))
        }
    }

    /// The entries in order, read in parts (for merging runs).
    func sequence() -> Entries {
        Entries(run: self)
    }

    struct Entries: IteratorProtocol {
        let run: DigestRun
        private var offset = 0
        private var part: [Entry] = []
        private var index = 0
        /// A read that failed: the merge checks it after the last entry.
        private(set) var failure: (any Error)?

        init(run: DigestRun) {
            self.run = run
        }

        mutating func next() -> Entry? {
            if index == part.count {
                guard offset < run.count, failure == nil else { return nil }
                let wanted = Swift.min(4096, run.count - offset)
                do { part = try run.read(from: offset, count: wanted) } catch {
                    failure = error
                    return nil
                }
                offset += wanted
                index = 0
            }
            defer { index += 1 }
            return part[index]
        }
    }

    private static func lowerBound(_ key: Fingerprint, count: Int, _ at: (Int) -> Fingerprint) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if at(middle) < key { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
