import Foundation
import Testing
@testable import KBCore
@testable import KBProse
import KBDomain

/// Trial 13 on `kb check` and `kb brief` (issue 17, an analyst's run on the real data): a page
/// written as one long line, a blob of base64, a catalogue identifier, an honest count of
/// pre-registration, and a SARIF driver that names no made-up address.
struct CheckTrial13Tests {
    func findings(_ page: String, kind: Page.Kind? = nil) throws -> [CheckFinding] {
        try KBService(Seeded.knowledgeBase).check([PageReader.page(page, name: "page.md", kind: kind)]).flatMap(\.findings)
    }

    func describe(_ findings: [CheckFinding]) -> String {
        findings.map { "\($0.line):\($0.column):\($0.text) \($0.verdict)" }.joined(separator: " | ")
    }

    @Test func aPageOnOneLineReadsAsThePageOnMany() throws {
        let lines = [
            "Noy and Zhang (2023) found ChatGPT cut professional writing-task time by 40%.",
            "They also found it raised quality by 19% (Noy & Zhang, 2023).",
            "Indeed Hiring Lab (2025) analysed roughly 2,900 work skills; 41% of postings are likely to be highly transformed.",
            "In a sample of 453 college-educated professionals (Noy & Zhang, 2023), 🙂 café writers e\u{301}dited faster.",
        ]
        let many = try findings(lines.joined(separator: "\n"))
        let one = try findings(lines.joined(separator: " "))
        #expect(many.count == one.count && many.count > 5, "\(describe(many)) || \(describe(one))")
        // The same findings, and each at the column its text stands at on the long line.
        #expect(many.map(\.verdict) == one.map(\.verdict), "\(describe(many)) || \(describe(one))")
        let line = Array(lines.joined(separator: " "))
        for finding in one {
            let start = finding.column - 1
            #expect(String(line[start..<min(line.count, start + finding.text.count)]) == finding.text, "\(finding)")
        }
    }

    @Test func aWrappedChangeKeepsItsDirection() throws {
        let one = try findings("Noy and Zhang (2023) found that ChatGPT raised writing-task time by 40% in their trial.")
        #expect(one.first { $0.text == "40%" }?.verdict == .mismatch, "\(describe(one))")
        let afterTask = try findings("Noy and Zhang (2023) found that ChatGPT raised writing-task\ntime by 40% in their trial.")
        #expect(afterTask.first { $0.text == "40%" }?.verdict == .mismatch, "\(describe(afterTask))")
        // Broken right after "by": the number is still read as the increase the page writes,
        // so it is never held to be the claim's decrease.
        let afterBy = try findings("Noy and Zhang (2023) found that ChatGPT raised writing-task time by\n40% in their trial.")
        let number = try #require(afterBy.first { $0.text == "40%" }, "\(describe(afterBy))")
        #expect(number.verdict != .supported && number.number?.sign == .plus && number.line == 2 && number.column == 1, "\(number)")
    }

    @Test func aSentenceWrappedOnToItsCitationIsThatCitations() throws {
        // An earlier sentence of the first line cites [1]; the sentence that runs on over two
        // more lines ends with [2]: its numbers are [2]'s, including the one on the first line.
        let page = try findings("""
            Professionals with ChatGPT finished writing tasks 40% faster [1]. Indeed's analysts looked at roughly 2,900 skills and found
            that 41% of them face the highest exposure, while 26% of postings are likely to be highly
            transformed [2].

            ## References

            1. Noy, S., & Zhang, W. (2023). Experimental evidence on the productivity effects of generative artificial intelligence. Science, 381(6654), 187–192.
            2. Indeed Hiring Lab. (2025). AI at Work 2025.
            """)
        let numbers = page.filter { $0.subject == .number }
        #expect(numbers.map(\.text) == ["40%", "2,900", "41%", "26%"], "\(describe(page))")
        #expect(numbers.allSatisfy { $0.verdict == .supported }, "\(describe(page))")
        #expect(numbers.dropFirst().allSatisfy { $0.claim?.hasPrefix("indeed2025") == true }, "\(describe(page))")
    }

    @Test func aBlobOfBase64HoldsNoNumber() {
        let blob = String(repeating: "Zm9vYmFy/4+2Q0x9", count: 40)
        #expect(NumberReader.numbers(in: "![figure](data:image/png;base64,\(blob)) and 40% after it").map(\.text) == ["40%"])
        #expect(NumberReader.numbers(in: blob).isEmpty)
        // A table row without spaces is cells, not one run: its numbers stay.
        let row = "|" + Array(repeating: "40%|18%", count: 30).joined(separator: "|") + "|"
        #expect(NumberReader.numbers(in: row).count == 60)
    }

    @Test func aCatalogueIdentifierIsNoNumber() throws {
        #expect(NumberReader.numbers(in: "Eloundou et al. (2023), arXiv:2303.10130, found 80% of workers exposed.").map(\.text) == ["80%"])
        #expect(NumberReader.numbers(in: "PMID: 12345678 and ISBN 9780262046305; 12% of firms").map(\.text) == ["12%"])
    }

    @Test func pregistrationTheKBDoesNotKnowIsSaidSo() throws {
        let text = try KBService(Seeded.knowledgeBase).brief(subjects: ["ml-platform-engineer", "pytorch"], profile: nil, format: .markdown, top: 5)
        // Noy and Zhang's study is pre-registered; Indeed Hiring Lab's registration is not known.
        #expect(text.contains("- Pre-registered: one of two studies (not known for one).\n"), "\(text)")
    }

    @Test func aNumberBesideAnUnknownWorkSaysWhatItCites() throws {
        // Sackett et al. (2021), in the shared datasets (sackett2021-selection-validity), is not in the seed KB.
        let page = try findings("Structured interviews had an operational validity of .42 (Sackett et al., 2021).")
        let number = try #require(page.first { $0.text == ".42" }, "\(describe(page))")
        #expect(number.verdict == .unsupported && number.message.contains("Sackett et al., 2021") && number.message.contains("lacks"), "\(number)")
        #expect(!number.message.contains("no citation near it"))
    }

    @Test func theAnnotatedPageMarksAfterWholeWords() throws {
        let text = """
            Noy and Zhang (2023) found ChatGPT cut writing-task time by 40%.
            Barocas and Selbst (2016) call it disparate impact.
            Studies show the AI layer of hiring often amplifies differences in outcomes between cohorts rather than smoothing them for everyone.
            """
        let checks = try KBService(Seeded.knowledgeBase).check([PageReader.page(text, name: "page.md")])
        let annotated = CheckRenderer.render(checks, format: .markdown)
        #expect(annotated.contains("40% **[✓ supported: noy2023-writing-time]**"), "\(annotated)")
        // A citation of a work the KB lacks is marked with its class once, not twice.
        #expect(annotated.contains("(2016) **[") && !annotated.contains("unknown-citation: unknown-citation"), "\(annotated)")
        // No mark splits a word (a statement's text is cut at 80 characters, inside "rather").
        #expect(annotated.contains("rather **[? unsupported: page-ai-amplifies-cohort-differences]** than"), "\(annotated)")
        #expect(annotated.range(of: #"\p{L} \*\*\[[^\]]*\]\*\*\p{L}"#, options: .regularExpression) == nil, "\(annotated)")
    }

    @Test func sarifNamesNoAddressForTheTool() throws {
        let checks = try KBService(Seeded.knowledgeBase).check([PageReader.page("Noy and Zhang (2023) found a 40% cut.", name: "page.md")])
        let sarif = CheckRenderer.render(checks, format: .sarif)
        #expect(sarif.contains("\"name\" : \"kb\"") && !sarif.contains("informationUri"))
    }
}

/// Trial 13, finding 1: an uncited number is not `supported` by a register row about another
/// group because the sentence shares the register's template words and the number.
struct CheckUncitedGroupTests {
    func number(_ text: String, _ page: String) throws -> CheckFinding? {
        try KBService(CheckComparativeTests.knowledgeBase).check([PageReader.page(page, name: "page.md")])
            .flatMap(\.findings).first { $0.subject == .number && $0.text == text }
    }

    @Test func aGroupsFigureSupportsOnlyASentenceAboutThatGroup() throws {
        // Oreopoulos (2011)'s 'female gender' rate, as the Hausladen extraction gives it (the
        // fixture's claims have no grade of their own, so very-low evidence: `weak`).
        let women = try #require(try number("10.9%", "Women got callbacks at a rate of 10.9% of applications."))
        #expect(women.verdict == .weak && women.claim == "hausladen-oreopoulos-female", "\(women)")
        let veterans = try #require(try number("10.9%", "Veterans got callbacks at a rate of 10.9% of applications."))
        #expect(veterans.verdict == .unsupported && veterans.claim == nil, "\(veterans)")
        let anyone = try #require(try number("10.9%", "Applicants got callbacks at a rate of 10.9% of applications."))
        #expect(anyone.verdict == .unsupported && anyone.claim == nil, "\(anyone)")
        // The label's own words name the group too.
        let labelled = try #require(try number("10.9%", "Applicants signalling female gender got callbacks at a rate of 10.9% of applications."))
        #expect(labelled.verdict == .weak && labelled.claim == "hausladen-oreopoulos-female", "\(labelled)")
    }
}

/// Trial 13, finding 5: an HTML page's character references.
struct CheckHTMLReferenceTests {
    @Test func aSignWrittenAsAReferenceStaysTheNumbersSign() throws {
        let html = "<p>Writing time changed by &minus;40% and quality by &#8722;18% (Noy &amp; Zhang, 2023).</p>\n"
            + "<p>A combining &#769;mark and &#x2212;12% of firms.</p>\n"
        let page = PageReader.page(html, name: "page.html", kind: .html)
        // Each reference keeps its width, so the columns after it are the source's.
        #expect(page.lines.map(\.count).prefix(2) == html.split(separator: "\n").map(\.count)[...])
        let findings = try KBService(Seeded.knowledgeBase).check([page]).flatMap(\.findings).filter { $0.subject == .number }
        #expect(findings.map(\.text) == ["\u{2212}40%", "\u{2212}18%", "\u{2212}12%"], "\(findings.map(\.text))")
        #expect(findings.first?.verdict == .supported && findings.dropFirst().first?.verdict == .mismatch, "\(findings)")
        #expect(PageReader.numericReference("&#x41;") == "A" && PageReader.numericReference("&#10;") == nil && PageReader.numericReference("&#xZZ;") == nil)
    }
}
