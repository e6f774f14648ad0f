import GRDB
import KBDomain

/// A bulk write into a table that holds fewer rows than it brings drops the table's query-only
/// indexes first and builds them again at the end (one sort each), instead of updating them row
/// by row at random places. Inside the write's transaction: a failure rolls the drop back too,
/// and a reader never sees the KB without them.
///
/// Only indexes that no write looks rows up through are dropped: unique keys, the indexes
/// reconciliation matches sources by, and those that find a source's claims stay.
struct DeferredIndexes {
    /// Per table, the indexes only queries read (by name, as the migrations create them).
    static let queryOnly: [String: [String]] = [
        "claim": ["claimEconomyWide", "claimByReplication", "claimByGrade", "claimByStrength"],
        "study": ["studyByDesign", "studyByN"],
        "source": ["sourceByYear"],
        "contributor": ["contributorByName"],
    ]
    /// Fewer new rows than this are cheaper to index one by one.
    static let defaultMinimumRows = 10_000

    private let db: Database
    /// The dropped indexes' definitions, as `sqlite_master` had them.
    private(set) var dropped: [(name: String, sql: String)] = []

    /// Drops the query-only indexes of each table whose `incoming` new rows number at least
    /// `minimumRows` and at least the rows it holds now.
    init(db: Database, incoming: [String: Int], minimumRows: Int = defaultMinimumRows) throws {
        self.db = db
        for (table, count) in incoming.sorted(by: { $0.key < $1.key }) where count >= minimumRows {
            guard let names = Self.queryOnly[table], try count >= Self.rowCount(of: table, in: db) else { continue }
            for name in names {
                guard let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ? AND tbl_name = ?",
                                                    arguments: [name, table]) else { continue }
                try db.execute(sql: "DROP INDEX \(name.quotedDatabaseIdentifier)")
                dropped.append((name, sql))
            }
        }
    }

    /// Builds every dropped index again from its own definition, calling `built` after each.
    ///
    /// SQLite sorts an index's keys in one growing block of memory when temporary storage is on
    /// disk, but allocates every key on its own when it is in memory (`temp_store = MEMORY`, which
    /// a bulk write sets for its statement journals): in a process whose heap a large import has
    /// fragmented, those keys land all over it and the sort runs at half speed or worse. So the
    /// builds run with temporary storage on disk (keys beyond `cache_size` are spilled to a file).
    /// SQLite refuses the switch inside a transaction once the connection has temporary tables;
    /// the builds then keep the connection's setting and are only slower.
    /// Returns whether the sorts went to disk (nil: nothing to build).
    @discardableResult
    func rebuild(_ built: (String) -> Void = { _ in }) throws -> Bool? {
        guard !dropped.isEmpty else { return nil }
        let tempStore = try Int.fetchOne(db, sql: "PRAGMA temp_store") ?? 0
        let switched = (try? db.execute(sql: "PRAGMA temp_store = FILE")) != nil
        for index in dropped {
            try db.execute(sql: index.sql)
            built(index.name)
        }
        if switched { try db.execute(sql: "PRAGMA temp_store = \(tempStore)") }
        // 0 is the build's default, which is files (SQLITE_TEMP_STORE=1) unless built otherwise.
        return switched || tempStore != 2
    }

    private static func rowCount(of table: String, in db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.quotedDatabaseIdentifier)") ?? 0
    }
}
