import Foundation
import Testing
@testable import KBCore
@testable import KBProse
import KBDomain

/// Review 14's findings on `kb check` (issue 17), and trial 8's false verdicts: an implied sign
/// read only from the number's own clause (M1), "by" decisive across a hedge (M2), a change of
/// unread direction (m3). On the seeds (Noy and Zhang: writing time −40%, quality +18%) and on
/// trial 6's small KB (Oreopoulos: a female callback rate of 10.92%).
struct CheckReview14Tests {
    func check(_ text: String, in knowledgeBase: KnowledgeBase) throws -> [CheckFinding] {
        try KBService(knowledgeBase).check([PageReader.page(text, name: "page.md")]).flatMap(\.findings)
    }

    func numbers(_ sentence: String, in knowledgeBase: KnowledgeBase = Seeded.knowledgeBase) throws -> [CheckFinding] {
        try check(sentence, in: knowledgeBase).filter { $0.subject == .number }
    }

    // MARK: M1: the implied sign is the number's own

    @Test func aRightSentenceWithAnotherNumbersDirectionWordStaysSupported() throws {
        // "quality rose 18% and time 40%" reads time as rising too, loosely (review 15, M3).
        for sentence in ["Noy and Zhang (2023) found that quality rose 18% and time fell 40%.",
                         "Noy and Zhang (2023) found quality rose 18% and writing time fell 40%.",
                         "Noy and Zhang (2023) found, despite fears of lower quality, an 18% quality gain.",
                         "Noy and Zhang (2023) found that lower-skilled writers saw quality gains of 18%."] {
            let found = try numbers(sentence)
            #expect(!found.isEmpty && found.allSatisfy { $0.verdict == .supported }, "\(sentence): \(found.map { "\($0.verdict) \($0.message)" })")
        }
    }

    @Test func theSignStopsAtTheNumberBeforeAndAComparativeBeforeItsNounSaysNone() throws {
        let two = NumberReader.numbers(in: "quality rose 18% and time fell 40%")
        #expect(two.map(\.sign) == [.plus, .minus])
        #expect(try #require(NumberReader.numbers(in: "despite fears of lower quality, an 18% quality gain").first).sign == .plus)
        #expect(try #require(NumberReader.numbers(in: "fears of lower quality, 18% overall").first).sign == .unstated)
        // A comparative right before "by" still says its direction.
        #expect(try #require(NumberReader.numbers(in: "quality was lower by 18%").first).sign == .minus)
    }

    /// A direction across a comma, or a number not written as a change, is only implied: a
    /// disagreement is `unsupported`, never an error-level `mismatch`; in change form in its own
    /// clause it stays a mismatch.
    @Test func anOnlyImpliedOppositeSignIsUnsupported() throws {
        for sentence in ["Noy and Zhang (2023) found that time dropped and quality went up, by 40% and 18%.",
                         "Noy and Zhang (2023) found that ChatGPT increased writing time, about 40% overall."] {
            let found = try #require(try numbers(sentence).first)
            #expect(found.verdict == .unsupported && found.message.contains("only implied"), "\(sentence): \(found.verdict) \(found.message)")
        }
        let strict = try #require(try numbers("Noy and Zhang (2023) found that ChatGPT increased writing time by about 40%.").first)
        #expect(strict.verdict == .mismatch && strict.message.contains("opposite"), "\(strict.message)")
    }

    // MARK: M2: "by" decides across a hedge

    @Test func byAcrossAHedgeIsAChange() throws {
        for text in ["cut callbacks by up to 40%", "cut callbacks by close to 40%", "cut callbacks by as much as 40%",
                     "cut callbacks by at least 40%", "cut callbacks by at most 40%", "cut callbacks by an estimated 40%",
                     "cut callbacks by a full 40%", "cut callbacks by a striking 40%", "cut callbacks by well over 40%",
                     "cut callbacks by approximately 40%"] {
            let read = try #require(NumberReader.numbers(in: text).first, "\(text)")
            #expect(read.isChange && read.sign == .minus, "\(text): \(read.sign) \(read.isChange)")
        }
        for text in ["rose to 40%", "cut by half to 40%", "stood at close to 40%"] {
            let read = try #require(NumberReader.numbers(in: text).first, "\(text)")
            #expect(!read.isChange && read.sign == .unstated, "\(text)")
        }
    }

    @Test func aHedgedWrongDirectionIsAMismatchAndAHedgedChangeIsNotALevel() throws {
        for sentence in ["Noy and Zhang (2023) found that ChatGPT increased writing time by up to 40%.",
                         "Noy and Zhang (2023) found that ChatGPT increased writing time by close to 40%."] {
            let found = try #require(try numbers(sentence).first)
            #expect(found.verdict == .mismatch, "\(sentence): \(found.verdict) \(found.message)")
        }
        let right = try #require(try numbers("Noy and Zhang (2023) found that ChatGPT cut writing time by up to 40%.").first)
        #expect(right.verdict == .supported, "\(right.message)")
        for hedge in ["up to", "an estimated", "a full", "as much as", "close to", "at least", "a striking"] {
            let sentence = "Being female cut callbacks by \(hedge) 10.9% (Oreopoulos, 2011)."
            let found = try #require(try numbers(sentence, in: CheckTrial6Tests.knowledgeBase).first)
            #expect(found.verdict == .unsupported && found.message.contains("as a level, not a change"), "\(sentence): \(found.verdict) \(found.message)")
        }
        let level = try #require(try numbers("Female applicants were called back at a rate of close to 10.9% (Oreopoulos, 2011).",
                                             in: CheckTrial6Tests.knowledgeBase).first)
        #expect(level.verdict == .supported, "\(level.message)")
    }

    // MARK: m3: a direction not read, and more comparatives

    @Test func aChangeOfUnreadDirectionIsUnsupported() throws {
        let found = try #require(try numbers("Noy and Zhang (2023) found that ChatGPT shifted writing time by 40%.").first)
        #expect(found.verdict == .unsupported && found.message.contains("which way"), "\(found.verdict) \(found.message)")
        // The verb far before "by" is still read.
        let far = try #require(try numbers("Access to ChatGPT cut the time professionals took on writing tasks by 40% (Noy & Zhang, 2023).").first)
        #expect(far.verdict == .supported, "\(far.message)")
    }

    @Test func poorerAndWeakerSayADecrease() throws {
        for sentence in ["Noy and Zhang (2023) found writing quality was 18% poorer.", "Noy and Zhang (2023) found writing quality was 18% weaker."] {
            let found = try #require(try numbers(sentence).first)
            #expect(found.verdict == .mismatch, "\(sentence): \(found.verdict) \(found.message)")
        }
    }

    // MARK: M3, m1, m2: places and authors

    @Test func aCountryNextToAnotherIsKeptAndAuthorsComeFromTheCitation() {
        #expect(PageChecker.countriesNamed(in: "In Peru and Israel, obese applicants got 362 callbacks.") == ["Peru", "Israel"])
        #expect(PageChecker.countriesNamed(in: "In Peru and Hong Kong, rates fell.") == ["Peru", "Hong Kong"])
        #expect(PageChecker.countriesNamed(in: "In Peru and The Gambia, rates fell.") == ["Peru", "Gambia"])
        #expect(PageChecker.countriesNamed(in: "for female applicants in Korea.") == ["South Korea"])
        #expect(PageChecker.countriesNamed(in: "a study in North Korea") == ["North Korea"])
        #expect(PageChecker.countriesNamed(in: "In Peru and Holland, rates fell.") == ["Peru", "Netherlands"])
        // Authors: a year or "et al." after the list, or a cited author among its names.
        #expect(PageChecker.countriesNamed(in: "as Lee and England (2019) found").isEmpty)
        #expect(PageChecker.countriesNamed(in: "as England, Lee and Park et al. found").isEmpty)
        #expect(PageChecker.countriesNamed(in: "as Lee and England had found before", authors: ["lee"]).isEmpty)
        #expect(PageChecker.countriesNamed(in: "as Lee, England and Park had found before", authors: ["park"]).isEmpty)
        // Without either, the place is read: unsure is `unsupported`, not `supported`.
        #expect(PageChecker.countriesNamed(in: "as England and Lee had found before") == ["United Kingdom"])
    }

    @Test func usInAnAllCapsRunIsAWord() {
        #expect(PageChecker.countriesNamed(in: "OBESE APPLICANTS GOT 362 CALLBACKS FROM 976 APPLICATIONS, HELP US (Busetta et al., 2020).").isEmpty)
        #expect(PageChecker.countriesNamed(in: "US firms gave obese applicants 362 callbacks.") == ["United States"])
        #expect(PageChecker.countriesNamed(in: "Firms in the US and UK agree.") == ["United States", "United Kingdom"])
    }

    @Test func aNumberForAnotherCountryNamedNextToOneIsUnsupported() throws {
        for place in ["Peru and Israel", "Peru and Korea", "Holland", "Peru and Hong Kong"] {
            let sentence = "In \(place), dark phenotype applicants got 290 callbacks from 976 applications (Busetta et al., 2020)."
            let found = try numbers(sentence, in: CheckTrial6Tests.knowledgeBase)
            #expect(!found.isEmpty && found.allSatisfy { $0.verdict == .unsupported }, "\(sentence): \(found.map { "\($0.verdict) \($0.message)" })")
        }
        let italy = try numbers("In Italy, dark phenotype applicants got 290 callbacks from 976 applications (Busetta et al., 2020).", in: CheckTrial6Tests.knowledgeBase)
        #expect(!italy.isEmpty && italy.allSatisfy { $0.verdict == .supported }, "\(italy.map(\.message))")
    }

    // MARK: Trial 8, bug 10: one shared word does not outweigh the clause

    @Test func oneWordOfAnotherClaimDoesNotOutweighTheClause() throws {
        for sentence in ["Indeed Hiring Lab (2025): ~2,900 skills, 41% highly exposed.",
                         "Indeed Hiring Lab (2025) found that of roughly 2,900 skills, 41% are highly exposed to GenAI."] {
            let found = try #require(try numbers(sentence).first { $0.text == "41%" })
            #expect(found.verdict == .supported, "\(sentence): \(found.verdict) \(found.message)")
        }
        // The postings claim's own words still make 41% a swap.
        let swapped = try #require(try numbers("Indeed Hiring Lab (2025) found that 41% of jobs posted in the past year are likely to be highly transformed by GenAI.").first)
        #expect(swapped.verdict == .mismatch && swapped.message.contains("indeed2025-postings-transformed"), "\(swapped.message)")
    }

    // MARK: Trial 8, bug 8: numbered references

    static let numberedPage = """
        ChatGPT cut writing time by 40% [1].

        ## References

        1. Noy, S., & Zhang, W. (2023). Experimental evidence on the productivity effects of generative artificial intelligence. Science, 381(6654), 187–192.
        2. Zhang, W., & Noy, S. (2024). A paper the KB lacks. Nature, 1(2), 3–4.
        """

    @Test func aMarkerCitesItsEntryAndAnotherPaperOfTheAuthorsIsUnknown() throws {
        let found = try check(Self.numberedPage, in: Seeded.knowledgeBase)
        let marker = try #require(found.first { $0.subject == .citation && $0.text == "[1]" }, "\(found.map(\.message))")
        #expect(marker.verdict == .supported && marker.source == "noy2023experimental")
        let number = try #require(found.first { $0.subject == .number && $0.line == 1 })
        #expect(number.verdict == .supported && !number.message.contains("cites no source"), "\(number.message)")
        let other = try #require(found.first { $0.subject == .citation && $0.line == 6 })
        #expect(other.verdict == .unknownCitation, "\(other.verdict) \(other.message)")
        // The right entry stays supported.
        #expect(found.first { $0.subject == .citation && $0.line == 5 }?.verdict == .supported)
    }

    // MARK: Trial 8, bug 3: a count written as a sample

    @Test func aCallbackCountWrittenAsASampleIsHeldToTheStudysN() throws {
        for sentence in ["Busetta et al. (2020) sent 544 applications.", "Busetta et al. (2020) studied 290 participants.",
                         "Busetta et al. (2020) tested 290 dark phenotype applicants.", "Busetta et al. (2020) recruited 544 women."] {
            let found = try #require(try numbers(sentence, in: CheckTrial6Tests.knowledgeBase).first, "\(sentence)")
            #expect(found.verdict == .mismatch && found.expected == "n = 1952", "\(sentence): \(found.verdict) \(found.message)")
        }
        for sentence in ["Busetta et al. (2020) sent 976 applications to each group.", "Busetta et al. (2020) sent 1952 applications.",
                         "Busetta et al. (2020): dark phenotype applicants got 290 callbacks from 976 applications."] {
            let found = try numbers(sentence, in: CheckTrial6Tests.knowledgeBase)
            #expect(!found.isEmpty && found.allSatisfy { $0.verdict == .supported }, "\(sentence): \(found.map { "\($0.verdict) \($0.message)" })")
        }
    }

    // MARK: Trial 8, bug 1: swapped groups without a base

    @Test func aCountWithoutItsBaseIsHeldToTheGroupItsClauseNames() throws {
        let kb = CheckTrial6Tests.knowledgeBase
        let labels = try numbers("Galarza and Yamada (2017): 'Male gender' applicants got 291 callbacks, 'Female gender' applicants 405.", in: kb)
        #expect(labels.count == 2 && labels.allSatisfy { $0.verdict == .mismatch }, "\(labels.map { "\($0.verdict) \($0.message)" })")
        for sentence in ["Galarza and Yamada (2017): women got 405 callbacks, men 291.", "Galarza and Yamada (2017): men got 291 callbacks."] {
            let found = try numbers(sentence, in: kb)
            #expect(!found.isEmpty && found.allSatisfy { $0.verdict == .unsupported }, "\(sentence): \(found.map { "\($0.verdict) \($0.message)" })")
        }
        // The right groups stay supported, in labels or everyday words.
        for sentence in ["Galarza and Yamada (2017): 'Female gender' applicants got 291 callbacks, 'Male gender' applicants 405.",
                         "Galarza and Yamada (2017): women got 291 callbacks, men 405.", "Galarza and Yamada (2017): men got 405 callbacks."] {
            let found = try numbers(sentence, in: kb)
            #expect(!found.isEmpty && found.allSatisfy { $0.verdict == .supported }, "\(sentence): \(found.map { "\($0.verdict) \($0.message)" })")
        }
    }

    // MARK: m5: the emitter's reason is structured

    @Test func theReasonANumberIsNotEmittedComesFromTheFinding() throws {
        let level = try #require(try numbers("Being female cut callbacks by up to 10.9% (Oreopoulos, 2011).", in: CheckTrial6Tests.knowledgeBase).first)
        #expect(level.heldAs == .level)
        let place = try #require(try numbers("In Peru, dark phenotype applicants got 290 callbacks from 976 applications (Busetta et al., 2020).",
                                             in: CheckTrial6Tests.knowledgeBase).first)
        #expect(place.heldAs == .place)
        let text = "Noy and Zhang (2023) found that ChatGPT shifted writing time by 40%."
        let checks = try KBService(Seeded.knowledgeBase).check([PageReader.page(text, name: "page.md")])
        #expect(checks.flatMap(\.findings).first { $0.subject == .number }?.heldAs == .direction)
        // A reworded message keeps the reason.
        var reworded = checks
        reworded[0].findings = reworded[0].findings.map { var finding = $0; finding.message = "reworded"; return finding }
        let out = ClaimEmitter.emit(reworded)
        #expect(out.count == 0 && out.yaml.contains("noy2023-writing-time's, in a direction the page does not give"), "\(out.yaml)")
    }

    // MARK: m4: a swap keeps its hint

    @Test func aSwapWithASaidDirectionNamesTheClaimThatStatesTheNumber() throws {
        let found = try numbers("The WEF forecasts 92 million new roles created and 170 million displaced (World Economic Forum, 2025).")
        let displaced = try #require(found.first { $0.text == "170 million" }, "\(found.map(\.message))")
        #expect(displaced.verdict == .mismatch && displaced.message.contains("170 million is what wef2025-roles-created states"), "\(displaced.message)")
        let right = try numbers("The WEF forecasts 170 million new roles created and 92 million displaced (World Economic Forum, 2025).")
        #expect(!right.isEmpty && right.allSatisfy { $0.verdict == .supported }, "\(right.map(\.message))")
    }

    // MARK: Trial 8, bug 9: a label within another's

    static let married = KnowledgeBase.fixture("married fixture KB") { dataset in
        dataset.sources = [Source(slug: "weichselbaumer2015", issued: PartialDate(year: 2015),
                                  contributors: [Contributor(family: "Weichselbaumer", given: nil)])]
        dataset.studies = [Study(slug: "weichselbaumer2015-married", sourceSlug: "weichselbaumer2015", n: 1348)]
        dataset.claims = [
            Claim(slug: "lippens-weichselbaumer-2015-e125136a",
                  statement: "Weichselbaumer (2015), Germany: 'Married' applicants got 214 callbacks from 676 applications, 'Not married' applicants "
                      + "246 from 672; effect: Negative",
                  quantity: Quantity(metric: "callback-rate ratio (treatment ÷ control)", value: 0.865, unit: "ratio", direction: .decrease),
                  sourceSlug: "weichselbaumer2015", studySlug: "weichselbaumer2015-married"),
        ]
    }

    @Test func aLabelWithinAnothersNamesItsGroupWhenTheLongerIsNotWritten() throws {
        let right = try numbers("Weichselbaumer (2015): married applicants got 214 callbacks from 676 applications, unmarried applicants 246 from 672.",
                                in: Self.married)
        #expect(right.count == 4 && right.allSatisfy { $0.verdict == .supported }, "\(right.map { "\($0.verdict) \($0.message)" })")
        let swapped = try numbers("Weichselbaumer (2015): unmarried applicants got 214 callbacks from 676 applications, married applicants 246 from 672.",
                                  in: Self.married)
        #expect(swapped.contains { $0.text == "246" && $0.verdict == .mismatch }, "\(swapped.map { "\($0.verdict) \($0.message)" })")
        let notMarried = try numbers("Weichselbaumer (2015): not married applicants got 246 callbacks from 672 applications.", in: Self.married)
        #expect(!notMarried.isEmpty && notMarried.allSatisfy { $0.verdict == .supported }, "\(notMarried.map { "\($0.verdict) \($0.message)" })")
    }

    // MARK: Trial 8, bug 2: a rate held to the group its clause names

    static let kline = KnowledgeBase.fixture("kline fixture KB") { dataset in
        dataset.sources = [Source(slug: "kline2022", issued: PartialDate(year: 2022),
                                  contributors: [Contributor(family: "Kline", given: nil), Contributor(family: "Rose", given: nil),
                                                 Contributor(family: "Walters", given: nil)])]
        dataset.studies = [Study(slug: "kline2022-race", sourceSlug: "kline2022", n: 83643)]
        dataset.claims = [("6ead8516", "black female", 22.7), ("eeb22e03", "white female", 25.45), ("9d5e13cf", "black male", 23.35)].map { id, label, rate in
            Claim(slug: "hausladen-kline-\(id)",
                  statement: "In study 'kline' (race), applicants signalling '\(label)' got callbacks at a rate of \(rate)% of 20879 applications",
                  quantity: Quantity(metric: "callback rate", value: rate, unit: "percent"), sourceSlug: "kline2022", studySlug: "kline2022-race")
        }
    }

    @Test func aRateIsHeldToTheGroupItsClauseNames() throws {
        let swapped = try numbers("Kline et al. (2022): black female applicants were called back at a rate of 25.5%, white female applicants at 22.7%.",
                                  in: Self.kline)
        #expect(swapped.count == 2 && swapped.allSatisfy { $0.verdict == .mismatch }, "\(swapped.map { "\($0.verdict) \($0.message)" })")
        let male = try #require(try numbers("Kline et al. (2022): black male applicants were called back at a rate of 22.7%.", in: Self.kline).first)
        #expect(male.verdict == .mismatch && male.claim == "hausladen-kline-9d5e13cf", "\(male.message)")
        let right = try numbers("Kline et al. (2022): black female applicants were called back at a rate of 22.7%, white female applicants at 25.5%.",
                                in: Self.kline)
        #expect(right.count == 2 && right.allSatisfy { $0.verdict == .supported }, "\(right.map { "\($0.verdict) \($0.message)" })")
    }

    // MARK: Trial 8, bug 11: the opposite sign shown with "+"

    @Test func theOppositeSignShowsTheClaimsPlus() throws {
        let found = try #require(try numbers("Noy and Zhang (2023) found that writing quality fell by 18%.").first)
        #expect(found.verdict == .mismatch && found.message.hasSuffix("(+18%)") && found.expected == "18%", "\(found.message)")
    }
}
