import Foundation
import GRDB
import KBDomain
import KBQuery
import KBStore

/// Writes read batches inside one transaction: reconciles sources, points studies and claims at
/// their final sources, writes everything, and remembers the files' citation keys.
struct ImportWriter {
    let db: Database
    let progress: (@Sendable (ImportProgress) -> Void)?
    /// Keep the stored state of the records the import will write (``ImportReport/before``),
    /// for the change log; a dry run has no use for it.
    var keepBefore = false
    /// What each file's citation keys are remembered under.
    var keyFiles = CitationKeyFiles()

    /// Matches and writes the batches `next` gives (nil: no more), `total` sources in all (how
    /// the KB is looked up: ``ExistingSourcesFactory``). The batches of one file may come in
    /// parts (``ImportBatch/isContinuation``): the reader converts the next part while this one
    /// is matched. `retired` receives the records once the write is done with them, for the
    /// caller to let go of while the transaction commits (plain values: nothing in them touches
    /// the connection).
    func write(total: Int, retired: Retired = Retired(), next: () throws -> ImportBatch?) throws -> ImportReport {
        var report = ImportReport()
        let started = Date()
        var reconciler = try SourceReconciler(db: db, incoming: total)
        reconciler.keyFiles = keyFiles
        var dataset = Dataset()
        var done = 0
        var first = true
        while var batch = try next() {
            report.cleared += try StudyRestatement.keepUnmapped(&batch, in: db)
            var slugs: [String: String] = [:]
            for incoming in batch.sources {
                slugs[incoming.reference] = try reconciler.add(incoming, file: batch.file)
                done += 1
                if done % 1000 == 0 { progress?(ImportProgress(phase: "matching sources", done: done, total: total)) }
            }
            let file = ImportReport.FileReport(name: batch.file, format: batch.format, records: batch.recordsRead, sources: batch.sources.count,
                                               studies: batch.dataset.studies.count, claims: batch.dataset.claims.count, skipped: batch.skipped.count)
            if batch.isContinuation, let last = report.files.indices.last, report.files[last].name == batch.file {
                report.files[last].add(file)
            } else {
                report.files.append(file)
            }
            report.warnings += batch.warnings
            report.conflicts += batch.conflicts
            report.skipped += batch.skipped
            var part = batch.dataset
            batch.dataset = Dataset()
            batch.sources = []
            Self.resolve(&part, slugs: slugs)
            if first { dataset = part } else { dataset.append(contentsOf: part) }
            first = false
        }
        dataset.sources = try reconciler.sources()
        report.timings.append(("match", Date().timeIntervalSince(started)))
        let writing = Date()
        progress?(ImportProgress(phase: "writing", done: 0, total: dataset.sources.count + dataset.claims.count))
        var graph = GraphWriter(db: db)
        let newSlugs = try reconciler.newSlugs()
        graph.newSources = newSlugs
        if keepBefore { report.before = try ChangeRecorder.existing(in: dataset, newSources: newSlugs, db: db) }
        report.summary = try graph.write(dataset)
        report.summary.skipped = report.skipped.count
        report.byKind = graph.byKind
        report.indexesSortedOnDisk = graph.indexesSortedOnDisk
        report.changes = graph.changes
        // A replication link stays an independent attempt (as kb edit keeps it): an import that
        // moves a linked claim's source or study so that it no longer is is refused (exit 3), and
        // the caller's transaction writes nothing. The streamed path runs the same check.
        try ReplicationIndependence.checkImported(movedClaims: graph.movedClaims, in: db)
        if keepBefore {
            // Only the records the write changed need their before-state in the log.
            let changed = Set(graph.changes.map { String($0.prefix { $0 != ":" }) })
            report.before.removeAll { !changed.contains("\($0.kind.rawValue) \($0.slug)") }
        }
        // Each file's citation keys, remembered for the next import of the same file.
        let statements = StatementSet(db: db)
        defer { statements.finalizeAll() }
        for chunk in reconciler.keys.chunked(into: 32) {
            let insert = try statements.multiRowInsert("INSERT OR IGNORE", into: "sourceKey", columns: ["file", "key", "sourceId"], rows: chunk.count)
            for key in chunk { insert.bind(key.file).bind(key.key).bind(try graph.sourceID(key.slug)) }
            try insert.run()
        }
        report.writeSteps = graph.steps.map { ($0.step, $0.seconds) }
        report.writeSteps.append(("citation keys", Date().timeIntervalSince(writing) - report.writeSteps.reduce(0) { $0 + $1.seconds }))
        report.timings.append(("write", Date().timeIntervalSince(writing)))
        report.conflicts += reconciler.conflicts
        report.merges = reconciler.merges
        report.matchedExisting = reconciler.matchedExisting
        retired.values.append(dataset)
        return report
    }
}

extension ImportWriter {
    /// Points a batch's studies and claims (`sourceSlug` holding the batch's references) at
    /// their sources' final slugs, and decodes HTML character references in claims' text.
    static func resolve(_ part: inout Dataset, slugs: [String: String]) {
        for index in part.studies.indices {
            part.studies[index].sourceSlug = slugs[part.studies[index].sourceSlug] ?? part.studies[index].sourceSlug
        }
        for index in part.claims.indices {
            // HTML character references in a dataset's text, as in its sources' (``HTMLEntities``).
            part.claims[index].statement = HTMLEntities.decode(part.claims[index].statement)
            part.claims[index].quote = HTMLEntities.decode(part.claims[index].quote)
            part.claims[index].note = HTMLEntities.decode(part.claims[index].note)
            if let reference = part.claims[index].sourceSlug {
                part.claims[index].sourceSlug = slugs[reference] ?? reference
            }
            for link in part.claims[index].replications.indices {
                let reference = part.claims[index].replications[link].sourceSlug
                part.claims[index].replications[link].sourceSlug = slugs[reference] ?? reference
            }
        }
    }
}

/// Large values a write is done with. Letting go of a million records takes seconds; the
/// importer does it on another thread while SQLite commits.
final class Retired: @unchecked Sendable {
    var values: [Any] = []
}
