import KBDomain
import KBStore

/// The fields a query can test. The set is closed: a field name in a query either is one of
/// these or is an error with a suggestion, so user text never names a column.
public enum Field: String, Sendable, CaseIterable, Equatable {
    // What a claim is about (taxonomy).
    case cohort, boundary, jurisdiction, band, role, skill, topic
    // The study behind a claim.
    case design, n, preregistered, country, population
    case nUnit = "n-unit"
    // The claim itself.
    case replication, metric, value, unit, grade, strength, quote, locator
    /// Which way the finding points (`increase`, `decrease`, `no-change`, `mixed`): a decrease
    /// stated as a count keeps a positive `value` (the seed's 92 million roles displaced).
    case direction
    case economyWide = "economy-wide"
    /// A source that tried to replicate the claim (`claimReplication`), by id or citation key.
    case replicatedBy = "replicated-by"
    // The source.
    case source, author, doi, url, title, year, type
    case peerReviewed = "peer-reviewed"
    case retracted

    /// What a field describes, which decides how it applies to claims and to sources.
    public enum Level: Sendable {
        case claim, study, source
    }

    public enum ValueType: Sendable, Equatable {
        /// A taxonomy node of this kind, by slug, name or alias.
        case entity(EntityKind)
        /// One of a closed list; `ordered` allows `<`, `>=`...
        case vocabulary([String], ordered: Bool)
        case number
        /// Free text compared after folding (case, accents, punctuation).
        case text
        case boolean
    }

    public var level: Level {
        switch self {
        case .cohort, .boundary, .jurisdiction, .band, .role, .skill, .topic: .claim
        case .replication, .metric, .value, .unit, .direction, .grade, .strength, .quote, .locator, .economyWide, .replicatedBy: .claim
        case .design, .n, .preregistered, .country, .population, .nUnit: .study
        case .source, .author, .doi, .url, .title, .year, .type, .peerReviewed, .retracted: .source
        }
    }

    public var valueType: ValueType {
        switch self {
        case .cohort: .entity(.cohort)
        case .boundary: .entity(.boundary)
        case .jurisdiction: .entity(.jurisdiction)
        case .band: .entity(.band)
        case .role: .entity(.role)
        case .skill: .entity(.skill)
        case .topic: .entity(.topic)
        case .design: .vocabulary(StudyDesign.allCases.map(\.rawValue), ordered: false)
        case .replication: .vocabulary(ReplicationStatus.allCases.map(\.rawValue), ordered: true)
        case .grade: .vocabulary(Grade.allCases.map(\.rawValue), ordered: true)
        case .direction: .vocabulary(Direction.allCases.map(\.rawValue), ordered: false)
        case .preregistered: .vocabulary(Preregistration.allCases.map(\.rawValue), ordered: false)
        case .type: .vocabulary(CSLTypes.all, ordered: false)
        case .n, .value, .strength, .year: .number
        case .country, .population, .nUnit, .unit, .metric, .quote, .locator, .source, .replicatedBy, .author, .doi, .url, .title: .text
        case .economyWide, .peerReviewed, .retracted: .boolean
        }
    }

    /// Whether `field` alone (no operator) is a test: `preregistered`, `retracted`, ...
    public var isFlag: Bool {
        switch self {
        case .preregistered, .economyWide, .peerReviewed, .retracted: true
        default: false
        }
    }

    /// Whether `missing FIELD` / `has FIELD` apply.
    public var hasPresence: Bool {
        switch self {
        case .n, .design, .preregistered, .replication, .country, .population, .nUnit, .unit, .metric, .value, .direction, .quote, .locator,
             .source, .replicatedBy, .author, .doi, .url, .title, .year, .peerReviewed:
            true
        case .cohort, .boundary, .jurisdiction, .band, .role, .skill, .topic:
            true
        case .grade, .strength, .economyWide, .type, .retracted:
            false
        }
    }

    /// An example for help messages.
    public var example: String {
        switch valueType {
        case let .entity(kind): "\(rawValue)=\(Field.exampleSlug[kind] ?? "slug")"
        case let .vocabulary(values, _): "\(rawValue)=\(values.first ?? "value")"
        case .number: self == .year ? "year >= 2020" : "\(rawValue) >= 100"
        case .text where self == .replicatedBy: "replicated-by=SOURCE-ID"
        case .text: "\(rawValue)=\"text\""
        case .boolean: rawValue
        }
    }

    static let exampleSlug: [EntityKind: String] = [
        .cohort: "older-workers", .boundary: "eeoc", .jurisdiction: "us", .band: "senior",
        .role: "ml-platform-engineer", .skill: "pytorch-deep-learning", .topic: "ai-helps",
    ]

    /// Accepted spellings besides the canonical name.
    static let synonyms: [String: Field] = [
        "peer_reviewed": .peerReviewed, "peerreviewed": .peerReviewed, "pre-registered": .preregistered,
        "prereg": .preregistered, "pre-registration": .preregistered, "preregistration": .preregistered,
        "economy_wide": .economyWide, "replicated_by": .replicatedBy, "replicatedby": .replicatedBy, "authors": .author, "sample-size": .n, "sample_size": .n,
    ]

    /// Every spelling `named(_:)` accepts (canonical names first), the candidates of an
    /// unknown field's did-you-mean; built once.
    static let spellings: [String] = allCases.map(\.rawValue) + synonyms.keys.sorted()

    /// The canonical names, comma-separated, for "fields: …" help lines.
    static let nameList: String = allCases.map(\.rawValue).joined(separator: ", ")

    public static func named(_ name: String) -> Field? {
        let lowered = name.lowercased()
        return Field(rawValue: lowered) ?? synonyms[lowered]
    }
}
