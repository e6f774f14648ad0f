import KBDomain
import KBStore

/// Resolves `for` subjects and profiles into taxonomy nodes, with did-you-mean errors.
struct SubjectResolver {
    /// Everything this asks of the database besides the statement it builds.
    let store: any QueryStore
    let text: String

    /// Each subject as a role (with its skills: from the profile when it is for that role,
    /// else the role's built-in profile, its `uses` edges) or a skill.
    func resolve(_ subjects: [Subject], profile: ProfileSpec?) throws -> [ResolvedSubject] {
        try subjects.map { subject in
            if subject.isProfile {
                if let stored = try storedProfile(subject.name) {
                    return try resolve(profile: stored, label: "profile \(subject.name)", at: subject.range)
                }
                if let role = try store.entities(named: subject.name, kinds: [.role]).first {
                    return try builtIn(role)
                }
                let near = try Suggestions.nearest(to: subject.name, in: store.profileAndRoleSlugs())
                throw diagnostic("query.unknown-profile", "unknown profile '\(subject.name)'", subject.range,
                                 help: near.first.map { "did you mean 'profile:\($0)'?" } ?? "kb list profiles shows the stored profiles")
            }
            let found = try store.entities(named: subject.name, kinds: [.role, .skill])
            guard let entity = found.first(where: { $0.kind == .role }) ?? found.first else {
                let elsewhere = try store.entities(named: subject.name, kinds: EntityKind.allCases.filter { $0 != .role && $0 != .skill })
                if let other = elsewhere.first {
                    let field = Field.allCases.first { $0.valueType == .entity(other.kind) }?.rawValue ?? other.kind.rawValue
                    throw diagnostic("query.subject-kind", "'\(subject.name)' is a \(other.kind.rawValue), not a role or skill", subject.range,
                                     help: "filter by it instead: where \(field)=\(other.slug)")
                }
                let near = try store.suggestions(for: subject.name, kinds: [.role, .skill])
                throw diagnostic("query.unknown-subject", "unknown role or skill '\(subject.name)'", subject.range,
                                 help: near.isEmpty ? "kb list roles and kb list skills show what this KB knows" : "did you mean \(near.joined(separator: ", "))?")
            }
            if entity.kind == .role {
                if let profile, let role = profile.role, try store.entities(named: role, kinds: [.role]).first?.id == entity.id {
                    return try resolve(profile: profile, label: "role \(entity.slug) (profile \(profile.name))", at: subject.range)
                }
                return try builtIn(entity)
            }
            return ResolvedSubject(entity: entity, kind: .skill, label: "skill \(entity.slug)")
        }
    }

    func builtIn(_ role: ResolvedEntity) throws -> ResolvedSubject {
        let skills = try SubjectExpander(store: store).skills(of: role.id)
        return ResolvedSubject(entity: role, kind: .role(skills: skills),
                               label: "role \(role.slug) (built-in profile: \(skills.count) skill\(skills.count == 1 ? "" : "s"))")
    }

    func resolve(profile: ProfileSpec, label: String, at range: Range<Int>) throws -> ResolvedSubject {
        guard let roleName = profile.role else {
            throw KBError.usage("profile '\(profile.name)' names no role; add 'role: SLUG'")
        }
        let role = try entity(roleName, kind: .role, in: profile)
        let skills = try profile.skills.map { (try entity($0.name, kind: .skill, in: profile), $0.weight) }
        return ResolvedSubject(entity: role, kind: .role(skills: skills.isEmpty ? try SubjectExpander(store: store).skills(of: role.id) : skills), label: label)
    }

    /// The profile's facets as id sets (cohorts with their narrower cohorts, jurisdictions
    /// with their boundaries).
    func facets(of profile: ProfileSpec) throws -> [(label: String, ids: [Int64])] {
        try profile.facetNames.map { kind, name in
            let found = try entity(name, kind: kind, in: profile)
            let ids: [Int64] = switch kind {
            case .cohort: try store.withNarrower([found.id])
            case .jurisdiction: try store.withBoundaries(inJurisdictions: [found.id])
            default: [found.id]
            }
            return ("\(kind.rawValue) \(found.slug)", ids)
        }
    }

    /// The node a profile names as a `kind`. A name the KB does not know is reported where the
    /// profile file wrote it (`me.yaml:2:7`), else (a stored profile) as not found in the profile.
    func entity(_ name: String, kind: EntityKind, in profile: ProfileSpec) throws -> ResolvedEntity {
        if let found = try store.entities(named: name, kinds: [kind]).first { return found }
        // Each suggestion as the query language's did-you-mean quotes it: 'older' (older-workers).
        let near = try store.suggestions(for: name, kinds: [kind])
        if let location = profile.location(of: kind, name) {
            throw Diagnostic(id: "profile.unknown-\(kind.rawValue)", message: "unknown \(kind.rawValue) '\(name)'", location: location,
                             help: near.isEmpty ? "kb list \(kind.plural) shows the \(kind.plural) this KB knows" : "did you mean \(near.joined(separator: ", "))?")
        }
        throw KBError.notFound(what: "\(kind.rawValue) (in profile '\(profile.name)')", name: name,
                               suggestions: near.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "'")) })
    }

    /// A stored profile by slug.
    func storedProfile(_ slug: String) throws -> ProfileSpec? {
        try store.storedProfile(slug)
    }

    func diagnostic(_ id: String, _ message: String, _ range: Range<Int>, help: String?) -> Diagnostic {
        Diagnostic(id: id, message: message, location: SourceLocation(file: "query", text: text, range: range), help: help, input: .query)
    }
}

import Foundation
