import KBDomain
import KBStore
import KBQuery
import KBFormats

/// `kb audit` output, written as the findings stream in: plain text grouped by subject, JSON
/// (`{"query", "findings": […], "summary": {…}}`, keys sorted), or Markdown.
public struct AuditRenderer {
    public enum Format: String, Sendable, CaseIterable {
        case table, json, markdown
    }

    let format: Format
    let write: (String) throws -> Void
    private var currentSubject: String?
    private var subjects = 0
    private var findings = 0
    private var bySeverity: [Severity: Int] = [:]

    public init(format: Format, write: @escaping (String) throws -> Void) {
        self.format = format
        self.write = write
    }

    static let ruleWidth = Auditor.catalogue.map(\.id.count).max() ?? 24

    public mutating func begin(query: String?) throws {
        switch format {
        case .table: if let query { try write("audit of: \(query)\n\n") }
        case .json: try write("{\n  \"findings\": [")
        case .markdown:
            try write("# Audit" + (query.map { " of `\($0)`" } ?? "") + "\n\n")
            try write("| Severity | Rule | Subject | Message | Evidence | Fix |\n|---|---|---|---|---|---|\n")
        }
    }

    public mutating func add(_ finding: AuditFinding) throws {
        let subject = finding.subjectKind.rawValue + " " + finding.subject
        let isNewSubject = subject != currentSubject
        if isNewSubject { subjects += 1 }
        defer {
            currentSubject = subject
            findings += 1
            bySeverity[finding.severity, default: 0] += 1
        }
        switch format {
        case .table:
            if isNewSubject { try write((findings > 0 ? "\n" : "") + subject + "\n") }
            let severity = finding.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
            let rule = finding.rule.padding(toLength: Self.ruleWidth + 2, withPad: " ", startingAt: 0)
            let indent = String(repeating: " ", count: 2 + 8 + Self.ruleWidth + 2)
            var text = "  " + severity + rule + finding.message + "\n"
            if let evidence = finding.evidence, !evidence.isEmpty { text += indent + evidence.replacingOccurrences(of: "\n", with: " ") + "\n" }
            text += indent + "fix: " + finding.fix + "\n"
            try write(text)
        case .json:
            let object = JSONValue.object([
                "rule": .string(finding.rule), "severity": .string(finding.severity.rawValue),
                "subject": .object(["kind": .string(finding.subjectKind.rawValue), "id": .string(finding.subject)]),
                "message": .string(finding.message), "evidence": .from(finding.evidence), "fix": .string(finding.fix),
            ])
            try write((findings > 0 ? "," : "") + "\n    " + object.compact)
        case .markdown:
            let cells = [finding.severity.rawValue, "`\(finding.rule)`", "\(finding.subjectKind.rawValue) `\(finding.subject)`", finding.message,
                         finding.evidence ?? "", finding.fix]
            try write("| " + cells.map(ResultRenderer.markdownCell).joined(separator: " | ") + " |\n")
        }
    }

    /// What a baseline did to a run: findings it accepted (not shown, not counted above) and its
    /// entries no finding matched any more.
    public struct BaselineSummary: Sendable {
        public let accepted: Int
        public let unmet: Int

        public init(accepted: Int, unmet: Int) {
            self.accepted = accepted
            self.unmet = unmet
        }

        var sentence: String {
            "\(accepted) finding\(accepted == 1 ? "" : "s") accepted by the baseline (not shown); "
                + "\(unmet) baseline entr\(unmet == 1 ? "y" : "ies") no longer found"
        }
    }

    /// The summary: counts by severity and by rule (every rule that ran, with 0 for none), and
    /// what a baseline accepted.
    public mutating func finish(counts: [String: Int], rules: [AuditRule], baseline: BaselineSummary? = nil) throws {
        let severities = Severity.allCases.reversed().map { ($0, bySeverity[$0] ?? 0) }
        switch format {
        case .table:
            let total = "\(findings) finding\(findings == 1 ? "" : "s") in \(subjects) subject\(subjects == 1 ? "" : "s"): "
                + severities.map { "\($0.1) \($0.0.rawValue)\($0.0 == .info || $0.1 == 1 ? "" : "s")" }.joined(separator: ", ")
                + (baseline.map { "\n" + $0.sentence } ?? "")
            let table = TextTable(headers: ["rule", "severity", "findings"],
                                  rows: rules.map { [$0.id, $0.severity.rawValue, String(counts[$0.id] ?? 0)] })
            try write((findings > 0 ? "\n" : "") + total + "\n\n" + table.render(width: 200) + "\n")
        case .json:
            var byRule: [String: JSONValue] = [:]
            for rule in rules { byRule[rule.id] = .number(Double(counts[rule.id] ?? 0)) }
            var summary: [String: JSONValue] = ["total": .number(Double(findings)), "subjects": .number(Double(subjects)), "by_rule": .object(byRule)]
            for (severity, count) in severities { summary[severity.rawValue] = .number(Double(count)) }
            if let baseline {
                summary["baseline"] = .object(["accepted": .number(Double(baseline.accepted)), "unmet": .number(Double(baseline.unmet))])
            }
            let pretty = JSONValue.object(summary).pretty.split(separator: "\n").enumerated()
                .map { $0.offset == 0 ? String($0.element) : "  " + $0.element }.joined(separator: "\n")
            try write((findings > 0 ? "\n  " : "") + "],\n  \"summary\": " + pretty + "\n}\n")
        case .markdown:
            try write("\n**\(findings) findings**: " + severities.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ") + "\n\n")
            if let baseline { try write(baseline.sentence + ".\n\n") }
            try write("| Rule | Severity | Findings |\n|---|---|---|\n")
            for rule in rules { try write("| `\(rule.id)` | \(rule.severity.rawValue) | \(counts[rule.id] ?? 0) |\n") }
        }
    }

    /// How to pick rules and gate CI, after the catalogue's table form.
    static let catalogueFooter = """
        --rule ID or --rule PREFIX. (such as source.) runs only those rules; --rule '!ID' or '!PREFIX.' runs
        all but those. To gate CI on a KB that has findings already: kb audit --write-baseline FILE accepts
        today's findings; kb audit --baseline FILE --fail-on warning then reports and fails only on new ones
        (a finding is keyed by rule, subject id and a fingerprint of its evidence, so it stays accepted
        across runs and re-imports until what it reports changes).

        """

    /// `kb audit --rules`: the catalogue.
    public static func catalogue(_ rules: [AuditRule], format: Format) -> String {
        switch format {
        case .json:
            return JSONValue.array(rules.map { rule in
                .object(["id": .string(rule.id), "severity": .string(rule.severity.rawValue), "subject": .string(rule.subject.rawValue),
                         "message": .string(rule.message), "rationale": .string(rule.rationale), "fix": .string(rule.fix),
                         "same_as": .from(rule.sameAs)])
            }).pretty + "\n"
        case .markdown:
            return "| Rule | Severity | About | Why | Fix |\n|---|---|---|---|---|\n" + rules.map { rule in
                "| " + ["`\(rule.id)`", rule.severity.rawValue, rule.subject.rawValue, rule.rationale, rule.fix].map(ResultRenderer.markdownCell).joined(separator: " | ") + " |\n"
            }.joined()
        case .table:
            return rules.map { rule in
                "\(rule.id)  (\(rule.severity.rawValue), \(rule.subject.rawValue))\n  \(rule.rationale)\n  fix: \(rule.fix)\n"
                    + (rule.sameAs.map { "  same as: kb query \"\($0)\"\n" } ?? "")
            }.joined(separator: "\n") + "\n" + catalogueFooter
        }
    }
}
