import Foundation
import Testing

/// `kb check` and `kb brief` end to end on the seed KB (issue 17): exit codes, --fail-on,
/// standard input, --emit-claims round-tripped through `kb add --from`, and the brief checked.
@Suite(.serialized)
struct ProseCLITests {
    let directory: URL

    init() throws {
        directory = try KBProcess.temporaryDirectory()
    }

    func kb(_ arguments: [String], stdin: String? = nil) throws -> KBProcess.Result {
        try KBProcess.run(arguments, in: directory, stdin: stdin)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func tableExitCodesAndStandardInput() throws {
        let page = try write("card.md", "ChatGPT: -40% time, +18% quality (Science, n=453)\n\nNoy & Zhang, Science 381(6654) · 2023\n")
        let clean = try kb(["check", page, "--fail-on", "warning"])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stdout.contains("\(page):1:10  supported"))
        #expect(clean.stdout.contains("supported 4 · mismatch 0 · unsupported 0 · placeholder 0 · weak 0 · unknown-citation 0"))
        let holes = try kb(["check", "-", "--fail-on", "error"], stdin: "Salary band: k–k in USA.\n")
        #expect(holes.status == 1)
        #expect(holes.stdout.contains("-:1:14  placeholder"))
        let warningsOnly = try kb(["check", "-", "--fail-on", "error"], stdin: "Most hiring managers, 73% of them, prefer referrals.\n")
        #expect(warningsOnly.status == 0)
        #expect(try kb(["check", "-", "--fail-on", "warning"], stdin: "Most hiring managers, 73% of them, prefer referrals.\n").status == 1)
        let missing = try kb(["check", directory.appendingPathComponent("nope.md").path])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("cannot read"))
    }

    @Test func emittedClaimsAreAcceptedByAdd() throws {
        let page = try write("new.md", "Noy & Zhang (2023) also found a 12% rise in job satisfaction.\n\n\n\nMost managers, 73% of them, prefer referrals.\n")
        let out = directory.appendingPathComponent("new-claims.yaml").path
        let run = try kb(["check", page, "--emit-claims", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("wrote 2 unsupported statements"))
        let yaml = try String(contentsOfFile: out, encoding: .utf8)
        #expect(yaml.contains("source: noy2023experimental"))
        #expect(yaml.contains("value: 12"))
        #expect(yaml.contains("locator: \"\(page):1\""))
        #expect(yaml.components(separatedBy: "source:").count == 2, "only the cited statement gets a source")
        let add = try kb(["add", "--from", out])
        #expect(add.status == 0, "\(add.stderr)")
        // Now the KB holds them: the cited number is supported; the uncited one is still
        // unsupported, but as the unsourced assertion the KB now holds.
        let again = try kb(["check", page, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        let twelve = try #require(findings.first { $0["text"] as? String == "12%" })
        #expect(twelve["class"] as? String == "supported")
        let seventyThree = try #require(findings.first { $0["text"] as? String == "73%" })
        #expect(seventyThree["class"] as? String == "unsupported" && seventyThree["claim"] != nil)
    }

    /// Trial 5, item 10: the emitted claims never make the page back itself — a sample size
    /// is not emitted as a value, each claim quotes only its own clause, and a clause with two
    /// numbers the KB does not back gives no claim. After `add --from`, a number that was not
    /// supported is supported only by the claim emitted for it.
    @Test func emittedClaimsSupportOnlyTheirOwnNumbers() throws {
        let page = try write("emit.md", [
            "A survey of hiring managers had 900 respondents.",
            "",
            "Noy & Zhang (2023) found job satisfaction rose by 12%, while 7% of users stopped using the tool.",
            "",
            "In a pilot, Black-sounding applicants got callbacks at a rate of 13%, Anglo-Saxon applicants 33.9%.",
            "",
            "In a pilot, the callback ratio was 0.61 with 440 callbacks.",
        ].joined(separator: "\n") + "\n")
        func findings() throws -> [[String: Any]] {
            let run = try kb(["check", page, "--format", "json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            return try #require(object["findings"] as? [[String: Any]]).filter { $0["subject"] as? String == "number" }
        }
        let before = try findings()
        let out = directory.appendingPathComponent("emit-claims.yaml").path
        let run = try kb(["check", page, "--emit-claims", out])
        #expect(run.stderr.contains("wrote 4 unsupported statements") && run.stderr.contains("3 left out"), "\(run.stderr)")
        let yaml = try String(contentsOfFile: out, encoding: .utf8)
        #expect(!yaml.contains("value: 900"), "a sample size is not a finding: \(yaml)")
        #expect(yaml.contains("quote: \"Anglo-Saxon applicants 33.9%.\""), "\(yaml)")
        #expect(yaml.contains("# Not emitted: ") && yaml.contains("0.61") && !yaml.contains("value: 0.61"), "\(yaml)")
        let add = try kb(["add", "--from", out])
        #expect(add.status == 0, "\(add.stderr)")
        let after = try findings()
        #expect(after.count == before.count)
        for (old, new) in zip(before, after) where old["class"] as? String != "supported" && new["class"] as? String == "supported" {
            let own = "emit-l\(old["line"] as? Int ?? 0)-c\(old["column"] as? Int ?? 0)"
            #expect(new["claim"] as? String == own, "\(new["text"] ?? "") is supported by \(new["claim"] ?? "nothing"), not \(own)")
        }
        // The cited line's two numbers; the pilot's (no citation, and none in its paragraph)
        // come back as unsourced assertions, not as Noy & Zhang's (trial 6, item 10).
        #expect(after.count { $0["class"] as? String == "supported" } >= 2)
        #expect(after.filter { $0["line"] as? Int == 5 }.allSatisfy { ($0["message"] as? String)?.contains("unsourced assertion") == true })
    }

    @Test func aBriefChecksClean() throws {
        let brief = try kb(["brief", "ml-platform-engineer", "pytorch-deep-learning", "--top", "4"])
        #expect(brief.status == 0, "\(brief.stderr)")
        for section in ["## Headline findings", "## By cohort", "## Boundary conditions", "## Limitations", "## Frequently asked questions", "## References"] {
            #expect(brief.stdout.contains(section), "\(section)")
        }
        #expect(brief.stdout.contains("The KB holds no sourced evidence about older workers"))
        #expect(brief.stdout.contains("Noy, S., & Zhang, W. (2023)."))
        #expect(!brief.stdout.contains("k–k") && !brief.stdout.contains("– weeks"))
        let path = try write("brief.md", brief.stdout)
        let check = try kb(["check", path, "--format", "json", "--fail-on", "info"])
        #expect(check.status == 0, "\(check.stdout)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        let counts = try #require(object["counts"] as? [String: Int])
        #expect(counts["supported", default: 0] > 5)
        #expect(counts.filter { $0.key != "supported" }.values.allSatisfy { $0 == 0 }, "\(counts)")
        let html = try kb(["brief", "ml-platform-engineer", "--format", "html"])
        #expect(html.status == 0 && html.stdout.hasPrefix("<!doctype html>"))
    }
}
