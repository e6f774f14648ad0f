import GRDB
import KBDomain

/// One multi-row `INSERT … VALUES (…), (…)` of a group of new rows into a rowid table with a
/// unique `slug`, returning the rows' ids in order: SQLite's per-statement work (journal
/// savepoints, reset, the virtual tables' savepoints) is paid once per group, not per row.
///
/// SQLite gives each inserted row the largest id so far plus one, so a group lands on
/// consecutive ids after the largest before it; should that not hold (a table whose largest id
/// is the largest possible), the ids are looked up by slug.
enum GroupInsert {
    /// Rows per group: few distinct statements, well under SQLite's limit on parameters.
    static let groupSize = 16

    static func run<Item>(_ group: [Item], into table: String, columns: [String], statements: StatementSet, db: Database,
                          slug: (Item) -> String, bind: (PreparedStatement, Item) throws -> Void) throws -> [Int64] {
        guard !group.isEmpty else { return [] }
        let previous = try Int64.fetchOne(try db.cachedStatement(sql: "SELECT coalesce(max(id), 0) FROM \(table)")) ?? 0
        let insert = try statements.multiRowInsert(into: table, columns: columns, rows: group.count)
        for item in group { try bind(insert, item) }
        try insert.run()
        let last = db.lastInsertedRowID
        if last - previous == Int64(group.count) { return Array(previous + 1...last) }
        return try group.map { item in
            guard let id = try Int64.fetchOne(try db.cachedStatement(sql: "SELECT id FROM \(table) WHERE slug = ?"), arguments: [slug(item)]) else {
                throw KBError.notFound(what: table, name: slug(item), suggestions: [])
            }
            return id
        }
    }
}
