import Foundation
import GRDB
import KBDomain
import KBStore

extension Importer {
    /// Writes BibTeX files as their parts come, each part converted and matched on other threads
    /// while this one writes the parts before (issue 18: converting and matching 10,000 entries
    /// took 0.10 s before a write of 0.19 s could begin).
    ///
    /// Matching reads what the KB held before the import — as a whole import matches, before it
    /// writes anything — through a read connection of its own (``KnowledgeBase/secondReader()``):
    /// in WAL mode that connection sees the last commit, never this transaction's rows. A work
    /// met again in a later part is merged into the record already written, which is written
    /// again (``StreamingImport``); so the rows, the report and the change log are those of a
    /// whole import. Through a
    /// rollback journal (a fresh KB's: ``FreshImportJournal``) a reader would wait for the
    /// writer, which waits for it: there the parts are matched on this thread, between writes.
    func writeMatchingAhead(_ read: Box<[ReadInput]>, total: Int, names: [String], options: ImportOptions,
                            progress: (@Sendable (ImportProgress) -> Void)?, result: (ImportReport) -> Void) throws {
        let dryRun = options.dryRun
        try knowledgeBase.writer.writeWithoutTransaction { db in
            let inWAL = try String.fetchOne(db, sql: "PRAGMA journal_mode")?.lowercased() == "wal"
            // The matching thread's own read connection (only in WAL mode, which a KB in memory
            // is never in: there, and through a rollback journal, the parts are matched on this thread).
            let matchReader = inWAL ? try knowledgeBase.secondReader() : nil
            try BulkWriteSettings.apply(in: db) {
                try db.inTransaction {
                    let watermark = try ChangeRecorder.Watermark.read(in: db)
                    var stream = StreamingImport(db: db, progress: progress, keepBefore: !dryRun, totalBytes: total)
                    stream.expectedSources = total
                    // The records handed over by an import of as many records as a run holds before
                    // it goes to disk (65,536) are let go of, kept aside on disk (``RecordArchive``):
                    // matching beside the write cannot read them back from the KB. A smaller
                    // import keeps them (letting go cost 10,000 BibTeX entries 0.42 → 0.58 s).
                    let archives = !StreamingImport.keepsRecords && total >= options.spillFrom
                    stream.releasesRecords = false
                    stream.archivesRecords = archives
                    stream.matchingFailsAtBatch = options.matchingFailsAtBatch
                    stream.spillFrom = options.spillFrom
                    stream.keyFiles = options.keyFiles
                    var report: ImportReport
                    let writing = Date()
                    do {
                        if let matchReader {
                            let matched = HandOffQueue<MatchedBatch>(capacity: 4)
                            let summary = Box<MatchSummary?>(nil)
                            // One thread converts each part and matches it (two beside the write
                            // would share two cores three ways); each input moves out of `read`.
                            let matching = matched.fill { matched in
                                try matchReader.read { reader in
                                    var matcher = BatchMatcher(db: reader, totalBytes: total, releasesRecords: false)
                                    matcher.archivesRecords = archives
                                    matcher.expectedSources = total
                                    matcher.failsAtBatch = options.matchingFailsAtBatch
                                    matcher.spillFrom = options.spillFrom
                                    matcher.keyFiles = options.keyFiles
                                    try ReadInput.forEachPart(takenFrom: read) { part, entries in try matched.put(try matcher.match(part, bytes: entries)) }
                                    summary.value = matcher.summary
                                }
                            }
                            defer { matching.stop() }
                            while let batch = try matched.take() { try stream.write(batch) }
                            report = try stream.finish(matched: summary.value)
                            // One phase: the parts were converted and matched while the ones before were written.
                            report.timings = [("convert, match and write", Date().timeIntervalSince(writing))]
                        } else {
                            let parts = Self.convert(read)
                            defer { parts.stop() }
                            while let item = try parts.queue.take() { try stream.add(item.batch, bytes: item.bytes) }
                            report = try stream.finish()
                            // Matching a part waited for its conversion: the two are one phase, all
                            // of the loop but the write.
                            let write = report.timings.first { $0.phase == "write" }?.seconds ?? 0
                            report.timings = [("convert and match", Date().timeIntervalSince(writing) - write), ("write", write)]
                        }
                    } catch {
                        stream.close()
                        throw error
                    }
                    let completion = try conclude(&report, names: names, options: options, watermark: watermark, in: db)
                    result(report)
                    return completion
                }
            }
        }
    }
}
