import Foundation
import GRDB
import KBDomain
import KBQuery
import KBStore

/// A CSV import in batches, so that a file of ten million claims is never held as records all
/// at once (issue 18).
///
/// Design. One thread maps, the other writes, with at most two batches in flight:
/// - **Read and map** (its own thread): each CSV is mapped in order (``CSVMapper/stream(batchBytes:_:)``);
///   every ``CSVMapper/streamBatchBytes`` of rows (about 8,700 rows) the batch made so far is
///   handed over through a queue holding at most one more batch (``BatchQueue``), and the mapper
///   goes on with the next while the first is written. What later rows are checked against is
///   kept compactly across batches: fingerprints, claim ids with their lines, taxonomy nodes,
///   the references already brought.
/// - **Match** (the writing thread): each batch's sources go through the one ``SourceReconciler``
///   of the import, so that a work recurring across batches (or files) matches exactly as it
///   does when the file is matched whole; a later row of a group an earlier batch brought is
///   merged into that source (``SourceReconciler/mergeLate(_:into:file:)``) with the mapper's
///   conflict wording, in the mapper's place among the conflicts.
/// - **Write**: each batch is written (``GraphWriter/writePart(_:)``) inside the import's one
///   transaction: the new sources first (in the order a whole write gives them, so ids are the
///   same), then the sources handed over earlier that a later record changed (written again,
///   counted once: ``GraphWriter/rewrite(_:storedBefore:)``), studies (a late row's blanks
///   filled into the stored study), claims. Full-text entries, strength of stored claims and
///   the deferred indexes are done once at the end (``GraphWriter/finish()``), as for a whole
///   write. The file's citation keys go in per batch.
/// - **All or nothing**: any error — a row, a write, the other thread's — rolls the whole
///   transaction back; `--dry-run` rolls back after the last batch; `--skip-invalid` and the
///   report's counts are those of a whole import (a file's counts are summed over its batches).
///
/// - **Exactness**: a later row of a work that says something new is merged into the work as
///   the mapper merges it when the work is its group's own. When the group's work is one the
///   KB held (a re-import), the reconciler kept the stored work and the group's record apart
///   (``SourceReconciler/keepsGroups``): the row is merged into the group's record, and that
///   into the stored work, as a whole import does, its conflicts said again in their place.
///   When the group's work was merged with another group's, or the row adds to what identifies
///   it (a DOI or year the first rows lacked), the batches before could not have matched it as
///   a whole import does: the transaction is rolled back and the import is done again whole
///   (a whole import's memory for such a file, never a different result; `kb import --verbose`
///   says so, naming the row: ``ImportReport/streaming``).
/// - **Cost**: a whole import's. The first file's studies and claims, into tables empty before
///   the import, are not looked up batch after batch (``GraphWriter/knownAbsent``), as a whole
///   import into empty tables looks none up.
///
/// Kept across batches, in memory that does not grow with the file (issue 18): what identifies
/// each work and the batches' keys — the reconciler's works (a stub and identity keys each:
/// ``WorkSlots``, ``WorkLedger``) and indexes (``SpilledPositions``), the mapper's fingerprints
/// (``SeenFingerprints``) and claim ids (``ClaimDigests``), the file's references
/// (``SourceReferences``) — go to unlinked temporary files once their batch is handed over
/// (``DigestRuns``: sorted runs, found with one read through a sparse index and a Bloom filter,
/// about 1.3 bytes of memory per key). A record once written is let go of and read back from the
/// KB when a later record matches it (``SourceReconciler/releasesRecords``; in a re-import the
/// stored work and the group's record of each work matched are kept). The writer's id maps and
/// the evidence its new claims inherit are let go of at each batch (looked up by slug again); the
/// claims, studies and their text — the bulk — are let go once their batch is written.
struct StreamingImport {
    /// A later row of a work that the batches before it could not have told: the import is
    /// done again whole (see ``SourceReconciler/mergeLate(_:into:file:)``).
    struct NeedsWholeImport: Error {
        /// Which row, and why (`kb import --verbose` shows it).
        var reason: String
    }

    let db: Database
    let progress: (@Sendable (ImportProgress) -> Void)?
    var keepBefore = false
    /// Bytes of all inputs, to guess from the first batch how many new rows the import brings.
    var totalBytes = 0
    /// The sources the import brings, when known (a BibTeX file's entries): the deferred indexes
    /// and the progress go by it, not by the first batch's share of the bytes.
    var expectedSources: Int?
    /// Whether matching here lets go of records once written (``BatchMatcher/releasesRecords``).
    var releasesRecords = !StreamingImport.keepsRecords
    /// Whether it lets go of them keeping them aside on disk instead (``BatchMatcher/archivesRecords``).
    var archivesRecords = false
    /// Test seam (``BatchMatcher/failsAtBatch``).
    var matchingFailsAtBatch: Int?
    /// Test seam (``BatchMatcher/spillFrom``).
    var spillFrom = DigestRuns.defaultSpillFrom
    /// What each file's citation keys are remembered under (``BatchMatcher/keyFiles``).
    var keyFiles = CitationKeyFiles()

    private var report = ImportReport()
    /// Matching on the writing connection (``add(_:bytes:)``); a batch matched ahead on another
    /// thread comes to ``write(_:)`` instead.
    private var matcher: BatchMatcher?
    private var graph: GraphWriter
    private var currentFile = ""
    private var writeSeconds = 0.0
    /// The stored sources the batches brought, in the order first written (a whole write notes
    /// their changes in that order: ``finish(matched:)``).
    private var storedSourceOrder: [String: Int] = [:]

    init(db: Database, progress: (@Sendable (ImportProgress) -> Void)?, keepBefore: Bool, totalBytes: Int) {
        self.db = db
        self.progress = progress
        self.keepBefore = keepBefore
        self.totalBytes = totalBytes
        self.graph = GraphWriter(db: db)
        graph.forgetsBetweenParts = !Self.keepsIDs
    }

    /// Matches and writes one batch.
    mutating func add(_ batch: consuming ImportBatch, bytes: Int) throws {
        if matcher == nil {
            matcher = BatchMatcher(db: db, totalBytes: totalBytes, releasesRecords: releasesRecords)
            matcher?.expectedSources = expectedSources
            matcher?.archivesRecords = archivesRecords
            matcher?.failsAtBatch = matchingFailsAtBatch
            matcher?.spillFrom = spillFrom
            matcher?.keyFiles = keyFiles
        }
        guard var matcher = matcher.take() else { return }
        defer { self.matcher = matcher }
        try write(try matcher.match(batch, bytes: bytes))
    }

    /// Writes one matched batch.
    mutating func write(_ matched: consuming MatchedBatch) throws {
        var batch = matched.batch
        report.streamedBatches += 1
        if !batch.isContinuation || batch.file != currentFile {
            if !currentFile.isEmpty { graph.knownAbsent = [] }
            currentFile = batch.file
        }
        let file = ImportReport.FileReport(name: batch.file, format: batch.format, records: batch.recordsRead, sources: matched.sourceCount,
                                           studies: batch.dataset.studies.count, claims: batch.dataset.claims.count, skipped: batch.skipped.count)
        if batch.isContinuation, let last = report.files.indices.last, report.files[last].name == batch.file {
            report.files[last].add(file)
        } else {
            report.files.append(file)
        }
        report.warnings += batch.warnings
        report.skipped += batch.skipped
        report.conflicts += batch.conflicts
        let part = batch.dataset
        batch.dataset = Dataset()
        for source in part.sources where !matched.newSlugs.contains(source.slug) && storedSourceOrder[source.slug] == nil {
            storedSourceOrder[source.slug] = storedSourceOrder.count
        }
        let writing = Date()
        graph.newSources = matched.newSlugs
        if !graphStarted {
            // Into tables empty before the import, the first file's studies and claims are all new
            // (its mapper refuses a claim id twice, and hands a study's later rows over apart).
            for table in ["study", "claim"] {
                if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table))") != true { graph.knownAbsent.insert(table) }
            }
            // The first batch tells how large the import is (by the share of the bytes it was read
            // from): the indexes the write would rebuild anyway are dropped until the end.
            try graph.begin(expectedNewRows: try expectedNewRows(part, bytes: matched.bytes))
            graphStarted = true
        }
        if keepBefore {
            graph.notedKeys = []
            // Studies and claims known new have no before-state to look up.
            var stored = part
            if graph.knownAbsent.contains("study") { stored.studies = [] }
            if graph.knownAbsent.contains("claim") { stored.claims = [] }
            let before = try ChangeRecorder.existing(in: stored, newSources: matched.newSlugs, db: db)
            try write(part, handed: matched.changed, late: batch.lateStudies)
            // Only the records the write changed need their before-state in the log.
            let changed = graph.notedKeys ?? []
            graph.notedKeys = nil
            report.before += before.filter { changed.contains("\($0.kind.rawValue) \($0.slug)") || $0.kind == .source }
        } else {
            try write(part, handed: matched.changed, late: batch.lateStudies)
        }
        // Each file's citation keys, remembered for the next import of the same file.
        let statements = StatementSet(db: db)
        defer { statements.finalizeAll() }
        for chunk in matched.keys.chunked(into: 32) {
            let insert = try statements.multiRowInsert("INSERT OR IGNORE", into: "sourceKey", columns: ["file", "key", "sourceId"], rows: chunk.count)
            for key in chunk { insert.bind(key.file).bind(key.key).bind(try graph.sourceID(key.slug)) }
            try insert.run()
        }
        writeSeconds += Date().timeIntervalSince(writing)
        progress?(ImportProgress(phase: "writing", done: report.files.reduce(0) { $0 + $1.records }, total: expectedSources ?? 0))
    }

    /// The new rows the import brings by table, guessed from the first batch: by its share of
    /// the bytes, or of the sources when their number is known (a first part without sources —
    /// a BibTeX file of `@string`s first — then counts every source, and a contributor each).
    private func expectedNewRows(_ part: Dataset, bytes: Int) throws -> [String: Int] {
        let rows = try graph.newRows(in: part)
        guard let expected = expectedSources else { return rows.mapValues { $0 * Self.scale(totalBytes, bytes) } }
        guard !part.sources.isEmpty else { return ["source": expected, "contributor": expected] }
        let scale = Self.scale(expected, part.sources.count)
        return rows.mapValues { $0 * scale }
    }

    private var graphStarted = false

    /// `KB_IMPORT_KEEP_RECORDS=1` keeps every work's record across batches, and
    /// `KB_IMPORT_KEEP_IDS=1` the writer's ids and evidence, as before the fourth round: for
    /// measuring what letting go of each saves.
    static let keepsRecords = ImportTuning.flag("KB_IMPORT_KEEP_RECORDS") == true
    static let keepsIDs = ImportTuning.flag("KB_IMPORT_KEEP_IDS") == true

    /// How many batches like the first the import brings (rounded up: 47 MB in 24 MB batches is two).
    static func scale(_ totalBytes: Int, _ bytes: Int) -> Int {
        max(1, (totalBytes + max(1, bytes) - 1) / max(1, bytes))
    }

    private mutating func write(_ part: Dataset, handed: [(source: Source, storedBefore: Bool)], late: [Study]) throws {
        try graph.writePart(part)
        for (source, storedBefore) in handed { try graph.rewrite(source, storedBefore: storedBefore) }
        if !late.isEmpty {
            var ids: [String: Int64] = [:]
            for study in late { ids[study.slug] = try graph.studyID(study.slug) }
            let stored = try GraphReader(db: db).studies(ids: Array(Set(ids.values)))
            var filled: [String: Study] = [:]
            for study in late {
                guard let id = ids[study.slug], let known = filled[study.slug] ?? stored[id] else { continue }
                filled[study.slug] = CSVMapper.fill(known, with: study)
            }
            for study in late {
                guard var study = filled.removeValue(forKey: study.slug) else { continue }
                study.id = nil
                try graph.rewrite(study)
            }
        }
    }

    /// Ends the write: full-text index, strength, deferred indexes; the report. `matched`: what
    /// matching ahead said (nil: the batches were matched here, by ``add(_:bytes:)``).
    mutating func finish(matched: MatchSummary? = nil) throws -> ImportReport {
        defer { graph.close() }
        // What matching kept (its runs' filters, the works brought back whole) goes before the
        // full-text index and the deferred indexes are built: only its summary is left to say.
        let summary = matched ?? matcher?.summary ?? MatchSummary()
        matcher = nil
        let writing = Date()
        if !graphStarted { try graph.begin(expectedNewRows: [:]) }
        // As a whole write: a replication link stays an independent attempt (exit 3, the whole
        // import rolls back). The last part has noted every stored claim's change, so a refused
        // import stops before the full-text index, strength and deferred indexes are built.
        try ReplicationIndependence.checkImported(movedClaims: graph.movedClaims, in: db)
        report.summary = try graph.finish()
        report.summary.skipped = report.skipped.count
        report.byKind = graph.byKind
        report.indexesSortedOnDisk = graph.indexesSortedOnDisk
        // In the order a whole write notes them: taxonomy, then sources, studies, claims, notes, profiles.
        // Stored sources in the order the write first met them: a rewrite that changed one first
        // written unchanged notes it last otherwise.
        let rank = ["source": 1, "study": 2, "claim": 3, "note": 4, "profile": 5]
        func place(_ note: String) -> Int {
            guard note.hasPrefix("source "), let end = note.range(of: ": ", options: .backwards) else { return 0 }
            return storedSourceOrder[String(note[note.index(note.startIndex, offsetBy: 7)..<end.lowerBound])] ?? Int.max
        }
        report.changes = graph.changes.enumerated().map { (rank: rank[String($0.element.prefix { $0 != " " })] ?? 0, place: place($0.element), $0.offset, $0.element) }
            .sorted { left, right in (left.rank, left.place, left.2) < (right.rank, right.place, right.2) }.map(\.3)
        if keepBefore {
            let changed = Set(graph.changes.map { String($0.prefix { $0 != ":" }) })
            report.before.removeAll { !changed.contains("\($0.kind.rawValue) \($0.slug)") }
        }
        writeSeconds += Date().timeIntervalSince(writing)
        report.writeSteps = graph.steps.map { ($0.step, $0.seconds) }
        if matched == nil { report.timings.append(("match", summary.seconds)) }
        report.timings.append(("write", writeSeconds))
        report.conflicts += summary.conflicts
        report.merges = summary.merges
        report.matchedExisting = summary.matchedExisting
        return report
    }

    /// Lets go of prepared statements after a failure.
    func close() {
        graph.close()
    }
}
