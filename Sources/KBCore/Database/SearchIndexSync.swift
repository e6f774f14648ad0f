import GRDB

/// Keeps the full-text indexes (`claimSearch`, `sourceSearch`) in step with a bulk write.
///
/// Row-by-row trigger maintenance makes FTS5 flush at every statement, so a write first
/// ``defer()``s the triggers (a `kbSetting` row, inside the write's transaction), records what
/// changed, and ``flush()``es: one statement per table indexes every changed row. A source's
/// index entry is removed with its old text, which is read before the source is updated.
final class SearchIndexSync {
    let db: Database
    private var deferred = false
    /// Rows with ids above these were inserted by this write: all of them are indexed at the end
    /// without being recorded one by one.
    private var sourceHighWater: Int64 = 0
    private var claimHighWater: Int64 = 0

    init(db: Database) {
        self.db = db
    }

    func `defer`() throws {
        guard !deferred else { return }
        try db.cachedExecute("INSERT OR REPLACE INTO kbSetting (name, value) VALUES ('deferSearchIndex', '1')")
        try db.execute(sql: """
            CREATE TEMP TABLE IF NOT EXISTS kbSearchSource (id INTEGER PRIMARY KEY, isNew INTEGER NOT NULL, oldTitle TEXT, oldContainer TEXT);
            CREATE TEMP TABLE IF NOT EXISTS kbSearchClaim (id INTEGER PRIMARY KEY, isNew INTEGER NOT NULL);
            DELETE FROM temp.kbSearchSource;
            DELETE FROM temp.kbSearchClaim;
            """)
        sourceHighWater = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM source") ?? 0
        claimHighWater = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM claim") ?? 0
        deferred = true
    }

    /// A source was inserted, or its title or container changed (from the old values given).
    func sourceChanged(_ id: Int64, isNew: Bool, oldTitle: String?, oldContainer: String?) throws {
        try db.cachedExecute("INSERT OR IGNORE INTO temp.kbSearchSource (id, isNew, oldTitle, oldContainer) VALUES (?, ?, ?, ?)",
                             [id, isNew, oldTitle, oldContainer])
    }

    func claimChanged(_ id: Int64, isNew: Bool) throws {
        try db.cachedExecute("INSERT OR IGNORE INTO temp.kbSearchClaim (id, isNew) VALUES (?, ?)", [id, isNew])
    }

    /// FTS5 writes a segment each time its in-memory terms exceed `hashsize` (1 MB by default);
    /// a bulk flush with a larger budget writes fewer, larger segments and merges less.
    static let bulkHashSize = 64 << 20
    static let defaultHashSize = 1 << 20

    /// Indexes every changed row and turns the triggers back on.
    func flush() throws {
        guard deferred else { return }
        try db.execute(sql: "INSERT INTO claimSearch (claimSearch, rank) VALUES ('hashsize', ?)", arguments: [Self.bulkHashSize])
        // Sources: an updated source's old entry goes (with the text it was indexed with), then
        // every changed source is indexed anew.
        try db.execute(sql: """
            INSERT INTO sourceSearch (sourceSearch, rowid, title, containerTitle)
                SELECT 'delete', t.id, t.oldTitle, t.oldContainer FROM temp.kbSearchSource t WHERE t.isNew = 0 AND t.id <= :sources;
            INSERT INTO sourceSearch (rowid, title, containerTitle)
                SELECT s.id, s.title, s.containerTitle FROM source s
                WHERE s.id > :sources OR s.id IN (SELECT id FROM temp.kbSearchSource WHERE id <= :sources);
            -- Claims whose source's title changed need their title column anew.
            INSERT OR IGNORE INTO temp.kbSearchClaim (id, isNew)
                SELECT c.id, 0 FROM temp.kbSearchSource t JOIN claim c ON c.sourceId = t.id WHERE t.isNew = 0 AND c.id <= :claims;
            DELETE FROM claimSearch WHERE rowid IN (SELECT id FROM temp.kbSearchClaim WHERE isNew = 0 AND id <= :claims);
            INSERT INTO claimSearch (rowid, statement, quote, title)
                SELECT c.id, c.statement, c.quote, s.title FROM claim c LEFT JOIN source s ON s.id = c.sourceId
                WHERE c.id > :claims OR c.id IN (SELECT id FROM temp.kbSearchClaim WHERE id <= :claims);
            DELETE FROM temp.kbSearchSource;
            DELETE FROM temp.kbSearchClaim;
            DELETE FROM kbSetting WHERE name = 'deferSearchIndex';
            """, arguments: ["sources": sourceHighWater, "claims": claimHighWater])
        // Back to the default for the triggers' row-by-row writes (a failure rolls both back).
        try db.execute(sql: "INSERT INTO claimSearch (claimSearch, rank) VALUES ('hashsize', ?)", arguments: [Self.defaultHashSize])
        deferred = false
    }
}
