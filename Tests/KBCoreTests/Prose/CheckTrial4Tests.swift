import Foundation
import Testing
@testable import KBCore
@testable import KBProse
import KBDomain

/// Trial 4's `kb check` findings (issue 17, items 4, 5, 2, 3), on a small hand-made KB shaped
/// like the trial's data: two FReD effects of one work with the same statement, Lahey's age
/// register row (a ratio with direction `decrease`, n = 8002), and Kleykamp's two comparisons.
struct CheckTrial4Tests {
    static let knowledgeBase: KnowledgeBase = {
        do {
            let knowledgeBase = try KnowledgeBase.inMemory()
            _ = try knowledgeBase.load(dataset(), command: "test", files: [])
            return knowledgeBase
        } catch {
            fatalError("trial-4 fixture KB: \(error)")
        }
    }()

    static func dataset() -> Dataset {
        var dataset = Dataset()
        dataset.sources = [
            Source(slug: "simonson1992", title: "The role of accountability in escalation", issued: PartialDate(year: 1992),
                   contributors: [Contributor(family: "Simonson", given: "I."), Contributor(family: "Staw", given: "B. M.")]),
            Source(slug: "lahey2008", title: "Age, women, and hiring", issued: PartialDate(year: 2008),
                   contributors: [Contributor(family: "Lahey", given: "J. N.")]),
            Source(slug: "kleykamp2009", title: "A great place to start?", issued: PartialDate(year: 2009),
                   contributors: [Contributor(family: "Kleykamp", given: "M.")]),
        ]
        dataset.studies = [
            Study(slug: "lahey2008-test", sourceSlug: "lahey2008", n: 8002),
            Study(slug: "kleykamp2009-a", sourceSlug: "kleykamp2009", n: 605),
            Study(slug: "kleykamp2009-b", sourceSlug: "kleykamp2009", n: 653),
        ]
        let fredStatement = "Whether holding decision makers accountable for the decision process decreases escalating commitment, "
            + "while accountability for the decision outcomes increases it."
        let ratio = "callback-rate ratio (treatment ÷ control)"
        dataset.claims = [
            Claim(slug: "fred-1-202", statement: fredStatement, quote: "holding subjects accountable for the decision process produced a decrease",
                  quantity: Quantity(metric: "d", value: 0.598), sourceSlug: "simonson1992"),
            Claim(slug: "fred-1-203", statement: fredStatement, quote: "outcome accountability increased allocations",
                  quantity: Quantity(metric: "d", value: -0.374), sourceSlug: "simonson1992"),
            Claim(slug: "fred-1-204", statement: fredStatement, quote: "process accountability was associated with lower allocations",
                  quantity: Quantity(metric: "d", value: 0.9), sourceSlug: "simonson1992"),
            Claim(slug: "lahey-age", statement: "Lahey (2008), United States of America: 'Age 50, age 55, or age 62' applicants got 196 callbacks "
                  + "from 4855 applications, 'Age 35 or age 45' applicants 180 from 3147; effect: Negative",
                  quantity: Quantity(metric: ratio, value: 0.706, unit: "ratio", direction: .decrease), sourceSlug: "lahey2008",
                  studySlug: "lahey2008-test"),
            Claim(slug: "kleykamp-a", statement: "Kleykamp (2009), United States of America: 'Black- or Hispanic-sounding name' applicants got "
                  + "28 callbacks from 281 applications, 'Anglo-Saxon name' applicants 38 from 324; effect: None",
                  quantity: Quantity(metric: ratio, value: 0.85, unit: "ratio", direction: .noChange), sourceSlug: "kleykamp2009",
                  studySlug: "kleykamp2009-a"),
            Claim(slug: "kleykamp-b", statement: "Kleykamp (2009), United States of America: 'Black- or Hispanic-sounding name' applicants got "
                  + "34 callbacks from 329 applications, 'Anglo-Saxon name' applicants 38 from 324; effect: None",
                  quantity: Quantity(metric: ratio, value: 0.881, unit: "ratio", direction: .noChange), sourceSlug: "kleykamp2009",
                  studySlug: "kleykamp2009-b"),
        ]
        return dataset
    }

    func check(_ text: String) throws -> [CheckFinding] {
        try KBService(Self.knowledgeBase).check([PageReader.page(text, name: "page.md")]).flatMap(\.findings)
    }

    func at(_ findings: [CheckFinding], _ text: String) -> CheckFinding? {
        findings.first { $0.subject == .number && $0.text == text }
    }

    // MARK: Item 4: one of several claims with the same statement states the number

    @Test func aNumberOneOfTheWorksClaimsStatesIsSupportedByIt() throws {
        // "cut escalation" says a decrease; fred-1-204 states 0.9 and says no direction.
        let findings = try check("Simonson and Staw (1992) report accountability for the process cut escalation, d = 0.9.")
        let number = try #require(at(findings, "0.9"))
        #expect(number.verdict == .supported && number.claim == "fred-1-204", "\(number.message)")
        let other = try #require(at(try check("Simonson and Staw (1992) report accountability for the process cut escalation, d = 0.598."), "0.598"))
        #expect(other.verdict == .supported && other.claim == "fred-1-202", "\(other.message)")
        // A number neither claim states is still a mismatch.
        let wrong = try #require(at(try check("Simonson and Staw (1992) report accountability for the process cut escalation, d = 0.7."), "0.7"))
        #expect(wrong.verdict == .mismatch, "\(wrong.message)")
    }

    // MARK: Item 5: the claim's value as stored, and a count held against the study's n

    @Test func aMismatchShowsTheClaimsValueAsStored() throws {
        let wrong = try #require(at(try check("Lahey (2008) found a callback ratio of 0.9."), "0.9"))
        #expect(wrong.verdict == .mismatch && wrong.claim == "lahey-age")
        #expect(wrong.expected == "0.706 ratio" && !wrong.message.contains("-0.706"), "\(wrong.message)")
    }

    @Test func aCountOfApplicationsIsHeldAgainstTheStudysN() throws {
        let total = try #require(at(try check("Lahey (2008) sent 8500 applications in total."), "8500"))
        #expect(total.verdict == .mismatch && total.claim == "lahey-age", "\(total.message)")
        #expect(total.expected == "n = 8002" && total.message.contains("n = 8002") && !total.message.contains("0.706"), "\(total.message)")
        let right = try #require(at(try check("Lahey (2008) sent 8002 applications in total."), "8002"))
        #expect(right.verdict == .supported)
    }

    // MARK: Item 3: one clause's ratio and n from two different claims

    @Test func aClausesRatioAndNFromTwoComparisonsAreAMismatch() throws {
        let findings = try check("Kleykamp (2009) reported a callback ratio of 0.85 with n = 653.")
        #expect(at(findings, "0.85")?.verdict == .supported)
        let n = try #require(at(findings, "n = 653"))
        #expect(n.verdict == .mismatch && n.claim == "kleykamp-a" && n.expected == "n = 605", "\(n.message)")
        // The ratio and n of one comparison stay supported; so do two clauses.
        let right = try check("Kleykamp (2009) reported a callback ratio of 0.881 with n = 653.")
        #expect(at(right, "n = 653")?.verdict == .supported && at(right, "0.881")?.verdict == .supported)
        let apart = try check("Kleykamp (2009) reported a callback ratio of 0.85; another comparison had n = 653.")
        #expect(at(apart, "n = 653")?.verdict == .supported)
    }
}
