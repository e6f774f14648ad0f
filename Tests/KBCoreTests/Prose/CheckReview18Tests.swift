import Foundation
import Testing
@testable import KBCore
@testable import KBProse
import KBDomain

/// Review 18 and trial 11 on `kb check` (issue 17): swapped group labels under a citation of
/// two same-year works, a label before the number, the namesakes behind an earlier line's
/// citation, a year suffix naming no work.
struct CheckReview18Tests: ChecksPages {
    func findings(_ page: String, in knowledgeBase: KnowledgeBase) throws -> [CheckFinding] {
        try KBService(knowledgeBase).check([PageReader.page(page, name: "page.md")]).flatMap(\.findings)
    }

    /// Drydakis's two works of 2017 as the Lippens register holds them: drydakis2017 with a
    /// ratio of its own, drydakis2017b with a gender and an age comparison, each with its arms.
    static let drydakis = KnowledgeBase.fixture("drydakis fixture KB") { dataset in
        dataset.sources = [("drydakis2017", 2017), ("drydakis2017b", 2017), ("drydakis2009", 2009)].map { slug, year in
            Source(slug: slug, type: "document", issued: PartialDate(year: year), contributors: [Contributor(family: "Drydakis", given: nil)])
        }
        dataset.studies = [Study(slug: "drydakis2017-study", sourceSlug: "drydakis2017", n: 500),
                           Study(slug: "drydakis2017b-gender", sourceSlug: "drydakis2017b", n: 1836),
                           Study(slug: "drydakis2017b-age", sourceSlug: "drydakis2017b", n: 3672),
                           Study(slug: "drydakis2009-study", sourceSlug: "drydakis2009", n: 3428)]
        let uk = "Drydakis et al. (2017), United Kingdom of Great Britain and Northern Ireland: "
        dataset.claims = [
            Claim(slug: "drydakis2017-ratio", statement: "Drydakis (2017), Greece: 'Gay' applicants got 40 callbacks from 250 applications, "
                    + "'Straight' applicants 80 from 250; effect: Negative",
                  quantity: Quantity(metric: "callback-rate ratio (treatment ÷ control)", value: 0.5, unit: "ratio"),
                  sourceSlug: "drydakis2017", studySlug: "drydakis2017-study"),
            Claim(slug: "drydakis2017b-gender", statement: uk + "'Female gender' applicants got 287 callbacks from 942 applications, "
                    + "'Male gender' applicants 385 from 894; effect: Negative",
                  quantity: Quantity(metric: "callback-rate ratio (treatment ÷ control)", value: 0.707, unit: "ratio"),
                  sourceSlug: "drydakis2017b", studySlug: "drydakis2017b-gender"),
            Claim(slug: "drydakis2017b-age", statement: uk + "'Age 50' applicants got 222 callbacks from 1836 applications, "
                    + "'Age 28' applicants 566 from 1836; effect: Negative",
                  quantity: Quantity(metric: "callback-rate ratio (treatment ÷ control)", value: 0.392, unit: "ratio"),
                  sourceSlug: "drydakis2017b", studySlug: "drydakis2017b-age"),
            Claim(slug: "drydakis2009-lgb", statement: "Drydakis (2009), Greece: 'LGB+ organisation affiliation' applicants got 239 callbacks "
                    + "from 1714 applications, 'No LGB+ organisation affiliation' applicants 687 from 1714; effect: Negative",
                  quantity: Quantity(metric: "callback-rate ratio (treatment ÷ control)", value: 0.348, unit: "ratio"),
                  sourceSlug: "drydakis2009", studySlug: "drydakis2009-study"),
        ]
    }

    // MARK: M5 / trial 11 B2: swapped labels

    @Test func twoWholeLabelsInOneClauseNameNeitherSoASwapIsNotSupported() throws {
        for suffix in ["", "b"] {
            let swapped = try numbers("Drydakis et al. (2017\(suffix)) found 'Male gender' applicants got 287 callbacks from 942 applications "
                                      + "and 'Female gender' applicants 385 from 894.", in: Self.drydakis)
            #expect(swapped.count == 4 && swapped.allSatisfy { $0.verdict != .supported }, "\(describe(swapped))")
            let right = try numbers("Drydakis et al. (2017\(suffix)) found 'Female gender' applicants got 287 callbacks from 942 applications "
                                    + "and 'Male gender' applicants 385 from 894.", in: Self.drydakis)
            #expect(right.count == 4 && right.allSatisfy { $0.verdict == .supported && $0.claim == "drydakis2017b-gender" }, "\(describe(right))")
        }
        let bare = try numbers("Drydakis et al. (2017) found Male gender applicants got 287 callbacks and Female gender applicants 385.", in: Self.drydakis)
        #expect(bare.count == 2 && bare.allSatisfy { $0.verdict != .supported }, "\(describe(bare))")
        let bareRight = try numbers("Drydakis et al. (2017) found Female gender applicants got 287 callbacks and Male gender applicants 385.", in: Self.drydakis)
        #expect(bareRight.count == 2 && bareRight.allSatisfy { $0.verdict == .supported }, "\(describe(bareRight))")
    }

    @Test func aCountAndItsBaseWhoseGroupThePageDoesNotNameIsNotSupported() throws {
        let swapped = try numbers("Drydakis et al. (2017): older applicants got 566 callbacks from 1836 applications, younger ones 222 from 1836.",
                                  in: Self.drydakis)
        #expect(!swapped.contains { $0.verdict == .supported && ["566", "222"].contains($0.text) }, "\(describe(swapped))")
        let right = try numbers("Drydakis et al. (2017): 'Age 28' applicants got 566 callbacks from 1836 applications, 'Age 50' ones 222 from 1836.",
                                in: Self.drydakis)
        #expect(right.count == 3 && right.allSatisfy { $0.verdict == .supported }, "\(describe(right))")
    }

    @Test func armsThatDifferOnlyByNoAreNamedByAWordThatDenies() throws {
        let right = try numbers("Drydakis (2009) reports that applicants listing an LGB+ organisation affiliation got 239 callbacks out of 1714 "
                                + "applications, against 687 out of 1714 for those without one.", in: Self.drydakis)
        #expect(right.count == 4 && right.allSatisfy { $0.verdict == .supported }, "\(describe(right))")
        let swapped = try numbers("Drydakis (2009) found applicants without an LGB+ affiliation got 239 callbacks from 1714 applications.", in: Self.drydakis)
        #expect(swapped.first { $0.text == "239" }?.verdict == .unsupported, "\(describe(swapped))")
        let unnamed = try numbers("Drydakis (2009) found gay applicants got 687 callbacks from 1714 applications, straight ones 239 from 1714.",
                                  in: Self.drydakis)
        #expect(unnamed.filter { ["687", "239"].contains($0.text) }.allSatisfy { $0.verdict == .unsupported }, "\(describe(unnamed))")
    }

    /// Trial 11, B6: "In Greece, Drydakis et al. (2017)": the place is not an author, so a work
    /// about the UK is held to it.
    @Test func aPlaceBeforeTheCitationsCommaIsThePagesPlace() throws {
        let greece = try numbers("In Greece, Drydakis et al. (2017b) found 'Age 50' applicants got 222 callbacks from 1836 applications.", in: Self.drydakis)
        #expect(greece.first { $0.text == "222" }?.verdict == .unsupported, "\(describe(greece))")
        let uk = try numbers("In the UK, Drydakis et al. (2017b) found 'Age 50' applicants got 222 callbacks from 1836 applications.",
                             in: Self.drydakis)
        #expect(uk.first { $0.text == "222" }?.verdict == .supported, "\(describe(uk))")
        #expect(PageChecker.countriesNamed(in: "England, Lee and Park (2010) found it", authors: ["lee"]).isEmpty)
    }

    // MARK: M4 and m2: a label before the number, the number's own place

    @Test func aLabelBeforeTheNumberCountsUnlessItsOwnPhraseNamesAGroup() throws {
        for line in ["Kroft et al. (2013): employed applicants were called back at 4.3% for the whole period.",
                     "Kroft et al. (2013): for employed applicants the rate was 4.3% for the whole period."] {
            let found = try numbers(line, in: CheckTrial10Tests.kroft)
            #expect(found.count == 1 && found[0].verdict == .mismatch && found[0].claim == "hausladen-kroft-8e19ecfe", "\(describe(found))")
        }
        let right = try numbers("Kroft et al. (2013): callback rates fell from 5.6% for employed applicants to 4.3% for those unemployed for 18 months or more.",
                                in: CheckTrial10Tests.kroft)
        #expect(right.count == 2 && right.allSatisfy { $0.verdict == .supported }, "\(describe(right))")
    }

    @Test func aNumbersPhraseIsFoundAtItsOwnPlaceNotByItsText() throws {
        let found = try numbers("Kroft et al. (2013): callback rates fell from 14.3% for employed applicants to 4.3% for those unemployed for 18 months or more.",
                                in: CheckTrial10Tests.kroft)
        #expect(found.first { $0.text == "4.3%" }?.verdict == .supported, "\(describe(found))")
        let clause = "from 4.3% for employed applicants to 4.3% for those unemployed for 18 months"
        #expect(PageChecker.ownPhrase(of: "4.3%", at: 37, in: clause, labels: ["employed"]) == "from 4.3% to 4.3% for those unemployed for 18 months")
    }

    // MARK: M1 and M2: namesakes behind an earlier line's citation; a suffix naming no work

    @Test func anEarlierLinesCitationOfTwoWorksNamesNeither() throws {
        let page = "Drydakis et al. (2017) ran a test in the UK.\nOlder applicants were called back 12% less often."
        let checked = try KBService(Self.drydakis).check([PageReader.page(page, name: "page.md")])
        let number = try #require(checked.flatMap(\.findings).first { $0.subject == .number })
        #expect(number.verdict == .unsupported && number.source == nil && number.message.contains("drydakis2017 or drydakis2017b"), "\(number.message)")
        #expect(ClaimEmitter.yaml(checked).contains("source: drydakis2017") == false, "\(ClaimEmitter.yaml(checked))")
        // The earlier line's citation still credits a number one of the works states.
        let right = try numbers("Drydakis et al. (2017) ran a test in the UK.\nThe callback ratio was 0.392.", in: Self.drydakis)
        #expect(right.count == 1 && right[0].verdict == .supported && right[0].claim == "drydakis2017b-age", "\(describe(right))")
    }

    @Test func aYearSuffixNoWorkTakesIsAnUnknownCitationNamingTheSuffixes() throws {
        let found = try findings("Drydakis et al. (2017c) found a callback ratio of 0.392 for 50-year-olds.", in: Self.drydakis)
        let citation = try #require(found.first { $0.subject == .citation })
        #expect(citation.verdict == .unknownCitation && citation.message.contains("a, b"), "\(citation.message)")
        // Its number is matched by its words, as a number whose citation the KB lacks: no work is credited.
        #expect(!found.contains { $0.subject == .number && $0.source != nil }, "\(describe(found))")
        let checked = try KBService(Self.drydakis).check([PageReader.page("Drydakis et al. (2017c) found a callback ratio of 0.392.", name: "page.md")])
        #expect(ClaimEmitter.yaml(checked).contains("source: drydakis2017") == false, "\(ClaimEmitter.yaml(checked))")
        let picked = try numbers("Drydakis et al. (2017b) found a callback ratio of 0.392 for 50-year-olds.", in: Self.drydakis)
        #expect(picked.count == 1 && picked[0].verdict == .supported, "\(describe(picked))")
    }

    // MARK: M3 / trial 11 B3: attribution by sentence

    func ninety(_ page: String) throws -> CheckFinding {
        try #require(try numbers(page, in: Seeded.knowledgeBase).first { $0.text == "90%" })
    }

    @Test func aSentenceThatOnlyCitesCoversTheOneBeforeWrappedOrNot() throws {
        for page in ["ChatGPT cut writing time by 90%. Noy and Zhang (2023) ran the experiment.",
                     "ChatGPT cut writing time by 90%.\nNoy and Zhang (2023) ran the experiment.",
                     "ChatGPT cut writing time by 90%. See Noy and Zhang (2023).",
                     "ChatGPT cut writing time by 90%. **Noy and Zhang (2023)** ran it.",
                     "ChatGPT cut writing time by 90%; quality rose 18%. Noy and Zhang (2023) ran it.",
                     "Noy and Zhang (2023) ran a trial with professionals.\nChatGPT cut writing time by 90%. The WEF (2025) forecasts 170 million new roles."] {
            let found = try ninety(page)
            #expect(found.verdict == .mismatch && found.claim == "noy2023-writing-time", "\(page): \(found.verdict) \(found.message)")
        }
        // The right number in the same shapes stays supported.
        let right = try #require(try numbers("ChatGPT cut writing time by 40%. See Noy and Zhang (2023).", in: Seeded.knowledgeBase).first)
        #expect(right.verdict == .supported, "\(right.message)")
        // A sentence so covered gives `--emit-claims` nothing to add.
        let checked = try KBService(Seeded.knowledgeBase).check([PageReader.page("ChatGPT cut writing time by 90%. See Noy and Zhang (2023).", name: "page.md")])
        #expect(!ClaimEmitter.yaml(checked).contains("90"), "\(ClaimEmitter.yaml(checked))")
    }

    @Test func aCitationOpeningASentenceOfItsOwnNumbersLeavesTheOneBeforeWrappedOrNot() throws {
        for page in ["ChatGPT cut writing time by 90%. Noy and Zhang (2023) found that it raised quality by 18%.",
                     "ChatGPT cut writing time by 90%.\nNoy and Zhang (2023) found that it raised quality by 18%.",
                     "ChatGPT cut writing time by 90%. As Noy and Zhang (2023) show, quality rose 18%.",
                     "ChatGPT cut writing time by 90%. According to Noy and Zhang (2023), quality rose 18%."] {
            let found = try ninety(page)
            #expect(found.verdict == .unsupported && found.source == nil && found.message.contains("cited after it"), "\(page): \(found.verdict) \(found.message)")
        }
        #expect(PageChecker.lead(before: 5, in: "See Noy and Zhang (2023).", from: 1) == .refers)
        #expect(PageChecker.lead(before: 14, in: "As Noy and Zhang (2023) show", from: 1) == .opens)
        // Review 19, M4: the sentence's structure decides, not a lead-in word list: a citation
        // before every number of its sentence opens it, one after a number does not.
        #expect(PageChecker.lead(before: 20, in: "In a large trial, Noy and Zhang (2023) found", from: 1) == .opens)
        #expect(PageChecker.lead(before: 27, in: "In a trial of 453 writers, Noy and Zhang (2023) found", from: 1) == .within)
    }

    // MARK: Trial 11, B4 and B5: sample sizes in words

    @Test func aSampleOfNPeopleIsASampleSize() throws {
        let wrong = try numbers("ChatGPT raised output quality by 18% (Noy & Zhang, 2023), in a sample of 45 people.", in: Seeded.knowledgeBase)
        let n = try #require(wrong.first { $0.text == "45" }, "\(describe(wrong))")
        #expect(n.number?.kind == .sampleSize && n.verdict == .mismatch && n.expected?.contains("453") == true, "\(n.message)")
        let right = try numbers("ChatGPT raised output quality by 18% (Noy & Zhang, 2023), in a sample of 453 people.", in: Seeded.knowledgeBase)
        #expect(right.first { $0.text == "453" }?.verdict == .supported, "\(describe(right))")
        #expect(NumberReader.numbers(in: "a sample of 45 people").first?.kind == .sampleSize)
        // A small count elsewhere stays unread.
        #expect(NumberReader.numbers(in: "the 45 people in the room").isEmpty)
    }

    @Test func aSampleDescribedBeforeItsNounIsTheStudysN() throws {
        let right = try numbers("In an experiment with 453 college-educated professionals, ChatGPT cut writing time by about 40% and raised output "
                                + "quality by 18% (Noy & Zhang, 2023).", in: Seeded.knowledgeBase)
        #expect(right.first { $0.text == "453" }?.verdict == .supported, "\(describe(right))")
        let wrong = try numbers("In an experiment with 444 college-educated professionals, ChatGPT cut writing time by about 40% (Noy & Zhang, 2023).",
                                in: Seeded.knowledgeBase)
        #expect(wrong.first { $0.text == "444" }?.verdict == .mismatch, "\(describe(wrong))")
        #expect(!PageChecker.countsSample(try #require(NumberReader.numbers(in: "got 453 of the professionals' callbacks").first),
                                          in: "got 453 of the professionals' callbacks"))
    }

    // MARK: Minors m1, m6, m3

    /// m1: a gapped number takes the direction of a change written "40 percent", "40 per cent".
    @Test func aGappedPercentWordTakesTheDirectionBefore() throws {
        for unit in ["percent", "per cent"] {
            let found = try numbers("Noy and Zhang (2023) found that time fell 40 \(unit) and quality 18 \(unit).", in: Seeded.knowledgeBase)
            #expect(found.first { $0.text == "18 \(unit)" }?.verdict == .unsupported, "\(describe(found))")
            let right = try numbers("Noy and Zhang (2023) found that time fell 40 \(unit) and quality rose 18 \(unit).", in: Seeded.knowledgeBase)
            #expect(right.count == 2 && right.allSatisfy { $0.verdict == .supported }, "\(describe(right))")
        }
    }

    /// m6: the lexicon's verb with another object is no sign mismatch.
    @Test func aSignMismatchNeedsTheSentenceToNameTheClaim() throws {
        let other = try #require(try numbers("Noy and Zhang (2023) found that ChatGPT expanded the sample of writers by 40%.", in: Seeded.knowledgeBase).first)
        #expect(other.verdict == .unsupported, "\(other.message)")
        let named = try #require(try numbers("Noy and Zhang (2023) found that ChatGPT lifted writing time by 40%.", in: Seeded.knowledgeBase).first)
        #expect(named.verdict == .mismatch && named.claim == "noy2023-writing-time", "\(named.message)")
        let output = try numbers("Noy and Zhang (2023) found ChatGPT made writers 40% faster and their output 18% worse.", in: Seeded.knowledgeBase)
        #expect(output.first { $0.text == "18%" }?.verdict == .mismatch, "\(describe(output))")
    }

    /// m3: a number of a citation that fits two works is not emitted, with or without a source.
    @Test func anAmbiguousCitationsNumberIsNotEmitted() throws {
        let checked = try KBService(Self.drydakis).check([PageReader.page("Drydakis et al. (2017) found older applicants were called back 12% less often.",
                                                                          name: "page.md")])
        let number = try #require(checked.flatMap(\.findings).first { $0.subject == .number })
        #expect(number.heldAs == .namesakes, "\(number.message)")
        let yaml = ClaimEmitter.yaml(checked)
        #expect(yaml.contains("claims: []") && yaml.contains("Not emitted: page.md:1:64 12% (its citation fits several works"), "\(yaml)")
    }
}
