import KBDomain
import KBStore
import KBQuery
import KBFormats

/// How much an audit finding matters. Ordered: `info` < `warning` < `error`.
public enum Severity: String, Sendable, CaseIterable, Comparable, Codable {
    case info, warning, error

    var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// What a finding is about.
public enum AuditSubject: String, Sendable, CaseIterable, Codable {
    case source, study, claim, entity, edge, alias, note

    /// The table the subject's rows live in.
    var table: String {
        switch self {
        case .source: "source"
        case .study: "study"
        case .claim: "claim"
        case .entity, .alias: "entity"
        case .edge: "edge"
        case .note: "note"
        }
    }
}

/// One rule of the audit catalogue: a stable id, a severity, why it matters, how to fix it, and
/// the SQL that finds it in one pass.
///
/// `sql` selects `rowId` (the subject's row id, used to scope an audit to a query), `subject` (the
/// id the analyst knows: a slug, `kind:slug`, or `from -kind-> to`), `evidence` (the offending
/// text or value) and `detail` (what the message adds for this row, may be NULL). It reads only
/// kb's own tables and takes no values from the user.
public struct AuditRule: Sendable, Identifiable {
    public let id: String
    public let severity: Severity
    public let subject: AuditSubject
    /// A short message; a row's `detail`, when present, follows it after a colon.
    public let message: String
    /// Why it matters, in one line.
    public let rationale: String
    /// How to fix it, in one line.
    public let fix: String
    let sql: String
    /// The same rule for the records in the audit scope's temporary tables only (see
    /// ``AuditScope``), when `sql` would read whole tables to find them: the rows it returns for
    /// those records are exactly `sql`'s. The per-record audit after every curation write runs
    /// it, so a write to a million-claim KB does not scan the KB.
    let scopedSQL: String?
    /// The `missing FIELD` / `has FIELD` test the rule shares with the query language, if any,
    /// as a query that selects the same subjects (checked by the tests).
    public let sameAs: String?
    /// The evidence only says where the record came from (`file:line`), not what is wrong: an
    /// audit baseline keys the finding without it. True for the `missing FIELD` rules.
    public let evidenceIsContext: Bool

    init(_ id: String, _ severity: Severity, _ subject: AuditSubject, message: String, rationale: String, fix: String,
         sameAs: String? = nil, evidenceIsContext: Bool? = nil, sql: String, scopedSQL: String? = nil) {
        self.id = id
        self.severity = severity
        self.subject = subject
        self.message = message
        self.rationale = rationale
        self.fix = fix
        self.sameAs = sameAs
        self.evidenceIsContext = evidenceIsContext ?? (sameAs != nil)
        self.sql = sql
        self.scopedSQL = scopedSQL
    }
}
