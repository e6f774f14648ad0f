/// A taxonomy node: a role, skill, cohort, boundary, band, topic, jurisdiction or occupation group.
public struct Entity: Codable, Sendable, Equatable {
    public var id: Int64?
    public var kind: EntityKind
    public var slug: String
    public var name: String
    public var description: String?
    public var aliases: [String]
    public var attributes: [EntityAttribute]
    public var origin: Origin?

    public init(kind: EntityKind, slug: String, name: String, description: String? = nil, aliases: [String] = [],
                attributes: [EntityAttribute] = [], origin: Origin? = nil) {
        self.kind = kind
        self.slug = slug
        self.name = name
        self.description = description
        self.aliases = aliases
        self.attributes = attributes
        self.origin = origin
    }

    public var reference: EntityReference { EntityReference(kind, slug) }
}

/// A label a page gives a node, stored exactly as stated (a blank number stays blank).
public struct EntityAttribute: Codable, Sendable, Equatable {
    public var name: String
    /// The slug of the role the label is stated for, or "" when it holds everywhere.
    public var context: String
    public var value: String
    public var quote: String?
    public var origin: Origin?

    public init(name: String, context: String = "", value: String, quote: String? = nil, origin: Origin? = nil) {
        self.name = name
        self.context = context
        self.value = value
        self.quote = quote
        self.origin = origin
    }
}

/// A typed, weighted edge between two taxonomy nodes.
public struct Edge: Codable, Sendable, Equatable {
    public var from: EntityReference
    public var kind: EdgeKind
    public var to: EntityReference
    /// In [0, 1]; 1 when the source gives no weight.
    public var weight: Double
    /// For `translates-to`: what does not carry over.
    public var note: String?
    public var origin: Origin?

    public init(from: EntityReference, kind: EdgeKind, to: EntityReference, weight: Double = 1, note: String? = nil, origin: Origin? = nil) {
        self.from = from
        self.kind = kind
        self.to = to
        self.weight = weight
        self.note = note
        self.origin = origin
    }
}

/// What a page says about its own method, limits or instruments, stored as stated.
public struct Note: Codable, Sendable, Equatable {
    public var slug: String
    public var kind: NoteKind
    public var text: String
    public var locator: String?
    public var origin: Origin?

    public init(slug: String, kind: NoteKind, text: String, locator: String? = nil, origin: Origin? = nil) {
        self.slug = slug
        self.kind = kind
        self.text = text
        self.locator = locator
        self.origin = origin
    }
}

/// A role plus weighted skills, and optionally the cohort, boundary, band and jurisdiction
/// the analyst cares about. Relevance rewards claims that match it.
public struct Profile: Codable, Sendable, Equatable {
    public var slug: String
    public var name: String
    public var role: String?
    /// Skill slug → weight in [0, 1].
    public var skills: [ProfileSkill]
    public var cohort: String?
    public var boundary: String?
    public var band: String?
    public var jurisdiction: String?
    public var origin: Origin?

    public init(slug: String, name: String, role: String? = nil, skills: [ProfileSkill] = [], cohort: String? = nil,
                boundary: String? = nil, band: String? = nil, jurisdiction: String? = nil, origin: Origin? = nil) {
        self.slug = slug
        self.name = name
        self.role = role
        self.skills = skills
        self.cohort = cohort
        self.boundary = boundary
        self.band = band
        self.jurisdiction = jurisdiction
        self.origin = origin
    }

    /// The facets (kind and slug) relevance rewards a claim for matching.
    public var facets: [EntityReference] {
        [(EntityKind.cohort, cohort), (.boundary, boundary), (.band, band), (.jurisdiction, jurisdiction)]
            .compactMap { kind, slug in slug.map { EntityReference(kind, $0) } }
    }
}

public struct ProfileSkill: Codable, Sendable, Equatable {
    public var skill: String
    public var weight: Double

    public init(skill: String, weight: Double = 1) {
        self.skill = skill
        self.weight = weight
    }
}
