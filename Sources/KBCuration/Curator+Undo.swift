import Foundation
import GRDB
import KBDomain
import KBStore

extension Curator {
    /// `kb undo CHANGE`: new changes that restore what `change` (with every change of its batch:
    /// a whole import or `add --from`) replaced. Refused when a later change touched the same
    /// fields of the same record (unless `force`), when it was already undone, or when records
    /// added since depend on what the undo would remove.
    public func undo(_ changeID: Int64, force: Bool, options: CurationOptions) throws -> CurationResult {
        try write { db in
            guard let target = try ChangeLog.change(changeID, in: db) else {
                throw KBError.notFound(what: "change", name: String(changeID), suggestions: [])
            }
            guard target.action != "init" else { throw CurationConflict("change \(changeID) built the knowledge base (kb init); it cannot be undone") }
            let group = try target.batch.map { try ChangeLog.changes(.init(batch: $0), in: db) } ?? [target]
            let members = Set(group.map(\.id))
            if let undone = try Row.fetchOne(db, sql: """
                SELECT u.id, u.undoes, u.author, u.time FROM changes u WHERE u.undoes IN (SELECT c.id FROM changes c WHERE c.id = ? OR (c.batch IS NOT NULL AND c.batch = ?)) LIMIT 1
                """, arguments: [changeID, target.batch]) {
                let (undoneID, by, author, time): (Int64, Int64, String, String) = (undone["undoes"], undone["id"], undone["author"], undone["time"])
                throw CurationConflict("change \(undoneID) was already undone by change \(by) (\(author) at \(time))")
            }
            try Self.checkLater(group, members: members, force: force, in: db)
            let batch = group.count > 1 ? "undo-" + (target.batch ?? String(changeID)) : nil
            var written: [Int64] = []
            var touched: [(RecordKind, String)] = []
            // Additions, set-wise (an import may have added a million claims): claims first.
            let added = group.filter { $0.action == "add" }
            if !added.isEmpty {
                try Self.checkAdditionsFree(target: target, added: added, in: db)
                for kind in [RecordKind.claim, .study, .source, .entity] where added.contains(where: { $0.recordKind == kind.rawValue }) {
                    let first = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM changes") ?? 0
                    let scope = target.batch == nil ? "c.id = ?" : "c.batch = ?"
                    let key: DatabaseValueConvertible = target.batch ?? String(changeID)
                    let keyArgument: DatabaseValueConvertible = target.batch == nil ? changeID : key
                    try db.execute(sql: """
                        INSERT INTO changes (time, author, command, reason, action, recordKind, recordId, batch, fields, version, before, after, undoes)
                        SELECT ?, ?, ?, ?, 'remove', c.recordKind, c.recordId, ?, '["*"]', c.version, c.after, NULL, c.id
                        FROM changes c WHERE \(scope) AND c.action = 'add' AND c.recordKind = ? ORDER BY c.id DESC
                        """, arguments: [options.context.timestamp, options.context.author, options.context.command, options.context.reason,
                                         batch, keyArgument, kind.rawValue])
                    let slugs = "SELECT c.recordId FROM changes c WHERE \(scope) AND c.action = 'add' AND c.recordKind = ?"
                    if let table = kind.table {
                        try db.execute(sql: "DELETE FROM \(table) WHERE slug IN (\(slugs))", arguments: [keyArgument, kind.rawValue])
                    } else {
                        try db.execute(sql: "DELETE FROM entity WHERE kind || ':' || slug IN (\(slugs))", arguments: [keyArgument, kind.rawValue])
                    }
                    written += try Int64.fetchAll(db, sql: "SELECT id FROM changes WHERE id > ? ORDER BY id", arguments: [first])
                }
            }
            for change in group.reversed() where change.action != "add" {
                let kind = RecordKind(rawValue: change.recordKind)
                switch (change.action, kind) {
                case ("edit", .some(let kind)) where kind.table != nil:
                    guard let current = try RecordSnapshot.read(kind, slug: change.recordId, in: db), let beforeText = change.before else {
                        throw CurationConflict("\(kind.rawValue) '\(change.recordId)' no longer exists; change \(change.id) cannot be undone")
                    }
                    let before = try RecordSnapshot(kind: kind, text: beforeText)
                    var fields = current.fields
                    let old = before.fields
                    if change.fields.contains("*") { fields = old } else {
                        for field in change.fields { fields[field] = old[field] }
                    }
                    let restored = try RecordSnapshot(kind: kind, fields: fields)
                    let result = try Self.replace(current, with: restored, action: "edit", batch: batch, undoes: change.id, options: options, in: db)
                    written += result.changes.map(\.id)
                    touched.append((kind, change.recordId))
                case ("remove", .some(let kind)) where kind.table != nil:
                    guard let beforeText = change.before else { continue }
                    guard try RecordSnapshot.read(kind, slug: change.recordId, in: db) == nil else {
                        throw CurationConflict("a \(kind.rawValue) '\(change.recordId)' exists again; change \(change.id) cannot be undone")
                    }
                    let before = try RecordSnapshot(kind: kind, text: beforeText)
                    try Self.store([before], in: db)
                    // Versions keep counting up across a removal and its undo.
                    try db.execute(sql: "UPDATE \(kind.table ?? "claim") SET version = ? WHERE slug = ?", arguments: [(change.version ?? 0) + 1, change.recordId])
                    let version = (change.version ?? 0) + 1
                    written.append(try ChangeRecorder.append(options.context, action: "add", kind: kind, recordId: change.recordId, batch: batch,
                                                             version: version, before: nil, after: before.text, undoes: change.id, in: db))
                    touched.append((kind, change.recordId))
                case ("link", .relation), ("unlink", .relation):
                    let parts = change.recordId.split(separator: " ").map(String.init)
                    guard parts.count == 3 else { continue }
                    let text = change.after ?? change.before ?? "{}"
                    let note = ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any])?["note"] as? String
                    if change.action == "link" {
                        _ = try Self.unlink(parts[0], parts[1], parts[2], in: db)
                    } else {
                        try db.execute(sql: """
                            INSERT OR IGNORE INTO claimRelation (fromClaimId, kind, toClaimId, note)
                            SELECT f.id, ?, t.id, ? FROM claim f, claim t WHERE f.slug = ? AND t.slug = ?
                            """, arguments: [parts[1], note, parts[0], parts[2]])
                    }
                    written.append(try ChangeRecorder.append(options.context, action: change.action == "link" ? "unlink" : "link", kind: .relation,
                                                             recordId: change.recordId, batch: batch,
                                                             before: change.action == "link" ? text : nil, after: change.action == "link" ? nil : text,
                                                             undoes: change.id, in: db))
                default:
                    continue
                }
            }
            var result = CurationResult()
            result.ids = group.map(\.recordId)
            result.changes = try Self.fetchChanges(written, in: db)
            result.findings = try Self.audit(touched, strict: options.strict, in: db)
            return result
        }
    }

    /// Refuses when a change after the group touched a field the group changed.
    static func checkLater(_ group: [Change], members: Set<Int64>, force: Bool, in db: Database) throws {
        guard !force else { return }
        let scope = group.first?.batch == nil ? "c.id = ?" : "c.batch = ?"
        let key: DatabaseValueConvertible = group.first?.batch ?? group.first?.id ?? 0
        let later = try Row.fetchAll(db, sql: """
            SELECT c.id AS original, l.id FROM changes c JOIN changes l ON l.recordId = c.recordId AND l.recordKind = c.recordKind AND l.id > c.id
            WHERE \(scope) ORDER BY l.id
            """, arguments: [key])
        let byID = Dictionary(group.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for row in later {
            let laterID: Int64 = row["id"]
            guard !members.contains(laterID), let original = byID[row["original"]], let change = try ChangeLog.change(laterID, in: db),
                  original.overlaps(change) else { continue }
            let fields = original.fields.contains("*") ? "the whole record" : original.fields.joined(separator: ", ")
            throw CurationConflict("change \(original.id) (\(original.action) of \(original.recordKind) '\(original.recordId)': \(fields)) was overridden by "
                                   + "change \(change.id) (\(change.author) at \(change.time), \(change.command)); "
                                   + "undo change \(change.id) first, or kb undo \(original.id) --force to restore it anyway")
        }
    }

    /// Refuses to remove what an undo of additions would remove when records added since
    /// (outside the group) depend on it.
    static func checkAdditionsFree(target: Change, added: [Change], in db: Database) throws {
        let sources = added.filter { $0.recordKind == "source" }.map(\.recordId)
        let studies = added.filter { $0.recordKind == "study" }.map(\.recordId)
        let claims = Set(added.filter { $0.recordKind == "claim" }.map(\.recordId))
        for chunk in sources.chunked(into: 500) {
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            let dependent = try String.fetchAll(db, sql: """
                SELECT c.slug FROM claim c JOIN source s ON s.id = c.sourceId WHERE s.slug IN (\(marks))
                UNION SELECT c.slug FROM claimReplication r JOIN claim c ON c.id = r.claimId JOIN source s ON s.id = r.sourceId WHERE s.slug IN (\(marks))
                """, arguments: StatementArguments(chunk + chunk)).filter { !claims.contains($0) }
            if let first = dependent.first {
                throw CurationConflict("undoing change \(target.id) would remove sources that claim '\(first)' (added later) depends on; remove it first")
            }
        }
        for chunk in studies.chunked(into: 500) {
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            let dependent = try String.fetchAll(db, sql: "SELECT c.slug FROM claim c JOIN study st ON st.id = c.studyId WHERE st.slug IN (\(marks))",
                                                arguments: StatementArguments(chunk)).filter { !claims.contains($0) }
            if let first = dependent.first {
                throw CurationConflict("undoing change \(target.id) would remove a study that claim '\(first)' (added later) depends on; remove it first")
            }
        }
    }
}

