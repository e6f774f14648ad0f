import Foundation
import Testing
@testable import KBCore
@testable import KBProse
import KBDomain

/// Review 12's findings on `kb check` (issue 17): a sign a direction word implies is dropped
/// only against a level, never against a change's claim (B1), hedges between "by" and the
/// number, and the comparatives that say a change's direction (m6). On the seeds (Noy and
/// Zhang: writing time −40%, quality +18%) and on trial 6's small KB.
struct CheckReview12Tests {
    func check(_ text: String, in knowledgeBase: KnowledgeBase) throws -> [CheckFinding] {
        try KBService(knowledgeBase).check([PageReader.page(text, name: "page.md")]).flatMap(\.findings)
    }

    func number(_ sentence: String, in knowledgeBase: KnowledgeBase = Seeded.knowledgeBase) throws -> CheckFinding {
        try #require(try check(sentence, in: knowledgeBase).first { $0.subject == .number }, "\(sentence)")
    }

    // MARK: B1: the implied sign is held against a change's claim

    @Test func aWrongDirectionAgainstAChangeIsAMismatchWhateverTheHedge() throws {
        for sentence in ["Noy and Zhang (2023) found that ChatGPT increased writing time by about 40%.",
                         "Noy and Zhang (2023) found that ChatGPT increased writing time by roughly 40%.",
                         "Noy and Zhang (2023) found that writing quality fell by nearly 18%.",
                         "Noy and Zhang (2023) found that writing time went up by some 40%.",
                         "Noy and Zhang (2023) found that writing quality declined by about 18%.",
                         "Noy and Zhang (2023) found that writing quality decreased by an average of 18%.",
                         "Noy and Zhang (2023) found that writing quality fell by more than 18%."] {
            let found = try number(sentence)
            #expect(found.verdict == .mismatch && found.message.contains("opposite"), "\(sentence): \(found.verdict) \(found.message)")
        }
    }

    @Test func theRightDirectionWithAHedgeStaysSupported() throws {
        for sentence in ["Noy and Zhang (2023) found that ChatGPT cut writing time by about 40%.",
                         "Noy and Zhang (2023) found that ChatGPT reduced writing time, 40% in all.",
                         "Noy and Zhang (2023) found that writing quality rose by nearly 18%.",
                         "Noy and Zhang (2023) found that writing quality improved by an average of 18%."] {
            let found = try number(sentence)
            #expect(found.verdict == .supported, "\(sentence): \(found.verdict) \(found.message)")
        }
    }

    @Test func aHedgeAfterByKeepsTheNumberAChange() throws {
        for text in ["increased time by about 40%", "fell by nearly 18%", "went up by some 40%", "declined by roughly 18%",
                     "decreased by an average of 18%", "fell by more than 18%", "rose by just 18%"] {
            let read = try #require(NumberReader.numbers(in: text).first, "\(text)")
            #expect(read.isChange && read.sign != .unstated, "\(text)")
        }
        // A hedge after a level's preposition leaves it a level.
        for text in ["fell to about 40%", "stood at nearly 18%", "dropped from roughly 50%"] {
            let read = try #require(NumberReader.numbers(in: text).first, "\(text)")
            #expect(!read.isChange && read.sign == .unstated, "\(text)")
        }
    }

    /// An implied sign not in change form is still dropped against a level: Kang's 10% is a
    /// callback rate (review 9, M1), while against a change's claim it is held ("increased
    /// writing time, 40% in all" is then `unsupported`, review 14, M1). "fewer callbacks" says
    /// no sign at all: a comparative before its noun qualifies the noun (review 14, M1).
    @Test func anImpliedSignIsDroppedOnlyAgainstALevel() throws {
        #expect(try #require(NumberReader.numbers(in: "got fewer callbacks, 291 from 2494").first).sign == .unstated)
        let level = try #require(NumberReader.numbers(in: "lowered the callbacks, 291 from 2494").first)
        let held = try #require(NumberReader.numbers(in: "291 from 2494").first)
        #expect(level.sign == .minus && !level.isChange)
        #expect(NumberMatch.writes([held], level, level: true))
        #expect(!NumberMatch.writes([held], level, level: false))
        let found = try number("Galarza and Yamada (2017): female applicants got fewer callbacks, 291 from 2494 applications.",
                               in: CheckTrial6Tests.knowledgeBase)
        #expect(found.verdict == .supported, "\(found.message)")
    }

    // MARK: m6: comparatives after the number

    @Test func aComparativeAfterTheNumberSaysItsDirection() throws {
        for (text, sign) in [("was 40% longer", ProseNumber.Sign.plus), ("was 40% shorter", .minus), ("was 18% better", .plus),
                             ("was 18% worse", .minus), ("was 18% higher", .plus), ("was 18% lower", .minus), ("40% more", .plus),
                             ("40% less", .minus), ("40% faster", .unstated)] {
            let read = try #require(NumberReader.numbers(in: text).first, "\(text)")
            #expect(read.sign == sign && (sign == .unstated || read.isChange), "\(text)")
        }
        for sentence in ["Noy and Zhang (2023) found writing time was 40% longer.", "Noy and Zhang (2023) found writing quality was 18% worse."] {
            let found = try number(sentence)
            #expect(found.verdict == .mismatch && found.message.contains("opposite"), "\(sentence): \(found.message)")
        }
        for sentence in ["Noy and Zhang (2023) found writing time was 40% shorter.", "Noy and Zhang (2023) found writing quality was 18% better."] {
            let found = try number(sentence)
            #expect(found.verdict == .supported, "\(sentence): \(found.message)")
        }
    }

    // MARK: M5: a change the KB holds as a level is not emitted

    @Test func aChangeTheKBHoldsAsALevelIsNotEmitted() throws {
        let kb = CheckTrial6Tests.knowledgeBase
        let drop = try number("Female applicants saw a 10.9% drop in callbacks (Oreopoulos, 2011).", in: kb)
        #expect(drop.verdict == .unsupported && drop.claim == "hausladen-oreopoulos-4438b8a0", "\(drop.message)")
        let out = ClaimEmitter.emit(try KBService(kb).check([PageReader.page("Female applicants saw a 10.9% drop in callbacks (Oreopoulos, 2011).",
                                                                              name: "page.md")]))
        #expect(out.count == 0 && out.left == 1, "\(out.yaml)")
        #expect(out.yaml.contains("# Not emitted: page.md:1:") && out.yaml.contains("hausladen-oreopoulos-4438b8a0's level, not a change"), "\(out.yaml)")
        // A change the KB holds nowhere is still emitted; the level itself stays supported.
        let other = ClaimEmitter.emit(try KBService(kb).check([PageReader.page("Female applicants saw a 12.5% drop in callbacks (Oreopoulos, 2011).",
                                                                                name: "page.md")]))
        #expect(other.count == 1, "\(other.yaml)")
        let rate = try number("Female applicants were called back at a rate of 10.9% (Oreopoulos, 2011).", in: kb)
        #expect(rate.verdict == .supported, "\(rate.message)")
    }

    // MARK: M6, m2: places

    @Test func placesReadTheUSAndLeaveSurnamesOut() {
        #expect(PageChecker.countriesNamed(in: "In the US, obese applicants got 362 callbacks.") == ["United States"])
        #expect(PageChecker.countriesNamed(in: "In the UK and the U.S., rates fell.") == ["United Kingdom", "United States"])
        // An author list is read from the citation's structure or the cited work's authors, not
        // from "Lee" being no country (review 14, M3).
        #expect(PageChecker.countriesNamed(in: "Busetta et al. (2020) found 0.533, as England and Lee had found before.", authors: ["lee"]).isEmpty)
        #expect(PageChecker.countriesNamed(in: "Busetta et al. (2020) found 0.533, as England and Lee (2019) had found before.").isEmpty)
        #expect(PageChecker.countriesNamed(in: "a study run from Holland") == ["Netherlands"])
        #expect(PageChecker.countriesNamed(in: "Studies in Italy and Spain agree.") == ["Italy", "Spain"])
        #expect(PageChecker.countriesNamed(in: "the work in England and Wales") == ["United Kingdom"])
        #expect(PageChecker.countriesNamed(in: "a study in North Korea") == ["North Korea"])
        #expect(PageChecker.countriesNamed(in: "let us see").isEmpty)
    }

    /// m3: a number the KB holds for another country is listed with that reason.
    @Test func aNumberHeldForAnotherPlaceIsNotEmittedForThatReason() throws {
        let text = "In Peru, dark phenotype applicants got 290 callbacks from 976 applications (Busetta et al., 2020)."
        let out = ClaimEmitter.emit(try KBService(CheckTrial6Tests.knowledgeBase).check([PageReader.page(text, name: "page.md")]))
        #expect(out.count == 0 && out.yaml.contains("lippens-busetta-et-al-2020-316ac1eb's, for another place"), "\(out.yaml)")
    }
}
