import Foundation
import KBCore
import KBDomain
import KBFormats
import KBProse
import Testing

/// Trial 20: what an analyst's pages showed (the works are real: the shared Lippens et al.
/// register's Neumark et al. (2019), DOI 10.1086/704008, by Neumark, Burn, Button and Chehras).
struct CheckTrial20Tests {
    /// The register's row of the work: its first author only, no title.
    static let knowledgeBase: KnowledgeBase = {
        var dataset = Dataset()
        dataset.sources = [
            Source(slug: "neumark2019", issued: PartialDate(year: 2019), doi: "10.1086/704008", contributors: [Contributor(family: "Neumark", given: nil)]),
        ]
        return CheckTrial18Tests.loaded(dataset, "the trial 20 rows")
    }()

    /// Hausladen et al.'s rows of Correll et al. (2007), parenthood, as the shared extraction imports them.
    static let parenthood: KnowledgeBase = {
        var dataset = Dataset()
        dataset.sources = [
            Source(slug: "correll2007getting", issued: PartialDate(year: 2007), doi: "10.1086/511799",
                   contributors: [Contributor(family: "Correll", given: "Shelley J."), Contributor(family: "Benard", given: "Stephen"), Contributor(family: "Paik", given: "In")]),
        ]
        dataset.studies = [Study(slug: "hausladen-correll-group", sourceSlug: "correll2007getting", n: 638)]
        dataset.claims = [
            Claim(slug: "hausladen-correll-33c0888e", statement: "In study 'correll' (parenthood), applicants signalling 'nonparent' got callbacks at a rate of 4.7% of 638 applications",
                  quantity: Quantity(metric: "callback rate", value: 4.7, unit: "percent"), sourceSlug: "correll2007getting", studySlug: "hausladen-correll-group"),
            Claim(slug: "hausladen-correll-aaf905cd", statement: "In study 'correll' (parenthood), applicants signalling 'parent' got callbacks at a rate of 4.1% of 638 applications",
                  quantity: Quantity(metric: "callback rate", value: 4.08, unit: "percent"), sourceSlug: "correll2007getting", studySlug: "hausladen-correll-group"),
        ]
        return CheckTrial18Tests.loaded(dataset, "the parenthood rows")
    }()

    /// Hausladen et al.'s rows of Kline, Rose and Walters (2022) by age, as the shared extraction imports them.
    static let byAge: KnowledgeBase = {
        var dataset = Dataset()
        dataset.sources = [
            Source(slug: "kline2022", issued: PartialDate(year: 2022), doi: "10.1093/qje/qjac024",
                   contributors: [Contributor(family: "Kline", given: "Patrick"), Contributor(family: "Rose", given: "Evan K"), Contributor(family: "Walters", given: "Christopher R")]),
        ]
        dataset.studies = [Study(slug: "hausladen-kline-under", sourceSlug: "kline2022", n: 38913), Study(slug: "hausladen-kline-over", sourceSlug: "kline2022", n: 44730)]
        dataset.claims = [
            Claim(slug: "hausladen-kline-1a620ac9", statement: "In study 'kline' (sexual orientation), applicants signalling 'under 40' got callbacks at a rate of 24.5% of 38913 applications",
                  quantity: Quantity(metric: "callback rate", value: 24.5, unit: "percent"), sourceSlug: "kline2022", studySlug: "hausladen-kline-under"),
            Claim(slug: "hausladen-kline-298ba4d0", statement: "In study 'kline' (sexual orientation), applicants signalling 'over 40' got callbacks at a rate of 24% of 44730 applications",
                  quantity: Quantity(metric: "callback rate", value: 24.0, unit: "percent"), sourceSlug: "kline2022", studySlug: "hausladen-kline-over"),
        ]
        return CheckTrial18Tests.loaded(dataset, "the age rows")
    }()

    /// Lippens et al.'s register rows of Kleykamp (2009) and Riach (2015), as the register imports them.
    static let registerRows: KnowledgeBase = {
        var dataset = Dataset()
        dataset.sources = [
            Source(slug: "kleykamp2009", issued: PartialDate(year: 2009), doi: "10.1177/0095327x07308631", contributors: [Contributor(family: "Kleykamp", given: nil)]),
            Source(slug: "riach2015", issued: PartialDate(year: 2015), doi: "10.1080/02692171.2015.1021667", contributors: [Contributor(family: "Riach", given: nil)]),
        ]
        dataset.studies = [Study(slug: "lippens-kleykamp-test", sourceSlug: "kleykamp2009", n: 605), Study(slug: "lippens-riach-test", sourceSlug: "riach2015", n: 940)]
        dataset.claims = [
            Claim(slug: "lippens-kleykamp-2009-53668628",
                  statement: "Kleykamp (2009), United States of America: 'Black- or Hispanic-sounding name' applicants got 28 callbacks from 281 applications, 'Anglo-Saxon name' applicants 38 from 324; effect: None",
                  quantity: Quantity(metric: "callback-rate ratio (treatment ÷ control)", value: 0.85, unit: "ratio", direction: .noChange), sourceSlug: "kleykamp2009", studySlug: "lippens-kleykamp-test"),
            Claim(slug: "lippens-riach-2015-b3a4fca3",
                  statement: "Riach (2015), United Kingdom of Great Britain and Northern Ireland: 'Age 47' applicants got 34 callbacks from 470 applications, 'Age 27' applicants 57 from 470; effect: Negative",
                  quantity: Quantity(metric: "callback-rate ratio (treatment ÷ control)", value: 0.596, unit: "ratio", direction: .decrease), sourceSlug: "riach2015", studySlug: "lippens-riach-test"),
        ]
        return CheckTrial18Tests.loaded(dataset, "the register rows")
    }()

    @Test(arguments: [
        // B6: a count an arm writes, with a base the arm does not, is that base mistyped.
        ("Kleykamp (2009) found Black- or Hispanic-sounding name applicants got 28 callbacks from 218 applications.", "218", "281"),
        ("In the UK, Riach (2015) reports 34 callbacks from 407 applications for the older applicant.", "407", "470"),
        ("Riach (2015) reports 57 callbacks from 47 applications for Age 27 applicants.", "47", "470"),
        // Review 29, B3: a base of other things is no arm's base mistyped.
        ("In the UK, Riach (2015) reports 34 callbacks from 120 employers for the older applicant.", nil, nil),
        // Right: both supported.
        ("Kleykamp (2009) found Black- or Hispanic-sounding name applicants got 28 callbacks from 281 applications.", nil, nil),
    ] as [(String, String?, String?)])
    func aCountsMistypedBaseIsAMismatch(page: String, wrong: String?, expected: String?) throws {
        let found = try KBService(Self.registerRows).check([PageReader.page(page, name: "page.md")]).flatMap(\.findings).filter { $0.subject == .number }
        #expect(found.count == 2, "\(found)")
        guard let wrong else {
            // The count is the arm's; the base is right, or of other things (no mismatch either way).
            #expect(found[0].verdict == .supported && !found.contains { $0.verdict == .mismatch }, "\(found)")
            return
        }
        for finding in found {
            if finding.text == wrong {
                #expect(finding.verdict == .mismatch && finding.expected == expected, "\(finding)")
            } else {
                #expect(finding.verdict == .supported, "\(finding)")
            }
        }
    }

    @Test func aSpanOfTimeAfterANumberIsNoGroup() throws {
        // Review 29, B1: "over 12 months" is when, not whom.
        let found = try KBService(Self.byAge).check([PageReader.page("Kline et al. (2022) found that applicants under 40 got callbacks at 24.5% over 12 months.",
                                                                     name: "page.md")]).flatMap(\.findings).filter { $0.subject == .number }
        #expect(found.map(\.text) == ["24.5%"] && found[0].verdict == .supported, "\(found.map { "\($0.text) \($0.verdict) \($0.message)" })")
    }

    @Test(arguments: [
        // B3: a bound right after its number is that number's group.
        ("Kline et al. (2022) found callback rates of 24.5% under 40 against 24% over 40.", true),
        ("Kline et al. (2022) found callback rates of 24% over 40 and 24.5% under 40.", true),
        ("Kline et al. (2022) found callback rates of 24% under 40 against 24.5% over 40.", false),
    ])
    func aBoundAfterItsNumberIsItsGroup(page: String, isTrue: Bool) throws {
        let found = try KBService(Self.byAge).check([PageReader.page(page, name: "page.md")]).flatMap(\.findings).filter { $0.subject == .number }
        #expect(found.count == 2, "\(found)")
        #expect(found.allSatisfy { $0.verdict == (isTrue ? .supported : .mismatch) }, "\(found.map { "\($0.text) \($0.verdict) \($0.message)" })")
    }

    @Test(arguments: [
        // B4: "non-parents" is the 'nonparent' arm, not the 'parent' one.
        ("Correll et al. (2007) found parents were called back at 4.1% and non-parents at 4.7%.", true),
        ("Correll et al. (2007) found parents were called back at 4.1% and nonparents at 4.7%.", true),
        ("Correll et al. (2007) found parents were called back at 4.7% and non-parents at 4.1%.", false),
        ("Correll et al. (2007) found non-parents were called back at 4.7% and parents at 4.1%.", true),
        // Review 29, B4: the singular as an adjective, and the group denied in words.
        ("Correll et al. (2007) found a callback rate of 4.1% for parents and 4.7% for non-parent applicants.", true),
        ("Correll et al. (2007) found a callback rate of 4.7% for applicants without children and 4.1% for parents.", true),
        ("Correll et al. (2007) found a callback rate of 4.7% for applicants who are not parents and 4.1% for parents.", true),
        ("Correll et al. (2007) found a callback rate of 4.1% for parents and 4.7% for those who were not parents.", true),
        ("Correll et al. (2007) found a callback rate of 4.7% for parents and 4.1% for non-parent applicants.", false),
    ])
    func nonParentsAreTheNonparentArm(page: String, isTrue: Bool) throws {
        let found = try KBService(Self.parenthood).check([PageReader.page(page, name: "page.md")]).flatMap(\.findings).filter { $0.subject == .number }
        #expect(found.count == 2, "\(found)")
        #expect(found.allSatisfy { $0.verdict == (isTrue ? .supported : .mismatch) }, "\(found.map { "\($0.text) \($0.verdict) \($0.message)" })")
    }

    func citations(_ text: String) throws -> [CheckFinding] {
        try KBService(Self.knowledgeBase).check([PageReader.page(text, name: "page.md")]).flatMap(\.findings).filter { $0.subject == .citation }
    }

    @Test(arguments: [
        // B5: a register's label knows the first author only; the full list written out is that work.
        ("Neumark, Burn, Button and Chehras (2019) sent résumés to employers.", "neumark2019"),
        ("Neumark, Burn and Button (2019) sent résumés to employers.", "neumark2019"),
        ("Neumark et al. (2019) sent résumés to employers.", "neumark2019"),
        // Another first author is not its (the KB cannot tell the list is the same work's).
        ("Burn, Neumark and Button (2019) sent résumés to employers.", nil),
        ("Neumark, Burn and Button (2016) sent résumés to employers.", nil),
    ] as [(String, String?)])
    func aLabelsFirstAuthorWithTheFullListIsTheLabelsWork(page: String, source: String?) throws {
        let found = try citations(page)
        #expect(found.count == 1, "\(found)")
        if let source {
            #expect(found.first?.verdict == .supported && found.first?.source == source, "\(found)")
        } else {
            #expect(found.first?.verdict != .supported, "\(found)")
        }
    }
}
