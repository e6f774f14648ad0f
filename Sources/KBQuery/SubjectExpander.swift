import KBStore

/// What a `for` subject resolved to: a role with its weighted skills, or a skill.
struct ResolvedSubject: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case role(skills: [(ResolvedEntity, Double)])
        case skill

        static func == (lhs: Kind, rhs: Kind) -> Bool {
            switch (lhs, rhs) {
            case let (.role(a), .role(b)): a.map { [$0.0.id: $0.1] } == b.map { [$0.0.id: $0.1] }
            case (.skill, .skill): true
            default: false
            }
        }
    }

    var entity: ResolvedEntity
    var kind: Kind
    /// "profile ml-platform-engineer-pytorch", "role ml-platform-engineer (built-in profile)"...
    var label: String
    /// `within N hops` / `direct`: follow at most this many edges; nil = every path, and
    /// economy-wide claims too.
    var maxHops: Int?
}

extension Array where Element == ResolvedSubject {
    /// The subjects with the bounds written after each (`for X within 1 hops, Y`): `subjects`
    /// are the ones these were resolved from, in the same order.
    func bounded(by subjects: [Subject]) -> [ResolvedSubject] {
        guard count == subjects.count else { return self }
        return zip(self, subjects).map { resolved, subject in
            var bounded = resolved
            bounded.maxHops = subject.maxHops
            return bounded
        }
    }
}

/// Expands subjects into the taxonomy nodes they reach, each with its best relevance.
///
/// Every path has a length in edges (hops): the subject itself 0; a role's skills, its
/// neighbouring roles, a skill's adjacent skills and the roles using it 1; the skills adjacent to
/// a role's skills and the roles those skills recur in 2 (``maximumHops``). A subject bounded
/// `within N hops` reaches a node when some path of at most N edges does, with the best
/// relevance among those paths, so a larger N never reaches less.
struct SubjectExpander {
    /// The longest path the expander follows, and so the largest `within N hops`.
    static let maximumHops = 2

    /// Where the taxonomy is read.
    let store: any QueryStore

    func expand(_ subjects: [ResolvedSubject]) throws -> [Reach] {
        var best: [Int64: Reach] = [:]
        var bound = Int.max
        func offer(_ id: Int64, _ relevance: Double, _ path: Reach.Path, _ explanation: String, hops: Int) {
            guard hops <= bound else { return }
            if let current = best[id], (current.relevance, -current.path.order) >= (relevance, -path.order) { return }
            best[id] = Reach(entityID: id, relevance: relevance, path: path, explanation: explanation)
        }
        for subject in subjects {
            bound = subject.maxHops ?? Int.max
            guard bound > 0 else {
                offer(subject.entity.id, RelevanceModel.direct, .direct, "\(subject.entity.kind.rawValue) \(subject.entity.slug)", hops: 0)
                continue
            }
            let entity = subject.entity
            offer(entity.id, RelevanceModel.direct, .direct, "\(entity.kind.rawValue) \(entity.slug)", hops: 0)
            switch subject.kind {
            case let .role(skills):
                // The skills' links in two statements (none when no 2-edge path counts), offered
                // skill by skill in the skills' order, as one statement per skill did.
                let skillIDs = skills.map(\.0.id)
                let neighbours = bound >= 2 ? try store.skillNeighbours(of: skillIDs) : [:]
                let recurring = bound >= 2 ? try store.roles(whereSkillsRecur: skillIDs) : [:]
                for (skill, weight) in skills {
                    offer(skill.id, RelevanceModel.roleSkill * weight, .roleSkill,
                          "skill \(skill.slug) (of \(entity.slug), weight \(QueryPrinter.number(weight)))", hops: 1)
                    for link in neighbours[skill.id] ?? [] {
                        offer(link.entity.id, RelevanceModel.adjacent * weight * link.weight, .adjacent,
                              "skill \(link.entity.slug) (\(link.edge) \(skill.slug))", hops: 2)
                    }
                    for link in recurring[skill.id] ?? [] where link.entity.id != entity.id {
                        offer(link.entity.id, RelevanceModel.neighbour * link.weight, .neighbour,
                              "role \(link.entity.slug) (where \(skill.slug) recurs)", hops: 2)
                    }
                }
                for (role, edgeWeight) in try neighbourRoles(entity.id) {
                    offer(role.id, RelevanceModel.neighbour * edgeWeight, .neighbour, "role \(role.slug) (neighbour of \(entity.slug))", hops: 1)
                }
            case .skill:
                for (other, edgeWeight, kind) in try skillNeighbours(entity.id) {
                    offer(other.id, RelevanceModel.adjacent * edgeWeight, .adjacent, "skill \(other.slug) (\(kind) \(entity.slug))", hops: 1)
                }
                for (role, edgeWeight) in try roles(whereSkillRecurs: entity.id) + roles(using: entity.id) {
                    offer(role.id, RelevanceModel.neighbour * edgeWeight, .neighbour, "role \(role.slug) (uses or recurs with \(entity.slug))", hops: 1)
                }
            }
        }
        return best.values.sorted { ($0.relevance, -$0.path.order, -$0.entityID) > ($1.relevance, -$1.path.order, -$1.entityID) }
    }

    /// Skills adjacent to or alongside `skillID`, in either direction.
    func skillNeighbours(_ skillID: Int64) throws -> [(ResolvedEntity, Double, String)] {
        try store.skillNeighbours(of: skillID).map { ($0.entity, $0.weight, $0.edge) }
    }

    func roles(whereSkillRecurs skillID: Int64) throws -> [(ResolvedEntity, Double)] {
        try store.roles(whereSkillRecurs: skillID).map { ($0.entity, $0.weight) }
    }

    func roles(using skillID: Int64) throws -> [(ResolvedEntity, Double)] {
        try store.roles(using: skillID).map { ($0.entity, $0.weight) }
    }

    func neighbourRoles(_ roleID: Int64) throws -> [(ResolvedEntity, Double)] {
        try store.neighbourRoles(of: roleID).map { ($0.entity, $0.weight) }
    }

    /// The skills a role uses, with their weights (its built-in profile).
    func skills(of roleID: Int64) throws -> [(ResolvedEntity, Double)] {
        try store.skills(of: roleID).map { ($0.entity, $0.weight) }
    }
}
