/// The closed vocabularies of the evidence graph. Each raw value is what the database stores,
/// what seeds and queries write, and what JSON output shows.

/// The kinds of taxonomy node.
public enum EntityKind: String, CaseIterable, Codable, Sendable {
    case role, skill, cohort, boundary, band, topic, jurisdiction
    case occupationGroup = "occupation-group"

    /// The plural used by `kb list` and in seed files: `roles`, `skills`, ...
    public var plural: String {
        switch self {
        case .occupationGroup: "occupation-groups"
        case .boundary: "boundaries"
        default: rawValue + "s"
        }
    }
}

/// How a study was run. `experiment` is an experiment whose assignment mechanism the source
/// does not state; `rct` and `field-experiment` (and `audit-study`, a correspondence test) are
/// narrower kinds of it, so `design=experiment` matches them too.
public enum StudyDesign: String, CaseIterable, Codable, Sendable {
    case rct, experiment
    case fieldExperiment = "field-experiment"
    case auditStudy = "audit-study"
    case quasiExperiment = "quasi-experiment"
    case observational, survey
    case metaAnalysis = "meta-analysis"
    case systematicReview = "systematic-review"
    case descriptiveAnalysis = "descriptive-analysis"
    case forecast, qualitative, other

    /// This design and the designs narrower than it.
    public var including: [StudyDesign] {
        switch self {
        case .experiment: [.experiment, .rct, .fieldExperiment, .auditStudy]
        case .fieldExperiment: [.fieldExperiment, .auditStudy]
        default: [self]
        }
    }
}

/// Whether a study was pre-registered.
public enum Preregistration: String, CaseIterable, Codable, Sendable {
    case yes, no, unknown
}

/// Whether a finding replicated. Ordered from worst to best for `<`/`>` in queries:
/// failed < mixed < unknown < not-attempted < partial < replicated.
public enum ReplicationStatus: String, CaseIterable, Codable, Sendable {
    case failed, mixed, unknown
    case notAttempted = "not-attempted"
    case partial, replicated

    public var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}

/// kb's evidence grade, from the strength rubric. Ordered very-low < low < moderate < high.
public enum Grade: String, CaseIterable, Codable, Sendable, Comparable {
    case veryLow = "very-low"
    case low, moderate, high

    public var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (lhs: Grade, rhs: Grade) -> Bool { lhs.rank < rhs.rank }
}

/// The direction of a quantified effect.
public enum Direction: String, CaseIterable, Codable, Sendable {
    case increase, decrease
    case noChange = "no-change"
    case mixed
}

/// Editorial notices on a source.
public enum NoticeKind: String, CaseIterable, Codable, Sendable {
    case retraction, correction
    case expressionOfConcern = "expression-of-concern"
    case reinstatement
}

/// Typed edges between taxonomy nodes, with the kinds of node each connects.
public enum EdgeKind: String, CaseIterable, Codable, Sendable {
    case uses, adjacent, alongside, neighbour
    case recursIn = "recurs-in"
    case translatesTo = "translates-to"
    case narrower
    case inJurisdiction = "in-jurisdiction"

    public var endpoints: (from: EntityKind, to: EntityKind) {
        switch self {
        case .uses: (.role, .skill)
        case .adjacent, .alongside: (.skill, .skill)
        case .neighbour: (.role, .role)
        case .recursIn: (.skill, .role)
        case .translatesTo: (.boundary, .boundary)
        case .narrower: (.cohort, .cohort)
        case .inJurisdiction: (.boundary, .jurisdiction)
        }
    }
}

/// The kinds of page note.
public enum NoteKind: String, CaseIterable, Codable, Sendable {
    case methodology, limitation, instrument, boundary, scope
}

/// Relations between claims.
public enum ClaimRelationKind: String, CaseIterable, Codable, Sendable {
    case supports, contradicts, replicates
    case failsToReplicate = "fails-to-replicate"
}
