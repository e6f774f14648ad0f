import Foundation
import KBDomain

/// Writes `kb check`'s findings: a table for a terminal, JSON for scripts, the page annotated in
/// Markdown (each finding marked where it stands), or SARIF 2.1.0 for code-review tools.
public enum CheckRenderer {
    public enum Format: String, Sendable, CaseIterable { case table, json, markdown, sarif }

    public static func render(_ checks: [PageCheck], format: Format) -> String {
        switch format {
        case .table: table(checks)
        case .json: json(checks)
        case .markdown: markdown(checks)
        case .sarif: sarif(checks)
        }
    }

    /// "supported 12 · mismatch 0 · …".
    public static func summary(_ checks: [PageCheck]) -> String {
        CheckFinding.Verdict.allCases.map { verdict in
            "\(verdict.rawValue) \(checks.reduce(0) { $0 + $1.findings.count { $0.verdict == verdict } })"
        }.joined(separator: " · ")
    }

    static func table(_ checks: [PageCheck]) -> String {
        var out = ""
        for check in checks {
            for finding in check.findings {
                let text = finding.text.count > 40 ? String(finding.text.prefix(39)) + "…" : finding.text
                out += "\(finding.file):\(finding.line):\(finding.column)  \(finding.verdict.rawValue.padding(toLength: 17, withPad: " ", startingAt: 0))"
                // At least one space after the subject: "placeholder" fills the column by itself.
                out += "\(finding.subject.rawValue.padding(toLength: max(11, finding.subject.rawValue.count + 1), withPad: " ", startingAt: 0))\(text)  — \(finding.message)\n"
            }
        }
        return out + summary(checks) + "\n"
    }

    static func object(_ finding: CheckFinding) -> [String: Any] {
        var object: [String: Any] = ["file": finding.file, "line": finding.line, "column": finding.column, "class": finding.verdict.rawValue,
                                     "subject": finding.subject.rawValue, "text": finding.text, "message": finding.message]
        if let claim = finding.claim { object["claim"] = claim }
        if let grade = finding.grade { object["grade"] = grade.rawValue }
        if let source = finding.source { object["source"] = source }
        if let expected = finding.expected { object["expected"] = expected }
        if let number = finding.number {
            // The number as the page writes it (no sign the page does not write); a direction
            // said in words ("cut … by 40%") is its own field.
            var read: [String: Any] = ["value": number.writtenValue * number.scale, "kind": number.kind.rawValue,
                                       "sign": number.isSignWritten ? number.sign.rawValue : ProseNumber.Sign.unstated.rawValue]
            if let said = number.saidDirection { read["direction"] = said == .minus ? "decrease" : "increase" }
            if let upper = number.upper { read["upper"] = upper * number.scale }
            if let period = number.period { read["period"] = period }
            if number.isApproximate { read["approximate"] = true }
            object["number"] = read
        }
        return object
    }

    /// Pretty-printed JSON with sorted keys, as `JSONSerialization` writes it (``ReportJSON``).
    static func serialise(_ value: Any) -> String {
        guard let text = ReportJSON.pretty(value) else { return "{}" }
        return text + "\n"
    }

    static func json(_ checks: [PageCheck]) -> String {
        var counts: [String: Int] = [:]
        for verdict in CheckFinding.Verdict.allCases {
            counts[verdict.rawValue] = checks.reduce(0) { $0 + $1.findings.count { $0.verdict == verdict } }
        }
        return serialise(["findings": checks.flatMap { $0.findings.map(object) }, "counts": counts] as [String: Any])
    }

    static let marks: [CheckFinding.Verdict: String] = [.supported: "✓", .mismatch: "✗", .unsupported: "?", .placeholder: "∅", .weak: "~",
                                                        .unknownCitation: "‽"]

    /// The page as written, each finding marked after its text (`40%`[✓ noy2023-writing-time]),
    /// then a list of the findings under the page.
    static func markdown(_ checks: [PageCheck]) -> String {
        var out = ""
        for check in checks {
            out += "# Check of \(check.page.name)\n\n"
            // Each mark goes where its text ends: on a later line for a text written across lines.
            let textEnd = { (finding: CheckFinding) in finding.endColumn.map { $0 - 1 } ?? finding.column - 1 + finding.text.count }
            let byLine = Dictionary(grouping: check.findings) { $0.endLine ?? $0.line }
            for (offset, line) in check.page.lines.enumerated() {
                var characters = Array(line)
                for finding in (byLine[offset + 1] ?? []).sorted(by: { textEnd($0) > textEnd($1) }) {
                    var end = min(characters.count, textEnd(finding))
                    // A statement's text is cut short: its mark goes after the word it ends in.
                    while end > 0, end < characters.count, characters[end - 1].isWordLetter, characters[end].isWordLetter { end += 1 }
                    let label = (finding.claim ?? finding.source).map { ": \($0)" } ?? ""
                    let mark = " **[\(marks[finding.verdict] ?? "") \(finding.verdict.rawValue)\(label)]**"
                    characters.insert(contentsOf: mark, at: max(0, end))
                }
                out += String(characters) + "\n"
            }
            out += "\n## Findings\n\n| where | class | text | detail |\n|---|---|---|---|\n"
            for finding in check.findings {
                let cells = ["\(finding.line):\(finding.column)", finding.verdict.rawValue, finding.text, finding.message]
                out += "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }.joined(separator: " | ") + " |\n"
            }
            out += "\n"
        }
        return out + summary(checks) + "\n"
    }

    /// SARIF 2.1.0: one run of tool `kb`, a rule per class, a result per finding that is a
    /// problem (supported findings are not results), each with its physical location.
    static func sarif(_ checks: [PageCheck]) -> String {
        let rules: [[String: Any]] = CheckFinding.Verdict.allCases.filter { $0 != .supported }.map { verdict in
            ["id": verdict.rawValue, "name": verdict.rawValue, "shortDescription": ["text": description(verdict)],
             "defaultConfiguration": ["level": level(verdict)]]
        }
        let results: [[String: Any]] = checks.flatMap(\.findings).filter(\.isProblem).map { finding in
            var result: [String: Any] = [
                "ruleId": finding.verdict.rawValue, "level": level(finding.verdict),
                "message": ["text": "\(finding.text): \(finding.message)"],
                "locations": [["physicalLocation": ["artifactLocation": ["uri": finding.file],
                                                    "region": region(finding)]]],
            ]
            if let claim = finding.claim { result["properties"] = ["claim": claim] }
            return result
        }
        let log: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
            "runs": [["tool": ["driver": ["name": "kb", "rules": rules]], "results": results]],
        ]
        return serialise(log)
    }

    /// A finding's SARIF region: from its line:column to the column after its text, on the line
    /// where the text ends.
    static func region(_ finding: CheckFinding) -> [String: Any] {
        var region: [String: Any] = ["startLine": finding.line, "startColumn": finding.column,
                                     "endColumn": finding.endColumn ?? finding.column + max(1, finding.text.count)]
        if let endLine = finding.endLine { region["endLine"] = endLine }
        return region
    }

    static func level(_ verdict: CheckFinding.Verdict) -> String {
        switch verdict.severity {
        case .error: "error"
        case .warning: "warning"
        default: "note"
        }
    }

    static func description(_ verdict: CheckFinding.Verdict) -> String {
        switch verdict {
        case .supported: "a claim in the KB states it"
        case .mismatch: "the page's number or citation differs from the KB's"
        case .unsupported: "no claim in the KB backs it as written"
        case .placeholder: "a number is missing from the text"
        case .weak: "only very-low, failed-replication or retracted evidence backs it"
        case .unknownCitation: "a cited work the KB lacks"
        }
    }
}
