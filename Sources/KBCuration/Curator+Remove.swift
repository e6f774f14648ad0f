import Foundation
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

    static func dependents(of record: RecordSnapshot, in db: SQLiteCurationStore) throws -> Dependents {
        var found = Dependents()
        switch record.kind {
        case .source:
            found.studies = try db.studySlugs(ofSource: record.slug)
            found.claims = try db.claimSlugs(ofSource: record.slug)
            found.replicated = try db.claimsReplicated(bySource: record.slug)
        case .study:
            found.claims = try db.claimSlugs(ofStudy: record.slug, limit: nil)
        default:
            break
        }
        let claims = record.kind == .claim ? [record.slug] : found.claims
        for claim in claims {
            found.relations += try relations(of: claim, in: db).map { "\($0.from) \($0.kind) \($0.to)" }
        }
        // A link between two of the record's claims is found from both ends: listed (and counted) once.
        var seen = Set<String>()
        found.relations = found.relations.filter { seen.insert($0).inserted }
        return found
    }

    static func relations(of claim: String, in db: SQLiteCurationStore) throws -> [(from: String, kind: String, to: String, note: String?)] {
        try db.relations(of: claim)
    }

    /// What `kb remove ID --cascade` would remove besides the record (nothing written).
    public func dependents(of id: String) throws -> Dependents {
        try knowledgeBase.curationRead { db in try Self.dependents(of: try Self.require(id, in: db).record, in: db) }
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
                throw CurationConflict.dependents("\(record.kind.rawValue) '\(id)' cannot be removed: \(dependents.lines.count) record\(dependents.lines.count == 1 ? " depends" : "s depend") on it",
                                                  dependents.lines)
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
                                                             after: nil, in: db.database))
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
                guard let before = try RecordSnapshot.read(.claim, slug: claim, in: db.database), case var .claim(value) = before else { continue }
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
    static func delete(_ kind: RecordKind, _ slug: String, batch: String?, undoes: Int64?, options: CurationOptions, in db: SQLiteCurationStore) throws -> Int64 {
        guard kind.table != nil, let before = try RecordSnapshot.read(kind, slug: slug, in: db.database) else {
            throw CurationConflict("\(kind.rawValue) '\(slug)' no longer exists")
        }
        let version = try version(kind, slug, in: db)
        try db.deleteRecord(kind, slug)
        return try ChangeRecorder.append(options.context, action: "remove", kind: kind, recordId: slug, batch: batch, version: version,
                                         before: before.text, after: nil, undoes: undoes, in: db.database)
    }

    static func unlink(_ from: String, _ kind: String, _ to: String, in db: SQLiteCurationStore) throws -> Bool {
        try db.deleteRelation(from: from, kind: kind, to: to)
    }
}
