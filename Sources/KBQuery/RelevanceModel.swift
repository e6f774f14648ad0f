/// How relevant a claim is to the query's subjects, from the path that links them.
///
/// | path | relevance |
/// | --- | --- |
/// | direct: the claim is about the role, skill or profile role itself | 1.0 |
/// | role-skill: about one of the role's skills | 0.8 × the role's (or profile's) weight for it |
/// | adjacent: about a skill adjacent to / alongside a subject skill | 0.5 × the edge weight (× the skill's weight) |
/// | neighbour: about a neighbouring role, a role the skill recurs in, or a role using the skill | 0.5 × the edge weight |
/// | economy-wide: about the economy as a whole | 0.25 |
///
/// A profile's cohort, boundary, band and jurisdiction then scale relevance by
/// 0.75 + 0.25 × (facets the claim matches ÷ facets in the profile), so a direct match
/// (≥ 0.75) always outranks an economy-wide one (≤ 0.25) when strength is equal.
public enum RelevanceModel {
    public static let direct = 1.0
    public static let roleSkill = 0.8
    public static let adjacent = 0.5
    public static let neighbour = 0.5
    public static let economyWide = 0.25
    public static let facetFloor = 0.75

    /// Multiplier for text relevance when a query has full-text terms: 0.5 + 0.5 × t, where
    /// t = b / (1 + b) for b = −bm25 (FTS5 reports better matches as more negative bm25).
    public static let textFloor = 0.5
}

/// How the subjects reach one taxonomy node.
public struct Reach: Sendable, Equatable {
    public enum Path: String, Sendable, Comparable {
        case direct
        case roleSkill = "role-skill"
        case adjacent, neighbour
        case economyWide = "economy-wide"

        var order: Int {
            switch self {
            case .direct: 0
            case .roleSkill: 1
            case .adjacent: 2
            case .neighbour: 3
            case .economyWide: 4
            }
        }

        public static func < (lhs: Path, rhs: Path) -> Bool { lhs.order < rhs.order }
    }

    public var entityID: Int64
    public var relevance: Double
    public var path: Path
    /// Human-readable: "skill kubernetes (used by ml-platform-engineer, weight 1)".
    public var explanation: String
}
