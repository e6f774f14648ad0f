import Foundation
import Testing
@testable import KBCore
@testable import KBProse
import KBDomain

/// Issue 17's open cases B7 and B8 and review 19's M3 on `kb check`: a comparative that names
/// its groups before its numbers, a base given to the other group, and the 'No'-group rule
/// read by structure. The fixtures copy real rows: Oreopoulos (2011)'s two gender callback
/// rates as the Hausladen extraction gives them (df_all.csv: 'female gender' 0.1092 of 6567,
/// 'male gender' 0.0897 of 6343), Ahmed et al. (2013)'s LGB+ row of the Lippens register
/// (518 callbacks from 1986 applications, 617 from 2004 without the affiliation), and
/// Drydakis et al. (2017)'s gender row (``CheckReview18Tests/drydakis``).
struct CheckComparativeTests {
    static let knowledgeBase = KnowledgeBase.fixture("comparative fixture KB") { dataset in
        dataset.sources = [
            Source(slug: "oreopoulos2011", issued: PartialDate(year: 2011), doi: "10.1257/pol.3.4.148",
                   contributors: [Contributor(family: "Oreopoulos", given: nil)]),
            Source(slug: "ahmed2013", type: "document", issued: PartialDate(year: 2013), doi: "10.4284/0038-4038-2011.317",
                   contributors: [Contributor(family: "Ahmed", given: nil)]),
        ]
        dataset.studies = [Study(slug: "ahmed2013-lgb", sourceSlug: "ahmed2013", n: 3990)]
        dataset.claims = [
            Claim(slug: "hausladen-oreopoulos-female",
                  statement: "In study 'oreopoulos' (gender and motherhood status), applicants signalling 'female gender' got callbacks at a rate of "
                      + "10.9% of 6567 applications",
                  quantity: Quantity(metric: "callback rate", value: 10.92, unit: "percent"), sourceSlug: "oreopoulos2011"),
            Claim(slug: "hausladen-oreopoulos-male",
                  statement: "In study 'oreopoulos' (gender and motherhood status), applicants signalling 'male gender' got callbacks at a rate of "
                      + "9% of 6343 applications",
                  quantity: Quantity(metric: "callback rate", value: 8.97, unit: "percent"), sourceSlug: "oreopoulos2011"),
            Claim(slug: "lippens-ahmed-et-al-2013-lgb",
                  statement: "Ahmed et al. (2013), Sweden: 'LGB+ organisation affiliation' applicants got 518 callbacks from 1986 applications, "
                      + "'No LGB+ organisation affiliation' applicants 617 from 2004; effect: Negative",
                  quantity: Quantity(metric: "callback-rate ratio (treatment ÷ control)", value: 0.847, unit: "ratio", direction: .decrease),
                  sourceSlug: "ahmed2013", studySlug: "ahmed2013-lgb"),
        ]
    }

    func numbers(_ page: String, in knowledgeBase: KnowledgeBase = Self.knowledgeBase) throws -> [CheckFinding] {
        try KBService(knowledgeBase).check([PageReader.page(page, name: "page.md")]).flatMap(\.findings).filter { $0.subject == .number }
    }

    func describe(_ findings: [CheckFinding]) -> String {
        findings.map { "\($0.text) \($0.verdict) \($0.claim ?? "-") [\($0.expected ?? "")] \($0.message)" }.joined(separator: " | ")
    }

    func at(_ findings: [CheckFinding], _ text: String) throws -> CheckFinding {
        try #require(findings.first { $0.text == text }, "\(describe(findings))")
    }

    // MARK: B7: the groups named first take the numbers in order

    @Test func groupsBeforeTheNumbersTakeThemInOrder() throws {
        for page in ["Women were called back more often than men: 10.9% against 9% (Oreopoulos, 2011).",
                     "According to Oreopoulos (2011), women were called back more often than men, at 10.9% against 9%.",
                     "Women were called back more often than men (10.9% vs. 9%; Oreopoulos, 2011)."] {
            let found = try numbers(page)
            #expect(try at(found, "10.9%").verdict == .supported && at(found, "10.9%").claim == "hausladen-oreopoulos-female", "\(page): \(describe(found))")
            #expect(try at(found, "9%").verdict == .supported && at(found, "9%").claim == "hausladen-oreopoulos-male", "\(page): \(describe(found))")
        }
    }

    @Test func groupsTheOtherWayRoundAreMismatchesNamingWhy() throws {
        for page in ["Men were called back more often than women: 10.9% against 9% (Oreopoulos, 2011).",
                     "According to Oreopoulos (2011), men were called back more often than women, at 10.9% against 9%.",
                     "Men were called back more often than women (10.9% vs. 9%; Oreopoulos, 2011)."] {
            let found = try numbers(page)
            let men = try at(found, "10.9%")
            #expect(men.verdict == .mismatch && men.claim == "hausladen-oreopoulos-male" && men.expected == "8.97%", "\(page): \(describe(found))")
            #expect(men.message.contains("\"men\"") && men.message.contains("'male gender'") && men.message.contains("hausladen-oreopoulos-female"),
                    "\(men.message)")
            let women = try at(found, "9%")
            #expect(women.verdict == .mismatch && women.claim == "hausladen-oreopoulos-female" && women.expected == "10.92%", "\(page): \(describe(found))")
        }
    }

    @Test func oneWrongNumberOfAComparativeIsHeldToItsGroup() throws {
        let found = try numbers("Women were called back more often than men: 10.9% against 8% (Oreopoulos, 2011).")
        #expect(try at(found, "10.9%").verdict == .supported, "\(describe(found))")
        let wrong = try at(found, "8%")
        #expect(wrong.verdict == .mismatch && wrong.claim == "hausladen-oreopoulos-male" && wrong.expected == "8.97%", "\(describe(found))")
        let both = try numbers("Men were called back more often than women: 10.9% against 8% (Oreopoulos, 2011).")
        #expect(!both.contains { $0.verdict == .supported }, "\(describe(both))")
    }

    @Test func numbersWrittenWithTheirOwnGroupsAreNotReordered() throws {
        // Each number's own group phrase: no group-first comparative.
        let own = try numbers("Women were called back at 10.9%, against 9% for men (Oreopoulos, 2011).")
        #expect(own.count == 2 && own.allSatisfy { $0.verdict == .supported }, "\(describe(own))")
        // "respectively" keeps its own rule.
        let respectively = try numbers("Women and men were called back at 10.9% and 9% respectively (Oreopoulos, 2011).")
        #expect(respectively.count == 2 && respectively.allSatisfy { $0.verdict == .supported }, "\(describe(respectively))")
        #expect(PageChecker.comparedGroups(in: "Women were called back more often: 10.9% against 9%.", before: 36) == nil)
        let groups = try #require(PageChecker.comparedGroups(in: "Men were called back more often than women: 10.9% against 9%.", before: 45))
        #expect(groups.0.contains("Men") && groups.1.trimmingCharacters(in: .whitespaces) == "women", "\(groups)")
    }

    @Test func armsOfOneClaimNamedBeforeTheNumbersTakeThemInOrder() throws {
        let right = try numbers("Drydakis et al. (2017b) found that women got fewer callbacks than men: 287 against 385.", in: CheckReview18Tests.drydakis)
        #expect(right.count == 2 && right.allSatisfy { $0.verdict == .supported && $0.claim == "drydakis2017b-gender" }, "\(describe(right))")
        for page in ["Drydakis et al. (2017b) found that men got fewer callbacks than women: 287 against 385.",
                     "Drydakis et al. (2017b) found that 'Male gender' applicants got fewer callbacks than 'Female gender' applicants: 287 against 385."] {
            let swapped = try numbers(page, in: CheckReview18Tests.drydakis)
            #expect(try at(swapped, "287").verdict == .mismatch && at(swapped, "287").expected == "385", "\(page): \(describe(swapped))")
            #expect(try at(swapped, "385").verdict == .mismatch && at(swapped, "385").expected == "287", "\(page): \(describe(swapped))")
        }
    }

    // MARK: B8: a count given to the group the KB gives another

    @Test func aBaseOfTheOtherGroupIsNotThisGroups() throws {
        let wrong = try numbers("Ahmed et al. (2013) sent 2004 applications with an LGB+ affiliation and got 518 callbacks.")
        let base = try at(wrong, "2004")
        #expect(base.number?.kind == .count && base.verdict == .mismatch && base.expected == "1986", "\(describe(wrong))")
        #expect(base.message.contains("'No LGB+ organisation affiliation'"), "\(base.message)")
        #expect(try at(wrong, "518").verdict == .supported, "\(describe(wrong))")
        let right = try numbers("Ahmed et al. (2013) sent 1986 applications with an LGB+ affiliation and got 518 callbacks.")
        #expect(right.count == 2 && right.allSatisfy { $0.verdict == .supported }, "\(describe(right))")
        let without = try numbers("Ahmed et al. (2013) sent 2004 applications without an LGB+ affiliation and got 617 callbacks.")
        #expect(without.count == 2 && without.allSatisfy { $0.verdict == .supported }, "\(describe(without))")
        let swapped = try numbers("Ahmed et al. (2013) sent 1986 applications without an LGB+ affiliation and got 617 callbacks.")
        #expect(try at(swapped, "1986").verdict == .mismatch && at(swapped, "1986").expected == "2004", "\(describe(swapped))")
        // A year stays a year.
        let year = try numbers("In 2004, Ahmed et al. (2013) sent 1986 applications with an LGB+ affiliation.")
        #expect(!year.contains { $0.text == "2004" }, "\(describe(year))")
    }

    // MARK: Review 19, M3: the 'No' group read by structure

    @Test func aDenialNamesTheNoGroupOnlyWhenItBearsOnTheTrait() throws {
        let arms = try #require(ClaimArms(statement: "Ahmed et al. (2013), Sweden: 'LGB+ organisation affiliation' applicants got 518 callbacks from "
                                              + "1986 applications, 'No LGB+ organisation affiliation' applicants 617 from 2004; effect: Negative"))
        for (clause, arm) in [("applicants with an lgb+ affiliation got no more than 518 callbacks", 0),
                              ("applicants listing an lgb+ organisation affiliation", 0),
                              ("applicants without an lgb+ affiliation", 1), ("those without one", 1),
                              ("applicants who did not list an lgb+ affiliation", 1), ("non-lgb+ applicants", 1),
                              ("applicants with no lgb+ affiliation", 1)] {
            #expect(arms.negationNaming(clause)?.arm == arm, "\(clause)")
        }
        #expect(arms.negationNaming("applicants got no callbacks at all") == nil)
        let page = try numbers("Ahmed et al. (2013) found applicants with an LGB+ affiliation got 518 callbacks from 1986 applications and no interviews.")
        #expect(page.count == 2 && page.allSatisfy { $0.verdict == .supported }, "\(describe(page))")
    }
}
