import Foundation
import Testing
@testable import KBCore
@testable import KBProse
import KBDomain

/// Trial 12 on `kb check` (issue 17): numbers right after a citation's "(year),", "The"
/// before an organisation's initials, decrease words.
struct CheckTrial12Tests: ChecksPages {
    func findings(_ page: String, in knowledgeBase: KnowledgeBase = Seeded.knowledgeBase) throws -> [CheckFinding] {
        try KBService(knowledgeBase).check([PageReader.page(page, name: "page.md")]).flatMap(\.findings)
    }

    // MARK: B4 — a number right after a citation's "(year),"

    /// B4: "(2023), 90%" is the sentence's number, not a page after a journal's issue.
    @Test func aNumberAfterACitationsYearIsRead() throws {
        let wrong = try numbers("According to Noy and Zhang (2023), 90% less time was spent on writing tasks.")
        #expect(wrong.count == 1 && wrong.first?.text == "90%" && wrong.first?.verdict == .mismatch, "\(describe(wrong))")
        let parenthesised = try numbers("(Noy & Zhang, 2023), 90% less time was spent on writing tasks.")
        #expect(parenthesised.first?.verdict == .mismatch, "\(describe(parenthesised))")
        let right = try numbers("According to Indeed Hiring Lab (2025), 41% of work skills face the highest exposure to GenAI.")
        #expect(right.count == 1 && right.first?.text == "41%" && right.first?.verdict == .supported, "\(describe(right))")
        // A journal's volume and issue still put the pages after them out of the reading.
        #expect(NumberReader.numbers(in: "Science, 381(6654), 187–192.").isEmpty)
    }
}

extension CheckTrial12Tests {
    // MARK: B1 — "The WEF (2025)"

    /// B1: an article opening the sentence is no part of the organisation's initials.
    @Test func theBeforeInitialsStillResolves() throws {
        let page = "The World Economic Forum (2025) forecasts 170 million new roles by 2030.\n\n"
            + "The WEF (2025) also forecasts that 39% of existing role skills will change by 2030."
        let found = try findings(page)
        let initials = try #require(found.first { $0.subject == .citation && $0.line == 3 })
        #expect(initials.verdict == .supported && initials.source == "wef2025futurejobs", "\(describe(found))")
        #expect(found.first { $0.text == "39%" }?.verdict == .supported, "\(describe(found))")
        #expect(!found.contains { $0.verdict == .unknownCitation }, "\(describe(found))")
    }

    // MARK: B3 — "by between 30% and 50%"

    /// B3: a range in words holds the claim's value, as "30–50%" does; the message gives the
    /// KB's value.
    @Test func aRangeInWordsIsOneRange() throws {
        for range in ["between 30% and 50%", "between 30 and 50%", "between 30 and 50 percent"] {
            let found = try numbers("ChatGPT cut writing time by \(range) (Noy & Zhang, 2023).")
            #expect(found.count == 1 && found.first?.verdict == .supported, "\(range): \(describe(found))")
            #expect(found.first?.message.contains("-40% (page: 30") == true, "\(describe(found))")
        }
        let wrong = try numbers("ChatGPT cut writing time by between 50% and 70% (Noy & Zhang, 2023).")
        #expect(wrong.count == 1 && wrong.first?.verdict == .mismatch, "\(describe(wrong))")
        // A range that gives the KB's value as an end states a span: its other end must be held too (trial 14, B3).
        let span = try numbers("ChatGPT cut writing time by between 40% and 70% (Noy & Zhang, 2023).")
        #expect(span.count == 1 && span.first?.verdict != .supported, "\(describe(span))")
        // Two counts stay two numbers.
        #expect(NumberReader.numbers(in: "between 300 and 500 applications").count == 2)
    }

    // MARK: B5 — decrease nouns and participles

    /// B5: "a loss of 18%", "a penalty of", "an 18% deterioration" and "78 million jobs will be
    /// lost" are decreases; against the KB's rises they are sign mismatches.
    @Test func decreaseNounsAndParticiplesGiveTheSign() throws {
        for phrase in ["a loss of 18%", "a net loss of 18%", "a penalty of 18%", "a dip of 18%", "a slump of 18%", "a shortfall of 18%",
                       "a deficit of 18%", "a contraction of 18%", "an 18% deterioration"] {
            let found = try numbers("Noy and Zhang (2023) found \(phrase) in writing quality.")
            #expect(found.count == 1 && found.first?.verdict == .mismatch, "\(phrase): \(describe(found))")
        }
        for phrase in ["78 million jobs will be lost", "a net loss of 78 million jobs"] {
            let found = try numbers("The World Economic Forum (2025) forecasts \(phrase) by 2030.")
            #expect(found.first?.verdict == .mismatch, "\(phrase): \(describe(found))")
        }
        for participle in ["eliminated", "destroyed", "wiped out", "shed", "axed"] {
            let found = try numbers("The World Economic Forum (2025) forecasts 170 million roles \(participle) by 2030.")
            #expect(found.first?.verdict != .supported, "\(participle): \(describe(found))")
        }
        // The right sentences stay supported.
        let right = try numbers("The World Economic Forum (2025) forecasts a net gain of 78 million jobs by 2030, with 92 million roles displaced.")
        #expect(right.count == 2 && right.allSatisfy { $0.verdict == .supported }, "\(describe(right))")
        let lost = try numbers("Noy and Zhang (2023) found that 18% of writing quality was lost with ChatGPT.")
        #expect(lost.first?.verdict == .mismatch, "\(describe(lost))")
        // Another clause's verb is not the sample's participle (review 18's rightS:3).
        let sample = try numbers("Noy and Zhang (2023) ran a preregistered experiment with 453 college-educated professionals: "
                                 + "ChatGPT cut the time they took on writing tasks by up to 40%, and graders rated their output 18% higher in quality.")
        #expect(sample.count == 3 && sample.allSatisfy { $0.verdict == .supported }, "\(describe(sample))")
        let quality = try numbers("Noy and Zhang (2023) found a gain of 18% in writing quality.")
        #expect(quality.first?.verdict == .supported, "\(describe(quality))")
    }
}

extension CheckTrial12Tests {
    // MARK: B9 — percentage points

    /// A work whose claim is a gain in percentage points.
    static let points = KnowledgeBase.fixture("points fixture KB") { dataset in
        dataset.sources = [Source(slug: "holz2024", type: "document", issued: PartialDate(year: 2024),
                                  contributors: [Contributor(family: "Holzmeister", given: nil)])]
        dataset.claims = [Claim(slug: "holz2024-accuracy", statement: "Bipartisan networks raised trend accuracy by 9.4 percentage points.",
                                quantity: Quantity(metric: "trend accuracy", value: 9.4, unit: "percentage points", direction: .increase),
                                sourceSlug: "holz2024")]
    }

    /// B9: "28 percentage points" and "18 points" are points, which no claim in percent states.
    @Test func pointsAreNotPercent() throws {
        for written in ["28 percentage points", "18 points", "18 pp"] {
            let found = try numbers("Noy and Zhang (2023) found writing quality rose \(written).")
            #expect(found.count == 1 && found.first?.verdict == .unsupported && found.first?.number?.kind == .points, "\(written): \(describe(found))")
        }
        let right = try numbers("Holzmeister (2024) found bipartisan networks raised trend accuracy by 9.4 percentage points.", in: Self.points)
        #expect(right.count == 1 && right.first?.verdict == .supported, "\(describe(right))")
        let wrong = try numbers("Holzmeister (2024) found bipartisan networks raised trend accuracy by 12.4 percentage points.", in: Self.points)
        #expect(wrong.first?.verdict == .mismatch, "\(describe(wrong))")
        // Percent stays percent.
        let percent = try numbers("Noy and Zhang (2023) found writing quality rose 18%.")
        #expect(percent.first?.verdict == .supported && percent.first?.number?.kind == .percent, "\(describe(percent))")
    }
}

extension CheckTrial12Tests {
    // MARK: B6 — what a count counts

    /// B6: "surveyed 2,900 workers" is not the 2,900 skills Indeed analysed, nor "surveyed 170
    /// million workers" the 170 million roles the WEF forecasts; the right nouns stay supported.
    @Test func aCountOfOtherThingsIsNotTheClaims() throws {
        for (sentence, slug) in [("Indeed Hiring Lab (2025) surveyed 2,900 workers.", "indeed2025-skills-exposed"),
                                 ("Indeed Hiring Lab (2025) analysed 2,900 job postings.", "indeed2025-skills-exposed"),
                                 ("The World Economic Forum (2025) surveyed 170 million workers.", "wef2025-roles-created"),
                                 ("The World Economic Forum (2025) surveyed 92 million employers.", "wef2025-roles-displaced")] {
            let found = try numbers(sentence)
            #expect(found.count == 1 && found.first?.verdict == .unsupported && found.first?.claim == slug, "\(sentence): \(describe(found))")
            #expect(found.first?.message.contains("the page counts") == true, "\(describe(found))")
        }
        for sentence in ["Indeed Hiring Lab (2025) analysed roughly 2,900 skills.", "The World Economic Forum (2025) forecasts 170 million new roles by 2030.",
                         "Noy and Zhang (2023) recruited 453 professionals."] {
            let found = try numbers(sentence)
            #expect(found.count == 1 && found.first?.verdict == .supported, "\(sentence): \(describe(found))")
        }
    }
}

extension CheckTrial12Tests {
    // MARK: B2 — "respectively"

    /// Bertrand and Mullainathan's two callback rates, as Hausladen's dataset states them.
    static let bertrand = KnowledgeBase.fixture("bertrand fixture KB") { dataset in
        dataset.sources = [Source(slug: "bertrand2004", type: "article-journal", issued: PartialDate(year: 2004),
                                  contributors: [Contributor(family: "Bertrand", given: nil), Contributor(family: "Mullainathan", given: nil)])]
        dataset.claims = [("white", 9.23, "9.2"), ("african american", 6.4, "6.4")].map { group, value, written in
            Claim(slug: "bertrand-\(group.replacingOccurrences(of: " ", with: "-"))",
                  statement: "In study 'bertrand' (race and national origin), applicants signalling '\(group)' got callbacks at a rate of \(written)% of 2435 applications",
                  quantity: Quantity(metric: "callback rate", value: value, unit: "percent"), sourceSlug: "bertrand2004")
        }
    }

    /// B2: the numbers are paired with the groups in order; the swapped pair is not supported.
    @Test func respectivelyPairsNumbersWithGroupsInOrder() throws {
        let right = try numbers("Callback rates were 9.2% and 6.4% for white and African American applicants respectively "
                                + "(Bertrand & Mullainathan, 2004).", in: Self.bertrand)
        #expect(right.count == 2 && right.allSatisfy { $0.verdict == .supported }, "\(describe(right))")
        let swapped = try numbers("Callback rates were 6.4% and 9.2% for white and African American applicants respectively "
                                  + "(Bertrand & Mullainathan, 2004).", in: Self.bertrand)
        #expect(swapped.count == 2 && !swapped.contains { $0.verdict == .supported }, "\(describe(swapped))")
        let blanked = PageChecker.respectiveClause("Women and men were called back at 10.9% and 9% respectively.", numberAt: 34)
        #expect(blanked.hasPrefix("Women and     were"), "\(blanked)")
        // Trial 13: the "and" of a narrative citation's authors is not the groups' "and".
        let narrative = try numbers("Bertrand and Mullainathan (2004) found callback rates of 9.2% and 6.4% for white and African American "
                                    + "applicants respectively.", in: Self.bertrand)
        #expect(narrative.count == 2 && narrative.allSatisfy { $0.verdict == .supported }, "\(describe(narrative))")
        let narrativeSwapped = try numbers("Bertrand and Mullainathan (2004) found callback rates of 6.4% and 9.2% for white and African American "
                                           + "applicants respectively.", in: Self.bertrand)
        #expect(narrativeSwapped.count == 2 && !narrativeSwapped.contains { $0.verdict == .supported }, "\(describe(narrativeSwapped))")
    }
}
