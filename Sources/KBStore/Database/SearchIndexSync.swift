import Foundation
import GRDB
import KBDomain

/// Keeps the full-text indexes (`claimSearch`, `sourceSearch`, and the trigram tables
/// `claimTrigram`, `sourceTrigram`) in step with a bulk write.
///
/// Row-by-row trigger maintenance makes FTS5 flush at every statement, so a write first
/// ``defer()``s the triggers (a `kbSetting` row, inside the write's transaction), records what
/// changed, and ``flush()``es: one statement per table indexes every changed row. A source's
/// index entry is removed with its old text, which is read before the source is updated.
///
/// What changed is kept here, not in temporary tables: the connection's temporary database stays
/// closed, so that a write may still choose where SQLite sorts (``DeferredIndexes``).
final class SearchIndexSync {
    let db: Database
    private var deferred = false
    /// Rows with ids above these were inserted by this write: all of them are indexed at the end
    /// without being recorded one by one.
    private var sourceHighWater: Int64 = 0
    private var claimHighWater: Int64 = 0
    /// Stored sources whose title or container changed, with the text their entry was made from
    /// (the first change's, should one change twice).
    private var changedSources: [Int64: OldSourceText] = [:]
    /// Stored claims whose statement or quote changed.
    private var changedClaims: Set<Int64> = []

    private struct OldSourceText: Encodable {
        var id: Int64
        var title: String?
        var container: String?
    }

    init(db: Database) {
        self.db = db
    }

    func `defer`() throws {
        guard !deferred else { return }
        try db.cachedExecute("INSERT OR REPLACE INTO kbSetting (name, value) VALUES ('deferSearchIndex', '1')")
        sourceHighWater = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM source") ?? 0
        claimHighWater = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM claim") ?? 0
        changedSources = [:]
        changedClaims = []
        deferred = true
    }

    /// A source was inserted, or its title or container changed (from the old values given).
    func sourceChanged(_ id: Int64, isNew: Bool, oldTitle: String?, oldContainer: String?) {
        guard !isNew, id <= sourceHighWater, changedSources[id] == nil else { return }
        changedSources[id] = OldSourceText(id: id, title: oldTitle, container: oldContainer)
    }

    func claimChanged(_ id: Int64, isNew: Bool) {
        guard !isNew, id <= claimHighWater else { return }
        changedClaims.insert(id)
    }

    /// FTS5 writes a segment each time its in-memory terms exceed `hashsize` (1 MB by default);
    /// a bulk flush with a larger budget writes fewer, larger segments and merges less.
    static let bulkHashSize = 64 << 20
    static let defaultHashSize = 1 << 20

    /// Indexes every changed row and turns the triggers back on.
    func flush() throws {
        guard deferred else { return }
        try db.execute(sql: "INSERT INTO claimSearch (claimSearch, rank) VALUES ('hashsize', ?)", arguments: [Self.bulkHashSize])
        let retitled = changedSources.keys.sorted()
        // Claims whose source's title changed need their title column anew.
        var claims = changedClaims
        if !retitled.isEmpty {
            claims.formUnion(try Int64.fetchAll(db, sql: "SELECT id FROM claim WHERE sourceId IN (SELECT value FROM json_each(?)) AND id <= ?",
                                                arguments: [Self.jsonArray(retitled), claimHighWater]))
        }
        let oldSources = String(decoding: try JSONEncoder().encode(retitled.compactMap { changedSources[$0] }), as: UTF8.self)
        // Sources: an updated source's old entry goes (with the text it was indexed with), then
        // every changed source is indexed anew; claims likewise.
        try db.execute(sql: """
            INSERT INTO sourceSearch (sourceSearch, rowid, title, containerTitle)
                SELECT 'delete', json_extract(value, '$.id'), json_extract(value, '$.title'), json_extract(value, '$.container')
                FROM json_each(:oldSources);
            INSERT INTO sourceSearch (rowid, title, containerTitle)
                SELECT s.id, s.title, s.containerTitle FROM source s WHERE s.id IN (SELECT value FROM json_each(:retitled));
            INSERT INTO sourceSearch (rowid, title, containerTitle)
                SELECT s.id, s.title, s.containerTitle FROM source s WHERE s.id > :sources;
            DELETE FROM claimSearch WHERE rowid IN (SELECT value FROM json_each(:claimIDs));
            INSERT INTO claimSearch (rowid, statement, quote, title)
                SELECT c.id, c.statement, c.quote, s.title FROM claim c LEFT JOIN source s ON s.id = c.sourceId
                WHERE c.id IN (SELECT value FROM json_each(:claimIDs));
            -- The new rows by a plain range scan (an OR of both would make SQLite collect and
            -- deduplicate every row id first).
            INSERT INTO claimSearch (rowid, statement, quote, title)
                SELECT c.id, c.statement, c.quote, s.title FROM claim c LEFT JOIN source s ON s.id = c.sourceId WHERE c.id > :claims;
            -- The trigram tables (migration 5) likewise, holding only rows with text in scripts
            -- written without spaces (kb_unspaced: SubstringSearch).
            DELETE FROM sourceTrigram WHERE rowid IN (SELECT value FROM json_each(:retitled));
            INSERT INTO sourceTrigram (rowid, title, containerTitle)
                SELECT s.id, s.title, s.containerTitle FROM source s
                WHERE s.id IN (SELECT value FROM json_each(:retitled)) AND kb_unspaced(s.title, s.containerTitle);
            INSERT INTO sourceTrigram (rowid, title, containerTitle)
                SELECT s.id, s.title, s.containerTitle FROM source s
                WHERE s.id > :sources AND kb_unspaced(s.title, s.containerTitle);
            DELETE FROM claimTrigram WHERE rowid IN (SELECT value FROM json_each(:claimIDs));
            INSERT INTO claimTrigram (rowid, statement, quote, title)
                SELECT c.id, c.statement, c.quote, s.title FROM claim c LEFT JOIN source s ON s.id = c.sourceId
                WHERE c.id IN (SELECT value FROM json_each(:claimIDs)) AND kb_unspaced(c.statement, c.quote, s.title);
            INSERT INTO claimTrigram (rowid, statement, quote, title)
                SELECT c.id, c.statement, c.quote, s.title FROM claim c LEFT JOIN source s ON s.id = c.sourceId
                WHERE c.id > :claims AND kb_unspaced(c.statement, c.quote, s.title);
            DELETE FROM kbSetting WHERE name = 'deferSearchIndex';
            """, arguments: ["oldSources": oldSources, "retitled": Self.jsonArray(retitled), "claimIDs": Self.jsonArray(claims.sorted()),
                             "sources": sourceHighWater, "claims": claimHighWater])
        // Back to the default for the triggers' row-by-row writes (a failure rolls both back).
        try db.execute(sql: "INSERT INTO claimSearch (claimSearch, rank) VALUES ('hashsize', ?)", arguments: [Self.defaultHashSize])
        changedSources = [:]
        changedClaims = []
        deferred = false
    }

    private static func jsonArray(_ ids: [Int64]) -> String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
    }
}
