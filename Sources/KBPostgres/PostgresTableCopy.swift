import GRDB
import KBStore

/// kb's tables in the order their foreign keys allow loading them (referenced tables first),
/// read from the database's own catalog, so a new migration's table needs no list edited here.
/// The search tables (filled from their sources after the load) and the version table are not
/// among them.
enum PostgresTableOrder {
    static let skipped: Set<String> = ["kbschemamigration", "claimsearch", "sourcesearch"]

    static func tables(on executor: any StatementExecutor) throws -> [String] {
        let names = try executor.rows("""
            SELECT table_name::text FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1
            """).compactMap { $0[0].string }.filter { !skipped.contains($0) }
        var references: [String: Set<String>] = [:]
        for row in try executor.rows("""
            SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent FROM pg_constraint WHERE contype = 'f'
            """) {
            guard let child = row.string("child"), let parent = row.string("parent"), child != parent else { continue }
            references[child, default: []].insert(parent)
        }
        var ordered: [String] = []
        var placed = Set<String>()
        var remaining = names
        while !remaining.isEmpty {
            let ready = remaining.filter { references[$0, default: []].subtracting(placed).allSatisfy { !names.contains($0) } }
            // A cycle (none in kb's schema) would otherwise loop: load the rest in name order.
            let next = ready.isEmpty ? remaining : ready
            ordered += next
            placed.formUnion(next)
            remaining.removeAll { placed.contains($0) }
        }
        return ordered
    }
}

/// Copies one table's rows from an SQLite knowledge base to PostgreSQL: the columns both have,
/// in id order, as multi-row INSERTs of bound values (at most 30,000 values a statement, under
/// PostgreSQL's 65,535 parameters), then the identity column moved past the largest id.
struct PostgresTableCopy {
    let table: String
    /// False to let the identity column number the rows (appending to a kept change log).
    let keepsIDs: Bool
    let rewrite: [String: String]

    func copy(from db: Database, to executor: PostgresExecutor) throws -> Int {
        let target = try executor.rows("""
            SELECT column_name::text FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = \(table) ORDER BY ordinal_position
            """).compactMap { $0[0].string }
        let sqliteColumns = try Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table]).map { $0["name"] as String }
        let columns = sqliteColumns.filter { target.contains($0.lowercased()) && (keepsIDs || $0.lowercased() != "id") }
        guard !columns.isEmpty else { return 0 }
        let hasID = columns.contains { $0.lowercased() == "id" }
        let batch = max(1, 30_000 / columns.count)
        let insert = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        var pending: [[SQLValue]] = []
        var count = 0
        func flush() throws {
            guard !pending.isEmpty else { return }
            var statement = SQLFragment(sql: insert)
            for (index, row) in pending.enumerated() {
                if index > 0 { statement += ", " }
                statement += "\(list: row)"
            }
            try executor.run(statement)
            count += pending.count
            pending.removeAll(keepingCapacity: true)
        }
        let quoted = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        let cursor = try Row.fetchCursor(db, sql: "SELECT \(quoted) FROM \"\(table)\"" + (hasID ? " ORDER BY id" : ""))
        while let row = try cursor.next() {
            pending.append(row.databaseValues.map { value in
                let converted = SQLValue.fromDatabaseValue(value) ?? .null
                if case let .text(text) = converted, let replacement = rewrite[text] { return .text(replacement) }
                return converted
            })
            if pending.count >= batch { try flush() }
        }
        try flush()
        if hasID {
            try executor.run("""
                SELECT setval(pg_get_serial_sequence(\(table), 'id'), coalesce((SELECT max(id) FROM \(sql: table)), 0) + 1, false)
                WHERE pg_get_serial_sequence(\(table), 'id') IS NOT NULL
                """)
        }
        return count
    }
}
