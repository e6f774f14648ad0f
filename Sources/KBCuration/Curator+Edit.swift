import Foundation
import KBDomain
import KBStore

extension Curator {
    /// `kb edit ID FIELD=VALUE…`: changes fields of a source, study or claim (`FIELD=` clears
    /// one). With `options.ifVersion`, refuses when the record moved on since that version.
    public func edit(_ id: String, fields: [FieldAssignment], options: CurationOptions) throws -> CurationResult {
        try write { db in
            let (before, version) = try Self.require(id, in: db)
            var editor = RecordEditor(db: db, store: knowledgeBase.queryStore(db.database))
            let after = editor.apply(fields, to: before, isNew: false)
            if let taken = try Self.doiTaken(after, fields: fields, in: db) { editor.problems.append(taken) }
            if !editor.problems.isEmpty { throw DiagnosticList(editor.problems) }
            try Self.checkVersion(before.kind, before.slug, current: version, expected: options.ifVersion, in: db)
            try Self.checkStudyKeepsClaims(before, after, in: db)
            let result = try Self.replace(before, with: after, action: "edit", options: options, in: db)
            try Self.checkStillIndependent(before, after, in: db)
            return result
        }
    }

    /// Refuses (exit 3; the transaction rolls back) an edit of a claim's source or study that
    /// makes a replication it takes part in (`replicates`, `fails-to-replicate`, either end) no
    /// longer an independent, sourced study's finding, as `kb link` would have refused it.
    static func checkStillIndependent(_ before: RecordSnapshot, _ after: RecordSnapshot, in db: SQLiteCurationStore) throws {
        guard case let .claim(old) = before, case let .claim(new) = after,
              old.sourceSlug != new.sourceSlug || old.studySlug != new.studySlug else { return }
        try ReplicationIndependence.checkStillIndependent(claims: [new.slug], in: db.database)
    }

    /// Refuses to move a study that has claims to another source: its claims would keep the old
    /// source while their study cites the new one (the schema's claim–study–source rule).
    static func checkStudyKeepsClaims(_ before: RecordSnapshot, _ after: RecordSnapshot, in db: SQLiteCurationStore) throws {
        guard case let .study(old) = before, case let .study(new) = after, old.sourceSlug != new.sourceSlug else { return }
        let claims = try db.claimSlugs(ofStudy: old.slug, limit: 6)
        guard !claims.isEmpty else { return }
        throw CurationConflict("study '\(old.slug)' cannot move to source '\(new.sourceSlug)': its claims cite source '\(old.sourceSlug)' ("
                               + claims.prefix(5).joined(separator: ", ") + (claims.count > 5 ? ", …" : "")
                               + "); move each claim first (kb edit CLAIM source=\(new.sourceSlug) study=…) or remove them")
    }

    /// Writes `after` over `before` and logs it; nothing when they are the same.
    static func replace(_ before: RecordSnapshot, with after: RecordSnapshot, action: String, batch: String? = nil, undoes: Int64? = nil,
                        options: CurationOptions, in db: SQLiteCurationStore) throws -> CurationResult {
        var result = CurationResult()
        result.ids = [before.slug]
        let fields = RecordSnapshot.changedFields(from: before, to: after)
        guard !fields.isEmpty else {
            result.notes.append("nothing changed: \(before.kind.rawValue) '\(before.slug)' already has those values")
            return result
        }
        try store([after], in: db)
        let stored = try RecordSnapshot.read(before.kind, slug: before.slug, in: db.database) ?? after
        // What the record holds now: a claim's stated replication status can roll up to the one
        // it already showed.
        let storedFields = RecordSnapshot.changedFields(from: before, to: stored)
        guard !storedFields.isEmpty else {
            result.notes.append("nothing changed: \(before.kind.rawValue) '\(before.slug)' already has those values")
            return result
        }
        let version = try bump(before.kind, before.slug, in: db)
        let id = try ChangeRecorder.append(options.context, action: action, kind: before.kind, recordId: before.slug, batch: batch, fields: storedFields,
                                           version: version, before: before.text, after: stored.text, undoes: undoes, in: db.database)
        result.changes = try fetchChanges([id], in: db)
        result.findings = try audit([(before.kind, before.slug)], strict: options.strict, in: db)
        return result
    }

    /// `kb notice SOURCE --type … --date … --reason …`: a dated editorial notice on a source
    /// (a retraction lowers the grade of every claim of the source).
    public func notice(_ sourceID: String, kind: NoticeKind, date: String?, reason: String?, url: String?,
                       options: CurationOptions) throws -> CurationResult {
        try write { db in
            guard let before = try RecordSnapshot.read(.source, slug: sourceID, in: db.database), case var .source(source) = before else {
                let near = try knowledgeBase.queryStore(db.database).sourceSlugs(near: sourceID)
                throw KBError.notFound(what: "source", name: sourceID, suggestions: near)
            }
            // A notice is typed and dated, with its reason (DESIGN §9).
            guard let date, !date.isEmpty else { throw KBError.invalidInput("--date: a notice needs the date it appeared (2024, 2024-05 or 2024-05-02)") }
            guard let reason, !reason.isEmpty else { throw KBError.invalidInput("--reason: a notice needs its reason (\"data fabrication\")") }
            guard let parsed = PartialDate(parsing: date) else {
                throw KBError.invalidInput("--date: expected a date such as 2023, 2025-09 or 2025-09-23, found '\(date)'")
            }
            let now = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(secondsFromGMT: 0) ?? .current, from: Date())
            let (year, month, day) = (now.year ?? 9999, now.month ?? 12, now.day ?? 31)
            guard parsed.year < year || (parsed.year == year && (parsed.month ?? 1, parsed.day ?? 1) <= (month, day)) else {
                throw KBError.invalidInput("--date: \(date) is in the future")
            }
            let version = try Self.version(.source, sourceID, in: db) ?? 1
            try Self.checkVersion(.source, sourceID, current: version, expected: options.ifVersion, in: db)
            source.notices.append(Notice(kind: kind, date: date, reason: reason, url: url))
            var result = try Self.replace(before, with: .source(source), action: "edit", options: options, in: db)
            // The claims of the source: their grade follows the notice.
            let claims = try db.claimSlugs(ofSource: sourceID)
            result.findings += try Self.audit(claims.map { (.claim, $0) }, strict: options.strict, in: db)
            return result
        }
    }

    /// The kinds of relation `kb link` makes between claims.
    public static let relationKinds = ["replicates", "fails-to-replicate", "supports", "contradicts"]

    /// `kb link CLAIM --replicates|--fails-to-replicate|--supports|--contradicts CLAIM`.
    public func link(_ from: String, kind: String, to: String, note: String?, options: CurationOptions) throws -> CurationResult {
        try write { db in
            guard Self.relationKinds.contains(kind) else {
                throw KBError.usage("unknown relation '\(kind)'; expected one of: \(Self.relationKinds.joined(separator: ", "))")
            }
            let ids = try [from, to].map { slug -> Int64 in
                if let id = try db.recordID(.claim, slug) { return id }
                let near = Suggestions.nearest(to: slug, in: try db.claimSlugs())
                throw KBError.notFound(what: "claim", name: slug, suggestions: near)
            }
            guard ids[0] != ids[1] else { throw KBError.usage("a claim cannot be linked to itself") }
            if Self.rollsUp(kind) { try Self.checkIndependent(from, kind: kind, to, ids: (ids[0], ids[1]), in: db) }
            var result = CurationResult()
            let recordId = "\(from) \(kind) \(to)"
            result.ids = [recordId]
            if try db.relationExists(from: ids[0], kind: kind, to: ids[1]) {
                result.notes.append("nothing changed: \(recordId) is already recorded")
                return result
            }
            try db.insertRelation(from: ids[0], kind: kind, to: ids[1], note: note)
            let rollsUp = kind == "replicates" || kind == "fails-to-replicate"
            let batch = rollsUp ? "link-" + UUID().uuidString.prefix(8).lowercased() : nil
            let change = try ChangeRecorder.append(options.context, action: "link", kind: .relation, recordId: recordId, batch: batch, before: nil,
                                                   after: Self.relationJSON(from: from, kind: kind, to: to, note: note), in: db.database)
            result.changes = try Self.fetchChanges([change], in: db)
            // The replicated claim's status (and so its strength and grade) follows its replications:
            // the roll-up of its stated status and every attempt on it (imported and linked).
            if rollsUp {
                result.changes += try Self.recomputeReplication(of: to, batch: batch, options: options, in: db)
            }
            result.findings = try Self.audit([(.claim, from), (.claim, to)], strict: options.strict, in: db)
            return result
        }
    }

    /// A claim's replication status once replications that succeeded (`replicated`) or failed
    /// (`failed`) are linked to it: both make it mixed; one kind agrees with or contradicts
    /// what was known.
    static func rollUp(_ current: ReplicationStatus, replicated: Bool, failed: Bool) -> ReplicationStatus {
        ReplicationAttempts.rollUp(current, replicated: replicated, failed: failed)
    }

    static func relationJSON(from: String, kind: String, to: String, note: String?) -> String {
        var object: [String: String] = ["from": from, "kind": kind, "to": to]
        if let note { object["note"] = note }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
