import Foundation
import GRDB
import KBDomain
import KBStore

/// One row of the change log (`changes`, migration 8).
public struct Change: Sendable, Equatable, Codable {
    public var id: Int64
    public var time: String
    public var author: String
    public var command: String
    public var reason: String?
    /// `add`, `edit`, `remove`, `link`, `unlink` or `init`.
    public var action: String
    public var recordKind: String
    public var recordId: String
    /// The import or `add --from` the change is part of, if any.
    public var batch: String?
    /// The fields the change touched; `*` for a whole record.
    public var fields: [String]
    /// The record's version after the change.
    public var version: Int?
    public var before: String?
    public var after: String?
    /// The change this one reversed (`kb undo`).
    public var undoes: Int64?

    init(row: Row) {
        id = row["id"]
        time = row["time"]
        author = row["author"]
        command = row["command"]
        reason = row["reason"]
        action = row["action"]
        recordKind = row["recordKind"]
        recordId = row["recordId"]
        batch = row["batch"]
        let fieldsText: String = row["fields"]
        fields = (try? JSONSerialization.jsonObject(with: Data(fieldsText.utf8))) as? [String] ?? ["*"]
        version = row["version"]
        before = row["before"]
        after = row["after"]
        undoes = row["undoes"]
    }

    /// Whether two changes' fields overlap (`*` overlaps everything).
    func overlaps(_ other: Change) -> Bool {
        fields.contains("*") || other.fields.contains("*") || !Set(fields).isDisjoint(with: other.fields)
    }
}

/// Reads the change log: `kb log`, `kb show --history`, and what `kb undo` and `--if-version`
/// need to know.
public struct ChangeLog: Sendable {
    public struct Filter: Sendable, Equatable {
        /// A record's id (slug); its changes only.
        public var record: String?
        /// Changes at or after this time (ISO 8601; a date alone means its start).
        public var since: String?
        public var author: String?
        public var batch: String?

        public init(record: String? = nil, since: String? = nil, author: String? = nil, batch: String? = nil) {
            self.record = record
            self.since = since
            self.author = author
            self.batch = batch
        }
    }

    static let columns = "id, time, author, command, reason, action, recordKind, recordId, batch, fields, version, before, after, undoes"

    /// The changes that match `filter`, oldest first.
    static func changes(_ filter: Filter, in db: Database) throws -> [Change] {
        var conditions: [SQLFragment] = []
        if let record = filter.record { conditions.append("recordId = \(record)") }
        if let since = filter.since { conditions.append("time >= \(Self.normalised(since: since))") }
        if let author = filter.author { conditions.append("author = \(author)") }
        if let batch = filter.batch { conditions.append("batch = \(batch)") }
        let whereClause: SQLFragment = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try db.fetchRows("SELECT \(sql: columns) FROM changes\(whereClause) ORDER BY id").map(Change.init(row:))
    }

    /// The first `limit` changes after change `id`, oldest first.
    static func changes(after id: Int64, limit: Int, in db: Database) throws -> [Change] {
        try db.fetchRows("SELECT \(sql: columns) FROM changes WHERE id > \(id) ORDER BY id LIMIT \(limit)").map(Change.init(row:))
    }

    static func change(_ id: Int64, in db: Database) throws -> Change? {
        try db.fetchRow("SELECT \(sql: columns) FROM changes WHERE id = \(id)").map(Change.init(row:))
    }

    /// The latest change of a record, for "changed since version N by AUTHOR at TIME".
    static func latest(kind: RecordKind, recordId: String, in db: Database) throws -> Change? {
        try db.fetchRow("SELECT \(sql: columns) FROM changes WHERE recordId = \(recordId) AND recordKind = \(kind.rawValue) ORDER BY id DESC LIMIT 1")
            .map(Change.init(row:))
    }

    /// `since` as the log writes times (`2026-11-30T04:10:00Z`), so that the text comparison
    /// is a time comparison: `04:10Z` alone would sort after `04:10:30Z` and leave it out.
    static func normalised(since text: String) -> String {
        guard text.count > 10 else { return text }
        var time = text.hasSuffix("Z") ? String(text.dropLast()) : text
        if time.count == 16 { time += ":00" }
        return time + "Z"
    }

    /// Checks `since` is a date or a time kb can compare: `2026-11-30` or `2026-11-30T04:10:00Z`.
    public static func validSince(_ text: String) -> Bool {
        text.range(of: #"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?Z?)?$"#, options: .regularExpression) != nil
    }
}
