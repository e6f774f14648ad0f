import Foundation
import KBDomain
import KBQuery
import KBStore

/// Mapping a CSV in batches, for a streamed import (``StreamingImport``).
///
/// The rows are mapped in order exactly as ``run(twin:halvesFrom:)`` maps them on one thread;
/// every `batchBytes` of the file, what the rows built so far is handed over and the batch starts
/// empty again. What later rows are checked against carries over, and is compact (keys, not
/// records): the fingerprints of sources and studies (``fingerprint(_:_:)``), the claim ids with
/// their lines, the taxonomy nodes made, the join keys warned about, and which source references
/// and study slugs earlier batches brought. A later row of such a source that says something new
/// comes out as a late row (``IncomingSource/isLateRow``) with a mark where its conflicts go
/// (``lateConflictMark``); a study's, as a late study to fill the stored one's blanks from.
extension CSVMapper {
    /// Bytes of CSV per batch: about 50,000 rows of the benchmark's 480-byte rows.
    static let streamBatchBytes = 24 << 20

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
        var start = 0
        while let record = try parser.next() {
            var row = RowOutput()
            try process(record, table: table, joins: joins, state: &state, row: &row)
            if parser.cursor.position - start >= max(1, batchBytes), parser.cursor.position < main.bytes.count {
                try each(Self.handOver(&state), parser.cursor.position - start)
                start = parser.cursor.position
            }
        }
        try each(Self.handOver(&state), main.bytes.count - start)
    }

    /// The batch built so far; `state` keeps what later rows are checked against.
    static func handOver(_ state: inout RowState) -> ImportBatch {
        let batch = state.batch
        state.batch = ImportBatch(file: batch.file, format: batch.format)
        state.batch.isContinuation = true
        state.earlierSources.formUnion(state.sourceReferences.keys)
        state.sourceReferences = [:]
        state.earlierStudies.formUnion(state.studySlugs.keys)
        state.studySlugs = [:]
        return batch
    }
}
