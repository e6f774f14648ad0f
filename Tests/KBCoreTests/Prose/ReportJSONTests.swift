import Foundation
import Testing
@testable import KBCore
@testable import KBProse

/// `kb check --format json` and `--format sarif` are written by ``ReportJSON`` (issue 17: the
/// speed of a 10,000-word check), and must stay byte for byte what Foundation's
/// `JSONSerialization` writes for the same objects, which they were written with before.
struct ReportJSONTests {
    static let options: JSONSerialization.WritingOptions = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]

    func foundation(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: Self.options), as: UTF8.self)
    }

    @Test func aCheckedPageIsWrittenAsFoundationWritesIt() throws {
        let page = """
            ChatGPT: -40% time, +18% quality (Science, n=453); roughly 30–40% of "tasks" \\ changed.

            Noy and Zhang (2023) found ChatGPT cut professional writing-task time by 37% over 2 weeks.
            2030: +170M new roles, -92M displaced, net +78M; 39% skills obsolete in 5yr (WEF 2025)
            Ahmed et al. (2013) saw a 0.847 ratio: https://example.org/a/b — café, 🙂, k–k in USA.

            Noy & Zhang, Science 381(6654) · 2023
            World Economic Forum Future of Jobs Report 2025 · 2025
            """
        let checks = try KBService(Seeded.knowledgeBase).check([PageReader.page(page, name: "pages/page.md")])
        let findings = checks.flatMap(\.findings)
        // The page gives the writer every kind of field: numbers with ranges, scales and
        // approximations, citations, placeholders, quotes and slashes in the text.
        #expect(findings.contains { $0.number?.upper != nil })
        #expect(findings.contains { $0.number?.isApproximate == true })
        #expect(findings.contains { $0.verdict == .placeholder })
        #expect(findings.contains { $0.verdict == .unknownCitation })
        #expect(findings.contains { $0.text.contains("/") })

        var counts: [String: Int] = [:]
        for verdict in CheckFinding.Verdict.allCases {
            counts[verdict.rawValue] = findings.count { $0.verdict == verdict }
        }
        let object: [String: Any] = ["findings": findings.map(CheckRenderer.object), "counts": counts]
        #expect(CheckRenderer.render(checks, format: .json) == (try foundation(object)) + "\n")
        let sarif = CheckRenderer.render(checks, format: .sarif)
        let reparsed = try JSONSerialization.jsonObject(with: Data(sarif.utf8))
        #expect(sarif == (try foundation(reparsed)) + "\n")
    }

    @Test func stringsNumbersAndEmptyContainersAreWrittenAsFoundationWritesThem() throws {
        let strings = ["plain", "a \"quoted\" word", "back\\slash", "a/b/c", "tab\there", "line\nbreak", "cr\rlf", "\u{8}\u{c}",
                       "\u{0}\u{1}\u{f}\u{10}\u{1f}", "café résumé – 🙂", "", " spaced "]
        let numbers: [Double] = [40, -40, 0.706, -92_000_000, 170e6, 1e15, 1e16, 1.5e16, 1e-5, 3e-7, 0, -0.5, 10.9, 945.9999999999999, 0.1 + 0.2]
        let value: [String: Any] = [
            "strings": strings, "numbers": numbers, "integers": [0, -1, 453, Int.max], "flags": [true, false],
            "empty": [String: Any](), "none": [Any](), "nested": [["b": 1, "a": [["z": "y"]]], [String: Any]()],
            "keys": ["approximate": true, "value": 0.9, "upper": 50.0, "kind": "percent", "sign": "minus", "direction": "decrease"],
        ]
        #expect(ReportJSON.pretty(value) == (try foundation(value)))
        #expect(ReportJSON.pretty([Any]()) == (try foundation([Any]())))
        #expect(ReportJSON.pretty([String: Any]()) == (try foundation([String: Any]())))
    }

    @Test func aNumberThatIsNotFiniteIsNoJSON() {
        #expect(ReportJSON.pretty(["value": Double.nan]) == nil)
        #expect(ReportJSON.pretty(["value": [Double.infinity]]) == nil)
        #expect(CheckRenderer.serialise(["value": Double.nan]) == "{}")
    }
}
