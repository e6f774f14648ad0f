import GRDB
import KBStore

/// The rows a curation write changed in the scratch copy of a knowledge base
/// (``PostgresStore/curationWrite(record:_:finish:)``), table by table, and their writing back
/// to PostgreSQL by key.
///
/// Why by comparison, not by replaying statements: the curator's writes are SQLite's (upserts,
/// triggers, the strength of every claim a source's change touches); what matters to the server
/// is their outcome, row for row. Each table is kept as it was before the write (a temporary
/// table) and compared after it (`EXCEPT` both ways: rows gone, rows new).
struct RowDelta {
    /// One table's changed rows: the columns (SQLite's names) and each row's values as it was
    /// (`removed`) and as it is (`added`); a row updated in place is in both, with the same id.
    struct Table {
        let name: String
        let columns: [String]
        /// The primary key's columns (`id` for the tables that have one).
        let key: [String]
        var removed: [[DatabaseValue]] = []
        var added: [[DatabaseValue]] = []
    }

    /// Tables, in the order their foreign keys allow writing them (referenced first).
    var tables: [Table] = []

    /// Runs `body` with the `tables` of `copy` kept as they were, and returns its value with
    /// the rows it changed.
    static func capture<T>(_ tables: [String], in copy: KnowledgeBase, _ body: () throws -> T) throws -> (value: T, changes: RowDelta) {
        var delta = RowDelta()
        try copy.writer.write { db in
            for name in tables {
                guard let table = try Table.described(name, in: db) else { continue }
                delta.tables.append(table)
                try db.execute(sql: "CREATE TEMP TABLE \"kbBefore_\(name)\" AS SELECT \(Self.list(table.columns)) FROM main.\"\(name)\"")
            }
        }
        let value = try body()
        try copy.writer.write { db in
            for index in delta.tables.indices {
                let table = delta.tables[index]
                let (before, after) = ("temp.\"kbBefore_\(table.name)\"", "main.\"\(table.name)\"")
                let list = Self.list(table.columns)
                delta.tables[index].removed = try Row.fetchAll(db, sql: "SELECT \(list) FROM \(before) EXCEPT SELECT \(list) FROM \(after)").map { Array($0.databaseValues) }
                delta.tables[index].added = try Row.fetchAll(db, sql: "SELECT \(list) FROM \(after) EXCEPT SELECT \(list) FROM \(before)").map { Array($0.databaseValues) }
                try db.execute(sql: "DROP TABLE \(before)")
            }
        }
        return (value, delta)
    }

    static func list(_ columns: [String]) -> String {
        columns.map { "\"\($0)\"" }.joined(separator: ", ")
    }

    /// The tables whose new rows may be numbered by the server: no other row refers to their
    /// ids (a notice) or the writer maps them itself (the change log, whose ids it returns).
    /// A new row of another table with an id (a record `kb undo` puts back, and the rows that
    /// refer to it) keeps the copy's id: the copy holds every row of the table, read under the
    /// curation lock, so its next id (SQLite's largest plus one, as on a file) is free on the
    /// server too; the table's identity sequence is then moved past it.
    static let renumbered: Set<String> = ["changes", "notice"]

    /// Writes the changes to PostgreSQL in the caller's transaction: deletions first (children
    /// before parents), then updates and insertions (parents first). Returns the server's ids
    /// of the change log's new rows, by their ids in the copy.
    func write(to executor: PostgresExecutor) throws -> [Int64: Int64] {
        let pairings = tables.map { $0.paired() }
        for (table, pairing) in zip(tables, pairings).reversed() {
            for row in pairing.deletions {
                let statement: SQLFragment = "DELETE FROM \(sql: table.name) WHERE " + table.match(row)
                try executor.runWrite(statement)
            }
        }
        var changeIDs: [Int64: Int64] = [:]
        var numbered: Set<String> = []
        for (table, pairing) in zip(tables, pairings) {
            for row in table.added {
                if let old = pairing.updated(row) {
                    try table.update(from: old, to: row, on: executor)
                } else if table.key == ["id"] {
                    guard Self.renumbered.contains(table.name) else {
                        try executor.runWrite("INSERT INTO \(sql: table.name) (\(sql: Self.pgList(table.columns))) VALUES \(list: row.map(Self.value))")
                        numbered.insert(table.name)
                        continue
                    }
                    let columns = table.columns.filter { $0 != "id" }
                    let values = zip(table.columns, row).filter { $0.0 != "id" }.map { Self.value($0.1) }
                    let statement: SQLFragment = "INSERT INTO \(sql: table.name) (\(sql: Self.pgList(columns))) VALUES \(list: values) RETURNING id"
                    let result = try executor.runWrite(statement)
                    if table.name == "changes", let copyID = table.value("id", in: row).flatMap(Int64.fromDatabaseValue),
                       let id = result.rows.first.map(PostgresExecutor.row)?[0].int64 {
                        changeIDs[copyID] = id
                    }
                } else {
                    let values = row.map(Self.value)
                    try executor.runWrite("INSERT INTO \(sql: table.name) (\(sql: Self.pgList(table.columns))) VALUES \(list: values)")
                }
            }
        }
        // The server numbers the next rows after the ids the copy gave (its own or kb's later).
        for name in numbered.sorted() {
            try executor.runWrite("SELECT setval(pg_get_serial_sequence(\(name.lowercased()), 'id'), (SELECT max(id) FROM \(sql: name)))")
        }
        return changeIDs
    }

    /// PostgreSQL's names of `columns` (folded to lower case, as the schema's unquoted names are).
    static func pgList(_ columns: [String]) -> String {
        columns.map { "\"\($0.lowercased())\"" }.joined(separator: ", ")
    }

    static func value(_ value: DatabaseValue) -> SQLValue {
        SQLValue.fromDatabaseValue(value) ?? .null
    }
}

extension RowDelta.Table {
    /// The table `name` of `db` with its columns and primary key (all its columns when it has
    /// none), as SQLite describes them; nil for a table `db` does not have.
    static func described(_ name: String, in db: Database) throws -> RowDelta.Table? {
        let info = try Row.fetchAll(db, sql: "SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", arguments: [name])
        guard !info.isEmpty else { return nil }
        let columns = info.map { $0["name"] as String }
        let key = info.filter { ($0["pk"] as Int) > 0 }.sorted { ($0["pk"] as Int) < ($1["pk"] as Int) }.map { $0["name"] as String }
        return RowDelta.Table(name: name, columns: columns, key: key.isEmpty ? columns : key)
    }

    func value(_ column: String, in row: [DatabaseValue]) -> DatabaseValue? {
        columns.firstIndex(of: column).map { row[$0] }
    }

    /// The removed rows paired with the added rows of the same id (updated in place), found
    /// through a dictionary by id, in time linear in the rows. Only tables with a row id are
    /// updated in place (a key table's row is deleted and inserted).
    func paired() -> Pairing {
        guard key == ["id"], let id = columns.firstIndex(of: "id") else {
            return Pairing(id: nil, before: [:], deletions: removed, updates: [])
        }
        var before: [DatabaseValue: [DatabaseValue]] = [:]
        before.reserveCapacity(removed.count)
        for row in removed { before[row[id]] = row }
        var updates: [(old: [DatabaseValue], new: [DatabaseValue])] = []
        var updated = Set<DatabaseValue>()
        for row in added {
            guard let old = before[row[id]] else { continue }
            updates.append((old, row))
            updated.insert(row[id])
        }
        return Pairing(id: id, before: before, deletions: removed.filter { !updated.contains($0[id]) }, updates: updates)
    }

    /// What ``paired()`` found: the rows to delete and the rows to update (as they were, as they are).
    struct Pairing {
        let id: Int?
        let before: [DatabaseValue: [DatabaseValue]]
        let deletions: [[DatabaseValue]]
        let updates: [(old: [DatabaseValue], new: [DatabaseValue])]

        /// The row an added row was before, when it is an update in place.
        func updated(_ row: [DatabaseValue]) -> [DatabaseValue]? {
            id.flatMap { before[row[$0]] }
        }
    }

    /// `key1 = $1 AND key2 = $2`: the row by its primary key (`IS NULL` for a key column
    /// SQLite let be NULL, which `=` would never match).
    func match(_ row: [DatabaseValue]) -> SQLFragment {
        key.map { column in
            let name = "\"\(column.lowercased())\""
            let cell = RowDelta.value(value(column, in: row) ?? .null)
            return cell == .null ? SQLFragment(sql: name + " IS NULL") : "\(sql: name) = \(cell)"
        }.joined(separator: " AND ")
    }

    /// Updates the changed columns of a row, only if it is still at the version the copy read
    /// (sources, studies and claims): otherwise someone else wrote it, and the write is retried.
    func update(from old: [DatabaseValue], to new: [DatabaseValue], on executor: PostgresExecutor) throws {
        let changed = columns.indices.filter { old[$0] != new[$0] }
        guard !changed.isEmpty else { return }
        let assignments = changed.map { "\(sql: "\"\(columns[$0].lowercased())\"") = \(RowDelta.value(new[$0]))" as SQLFragment }
        var statement: SQLFragment = "UPDATE \(sql: name) SET \(assignments.joined(separator: ", ")) WHERE " + match(old)
        if let version = value("version", in: old) {
            statement += " AND version = \(RowDelta.value(version))"
        }
        statement += " RETURNING 1"
        let rows = try executor.runWrite(statement).rows
        if rows.isEmpty {
            throw PostgresWriteRetry(reason: "\(name) row \(match(old).arguments.map { "\($0)" }.joined(separator: ", ")) changed while this write ran")
        }
    }
}
