import KBDomain
import KBStore
import KBQuery
import KBFormats

/// One problem the audit found.
public struct AuditFinding: Sendable, Equatable, Codable {
    public let rule: String
    public let severity: Severity
    public let subjectKind: AuditSubject
    /// The id the analyst knows: a slug, `kind:slug`, or `from -kind-> to` for an edge.
    public let subject: String
    public let message: String
    /// The offending text or value (or where a record with a missing field came from).
    public let evidence: String?
    public let fix: String
}

/// What `kb audit` found: findings grouped by subject, and counts.
public struct AuditReport: Sendable {
    public let findings: [AuditFinding]
    /// The rules that ran.
    public let rules: [AuditRule]
    /// The query the audit was limited to, if any.
    public let query: String?

    public func count(_ severity: Severity) -> Int { findings.filter { $0.severity == severity }.count }

    /// Findings per rule, in catalogue order (rules that found nothing included, with 0).
    public var countsByRule: [(rule: AuditRule, count: Int)] {
        var counts: [String: Int] = [:]
        for finding in findings { counts[finding.rule, default: 0] += 1 }
        return rules.map { ($0, counts[$0.id] ?? 0) }
    }

    /// Whether any finding is at `severity` or worse (the `--fail-on` gate).
    public func fails(at severity: Severity) -> Bool {
        findings.contains { $0.severity >= severity }
    }

    /// Findings grouped by subject (kind, then id), each group's findings worst first.
    public var bySubject: [(kind: AuditSubject, subject: String, findings: [AuditFinding])] {
        var groups: [String: (AuditSubject, String, [AuditFinding])] = [:]
        var order: [String] = []
        for finding in findings {
            let key = finding.subjectKind.rawValue + "\u{1}" + finding.subject
            if groups[key] == nil { order.append(key) }
            groups[key, default: (finding.subjectKind, finding.subject, [])].2.append(finding)
        }
        return order.compactMap { groups[$0] }.map { group in
            (group.0, group.1, group.2.sorted { ($0.severity.rank, $1.rule) > ($1.severity.rank, $0.rule) })
        }
    }
}
