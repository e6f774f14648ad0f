import Foundation
import GRDB
import KBStore
import NIOCore
import PostgresNIO

/// The rows an import added, changed or removed in its staging copy
/// (``PostgresStore/importWrite(_:)``), and their writing to PostgreSQL: removed rows deleted
/// and changed rows updated by key (``KeyedWrite``: copied to a temporary table, then one
/// statement a table), new rows streamed with
/// `COPY … FROM STDIN` (text format) straight from the copy, never held in memory all at once.
///
/// As ``RowDelta`` for curation, by comparison: each table is kept as it was before the import
/// (a staging table) and compared after it (`EXCEPT` both ways); the new rows are kept in a
/// staging table of their own, which the COPY reads page by page.
package struct StagedRows {
    /// What the write sent to the server.
    package struct Written: Sendable, Equatable {
        package var inserted = 0
        package var updated = 0
        package var deleted = 0
        /// Seconds spent copying the server's knowledge base into the staging copy.
        package var stagingSeconds = 0.0
        /// Seconds spent writing to the server (deletions, updates, COPY, commit).
        package var serverSeconds = 0.0
    }

    struct Table {
        /// The removed rows, and the changed ones (``RowDelta/Table/added``: a removed row
        /// that comes back with the same id is updated in place).
        var delta: RowDelta.Table
        /// Rows of the staging table `kbstaged."kbAdded_NAME"` to copy (new keys).
        var added = 0
        var name: String { delta.name }
    }

    /// Tables in the order their foreign keys allow writing them (referenced first).
    var tables: [Table] = []

    /// How many rows a page of the COPY reads from the copy (a few MB of text).
    static let pageRows = 5_000

    static func addedTable(_ name: String) -> String { "kbstaged.\"kbAdded_\(name)\"" }

    /// Runs `body` with the `names` tables of `copy` kept as they were; returns its value and
    /// the rows it changed (new ones left in the copy's staging tables for the COPY).
    static func capture<T>(_ names: [String], in copy: KnowledgeBase, _ body: () throws -> T) throws -> (value: T, rows: StagedRows) {
        var staged = StagedRows()
        // In a database attached for them, not TEMP: the importer sets `temp_store`, which
        // drops every temporary table. An empty name is a private file SQLite deletes on close.
        try copy.writer.writeWithoutTransaction { db in try db.execute(sql: "ATTACH DATABASE '' AS kbstaged") }
        try copy.writer.write { db in
            for name in names {
                guard let table = try RowDelta.Table.described(name, in: db) else { continue }
                staged.tables.append(Table(delta: table))
                try db.execute(sql: "CREATE TABLE kbstaged.\"kbBefore_\(name)\" AS SELECT \(RowDelta.list(table.columns)) FROM main.\"\(name)\"")
            }
        }
        let value = try body()
        try copy.writer.write { db in
            for index in staged.tables.indices {
                let table = staged.tables[index].delta
                let (before, after, added) = ("kbstaged.\"kbBefore_\(table.name)\"", "main.\"\(table.name)\"", addedTable(table.name))
                let list = RowDelta.list(table.columns)
                staged.tables[index].delta.removed = try Row.fetchAll(db, sql: "SELECT \(list) FROM \(before) EXCEPT SELECT \(list) FROM \(after)").map { Array($0.databaseValues) }
                try db.execute(sql: "CREATE TABLE \(added) AS SELECT \(list) FROM \(after) EXCEPT SELECT \(list) FROM \(before)")
                if table.key == ["id"] {
                    // A row whose id was there before is a change of it, updated in place.
                    let changed = "SELECT \(list) FROM \(added) WHERE id IN (SELECT id FROM \(before))"
                    staged.tables[index].delta.added = try Row.fetchAll(db, sql: changed).map { Array($0.databaseValues) }
                    try db.execute(sql: "DELETE FROM \(added) WHERE id IN (SELECT id FROM \(before))")
                }
                staged.tables[index].added = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(added)") ?? 0
                try db.execute(sql: "DROP TABLE \(before)")
            }
        }
        return (value, staged)
    }

    /// The tables whose new rows the server's full-text index holds: indexed in one statement
    /// after their COPY (`deferSearchIndex`), as kb's bulk writes do, not row by row.
    static func searchIndex(_ table: String, ids: ClosedRange<Int64>) -> SQLFragment? {
        switch table {
        case "claim":
            """
            INSERT INTO claimSearch (claimId, statement, quote, title)
            SELECT c.id, kb_text(c.statement), kb_text(c.quote), kb_text(s.title) FROM claim c LEFT JOIN source s ON s.id = c.sourceId
            WHERE c.id BETWEEN \(ids.lowerBound) AND \(ids.upperBound) ON CONFLICT (claimId) DO NOTHING
            """
        case "source":
            """
            INSERT INTO sourceSearch (sourceId, title, containerTitle) SELECT id, kb_text(title), kb_text(containerTitle) FROM source
            WHERE id BETWEEN \(ids.lowerBound) AND \(ids.upperBound) ON CONFLICT (sourceId) DO NOTHING
            """
        default:
            nil
        }
    }

    /// Writes the rows to PostgreSQL in the caller's transaction: deletions first (children
    /// before parents), then, table by table (parents first), the updates and the COPY of the
    /// new rows, which keep the copy's ids; each identity sequence is moved past them. A few
    /// statements a table, whatever the number of rows (``KeyedWrite``).
    func write(from copy: KnowledgeBase, to executor: PostgresExecutor) throws -> Written {
        var written = Written()
        let pairings = tables.map { $0.delta.paired() }
        for (table, pairing) in zip(tables, pairings).reversed() {
            written.deleted += try KeyedWrite(table: table.delta, executor: executor).delete(pairing.deletions)
        }
        for (table, pairing) in zip(tables, pairings) {
            written.updated += try KeyedWrite(table: table.delta, executor: executor).update(pairing.updates)
            guard table.added > 0 else { continue }
            let hasID = table.delta.columns.contains("id")
            let range = hasID ? try copy.reader.read { db in
                try Row.fetchOne(db, sql: "SELECT min(id) AS low, max(id) AS high FROM \(Self.addedTable(table.name))")
            }.flatMap { row -> ClosedRange<Int64>? in
                guard let low = row["low"] as Int64?, let high = row["high"] as Int64? else { return nil }
                return low...high
            } : nil
            let index = range.flatMap { Self.searchIndex(table.name, ids: $0) }
            if index != nil { try executor.runWrite("INSERT INTO kbSetting (name, value) VALUES ('deferSearchIndex', '1')") }
            let pages = CopyPages(copy: copy, table: Self.addedTable(table.name), columns: table.delta.columns)
            try executor.copy(into: table.name.lowercased(), columns: table.delta.columns.map { $0.lowercased() }, from: pages)
            written.inserted += pages.rows
            if let index {
                try executor.runWrite("DELETE FROM kbSetting WHERE name = 'deferSearchIndex'")
                try executor.runWrite(index)
            }
            if hasID {
                try executor.runWrite("""
                    SELECT setval(pg_get_serial_sequence(\(table.name.lowercased()), 'id'), (SELECT max(id) FROM \(sql: table.name)))
                    WHERE pg_get_serial_sequence(\(table.name.lowercased()), 'id') IS NOT NULL
                    """)
            }
        }
        return written
    }
}

/// The pages of one staging table's rows as COPY's text format: one line a row, columns
/// separated by tabs, `\N` for NULL, backslash, tab, newline and carriage return escaped.
/// Read from the copy page by page (by rowid), so a million rows are never all in memory.
final class CopyPages: CopySource, @unchecked Sendable {
    let copy: KnowledgeBase
    let select: String
    private var last: Int64 = 0
    private(set) var rows = 0

    init(copy: KnowledgeBase, table: String, columns: [String]) {
        self.copy = copy
        select = "SELECT rowid, \(RowDelta.list(columns)) FROM \(table) WHERE rowid > ? ORDER BY rowid LIMIT \(StagedRows.pageRows)"
    }

    /// The next page, or nil after the last row. Called by one COPY at a time.
    func next() throws -> ByteBuffer? {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(1 << 20)
        let read = try copy.reader.read { db -> Int in
            var count = 0
            let cursor = try Row.fetchCursor(db, sql: select, arguments: [last])
            while let row = try cursor.next() {
                count += 1
                last = row[0]
                for index in 1..<row.count {
                    if index > 1 { buffer.writeInteger(UInt8(ascii: "\t")) }
                    Self.append(row[index] as DatabaseValue, to: &buffer)
                }
                buffer.writeInteger(UInt8(ascii: "\n"))
            }
            return count
        }
        rows += read
        return read == 0 ? nil : buffer
    }

    static func append(_ value: DatabaseValue, to buffer: inout ByteBuffer) {
        switch value.storage {
        case .null, .blob:
            // kb's schema has no binary column (a blob would be NULL as the INSERT path binds it).
            buffer.writeStaticString("\\N")
        case let .int64(number):
            buffer.writeString(String(number))
        case let .double(number):
            buffer.writeString(number.isFinite ? "\(number)" : (number.isNaN ? "NaN" : (number > 0 ? "Infinity" : "-Infinity")))
        case let .string(text):
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
                case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
                case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                default: buffer.writeInteger(byte)
                }
            }
        }
    }
}
