import Foundation
import Testing
@testable import KBCore
@testable import KBProse
import KBDomain

/// Trial 6's `kb check` and `kb brief` findings (issue 17), on a small KB whose rows are copied
/// from the works the full KB holds: Galarza & Yamada (2017)'s gender row of the Lippens
/// register, Oreopoulos (2011)'s callback rate from the Hausladen extraction, two FReD effects
/// of Eagly & Wood (1999) that failed to replicate, and Busetta et al. (2018)'s gender row,
/// whose stored statement carries a float artefact ("945.9999999999999").
struct CheckTrial6Tests {
    static let knowledgeBase: KnowledgeBase = {
        do {
            let knowledgeBase = try KnowledgeBase.inMemory()
            _ = try knowledgeBase.load(dataset(), command: "test", files: [])
            return knowledgeBase
        } catch {
            fatalError("trial-6 fixture KB: \(error)")
        }
    }()

    static func dataset() -> Dataset {
        var dataset = Dataset()
        dataset.sources = [
            Source(slug: "galarza2017", issued: PartialDate(year: 2017),
                   contributors: [Contributor(family: "Galarza", given: nil), Contributor(family: "Yamada", given: nil)]),
            Source(slug: "oreopoulos2011", issued: PartialDate(year: 2011), doi: "10.1257/pol.3.4.148",
                   contributors: [Contributor(family: "Oreopoulos", given: nil)]),
            Source(slug: "eagly1999origins", title: "The origins of sex differences in human behavior: Evolved dispositions versus social roles.",
                   issued: PartialDate(year: 1999), contributors: [Contributor(family: "Eagly", given: nil), Contributor(family: "Wood", given: nil)]),
            Source(slug: "busetta2018", issued: PartialDate(year: 2018), contributors: [Contributor(family: "Busetta", given: nil)]),
            Source(slug: "baert2014", issued: PartialDate(year: 2014), contributors: [Contributor(family: "Baert", given: nil)]),
            Source(slug: "kleykamp2009", issued: PartialDate(year: 2009), contributors: [Contributor(family: "Kleykamp", given: nil)]),
            Source(slug: "deng2020", issued: PartialDate(year: 2020), contributors: [Contributor(family: "Deng", given: nil)]),
            Source(slug: "busetta2020", issued: PartialDate(year: 2020), contributors: [Contributor(family: "Busetta", given: nil)]),
        ]
        dataset.studies = [
            Study(slug: "galarza2017-gender", sourceSlug: "galarza2017", n: 4988),
            Study(slug: "oreopoulos2011-gender", sourceSlug: "oreopoulos2011", n: 6567),
            Study(slug: "busetta2018-gender", sourceSlug: "busetta2018", n: 22000),
            Study(slug: "baert2014-motherhood", sourceSlug: "baert2014", n: 576),
            Study(slug: "baert2014-orientation", sourceSlug: "baert2014", n: 1152),
            Study(slug: "kleykamp2009-race", sourceSlug: "kleykamp2009", n: 605),
            Study(slug: "kleykamp2009-military", sourceSlug: "kleykamp2009", n: 1868),
            Study(slug: "deng2020-attractiveness", sourceSlug: "deng2020", n: 9892),
            Study(slug: "busetta2020-phenotype", sourceSlug: "busetta2020", n: 1952),
        ]
        let ratio = "callback-rate ratio (treatment ÷ control)"
        let quote = "\"These correlations for the ranking and the rating data, which appear in Table 1, are generally supportive of the social structural predictions\""
        dataset.claims = [
            Claim(slug: "lippens-galarza-yamada-2017-ae5d942e",
                  statement: "Galarza & Yamada (2017), Peru: 'Female gender' applicants got 291 callbacks from 2494 applications, 'Male gender' applicants "
                      + "405 from 2494; effect: Negative",
                  quantity: Quantity(metric: ratio, value: 0.719, unit: "ratio", direction: .decrease), sourceSlug: "galarza2017",
                  studySlug: "galarza2017-gender"),
            Claim(slug: "hausladen-oreopoulos-4438b8a0",
                  statement: "In study 'oreopoulos' (gender and motherhood status), applicants signalling 'female gender' got callbacks at a rate of "
                      + "10.9% of 6567 applications",
                  quantity: Quantity(metric: "callback rate", value: 10.92, unit: "percent"), sourceSlug: "oreopoulos2011",
                  studySlug: "oreopoulos2011-gender"),
            Claim(slug: "fred-1-1", statement: "As the Gender Empowerment Measure increased in value, the tendency decreased for women to place greater "
                      + "emphasis than men on a potential spouse's earning capacity (ranking data)",
                  quote: quote, quantity: Quantity(metric: "r", value: -0.43), sourceSlug: "eagly1999origins", replication: .failed),
            Claim(slug: "fred-1-4", statement: "As the Gender Empowerment Measure increased, the tendency decreased for men to place greater emphasis "
                      + "than women on a potential spouse's domestic skills (ranking data)",
                  quote: quote, quantity: Quantity(metric: "r", value: -0.62), sourceSlug: "eagly1999origins", replication: .failed),
            Claim(slug: "lippens-busetta-et-al-2018-034601fa",
                  statement: "Busetta et al. (2018), Italy: 'Female gender' applicants got 564 callbacks from 11000 applications, 'Male gender' "
                      + "applicants 945.9999999999999 from 11000; effect: Negative",
                  quantity: Quantity(metric: ratio, value: 0.596, unit: "ratio", direction: .decrease), sourceSlug: "busetta2018",
                  studySlug: "busetta2018-gender"),
            Claim(slug: "lippens-baert-2014-4213326d",
                  statement: "Baert (2014), Belgium: 'Mother' applicants got 69 callbacks from 288 applications, 'Childless woman' applicants 65 "
                      + "from 288; effect: None",
                  quantity: Quantity(metric: ratio, value: 1.062, unit: "ratio", direction: .noChange), sourceSlug: "baert2014",
                  studySlug: "baert2014-motherhood"),
            Claim(slug: "lippens-baert-2014-ebd51b9b",
                  statement: "Baert (2014), Belgium: 'Same-sex marriage partner' applicants got 106 callbacks from 576 applications, "
                      + "'Non-LGB+ orientation' applicants 95 from 576; effect: None",
                  quantity: Quantity(metric: ratio, value: 1.116, unit: "ratio", direction: .noChange), sourceSlug: "baert2014",
                  studySlug: "baert2014-orientation"),
            Claim(slug: "lippens-kleykamp-2009-53668628",
                  statement: "Kleykamp (2009), United States of America: 'Black- or Hispanic-sounding name' applicants got 28 callbacks from 281 "
                      + "applications, 'Anglo-Saxon name' applicants 38 from 324; effect: None",
                  quantity: Quantity(metric: ratio, value: 0.85, unit: "ratio", direction: .noChange), sourceSlug: "kleykamp2009",
                  studySlug: "kleykamp2009-race"),
            Claim(slug: "lippens-kleykamp-2009-ac82c090",
                  statement: "Kleykamp (2009), United States of America: 'Military service' applicants got 55 callbacks from 934 applications, "
                      + "'No military service' applicants 65 from 934; effect: None",
                  quantity: Quantity(metric: ratio, value: 0.846, unit: "ratio", direction: .noChange), sourceSlug: "kleykamp2009",
                  studySlug: "kleykamp2009-military"),
            Claim(slug: "lippens-deng-et-al-2020-7dba95ea",
                  statement: "Deng et al. (2020), China: 'Low physical attractiveness' applicants got 1647 callbacks from 4946 applications, "
                      + "'High physical attractiveness' applicants 1924 from 4946; effect: Negative",
                  quantity: Quantity(metric: ratio, value: 0.856, unit: "ratio", direction: .decrease), sourceSlug: "deng2020",
                  studySlug: "deng2020-attractiveness"),
            Claim(slug: "lippens-busetta-et-al-2020-316ac1eb",
                  statement: "Busetta et al. (2020), Italy: 'Dark phenotype' applicants got 290 callbacks from 976 applications, 'Fair phenotype' "
                      + "applicants 544 from 976; effect: Negative",
                  quantity: Quantity(metric: ratio, value: 0.533, unit: "ratio", direction: .decrease), sourceSlug: "busetta2020",
                  studySlug: "busetta2020-phenotype"),
        ]
        return dataset
    }

    func check(_ text: String, in knowledgeBase: KnowledgeBase = Self.knowledgeBase) throws -> [CheckFinding] {
        try KBService(knowledgeBase).check([PageReader.page(text, name: "page.md")]).flatMap(\.findings)
    }

    func numbers(_ findings: [CheckFinding]) -> [CheckFinding] { findings.filter { $0.subject == .number } }

    // MARK: Item 1: "an 18% decline in …" is a decrease, "a 40% increase in …" an increase

    @Test func aChangesNounAfterItsNumberGivesItsSign() {
        for (text, sign) in [("an 18% decline in quality", ProseNumber.Sign.minus), ("an 18% reduction in quality", .minus),
                             ("an 18% decrease in quality", .minus), ("a 10.9% drop in callbacks", .minus), ("a 5% fall in pay", .minus),
                             ("a 5% cut in pay", .minus), ("a 5% loss in output", .minus), ("a 40% increase in time", .plus),
                             ("a 40% rise in time", .plus), ("a 4 pp gain in output", .plus), ("a 3% growth in jobs", .plus),
                             ("a 3% jump in sales", .plus), ("a callback rate of 10.9% of applications", .unstated), ("18% of growth", .unstated)] {
            #expect(NumberReader.numbers(in: text).first?.sign == sign, "\(text)")
        }
    }

    @Test func theSeedsChangesWithTheOppositeNounAreMismatches() throws {
        for sentence in ["Noy and Zhang (2023) found an 18% decline in writing quality.", "Noy and Zhang (2023) found an 18% reduction in writing quality.",
                         "Noy and Zhang (2023) found an 18% decrease in writing quality.", "Noy and Zhang (2023) found a 40% increase in writing time."] {
            let number = try #require(numbers(try check(sentence, in: Seeded.knowledgeBase)).first, "\(sentence)")
            #expect(number.verdict == .mismatch && number.message.contains("opposite"), "\(sentence): \(number.message)")
        }
        for sentence in ["Noy and Zhang (2023) found an 18% increase in writing quality.", "Noy and Zhang (2023) found a 40% reduction in writing time."] {
            let number = try #require(numbers(try check(sentence, in: Seeded.knowledgeBase)).first, "\(sentence)")
            #expect(number.verdict == .supported, "\(sentence): \(number.message)")
        }
    }

    @Test func aDropIsNotHeldToARate() throws {
        let drop = try #require(numbers(try check("Female applicants saw a 10.9% drop in callbacks (Oreopoulos, 2011).")).first)
        #expect(drop.verdict == .unsupported && drop.claim == "hausladen-oreopoulos-4438b8a0" && drop.message.hasSuffix("as a level, not a change"),
                "\(drop.message)")
        let rate = try #require(numbers(try check("Female applicants were called back at a rate of 10.9% (Oreopoulos, 2011).")).first)
        #expect(rate.verdict == .supported && rate.claim == "hausladen-oreopoulos-4438b8a0", "\(rate.message)")
    }

    // MARK: Item 3: a group's label is matched as whole words

    @Test func aLabelInsideAnotherLabelDoesNotNameIt() throws {
        let swapped = numbers(try check("Galarza and Yamada (2017): Male gender applicants got 291 callbacks from 2494 applications, "
            + "Female gender applicants 405 from 2494."))
        for text in ["291", "405"] {
            let number = try #require(swapped.first { $0.text == text })
            #expect(number.verdict == .mismatch, "\(text): \(number.message)")
        }
        let right = numbers(try check("Galarza and Yamada (2017): Female gender applicants got 291 callbacks from 2494 applications, "
            + "Male gender applicants 405 from 2494."))
        #expect(!right.isEmpty && right.allSatisfy { $0.verdict == .supported }, "\(right.map(\.message))")
        #expect(ClaimArms.contains("female gender applicants", words: "female gender"))
        #expect(!ClaimArms.contains("female gender applicants", words: "male gender"))
        #expect(ClaimArms.contains("for male gender applicants", words: "male gender"))
    }

    // MARK: Item 5: `weak` does not hide a mismatch

    @Test func aFailedReplicationDoesNotHideAnotherClaimsNumberOrTheOppositeSign() throws {
        let other = try #require(numbers(try check("Eagly and Wood (1999) found a correlation of -.62 between the Gender Empowerment Measure and "
            + "women's emphasis on a potential spouse's earning capacity (ranking data).")).first)
        #expect(other.verdict == .mismatch && other.claim == "fred-1-1" && other.message.contains("failed to replicate"), "\(other.message)")
        let sign = try #require(numbers(try check("Eagly and Wood (1999) found a correlation of .43 between the Gender Empowerment Measure and "
            + "women's emphasis on a spouse's earning capacity.")).first)
        #expect(sign.verdict == .mismatch && sign.claim == "fred-1-1" && sign.message.contains("opposite"), "\(sign.message)")
        #expect(sign.message.contains("failed to replicate"), "\(sign.message)")
        let right = try #require(numbers(try check("Eagly and Wood (1999) found a correlation of -.43 between the Gender Empowerment Measure and "
            + "women's emphasis on a spouse's earning capacity.")).first)
        #expect(right.verdict == .weak && right.claim == "fred-1-1", "\(right.message)")
    }

    // MARK: Item 12: the brief writes no float artefact, and no data point twice

    @Test func aFloatArtefactIsWrittenAsTheShortestDecimal() {
        #expect(FloatArtefacts.tidied("'Male gender' applicants 945.9999999999999 from 11000") == "'Male gender' applicants 946 from 11000")
        #expect(FloatArtefacts.tidied("got 312.99999999999994 callbacks") == "got 313 callbacks")
        #expect(FloatArtefacts.tidied("a rate of 0.30000000000000004") == "a rate of 0.3")
        #expect(FloatArtefacts.tidied("a ratio of 0.8494115949 and 10.92%") == "a ratio of 0.8494115949 and 10.92%")
        #expect(FloatArtefacts.tidied("pi is 3.14159265358979") == "pi is 3.14159265358979")
    }

    @Test func theTidiedNumberIsSupportedByTheStoredStatement() throws {
        let found = numbers(try check("Busetta et al. (2018): Female gender applicants got 564 callbacks from 11000 applications, "
            + "Male gender applicants 946 from 11000."))
        let number = try #require(found.first { $0.text == "946" })
        #expect(number.verdict == .supported && number.claim == "lippens-busetta-et-al-2018-034601fa", "\(number.message)")
    }
}

extension CheckTrial6Tests {
    /// Hausladen's extraction codes Neumark's 12.2% of 14091 twice, as '65' and as 'age 64–66':
    /// one data point, listed once; a row of another value or n stays.
    @Test func theBriefListsADataPointCodedTwiceOnce() {
        let source = Source(slug: "neumark", issued: nil)
        let study = Study(slug: "neumark-age", sourceSlug: "neumark", n: 14091)
        func row(_ label: String, _ value: Double, _ rate: String, n: Int = 14091) -> ClaimResult {
            let claim = Claim(slug: "hausladen-neumark-\(label)", statement: "In study 'neumark' (age), applicants signalling '\(label)' got callbacks "
                                  + "at a rate of \(rate)% of \(n) applications",
                              quantity: Quantity(metric: "callback rate", value: value, unit: "percent"), sourceSlug: "neumark", studySlug: study.slug)
            var held = study
            held.n = n
            return ClaimResult(rank: 0, score: 0, relevance: 0, claim: claim, source: source, study: held, strength: 0, grade: .high,
                               isRetracted: false, why: [])
        }
        let rows = [row("65", 12.16, "12.2"), row("age 64–66", 12.16, "12.2"), row("50", 15.4, "15.4", n: 12731), row("age 64–66", 17.22, "17.2", n: 7184)]
        #expect(BriefWriter.distinct(rows).map(\.claim.statement) == [rows[0], rows[2], rows[3]].map(\.claim.statement))
    }
}

extension CheckTrial6Tests {
    // MARK: Items 7 and 11: a count is a claim's base only when the page writes it as a sample or a base

    @Test func aCountTheClaimWritesAsItsBaseIsNotSupportedAsAnotherCount() throws {
        let replies = try #require(numbers(try check("Baert (2014) recorded 576 employer replies.")).first)
        #expect(replies.verdict == .unsupported && replies.claim?.hasPrefix("lippens-baert-2014") == true && replies.message.contains("holds 576"),
                "\(replies.message)")
        for (sentence, text) in [("Baert (2014) sent 576 applications.", "576"), ("Baert (2014): same-sex marriage partner applicants got 106 callbacks "
                                    + "from 576 applications, non-LGB+ orientation applicants 95 from 576.", "95")] {
            let number = try #require(numbers(try check(sentence)).first { $0.text == text }, "\(sentence)")
            #expect(number.verdict == .supported, "\(sentence): \(number.message)")
        }
    }

    @Test func moreSampleNounsMakeACountTheSamplesSize() throws {
        for sentence in ["Noy and Zhang (2023) recruited 453 writers.", "Noy and Zhang (2023) recruited 453 professionals.",
                         "Noy and Zhang (2023) recruited 453 job seekers."] {
            let number = try #require(numbers(try check(sentence, in: Seeded.knowledgeBase)).first, "\(sentence)")
            #expect(number.verdict == .supported, "\(sentence): \(number.message)")
        }
        let callbacks = try #require(numbers(try check("Noy and Zhang (2023) counted 453 replies.", in: Seeded.knowledgeBase)).first)
        #expect(callbacks.verdict == .unsupported, "\(callbacks.message)")
    }

    // MARK: Item 10: an uncited paragraph is not held to the next paragraph's citation

    @Test func anUncitedSentenceIsNotHeldToACitationAcrossABlankLine() throws {
        let page = "In a Belgian study, mothers got 69 callbacks from 288 applications.\n\n"
            + "Galarza and Yamada (2017): female gender applicants got 291 callbacks from 2494 applications."
        let found = numbers(try check(page)).filter { $0.line == 1 }
        #expect(found.count == 2 && found.allSatisfy { $0.verdict == .supported && $0.claim == "lippens-baert-2014-4213326d" },
                "\(found.map(\.message))")
        #expect(found.allSatisfy { $0.message.contains("cites no source") }, "\(found.map(\.message))")
    }
}

extension CheckTrial6Tests {
    // MARK: Item 6: a ratio or an n after a comma or semicolon is held to the counts before it

    @Test func anNAfterACommaIsHeldToTheCountsBeforeIt() throws {
        let wrong = numbers(try check("Kleykamp (2009): military service applicants got 55 callbacks from 934 applications, n = 605."))
        let n = try #require(wrong.first { $0.text == "n = 605" })
        #expect(n.verdict == .mismatch && n.claim == "lippens-kleykamp-2009-ac82c090", "\(n.message)")
        for sentence in ["Kleykamp (2009): military service applicants got 55 callbacks from 934 applications, n = 1868.",
                         "Kleykamp (2009): military service applicants got 55 callbacks from 934 applications; the callback ratio was 0.846.",
                         "Kleykamp (2009): military service applicants got 55 callbacks from 934 applications, a ratio of 0.846."] {
            let found = numbers(try check(sentence))
            #expect(found.count == 3 && found.allSatisfy { $0.verdict == .supported && $0.claim == "lippens-kleykamp-2009-ac82c090" },
                    "\(sentence): \(found.map(\.message))")
        }
        let ratio = try #require(numbers(try check("Kleykamp (2009): military service applicants got 55 callbacks from 934 applications; "
            + "the callback ratio was 0.850.")).first { $0.text == "0.850" })
        #expect(ratio.verdict == .mismatch && ratio.claim == "lippens-kleykamp-2009-ac82c090", "\(ratio.message)")
    }
}

extension CheckTrial6Tests {
    /// A base after "from" stays a base when the count before it reads like a year ("1924 from 4946").
    @Test func aBaseAfterAYearLikeCountIsStillABase() throws {
        let found = numbers(try check("Deng (2020): low physical attractiveness applicants got 1647 callbacks from 4946 applications, "
            + "high physical attractiveness applicants 1924 from 4946."))
        #expect(found.count { $0.text == "4946" } == 2 && found.allSatisfy { $0.verdict == .supported }, "\(found.map(\.message))")
    }
}

extension CheckTrial6Tests {
    // MARK: Item 8: "et al." with a year between two of the author's works

    @Test func aYearBetweenTwoWorksIsAYearMismatchNamingBoth() throws {
        let found = try check("Busetta et al. (2019) found a callback ratio of 0.533 for dark phenotype applicants.")
        let citation = try #require(found.first { $0.subject == .citation })
        #expect(citation.verdict == .mismatch && citation.message.contains("busetta2018 (2018)") && citation.message.contains("busetta2020 (2020)"),
                "\(citation.message)")
        let number = try #require(numbers(found).first)
        #expect(number.source == "busetta2020" && !number.message.contains("cites no source"), "\(number.message)")
    }
}
