import Foundation
import Testing
@testable import KBCore
@testable import KBProse
import KBDomain

/// The review of `kb check` on 2026-12-01 (issue 17): a line's numbers read the same whoever
/// asks, a sampling verb of another clause, an HTML page's later paragraph, a comparative
/// that names a place the claim is not about, and numbers too long for a double.
struct CheckReview20Tests {
    func findings(_ page: String, kind: Page.Kind? = nil, in knowledgeBase: KnowledgeBase = Seeded.knowledgeBase) throws -> [CheckFinding] {
        try KBService(knowledgeBase).check([PageReader.page(page, name: "page.md", kind: kind)]).flatMap(\.findings)
    }

    func describe(_ findings: [CheckFinding]) -> String {
        findings.map { "\($0.line):\($0.text) \($0.verdict) \($0.claim ?? "-") \($0.source ?? "-") \($0.message)" }.joined(separator: " | ")
    }

    @Test func aLinesNumbersAreMaskedWhicheverLineAsksFirst() throws {
        let cited = "Quality rose 19%. Noy and Zhang (2023) ran the experiment (https://doi.org/10.1126/science.adh2586)."
        let alone = try findings(cited)
        // The line above has a number of its own that asks about the next citation first.
        let below = try findings("Writers finished their tasks 40% faster.\n" + cited)
        let own = try #require(alone.first { $0.text == "19%" }, "\(describe(alone))")
        let asked = try #require(below.first { $0.text == "19%" }, "\(describe(below))")
        #expect(own.verdict == asked.verdict && own.claim == asked.claim && own.source == asked.source, "\(describe(alone)) || \(describe(below))")
        // The DOI's digits are no number of the sentence: 19% is held to Noy and Zhang's 18%.
        #expect(asked.verdict == .mismatch && asked.expected == "18%", "\(describe(below))")
    }

    @Test func aSamplingVerbOfAnotherClauseMakesNoSample() throws {
        let page = try findings("Of the professionals we surveyed, 45 said they use ChatGPT weekly (Noy & Zhang, 2023).")
        #expect(!page.contains { $0.text == "45" }, "\(describe(page))")
        // In its own clause it still does (B10).
        let drawn = try findings("We surveyed 45 managers about ChatGPT (Noy & Zhang, 2023).")
        #expect(drawn.first { $0.text == "45" }?.expected == "n = 453", "\(describe(drawn))")
    }

    @Test func anHTMLParagraphsCitationDoesNotReachAnEarlierParagraph() throws {
        let page = try findings("""
            <p>Our own survey found writers were 13% faster.</p>
            <p>Adoption is uneven.</p>
            <p>Writers using ChatGPT were faster (Noy &amp; Zhang, 2023).</p>
            """, kind: .html)
        let number = try #require(page.first { $0.text == "13%" }, "\(describe(page))")
        #expect(number.source == nil && number.verdict == .unsupported, "\(describe(page))")
    }

    @Test func aComparativeLeavesAPlaceTheClaimIsNotAboutUnsupported() throws {
        // Ahmed et al. (2013)'s row of the Lippens register is about Sweden.
        let page = try findings("In France, applicants with an LGB+ organisation affiliation got fewer callbacks than those with "
            + "no LGB+ organisation affiliation (Ahmed et al., 2013): 518 against 617.", in: CheckComparativeTests.knowledgeBase)
        let first = try #require(page.first { $0.text == "518" }, "\(describe(page))")
        #expect(first.verdict == .unsupported && first.heldAs == .place, "\(describe(page))")
    }

    @Test func aRunOfHundredsOfDigitsIsNoNumberAndTheReportIsWritten() throws {
        let digits = String(repeating: "9", count: 400)
        let checks = try KBService(Seeded.knowledgeBase).check([PageReader.page("Firms grew \(digits)% in a year (Noy & Zhang, 2023).", name: "page.md")])
        #expect(!checks.flatMap(\.findings).contains { $0.subject == .number })
        let json = CheckRenderer.render(checks, format: .json)
        #expect(json.contains("\"findings\""), "\(json)")
        // A float artefact past a double's integers is left as written (no trap).
        #expect(FloatArtefacts.shortest(98_765_432_109_876_543_210.5) == nil)
        #expect(FloatArtefacts.tidied("98765432109876543210.5000000000 from 11000") == "98765432109876543210.5000000000 from 11000")
        #expect(FloatArtefacts.tidied("945.9999999999999 from 11000") == "946 from 11000")
    }
}
