import KBCore

/// `/audit`: the findings of `kb audit`, by rule, each subject linked to its page.
enum AuditPage {
    /// Findings listed per rule before "and N more" (the JSON has them all).
    static let findingsShown = 100

    static func render(_ report: AuditReport) -> HTML {
        var byRule: [String: [AuditFinding]] = [:]
        for finding in report.findings { byRule[finding.rule, default: []].append(finding) }
        let summary = report.countsByRule.filter { $0.count > 0 }.map { rule, count -> HTML in
            "<tr><td><a href=\"#rule-\(rule.id)\">\(rule.id)</a></td><td>\(rule.severity.rawValue)</td><td class=\"num\">\(count)</td><td>\(rule.message)</td></tr>"
        }
        let sections = report.countsByRule.filter { $0.count > 0 }.map { rule, count -> HTML in
            let findings = byRule[rule.id, default: []]
            let items = findings.prefix(findingsShown).map { finding -> HTML in
                "<li>\(subjectLink(finding)): \(finding.message)\(finding.evidence.map { " — “\($0)”" } ?? "")</li>"
            }
            let more: HTML = findings.count > findingsShown ? "<li class=\"muted\">and \(findings.count - findingsShown) more (see /api/audit)</li>" : .empty
            return """
            <section id="rule-\(rule.id)"><h2>\(rule.id) <span class="muted">(\(rule.severity.rawValue), \(count))</span></h2>
            <p>\(rule.rationale)</p><p><strong>Fix:</strong> \(rule.fix)</p>
            <ul class="plain">\(items)\(more)</ul></section>
            """
        }
        let table: HTML = summary.isEmpty ? "<p>No findings.</p>" : """
            <table><thead><tr><th scope="col">rule</th><th scope="col">severity</th><th scope="col">findings</th><th scope="col">what</th></tr></thead>
            <tbody>\(summary)</tbody></table>
            """
        let counts = "\(report.count(.error)) errors, \(report.count(.warning)) warnings, \(report.count(.info)) notes"
        return Layout.page(title: "Audit", """
        <h1>Audit</h1>
        <p class="notice">\(counts) · <a href="/api/audit">JSON</a></p>
        \(table)
        \(sections)
        """)
    }

    static func subjectLink(_ finding: AuditFinding) -> HTML {
        switch finding.subjectKind {
        case .claim: return "<a href=\"\(URLText.claim(finding.subject))\">\(finding.subject)</a>"
        case .source: return "<a href=\"\(URLText.source(finding.subject))\">\(finding.subject)</a>"
        case .entity, .alias:
            let parts = finding.subject.split(separator: ":", maxSplits: 1).map(String.init)
            if parts.count == 2, EntityKind(rawValue: parts[0]) != nil {
                return "<a href=\"\(URLText.node(parts[0], parts[1]))\">\(finding.subject)</a>"
            }
            return "\(finding.subject)"
        default: return "\(finding.subject)"
        }
    }
}
