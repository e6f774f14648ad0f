import Foundation
import Testing
@testable import KBCore
@testable import KBProse
import KBDomain

/// Review 8's `kb check` findings on the arm rule (B1, M1, M2, m7), on the trial-4 fixture KB
/// (CheckTrial4Tests): right numbers are never a mismatch.
struct CheckReview8Tests {
    /// The trial-4 KB plus a second claim of Kleykamp's n = 653 study that writes none of the
    /// arms' numbers (review 8's `c.yaml`).
    static let siblingKnowledgeBase: KnowledgeBase = {
        do {
            var dataset = CheckTrial4Tests.dataset()
            dataset.claims.append(Claim(slug: "kleykamp-c", statement: "Kleykamp (2009), United States of America: Anglo-Saxon names got more "
                + "interview invitations; effect: None", quantity: Quantity(metric: "interview ratio", value: 1.2, unit: "ratio"),
                sourceSlug: "kleykamp2009", studySlug: "kleykamp2009-b"))
            let knowledgeBase = try KnowledgeBase.inMemory()
            _ = try knowledgeBase.load(dataset, command: "test", files: [])
            return knowledgeBase
        } catch {
            fatalError("review-8 fixture KB: \(error)")
        }
    }()

    func check(_ text: String, in knowledgeBase: KnowledgeBase = CheckTrial4Tests.knowledgeBase) throws -> [CheckFinding] {
        try KBService(knowledgeBase).check([PageReader.page(text, name: "page.md")]).flatMap(\.findings)
    }

    func numbers(_ findings: [CheckFinding]) -> [CheckFinding] { findings.filter { $0.subject == .number } }

    // MARK: B1 and m7: right numbers written as a comparison or named weakly are supported

    @Test(arguments: [
        "Lahey (2008) counted 196 and 180 callbacks for older and younger applicants respectively.",
        "Lahey (2008) sent 4855 and 3147 applications to firms for the older and younger applicants.",
        "Lahey (2008) found 196 vs. 180 callbacks.",
        "Lahey (2008): applicants aged 50 to 62 got 196 callbacks against 180 for younger ones.",
        "Lahey (2008): applicants aged 50 to 62 received 196 callbacks compared with 180 for those aged 35 or 45.",
        "Lahey (2008) found applicants under 50 got 180 callbacks from 3147 applications.",
        "Lahey (2008) found applicants over 45 got 196 callbacks from 4855 applications.",
        "Lahey (2008) found applicants aged 50 or more got 196 callbacks from 4855 applications.",
        "Kleykamp (2009): white-sounding names got 38 callbacks from 324 applications, while Black or Hispanic names got 28 from 281.",
        "Kleykamp (2009): Black or Hispanic names got 28 callbacks from 281 applications, compared with 38 from 324 for white-sounding names.",
        "For Anglo-Saxon names, Kleykamp (2009) counted 38 callbacks from 324 applications.",
    ])
    func rightNumbersAreSupported(_ sentence: String) throws {
        let found = numbers(try check(sentence))
        #expect(found.count >= 2, "\(found.map(\.text))")
        for number in found {
            #expect(number.verdict == .supported, "\(number.text): \(number.message)")
        }
    }

    @Test func aSingleWordAgainstThePairIsNeverAMismatch() throws {
        // "50" alone names the older arm; 180 from 3147 is the younger's: unsupported, not a mismatch.
        let weak = numbers(try check("Lahey (2008) found applicants aged 50 or more got 180 callbacks from 3147 applications."))
        #expect(weak.count == 2 && weak.allSatisfy { $0.verdict == .unsupported && $0.message.contains("cannot tell") }, "\(weak.map(\.message))")
        // A bound the younger arm's ages fall in, against the older arm's pair.
        let bound = numbers(try check("Lahey (2008) found applicants under 50 got 196 callbacks from 4855 applications."))
        #expect(bound.count == 2 && bound.allSatisfy { $0.verdict == .unsupported }, "\(bound.map(\.message))")
        // Two single-word namings of one arm: neither is trusted.
        let twice = numbers(try check("Kleykamp (2009): Black applicants got 28 callbacks from 281 applications, "
            + "compared with 38 from 324 for white-sounding names."))
        #expect(twice.count == 4 && !twice.contains { $0.verdict == .mismatch }, "\(twice.map(\.message))")
    }

    @Test func theTrialsSwapsKeepTheirVerdicts() throws {
        let named = numbers(try check("Lahey (2008): older applicants (aged 50, 55 or 62) got 180 callbacks from 3147 applications, "
            + "younger ones (35 or 45) 196 from 4855."))
        #expect(named.count == 4 && named.allSatisfy { $0.verdict == .mismatch }, "\(named.map(\.message))")
        let unnamed = numbers(try check("Lahey (2008): older applicants got 180 callbacks from 3147 applications, younger ones 196 from 4855."))
        #expect(unnamed.count == 4 && unnamed.allSatisfy { $0.verdict == .unsupported }, "\(unnamed.map(\.message))")
        // The whole label, or two of its words, still make a wrong pair a mismatch.
        let strong = numbers(try check("Kleykamp (2009) found Anglo-Saxon names got 28 callbacks from 281 applications."))
        #expect(strong.count == 2 && strong.allSatisfy { $0.verdict == .mismatch && $0.expected == "38 and 324" }, "\(strong.map(\.message))")
        // A count and its base from two arms.
        let crossed = numbers(try check("Lahey (2008): 196 callbacks came from 3147 applications."))
        #expect(crossed.map(\.verdict) == [.mismatch, .mismatch], "\(crossed.map(\.message))")
    }

    @Test func boundsAreReadNotNamed() {
        let read = ClaimArms.namingTokens("applicants under 50, over 45, aged 50+ or up to 62, aged 55")
        #expect(read.tokens == ["applicants", "aged", "55"])
        #expect(read.bounds == [Int.min...49, 46...Int.max, 50...Int.max, Int.min...62])
    }

    // MARK: M1: an n whose sibling claim writes the clause's numbers is not paired

    @Test func aRightNIsNotAMismatchWhenASiblingClaimWritesTheClausesNumbers() throws {
        let findings = try check("Kleykamp (2009) found Anglo-Saxon names got more interview invitations, 38 from 324 with n = 653.",
                                 in: Self.siblingKnowledgeBase)
        let n = try #require(findings.first { $0.text == "n = 653" })
        #expect(n.verdict == .supported, "\(n.message)")
        // A value only the other study's claim states still pairs the n with it.
        let paired = try #require(try check("Kleykamp (2009) reported a callback ratio of 0.85 with n = 653.", in: Self.siblingKnowledgeBase)
            .first { $0.text == "n = 653" })
        #expect(paired.verdict == .mismatch && paired.expected == "n = 605", "\(paired.message)")
    }

    // MARK: M2: a lead-in clause names the group

    @Test func aLeadInClauseNamesTheGroup() throws {
        let right = numbers(try check("Kleykamp (2009) found Anglo-Saxon names got more interview invitations, 38 from 324 with n = 653.",
                                      in: Self.siblingKnowledgeBase))
        #expect(right.filter { $0.text == "38" || $0.text == "324" }.allSatisfy { $0.verdict == .supported }, "\(right.map(\.message))")
        let wrong = numbers(try check("For Anglo-Saxon names, Kleykamp (2009) counted 28 callbacks from 281 applications."))
        #expect(wrong.count == 2 && wrong.allSatisfy { $0.verdict == .mismatch }, "\(wrong.map(\.message))")
    }

    // MARK: m1: small counts with up to two words before "from", "of" or "out of"

    @Test func smallCountsOfOrOutOfACountAreRead() throws {
        #expect(NumberReader.numbers(in: "38 callbacks came from 324 applications").map(\.text) == ["38", "324"])
        #expect(NumberReader.numbers(in: "28 of 281 applications, 38 out of 324").map(\.text) == ["28", "281", "38", "324"])
        #expect(NumberReader.numbers(in: "3 of the teams; 5 hires came from 2019 on").isEmpty)
        let came = numbers(try check("Kleykamp (2009) found that for Anglo-Saxon names, 38 callbacks came from 324 applications."))
        #expect(came.map(\.text) == ["38", "324"] && came.allSatisfy { $0.verdict == .supported }, "\(came.map(\.message))")
        let of = numbers(try check("Kleykamp (2009): Anglo-Saxon names got 28 of 281 applications called back."))
        #expect(of.map(\.text) == ["28", "281"] && of.allSatisfy { $0.verdict == .mismatch }, "\(of.map(\.message))")
        #expect(PageChecker.isCountAndBase("196 out of 3147", from: 3, to: 11))
        #expect(!PageChecker.isCountAndBase("196 and then some from 3147", from: 3, to: 23))
    }
}
