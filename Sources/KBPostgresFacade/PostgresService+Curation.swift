import Foundation
import KBCore
import KBPostgres

/// Curation on PostgreSQL (issue 19): the curator's own rules, messages and change log, run on a
/// copy of the knowledge base taken inside the write's transaction, whose changed rows are then
/// written back by key (``PostgresStore/curationWrite(record:_:finish:)`` says why and how no
/// update is lost): `kb add`, `kb edit`, `kb notice`, `kb link`, `kb remove` and `kb undo`.
extension PostgresService {
    /// `kb add KIND --FIELD VALUE…` on PostgreSQL, as ``Curator/add(_:fields:options:)`` adds to a
    /// file: the same checks, id, refusals (a duplicate id, a bad value, an unknown source) and
    /// change-log row. The curator may make the id, so the copy holds the whole change log (as for
    /// `kb undo`) rather than one record's.
    public func add(_ kind: RecordKind, fields: [FieldAssignment], options: CurationOptions) throws -> CurationResult {
        try curate(record: nil) { try $0.add(kind, fields: fields, options: options) }
    }

    /// `kb add --from FILE` on PostgreSQL, as ``Curator/add(from:options:)``: every record of the
    /// file in one batch, all or nothing.
    public func add(from file: SeedFile, options: CurationOptions) throws -> CurationResult {
        try curate(record: nil) { try $0.add(from: file, options: options) }
    }

    /// `kb edit ID FIELD=VALUE…` on PostgreSQL, as ``Curator/edit(_:fields:options:)`` edits a
    /// file: the same validation, version check (`--if-version`), strength and grade, change-log
    /// row and audit findings; the changes returned are the server's (their ids are its own).
    public func edit(_ id: String, fields: [FieldAssignment], options: CurationOptions) throws -> CurationResult {
        try curate(record: id) { try $0.edit(id, fields: fields, options: options) }
    }

    /// `kb notice SOURCE …` on PostgreSQL, as ``Curator/notice(_:kind:date:reason:url:options:)``:
    /// the notice, the source's new version and the grade of its claims.
    public func notice(_ source: String, kind: NoticeKind, date: String?, reason: String?, url: String?, options: CurationOptions) throws -> CurationResult {
        try curate(record: source) { try $0.notice(source, kind: kind, date: date, reason: reason, url: url, options: options) }
    }

    /// `kb link CLAIM --KIND CLAIM` on PostgreSQL, as ``Curator/link(_:kind:to:note:options:)``:
    /// the relation, and the replicated claim's status rolled up.
    public func link(_ from: String, kind: String, to: String, note: String?, options: CurationOptions) throws -> CurationResult {
        try curate(record: to) { try $0.link(from, kind: kind, to: to, note: note, options: options) }
    }

    /// `kb remove ID [--cascade]` on PostgreSQL, as ``Curator/remove(_:cascade:options:)``: the
    /// rows the copy deleted (the record, its dependents, their relations) are deleted on the server.
    public func remove(_ id: String, cascade: Bool, options: CurationOptions) throws -> CurationResult {
        try curate(record: id) { try $0.remove(id, cascade: cascade, options: options) }
    }

    /// `kb undo CHANGE [--force]` on PostgreSQL, as ``Curator/undo(_:force:options:)``: the copy
    /// holds the whole change log (the undo reads the change, its batch, later changes and undos);
    /// a record it puts back keeps the id the copy gave it.
    public func undo(_ change: Int64, force: Bool, options: CurationOptions) throws -> CurationResult {
        try curate(record: nil) { try $0.undo(change, force: force, options: options) }
    }

    /// Runs a curator's write on the copy and returns its result with the server's changes.
    private func curate(record: String?, _ write: (Curator) throws -> CurationResult) throws -> CurationResult {
        try store.curationWrite(record: record) { copy in
            try write(Curator(copy))
        } finish: { result, serverIDs, executor in
            var result = result
            let log = ChangeLogStatements(executor: executor, dialect: PostgresDialect())
            result.changes = try result.changes.map { change in
                guard let id = serverIDs[change.id], let stored = try log.change(id) else {
                    throw KBError.invalidInput("change \(change.id) of this write was not written to \(location.redacted)")
                }
                return stored
            }
            return result
        }
    }
}
