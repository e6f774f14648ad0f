/// The differences between SQLite's schema and PostgreSQL's, one line each; none when they
/// define the same tables, columns, keys, constraints, vocabularies, indexes, views and triggers.
enum SchemaParity {
    /// PostgreSQL's own machinery, which SQLite does with FTS5 tables and GRDB's migration table:
    /// the version table and the tsvector tables of full text (Schema/postgresql/0002).
    static let postgresOnlyTables: Set<String> = ["kbschemamigration", "claimsearch", "sourcesearch"]

    /// SQLite triggers that keep its FTS5 and trigram tables in step; PostgreSQL's full text has its own.
    static func isFullTextTrigger(_ name: String) -> Bool {
        name.contains("search") || name.contains("trigram")
    }

    static func differences(sqlite: SchemaShape, postgres: SchemaShape) -> [String] {
        var postgres = postgres
        postgres.tables = postgres.tables.filter { !postgresOnlyTables.contains($0.key) }
        postgres.indexes = postgres.indexes.filter { !postgresOnlyTables.contains($0.value.table) }
        var found: [String] = []
        let tableNames = Set(sqlite.tables.keys).union(postgres.tables.keys).sorted()
        for name in tableNames {
            guard let lite = sqlite.tables[name] else { found.append("table \(name): only in PostgreSQL"); continue }
            guard let pg = postgres.tables[name] else { found.append("table \(name): only in SQLite"); continue }
            found += differences(table: name, sqlite: lite, postgres: pg)
        }
        for name in Set(sqlite.indexes.keys).union(postgres.indexes.keys).sorted() where sqlite.indexes[name] != postgres.indexes[name] {
            if let lite = sqlite.indexes[name], let pg = postgres.indexes[name], sameWithRowID(lite, pg, tables: sqlite.tables) { continue }
            found.append("index \(name): SQLite \(describe(sqlite.indexes[name])), PostgreSQL \(describe(postgres.indexes[name]))")
        }
        for name in sqlite.views.symmetricDifference(postgres.views).sorted() {
            found.append("view \(name): only in \(sqlite.views.contains(name) ? "SQLite" : "PostgreSQL")")
        }
        for name in sqlite.triggers.filter({ !isFullTextTrigger($0) }).subtracting(postgres.triggers).sorted() {
            found.append("trigger \(name): only in SQLite")
        }
        return found
    }

    /// SQLite keeps a row's id in every entry of a non-unique index on a table whose key is its
    /// id (the rowid), after the indexed columns: PostgreSQL's index says so in its column list
    /// (Schema/postgresql/0004: claimByStrength on `(strength, id)`, SQLite's on `(strength)`).
    static func sameWithRowID(_ sqlite: IndexShape, _ postgres: IndexShape, tables: [String: TableShape]) -> Bool {
        guard let key = tables[sqlite.table]?.primaryKey, key == ["id"], !sqlite.isUnique else { return false }
        var withID = sqlite
        withID.columns.append(key[0])
        return withID == postgres
    }

    private static func differences(table name: String, sqlite: TableShape, postgres: TableShape) -> [String] {
        var found: [String] = []
        if sqlite.columns.map(\.name) != postgres.columns.map(\.name) {
            found.append("table \(name): columns SQLite \(sqlite.columns.map(\.name)), PostgreSQL \(postgres.columns.map(\.name))")
        }
        for lite in sqlite.columns {
            guard let pg = postgres.columns.first(where: { $0.name == lite.name }), pg != lite else { continue }
            found.append("column \(name).\(lite.name): SQLite \(lite), PostgreSQL \(pg)")
        }
        if sqlite.primaryKey != postgres.primaryKey {
            found.append("table \(name): primary key SQLite \(sqlite.primaryKey), PostgreSQL \(postgres.primaryKey)")
        }
        if sqlite.uniques != postgres.uniques {
            found.append("table \(name): UNIQUE SQLite \(sqlite.uniques.sorted { "\($0)" < "\($1)" }), PostgreSQL \(postgres.uniques.sorted { "\($0)" < "\($1)" })")
        }
        for key in sqlite.foreignKeys.symmetricDifference(postgres.foreignKeys) {
            found.append("table \(name): foreign key \(key.columns) → \(key.table)\(key.referenced) on delete \(key.onDelete) only in \(sqlite.foreignKeys.contains(key) ? "SQLite" : "PostgreSQL")")
        }
        for check in sqlite.checks.symmetricDifference(postgres.checks).sorted() {
            found.append("table \(name): CHECK (\(check)) only in \(sqlite.checks.contains(check) ? "SQLite" : "PostgreSQL")")
        }
        return found
    }

    private static func describe(_ index: IndexShape?) -> String {
        guard let index else { return "none" }
        return "\(index.isUnique ? "UNIQUE " : "")ON \(index.table)(\(index.columns.joined(separator: ", ")))" + (index.condition.map { " WHERE \($0)" } ?? "")
    }
}
