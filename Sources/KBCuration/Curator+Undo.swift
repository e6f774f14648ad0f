import Foundation
import KBDomain
import KBStore

extension Curator {
    /// `kb undo CHANGE`: new changes that restore what `change` (with every change of its batch:
    /// a whole import or `add --from`) replaced. Refused when a later change touched the same
    /// fields of the same record (unless `force`), when it was already undone, when it was made
    /// before the knowledge base was rebuilt (`kb init --force`), or when records outside the
    /// batch depend on what the undo would remove.
    public func undo(_ changeID: Int64, force: Bool, options: CurationOptions) throws -> CurationResult {
        try write { db in
            guard let target = try ChangeLog.change(changeID, in: db) else {
                throw KBError.notFound(what: "change", name: String(changeID), suggestions: [])
            }
            guard target.action != "init" else { throw CurationConflict("change \(changeID) built the knowledge base (kb init); it cannot be undone") }
            try Self.checkAfterLatestInit(target, in: db)
            let group = try target.batch.map { try ChangeLog.changes(.init(batch: $0), in: db) } ?? [target]
            let members = Set(group.map(\.id))
            if let undone = try db.undo(ofChange: changeID, batch: target.batch) {
                let (undoneID, by, author, time) = (undone.undoes, undone.id, undone.author, undone.time)
                // The change asked for, and its batch when another change of it was the one undone.
                let which = undoneID == changeID ? "" : " (with its batch \(target.batch ?? ""))"
                throw CurationConflict("change \(changeID) was already undone\(which) by change \(by) (\(author) at \(time))")
            }
            try Self.checkLater(group, members: members, force: force, in: db)
            // An undo's batch is `undo-` and the undone batch's name, whatever the batch's size: a
            // one-change link batch's undo is still read as an undo of a link (``isRollUpBatch(_:)``).
            let batch = group.count > 1 || target.batch != nil ? "undo-" + (target.batch ?? String(changeID)) : nil
            let first = try db.lastChangeID()
            var touched: [(RecordKind, String)] = []
            var rolledUp: [String] = []
            // What can make a replication link dependent: claims whose source or study the undo
            // restored, claims it put back, and the links it put back (checked at the end).
            var moved: [String] = []
            var relinked: [(from: String, kind: String, to: String, change: Int64)] = []
            // Additions, claims first: each record still stored is logged as it is now (with its
            // current version), then deleted, a chunk at a time (an import may have added a million).
            let added = group.filter { $0.action == "add" }
            if !added.isEmpty {
                try Self.checkAdditionsFree(target: target, added: added, in: db)
                func additions(_ kind: RecordKind) -> [AdditionUndo.Addition] {
                    added.reversed().filter { $0.recordKind == kind.rawValue }.map { AdditionUndo.Addition(change: $0.id, recordId: $0.recordId) }
                }
                for kind in [RecordKind.claim, .study, .source] {
                    try AdditionUndo.remove(additions(kind), kind: kind, batch: batch, context: options.context, in: db.database)
                }
                try AdditionUndo.removeEdges(additions(.edge), batch: batch, context: options.context, in: db.database)
                try AdditionUndo.removeEntities(additions(.entity), batch: batch, context: options.context, in: db.database)
            }
            for change in group.reversed() where change.action != "add" {
                let kind = RecordKind(rawValue: change.recordKind)
                switch (change.action, kind) {
                case ("edit", .some(let kind)) where kind.table != nil:
                    guard let current = try RecordSnapshot.read(kind, slug: change.recordId, in: db.database), let beforeText = change.before else {
                        throw CurationConflict("\(kind.rawValue) '\(change.recordId)' no longer exists; change \(change.id) cannot be undone")
                    }
                    let before = try Self.snapshot(kind, beforeText, of: change)
                    var fields = current.fields
                    let old = before.fields
                    // An edit that only rolled a claim's status up stated nothing: its replication
                    // fields stay as they are now (a curator may have stated the status since), and
                    // the status rolls up again from the attempts below.
                    let restoring = Self.statedPart(change).fields
                    if restoring.isEmpty {
                        rolledUp.append(change.recordId)
                        continue
                    }
                    if restoring.contains("*") { fields = old } else {
                        for field in restoring { fields[field] = old[field] }
                        // A claim's stated and shown replication status go back together: the stated
                        // one is restored and the shown one rolled up again from the attempts of now.
                        if kind == .claim, !Set(restoring).isDisjoint(with: Self.replicationFields) {
                            for field in Self.replicationFields { fields[field] = old[field] }
                        }
                    }
                    let restored = try RecordSnapshot(kind: kind, fields: fields)
                    try Self.checkDOIFree(restoring: restored, over: current, change: change, in: db)
                    _ = try Self.replace(current, with: restored, action: "edit", batch: batch, undoes: change.id, options: options, in: db)
                    touched.append((kind, change.recordId))
                    if case let .claim(old) = current, case let .claim(new) = restored,
                       old.sourceSlug != new.sourceSlug || old.studySlug != new.studySlug { moved.append(change.recordId) }
                case ("remove", .some(let kind)) where kind.table != nil:
                    guard let beforeText = change.before else {
                        throw CurationConflict("change \(change.id) removed \(kind.rawValue) '\(change.recordId)' without logging it; it cannot be undone")
                    }
                    guard try RecordSnapshot.read(kind, slug: change.recordId, in: db.database) == nil else {
                        throw CurationConflict("a \(kind.rawValue) '\(change.recordId)' exists again; change \(change.id) cannot be undone")
                    }
                    let before = try Self.snapshot(kind, beforeText, of: change)
                    try Self.checkDOIFree(restoring: before, over: nil, change: change, in: db)
                    try Self.store([before], in: db)
                    // Versions keep counting up across a removal and its undo.
                    let version = (change.version ?? 0) + 1
                    try db.setVersion(kind, change.recordId, to: version)
                    try ChangeRecorder.append(options.context, action: "add", kind: kind, recordId: change.recordId, batch: batch,
                                              version: version, before: nil, after: before.text, undoes: change.id, in: db.database)
                    touched.append((kind, change.recordId))
                    if kind == .claim { moved.append(change.recordId) }
                case ("remove", .entity):
                    try Self.restoreEntity(change, batch: batch, options: options, in: db)
                case ("edit", .entity), ("edit", .edge), ("remove", .edge):
                    try Self.restoreTaxonomy(change, batch: batch, options: options, in: db)
                case ("link", .relation), ("unlink", .relation):
                    let parts = change.recordId.split(separator: " ").map(String.init)
                    guard parts.count == 3 else {
                        throw CurationConflict("change \(change.id) names the relation '\(change.recordId)', which is not FROM KIND TO; it cannot be undone")
                    }
                    let text = change.after ?? change.before ?? "{}"
                    let note = ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any])?["note"] as? String
                    if change.action == "link" {
                        _ = try Self.unlink(parts[0], parts[1], parts[2], in: db)
                    } else {
                        guard try db.restoreRelation(from: parts[0], kind: parts[1], to: parts[2], note: note) else {
                            throw CurationConflict("claim '\(parts[0])' or '\(parts[2])' no longer exists; change \(change.id) cannot be undone")
                        }
                        if Self.rollsUp(parts[1]) { relinked.append((parts[0], parts[1], parts[2], change.id)) }
                    }
                    try ChangeRecorder.append(options.context, action: change.action == "link" ? "unlink" : "link", kind: .relation,
                                              recordId: change.recordId, batch: batch,
                                              before: change.action == "link" ? text : nil, after: change.action == "link" ? nil : text,
                                              undoes: change.id, in: db.database)
                default:
                    throw CurationConflict("change \(change.id) (\(change.action) of \(change.recordKind) '\(change.recordId)') cannot be undone")
                }
            }
            // The claims whose replication attempts the undo changed (a link taken back, an unlink
            // or a removed replicating claim put back): their status rolls up from the attempts now.
            var targets: [String] = []
            for claim in rolledUp where !targets.contains(claim) { targets.append(claim) }
            for change in group where change.recordKind == RecordKind.relation.rawValue {
                let parts = change.recordId.split(separator: " ").map(String.init)
                if parts.count == 3, Self.rollsUp(parts[1]), !targets.contains(parts[2]) { targets.append(parts[2]) }
            }
            for target in targets {
                if !(try Self.recomputeReplication(of: target, batch: batch, options: options, in: db)).isEmpty { touched.append((.claim, target)) }
            }
            // A replication link stays an independent attempt (as kb edit and kb link keep it):
            // refused when a source or study restored, a claim put back or a link put back would
            // make one dependent; the transaction rolls back, so nothing is written. Only what the
            // undo moved is checked: a link already dependent (made before kb link checked) blocks
            // no undo that leaves it as it is.
            try ReplicationIndependence.checkStillIndependent(claims: moved, in: db.database)
            for link in relinked {
                try Self.checkRelinked(link.from, kind: link.kind, link.to, change: link.change, in: db)
            }
            var result = CurationResult()
            result.ids = Array(group.prefix(Self.shownChanges).map(\.recordId))
            result.changeCount = try db.changeCount(after: first)
            result.changes = try ChangeLog.changes(after: first, limit: Self.shownChanges, in: db)
            result.findings = try Self.audit(touched, strict: options.strict, in: db)
            return result
        }
    }

    /// Refuses (exit 3) putting back a replication link (an undone unlink) that is no longer an
    /// independent attempt, as `kb link` would refuse it now.
    static func checkRelinked(_ from: String, kind: String, _ to: String, change: Int64, in db: SQLiteCurationStore) throws {
        let ids = try [from, to].map { try db.recordID(.claim, $0) }
        guard let fromID = ids[0], let toID = ids[1] else { return }
        do {
            try ReplicationIndependence.check(from, kind: kind, to, ids: (fromID, toID), in: db.database)
        } catch let KBError.invalidInput(message) {
            throw KBError.invalidInput("change \(change) cannot be undone: '\(from) \(kind) \(to)' would not be an independent replication "
                                       + "(\(message))")
        }
    }

    /// How many of a large write's changes a result carries (the rest are in `kb log`).
    static let shownChanges = 1000

    /// A record of the log read back; a summary that cannot be (an old import's `add`) is refused
    /// with a clear message rather than a decoding error.
    static func snapshot(_ kind: RecordKind, _ text: String, of change: Change) throws -> RecordSnapshot {
        do {
            return try RecordSnapshot(kind: kind, text: text)
        } catch is DecodingError {
            throw CurationConflict("change \(change.id) keeps only a summary of \(kind.rawValue) '\(change.recordId)', not the whole record; "
                                   + "it cannot be restored by kb undo (import the file again instead)")
        }
    }

    /// Refuses changes made before the knowledge base was last rebuilt: they stay in `kb log` but
    /// describe records of the replaced file.
    static func checkAfterLatestInit(_ target: Change, in db: SQLiteCurationStore) throws {
        guard let rebuilt = try db.latestInitChange(), target.id < rebuilt else { return }
        throw CurationConflict("change \(target.id) was made before the knowledge base was rebuilt by change \(rebuilt) (kb init); "
                               + "it stays in kb log but cannot be undone")
    }

    /// Puts back a taxonomy node an undo removed: its kind, slug, name, description and aliases
    /// (through the graph writer, as an import writes nodes).
    static func restoreEntity(_ change: Change, batch: String?, options: CurationOptions, in db: SQLiteCurationStore) throws {
        guard let text = change.before, let node = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
              let kindName = node["kind"] as? String, let kind = EntityKind(rawValue: kindName),
              let slug = node["slug"] as? String, let name = node["name"] as? String else {
            throw CurationConflict("change \(change.id) does not keep the taxonomy node '\(change.recordId)' whole; it cannot be undone")
        }
        guard try !db.entityExists(kind: kindName, slug: slug) else {
            throw CurationConflict("a \(kindName) '\(slug)' exists again; change \(change.id) cannot be undone")
        }
        var dataset = Dataset()
        dataset.entities = [Entity(kind: kind, slug: slug, name: name, description: node["description"] as? String,
                                   aliases: node["aliases"] as? [String] ?? [])]
        var graph = GraphWriter(db: db.database)
        _ = try graph.write(dataset)
        try ChangeRecorder.append(options.context, action: "add", kind: .entity, recordId: change.recordId, batch: batch,
                                  before: nil, after: text, undoes: change.id, in: db.database)
    }

    /// Puts back what an import changed in the taxonomy (a node's fields, an edge's weight, note
    /// or origin) or an edge an undo removed, logged as an `edit` (or `add`) that undoes it.
    static func restoreTaxonomy(_ change: Change, batch: String?, options: CurationOptions, in db: SQLiteCurationStore) throws {
        let isEdge = change.recordKind == RecordKind.edge.rawValue
        let what = isEdge ? "edge '\(change.recordId)'" : "taxonomy node '\(change.recordId)'"
        guard let before = change.before else { throw CurationConflict("change \(change.id) does not keep the \(what) whole; it cannot be undone") }
        let current = try isEdge ? TaxonomyChanges.edge(change.recordId, in: db.database) : TaxonomyChanges.entity(change.recordId, in: db.database)
        if change.action == "remove" {
            guard current == nil else { throw CurationConflict("the \(what) exists again; change \(change.id) cannot be undone") }
        } else if current == nil {
            throw CurationConflict("the \(what) no longer exists; change \(change.id) cannot be undone")
        }
        do {
            if isEdge { try TaxonomyChanges.restoreEdge(before, in: db.database) } else {
                try TaxonomyChanges.restoreEntity(change.recordId, to: before, fields: change.fields, in: db.database)
            }
        } catch let error as KBError {
            throw CurationConflict("change \(change.id) cannot be undone: \(error.localizedDescription)")
        }
        let after = try isEdge ? TaxonomyChanges.edge(change.recordId, in: db.database) : TaxonomyChanges.entity(change.recordId, in: db.database)
        try ChangeRecorder.append(options.context, action: change.action == "remove" ? "add" : "edit", kind: isEdge ? .edge : .entity,
                                  recordId: change.recordId, batch: batch, fields: change.fields, before: current, after: after,
                                  undoes: change.id, in: db.database)
    }

    /// Refuses when a change after the group touched a field the group changed and is still in
    /// effect. A later change that was itself undone (by an undo still in effect) no longer
    /// overrides anything, nor does the undo that reversed it: together they left the record as
    /// the group's change made it. The refusal names the change to undo as the user would type
    /// it: the latest change of the overriding batch (an import's, an `add --from`'s), which
    /// `kb undo` takes for the whole batch.
    static func checkLater(_ group: [Change], members: Set<Int64>, force: Bool, in db: SQLiteCurationStore) throws {
        guard !force else { return }
        let later = try db.laterChanges(batch: group.first?.batch, change: group.first?.id ?? 0)
        let byID = Dictionary(group.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        // The latest overriding change is the one in effect, and so the one to undo first.
        var overriding: (original: Change, change: Change)?
        for row in later {
            let laterID = row.later
            guard !members.contains(laterID), let original = byID[row.original], let change = try ChangeLog.change(laterID, in: db),
                  overrides(change, original) else { continue }
            if overriding.map({ $0.change.id < change.id }) ?? true { overriding = (original, change) }
        }
        if case let (original, change)? = overriding {
            let fields = original.fields.contains("*") ? "the whole record" : original.fields.joined(separator: ", ")
            let handle = try change.batch.flatMap { batch in try db.lastChangeID(inBatch: batch) } ?? change.id
            let name = handle == change.id && change.batch == nil ? "change \(change.id)" : "change \(handle) (batch \(change.batch ?? ""))"
            throw CurationConflict.overridden("change \(original.id) (\(original.action) of \(original.recordKind) '\(original.recordId)': \(fields)) was overridden by "
                                              + "\(name) (\(change.author) at \(change.time), \(change.command))",
                                              change: original.id, by: handle)
        }
    }

    /// A claim's replication fields: the shown status and the stated one kept apart from it.
    static let replicationFields = ["replication", "statedReplication"]

    /// Whether the later change `change` overrode what `original` wrote: they touched a common
    /// field that each of them stated. A roll-up of a claim's replication status (a link, an
    /// unlink) changed only the shown status, derived from the stated one and the attempts; it
    /// overrides no curator's statement, no curator's statement overrides it, and an undo of one
    /// rolls the status up again from the attempts of now.
    static func overrides(_ change: Change, _ original: Change) -> Bool {
        let (later, earlier) = (statedPart(change), statedPart(original))
        return !later.fields.isEmpty && !earlier.fields.isEmpty && earlier.overlaps(later)
    }

    /// `change` with only the fields it stated: without a claim's replication fields when the
    /// edit only rolled its status up (``isRollUp(_:)``).
    static func statedPart(_ change: Change) -> Change {
        guard isRollUp(change) else { return change }
        var derived = change
        derived.fields = change.fields.filter { !replicationFields.contains($0) }
        return derived
    }

    /// Whether a claim edit only rolled the shown replication status up from the attempts,
    /// leaving the stated one as it was: the stated status its snapshots hold is the same before
    /// and after. Before migration 10 the snapshots held the shown status alone; a roll-up then
    /// was an edit of `replication` alone in a `kb link` or `kb remove` batch, or in an undo of
    /// one (`undo-link-…`, `undo-remove-…`, `undo-undo-link-…`): such an undo wrote back the
    /// shown, rolled-up status, not a stated one.
    static func isRollUp(_ change: Change) -> Bool {
        guard change.recordKind == RecordKind.claim.rawValue, change.action == "edit", !change.fields.contains("*"),
              !Set(change.fields).isDisjoint(with: replicationFields) else { return false }
        if stated(change.before) == stated(change.after) { return true }
        let legacy = change.fields == ["replication"] && !hasStatedKey(change.before) && !hasStatedKey(change.after)
        return legacy && isRollUpBatch(change.batch)
    }

    /// Whether a batch only rolled statuses up: a `kb link` or `kb remove` batch, or an undo of
    /// one (an undo's batch is `undo-` and the undone batch's name; link and remove batch names
    /// end in eight hex digits, so they never hold `undo-` themselves). Migration 10 reads the
    /// log by the same rule. Binaries before migration 10 gave the undo of a one-change batch no
    /// batch at all; such an undo (of a lone link, or of a removal that unlinked nothing) rolled
    /// nothing up then, so no roll-up of theirs has a nil batch. Since then every undo of a batch
    /// carries its name.
    static func isRollUpBatch(_ batch: String?) -> Bool {
        guard let root = batch?.replacingOccurrences(of: "undo-", with: "") else { return false }
        return root.hasPrefix("link-") || root.hasPrefix("remove-")
    }

    static func hasStatedKey(_ text: String?) -> Bool {
        guard let text, let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else { return false }
        return object["statedReplication"] != nil
    }

    /// The stated replication status a claim's logged JSON holds.
    static func stated(_ text: String?) -> String? {
        guard let text, let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else { return nil }
        return (object["statedReplication"] ?? object["replication"]) as? String
    }

    /// Refuses an undo of additions when records outside the undone changes depend on what it
    /// would delete (exit 4, naming them): a claim of a source or study the undo removes, a
    /// relation to a kept claim, a claim about a taxonomy node it removes, a profile using one.
    /// Deleting them would cascade into records no change of the log accounts for, and leave
    /// roll-ups (replication, grade) stale.
    static func checkAdditionsFree(target: Change, added: [Change], in db: SQLiteCurationStore) throws {
        func ids(_ kind: RecordKind) -> [String] { added.filter { $0.recordKind == kind.rawValue }.map(\.recordId) }
        let limit = 10
        let dependents = try AdditionUndo.dependents(claims: ids(.claim), studies: ids(.study), sources: ids(.source), entities: ids(.entity),
                                                     limit: limit + 1, in: db.database)
        guard !dependents.isEmpty else { return }
        throw CurationConflict("undoing change \(target.id) would remove records that others depend on: "
                               + dependents.prefix(limit).joined(separator: ", ") + (dependents.count > limit ? ", …" : "")
                               + "; remove or unlink those first (kb remove, kb undo of their changes)")
    }
}
