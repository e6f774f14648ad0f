import Foundation
import KBDomain
import KBQuery
import KBStore

/// Mapping a CSV in batches, for a streamed import (``StreamingImport``).
///
/// The rows are mapped in order exactly as ``run(twin:halvesFrom:)`` maps them on one thread;
/// every `batchBytes` of the file, what the rows built so far is handed over and the batch starts
/// empty again. What later rows are checked against carries over, and is compact (keys, not
/// records): the fingerprints of sources and studies (``fingerprint(_:_:)``), which also tell
/// which sources and studies earlier batches brought, the digests of earlier batches' claim ids
/// with their lines (``ClaimDigests``), the taxonomy nodes made, and the join keys warned about.
/// A later row of such a source that says something new comes out as a late row
/// (``IncomingSource/isLateRow``) with a mark where its conflicts go (``lateConflictMark``); a
/// study's, as a late study to fill the stored one's blanks from.
extension CSVMapper {
    /// Bytes of CSV per batch: about 8,700 rows of the benchmark's 480-byte rows. The batches in
    /// flight are most of what a streamed import holds besides its matching state: at a million
    /// claims, 8 MB batches peaked 0.3 GB below 24 MB ones and 4 MB another 27 MB, at the same
    /// speed (BENCHMARKS.md, "Streaming import"). `KB_IMPORT_BATCH_MB` overrides it, for measuring.
    static let streamBatchBytes = ImportTuning.count("KB_IMPORT_BATCH_MB").map { $0 << 20 } ?? 4 << 20

    /// Stands in a batch's conflicts, followed by the position of a late row in its sources, for
    /// the conflicts merging that row gives.
    static let lateConflictMark = "\u{0}late-row:"

    /// Maps the file, handing `each` one batch (and the bytes it was read from) per `batchBytes` of rows (at least one batch, the
    /// first holding the mapping's taxonomy); an error stops it at the row it is about.
    func stream(batchBytes: Int, _ each: (consuming ImportBatch, _ bytes: Int) throws -> Void) throws {
        var parser = CSVParser(text: main, delimiter: mapping.delimiter)
        let table = try Self.header(&parser, main)
        let joins = try loadJoins()
        try checkColumns(table: table, joins: joins)
        var state = RowState(batch: ImportBatch(file: main.name, format: .csv), entities: initialEntities)
        state.batch.dataset = mapping.taxonomy
        state.streams = true
        state.seen = SeenFingerprints(spillFrom: spillFrom)
        state.earlierClaims = ClaimDigests(spillFrom: spillFrom)
        var start = 0
        while let record = try parser.next() {
            var row = RowOutput()
            try process(record, table: table, joins: joins, state: &state, row: &row)
            if parser.cursor.position - start >= max(1, batchBytes), parser.cursor.position < main.bytes.count {
                try each(try Self.handOver(&state), parser.cursor.position - start)
                start = parser.cursor.position
            }
        }
        try each(try Self.handOver(&state), main.bytes.count - start)
    }

    /// ``stream(batchBytes:_:)`` over a file read in windows (``CSVFileWindows``): the same
    /// batches, at the same byte offsets, with each row mapped (and its diagnostics placed) by a
    /// mapper over the window it was read from.
    func stream(batchBytes: Int, windows: CSVFileWindows, _ each: (consuming ImportBatch, _ bytes: Int) throws -> Void) throws {
        var records = try WindowedRecords(windows: windows, delimiter: mapping.delimiter)
        guard let header = try records.next() else {
            throw records.text.diagnostic("csv.empty", "the CSV file has no header row", at: 0)
        }
        let table = Self.table(header: header)
        let joins = try loadJoins()
        try checkColumns(table: table, joins: joins)
        var state = RowState(batch: ImportBatch(file: main.name, format: .csv), entities: initialEntities)
        state.batch.dataset = mapping.taxonomy
        state.streams = true
        state.seen = SeenFingerprints(spillFrom: spillFrom)
        state.earlierClaims = ClaimDigests(spillFrom: spillFrom)
        var start = 0
        var window = records.window
        var mapper = reading(records.text)
        while let record = try records.next() {
            if records.window != window {
                window = records.window
                mapper = reading(records.text)
            }
            var row = RowOutput()
            try mapper.process(record, table: table, joins: joins, state: &state, row: &row)
            let position = records.position
            if position - start >= max(1, batchBytes), position < windows.size {
                try each(try Self.handOver(&state), position - start)
                start = position
            }
        }
        try each(try Self.handOver(&state), windows.size - start)
    }

    /// This mapper over another text of the same file (a window of it).
    func reading(_ text: SourceText) -> CSVMapper {
        CSVMapper(mapping: mapping, main: text, directory: directory, known: known, skipInvalid: skipInvalid, spillFrom: spillFrom)
    }

    /// The records of a file read in windows: each window begins where the last record read
    /// from the one before ended; a record longer than a window is read from a larger one.
    struct WindowedRecords {
        let windows: CSVFileWindows
        let delimiter: UInt8
        /// The window the last record was read from, and how many windows came before it.
        private(set) var text: SourceText
        private(set) var window = 0
        private var parser: CSVParser
        private var isFinal: Bool
        /// Where `text` starts in the file's text.
        private var base = 0

        init(windows: CSVFileWindows, delimiter: UInt8) throws {
            self.windows = windows
            self.delimiter = delimiter
            let first = try windows.window(at: 0, line: 1)
            text = first.text
            isFinal = first.isFinal
            parser = CSVParser(text: first.text, delimiter: delimiter)
            parser.isFinal = isFinal
        }

        /// The file's text offset after the last record read.
        var position: Int { base + parser.cursor.position }

        mutating func next() throws -> CSVParser.Record? {
            while true {
                if let record = try parser.next() { return record }
                if isFinal { return nil }
                let cursor = parser.cursor
                let longer = cursor.position == 0 ? text.bytes.count * 2 : 0
                base += cursor.position
                (text, isFinal) = try windows.window(at: base, line: cursor.line, atLeast: longer)
                window += 1
                parser = CSVParser(text: text, delimiter: delimiter, at: CSVParser.Cursor(position: 0, line: cursor.line))
                parser.isFinal = isFinal
            }
        }
    }

    /// The batch built so far; `state` keeps what later rows are checked against.
    static func handOver(_ state: inout RowState) throws -> ImportBatch {
        let batch = state.batch
        state.batch = ImportBatch(file: batch.file, format: batch.format)
        state.batch.isContinuation = true
        state.sourceReferences = [:]
        state.studySlugs = [:]
        try state.earlierClaims.add(state.claimLines)
        try state.seen.spill()
        state.claimLines.removeAll(keepingCapacity: true)
        return batch
    }
}
