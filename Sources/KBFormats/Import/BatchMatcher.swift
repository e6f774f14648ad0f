import Foundation
import GRDB
import KBDomain
import KBStore

/// One batch of a streamed import once matched: what its write needs (``StreamingImport/write(_:)``).
struct MatchedBatch: Sendable {
    /// The batch without its sources: its counts, warnings and skipped records, its conflicts
    /// with the late rows' said in their place; `dataset` with studies and claims pointing at
    /// final slugs and `sources` the records handed over (``SourceReconciler/handOver()``).
    var batch: ImportBatch
    /// Sources handed over by earlier batches that a record of this one changed.
    var changed: [(source: Source, storedBefore: Bool)]
    /// The slugs of `batch.dataset.sources` new to the KB.
    var newSlugs: Set<String>
    /// Citation keys to remember, (file, key, slug).
    var keys: [(file: String, key: String, slug: String)]
    /// The sources the batch brought (a late row is not one).
    var sourceCount: Int
    var bytes: Int
}

/// What matching all the batches said, for the report (``StreamingImport/finish(matched:)``).
struct MatchSummary: Sendable {
    var conflicts: [String] = []
    var merges: [String] = []
    var matchedExisting = 0
    var seconds = 0.0
}

/// Matches a streamed import's batches, in order, through one ``SourceReconciler``: a work
/// recurring across batches (or files) matches exactly as it does when the file is matched
/// whole. On the writing connection for CSV files (``StreamingImport/add(_:bytes:)``); for
/// BibTeX files on a read connection of its own, beside the write (what the KB held before
/// the import, as a whole import matches it: ``Importer/writeMatchingAhead(_:total:names:options:progress:result:)``).
struct BatchMatcher {
    let db: Database
    /// Bytes (or entries) of all inputs, to guess from the first batch how many sources come.
    let totalBytes: Int
    /// Whether the reconciler lets go of records once handed over and reads them back from the
    /// KB when a later record matches one: only where the write is visible (the writing connection).
    let releasesRecords: Bool
    /// Whether it lets go of them keeping them aside on disk instead (``SourceReconciler/archivesRecords``).
    var archivesRecords = false
    /// The sources the import brings, when known (a BibTeX file's entries); else guessed from
    /// the first batch's share of `totalBytes`.
    var expectedSources: Int?
    /// Test seam: matching throws at this batch (0 the first), as a failure on the matching thread would.
    var failsAtBatch: Int?
    /// Test seam (``SourceReconciler/spillFrom``).
    var spillFrom = DigestRuns.defaultSpillFrom
    /// What each file's citation keys are remembered under.
    var keyFiles = CitationKeyFiles()
    private var matchedBatches = 0
    private var reconciler: SourceReconciler?
    /// Per file: the final slug of each source reference the file's batches brought.
    private var references = SourceReferences()
    private var currentFile = ""
    private var seconds = 0.0

    init(db: Database, totalBytes: Int, releasesRecords: Bool) {
        self.db = db
        self.totalBytes = totalBytes
        self.releasesRecords = releasesRecords
    }

    mutating func match(_ batch: consuming ImportBatch, bytes: Int) throws -> MatchedBatch {
        var batch = batch
        let started = Date()
        defer {
            seconds += Date().timeIntervalSince(started)
            matchedBatches += 1
        }
        if matchedBatches == failsAtBatch { throw KBError.invalidInput("matching failed at batch \(matchedBatches) (a test's)") }
        var reconciler: SourceReconciler
        if let made = self.reconciler.take() {
            reconciler = made
        } else {
            reconciler = try SourceReconciler(db: db, incoming: expectedSources ?? batch.sources.count * StreamingImport.scale(totalBytes, bytes))
            reconciler.keepsGroups = true
            reconciler.keyFiles = keyFiles
            reconciler.releasesRecords = releasesRecords || archivesRecords
            reconciler.archivesRecords = archivesRecords
            reconciler.spillFrom = spillFrom
        }
        defer { self.reconciler = reconciler }
        if !batch.isContinuation || batch.file != currentFile {
            references = SourceReferences(spillFrom: spillFrom)
            currentFile = batch.file
        }
        var lateConflicts: [Int: [String]] = [:]
        var sourceCount = 0
        for (position, incoming) in batch.sources.enumerated() {
            if incoming.isLateRow, let slug = try references.slug(incoming.reference, in: reconciler) {
                lateConflicts[position] = try reconciler.mergeLate(incoming, into: slug, file: batch.file)
                continue
            }
            sourceCount += 1
            let slug = try reconciler.add(incoming, file: batch.file)
            references.set(incoming.reference, slug: slug, position: reconciler.lastPosition)
        }
        batch.sources = []
        batch.conflicts = batch.conflicts.flatMap { conflict -> [String] in
            guard conflict.hasPrefix(CSVMapper.lateConflictMark) else { return [conflict] }
            return Int(conflict.dropFirst(CSVMapper.lateConflictMark.count)).flatMap { lateConflicts[$0] } ?? []
        }
        ImportWriter.resolve(&batch.dataset, slugs: try references.slugs(for: batch.dataset, in: reconciler))
        let handed = try reconciler.handOver()
        try references.spill()
        batch.dataset.sources = handed.new
        let newSlugs = Set(zip(handed.new, handed.newToKB).lazy.filter(\.1).map(\.0.slug))
        return MatchedBatch(batch: batch, changed: handed.changed, newSlugs: newSlugs, keys: reconciler.takeKeys(),
                            sourceCount: sourceCount, bytes: bytes)
    }

    /// The conflicts, merges and stored works matched over all batches, and the seconds spent.
    var summary: MatchSummary {
        MatchSummary(conflicts: reconciler?.conflicts ?? [], merges: reconciler?.merges ?? [], matchedExisting: reconciler?.matchedExisting ?? 0,
                     seconds: seconds)
    }
}
