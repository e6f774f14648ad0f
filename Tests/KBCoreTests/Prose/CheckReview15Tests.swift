import Foundation
import Testing
@testable import KBCore
@testable import KBProse
import KBDomain

/// Review 15's M3 and M5 and trial 10's B2 on `kb check` (issue 17): a gapped number shares the
/// direction of the change before it, loosely (M3); "US" beside an acronym and a list of
/// countries before a year are places (M5); a family name's particle is part of the name (B2).
struct CheckReview15Tests {
    func check(_ text: String, in knowledgeBase: KnowledgeBase) throws -> [CheckFinding] {
        try KBService(knowledgeBase).check([PageReader.page(text, name: "page.md")]).flatMap(\.findings)
    }

    func numbers(_ sentence: String, in knowledgeBase: KnowledgeBase = Seeded.knowledgeBase) throws -> [CheckFinding] {
        try check(sentence, in: knowledgeBase).filter { $0.subject == .number }
    }

    func describe(_ found: [CheckFinding]) -> String { "\(found.map { "\($0.text) \($0.verdict) \($0.message)" })" }

    // MARK: M3: a gapped number takes the direction of the number before, loosely

    @Test func aGappedNumberTakesTheDirectionBeforeItLoosely() {
        let fell = NumberReader.numbers(in: "time fell 40% and quality 18%")
        #expect(fell.map(\.sign) == [.minus, .minus])
        #expect(fell.map(\.isSignLoose) == [false, true])
        #expect(fell.last?.isChange == true)
        let rose = NumberReader.numbers(in: "quality rose 18% and time 40%")
        #expect(rose.map(\.sign) == [.plus, .plus] && rose.last?.isSignLoose == true)
        #expect(NumberReader.numbers(in: "raised writing quality by 18% and writing time by 40%").map(\.sign) == [.plus, .plus])
        // A level, a verb of its own, or "of" after the number is no gap.
        #expect(NumberReader.numbers(in: "time fell 40% and 20% of users quit").last?.sign == .unstated)
        #expect(NumberReader.numbers(in: "time fell 40% and satisfaction was 80%").last?.sign == .unstated)
        #expect(NumberReader.numbers(in: "time stood at 40% and quality 18%").last?.sign == .unstated)
    }

    @Test func aGappedWrongDirectionIsUnsupportedNotSupported() throws {
        for (sentence, text) in [("Noy and Zhang (2023) found that time fell 40% and quality 18%.", "18%"),
                                 ("Noy and Zhang (2023) found that quality rose 18% and time 40%.", "40%"),
                                 ("Noy and Zhang (2023) found that ChatGPT raised writing quality by 18% and writing time by 40%.", "40%")] {
            let found = try numbers(sentence)
            let gapped = try #require(found.first { $0.text == text }, "\(sentence): \(describe(found))")
            #expect(gapped.verdict == .unsupported && gapped.message.contains("only implied"), "\(sentence): \(describe(found))")
            #expect(found.filter { $0.text != text }.allSatisfy { $0.verdict == .supported }, "\(sentence): \(describe(found))")
        }
    }

    @Test func aGappedRightDirectionAndTwoWrittenDirectionsStaySupported() throws {
        for sentence in ["Noy and Zhang (2023) found that time fell 40% and quality rose 18%.",
                         "Noy and Zhang (2023) found that ChatGPT cut writing time by 40% and raised quality by 18%."] {
            let found = try numbers(sentence)
            #expect(!found.isEmpty && found.allSatisfy { $0.verdict == .supported }, "\(sentence): \(describe(found))")
        }
    }

    // MARK: M5: "US" beside an acronym, and countries before a year, are places

    @Test func usBesideAnAcronymIsTheCountry() {
        #expect(PageChecker.countriesNamed(in: "US AI firms gave female applicants a ratio of 0.719.") == ["United States"])
        #expect(PageChecker.countriesNamed(in: "In US HR departments, female applicants had a ratio of 0.719.") == ["United States"])
        #expect(PageChecker.countriesNamed(in: "Among US STEM employers, female applicants had a ratio of 0.719.") == ["United States"])
        // A clause all in capitals is shouting.
        #expect(PageChecker.countriesNamed(in: "OBESE APPLICANTS GOT 362 CALLBACKS FROM 976 APPLICATIONS, HELP US (Busetta et al., 2020).").isEmpty)
    }

    @Test func countriesBeforeAYearArePlacesAndAuthorsAreNot() {
        #expect(PageChecker.countriesNamed(in: "In Spain and Chile (2016-2017), female applicants") == ["Spain", "Chile"])
        #expect(PageChecker.countriesNamed(in: "In Korea and Japan (2019), female applicants") == ["South Korea", "Japan"])
        #expect(PageChecker.countriesNamed(in: "In Korea (2019), female applicants") == ["South Korea"])
        #expect(PageChecker.countriesNamed(in: "In New Zealand and Spain (2019), rates fell") == ["New Zealand", "Spain"])
        // A name that is not a country, or the cited work's author, makes it an author list.
        #expect(PageChecker.countriesNamed(in: "as Lee and England (2019) found").isEmpty)
        #expect(PageChecker.countriesNamed(in: "as England (2019) found", authors: ["england"]).isEmpty)
        #expect(PageChecker.countriesNamed(in: "as England et al. found").isEmpty)
    }

    @Test func aRatioForAnotherPlaceIsUnsupportedAndPeruStaysSupported() throws {
        let kb = CheckTrial6GroupTests.knowledgeBase
        for place in ["US AI firms gave", "In US HR departments,", "Among US STEM employers,", "In Korea and Japan (2019),", "In Korea (2019),",
                      "In Spain and Chile (2016-2017),"] {
            let sentence = "\(place) female applicants had a callback ratio of 0.719 (Galarza and Yamada, 2017)."
            let found = try numbers(sentence, in: kb)
            #expect(!found.isEmpty && found.allSatisfy { $0.verdict == .unsupported }, "\(sentence): \(describe(found))")
        }
        let peru = try numbers("In Peru, female applicants had a callback ratio of 0.719 (Galarza and Yamada, 2017).", in: kb)
        #expect(!peru.isEmpty && peru.allSatisfy { $0.verdict == .supported }, "\(describe(peru))")
    }

    // MARK: B2: a family name's particle is part of it

    @Test func particlesArePartOfTheFamilyName() throws {
        let cited = CitationReader.citations(in: "Farber, Silverman and von Wachter (2016) found a rate of 7.6%.")
        #expect(cited.map(\.names) == [["Farber", "Silverman", "von Wachter"]])
        #expect(CitationReader.citations(in: "Farber, Silverman, and von Wachter (2016) found it.").map(\.names) == [["Farber", "Silverman", "von Wachter"]])
        #expect(CitationReader.citations(in: "as Smith and de la Cruz (2019) and van der Berg (2020) show").map(\.names) == [["Smith", "de la Cruz"], ["van der Berg"]])
        #expect(CitationReader.citations(in: "al-Sayed and Khan (2018) found it.").map(\.names) == [["al-Sayed", "Khan"]])
        // A particle is a whole word: "made" does not end in a particle.
        #expect(CitationReader.citations(in: "They made Smith (2020) look bad.").map(\.names) == [["Smith"]])
    }

    static let farber = CheckOneClaimTests.fixture { dataset in
        dataset.sources = [
            Source(slug: "farber2016", issued: PartialDate(year: 2016),
                   contributors: [Contributor(family: "Farber"), Contributor(family: "Silverman"), Contributor(family: "von Wachter")]),
        ]
        dataset.claims = [
            Claim(slug: "farber-callback-rate", statement: "Applicants aged 57 or 58 got a callback rate of 7.6%.",
                  quantity: Quantity(metric: "callback rate", value: 7.6, unit: "percent"), sourceSlug: "farber2016"),
        ]
    }

    @Test func aCitationWithAParticleResolvesToTheWork() throws {
        for sentence in ["Farber, Silverman and von Wachter (2016) found a callback rate of 7.6% for applicants aged 57 or 58.",
                         "Farber, Silverman, and von Wachter (2016) found a callback rate of 7.6% for applicants aged 57 or 58.",
                         "Farber et al. (2016) found a callback rate of 7.6% for applicants aged 57 or 58."] {
            let found = try check(sentence, in: Self.farber)
            let citation = try #require(found.first { $0.subject == .citation }, "\(describe(found))")
            #expect(citation.verdict == .supported && citation.source == "farber2016", "\(sentence): \(describe(found))")
            #expect(!found.contains { $0.verdict == .unknownCitation }, "\(sentence): \(describe(found))")
            let number = try #require(found.first { $0.subject == .number })
            #expect(number.verdict == .supported && !number.message.contains("cites no source"), "\(sentence): \(describe(found))")
        }
    }
}
