import Foundation
import Testing
@testable import KBCore
@testable import KBProse
import KBDomain

/// Trial 5's items 2 and 8 of `kb check`: numbers the page ties together (a count with its
/// base, a value "with" a count, one comparison's arms in one sentence) are held to one claim;
/// a supported number whose claim stores another form shows the KB's value. On the fixture
/// KBs of CheckTrial5Tests (Boyd-Swan and Herbst's two register rows) and CheckTrial4Tests
/// (Kleykamp's two rows, which share the control arm "38 from 324").
struct CheckOneClaimTests {
    /// An in-memory KB holding the records `fill` puts in a dataset (register rows of real works).
    static func fixture(_ fill: (inout Dataset) -> Void) -> KnowledgeBase {
        do {
            let knowledgeBase = try KnowledgeBase.inMemory()
            var dataset = Dataset()
            fill(&dataset)
            _ = try knowledgeBase.load(dataset, command: "test", files: [])
            return knowledgeBase
        } catch {
            fatalError("a fixture KB does not load: \(error)")
        }
    }

    /// Flake (2019)'s two register rows (Lippens et al.'s register, as imported): the
    /// Black-sounding and the Hispanic-sounding comparison, each against the same Anglo-Saxon arm.
    static let flake = fixture { dataset in
        dataset.sources = [
            Source(slug: "flake2019", type: "document", issued: PartialDate(year: 2019),
                   url: "https://ilr.law.uiowa.edu/assets/Uploads/ILR-104-3-Flake.pdf", contributors: [Contributor(family: "Flake")]),
        ]
        dataset.studies = [
            Study(slug: "flake2019-black", sourceSlug: "flake2019", n: 1342),
            Study(slug: "flake2019-hispanic", sourceSlug: "flake2019", n: 1353),
        ]
        let ratio = "callback-rate ratio (treatment ÷ control)"
        dataset.claims = [
            Claim(slug: "flake-black", statement: "Flake (2019), United States of America: 'Black-sounding name' applicants got 85 callbacks "
                  + "from 653 applications, 'Anglo-Saxon name' applicants 164 from 689; effect: Negative",
                  quantity: Quantity(metric: ratio, value: 0.547, unit: "ratio", direction: .decrease),
                  sourceSlug: "flake2019", studySlug: "flake2019-black"),
            Claim(slug: "flake-hispanic", statement: "Flake (2019), United States of America: 'Hispanic-sounding name' applicants got 225 callbacks "
                  + "from 664 applications, 'Anglo-Saxon name' applicants 164 from 689; effect: Positive",
                  quantity: Quantity(metric: ratio, value: 1.424, unit: "ratio", direction: .increase),
                  sourceSlug: "flake2019", studySlug: "flake2019-hispanic"),
        ]
    }

    /// Saeed et al. (2019) as Lippens et al.'s register holds it: one stored author (its label's
    /// "Saeed"), the phenotype comparison's row, and Kang et al. (2016)'s callback rate of the
    /// Black-sounding arm (Hausladen et al.'s data), a level with no direction.
    static let saeedAndKang = fixture { dataset in
        dataset.sources = [
            Source(slug: "saeed2019", type: "document", issued: PartialDate(year: 2019), doi: "10.1080/13547860.2019.1612974",
                   contributors: [Contributor(family: "Saeed")]),
            Source(slug: "kang2016", issued: PartialDate(year: 2016), doi: "10.1177/0001839216639577",
                   contributors: [Contributor(family: "Kang", given: "Sonia K."), Contributor(family: "DeCelles", given: "Katherine A."),
                                  Contributor(family: "Tilcsik", given: "Andras"), Contributor(family: "Jun", given: "Sora")]),
        ]
        dataset.studies = [
            Study(slug: "saeed2019-phenotype", sourceSlug: "saeed2019", n: 1216),
            Study(slug: "kang2016-black", sourceSlug: "kang2016", n: 200),
        ]
        dataset.claims = [
            Claim(slug: "saeed-phenotype", statement: "Saeed et al. (2019), Pakistan: 'Dark phenotype' applicants got 64 callbacks from 608 "
                  + "applications, 'Fair phenotype' applicants 80 from 608; effect: Negative",
                  quantity: Quantity(metric: "callback-rate ratio (treatment ÷ control)", value: 0.8, unit: "ratio", direction: .decrease),
                  sourceSlug: "saeed2019", studySlug: "saeed2019-phenotype"),
            Claim(slug: "kang-black-rate", statement: "In study 'kang' (race and national origin), applicants signalling 'black-sounding name' "
                  + "got callbacks at a rate of 10% of 200 applications", quantity: Quantity(metric: "callback rate", value: 10, unit: "percent"),
                  sourceSlug: "kang2016", studySlug: "kang2016-black"),
        ]
    }

    func check(_ text: String, in knowledgeBase: KnowledgeBase) throws -> [CheckFinding] {
        try KBService(knowledgeBase).check([PageReader.page(text, name: "page.md")]).flatMap(\.findings)
    }

    func numbers(_ findings: [CheckFinding]) -> [CheckFinding] { findings.filter { $0.subject == .number } }

    func at(_ findings: [CheckFinding], _ text: String) -> CheckFinding? {
        findings.first { $0.subject == .number && $0.text == text }
    }

    // MARK: Item 2: one clause's numbers from two comparisons

    @Test func aRatioWithAnotherComparisonsCountIsNotSupported() throws {
        // 0.881 is boyd-swan-b's ratio, 547 boyd-swan-a's count; 2720 is in both.
        let mixed = numbers(try check("Boyd-Swan and Herbst (2019) found a callback ratio of 0.881 with 547 callbacks from 2720 applications.",
                                      in: CheckTrial5Tests.boydSwan))
        #expect(mixed.count == 3)
        for text in ["0.881", "547"] {
            let number = try #require(at(mixed, text))
            #expect(number.verdict == .unsupported && number.message.contains("no one claim states them all"), "\(text): \(number.message)")
        }
        // The same sentence with one comparison's numbers is supported by that claim alone.
        let right = numbers(try check("Boyd-Swan and Herbst (2019) found a callback ratio of 0.881 with 647 callbacks from 2720 applications.",
                                      in: CheckTrial5Tests.boydSwan))
        #expect(right.count == 3 && right.allSatisfy { $0.verdict == .supported && $0.claim == "boyd-swan-b" }, "\(right.map(\.message))")
    }

    @Test func theClaimThatStatesMostOfTheTiedNumbersMakesTheOtherAMismatch() throws {
        // 34 from 329 are kleykamp-b's treated arm; 0.85 is kleykamp-a's ratio (b's is 0.881).
        let findings = numbers(try check("Kleykamp (2009) found a callback ratio of 0.85 with 34 callbacks from 329 applications "
                                         + "for Black- or Hispanic-sounding names.",
                                         in: CheckTrial4Tests.knowledgeBase))
        let ratio = try #require(at(findings, "0.85"))
        #expect(ratio.verdict == .mismatch && ratio.claim == "kleykamp-b" && ratio.message.contains("kleykamp-a"), "\(ratio.message)")
        #expect(at(findings, "34")?.verdict == .supported && at(findings, "329")?.verdict == .supported)
    }

    @Test func oneComparisonsArmsInOneSentenceAreCreditedToOneClaim() throws {
        // 38 from 324 is written by both claims; 34 from 329 only by kleykamp-b: all four are b's.
        let both = numbers(try check("Kleykamp (2009): Black- or Hispanic-sounding name applicants got 34 callbacks from 329 applications, "
            + "Anglo-Saxon name applicants 38 from 324.", in: CheckTrial4Tests.knowledgeBase))
        #expect(both.count == 4 && both.allSatisfy { $0.verdict == .supported && $0.claim == "kleykamp-b" }, "\(both.map(\.message))")
        // pageJ's shape: the treated arm of one row, the control arm of the other (both of 2720).
        let boyd = CheckTrial5Tests.boydSwan
        let split = numbers(try check("Boyd-Swan and Herbst (2019): Black- or Hispanic-sounding name applicants got 647 callbacks from 2720 "
            + "applications, Anglo-Saxon name applicants 547 from 2720.", in: boyd))
        #expect(!split.contains { $0.text == "547" && $0.verdict == .supported }, "\(split.map(\.message))")
        #expect(at(split, "647")?.verdict == .supported)
    }

    // MARK: Item 5: a group of another comparison of the work

    @Test func aGroupOfAnotherComparisonMakesTheRatioAMismatch() throws {
        let swapped = try #require(at(try check("Flake (2019) found a callback ratio of 1.424 for Black-sounding name applicants.", in: Self.flake), "1.424"))
        #expect(swapped.verdict == .mismatch && swapped.claim == "flake-black" && swapped.expected == "0.547 ratio", "\(swapped.message)")
        // The right group, and no group at all, stay supported.
        for sentence in ["Flake (2019) found a callback ratio of 1.424 for Hispanic-sounding name applicants.",
                         "Flake (2019) found a callback ratio of 1.424."] {
            let number = try #require(at(try check(sentence, in: Self.flake), "1.424"))
            #expect(number.verdict == .supported && number.claim == "flake-hispanic", "\(sentence): \(number.message)")
        }
        let black = try #require(at(try check("Flake (2019) found a callback ratio of 0.547 for Black-sounding name applicants.", in: Self.flake), "0.547"))
        #expect(black.verdict == .supported && black.claim == "flake-black", "\(black.message)")
    }

    /// Two of Koopmans et al.'s (2019) comparisons, as the register writes them.
    static let koopmans = fixture { dataset in
        dataset.sources = [
            Source(slug: "koopmans2019", type: "article-journal", issued: PartialDate(year: 2019),
                   doi: "10.1080/01419870.2019.1654114", contributors: [Contributor(family: "Koopmans")]),
        ]
        dataset.studies = [
            Study(slug: "koopmans2019-religion", sourceSlug: "koopmans2019", n: 2997),
            Study(slug: "koopmans2019-phenotype", sourceSlug: "koopmans2019", n: 4303),
        ]
        let ratio = "callback-rate ratio (treatment ÷ control)"
        dataset.claims = [
            Claim(slug: "koopmans-religion", statement: "Koopmans et al. (2019), Germany: 'Muslim' applicants got 513 callbacks from 1102 "
                  + "applications, 'Christian' applicants 1082 from 1895; effect: Negative",
                  quantity: Quantity(metric: ratio, value: 0.815, unit: "ratio", direction: .decrease),
                  sourceSlug: "koopmans2019", studySlug: "koopmans2019-religion"),
            Claim(slug: "koopmans-phenotype", statement: "Koopmans et al. (2019), Germany: 'Black phenotype or Turkish name' applicants got 431 "
                  + "callbacks from 876 applications, 'White phenotype or native name' applicants 1902 from 3427; effect: Negative",
                  quantity: Quantity(metric: ratio, value: 0.886, unit: "ratio", direction: .decrease),
                  sourceSlug: "koopmans2019", studySlug: "koopmans2019-phenotype"),
        ]
    }

    /// Gorsuch and Rho's (2018) two comparisons, as the register writes them: the same groups,
    /// two samples.
    static let gorsuch = fixture { dataset in
        dataset.sources = [
            Source(slug: "gorsuch2018", type: "report", issued: PartialDate(year: 2018), doi: "10.2139/ssrn.3184984",
                   contributors: [Contributor(family: "Gorsuch"), Contributor(family: "Rho")]),
        ]
        dataset.studies = [
            Study(slug: "gorsuch2018-a", sourceSlug: "gorsuch2018", n: 1372),
            Study(slug: "gorsuch2018-b", sourceSlug: "gorsuch2018", n: 2058),
        ]
        let ratio = "callback-rate ratio (treatment ÷ control)"
        let groups = "United States of America: 'African American or Somali American name' applicants got"
        dataset.claims = [
            Claim(slug: "gorsuch-a", statement: "Gorsuch & Rho (2018), \(groups) 116 callbacks from 686 applications, 'Anglo-Saxon name' "
                  + "applicants 185 from 686; effect: Negative",
                  quantity: Quantity(metric: ratio, value: 0.627, unit: "ratio", direction: .decrease),
                  sourceSlug: "gorsuch2018", studySlug: "gorsuch2018-a"),
            Claim(slug: "gorsuch-b", statement: "Gorsuch & Rho (2018), \(groups) 240 callbacks from 1372 applications, 'Anglo-Saxon name' "
                  + "applicants 185 from 686; effect: Negative",
                  quantity: Quantity(metric: ratio, value: 0.649, unit: "ratio", direction: .decrease),
                  sourceSlug: "gorsuch2018", studySlug: "gorsuch2018-b"),
        ]
    }

    /// Review 9, B1: two samples' counts in one sentence, each right, are tied only by their
    /// claims' groups: never a mismatch (the page may tell the samples apart, as here).
    @Test func twoSamplesCountsTiedOnlyByTheirGroupsAreNeverAMismatch() throws {
        let sentence = "Gorsuch and Rho (2018): African American or Somali American name applicants got 116 callbacks from 686 applications "
            + "in one sample and 240 from 1372 in the other."
        let findings = try check(sentence, in: Self.gorsuch).filter { $0.subject == .number }
        #expect(!findings.isEmpty)
        #expect(!findings.contains { $0.verdict == .mismatch }, "\(findings.map(\.message))")
    }

    /// Review 9, B2: a clause that names the crediting claim's own group as well as a word of
    /// another comparison's groups is about the crediting claim.
    @Test func aClauseNamingTheClaimsOwnGroupTooStaysSupported() throws {
        let sentence = "Koopmans et al. (2019) found Muslim applicants of white phenotype had a callback ratio of 0.815 against Christian ones."
        let number = try #require(at(try check(sentence, in: Self.koopmans), "0.815"))
        #expect(number.verdict == .supported && number.claim == "koopmans-religion", "\(number.message)")
        // Another comparison's group alone still takes the number from the claim.
        let other = try #require(at(try check("Koopmans et al. (2019) found applicants of black phenotype had a callback ratio of 0.815.",
                                              in: Self.koopmans), "0.815"))
        #expect(other.verdict != .supported, "\(other.message)")
    }

    @Test func anArmCountGivenToAnotherComparisonsGroupIsUnsupported() throws {
        // 225 from 664 is the Hispanic-sounding arm; the page gives it to Black-sounding names.
        let findings = numbers(try check("Flake (2019): Black-sounding name applicants got 225 callbacks from 664 applications.", in: Self.flake))
        #expect(findings.count == 2 && !findings.contains { $0.verdict == .supported }, "\(findings.map(\.message))")
        let right = numbers(try check("Flake (2019): Hispanic-sounding name applicants got 225 callbacks from 664 applications.", in: Self.flake))
        #expect(right.count == 2 && right.allSatisfy { $0.verdict == .supported }, "\(right.map(\.message))")
    }

    // MARK: Item 1: the groups swapped, both of 608 applications, named by the KB's label

    @Test func aGroupNamedByItsUnquotedLabelIsHeldToIt() throws {
        let swapped = numbers(try check("Saeed et al. (2019): Dark phenotype applicants got 80 callbacks from 608 applications, "
            + "Fair phenotype applicants 64 from 608.", in: Self.saeedAndKang))
        #expect(at(swapped, "80")?.verdict == .mismatch && at(swapped, "64")?.verdict == .mismatch, "\(swapped.map(\.message))")
        let right = numbers(try check("Saeed et al. (2019): Dark phenotype applicants got 64 callbacks from 608 applications, "
            + "Fair phenotype applicants 80 from 608.", in: Self.saeedAndKang))
        #expect(right.count == 4 && right.allSatisfy { $0.verdict == .supported }, "\(right.map(\.message))")
    }

    // MARK: Item 6: "A et al." with the wrong year, the KB holding only the first author

    @Test func aWrongYearOnEtAlNamesTheWorkAndHoldsTheNumberToIt() throws {
        let findings = try check("Saeed et al. (2018) found dark phenotype applicants had a callback ratio of 0.8.", in: Self.saeedAndKang)
        let citation = try #require(findings.first { $0.subject == .citation })
        #expect(citation.verdict == .mismatch && citation.source == "saeed2019" && citation.expected == "2019", "\(citation.message)")
        let number = try #require(at(findings, "0.8"))
        #expect(number.verdict == .supported && number.source == "saeed2019" && !number.message.contains("cites no source"), "\(number.message)")
        // A year further off than the slack stays unknown.
        let far = try #require(try check("Saeed et al. (2009) found a callback ratio of 0.8.", in: Self.saeedAndKang).first { $0.subject == .citation })
        #expect(far.verdict == .unknownCitation)
    }

    // MARK: Item 4: a change is not held to a level

    @Test func aChangeIsNeverHeldToALevel() throws {
        let cut = try #require(at(try check("Being black-sounding cut callbacks by 61% (Kang et al., 2016).", in: Self.saeedAndKang), "61%"))
        #expect(cut.verdict == .unsupported && cut.claim == nil, "\(cut.message)")
        // Not supported by the level either, when the digits agree.
        let ten = try #require(at(try check("Being black-sounding cut callbacks by 10% (Kang et al., 2016).", in: Self.saeedAndKang), "10%"))
        #expect(ten.verdict == .unsupported, "\(ten.message)")
        // The level itself is still held to it.
        let level = try #require(at(try check("Black-sounding names got callbacks at a rate of 10% (Kang et al., 2016).", in: Self.saeedAndKang), "10%"))
        #expect(level.verdict == .supported && level.claim == "kang-black-rate", "\(level.message)")
        let wrong = try #require(at(try check("Black-sounding names got callbacks at a rate of 12% (Kang et al., 2016).", in: Self.saeedAndKang), "12%"))
        #expect(wrong.verdict == .mismatch && wrong.expected == "10%", "\(wrong.message)")
    }

    // MARK: Item 8: the KB's value when the page rounds it

    @Test func aRoundedValueShowsTheKBsValue() throws {
        let findings = try check("Boyd-Swan and Herbst (2019) report a callback ratio of 0.88.", in: CheckTrial5Tests.boydSwan)
        let number = try #require(at(findings, "0.88"))
        #expect(number.verdict == .supported && number.message.hasSuffix("states 0.881 ratio (page: 0.88)"), "\(number.message)")
        let page = PageCheck(page: PageReader.page("Boyd-Swan and Herbst (2019) report a callback ratio of 0.88.", name: "page.md"),
                              findings: findings)
        // SARIF lists problems only, so a supported finding is not in it.
        for format in CheckRenderer.Format.allCases where format != .sarif {
            #expect(CheckRenderer.render([page], format: format).contains("0.881 ratio (page: 0.88)"), "\(format)")
        }
        // Written as stored: the page's text alone.
        let exact = try #require(at(try check("Boyd-Swan and Herbst (2019) report a callback ratio of 0.881.", in: CheckTrial5Tests.boydSwan), "0.881"))
        #expect(exact.message.hasSuffix("states 0.881"), "\(exact.message)")
    }
}

/// Review 8, m1: a four-digit count before what a study counts is a count, not a year.
struct CountNotYearTests {
    @Test func aFourDigitCountBeforeACountNounIsACount() {
        #expect(NumberReader.numbers(in: "21 callbacks from 2000 applications").map(\.text) == ["21", "2000"])
        #expect(NumberReader.numbers(in: "they sent 2000 applications").map(\.text) == ["2000"])
        #expect(NumberReader.numbers(in: "28 of 1990 résumés, 38 out of 2010 applications").map(\.text) == ["28", "1990", "38", "2010"])
        // Years stay years: with no such noun, or after "in".
        // (21 callbacks is an outcome's count, read at any size: trial 17, B3.)
        #expect(NumberReader.numbers(in: "21 callbacks from 2019 onwards").map(\.text) == ["21"])
        #expect(NumberReader.numbers(in: "the 2020 elections").isEmpty)
        #expect(NumberReader.numbers(in: "In 2019 applicants faced more calls").isEmpty)
    }

    /// Review 9, M2 and M3: a year before a count noun stays a year unless a count is out of it
    /// or a sampling verb sent it; a register's "52 from 2052;" and "1902 from 3427;" are counts.
    @Test func aYearBeforeACountNounStaysAYearUnlessCounted() {
        for text in ["The 2019 applicants got more calls.", "From 2019 applications rose.", "As of 2019 applicants faced more calls.",
                     "Between 2015 and 2019 applications fell."] {
            #expect(NumberReader.numbers(in: text).isEmpty, "\(text)")
        }
        #expect(NumberReader.numbers(in: "'White' applicants 52 from 2052; effect: Negative").map(\.text) == ["52", "2052"])
        #expect(NumberReader.numbers(in: "'White phenotype' applicants 1902 from 3427; effect: Negative").map(\.text) == ["1902", "3427"])
        #expect(NumberReader.numbers(in: "they received 2000 callbacks").map(\.text) == ["2000"])
    }
}
