import Foundation
import Testing

/// `kb audit` as a CI gate on a KB that already has findings: `--rule '!…'` exclusions and a
/// baseline file (issue 12, item 16), on the seed KB (11 warnings today).
@Suite(.serialized)
struct AuditGateTests {
    let directory: URL

    init() throws {
        directory = try KBProcess.temporaryDirectory()
    }

    func kb(_ arguments: String...) throws -> KBProcess.Result {
        try KBProcess.run(arguments, in: directory)
    }

    @Test func anExclusionRunsEveryOtherRule() throws {
        let excluded = try kb("audit", "--rule", "!text.placeholder-number", "--rule", "!taxonomy.", "--format", "json")
        #expect(excluded.status == 0, "\(excluded.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(excluded.stdout.utf8)) as? [String: Any])
        let byRule = try #require((object["summary"] as? [String: Any])?["by_rule"] as? [String: Any])
        #expect(byRule["text.placeholder-number"] == nil && byRule["study.missing-n"] != nil)
        #expect(!byRule.keys.contains { $0.hasPrefix("taxonomy.") })
        // Without the placeholder rule, the seed KB's warnings are its missing n and its unsourced claims.
        let gate = try kb("audit", "--rule", "!text.placeholder-number", "--fail-on", "warning")
        #expect(gate.status == 1)
        #expect(!gate.stdout.contains("text.placeholder-number"))
        let unknown = try kb("audit", "--rule", "!study.missing-desing")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("did you mean '!study.missing-design'"))
    }

    @Test func aBaselineAcceptsTodaysFindingsAndFailsOnNewOnes() throws {
        let baseline = directory.appendingPathComponent("audit-baseline.txt").path
        let write = try kb("audit", "--write-baseline", baseline, "--fail-on", "warning")
        #expect(write.status == 0, "\(write.stderr)")
        #expect(write.stderr.contains("accepted findings to \(baseline)"))
        let text = try String(contentsOfFile: baseline, encoding: .utf8)
        #expect(text.contains("text.placeholder-number\t"))

        let gated = try kb("audit", "--baseline", baseline, "--fail-on", "info")
        #expect(gated.status == 0, "\(gated.stdout)\(gated.stderr)")
        #expect(gated.stdout.contains("0 findings in 0 subjects"))
        #expect(gated.stdout.contains("accepted by the baseline (not shown); 0 baseline entries no longer found"))

        // One accepted warning taken out of the file: that finding alone is new, and the gate fails.
        let lines = text.split(separator: "\n").map(String.init)
        let removed = try #require(lines.first { $0.hasPrefix("text.placeholder-number\t") })
        try (lines.filter { $0 != removed }.joined(separator: "\n") + "\n").write(toFile: baseline, atomically: true, encoding: .utf8)
        let new = try kb("audit", "--baseline", baseline, "--fail-on", "warning", "--format", "json")
        #expect(new.status == 1)
        #expect(new.stderr.contains("1 finding at or above warning"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(new.stdout.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.count == 1)
        #expect(findings.first?["rule"] as? String == "text.placeholder-number")
        #expect((findings.first?["subject"] as? [String: Any])?["id"] as? String == removed.split(separator: "\t")[2].description)
    }

    @Test func aMalformedBaselineIsAnErrorWithItsLine() throws {
        let baseline = directory.appendingPathComponent("bad.txt").path
        try "# accepted\nstudy.missing-n study x -\n".write(toFile: baseline, atomically: true, encoding: .utf8)
        let result = try kb("audit", "--baseline", baseline)
        #expect(result.status == 3, "\(result.status) \(result.stderr)")
        #expect(result.stderr.contains("bad.txt:2:1: an audit baseline line has 4 tab-separated fields"))
    }
}
