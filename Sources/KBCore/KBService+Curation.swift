import Foundation

/// Curation (DESIGN §9) on the facade: the faces (`kb add`, `kb edit`… and later `kb serve`)
/// call these, so that every face writes, validates and logs the same way.
extension KBService {
    public var curator: Curator { Curator(knowledgeBase) }

    public func add(_ kind: RecordKind, fields: [FieldAssignment], options: CurationOptions) throws -> CurationResult {
        try curator.add(kind, fields: fields, options: options)
    }

    public func add(from file: SeedFile, options: CurationOptions) throws -> CurationResult {
        try curator.add(from: file, options: options)
    }

    public func edit(_ id: String, fields: [FieldAssignment], options: CurationOptions) throws -> CurationResult {
        try curator.edit(id, fields: fields, options: options)
    }

    public func notice(_ source: String, kind: NoticeKind, date: String?, reason: String?, url: String?, options: CurationOptions) throws -> CurationResult {
        try curator.notice(source, kind: kind, date: date, reason: reason, url: url, options: options)
    }

    public func link(_ from: String, kind: String, to: String, note: String?, options: CurationOptions) throws -> CurationResult {
        try curator.link(from, kind: kind, to: to, note: note, options: options)
    }

    public func remove(_ id: String, cascade: Bool, options: CurationOptions) throws -> CurationResult {
        try curator.remove(id, cascade: cascade, options: options)
    }

    public func undo(_ change: Int64, force: Bool, options: CurationOptions) throws -> CurationResult {
        try curator.undo(change, force: force, options: options)
    }

    public func log(_ filter: ChangeLog.Filter = .init()) throws -> [Change] {
        try curator.log(filter)
    }
}
