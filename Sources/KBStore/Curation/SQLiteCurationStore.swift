import GRDB
import KBDomain

/// The curation store on SQLite, bound to one transaction: every value is bound (``SQLFragment``),
/// each statement the one curation ran before it moved here (issue 13, D1). KBCuration passes
/// ``database`` on, without naming its type, to the store's other writers (``GraphWriter``,
/// ``ChangeRecorder``, ``RecordSnapshot``) and to the audit, which share the transaction.
package struct SQLiteCurationStore: CurationStore {
    package let database: Database

    package init(_ database: Database) {
        self.database = database
    }

    private var db: Database { database }

    /// The change log's reads: the statements every store runs (``ChangeLogStatements``).
    private var log: ChangeLogStatements { ChangeLogStatements(executor: SQLiteStatementExecutor(db: db), dialect: SQLiteDialect()) }
    /// A record page's reads of the log and the relations (``HistoryReads``: PostgreSQL's too).
    package var historyReads: HistoryReads { HistoryReads(executor: SQLiteStatementExecutor(db: db), dialect: SQLiteDialect()) }

    // MARK: The change log

    package func changes(record: String?, since: String?, author: String?, batch: String?) throws -> [Change] {
        try log.changes(record: record, since: since, author: author, batch: batch)
    }

    package func changes(after id: Int64, limit: Int) throws -> [Change] { try log.changes(after: id, limit: limit) }
    package func change(_ id: Int64) throws -> Change? { try log.change(id) }
    package func latestChange(kind: RecordKind, recordId: String) throws -> Change? { try log.latestChange(kind: kind, recordId: recordId) }
    package func lastChangeID() throws -> Int64 { try log.lastChangeID() }
    package func changeCount(after id: Int64) throws -> Int { try log.changeCount(after: id) }
    package func latestInitChange() throws -> Int64? { try log.latestInitChange() }
    package func lastChangeID(inBatch batch: String) throws -> Int64? { try log.lastChangeID(inBatch: batch) }

    package func undo(ofChange id: Int64, batch: String?) throws -> (id: Int64, undoes: Int64, author: String, time: String)? {
        try log.undo(ofChange: id, batch: batch)
    }

    package func laterChanges(batch: String?, change id: Int64) throws -> [(original: Int64, later: Int64)] {
        try log.laterChanges(batch: batch, change: id)
    }

    // MARK: Records

    package func version(_ kind: RecordKind, _ slug: String) throws -> Int? {
        guard let table = kind.table else { return nil }
        return try db.fetchValue(Int.self, "SELECT version FROM \(sql: table) WHERE slug = \(slug)")
    }

    package func bumpVersion(_ kind: RecordKind, _ slug: String) throws -> Int {
        guard let table = kind.table else { return 0 }
        try db.run("UPDATE \(sql: table) SET version = version + 1 WHERE slug = \(slug)")
        return try db.fetchValue(Int.self, "SELECT version FROM \(sql: table) WHERE slug = \(slug)") ?? 0
    }

    package func setVersion(_ kind: RecordKind, _ slug: String, to version: Int) throws {
        try db.run("UPDATE \(sql: kind.table ?? "claim") SET version = \(version) WHERE slug = \(slug)")
    }

    package func recordID(_ kind: RecordKind, _ slug: String) throws -> Int64? {
        guard let table = kind.table else { return nil }
        return try db.fetchValue(Int64.self, "SELECT id FROM \(sql: table) WHERE slug = \(slug)")
    }

    package func recordSlugs(near id: String) throws -> [String] {
        try NearbySlugs.candidates(for: id, tables: ["claim", "source", "study"], in: SQLiteStatementExecutor(db: db))
    }

    package func absentSlugs(_ slugs: [String], kind: RecordKind) throws -> Set<String> {
        var absent = Set(slugs)
        guard let table = kind.table else { return absent }
        for chunk in Array(absent).chunked(into: 500) {
            for slug in try db.fetchValues(String.self, "SELECT slug FROM \(sql: table) WHERE slug IN \(list: chunk)") {
                absent.remove(slug)
            }
        }
        return absent
    }

    package func deleteRecord(_ kind: RecordKind, _ slug: String) throws {
        guard let table = kind.table else { return }
        try db.run("DELETE FROM \(sql: table) WHERE slug = \(slug)")
    }

    package func sourceExists(slug: String) throws -> Bool {
        try db.fetchValue(Bool.self, "SELECT EXISTS (SELECT 1 FROM source WHERE slug = \(slug))") == true
    }

    package func sourceOfStudy(_ slug: String) throws -> String? {
        try db.fetchValue(String.self, "SELECT s.slug FROM study st JOIN source s ON s.id = st.sourceId WHERE st.slug = \(slug)")
    }

    package func studySlugs(ofSource slug: String) throws -> [String] {
        try db.fetchValues(String.self, "SELECT st.slug FROM study st JOIN source s ON s.id = st.sourceId WHERE s.slug = \(slug) ORDER BY st.id")
    }

    package func claimSlugs(ofSource slug: String) throws -> [String] {
        try db.fetchValues(String.self, "SELECT c.slug FROM claim c JOIN source s ON s.id = c.sourceId WHERE s.slug = \(slug) ORDER BY c.id")
    }

    package func claimSlugs(ofStudy slug: String, limit: Int?) throws -> [String] {
        let limitClause: SQLFragment = limit.map { " LIMIT \($0)" } ?? ""
        return try db.fetchValues(String.self, "SELECT c.slug FROM claim c JOIN study st ON st.id = c.studyId WHERE st.slug = \(slug) ORDER BY c.id\(limitClause)")
    }

    package func claimsReplicated(bySource slug: String) throws -> [String] {
        try db.fetchValues(String.self, """
            SELECT c.slug FROM claimReplication r JOIN claim c ON c.id = r.claimId JOIN source s ON s.id = r.sourceId
            WHERE s.slug = \(slug) AND c.sourceId IS NOT s.id ORDER BY c.id
            """)
    }

    package func studySlugs() throws -> [String] {
        try db.fetchValues(String.self, "SELECT slug FROM study")
    }

    package func claimSlugs() throws -> [String] {
        try db.fetchValues(String.self, "SELECT slug FROM claim")
    }

    package func sourceSlug(withDOI doi: String, otherThan slug: String) throws -> String? {
        try db.fetchValue(String.self, "SELECT slug FROM source WHERE doi = \(doi) AND slug <> \(slug) ORDER BY id LIMIT 1")
    }

    package func profileSlugs() throws -> Set<String> {
        Set(try db.fetchValues(String.self, "SELECT slug FROM profile"))
    }

    package func entityExists(kind: String, slug: String) throws -> Bool {
        try db.fetchValue(Bool.self, "SELECT EXISTS (SELECT 1 FROM entity WHERE kind = \(kind) AND slug = \(slug))") != false
    }

    // MARK: Relations between claims

    package func relations(of claim: String) throws -> [(from: String, kind: String, to: String, note: String?)] {
        try historyReads.relations(of: claim)
    }

    package func relationExists(from: Int64, kind: String, to: Int64) throws -> Bool {
        try db.fetchValue(Bool.self, "SELECT EXISTS (SELECT 1 FROM claimRelation WHERE fromClaimId = \(from) AND kind = \(kind) AND toClaimId = \(to))") == true
    }

    package func insertRelation(from: Int64, kind: String, to: Int64, note: String?) throws {
        try db.run("INSERT INTO claimRelation (fromClaimId, kind, toClaimId, note) VALUES (\(from), \(kind), \(to), \(note))")
    }

    package func deleteRelation(from: String, kind: String, to: String) throws -> Bool {
        try db.run("""
            DELETE FROM claimRelation WHERE kind = \(kind) AND fromClaimId = (SELECT id FROM claim WHERE slug = \(from))
            AND toClaimId = (SELECT id FROM claim WHERE slug = \(to))
            """)
        return db.changesCount > 0
    }

    package func restoreRelation(from: String, kind: String, to: String, note: String?) throws -> Bool {
        try db.run("""
            INSERT OR IGNORE INTO claimRelation (fromClaimId, kind, toClaimId, note)
            SELECT f.id, \(kind), t.id, \(note) FROM claim f, claim t WHERE f.slug = \(from) AND t.slug = \(to)
            """)
        return db.changesCount > 0
    }
}
