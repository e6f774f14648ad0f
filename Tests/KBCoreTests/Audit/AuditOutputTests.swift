import Foundation
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// The seed KB's audit, as reviewed golden files: every hole the seed page has, nothing else.
struct AuditOutputTests {
    static func render(_ format: AuditRenderer.Format, query: String? = nil) throws -> String {
        var out = ""
        var renderer = AuditRenderer(format: format) { out += $0 }
        try renderer.begin(query: query)
        let counts = try Auditor(Seeded.knowledgeBase).run(query: query) { try renderer.add($0) }
        try renderer.finish(counts: counts, rules: Auditor.catalogue)
        return out
    }

    @Test(arguments: [(AuditRenderer.Format.table, "seed-audit.txt"), (.json, "seed-audit.json"), (.markdown, "seed-audit.md")])
    func seedAudit(format: AuditRenderer.Format, file: String) throws {
        try assertSnapshot(try Self.render(format), named: file)
    }

    @Test func seedHolesAreAllReported() throws {
        let report = try Auditor(Seeded.knowledgeBase).report()
        let byRule = Dictionary(grouping: report.findings, by: \.rule)
        // The page's stripped numbers: "k–k in USA", "– weeks", "above ." (twice, one note).
        #expect(byRule["text.placeholder-number"]?.map(\.evidence) == ["k–k in USA", "– weeks",
            "…s report internal consistency above . and test-retest reliability a…  |  …. and test-retest reliability above . over multi-week intervals, wi…"])
        // Nothing says whether any finding replicated; the WEF forecast states no n; seven
        // assertions have no source; pre-registration is stated for Noy & Zhang only.
        #expect(byRule["claim.unknown-replication"]?.count == 16)
        #expect(byRule["study.missing-n"]?.map(\.subject) == ["wef2025futurejobs-forecast"])
        #expect(byRule["claim.unsourced"]?.count == 7)
        #expect(Set(byRule["study.unknown-preregistration"]?.map(\.subject) ?? []) == ["indeed2025aiatwork-skills-analysis", "wef2025futurejobs-forecast"])
        #expect(Set(byRule.keys) == ["text.placeholder-number", "claim.unknown-replication", "study.missing-n", "claim.unsourced",
                                     "study.unknown-preregistration"])
        #expect(!report.fails(at: .error))
        #expect(report.fails(at: .warning))
    }

    @Test func jsonIsValidAndCounts() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(try Self.render(.json).utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["total"] as? Int == findings.count)
        #expect((summary["warning"] as? Int ?? 0) + (summary["info"] as? Int ?? 0) + (summary["error"] as? Int ?? 0) == findings.count)
    }
}

struct PlaceholderScannerTests {
    @Test(arguments: [
        ("Salary band: k–k in USA.", "Salary band: k–k in USA."), ("Typically requires – weeks to go", "Typically requires – weeks to go"),
        ("reliability above . over multi-week intervals", "reliability above . over multi-week intervals"),
        ("pay between $k-$k a year", "pay between $k-$k a year"), ("the sample (n = ) was small", "the sample (n = ) was small"),
        ("raised wages by % in two years", "raised wages by % in two years"), ("B = . 17, p < .001", "B = . 17, p < .001"),
    ])
    func holes(text: String, context: String) {
        #expect(PlaceholderScanner.evidence(in: text) == context)
    }

    @Test(arguments: ["Salary band: $120k–$150k in USA.", "Typically requires 6–8 weeks.", "reliability above .8 over weeks",
                      "ML research and production — handling everything", "Early Achievement – A Replication", "n = 453 (p < .05)",
                      "raised wages by 12% in two years", "US$ 5 per hour", "Built with .NET and C#", "The end. Then a new sentence.",
                      "pre-registered; well-powered", "the k-means clustering step"])
    func noHoles(text: String) {
        #expect(PlaceholderScanner.evidence(in: text) == nil)
    }
}

struct NumberInTextTests {
    @Test(arguments: [(-40.0, "cut writing-task time by 40%"), (2900, "roughly 2,900 work skills"), (170, "170 million new roles"),
                      (170_000_000, "170 million new roles"), (0.18, "raised quality by 18%"), (0.8, "above .8 over weeks"),
                      (41.2, "41% face the highest exposure"), (453, "n=453, pre-registered")])
    func stated(value: Double, text: String) {
        #expect(NumberInText.appears(value, in: text))
    }

    @Test(arguments: [(40.0, "cut by 4%"), (12, "wages rose by 21%"), (2900, "29 skills"), (5, "15 people"), (0.43, "B = .42")])
    func notStated(value: Double, text: String) {
        #expect(!NumberInText.appears(value, in: text))
    }
}
