/// The change log's reads as statements any store runs (``StatementExecutor``): SQLite's
/// curation store and PostgreSQL's `kb log` and `kb show --history` ask the same questions with
/// the same SQL, every value bound (DESIGN §13). Times compare byte by byte
/// (``SQLDialect/binaryOrder(_:)``), as SQLite's BINARY collation compares them: the log's
/// ISO 8601 text sorts as time only that way, whatever the PostgreSQL database's locale.
package struct ChangeLogStatements: ChangeLogStore {
    let executor: any StatementExecutor
    let dialect: any SQLDialect

    package init(executor: any StatementExecutor, dialect: any SQLDialect) {
        self.executor = executor
        self.dialect = dialect
    }

    static let columns = "id, time, author, command, reason, action, recordKind, recordId, batch, fields, version, before, after, undoes"

    /// `recordId` compared in byte order, as `changesByRecord` holds it on every store (SQLite's
    /// BINARY; PostgreSQL's index is `COLLATE "C"`, migration 5): an equality is the same in any
    /// deterministic collation, but only in the index's own does PostgreSQL use the index.
    private var recordID: String { dialect.binaryOrder("recordId") }

    private func fetch(_ statement: SQLFragment) throws -> [Change] {
        try executor.rows(statement).map(Change.init(row:))
    }

    package func changes(record: String?, since: String?, author: String?, batch: String?) throws -> [Change] {
        var conditions: [SQLFragment] = []
        if let record { conditions.append("\(sql: recordID) = \(record)") }
        if let since { conditions.append("\(sql: dialect.binaryOrder("time")) >= \(since)") }
        if let author { conditions.append("author = \(author)") }
        if let batch { conditions.append("batch = \(batch)") }
        let whereClause: SQLFragment = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try fetch("SELECT \(sql: Self.columns) FROM changes\(whereClause) ORDER BY id")
    }

    /// The link and unlink changes of the relations `claim` is the first end of, and of the
    /// relations `incoming` ("FROM KIND CLAIM", those it is the second end of), oldest first: a
    /// relation's change is logged under "FROM KIND TO", never under the claim's own id. Both
    /// through `changesByRecord`, never a scan of the log (review 13 m4): the first end as the
    /// range "CLAIM " up to "CLAIM!" (byte order, which `!` follows the space in), the second by
    /// the ids themselves.
    package func relationChanges(of claim: String, incoming: [String]) throws -> [Change] {
        var changes = try fetch(Self.relationsFromStatement(claim, dialect: dialect))
            .filter { $0.recordId.split(separator: " ", omittingEmptySubsequences: false).first.map { $0 == claim } ?? false }
        // In slices, under every engine's limit on bound values.
        let ids = Array(Set(incoming)).sorted()
        for start in stride(from: 0, to: ids.count, by: 500) {
            let slice = ids[start..<min(ids.count, start + 500)]
            changes += try fetch("SELECT \(sql: Self.columns) FROM changes WHERE \(sql: recordID) IN \(list: slice) AND recordKind = \(RecordKind.relation.rawValue)")
        }
        var seen = Set<Int64>()
        return changes.filter { seen.insert($0.id).inserted }.sorted { $0.id < $1.id }
    }

    /// The newest `limit` changes with ids below `before` that match `record`, `since` and
    /// `author` — with `record`, its own and those of the relations it is the first end of or
    /// whose ids are in `incoming` (as ``relationChanges(of:incoming:)``) — oldest first. Each
    /// source is read newest first, ids only and at most `limit` of them, along `changesByRecord`
    /// (its own kind by kind, so in id order) or the primary key; the rows themselves only for the
    /// `limit` kept (review 16 m2: a claim with 300k link changes was read whole, then capped).
    package func newest(record: String?, incoming: [String], since: String?, author: String?, batch: String?,
                        before: Int64?, limit: Int) throws -> [Change] {
        var conditions: [SQLFragment] = []
        if let batch { conditions.append("batch = \(batch)") }
        // A record's rows are found by `changesByRecord`, `before` only filtering them (`+id`): as
        // a range on the primary key it would walk the log down from `before` (review 16 m1).
        if let before { conditions.append(record == nil ? "id < \(before)" : "+id < \(before)") }
        if let since { conditions.append("\(sql: dialect.binaryOrder("time")) >= \(since)") }
        if let author { conditions.append("author = \(author)") }
        func ids(_ source: SQLFragment) throws -> [Int64] {
            try executor.rows(Self.newestIDsStatement(source, conditions, limit: limit)).compactMap { $0.int64("id") }
        }
        var found: [Int64] = []
        if let record {
            for kind in RecordKind.allCases {
                found += try ids("\(sql: recordID) = \(record) AND recordKind = \(kind.rawValue)")
            }
            found += try ids("\(sql: recordID) >= \(record + " ") AND \(sql: recordID) < \(record + "!") AND recordKind = \(RecordKind.relation.rawValue)")
            let incoming = Array(Set(incoming)).sorted()
            for start in stride(from: 0, to: incoming.count, by: 500) {
                found += try ids("\(sql: recordID) IN \(list: incoming[start..<min(incoming.count, start + 500)]) AND recordKind = \(RecordKind.relation.rawValue)")
            }
        } else {
            found = try ids("1 = 1")
        }
        let kept = Array(Set(found).sorted(by: >).prefix(limit))
        var changes: [Change] = []
        for start in stride(from: 0, to: kept.count, by: 500) {
            changes += try fetch("SELECT \(sql: Self.columns) FROM changes WHERE id IN \(list: kept[start..<min(kept.count, start + 500)])")
        }
        return changes.sorted { $0.id < $1.id }
    }

    /// The ids of the newest `limit` changes of `source` that meet `conditions` (with a plan test
    /// of its own: a record's, kind by kind, in the index's order, never sorted or scanned).
    package static func newestIDsStatement(_ source: SQLFragment, _ conditions: [SQLFragment], limit: Int) -> SQLFragment {
        "SELECT id FROM changes WHERE \(([source] + conditions).joined(separator: " AND ")) ORDER BY id DESC LIMIT \(limit)"
    }

    /// The changes of the relations `claim` is the first end of (with a plan test of its own).
    package static func relationsFromStatement(_ claim: String, dialect: any SQLDialect) -> SQLFragment {
        let recordId = dialect.binaryOrder("recordId")
        return """
            SELECT \(sql: columns) FROM changes
            WHERE \(sql: recordId) >= \(claim + " ") AND \(sql: recordId) < \(claim + "!") AND recordKind = \(RecordKind.relation.rawValue)
            """
    }

    /// The relation changes with ids in (`after`, `through`], as (id, "FROM KIND TO"): read along
    /// the primary key, each row's leading columns only, for a reader that follows the log by
    /// the relations' second ends (the web's claim pages).
    package func relationIDs(after: Int64, through: Int64) throws -> [(id: Int64, recordId: String)] {
        try executor.rows("SELECT id, recordId FROM changes WHERE id > \(after) AND id <= \(through) AND recordKind = \(RecordKind.relation.rawValue) ORDER BY id")
            .compactMap { row in row.int64("id").flatMap { id in row.string("recordId").map { (id, $0) } } }
    }

    package func changes(after id: Int64, limit: Int) throws -> [Change] {
        try fetch("SELECT \(sql: Self.columns) FROM changes WHERE id > \(id) ORDER BY id LIMIT \(limit)")
    }

    package func change(_ id: Int64) throws -> Change? {
        try fetch("SELECT \(sql: Self.columns) FROM changes WHERE id = \(id)").first
    }

    package func latestChange(kind: RecordKind, recordId: String) throws -> Change? {
        try fetch("SELECT \(sql: Self.columns) FROM changes WHERE \(sql: recordID) = \(recordId) AND recordKind = \(kind.rawValue) ORDER BY id DESC LIMIT 1").first
    }

    package func lastChangeID() throws -> Int64 {
        try executor.value("SELECT coalesce(max(id), 0) FROM changes")?.int64 ?? 0
    }

    package func changeCount(after id: Int64) throws -> Int {
        try executor.value("SELECT count(*) FROM changes WHERE id > \(id)")?.int64.map(Int.init) ?? 0
    }

    package func latestInitChange() throws -> Int64? {
        try executor.value("SELECT max(id) FROM changes WHERE action = 'init'")?.int64
    }

    package func lastChangeID(inBatch batch: String) throws -> Int64? {
        try executor.value("SELECT max(id) FROM changes WHERE batch = \(batch)")?.int64
    }

    package func undo(ofChange id: Int64, batch: String?) throws -> (id: Int64, undoes: Int64, author: String, time: String)? {
        // Without a batch, the change alone: `c.batch = NULL` would leave the parameter's type
        // for PostgreSQL to guess.
        let scope: SQLFragment = batch.map { (batch: String) -> SQLFragment in "c.id = \(id) OR c.batch = \(batch)" } ?? "c.id = \(id)"
        guard let row = try executor.rows("SELECT u.id, u.undoes, u.author, u.time FROM changes u WHERE u.undoes IN (SELECT c.id FROM changes c WHERE \(scope)) LIMIT 1").first,
              let undo = row.int64("id"), let undoes = row.int64("undoes") else { return nil }
        return (undo, undoes, row.string("author") ?? "", row.string("time") ?? "")
    }

    package func laterChanges(batch: String?, change id: Int64) throws -> [(original: Int64, later: Int64)] {
        let scope: SQLFragment = batch.map { (batch: String) -> SQLFragment in "c.batch = \(batch)" } ?? "c.id = \(id)"
        // `inEffect(X)`: no undo of X that is itself still in effect (one level of redo: an undo
        // of an undo puts X back).
        return try executor.rows("""
            SELECT c.id AS original, l.id FROM changes c JOIN changes l ON \(sql: dialect.binaryOrder("l.recordId")) = \(sql: dialect.binaryOrder("c.recordId")) AND l.recordKind = c.recordKind AND l.id > c.id
            WHERE \(scope)
              AND NOT EXISTS (SELECT 1 FROM changes u WHERE u.undoes = l.id AND NOT EXISTS (SELECT 1 FROM changes r WHERE r.undoes = u.id))
              AND NOT (l.undoes IS NOT NULL AND l.undoes > c.id AND NOT EXISTS (SELECT 1 FROM changes r WHERE r.undoes = l.id))
            ORDER BY l.id
            """).compactMap { row in row.int64("original").flatMap { original in row.int64("id").map { (original, $0) } } }
    }
}
