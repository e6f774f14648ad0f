import Foundation
import GRDB
import KBDomain
import KBQuery
import KBStore

extension Importer {
    /// An import of CSV files in batches (``StreamingImport`` has the design): the mappings are
    /// read first (they look up the KB), then one thread maps while this one writes, all in one
    /// transaction.
    func runStreaming(_ inputs: consuming [ImportInput], names: [String], batchBytes: Int, options: ImportOptions,
                      progress: (@Sendable (ImportProgress) -> Void)?) throws -> ImportReport {
        let started = Date()
        // Kept for a whole import, should a row need one (their bytes are the mappers' texts: no
        // copy; a file streamed from its path is read again), until the last batch is matched.
        let originals = Box<[ImportInput]?>(copy inputs)
        var mappers: [(mapper: CSVMapper, windows: CSVFileWindows?)?] = []
        var totalBytes = 0
        for index in inputs.indices {
            progress?(ImportProgress(phase: "reading \(inputs[index].name)", done: index, total: inputs.count))
            let input = inputs[index]
            inputs[index].bytes = []
            if let path = input.path, input.bytes.isEmpty {
                let mapped = try csvFileMapper(input, path: path, options: options)
                totalBytes += mapped.windows?.size ?? mapped.mapper.main.bytes.count
                mappers.append(mapped)
                continue
            }
            try Self.checkNotEmpty(input)
            totalBytes += input.bytes.count
            mappers.append((try csvMapper(input, options: options, twin: false).0, nil))
        }
        _ = consume inputs
        let readEnded = Date()
        let queue = BatchQueue()
        // Each mapper (with its file's text) is let go once its file is mapped.
        let pending = Box(mappers)
        mappers = []
        let mapping = queue.fill { queue in
            for index in pending.value.indices {
                guard let (found, windows) = pending.value[index] else { continue }
                var mapper = found
                mapper.spillFrom = options.spillFrom
                pending.value[index] = nil
                let put: (consuming ImportBatch, Int) throws -> Void = { batch, bytes in try queue.put(batch, bytes: bytes) }
                if let windows {
                    try mapper.stream(batchBytes: batchBytes, windows: windows, put)
                } else {
                    try mapper.stream(batchBytes: batchBytes, put)
                }
            }
        }
        defer { mapping.stop() }
        var result: ImportReport?
        var rollbackJournal = false
        do {
            rollbackJournal = try FreshImportJournal.around(knowledgeBase.writer, dryRun: options.dryRun) {
                try write(queue, totalBytes: totalBytes, names: names, options: options, progress: progress,
                          matched: { originals.value = nil }, result: { result = $0 })
            }.switched
        } catch let restart as StreamingImport.NeedsWholeImport {
            // The mapping thread stops at its next batch (and is waited for on the way out).
            queue.cancel()
            var whole = options
            whole.streamBatchBytes = nil
            var report = try run(originals.value ?? [], options: whole, progress: progress)
            report.streaming = "restarted whole: \(restart.reason)"
            return report
        }
        var report = result ?? ImportReport()
        report.rollbackJournal = rollbackJournal
        report.streaming = "\(report.streamedBatches) batch\(report.streamedBatches == 1 ? "" : "es") of \(batchBytes >> 20 > 0 ? "\(batchBytes >> 20) MB" : "\(batchBytes) bytes")"
        report.addReadAndCommit(started: started, readEnded: readEnded)
        return report
    }

    /// The mapper of a CSV read from its file: in windows (``CSVFileWindows``) when its encoding
    /// is UTF-8, else read whole (a legacy 8-bit encoding is decoded whole, as before).
    func csvFileMapper(_ input: ImportInput, path: String, options: ImportOptions) throws -> (mapper: CSVMapper, windows: CSVFileWindows?) {
        let windows = try CSVFileWindows(path: path, name: input.name, windowBytes: options.fileWindowBytes)
        if try windows.isBlank() { try Self.checkNotEmpty(ImportInput(name: input.name, bytes: [])) }
        guard let mappingFile = options.mapping else { return (try csvMapper(input, options: options, twin: false).0, nil) }
        let known = try knownNames()
        let mapping = try CSVMapping(name: mappingFile.name, text: mappingFile.text, known: known)
        guard (options.encoding ?? mapping.encoding) == .utf8 else {
            return (try csvMapper(try input.loaded(), options: options, twin: false).0, nil)
        }
        let directory = options.baseDirectory ?? URL(fileURLWithPath: input.name).deletingLastPathComponent()
        let mapper = CSVMapper(mapping: mapping, main: SourceText(name: input.name, bytes: []), directory: directory, known: known,
                               skipInvalid: options.skipInvalid)
        return (mapper, windows)
    }

    /// Matches and writes the batches `queue` brings, in one transaction.
    func write(_ queue: BatchQueue, totalBytes: Int, names: [String], options: ImportOptions,
                       progress: (@Sendable (ImportProgress) -> Void)?, matched: () -> Void, result: (ImportReport) -> Void) throws {
        let dryRun = options.dryRun
        try knowledgeBase.writer.writeWithoutTransaction { db in
            try BulkWriteSettings.apply(in: db) {
                try db.inTransaction {
                    let watermark = try ChangeRecorder.Watermark.read(in: db)
                    var stream = StreamingImport(db: db, progress: progress, keepBefore: !dryRun, totalBytes: totalBytes)
                    stream.spillFrom = options.spillFrom
                    stream.keyFiles = options.keyFiles
                    var report: ImportReport
                    do {
                        var cleared: [String] = []
                        while let item = try queue.take() {
                            // The batch before this one is freed by now.
                            HeapTrim.afterBatch()
                            var batch = item.batch
                            cleared += try StudyRestatement.keepUnmapped(&batch, in: db)
                            try stream.add(batch, bytes: item.bytes)
                        }
                        matched()
                        report = try stream.finish()
                        report.cleared = cleared
                    } catch {
                        queue.cancel()
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
