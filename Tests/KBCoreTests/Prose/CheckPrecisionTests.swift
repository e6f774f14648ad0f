import Foundation
import GRDB
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBProse

/// The trial's and the reviewer's precision bugs in `kb check` (issue 17): a number held to the
/// claim its clause is about, not any claim of the cited work; a citation with the right authors
/// and a wrong year; decimals; no sign the page does not write; an HTML page's reference list.
struct CheckPrecisionTests {
    func check(_ text: String, kind: Page.Kind? = nil) throws -> [CheckFinding] {
        try KBService(Seeded.knowledgeBase).check([PageReader.page(text, name: "page.md", kind: kind)]).flatMap(\.findings)
    }

    func at(_ findings: [CheckFinding], _ text: String) -> CheckFinding? {
        findings.first { $0.text == text }
    }

    // MARK: 1. A number from another claim of the same work

    @Test func swappedFiguresOfOneWorkAreMismatches() throws {
        // Trial 2: the page swapped Indeed's two shares; each is stated by a claim of the work it
        // cites, but not by the claim its clause is about.
        let swapped = try check("Indeed Hiring Lab (2025) analysed roughly 2,900 work skills and found 26% face the highest exposure to GenAI "
            + "transformation; 41% of jobs posted in the past year are likely to be highly transformed.")
        let skills = try #require(at(swapped, "26%"))
        #expect(skills.verdict == .mismatch)
        #expect(skills.claim == "indeed2025-skills-exposed" && skills.expected == "41%")
        #expect(skills.message.contains("indeed2025-postings-transformed"))
        let postings = try #require(at(swapped, "41%"))
        #expect(postings.verdict == .mismatch)
        #expect(postings.claim == "indeed2025-postings-transformed" && postings.expected == "26%")
        #expect(postings.message.contains("indeed2025-skills-exposed"))
        // The count in the same sentence is still the skills claim's.
        #expect(at(swapped, "2,900")?.verdict == .supported)
        // Written the right way round, both are supported by their own claims.
        let right = try check("Indeed Hiring Lab (2025) analysed roughly 2,900 work skills and found 41% face the highest exposure to GenAI "
            + "transformation; 26% of jobs posted in the past year are likely to be highly transformed.")
        #expect(at(right, "41%")?.verdict == .supported && at(right, "41%")?.claim == "indeed2025-skills-exposed")
        #expect(at(right, "26%")?.verdict == .supported && at(right, "26%")?.claim == "indeed2025-postings-transformed")
    }

    @Test func aHeadlineThatMixesTwoFindingsWordsStaysWithItsNumber() throws {
        // The seed page's card: the postings share beside the skills count. Its words fit both
        // claims about equally, so the number stays with the claim that states it.
        let card = try check("26% of jobs face high GenAI transformation (Indeed, ~2,900 skills)\n\nIndeed Hiring Lab AI at Work 2025 · 2025")
        #expect(at(card, "26%")?.verdict == .supported && at(card, "26%")?.claim == "indeed2025-postings-transformed")
        #expect(at(card, "~2,900")?.claim == "indeed2025-skills-exposed")
        // Counts side by side in one clause each: each stays with its own claim.
        let wef = try check("The WEF forecasts 170 million new roles created by 2030, while 92 million are displaced by automation, "
            + "for a net gain of 78 million jobs (WEF 2025).\n\nWorld Economic Forum Future of Jobs Report 2025 · 2025")
        #expect(at(wef, "170 million")?.claim == "wef2025-roles-created")
        #expect(at(wef, "92 million")?.claim == "wef2025-roles-displaced")
        #expect(at(wef, "78 million")?.claim == "wef2025-net-jobs")
        #expect(wef.filter { $0.subject == .number }.allSatisfy { $0.verdict == .supported })
        // Swapped, the words only one claim holds ("created") tell the claim the clause is about.
        let swapped = try check("The WEF forecasts 92 million new roles created by 2030 (WEF 2025).\n\nWorld Economic Forum Future of Jobs Report 2025 · 2025")
        #expect(at(swapped, "92 million")?.verdict == .mismatch && at(swapped, "92 million")?.claim == "wef2025-roles-created")
    }

    @Test func aNumbersClauseIsItsOwn() {
        let sentence = "Indeed analysed roughly 2,900 work skills and found 41% face the highest exposure; 26% of jobs posted (past year) are transformed."
        func clause(_ number: String) -> String {
            let offset = sentence.distance(from: sentence.startIndex, to: sentence.range(of: number)?.lowerBound ?? sentence.startIndex)
            return PageChecker.clause(at: offset, in: sentence).trimmingCharacters(in: .whitespaces)
        }
        #expect(clause("41%") == "found 41% face the highest exposure")
        #expect(clause("26%").split(separator: " ") == ["26%", "of", "jobs", "posted", "are", "transformed."])
        #expect(PageChecker.clause(at: 34, in: "Jobs face transformation (Indeed, ~2,900 skills)") == " ~2,900 skills")
        #expect(PageChecker.sameStem("transformed", "transformation") && PageChecker.sameStem("high", "highest"))
        #expect(!PageChecker.sameStem("work", "workforce") && !PageChecker.sameStem("face", "jobs"))
    }

    @Test func oneIncidentalWordOfAnotherClaimIsNoSwap() throws {
        // Review 5, M1: "output" is only in the quality claim's statement; the 40% is the
        // writing-time claim's, and right.
        let paraphrase = try check("Noy & Zhang (2023) show ChatGPT users produced output 40% faster.")
        #expect(at(paraphrase, "40%")?.verdict == .supported && at(paraphrase, "40%")?.claim == "noy2023-writing-time")
        let quality = try check("Noy & Zhang (2023) show ChatGPT raised the output's quality by 18%.")
        #expect(at(quality, "18%")?.verdict == .supported && at(quality, "18%")?.claim == "noy2023-writing-quality")
        // Clear evidence still decides: the time clause with the quality claim's number.
        let swapped = try check("Noy & Zhang (2023) found ChatGPT cut the time professionals took on writing tasks by 18%.")
        #expect(at(swapped, "18%")?.verdict == .mismatch && at(swapped, "18%")?.claim == "noy2023-writing-time")
        // Stems: an ending makes one word, a shared opening alone does not.
        #expect(PageChecker.sameStem("face", "faces") && PageChecker.sameStem("high", "highest"))
        for (a, b) in [("experience", "experiment"), ("internal", "international"), ("product", "productivity"), ("transfer", "transformation"),
                       ("product", "production")] {
            #expect(!PageChecker.sameStem(a, b), "\(a) \(b)")
        }
        #expect(!PageChecker.sameStem("transformed", "transformation", strictly: true))
    }

    // MARK: 2. The right authors, a wrong year

    @Test func aWrongYearNamesTheWorkItNearlyMatches() throws {
        let findings = try check("Noy and Zhang (2021) found ChatGPT cut writing-task time by 40%.")
        let citation = try #require(findings.first { $0.subject == .citation })
        #expect(citation.verdict == .mismatch)
        #expect(citation.source == "noy2023experimental" && citation.expected == "2023")
        #expect(citation.message.contains("year") && citation.message.contains("2021"))
        // The number is still held to the work the page means.
        #expect(at(findings, "40%")?.verdict == .supported)
        // A year far from any of the authors' works, or authors the KB lacks: an unknown work.
        #expect(try check("Noy and Zhang (2009) found it.").first { $0.subject == .citation }?.verdict == .unknownCitation)
        #expect(try check("Barocas and Selbst (2016) found it.").first { $0.subject == .citation }?.verdict == .unknownCitation)
        // One right author is not the work: Noy & Smith is someone else's paper.
        #expect(try check("Noy and Smith (2022) found it.").first { $0.subject == .citation }?.verdict == .unknownCitation)
        // Review 5, M2: a co-author's or namesake's other paper within five years is a work the KB lacks.
        #expect(try check("Noy (2021) found it.").first { $0.subject == .citation }?.verdict == .unknownCitation)
        #expect(try check("Noy et al. (2022) found it.").first { $0.subject == .citation }?.verdict == .unknownCitation)
        let list = try check("""
            # Test

            ## References

            - Zhang, W. (2020). Robots in warehouses. Journal of Logistics, 12(3), 1-20.
            - Noy, S. (2021). A different paper on teaching. Education Review, 4, 5-9.
            - Noy, S., & Zhang, W. (2022). Experimental evidence on the productivity effects of generative artificial intelligence. Science.
            - Noy, S. (2022). Experimental evidence on the productivity effects of generative artificial intelligence. Science.
            - Zhang, W. (2023). Robots in warehouses. Journal of Logistics, 12(3), 1-20.
            """)
        let entries = list.filter { $0.subject == .citation }
        #expect(entries.map(\.line) == [5, 6, 7, 8, 9])
        // The right year does not make a co-author's other paper the work either.
        #expect(entries.last?.verdict == .unknownCitation, "\(entries)")
        #expect(entries[0].verdict == .unknownCitation && entries[1].verdict == .unknownCitation, "\(entries)")
        // The whole author list, or the title, with a wrong year: that work's year mismatch.
        #expect(entries[2].verdict == .mismatch && entries[2].source == "noy2023experimental" && entries[2].expected == "2023")
        #expect(entries[3].verdict == .mismatch && entries[3].source == "noy2023experimental")
    }

    // MARK: 3. Decimals

    @Test func decimalRatiosAreRead() throws {
        let correlation = try #require(NumberReader.numbers(in: "a correlation of .706 with job performance").first)
        #expect(correlation.value == 0.706 && correlation.decimals == 3 && correlation.kind == .ratio && correlation.text == ".706")
        let ratio = try #require(NumberReader.numbers(in: "a callback ratio 0.9 for older applicants").first)
        #expect(ratio.value == 0.9 && ratio.kind == .ratio && ratio.text == "0.9")
        #expect(NumberReader.numbers(in: "the ratio was 1.25, not 1").map(\.value) == [1.25])
        // Not findings: versions, a model's name, a p-value's threshold.
        for line in ["Python 3.11 and version 2.5", "release 1.2.3 is out", "GPT-3.5 wrote it", "significant at p < .05", "(p = .003)",
                     // Review 5, M4: p-values in words, figures, tables, sections, Web 2.0.
                     "a p-value of .03 for time", "the p value was 0.2", "alpha = .05", "α of .01", "as Figure 3.2 shows", "see Fig. 4.1",
                     "Table 2.1 lists them", "in Section 4.3", "on Web 2.0 sites", "Appendix 1.2", "Eq. 3.1", "step 2.5", "Phase 1.5"] {
            #expect(NumberReader.numbers(in: line).isEmpty, "\(line)")
        }
        // Matched as written: .706 against a claim of 0.706, not of 0.72.
        func claim(_ value: Double) -> EvidenceClaim {
            EvidenceClaim(id: 1, slug: "c", statement: "Validity of structured interviews", quote: nil, metric: "validity", value: value, unit: "correlation",
                          direction: nil, baseline: nil, grade: .high, replication: .unknown, sourceID: 1, studyN: nil, studyNText: nil)
        }
        #expect(NumberMatch.states(claim(0.706), correlation))
        #expect(!NumberMatch.states(claim(0.72), correlation))
        #expect(NumberMatch.isSameKind(claim(0.72), correlation))
    }

    // MARK: 4. No invented sign

    @Test func theRenderedNumberIsWhatThePageWrites() throws {
        // "fell to .706" is a level, not a change of −0.706 (review 5, M3); "fell by 4%" is a change.
        let level = try #require(NumberReader.numbers(in: "Turnover fell to .706 of its level").first)
        #expect(level.sign == .unstated && level.writtenValue == 0.706 && level.saidDirection == nil)
        let said = try #require(NumberReader.numbers(in: "Turnover fell by 4% last year").first)
        #expect(said.sign == .minus && !said.isSignWritten && said.writtenValue == 4 && said.saidDirection == .minus)
        let written = try #require(NumberReader.numbers(in: "a change of -0.706 overall").first)
        #expect(written.isSignWritten && written.writtenValue == -0.706 && written.saidDirection == nil)
        #expect(try #require(NumberReader.numbers(in: "ChatGPT: -40% time").first).isSignWritten)
        #expect(try #require(NumberReader.numbers(in: "cut time by 40%").first).signedValue == -40)

        let checks = try KBService(Seeded.knowledgeBase).check([PageReader.page("Turnover fell by 4% last year, analysts say.", name: "p.md")])
        let json = CheckRenderer.render(checks, format: .json)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let number = try #require(((report["findings"] as? [[String: Any]])?.first { $0["text"] as? String == "4%" })?["number"] as? [String: Any])
        #expect(number["value"] as? Double == 4)
        #expect(number["sign"] as? String == "unstated" && number["direction"] as? String == "decrease")
        #expect(!json.contains("-4"))
    }

    @Test func aLevelIsNotAChange() throws {
        for (line, sign) in [("the correlation fell to .706", ProseNumber.Sign.unstated), ("turnover fell to 40% of its level", .unstated),
                             ("turnover stood at 40% after the cut", .unstated), ("it dropped from 50% to 30%", .unstated),
                             ("a reduction of 40% in time", .minus), ("quality rose by 18%", .plus), ("time fell 40%", .minus),
                             ("the correlation fell by .2", .unstated)] {
            #expect(NumberReader.numbers(in: line).first?.sign == sign, "\(line)")
        }
        // A claim of 0.706 is stated by "fell to .706" as by "at .706" (review 5's p3.md).
        let claim = EvidenceClaim(id: 1, slug: "c", statement: "Structured interviews correlate with job performance", quote: nil, metric: "validity",
                                  value: 0.706, unit: "correlation", direction: nil, baseline: nil, grade: .high, replication: .unknown,
                                  sourceID: 1, studyN: nil, studyNText: nil)
        for line in ["the correlation fell to .706", "the correlation stood at .706"] {
            #expect(NumberMatch.states(claim, try #require(NumberReader.numbers(in: line).first)), "\(line)")
        }
    }

    @Test func emittedClaimsFollowTheSeedsConvention() throws {
        // Seeds/claims.yaml: noy2023-writing-time is `value: -40` with `direction: decrease`;
        // wef2025-roles-displaced `value: 92` (a count) with `direction: decrease` (review 5, m9).
        let page = "Our pilot cut drafting time by 37% across teams.\n\nOur pilot displaced 12 million hours of drafting.\n\nOur pilot raised scores by 9%."
        let checks = try KBService(Seeded.knowledgeBase).check([PageReader.page(page, name: "pilot.md")])
        let yaml = ClaimEmitter.yaml(checks)
        #expect(yaml.contains("    value: -37\n    unit: percent\n    direction: decrease\n"), "\(yaml)")
        #expect(yaml.contains("    value: 12\n    unit: million\n    direction: decrease\n"), "\(yaml)")
        #expect(yaml.contains("    value: 9\n    unit: percent\n    direction: increase\n"), "\(yaml)")
    }

    @Test func aNumberCitedToAWorkTheKBLacksIsAnotherWorksOnlyWhenItRepeatsItsWords() throws {
        // Trial 20, B2: Gaddis (2015), a real work of the shared register the seed KB lacks.
        // Two shared words ("writing", "time") are a phrase, not noy2023-writing-time's finding.
        let phrase = try check("Writing time fell by 40% in one pilot (Gaddis, 2015).").filter { $0.subject == .number }
        #expect(phrase.count == 1 && phrase[0].verdict == .unsupported && phrase[0].claim == nil
                && phrase[0].message.contains("it cites Gaddis, 2015, a work the KB lacks"), "\(phrase)")
        // The claim's own words: its finding, and the message says what the page cites.
        let repeated = try check("ChatGPT cut the time professionals took on writing tasks by 40% (Gaddis, 2015).").filter { $0.subject == .number }
        #expect(repeated.count == 1 && repeated[0].verdict == .supported && repeated[0].claim == "noy2023-writing-time"
                && repeated[0].message.contains("the page cites Gaddis, 2015, a work the KB lacks, for it"), "\(repeated)")
        // Uncited, two shared words still find it.
        let uncited = try check("Writing time fell by 40% in one pilot.").filter { $0.subject == .number }
        #expect(uncited.count == 1 && uncited[0].claim == "noy2023-writing-time", "\(uncited)")
    }

    @Test func aMarkerOfAnEntryTheKBLacksHoldsItsNumbersToNoOtherWork() throws {
        // Trial 20, B1: entry 2 is Gaddis (2015), a real work (Social Forces, 10.1093/sf/sou111) the seed KB lacks.
        let references = "\n\n## References\n\n1. Noy, S., & Zhang, W. (2023). Experimental evidence on the productivity effects of generative "
            + "artificial intelligence. Science, 381(6654), 187–192.\n2. Gaddis, S. M. (2015). Discrimination in the credential society: An audit "
            + "study of race and college selectivity in the labor market. Social Forces.\n"
        let found = try check("Callback rates differed by 59% across colleges [2], while ChatGPT cut writing time by 40% [1]." + references)
        let marker = try #require(found.first { $0.text == "[2]" })
        #expect(marker.verdict == .unknownCitation && marker.message.contains("entry 2 of the page's reference list"), "\(found)")
        let number = try #require(found.first { $0.text == "59%" })
        #expect(number.verdict == .unsupported && number.source == nil && number.message.contains("it cites [2], a work the KB lacks"), "\(found)")
        #expect(found.first { $0.text == "40%" }?.verdict == .supported, "\(found)")
        // On an HTML page, a superscript marker of that entry.
        let html = "<p>Callback rates differed by 59% across colleges<sup>2</sup>, while ChatGPT cut writing time by 40%<sup>1</sup>.</p>\n"
            + "<h2>References</h2>\n<ol>\n<li>Noy, S., &amp; Zhang, W. (2023). Experimental evidence on the productivity effects of generative "
            + "artificial intelligence. Science, 381(6654), 187–192.</li>\n<li>Gaddis, S. M. (2015). Discrimination in the credential society: "
            + "An audit study of race and college selectivity in the labor market. Social Forces.</li>\n</ol>\n"
        let inHTML = try check(html, kind: .html)
        let superscript = try #require(inHTML.first { $0.text == "59%" })
        #expect(superscript.verdict == .unsupported && superscript.message.contains("it cites reference 2, a work the KB lacks"), "\(inHTML)")
        #expect(inHTML.contains { $0.verdict == .unknownCitation && $0.text == "2" }, "\(inHTML)")
    }

    @Test func anEmittedClaimHasTheSourceOnlyOfItsOwnSentence() throws {
        // Trial 20, B7: the sentence after a cited one cites nothing; the check holds its number to
        // the nearest citation, but the emitted claim is the page's own, with no source.
        func emitted(_ page: String) throws -> String {
            ClaimEmitter.yaml(try KBService(Seeded.knowledgeBase).check([PageReader.page(page, name: "p.md")]))
        }
        let after = try emitted("ChatGPT cut writing time by 40% (Noy and Zhang, 2023). Across Europe, 37% of firms now run such pilots.")
        #expect(after.contains("value: 37") && !after.contains("    source: ") && after.contains("# the page cites noy2023experimental for another sentence"), "\(after)")
        let own = try emitted("By 2024, 37% of firms ran such pilots (Noy and Zhang, 2023).")
        #expect(own.contains("value: 37") && own.contains("    source: noy2023experimental"), "\(own)")
        for page in ["Noy and Zhang (2023) ran a trial with 453 professionals. They found that 37% of firms now run such pilots.",
                     "Noy and Zhang (2023) ran a trial with 453 professionals. It found that 37% of firms now run such pilots.",
                     "Noy and Zhang (2023) ran a trial with 453 professionals. In that study, 37% of firms ran such pilots."] {
            let referring = try emitted(page)
            #expect(referring.contains("value: 37") && referring.contains("    source: noy2023experimental"), "\(referring)")
        }
    }

    // MARK: 5. An HTML page's reference list

    @Test func anHTMLBriefChecksClean() throws {
        let service = KBService(Seeded.knowledgeBase)
        let html = try service.brief(subjects: ["ml-platform-engineer", "pytorch-deep-learning"], profile: nil, format: .html, top: 5)
        #expect(html.contains("<h2>References</h2>") && html.contains("<li>"))
        let findings = try service.check([PageReader.page(html, name: "brief.html", kind: .html)]).flatMap(\.findings)
        #expect(findings.count { $0.verdict == .unknownCitation } == 0)
        #expect(findings.allSatisfy { $0.verdict == .supported }, "\(findings.filter { $0.verdict != .supported }.prefix(3))")
        #expect(findings.contains { $0.subject == .citation && $0.source == "noy2023experimental" })
    }

    @Test func anHTMLReferenceListIsReadAsOne() throws {
        let page = """
            <p>ChatGPT cut writing-task time by 40% (Noy &amp; Zhang, 2023).</p>
            <h2>References</h2>
            <ol>
            <li>Noy, S., &amp; Zhang, W. (2023). Experimental evidence, after Barocas and Selbst (2016), on 453 writers. <i>Science</i>, 381(6654), 187–192.</li>
            </ol>
            <h2>Findings</h2>
            <ul><li>A survey finds 73% of recruiters use AI.</li></ul>
            """
        let findings = try check(page, kind: .html)
        let parsed = PageReader.page(page, name: "p.html", kind: .html)
        #expect(parsed.headings == [1, 5] && parsed.listItems == [3, 6])
        // The entry is one citation of the work; its title's citation and numbers are not the page's.
        let entry = try #require(findings.first { $0.line == 4 })
        #expect(entry.subject == .citation && entry.verdict == .supported && entry.source == "noy2023experimental" && entry.column == 5)
        #expect(findings.count { $0.line == 4 } == 1)
        // The list ends at the next heading: the finding under it is the page's.
        #expect(at(findings, "73%")?.verdict == .unsupported)
    }

    @Test func htmlReferenceListsByTheirTags() throws {
        // Review 5, M6: minified (one line), and an item's text on the line after its <li>.
        let minified = #"<html><body><p>ChatGPT cut writing time by 40% (Noy &amp; Zhang, 2023).</p><h2>References</h2><ol><li>Noy, S., &amp; Zhang, W. (2023). Experimental evidence on the productivity effects of generative artificial intelligence. Science, 381(6654), 187&ndash;192.</li><li>Barocas, S. (2016). Big data's disparate impact, 104, 671&ndash;732.</li></ol><h2>Notes</h2><ul><li>A survey finds 73% of recruiters use AI.</li></ul></body></html>"#
        let one = try check(minified, kind: .html)
        #expect(at(one, "40%")?.verdict == .supported)
        let entries = one.filter { $0.subject == .citation && $0.column > 100 }
        #expect(entries.count == 2 && entries[0].source == "noy2023experimental" && entries[0].verdict == .supported, "\(one)")
        #expect(entries[1].verdict == .unknownCitation && entries[1].text.hasPrefix("Barocas, S. (2016)") && !entries[1].text.contains("Notes"))
        // No page number or volume of an entry is a finding; the list ends at the next heading.
        #expect(one.filter { $0.subject == .number }.map(\.text) == ["40%", "73%"], "\(one)")
        let parsed = PageReader.page(minified, name: "b.html", kind: .html)
        #expect(parsed.blocks.map(\.kind) == [.heading, .listItem, .listItem, .heading, .listItem])

        let wrapped = "<html><body>\n<p>ChatGPT cut writing time by 40% (Noy &amp; Zhang, 2023).</p>\n<h2>\n  References\n</h2>\n<ol>\n<li>\n"
            + "  Noy, S., &amp; Zhang, W. (2023). Experimental evidence on the productivity effects of generative artificial intelligence.\n"
            + "  Science, 381(6654), 187&ndash;192.\n</li>\n</ol></body></html>"
        let two = try check(wrapped, kind: .html)
        let entry = try #require(two.first { $0.line == 8 })
        #expect(entry.subject == .citation && entry.verdict == .supported && entry.source == "noy2023experimental" && entry.column == 3)
        #expect(!two.contains { $0.line == 9 }, "\(two)")
        #expect(two.filter { $0.subject == .number }.map(\.text) == ["40%"])
    }

    @Test func linesAndStructureAgree() throws {
        // Review 5, m4: a line ends at LF, CRLF or CR; U+2028 and a form feed are text on it.
        let html = "<p>a\u{2028}b\u{0C}c</p>\r<p>d</p>\r\n<h2>References</h2>\n<ol><li>Noy, S., &amp; Zhang, W. (2023). Experimental evidence. Science.</li></ol>"
        let page = PageReader.page(html, name: "p.html", kind: .html)
        #expect(page.lines.count == 4)
        #expect(page.headings == [2] && page.listItems == [3])
        #expect(page.lines[2].trimmingCharacters(in: .whitespaces) == "References")
        #expect(page.blocks.first.map { page.text(from: $0.start, to: $0.end) } == "References")
        let findings = try check(html, kind: .html)
        #expect(findings.first { $0.subject == .citation }.map { ($0.line, $0.source) } ?? (0, nil) == (4, "noy2023experimental"))
        let text = PageReader.page("one\rtwo\u{2028}still two\r\nthree\u{0C}\nfour", name: "p.txt", kind: .text)
        #expect(text.lines == ["one", "two\u{2028}still two", "three\u{0C}", "four"])
    }

    // MARK: 6. At scale: candidates by the words they share, not by id

    @Test func aSentenceOfCommonWordsFindsTheClaimThatHoldsThemAll() throws {
        // 3,000 claims about wages and hiring, a thousand each on productivity, screening and
        // callbacks: every word of the sentence is held by more than 500 claims. The claim the
        // sentence repeats was stored last; the lowest-id claims holding its two rarest words
        // are others.
        let knowledgeBase = try KnowledgeBase.inMemory()
        var dataset = IndexedPlanTests.dataset(claims: 3000)
        dataset.claims[2999].statement = "Wages and hiring for callbacks and screening"
        _ = try knowledgeBase.load(dataset, command: "test", files: [])
        let page = PageReader.page("Analysts agree on it: wages and hiring for callbacks and screening.", name: "p.md")
        let findings = try KBService(knowledgeBase).check([page]).flatMap(\.findings)
        let statement = try #require(findings.first { $0.subject == .statement })
        #expect(statement.claim == "claim-2999" && statement.verdict == .supported)
    }

    // MARK: 7. The pooled connection

    @Test func aCheckLeavesTheConnectionsSettingsAsItFoundThem() throws {
        let knowledgeBase = Seeded.knowledgeBase
        func settings() throws -> [Int] {
            try knowledgeBase.reader.read { db in
                [try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? 0, try Int.fetchOne(db, sql: "PRAGMA mmap_size") ?? 0]
            }
        }
        let before = try settings()
        _ = try KBService(knowledgeBase).check([PageReader.page("Noy and Zhang (2023) cut time by 40%.", name: "p.md")])
        #expect(try settings() == before)
        #expect(before[0] != -65536)
    }
}
