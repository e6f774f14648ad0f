import Foundation
import GRDB
import KBDomain
import KBStore

extension Curator {
    /// What removing a record would take with it: the studies and claims of a source, the
    /// claims of a study, the claims that name a source as a replication, and the relations of
    /// the claims removed.
    public struct Dependents: Sendable, Equatable {
        public var studies: [String] = []
        public var claims: [String] = []
        /// Claims that keep existing but lose a replication by the removed source.
        public var replicated: [String] = []
        /// Relations `FROM KIND TO` that go with the removed claims.
        public var relations: [String] = []

        public var isEmpty: Bool { studies.isEmpty && claims.isEmpty && replicated.isEmpty && relations.isEmpty }

        public var lines: [String] {
            studies.map { "study \($0)" } + claims.map { "claim \($0)" } + replicated.map { "replicated-by on claim \($0)" }
                + relations.map { "relation \($0)" }
        }
    }

    static func dependents(of record: RecordSnapshot, in db: Database) throws -> Dependents {
        var found = Dependents()
        switch record.kind {
        case .source:
            found.studies = try db.fetchValues(String.self, "SELECT st.slug FROM study st JOIN source s ON s.id = st.sourceId WHERE s.slug = \(record.slug) ORDER BY st.id")
            found.claims = try db.fetchValues(String.self, "SELECT c.slug FROM claim c JOIN source s ON s.id = c.sourceId WHERE s.slug = \(record.slug) ORDER BY c.id")
            found.replicated = try db.fetchValues(String.self, """
                SELECT c.slug FROM claimReplication r JOIN claim c ON c.id = r.claimId JOIN source s ON s.id = r.sourceId
                WHERE s.slug = \(record.slug) AND c.sourceId IS NOT s.id ORDER BY c.id
                """)
        case .study:
            found.claims = try db.fetchValues(String.self, "SELECT c.slug FROM claim c JOIN study st ON st.id = c.studyId WHERE st.slug = \(record.slug) ORDER BY c.id")
        default:
            break
        }
        let claims = record.kind == .claim ? [record.slug] : found.claims
        for claim in claims {
            found.relations += try relations(of: claim, in: db).map { "\($0.from) \($0.kind) \($0.to)" }
        }
        found.relations = Array(NSOrderedSet(array: found.relations)) as? [String] ?? found.relations
        return found
    }

    static func relations(of claim: String, in db: Database) throws -> [(from: String, kind: String, to: String, note: String?)] {
        try db.fetchRows("""
            SELECT f.slug AS fromSlug, r.kind, t.slug AS toSlug, r.note FROM claimRelation r
            JOIN claim f ON f.id = r.fromClaimId JOIN claim t ON t.id = r.toClaimId
            WHERE f.slug = \(claim) OR t.slug = \(claim) ORDER BY f.id, r.kind, t.id
            """).map { ($0["fromSlug"], $0["kind"], $0["toSlug"], $0["note"]) }
    }

    /// What `kb remove ID --cascade` would remove besides the record (nothing written).
    public func dependents(of id: String) throws -> Dependents {
        try knowledgeBase.reader.read { db in try Self.dependents(of: try Self.require(id, in: db).record, in: db) }
    }

    /// `kb remove ID --reason …`: refused while something depends on the record, unless
    /// `cascade`, which removes the dependents too (each logged, in one batch, so one undo
    /// brings them all back).
    public func remove(_ id: String, cascade: Bool, options: CurationOptions) throws -> CurationResult {
        try write { db in
            let (record, version) = try Self.require(id, in: db)
            let id = record.slug
            try Self.checkVersion(record.kind, id, current: version, expected: options.ifVersion, in: db)
            let dependents = try Self.dependents(of: record, in: db)
            if !dependents.isEmpty, !cascade {
                throw CurationConflict("\(record.kind.rawValue) '\(id)' cannot be removed: \(dependents.lines.count) record\(dependents.lines.count == 1 ? " depends" : "s depend") on it ("
                                       + dependents.lines.prefix(5).joined(separator: ", ") + (dependents.lines.count > 5 ? ", …" : "")
                                       + "); remove them first, or use --cascade to remove them too")
            }
            let batch = dependents.isEmpty ? nil : "remove-" + UUID().uuidString.prefix(8).lowercased()
            var changes: [Int64] = []
            let removedClaims = Set(record.kind == .claim ? [id] : dependents.claims)
            var rolledBack: [String] = []
            // Relations first, then claims that lose a replication, claims, studies, the record.
            for claim in (record.kind == .claim ? [id] : dependents.claims) {
                for relation in try Self.relations(of: claim, in: db) {
                    let recordId = "\(relation.from) \(relation.kind) \(relation.to)"
                    guard try Self.unlink(relation.from, relation.kind, relation.to, in: db) else { continue }
                    changes.append(try ChangeRecorder.append(options.context, action: "unlink", kind: .relation, recordId: recordId, batch: batch,
                                                             before: Self.relationJSON(from: relation.from, kind: relation.kind, to: relation.to, note: relation.note),
                                                             after: nil, in: db))
                    // A kept claim that a removed claim replicated: its status rolls back.
                    if Self.rollsUp(relation.kind), !removedClaims.contains(relation.to), !rolledBack.contains(relation.to) {
                        rolledBack.append(relation.to)
                    }
                }
            }
            // Once, after every link onto it is gone (one edit, no intermediate state); a claim
            // that also loses an imported replication rolls up with that edit below.
            for target in rolledBack where !dependents.replicated.contains(target) {
                changes += try Self.recomputeReplication(of: target, batch: batch, options: options, in: db).map(\.id)
            }
            for claim in dependents.replicated {
                guard let before = try RecordSnapshot.read(.claim, slug: claim, in: db), case var .claim(value) = before else { continue }
                value.replications.removeAll { $0.sourceSlug == id }
                let edit = try Self.replace(before, with: .claim(value), action: "edit", batch: batch, options: options, in: db)
                changes += edit.changes.map(\.id)
            }
            let removals = dependents.claims.map { (RecordKind.claim, $0) } + dependents.studies.map { (RecordKind.study, $0) } + [(record.kind, id)]
            for (kind, slug) in removals {
                changes.append(try Self.delete(kind, slug, batch: batch, undoes: nil, options: options, in: db))
            }
            var result = CurationResult()
            result.ids = removals.map(\.1)
            result.changes = try Self.fetchChanges(changes, in: db)
            // The audit about the records the removal changed and kept.
            let kept = Set(dependents.replicated + rolledBack)
            result.findings = try Self.audit(kept.sorted().map { (.claim, $0) }, strict: options.strict, in: db)
            return result
        }
    }

    /// Whether a relation of this kind rolls up into its target's replication status.
    static func rollsUp(_ kind: String) -> Bool { kind == "replicates" || kind == "fails-to-replicate" }

    /// Deletes one record (the database removes its contributors, notices, scope and search
    /// entries with it) and logs its last state.
    static func delete(_ kind: RecordKind, _ slug: String, batch: String?, undoes: Int64?, options: CurationOptions, in db: Database) throws -> Int64 {
        guard let table = kind.table, let before = try RecordSnapshot.read(kind, slug: slug, in: db) else {
            throw CurationConflict("\(kind.rawValue) '\(slug)' no longer exists")
        }
        let version = try version(kind, slug, in: db)
        try db.run("DELETE FROM \(sql: table) WHERE slug = \(slug)")
        return try ChangeRecorder.append(options.context, action: "remove", kind: kind, recordId: slug, batch: batch, version: version,
                                         before: before.text, after: nil, undoes: undoes, in: db)
    }

    static func unlink(_ from: String, _ kind: String, _ to: String, in db: Database) throws -> Bool {
        try db.run("""
            DELETE FROM claimRelation WHERE kind = \(kind) AND fromClaimId = (SELECT id FROM claim WHERE slug = \(from))
            AND toClaimId = (SELECT id FROM claim WHERE slug = \(to))
            """)
        return db.changesCount > 0
    }
}
