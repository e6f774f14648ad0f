/// One reason a result ranked where it did: a factor, its value, and its effect on the score.
public struct WhyFactor: Codable, Sendable, Equatable {
    public var kind: Kind
    public var value: String
    /// What the factor added to (or, negative, took from) the strength or relevance; or the
    /// multiplier, for factors that multiply.
    public var effect: Double?

    /// What a factor is about. Renderers pick factors by kind (the table's `why` column shows the
    /// path, the matched profile facets and a text match), never by their label's text.
    public enum Kind: Sendable, Equatable, Hashable {
        // The strength rubric's factors (``StrengthRubric/assess(_:)``).
        case source, design, n, preregistered, peerReviewed, replication, notice
        // The ranking's factors.
        /// How the claim reaches the query's subjects (or "no subject", "economy-wide").
        case path
        /// Whether the claim is about a profile facet; `facet` is "cohort older-workers".
        case profileFacet(String)
        case relevance, strength, textMatch, score

        /// The factor's name in JSON output and `--explain`: "peer-reviewed", "text match",
        /// "profile cohort older-workers".
        public var label: String {
            switch self {
            case .source: "source"
            case .design: "design"
            case .n: "n"
            case .preregistered: "preregistered"
            case .peerReviewed: "peer-reviewed"
            case .replication: "replication"
            case .notice: "notice"
            case .path: "path"
            case let .profileFacet(facet): "profile \(facet)"
            case .relevance: "relevance"
            case .strength: "strength"
            case .textMatch: "text match"
            case .score: "score"
            }
        }

        /// The kind whose ``label`` is `label`.
        public init?(label: String) {
            let fixed: [Kind] = [.source, .design, .n, .preregistered, .peerReviewed, .replication, .notice, .path, .relevance, .strength, .textMatch, .score]
            if let kind = fixed.first(where: { $0.label == label }) {
                self = kind
            } else if label.hasPrefix("profile "), label.count > "profile ".count {
                self = .profileFacet(String(label.dropFirst("profile ".count)))
            } else {
                return nil
            }
        }
    }

    /// The factor's name as output shows it (``Kind/label``).
    public var factor: String { kind.label }

    public init(_ kind: Kind, _ value: String, effect: Double? = nil) {
        self.kind = kind
        self.value = value
        self.effect = effect.map { ($0 * 10_000).rounded() / 10_000 }
    }

    private enum CodingKeys: String, CodingKey {
        case factor, value, effect
    }

    // Coded as output shows it: `{"factor": "text match", "value": …, "effect": …}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let label = try container.decode(String.self, forKey: .factor)
        guard let kind = Kind(label: label) else {
            throw DecodingError.dataCorruptedError(forKey: .factor, in: container, debugDescription: "unknown factor '\(label)'")
        }
        self.init(kind, try container.decode(String.self, forKey: .value), effect: try container.decodeIfPresent(Double.self, forKey: .effect))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(factor, forKey: .factor)
        try container.encode(value, forKey: .value)
        try container.encodeIfPresent(effect, forKey: .effect)
    }
}
