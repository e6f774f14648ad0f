import Foundation
import GRDB
import KBDomain

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
}
