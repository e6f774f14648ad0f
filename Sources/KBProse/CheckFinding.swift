import KBAudit
import KBDomain

/// One thing `kb check` says about a page: a number, a citation, a statement or a hole, where
/// it stands (line:column), and how the KB bears on it (DESIGN §12).
public struct CheckFinding: Sendable, Equatable {
    /// How the KB bears on what the page says.
    public enum Verdict: String, Sendable, CaseIterable, Codable {
        case supported, mismatch, unsupported, placeholder, weak
        case unknownCitation = "unknown-citation"

        /// How much an editor should care: a wrong number or a citation to nothing is an
        /// error; a claim the KB cannot back, or backs weakly, a warning; support is not a
        /// problem at all.
        public var severity: Severity? {
            switch self {
            case .supported: nil
            case .mismatch, .placeholder, .unknownCitation: .error
            case .unsupported, .weak: .warning
            }
        }
    }

    /// What on the page the finding is about.
    public enum Subject: String, Sendable, Codable { case number, citation, statement, placeholder }

    public var file: String
    public var line: Int
    public var column: Int
    /// Where the text ends (the column after its last character) when it is written across
    /// lines ("Noy and⏎Zhang (2023)"); nil when it ends on its own line.
    public var endLine: Int?
    public var endColumn: Int?
    public var verdict: Verdict
    public var subject: Subject
    /// The page's text the finding is about ("-40%", "Noy & Zhang (2023)").
    public var text: String
    /// The claim that supports, contradicts or weakly supports it, and its grade.
    public var claim: String?
    public var grade: Grade?
    /// The work a citation resolves to, or the work the statement's number was checked against.
    public var source: String?
    /// What the KB says instead (for a mismatch): "-40 percent".
    public var expected: String?
    public var message: String
    /// The sentence the finding stands in (for `--emit-claims` and the annotated page).
    public var sentence: String
    /// The number as read, for a number finding.
    public var number: ProseNumber?
    /// Why an `unsupported` number names a claim that does not back it: the KB holds the number
    /// as that claim's level, for another place, or in another direction (or one the page does
    /// not say); nil for another group, comparison or count. `--emit-claims` gives this reason
    /// for leaving the number out (review 14, m5), not a reading of the message's words.
    /// `namesakes`: no claim is named, as the number's citation fits several works of the same
    /// authors and year and says not which (review 18, m3).
    public var heldAs: HeldAs?

    public enum HeldAs: String, Sendable, Codable { case level, place, direction, namesakes }

    /// Whether `source` is the work of a citation in another sentence of the number's paragraph
    /// ("Being older cut callbacks by 69% (Ahmed et al., 2012). Across Europe, older applicants
    /// receive roughly 30% fewer callbacks …"): the check holds the number to it, as the nearest
    /// citation, but the page does not cite it for this sentence, so `--emit-claims` gives the
    /// claim no source (trial 20, B7). A sentence that refers back to it ("They found …") is
    /// cited by it.
    public var isSourceCitedElsewhere = false

    public init(file: String, line: Int, column: Int, verdict: Verdict, subject: Subject, text: String, claim: String? = nil, grade: Grade? = nil,
                source: String? = nil, expected: String? = nil, message: String, sentence: String, number: ProseNumber? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.verdict = verdict
        self.subject = subject
        self.text = text
        self.claim = claim
        self.grade = grade
        self.source = source
        self.expected = expected
        self.message = message
        self.sentence = sentence
        self.number = number
    }

    /// Whether the finding is a problem (anything but `supported`).
    public var isProblem: Bool { verdict != .supported }

    /// The finding judged against `claim`: its verdict, the claim with its grade, what the claim
    /// holds instead (nil when it agrees) and why.
    mutating func judge(_ verdict: Verdict, by claim: EvidenceClaim, expected: String?, _ message: String) {
        self.verdict = verdict
        self.claim = claim.slug
        self.grade = claim.grade
        self.expected = expected
        self.message = message
    }
}

/// Everything `kb check` found on one page.
public struct PageCheck: Sendable {
    public var page: Page
    public var findings: [CheckFinding]

    /// How many findings of each verdict (every verdict present, zeros included).
    public var counts: [(CheckFinding.Verdict, Int)] {
        CheckFinding.Verdict.allCases.map { verdict in (verdict, findings.count { $0.verdict == verdict }) }
    }
}
