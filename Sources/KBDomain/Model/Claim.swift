/// One finding: a statement, the verbatim quote it rests on, an optional quantity, the
/// study and source behind it, its replication status and what it is about.
public struct Claim: Codable, Sendable, Equatable {
    public var id: Int64?
    public var slug: String
    public var statement: String
    public var quote: String?
    public var locator: String?
    public var quantity: Quantity?
    /// `nil` for an unsourced assertion.
    public var sourceSlug: String?
    public var studySlug: String?
    public var replication: ReplicationStatus
    /// The status the claim's file or curator stated, when the replication attempts recorded on
    /// it roll the shown `replication` away from it; nil when the two agree. The shown status is
    /// always recomputed from this one (DESIGN §9), so an unlink or undo cannot leave it stale.
    public var statedReplication: ReplicationStatus?
    /// True when the finding concerns the economy or labour market as a whole rather than
    /// particular roles or skills: it is then weakly relevant to every role.
    public var isEconomyWide: Bool
    /// What the claim is about.
    public var about: [EntityReference]
    /// The sources that tried to replicate the finding, with what they found.
    public var replications: [ClaimReplication] = []
    public var note: String?
    public var origin: Origin?

    public init(slug: String, statement: String, quote: String? = nil, locator: String? = nil, quantity: Quantity? = nil,
                sourceSlug: String? = nil, studySlug: String? = nil, replication: ReplicationStatus = .unknown,
                isEconomyWide: Bool = false, about: [EntityReference] = [], note: String? = nil, origin: Origin? = nil) {
        self.slug = slug
        self.statement = statement
        self.quote = quote
        self.locator = locator
        self.quantity = quantity
        self.sourceSlug = sourceSlug
        self.studySlug = studySlug
        self.replication = replication
        self.isEconomyWide = isEconomyWide
        self.about = about
        self.note = note
        self.origin = origin
    }
}

/// A measured or estimated quantity: metric, value, unit, direction, baseline, interval.
public struct Quantity: Codable, Sendable, Equatable {
    public var metric: String?
    public var value: Double?
    public var unit: String?
    public var direction: Direction?
    public var baseline: String?
    public var intervalLow: Double?
    public var intervalHigh: Double?

    public init(metric: String? = nil, value: Double? = nil, unit: String? = nil, direction: Direction? = nil,
                baseline: String? = nil, intervalLow: Double? = nil, intervalHigh: Double? = nil) {
        self.metric = metric
        self.value = value
        self.unit = unit
        self.direction = direction
        self.baseline = baseline
        self.intervalLow = intervalLow
        self.intervalHigh = intervalHigh
    }

    public var isEmpty: Bool {
        metric == nil && value == nil && unit == nil && direction == nil && baseline == nil && intervalLow == nil && intervalHigh == nil
    }
}

/// A reference to a taxonomy node by kind and slug: `cohort:older-workers`.
public struct EntityReference: Codable, Sendable, Hashable, CustomStringConvertible {
    public var kind: EntityKind
    public var slug: String

    public init(_ kind: EntityKind, _ slug: String) {
        self.kind = kind
        self.slug = slug
    }

    public var description: String { "\(kind.rawValue):\(slug)" }
}

/// What a replication attempt found.
public enum ReplicationOutcome: String, CaseIterable, Codable, Sendable {
    case replicated, partial, failed, mixed, unknown
}

/// A source that tried to replicate a claim, and its outcome.
public struct ClaimReplication: Codable, Sendable, Equatable {
    public var sourceSlug: String
    public var outcome: ReplicationOutcome
    public var note: String?
    /// The claim of the KB that replicated it, when `kb link` recorded the attempt as a relation
    /// between claims (shown by `kb show`; never written back as a `claimReplication` row).
    public var claimSlug: String?

    public init(sourceSlug: String, outcome: ReplicationOutcome, note: String? = nil, claimSlug: String? = nil) {
        self.sourceSlug = sourceSlug
        self.outcome = outcome
        self.note = note
        self.claimSlug = claimSlug
    }
}
