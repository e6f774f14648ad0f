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
}

/// Expands subjects into the taxonomy nodes they reach, each with its best relevance.
struct SubjectExpander {
    /// Where the taxonomy is read.
    let store: any QueryStore

    func expand(_ subjects: [ResolvedSubject]) throws -> [Reach] {
        var best: [Int64: Reach] = [:]
        func offer(_ id: Int64, _ relevance: Double, _ path: Reach.Path, _ explanation: String) {
            if let current = best[id], (current.relevance, -current.path.order) >= (relevance, -path.order) { return }
            best[id] = Reach(entityID: id, relevance: relevance, path: path, explanation: explanation)
        }
        for subject in subjects {
            let entity = subject.entity
            offer(entity.id, RelevanceModel.direct, .direct, "\(entity.kind.rawValue) \(entity.slug)")
            switch subject.kind {
            case let .role(skills):
                for (skill, weight) in skills {
                    offer(skill.id, RelevanceModel.roleSkill * weight, .roleSkill,
                          "skill \(skill.slug) (of \(entity.slug), weight \(QueryPrinter.number(weight)))")
                    for (other, edgeWeight, kind) in try skillNeighbours(skill.id) {
                        offer(other.id, RelevanceModel.adjacent * weight * edgeWeight, .adjacent,
                              "skill \(other.slug) (\(kind) \(skill.slug))")
                    }
                    for (role, edgeWeight) in try roles(whereSkillRecurs: skill.id) where role.id != entity.id {
                        offer(role.id, RelevanceModel.neighbour * edgeWeight, .neighbour,
                              "role \(role.slug) (where \(skill.slug) recurs)")
                    }
                }
                for (role, edgeWeight) in try neighbourRoles(entity.id) {
                    offer(role.id, RelevanceModel.neighbour * edgeWeight, .neighbour, "role \(role.slug) (neighbour of \(entity.slug))")
                }
            case .skill:
                for (other, edgeWeight, kind) in try skillNeighbours(entity.id) {
                    offer(other.id, RelevanceModel.adjacent * edgeWeight, .adjacent, "skill \(other.slug) (\(kind) \(entity.slug))")
                }
                for (role, edgeWeight) in try roles(whereSkillRecurs: entity.id) + roles(using: entity.id) {
                    offer(role.id, RelevanceModel.neighbour * edgeWeight, .neighbour, "role \(role.slug) (uses or recurs with \(entity.slug))")
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
