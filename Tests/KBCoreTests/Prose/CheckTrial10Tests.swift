import Foundation
import Testing
@testable import KBCore
@testable import KBProse
import KBDomain

/// Trial 10's B1 and B3 on `kb check` (issue 17): a group label read from each number's own
/// phrase ("from 5.6% for employed applicants to 4.3% for those unemployed …"), and two works
/// of the same author and year (drydakis2017, drydakis2017b), picked by a year suffix or, with
/// none, both held.
struct CheckTrial10Tests: ChecksPages {

    // MARK: B1: each number's own phrase names its group

    /// Kroft et al.'s three arms as the Hausladen register words them.
    static let kroft = KnowledgeBase.fixture("kroft fixture KB") { dataset in
        dataset.sources = [Source(slug: "kroft2013", issued: PartialDate(year: 2013),
                                  contributors: ["Kroft", "Lange", "Notowidigdo"].map { Contributor(family: $0, given: nil) })]
        dataset.studies = [Study(slug: "kroft2013-unemployed", sourceSlug: "kroft2013", n: 17690)]
        dataset.claims = [("8e19ecfe", "employed", 5.6, 5636), ("545121b2", "unemployment duration (<18 months)", 5.4, 7404),
                          ("1da9c073", "unemployment duration (>=18 months)", 4.25, 4650)].map { id, label, rate, base in
            Claim(slug: "hausladen-kroft-\(id)",
                  statement: "In study 'kroft' (unemployed), applicants signalling '\(label)' got callbacks at a rate of \(rate)% of \(base) applications",
                  quantity: Quantity(metric: "callback rate", value: rate, unit: "percent"), sourceSlug: "kroft2013", studySlug: "kroft2013-unemployed")
        }
    }

    @Test func fromOneGroupToAnotherHoldsEachNumberToTheGroupAfterIt() throws {
        let right = try numbers("Kroft et al. (2013): callback rates fell from 5.6% for employed applicants to 4.3% for those unemployed for 18 months or more.",
                                in: Self.kroft)
        #expect(right.count == 2 && right.allSatisfy { $0.verdict == .supported }, "\(describe(right))")
        #expect(right.map(\.claim) == ["hausladen-kroft-8e19ecfe", "hausladen-kroft-1da9c073"], "\(describe(right))")
        let swapped = try numbers("Kroft et al. (2013): callback rates fell from 4.3% for employed applicants to 5.6% for those unemployed for 18 months or more.",
                                  in: Self.kroft)
        #expect(swapped.contains { $0.text == "4.3%" && $0.verdict == .mismatch && $0.claim == "hausladen-kroft-8e19ecfe" }, "\(describe(swapped))")
        // A label before its number still names the group (the rule as before).
        let before = try numbers("Kroft et al. (2013): employed applicants were called back at a rate of 4.3%.", in: Self.kroft)
        #expect(before.count == 1 && before[0].verdict == .mismatch, "\(describe(before))")
    }

    @Test func aNumbersOwnPhraseIsTheWordsAfterForUpToTheNextComparison() {
        let clause = "callback rates fell from 5.6% for employed applicants to 4.3% for those unemployed for 18 months or more"
        let labels = ["employed", "unemployment duration (>=18 months)"]
        #expect(PageChecker.ownPhrase(of: "5.6%", in: clause, labels: labels) == "for employed applicants")
        // A phrase that writes no label: the clause, less the earlier number's phrase (review 18, M4).
        #expect(PageChecker.ownPhrase(of: "4.3%", in: clause, labels: labels) == "callback rates fell from 5.6% to 4.3% for those unemployed for 18 months or more")
        #expect(PageChecker.ownPhrase(of: "4.3%", in: "employed applicants at 4.3%", labels: labels) == "employed applicants at 4.3%")
    }

    // MARK: B3: works of the same author and year

    /// Two untitled works by Drydakis alone, both of 2017 (as the Lippens register holds them),
    /// each with one callback rate; `titled` gives them titles whose order is the reverse of
    /// their slugs'.
    static func drydakis(titled: Bool) -> KnowledgeBase {
        do {
            var dataset = Dataset()
            dataset.sources = [("drydakis2017", "Zoning and hiring"), ("drydakis2017b", "Ageing and hiring")].map { slug, title in
                Source(slug: slug, type: "document", title: titled ? title : nil, issued: PartialDate(year: 2017),
                       contributors: [Contributor(family: "Drydakis", given: nil)])
            }
            dataset.studies = ["drydakis2017", "drydakis2017b"].map { Study(slug: "\($0)-study", sourceSlug: $0, n: 1836) }
            let rates: [(String, Double)] = [("drydakis2017", 12.5), ("drydakis2017b", 31.3)]
            dataset.claims = rates.map { slug, rate in
                Claim(slug: "\(slug)-rate", statement: "Applicants got callbacks at a rate of \(rate)%",
                      quantity: Quantity(metric: "callback rate", value: rate, unit: "percent"), sourceSlug: slug, studySlug: "\(slug)-study")
            }
            let knowledgeBase = try KnowledgeBase.inMemory()
            _ = try knowledgeBase.load(dataset, command: "test", files: [])
            return knowledgeBase
        } catch {
            fatalError("drydakis fixture KB: \(error)")
        }
    }

    static let untitled = drydakis(titled: false)
    static let titled = drydakis(titled: true)

    @Test func anUnsuffixedCitationOfTwoSameYearWorksHoldsItsNumbersToBoth() throws {
        for (rate, claim) in [("31.3%", "drydakis2017b-rate"), ("12.5%", "drydakis2017-rate")] {
            let found = try numbers("Drydakis et al. (2017) found a callback rate of \(rate).", in: Self.untitled)
            #expect(found.count == 1 && found[0].verdict == .supported && found[0].claim == claim, "\(describe(found))")
        }
        // Neither states it: unsupported, with no work named (so `--emit-claims` makes no claim of it).
        let neither = try #require(try numbers("Drydakis et al. (2017) found a callback rate of 20.5%.", in: Self.untitled).first)
        #expect(neither.verdict == .unsupported && neither.source == nil && neither.claim == nil, "\(neither.message)")
        #expect(neither.message.contains("drydakis2017 or drydakis2017b"), "\(neither.message)")
        let emitted = try KBService(Self.untitled).check([PageReader.page("Drydakis et al. (2017) found a callback rate of 20.5%.", name: "page.md")])
        #expect(ClaimEmitter.yaml(emitted).contains("source:") == false, "\(ClaimEmitter.yaml(emitted))")
    }

    @Test func aYearSuffixPicksTheWorkByAPAOrder() throws {
        // Untitled: APA orders them by slug, so "a" is drydakis2017 and "b" drydakis2017b.
        let b = try #require(try numbers("Drydakis et al. (2017b) found a callback rate of 31.3%.", in: Self.untitled).first)
        #expect(b.verdict == .supported && b.source == "drydakis2017b", "\(b.message)")
        let wrong = try #require(try numbers("Drydakis (2017b) found a callback rate of 12.5%.", in: Self.untitled).first)
        #expect(wrong.verdict == .mismatch && wrong.claim == "drydakis2017b-rate", "\(wrong.message)")
        // Titled: by title, "Ageing …" (drydakis2017b) is "a", "Zoning …" (drydakis2017) "b".
        let byTitle = try #require(try numbers("Drydakis (2017a) found a callback rate of 31.3%.", in: Self.titled).first)
        #expect(byTitle.verdict == .supported && byTitle.source == "drydakis2017b", "\(byTitle.message)")
        let byTitleB = try #require(try numbers("Drydakis (2017b) found a callback rate of 31.3%.", in: Self.titled).first)
        #expect(byTitleB.verdict == .mismatch && byTitleB.claim == "drydakis2017-rate", "\(byTitleB.message)")
    }

    @Test func theYearSuffixIsTheLetterRightAfterTheYear() {
        let suffixed = CitationReader.citations(in: "Drydakis et al. (2017b) found").first
        #expect(suffixed.flatMap(PageChecker.yearSuffix) == "b")
        let plain = CitationReader.citations(in: "Drydakis et al. (2017) found").first
        #expect(plain.flatMap(PageChecker.yearSuffix) == nil)
    }
}
