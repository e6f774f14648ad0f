import GRDB

/// Where the knowledge base's content stands: the newest change-log row and the newest import
/// run. Every write kb makes appends to one of them in the same transaction (curation, undo and
/// imports log their changes; a load without a log records its import run), so two equal
/// versions mean the same content — whoever wrote, this process or another on the same file.
/// A server keys what it computes once per state (the gap maps) by it.
///
/// `PRAGMA data_version` cannot serve: its value means something only to the connection that
/// read it, a reader pool has several, and it ignores the connection's own writes.
public struct ContentVersion: Sendable, Hashable, CustomStringConvertible {
    public var change: Int64
    public var importRun: Int64

    public init(change: Int64, importRun: Int64) {
        self.change = change
        self.importRun = importRun
    }

    public var description: String { "\(change).\(importRun)" }
}

extension KnowledgeBase {
    /// The content's version now (two primary-key look-ups).
    public func contentVersion() throws -> ContentVersion {
        try reader.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT (SELECT coalesce(max(id), 0) FROM changes), (SELECT coalesce(max(id), 0) FROM importRun)
                """)
            return ContentVersion(change: row?[0] ?? 0, importRun: row?[1] ?? 0)
        }
    }
}
