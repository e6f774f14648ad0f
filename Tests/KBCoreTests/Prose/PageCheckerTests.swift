import Foundation
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBProse

/// Hand-made pages against the bundled seeds: each verdict, each number and citation form, and
/// the near-misses that must not match. (The seed page itself is checked by .ci/check-prose.)
struct PageCheckerTests {
    func check(_ text: String, kind: Page.Kind? = nil) throws -> [CheckFinding] {
        try KBService(Seeded.knowledgeBase).check([PageReader.page(text, name: "page.md", kind: kind)]).flatMap(\.findings)
    }

    func at(_ findings: [CheckFinding], _ text: String) -> CheckFinding? {
        findings.first { $0.text == text }
    }

    // Analyst trial: a sentence that holds a claim's words but denies or narrows them was
    // `supported` by that claim ("It is false that …"). The review: only the clause that leads up
    // to the claim's words counts, so an aside before a comma leaves the support as it was.
    @Test func aStatementDeniedOrNarrowedIsNotSupportedByItsClaim() throws {
        let claim = "noy2023-writer-gap"
        let statement = "access to ChatGPT narrowed the gap between weaker and stronger writers"
        func verdict(_ sentence: String) throws -> CheckFinding.Verdict? {
            try check(sentence).first { $0.claim == claim }?.verdict
        }
        for supported in ["As the experiment found, \(statement).", "Not surprisingly, \(statement).", "Contrary to early fears, \(statement).",
                          "In no-code teams, \(statement).", "The only randomized trial so far found that \(statement).",
                          "We cannot say much, but \(statement), which no economist had predicted."] {
            #expect(try verdict(supported) == .supported, "\(supported)")
        }
        for denied in ["It is false that \(statement).", "There is no evidence that \(statement).", "Studies fail to show that \(statement).",
                       "It is unlikely that \(statement).", "\(statement) only in one small pilot.", "\(statement) in a pilot that was later withdrawn."] {
            #expect(try verdict(denied) == .unsupported, "\(denied)")
        }
        #expect(try check("It is false that \(statement).").first { $0.claim == claim }?.message.contains("('false')") == true)
        // The claim's own words are never a denial of it: a denial inside the statement, outside its quote.
        #expect(PageChecker.denial(in: "tools did not reduce the gap.", around: 0..<28) == nil)
        #expect(PageChecker.span(of: ["reduce the gap", "tools did not reduce the gap"], in: "so, tools did not reduce the gap.") == 4..<32)
    }

    @Test func supportedNumbersBySignValueAndCitation() throws {
        let page = """
            ChatGPT: -40% time, +18% quality (Science, n=453)

            Noy & Zhang, Science 381(6654) · 2023
            """
        let findings = try check(page)
        #expect(at(findings, "-40%")?.verdict == .supported)
        #expect(at(findings, "-40%")?.claim == "noy2023-writing-time")
        #expect(at(findings, "+18%")?.claim == "noy2023-writing-quality")
        #expect(at(findings, "n=453")?.verdict == .supported)
        #expect(at(findings, "n=453")?.source == "noy2023experimental")
        let citation = try #require(findings.first { $0.subject == .citation })
        #expect(citation.verdict == .supported && citation.source == "noy2023experimental" && citation.line == 3 && citation.column == 1)
    }

    @Test func aDecreaseInWordsIsSignAware() throws {
        let findings = try check("Noy and Zhang (2023) found ChatGPT cut professional writing-task time by 40%.")
        #expect(at(findings, "40%")?.verdict == .supported)
        #expect(at(findings, "40%")?.claim == "noy2023-writing-time")
        // The same number said as an increase contradicts the claim.
        let flipped = try check("Noy and Zhang (2023) found ChatGPT raised professional writing-task time by 40%.")
        #expect(at(flipped, "40%")?.verdict == .mismatch)
        #expect(at(flipped, "40%")?.message.contains("sign") == true)
    }

    @Test func aNearbyNumberIsAMismatchNotASupport() throws {
        let findings = try check("Noy & Zhang (2023): ChatGPT cut writing-task time by 37%.")
        let finding = try #require(at(findings, "37%"))
        #expect(finding.verdict == .mismatch)
        #expect(finding.claim == "noy2023-writing-time")
        #expect(finding.expected == "-40%")
        let n = try #require(at(try check("Noy & Zhang (2023) ran a pre-registered experiment with n=45 writers."), "n=45"))
        #expect(n.verdict == .mismatch)
        #expect(n.expected == "n = 453")
    }

    @Test func scaledCountsAndPeriods() throws {
        let page = """
            2030: +170M new roles, -92M displaced, net +78M; 39% skills obsolete in 5yr (WEF 2025)

            World Economic Forum Future of Jobs Report 2025 · 2025
            """
        let findings = try check(page)
        #expect(at(findings, "+170M")?.claim == "wef2025-roles-created")
        #expect(at(findings, "-92M")?.claim == "wef2025-roles-displaced")
        #expect(at(findings, "+78M")?.claim == "wef2025-net-jobs")
        #expect(at(findings, "39%")?.claim == "wef2025-skills-transformed")
        #expect(at(findings, "39%")?.number?.period == "in 5yr")
        // "2030" is a year, not a count; "(WEF 2025)" resolves by the organisation's initials.
        #expect(!findings.contains { $0.text == "2030" })
        #expect(findings.filter { $0.subject == .citation }.allSatisfy { $0.verdict == .supported && $0.source == "wef2025futurejobs" })
        #expect(findings.count { $0.subject == .citation } == 2)
    }

    @Test func approximateCountsMatchTheStudy() throws {
        let findings = try check("Indeed Hiring Lab (2025) analysed roughly 2,900 work skills and found 41% face the highest exposure.")
        #expect(at(findings, "2,900")?.verdict == .supported)
        #expect(at(findings, "2,900")?.claim == "indeed2025-skills-exposed")
        #expect(at(findings, "41%")?.claim == "indeed2025-skills-exposed")
    }

    @Test func unsupportedNumbers() throws {
        let findings = try check("Noy & Zhang (2023) also report a $120k salary band and pay 10–15% higher.")
        #expect(at(findings, "$120k")?.verdict == .unsupported)
        #expect(at(findings, "10–15%")?.verdict == .unsupported)
        let uncited = try check("Most hiring managers, 73% of them, prefer referrals.")
        #expect(at(uncited, "73%")?.verdict == .unsupported)
    }

    @Test func placeholdersAreFound() throws {
        let findings = try check("Salary band: k–k in USA. Typically requires – weeks to go. Reliability above . over weeks.")
        let holes = findings.filter { $0.verdict == .placeholder }
        #expect(holes.map(\.text) == ["k–k", "– weeks", "above ."])
        #expect(holes.map(\.column) == [14, 45, 72])
    }

    @Test func unsourcedAssertionsAreUnsupported() throws {
        let page = "The same hiring pipeline produces different outcomes for older workers, non-native English writers, "
            + "foreign-credentialed candidates, and neurodivergent applicants — and the AI layer often amplifies those differences rather than smoothing them."
        let findings = try check(page)
        let statements = findings.filter { $0.subject == .statement }
        #expect(Set(statements.compactMap(\.claim)) == ["page-cohort-outcomes-differ", "page-ai-amplifies-cohort-differences"])
        #expect(statements.allSatisfy { $0.verdict == .unsupported })
        // An ordinary sentence no claim makes is not reported at all.
        #expect(try check("Take the matching assessment when you are ready to start.").isEmpty)
    }

    @Test func citationForms() throws {
        let page = """
            As Noy and Zhang (2023) show, and (2023, Noy & Zhang, Science 381(6654) — https://www.science.org/doi/10.1126/science.adh2586).
            The DOI 10.1126/science.adh2586 names the same work.
            """
        let findings = try check(page).filter { $0.subject == .citation }
        #expect(findings.count == 4)
        #expect(findings.allSatisfy { $0.verdict == .supported && $0.source == "noy2023experimental" })
    }

    @Test func unknownAndWrongCitations() throws {
        // A real work the seeds lack (shared/data/bibliographies/fairlearn_refs.bib, barocas2016big).
        let findings = try check("Barocas and Selbst (2016) call it disparate impact.")
        #expect(findings.first { $0.subject == .citation }?.verdict == .unknownCitation)
        let wrongIssue = try check("Noy & Zhang, Science 381(6655) reports it.")
        #expect(wrongIssue.first { $0.subject == .citation }?.verdict == .mismatch)
        // The right authors with a wrong year: a mismatch naming the work (CheckPrecisionTests).
        let wrongYear = try check("Noy and Zhang (2021) found it.")
        #expect(wrongYear.first { $0.subject == .citation }?.verdict == .mismatch)
    }

    @Test func numberedReferenceLists() throws {
        let page = """
            References

              1. Noy & Zhang, Science 381(6654)ChatGPT: -40% time, +18% quality (Science, n=453) (2023)
              2. Indeed Hiring Lab AI at Work 202526% of jobs face high GenAI transformation (Indeed, ~2,900 skills) (2025)
            """
        let findings = try check(page)
        let citations = findings.filter { $0.subject == .citation }
        #expect(citations.map(\.source) == ["noy2023experimental", "indeed2025aiatwork"])
        // An entry's numbers are its title, volume and pages: bibliographic, not findings.
        #expect(findings.allSatisfy { $0.subject == .citation })
    }

    @Test func bulletedReferenceListsAndTheirTitles() throws {
        // APA lists are often bulleted; a title that cites another work ("Smith (2019)") or
        // holds a number is the entry's, not a citation or a finding of the page.
        let page = """
            ## References

            - Noy, S., & Zhang, W. (2023). Experimental evidence, after Barocas and Selbst (2016), on 453 writers. Science, 381(6654), 187–192. https://doi.org/10.1126/science.adh2586
            """
        let findings = try check(page)
        #expect(findings.map(\.verdict) == [.supported, .supported])
        #expect(findings.allSatisfy { $0.subject == .citation && $0.source == "noy2023experimental" })
    }

    @Test func aReferenceListEndsAtTheNextHeading() throws {
        // The reviewer's page: sources first, findings after them. The findings' numbers are
        // the page's, checked as anywhere else, not skipped as a reference entry's.
        let page = """
            ## Sources

            - Noy, S., & Zhang, W. (2023). Experimental evidence. Science, 381(6654), 187–192. https://doi.org/10.1126/science.adh2586

            ## Findings

            - Noy and Zhang (2023) found ChatGPT cut writing-task time by 37%.
            - A survey finds 73% of recruiters use AI.
            """
        let findings = try check(page)
        #expect(at(findings, "37%")?.verdict == .mismatch)
        #expect(at(findings, "73%")?.verdict == .unsupported)
        #expect(CitationReader.isHeading("## Findings") && !CitationReader.isHeading("#hashtag") && !CitationReader.isHeading("- 1. item"))
        #expect(CitationReader.referenceEntry("- A survey finds 73% of recruiters use AI.") == nil)
        #expect(CitationReader.referenceEntry("- Lahey, J. (2008). Age, women, and hiring.")?.number == 0)
        #expect(CitationReader.referenceEntry("- Acme report, n.d.")?.number == 0)
    }

    @Test func aClaimStatesTheNumbersItsTextWrites() throws {
        // A register's claim: its value is a ratio, its statement writes the counts behind it.
        let claim = EvidenceClaim(id: 1, slug: "c", statement: "'Female' applicants got 3725 callbacks from 29105 applications, 'Male' 2454; up 12.8%",
                                  quote: nil, metric: "callback-rate ratio", value: -0.58, unit: "ratio", direction: nil, baseline: nil,
                                  grade: .high, replication: .unknown, sourceID: 1, studyN: 40223, studyNText: nil)
        func number(_ text: String) throws -> ProseNumber { try #require(NumberReader.numbers(in: text).first) }
        #expect(NumberMatch.states(claim, try number("got 3725 callbacks")))
        #expect(NumberMatch.states(claim, try number("from 29,105 applications")))
        #expect(NumberMatch.states(claim, try number("a rate of 12.8%")))
        // Near misses: another count, a percentage for a count, the opposite sign.
        #expect(!NumberMatch.states(claim, try number("got 3726 callbacks")))
        #expect(!NumberMatch.states(claim, try number("a rate of 3725%")))
        #expect(!NumberMatch.states(claim, try number("fell by -12.8%")))
    }

    @Test func anUndatedWorkIsCitedByItsNameAndNoYear() throws {
        let findings = try check("The register lists it (noy, n.d.).")
        // Noy & Zhang's work has a year, so "(noy, n.d.)" is not it.
        #expect(findings.first { $0.subject == .citation }?.verdict == .unknownCitation)
    }

    @Test func htmlKeepsColumns() throws {
        let findings = try check("<p>ChatGPT: <b>-40%</b> time (Noy &amp; Zhang, 2023)</p>", kind: .html)
        let number = try #require(at(findings, "-40%"))
        #expect(number.verdict == .supported && number.column == 16)
    }

    // Trial 4: "placeholder" fills its column, and the table glued it to the text ("placeholderk–k").
    @Test func theTableKeepsASpaceAfterTheSubject() throws {
        let checks = try KBService(Seeded.knowledgeBase).check([PageReader.page("Salary band: k–k in USA.", name: "p.txt")])
        let table = CheckRenderer.render(checks, format: .table)
        #expect(table.contains("placeholder      placeholder k–k  — a number is missing"))
    }

    @Test func sarifHasTheShapeOfVersion210() throws {
        let checks = try KBService(Seeded.knowledgeBase).check([PageReader.page("Salary band: k–k in USA. 73% of them agree.", name: "p.txt")])
        let data = Data(CheckRenderer.render(checks, format: .sarif).utf8)
        let log = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let runs = try #require(log["runs"] as? [[String: Any]])
        let driver = try #require((runs.first?["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "kb")
        let ruleIDs = Set((driver["rules"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        let results = try #require(runs.first?["results"] as? [[String: Any]])
        #expect(results.count == 2)
        for result in results {
            #expect(ruleIDs.contains(result["ruleId"] as? String ?? ""))
            #expect(["error", "warning", "note"].contains(result["level"] as? String ?? ""))
            #expect((result["message"] as? [String: Any])?["text"] is String)
            let location = try #require((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == "p.txt")
            let region = try #require(location["region"] as? [String: Any])
            #expect((region["startLine"] as? Int ?? 0) >= 1 && (region["startColumn"] as? Int ?? 0) >= 1)
        }
    }
}
