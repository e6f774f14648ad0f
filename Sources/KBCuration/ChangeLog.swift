import Foundation
import KBDomain
import KBStore

extension Change {
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

    /// The changes that match `filter`, oldest first.
    package static func changes(_ filter: Filter, in db: some ChangeLogStore) throws -> [Change] {
        try db.changes(record: filter.record, since: filter.since.map { Self.normalised(since: $0) }, author: filter.author, batch: filter.batch)
    }

    /// The first `limit` changes after change `id`, oldest first.
    static func changes(after id: Int64, limit: Int, in db: some ChangeLogStore) throws -> [Change] {
        try db.changes(after: id, limit: limit)
    }

    static func change(_ id: Int64, in db: some ChangeLogStore) throws -> Change? {
        try db.change(id)
    }

    /// The latest change of a record, for "changed since version N by AUTHOR at TIME".
    static func latest(kind: RecordKind, recordId: String, in db: some ChangeLogStore) throws -> Change? {
        try db.latestChange(kind: kind, recordId: recordId)
    }

    /// `since` as the log writes times (`2026-11-30T04:10:00Z`), so that the text comparison
    /// is a time comparison: `04:10Z` alone would sort after `04:10:30Z` and leave it out.
    package static func normalised(since text: String) -> String {
        guard text.count > 10 else { return text }
        var time = text.hasSuffix("Z") ? String(text.dropLast()) : text
        if time.count == 16 { time += ":00" }
        return time + "Z"
    }

    /// Checks `since` is a date or a time kb can compare: `2026-11-30` or `2026-11-30T04:10:00Z`.
    public static func validSince(_ text: String) -> Bool {
        guard text.range(of: #"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?Z?)?$"#, options: .regularExpression) != nil,
              PartialDate(parsing: String(text.prefix(10)))?.day != nil else { return false }
        guard text.count > 10 else { return true }
        // The time: hours 00–23, minutes and seconds 00–59.
        let parts = text.dropFirst(11).prefix { $0 != "Z" }.split(separator: ":")
        let clock = parts.compactMap { $0.allSatisfy(\.isASCII) ? Int($0) : nil }
        return clock.count == parts.count && clock.count >= 2 && clock[0] < 24 && clock.dropFirst().allSatisfy { $0 < 60 }
    }
}
