import Foundation
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

    /// The reason as `kb log` and the change log page show it: an undo's "undoes N" first, then
    /// the reason given, if any ("undoes 944" alone, not "undoes 944; ", trial 21 m4).
    public var shownReason: String {
        let given = reason.flatMap { $0.isEmpty ? nil : $0 }
        return [undoes.map { "undoes \($0)" }, given].compactMap { $0 }.joined(separator: "; ")
    }

    /// A row of `changes` as a store returned it (``ChangeLogStatements``).
    init(row: SQLRow) {
        id = row.int64("id") ?? 0
        time = row.string("time") ?? ""
        author = row.string("author") ?? ""
        command = row.string("command") ?? ""
        reason = row.string("reason")
        action = row.string("action") ?? ""
        recordKind = row.string("recordKind") ?? ""
        recordId = row.string("recordId") ?? ""
        batch = row.string("batch")
        let fieldsText = row.string("fields") ?? ""
        fields = (try? JSONSerialization.jsonObject(with: Data(fieldsText.utf8))) as? [String] ?? ["*"]
        version = row.int("version")
        before = row.string("before")
        after = row.string("after")
        undoes = row.int64("undoes")
    }
}
