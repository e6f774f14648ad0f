import GRDB
import KBDomain

extension KnowledgeBase {
    /// A knowledge base in a scratch file (``scratch()``) holding the rows another store's `executor` reads from
    /// `tables` (in that order: referenced tables first), inside that store's read snapshot.
    ///
    /// Why: `kb audit` on PostgreSQL (DESIGN §7, §13). The audit's rules are SQL over SQLite with
    /// kb's Swift functions (``AuditFunctions``: placeholders, numbers in quotes, DOIs, name
    /// keys), which PostgreSQL cannot call; run over this copy they are the one implementation
    /// of the rules, with the same findings on both stores by construction. Each table's
    /// columns are SQLite's (the two schemas define the same ones, a test proves it); every
    /// value is bound; the full-text index and the planner's statistics are built once at the end, as
    /// an import builds them. `empty`: a fresh ``scratch()`` made beforehand (a curation write
    /// makes it before it takes its lock, so that writers wait on each other for less).
    package static func snapshot(of tables: [String], from executor: any StatementExecutor, into empty: KnowledgeBase? = nil) throws -> KnowledgeBase {
        let copy = try empty ?? scratch()
        try copy.writer.write { db in
            let search = SearchIndexSync(db: db)
            try search.defer()
            // The secondary indexes are built once the rows are in, each from sorted keys, rather
            // than kept up row by row (those of a table's UNIQUE constraints stay: they cannot be dropped).
            let indexes = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
                .compactMap { row -> (name: String, sql: String)? in
                    guard let name: String = row["name"], let sql: String = row["sql"] else { return nil }
                    return (name, sql)
                }
            for index in indexes { try db.execute(sql: "DROP INDEX \"\(index.name)\"") }
            for table in tables {
                try SnapshotTable(name: table).copy(from: executor, into: db)
            }
            for index in indexes { try db.execute(sql: index.sql) }
            try search.flush()
            // The planner's statistics, as an import leaves them: the rules' plans count on them.
            try analyze(db)
        }
        return copy
    }
}

/// One table's rows, read through another store's executor and inserted into an SQLite
/// knowledge base with bound values.
private struct SnapshotTable {
    /// Rows read from the other store at a time (a few MB of claims).
    static let rowsPerPart = 10_000

    let name: String

    func copy(from executor: any StatementExecutor, into db: Database) throws {
        let columns = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [name])
        // A table only the other store has (its own bookkeeping) has no columns here.
        guard !columns.isEmpty else { return }
        let list = columns.joined(separator: ", ")
        let insert = try db.cachedStatement(sql: "INSERT INTO \"\(name)\" (\(list)) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))")
        let ordered = columns.contains { $0.lowercased() == "id" } ? " ORDER BY id" : ""
        try executor.forEachRowInParts(SQLFragment(sql: "SELECT \(list) FROM \(name)\(ordered)"), rowsPerPart: Self.rowsPerPart) { row in
            try insert.execute(arguments: StatementArguments(row.values))
            return true
        }
    }
}
