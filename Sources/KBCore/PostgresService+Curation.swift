import Foundation
import KBPostgres

/// Curation on PostgreSQL (issue 19): the curator's own rules, messages and change log, run on a
/// copy of the knowledge base taken inside the write's transaction, whose changed rows are then
/// written back by key (``PostgresStore/curationWrite(record:_:finish:)`` says why and how no
/// update is lost). So far `kb edit`; the other curation commands refuse a PostgreSQL location.
extension PostgresService {
    /// `kb edit ID FIELD=VALUE…` on PostgreSQL, as ``Curator/edit(_:fields:options:)`` edits a
    /// file: the same validation, version check (`--if-version`), strength and grade, change-log
    /// row and audit findings; the changes returned are the server's (their ids are its own).
    public func edit(_ id: String, fields: [FieldAssignment], options: CurationOptions) throws -> CurationResult {
        try store.curationWrite(record: id) { copy in
            try Curator(copy).edit(id, fields: fields, options: options)
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
