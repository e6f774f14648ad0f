import Foundation
import GRDB

/// Writes read batches inside one transaction: reconciles sources, points studies and claims at
/// their final sources, writes everything, and remembers the files' citation keys.
struct ImportWriter {
    let db: Database
    let progress: (@Sendable (ImportProgress) -> Void)?

    func write(_ batches: [ImportBatch]) throws -> ImportReport {
        var report = ImportReport()
        let started = Date()
        var reconciler = try SourceReconciler(db: db, incoming: batches.reduce(0) { $0 + $1.sources.count })
        var dataset = Dataset()
        let total = batches.reduce(0) { $0 + $1.sources.count }
        var done = 0
        for batch in batches {
            var slugs: [String: String] = [:]
            for incoming in batch.sources {
                slugs[incoming.reference] = try reconciler.add(incoming, file: batch.file)
                done += 1
                if done % 1000 == 0 { progress?(ImportProgress(phase: "matching sources", done: done, total: total)) }
            }
            var part = batch.dataset
            for index in part.studies.indices {
                part.studies[index].sourceSlug = slugs[part.studies[index].sourceSlug] ?? part.studies[index].sourceSlug
            }
            for index in part.claims.indices {
                if let reference = part.claims[index].sourceSlug {
                    part.claims[index].sourceSlug = slugs[reference] ?? reference
                }
                for link in part.claims[index].replications.indices {
                    let reference = part.claims[index].replications[link].sourceSlug
                    part.claims[index].replications[link].sourceSlug = slugs[reference] ?? reference
                }
            }
            dataset.append(contentsOf: part)
            report.files.append(.init(name: batch.file, format: batch.format, records: batch.recordsRead, sources: batch.sources.count,
                                      studies: batch.dataset.studies.count, claims: batch.dataset.claims.count, skipped: batch.skipped.count))
            report.warnings += batch.warnings
            report.skipped += batch.skipped
        }
        dataset.sources = reconciler.sources
        report.timings.append(("match", Date().timeIntervalSince(started)))
        let writing = Date()
        progress?(ImportProgress(phase: "writing", done: 0, total: dataset.sources.count + dataset.claims.count))
        var graph = GraphWriter(db: db)
        graph.newSources = reconciler.newSlugs
        report.summary = try graph.write(dataset)
        report.summary.skipped = report.skipped.count
        report.byKind = graph.byKind
        for key in reconciler.keys {
            try db.cachedExecute("INSERT OR IGNORE INTO sourceKey (file, key, sourceId) SELECT ?, ?, id FROM source WHERE slug = ?", [key.file, key.key, key.slug])
        }
        report.timings.append(("write", Date().timeIntervalSince(writing)))
        report.conflicts = reconciler.conflicts
        report.merges = reconciler.merges
        report.matchedExisting = reconciler.matchedExisting
        return report
    }
}
