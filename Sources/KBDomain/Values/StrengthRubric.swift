import Foundation

/// What kb knows about the evidence behind one claim.
public struct EvidenceFacts: Sendable, Equatable {
    public var hasSource: Bool
    public var design: StudyDesign?
    public var n: Int?
    public var preregistered: Preregistration
    public var isPeerReviewed: Bool?
    public var replication: ReplicationStatus
    public var isRetracted: Bool
    public var hasExpressionOfConcern: Bool

    public init(hasSource: Bool = true, design: StudyDesign? = nil, n: Int? = nil, preregistered: Preregistration = .unknown,
                isPeerReviewed: Bool? = nil, replication: ReplicationStatus = .unknown, isRetracted: Bool = false,
                hasExpressionOfConcern: Bool = false) {
        self.hasSource = hasSource
        self.design = design
        self.n = n
        self.preregistered = preregistered
        self.isPeerReviewed = isPeerReviewed
        self.replication = replication
        self.isRetracted = isRetracted
        self.hasExpressionOfConcern = hasExpressionOfConcern
    }
}

/// kb's GRADE-like strength rubric: the study design sets a base, then sample size,
/// pre-registration, peer review and replication move it up or down. The result is clamped to
/// [0, 1] and mapped to a grade. The same numbers are in the README ("Ranking").
///
/// | factor | effect |
/// | --- | --- |
/// | design (base) | meta-analysis .70 · systematic-review .65 · rct .65 · field-experiment .60 · audit-study .60 · experiment .55 · quasi-experiment .45 · observational .30 · survey .25 · descriptive-analysis .25 · qualitative .20 · forecast .15 · other .15 · unknown .10 |
/// | n | +0.05 × (log10 n − 2), clamped to [−0.10, +0.15]; unknown −0.05 |
/// | pre-registered | yes +0.10 |
/// | peer-reviewed | yes +0.05 · no −0.05 |
/// | replication | replicated +0.15 · partial +0.05 · mixed −0.10 · failed −0.30 |
/// | expression of concern | −0.15 |
/// | retracted | strength 0 |
/// | no source | strength 0.05, nothing else counts |
///
/// Grades: high ≥ 0.70 > moderate ≥ 0.50 > low ≥ 0.30 > very-low.
public enum StrengthRubric {
    public static func base(_ design: StudyDesign?) -> Double {
        switch design {
        case .metaAnalysis: 0.70
        case .systematicReview, .rct: 0.65
        case .fieldExperiment, .auditStudy: 0.60
        case .experiment: 0.55
        case .quasiExperiment: 0.45
        case .observational: 0.30
        case .survey, .descriptiveAnalysis: 0.25
        case .qualitative: 0.20
        case .forecast, .other: 0.15
        case nil: 0.10
        }
    }

    public static func sampleSizeEffect(_ n: Int?) -> Double {
        guard let n, n > 0 else { return -0.05 }
        return 0.05 * min(max(log10(Double(n)) - 2, -2), 3)
    }

    public static func replicationEffect(_ status: ReplicationStatus) -> Double {
        switch status {
        case .replicated: 0.15
        case .partial: 0.05
        case .mixed: -0.10
        case .failed: -0.30
        case .unknown, .notAttempted: 0
        }
    }

    public static let unsourcedStrength = 0.05

    public static func grade(_ strength: Double) -> Grade {
        switch strength {
        case 0.70...: .high
        case 0.50..<0.70: .moderate
        case 0.30..<0.50: .low
        default: .veryLow
        }
    }

    /// The strength, grade and the factors that made them.
    public static func assess(_ facts: EvidenceFacts) -> StrengthAssessment {
        guard facts.hasSource else {
            return StrengthAssessment(strength: unsourcedStrength, factors: [
                WhyFactor(.source, "none: an unsourced assertion", effect: unsourcedStrength),
            ])
        }
        var factors: [WhyFactor] = []
        factors.append(WhyFactor(.design, facts.design?.rawValue ?? "unknown", effect: base(facts.design)))
        factors.append(WhyFactor(.n, facts.n.map(String.init) ?? "unknown", effect: sampleSizeEffect(facts.n)))
        factors.append(WhyFactor(.preregistered, facts.preregistered.rawValue, effect: facts.preregistered == .yes ? 0.10 : 0))
        let review = facts.isPeerReviewed.map { $0 ? "yes" : "no" } ?? "unknown"
        factors.append(WhyFactor(.peerReviewed, review, effect: facts.isPeerReviewed.map { $0 ? 0.05 : -0.05 } ?? 0))
        factors.append(WhyFactor(.replication, facts.replication.rawValue, effect: replicationEffect(facts.replication)))
        if facts.hasExpressionOfConcern {
            factors.append(WhyFactor(.notice, "expression-of-concern", effect: -0.15))
        }
        var strength = factors.reduce(0) { $0 + ($1.effect ?? 0) }
        if facts.isRetracted {
            factors.append(WhyFactor(.notice, "retracted", effect: -strength))
            strength = 0
        }
        return StrengthAssessment(strength: strength, factors: factors)
    }
}

/// A strength in [0, 1], its grade, and the factors behind it.
public struct StrengthAssessment: Sendable, Equatable {
    public var strength: Double
    public var grade: Grade
    public var factors: [WhyFactor]

    init(strength: Double, factors: [WhyFactor]) {
        self.strength = min(max(strength, 0), 1)
        self.grade = StrengthRubric.grade(self.strength)
        self.factors = factors
    }
}
