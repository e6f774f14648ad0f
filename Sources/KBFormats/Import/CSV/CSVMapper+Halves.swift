import Foundation
import KBDomain
import KBQuery
import KBStore

/// Mapping a large CSV on two threads, with the result a single thread gives.
///
/// The rows are cut in two at a record boundary near the middle of the file. This thread maps
/// the first half as usual; a second thread, with its own copy of the mapping (no object is
/// shared, so that the threads do not contend for reference counts), maps the second half
/// ahead, each row against what the rows of the second half before it built. Then this thread
/// takes the second half's rows in order: a row whose mapping looked at nothing the first half
/// built (no source or study fingerprint, taxonomy node or claim id the first half made, nor any
/// a row processed again had) is exactly what mapping it in order gives, and is added as it is;
/// any other row — and every row the second thread could not map — is processed again, in order,
/// against the whole state, as a single thread would have.
extension CSVMapper {
    /// Files at least this large are mapped in two halves.
    static let halvesFrom = 8 << 20

    /// A row of the second half as the second thread mapped it.
    struct MappedRow {
        /// Where the record starts, to read it again.
        var cursor: CSVParser.Cursor
        var line: Int
        /// The row's output and what it looked up (as far as it got, when it was not mapped).
        var row: RowOutput
        /// Mapped and valid; otherwise the row is processed again in order.
        var mapped: Bool
        /// The joins matching more than one row, and the warnings its mapping gave.
        var ambiguousJoins: [(key: String, count: Int)]
        var warnings: [Diagnostic]
    }

    struct MappedAhead {
        var rows: [MappedRow] = []
        /// Where a read error stopped the second thread: the rest is read in order from there.
        var stoppedAt: CSVParser.Cursor?
    }

    func runInHalves(parser: CSVParser, split: CSVParser.Cursor, table: Table, joins: [String: JoinIndex], twin: CSVMapping,
                     state: inout RowState) throws {
        // Handed over whole: only the second thread uses it.
        let ahead = Box(CSVMapper(mapping: twin, main: main.renamed(), directory: directory, known: known, skipInvalid: skipInvalid))
        let stop = StopSignal()
        let secondHalf = OwnThread.start { try ahead.value.mapAhead(from: split, until: stop) }
        var parser = parser
        do {
            while parser.cursor.position < split.position, let record = try parser.next() {
                var row = RowOutput()
                try process(record, table: table, joins: joins, state: &state, row: &row)
            }
        } catch {
            // The first half's error is the file's first: the second thread stops, and is waited for.
            stop.raise()
            _ = try? secondHalf.wait()
            throw error
        }
        let mapped = try secondHalf.wait()
        // What the first half built, looked up below (not the whole state: copying its records on
        // the next append would cost more than mapping them).
        let firstSeen = state.seen
        let firstClaimLines = state.claimLines
        // Taxonomy nodes the KB or the mapping declare look the same from both threads.
        let declared = initialEntities
        let madeByFirstHalf = state.entities.subtracting(declared)
        var redoneSeen = Set<Fingerprint>()
        var redoneEntities = Set<EntityReference>()
        var redoneClaims = Set<String>()
        for item in mapped.rows {
            let depends = item.row.seenKeys.contains { firstSeen.recordedInBatch($0) || redoneSeen.contains($0) }
                || item.row.entityReferences.contains { madeByFirstHalf.contains($0) || redoneEntities.contains($0) }
                || item.row.claims.contains { firstClaimLines[$0.slug] != nil || redoneClaims.contains($0.slug) }
            if item.mapped && !depends {
                state.batch.recordsRead += 1
                for (key, count) in item.ambiguousJoins where state.warnedKeys.insert(key).inserted {
                    state.batch.warnings.append(joinWarning(key, count: count, line: item.line))
                }
                state.batch.warnings += item.warnings
                for change in item.row.seenChanges { state.seen.set(change.key, change.value) }
                for entity in item.row.entities { state.entities.insert(entity.reference) }
                commit(item.row, line: item.line, into: &state)
                continue
            }
            var again = CSVParser(text: main, delimiter: mapping.delimiter, at: item.cursor)
            guard let record = try again.next() else { continue }
            var row = RowOutput()
            try process(record, table: table, joins: joins, state: &state, row: &row)
            // What either mapping of this row looked at may now differ from the second thread's view.
            for output in [item.row, row] {
                redoneSeen.formUnion(output.seenKeys)
                redoneEntities.formUnion(output.entityReferences.filter { !declared.contains($0) })
                redoneClaims.formUnion(output.claims.map(\.slug))
            }
        }
        guard let stop = mapped.stoppedAt else { return }
        var rest = CSVParser(text: main, delimiter: mapping.delimiter, at: stop)
        while let record = try rest.next() {
            var row = RowOutput()
            try process(record, table: table, joins: joins, state: &state, row: &row)
        }
    }

    /// The second thread's part: maps the rows from `split` on, each against what the rows
    /// before it in this half built, recording what each looked up — until the end, a read
    /// error, or `stop` (checked every 1,024 rows).
    func mapAhead(from split: CSVParser.Cursor, until stop: StopSignal) throws -> MappedAhead {
        var header = CSVParser(text: main, delimiter: mapping.delimiter)
        let table = try Self.header(&header, main)
        let joins = try loadJoins()
        var parser = CSVParser(text: main, delimiter: mapping.delimiter, at: split)
        var state = RowState(batch: ImportBatch(file: main.name, format: .csv), entities: initialEntities)
        var result = MappedAhead()
        while true {
            if result.rows.count % 1024 == 0, stop.isRaised { return result }
            let cursor = parser.cursor
            let next: CSVParser.Record?
            do { next = try parser.next() } catch {
                result.stoppedAt = cursor
                return result
            }
            guard let record = next else { return result }
            var item = MappedRow(cursor: cursor, line: record.line, row: RowOutput(), mapped: false, ambiguousJoins: [], warnings: [])
            if record.fields.count == table.names.count {
                let lookup = Lookup(record: record, table: table, joins: joins, mapping: mapping, file: main.name)
                item.ambiguousJoins = ambiguousJoins(lookup, joins: joins)
                if !mapping.skips.contains(where: { $0.condition.evaluate(lookup.value).truth }) {
                    do {
                        try map(record, lookup: lookup, into: &item.row, entities: &state.entities, batch: &state.batch, seen: &state.seen)
                        try checkClaimIDs(item.row, line: record.line, against: state.claimLines)
                        for claim in item.row.claims { state.claimLines[claim.slug] = record.line }
                        item.mapped = true
                        item.warnings = state.batch.warnings
                    } catch {
                        undo(item.row, in: &state.seen, &state.entities)
                    }
                    state.batch.warnings = []
                }
            }
            result.rows.append(item)
        }
    }
}
