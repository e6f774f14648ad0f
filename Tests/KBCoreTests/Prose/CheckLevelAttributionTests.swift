import Foundation
import Testing
@testable import KBCore
@testable import KBProse
import KBDomain

/// Two causes of false mismatches found on the 10,000-word benchmark page at 1M claims (issue
/// 17): a claim with no direction whose own statement writes its value as a change ("changed by
/// 18%", as a CSV import leaves a finding) was taken for a level, so a page's "+18%" was held to
/// the work's other claim; and a sentence that cites nothing was held to a citation that only a
/// later sentence of its line makes. Noy and Zhang (2023) with its two findings stored as a CSV
/// import stores them: signed values, no direction.
struct CheckLevelAttributionTests {
    static let undirected = CheckOneClaimTests.fixture { dataset in
        dataset.sources = [
            Source(slug: "noy2023experimental", title: "Experimental evidence on the productivity effects of generative artificial intelligence",
                   containerTitle: "Science", volume: "381", issue: "6654", issued: PartialDate(year: 2023), doi: "10.1126/science.adh2586",
                   contributors: [Contributor(family: "Noy", given: "S."), Contributor(family: "Zhang", given: "W.")]),
        ]
        dataset.claims = [
            Claim(slug: "noy-quality", statement: "Writing-task quality changed by 18% with access to ChatGPT.",
                  quantity: Quantity(metric: "writing-task quality", value: 18, unit: "percent"), sourceSlug: "noy2023experimental"),
            Claim(slug: "noy-time", statement: "Writing-task time changed by -40% with access to ChatGPT.",
                  quantity: Quantity(metric: "writing-task time", value: -40, unit: "percent"), sourceSlug: "noy2023experimental"),
        ]
    }

    func numbers(_ text: String) throws -> [CheckFinding] {
        try KBService(Self.undirected).check([PageReader.page(text, name: "page.md")]).flatMap(\.findings).filter { $0.subject == .number }
    }

    @Test func aClaimWhoseStatementWritesAChangeIsNotALevel() throws {
        for sentence in ["Noy and Zhang (2023) found that writing-task quality changed by +18%.",
                         "Noy and Zhang (2023) found that writing-task quality rose by 18%.",
                         "Noy and Zhang (2023) found that writing-task quality changed by 18%."] {
            let found = try #require(try numbers(sentence).first)
            #expect(found.verdict == .supported && found.claim == "noy-quality", "\(sentence): \(found.verdict) \(found.message)")
        }
        // The opposite direction against that change is still the opposite sign.
        let wrong = try #require(try numbers("Noy and Zhang (2023) found that writing-task quality fell by 18%.").first)
        #expect(wrong.verdict == .mismatch && wrong.message.contains("opposite"), "\(wrong.message)")
    }

    @Test func aLevelClaimStaysALevel() {
        let rate = EvidenceClaim(id: 1, slug: "rate", statement: "Applicants got callbacks at a rate of 10% of 200 applications", quote: nil,
                                 metric: "callback rate", value: 10, unit: "percent", direction: nil, baseline: nil, grade: .low,
                                 replication: .unknown, sourceID: 1, studyN: 200, studyNText: nil).readingItsText()
        #expect(NumberMatch.isLevel(rate))
        let change = EvidenceClaim(id: 2, slug: "change", statement: "Writing-task quality changed by 18% with access to ChatGPT.", quote: nil,
                                   metric: nil, value: 18, unit: "percent", direction: nil, baseline: nil, grade: .low,
                                   replication: .unknown, sourceID: 1, studyN: nil, studyNText: nil).readingItsText()
        #expect(!NumberMatch.isLevel(change))
    }

    @Test func aSentenceCitedOnlyByALaterSentenceIsNoMismatch() throws {
        let found = try numbers("Elsewhere, productivity changed by +13.7%. Noy and Zhang (2023) found that writing-task quality changed by 18%.")
        let first = try #require(found.first { $0.text == "+13.7%" })
        #expect(first.verdict == .unsupported && first.source == nil, "\(first.verdict) \(first.message)")
        #expect(found.first { $0.text == "18%" }?.verdict == .supported)
        // A later citation still credits a number its work states.
        let credited = try #require(try numbers("Writing-task quality changed by 18%. Noy and Zhang (2023) ran the experiment.").first)
        #expect(credited.verdict == .supported && credited.claim == "noy-quality", "\(credited.verdict) \(credited.message)")
    }

    @Test func anEarlierCitationStillAttributesTheNextSentence() throws {
        let found = try numbers("Noy and Zhang (2023) found that writing-task quality changed by 18%. Writing-task time changed by -37%.")
        let second = try #require(found.first { $0.text == "-37%" })
        #expect(second.verdict == .mismatch && second.claim == "noy-time", "\(second.verdict) \(second.message)")
    }
}

/// Review 15's findings on the lead's rules and the verb lexicon (issue 17).
struct CheckReview15LeadTests {
    func numbers(_ text: String, in knowledgeBase: KnowledgeBase = Seeded.knowledgeBase) throws -> [CheckFinding] {
        try KBService(knowledgeBase).check([PageReader.page(text, name: "page.md")]).flatMap(\.findings).filter { $0.subject == .number }
    }

    /// M1: a citation that ends a later sentence covers the sentence before it; only one that
    /// opens its own sentence does not.
    @Test func aCitationEndingTheNextSentenceCoversTheOneBefore() throws {
        let found = try numbers("ChatGPT cut writing time by 90%. It also raised quality by 18% (Noy and Zhang, 2023).")
        let wrong = try #require(found.first { $0.text == "90%" })
        #expect(wrong.verdict == .mismatch && wrong.claim == "noy2023-writing-time", "\(wrong.verdict) \(wrong.message)")
        let opened = try numbers("ChatGPT cut writing time by 90%. Noy and Zhang (2023) found that it raised quality by 18%.")
        let unattributed = try #require(opened.first { $0.text == "90%" })
        #expect(unattributed.verdict == .unsupported && unattributed.source == nil, "\(unattributed.verdict) \(unattributed.message)")
        #expect(opened.first { $0.text == "18%" }?.verdict == .supported)
    }

    /// M4: the verbs of a cut or a rise, the comparatives' verbs among them, give the direction.
    @Test func theVerbLexiconReadsBothWays() throws {
        for verb in ["trimmed", "slashed", "shaved", "shortened", "compressed", "curtailed", "halved", "lessened"] {
            let right = try #require(try numbers("Noy and Zhang (2023) found that ChatGPT \(verb) writing time by 40%.").first)
            #expect(right.verdict == .supported, "\(verb): \(right.verdict) \(right.message)")
            let wrong = try #require(try numbers("Noy and Zhang (2023) found that ChatGPT \(verb) writing quality by 18%.").first)
            #expect(wrong.verdict == .mismatch, "\(verb) quality: \(wrong.verdict) \(wrong.message)")
        }
        for verb in ["enhanced", "lifted", "elevated", "bumped up", "strengthened", "upgraded", "lengthened", "extended"] {
            let right = try #require(try numbers("Noy and Zhang (2023) found that ChatGPT \(verb) writing quality by 18%.").first)
            #expect(right.verdict == .supported, "\(verb): \(right.verdict) \(right.message)")
            let wrong = try #require(try numbers("Noy and Zhang (2023) found that ChatGPT \(verb) writing time by 40%.").first)
            #expect(wrong.verdict == .mismatch, "\(verb) time: \(wrong.verdict) \(wrong.message)")
        }
    }
}
