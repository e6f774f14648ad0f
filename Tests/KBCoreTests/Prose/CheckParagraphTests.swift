import Foundation
import Testing
@testable import KBCore
@testable import KBProse
import KBDomain

/// Review 19, B1 and M1 on `kb check` (issue 17): how far a citation on an earlier line
/// reaches (``ParagraphReach``). A list item, a table row, a heading and an HTML block start
/// afresh, a full uncited sentence ends the reach, and the reach is worked out once a page.
struct CheckParagraphTests {
    func number(_ text: String, _ page: String, name: String = "page.md") throws -> CheckFinding {
        let findings = try KBService(Seeded.knowledgeBase).check([PageReader.page(page, name: name)]).flatMap(\.findings)
        return try #require(findings.first { $0.subject == .number && $0.text == text }, "\(findings.map(\.message))")
    }

    // MARK: B1: a citation does not cover the lines of other blocks

    @Test func aListTableOrHTMLBlockBelowACitationIsNotHeldToIt() throws {
        let pages = [
            ("far.md", """
             Sources we read this quarter:
             - Noy and Zhang (2023) ran a writing experiment with professionals.
             - The WEF report covers 2025 to 2030.
             - Hiring managers mentioned remote work often.
             - Our own pilot with interns: output quality rose 30%.
             """),
            ("fart.md", """
             | Study | Finding |
             | --- | --- |
             | Noy and Zhang (2023) | writing time fell 40% |
             | WEF survey | hiring rose |
             | internal pilot | output quality rose 30% |
             """),
            ("farh.html", """
             <html><body>
             <p>Noy and Zhang (2023) ran a writing experiment.</p>
             <p>The WEF report covers the years ahead.</p>
             <p>Hiring managers mentioned remote work often.</p>
             <p>Our own pilot with interns: output quality rose 30%.</p>
             </body></html>
             """),
            // Items with no sentence end, and a paragraph under a cited heading.
            ("list.md", "- Noy and Zhang (2023) ran a writing experiment\n- the WEF report covers the years ahead\n- our pilot: output quality rose 30%"),
            ("heading.md", "## Noy and Zhang (2023)\nOur own pilot with interns ran for a month and\noutput quality rose 30%."),
        ]
        for (name, page) in pages {
            let found = try number("30%", page, name: name)
            #expect(found.verdict == .unsupported && found.claim == nil, "\(name): \(found.verdict) \(found.message)")
        }
    }

    @Test func aFullUncitedSentenceEndsTheReach() throws {
        let found = try number("30%", "Noy and Zhang (2023) ran a trial with professionals.\nOur interns liked it.\nOur own pilot: output quality rose 30%.")
        #expect(found.verdict == .unsupported && found.claim == nil, "\(found.verdict) \(found.message)")
        // A sentence wrapped across lines is still covered (the paragraph written on).
        let wrapped = try number("90%", "Noy and Zhang (2023) ran a trial with professionals, and in it\nChatGPT cut writing time by 90%.")
        #expect(wrapped.verdict == .mismatch && wrapped.claim == "noy2023-writing-time", "\(wrapped.verdict) \(wrapped.message)")
    }

    @Test func blocksAreReadByTheirMarkers() {
        for text in ["- item", "* item", "+ item", "1. item", "12) item", "| a | b |", "# Heading", "### Heading"] {
            #expect(WrappedParagraphs.opensBlock(text), "\(text)")
        }
        for text in ["-5% fell", "2024 was a year", "1.5 times more", "*emphasis* here", "plain text"] {
            #expect(!WrappedParagraphs.opensBlock(text), "\(text)")
        }
        #expect(WrappedParagraphs.standsAlone("---") && WrappedParagraphs.standsAlone("===") && WrappedParagraphs.standsAlone("| a |"))
        #expect(!WrappedParagraphs.standsAlone("- item") && !WrappedParagraphs.standsAlone("Text."))
    }

    // MARK: Review 18's mismatches stay

    @Test func reviewEighteensCoveredSentencesStayMismatches() throws {
        for page in ["ChatGPT cut writing time by 90%.\nNoy and Zhang (2023) ran the experiment.",                          // lc:15-16
                     "Noy and Zhang (2023) ran a trial with professionals.\nChatGPT cut writing time by 90%. The WEF (2025) forecasts 170 million new roles created by 2030.", // lc2:2
                     "ChatGPT cut writing time by 90%. See Noy and Zhang (2023)."] {                                     // v3:7
            let found = try number("90%", page)
            #expect(found.verdict == .mismatch && found.claim == "noy2023-writing-time", "\(page): \(found.verdict) \(found.message)")
        }
    }

    // MARK: M1: linear in a page's lines

    /// The lines the paragraph attribution visits for `count` lines of numbers under one
    /// citation, with no blank line and no sentence end (one paragraph the reach runs through).
    func visits(lines count: Int) throws -> Int {
        let lines = ["Noy and Zhang (2023) ran a trial with professionals, and"]
            + (1...count).map { "in round \($0) the team saw output change by \($0 % 97)% across \(100 + $0) tasks," }
        let page = PageReader.page(lines.joined(separator: "\n"), name: "long.md")
        return try EvidenceIndex.reading(Seeded.knowledgeBase) { index in
            var checker = PageChecker(index)
            let checked = try checker.check(page)
            #expect(checked.findings.contains { $0.line == count + 1 && $0.subject == .number })
            return checker.paragraphVisits
        }
    }

    @Test func anUnbrokenPageOfTwoThousandLinesIsAttributedInLinearWork() throws {
        let small = try visits(lines: 200)
        let large = try visits(lines: 2_000)
        // Two passes over the lines and at most one read of a later cited line each: a scan per
        // number up the paragraph would visit about 2,000²/2 = 2,000,000 lines.
        #expect(large <= 3 * 2_001, "\(large) visits")
        #expect(large <= 11 * small, "\(small) -> \(large) visits")
    }
}
