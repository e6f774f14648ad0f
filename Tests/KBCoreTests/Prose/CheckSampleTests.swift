import Foundation
import Testing
@testable import KBCore
@testable import KBProse
import KBDomain

/// Issue 17's open case B10 and review 19's M2 on `kb check`, against the seed KB (Noy &
/// Zhang's study has n = 453): a small sample after a sampling verb is the study's sample and
/// held to its n; a sample drawn from the n ("45 of the 453") is a part of it, not a wrong n.
struct CheckSampleTests {
    func numbers(_ page: String) throws -> [CheckFinding] {
        try KBService(Seeded.knowledgeBase).check([PageReader.page(page, name: "page.md")]).flatMap(\.findings).filter { $0.subject == .number }
    }

    func describe(_ findings: [CheckFinding]) -> String {
        findings.map { "\($0.text) \($0.verdict) \($0.claim ?? "-") [\($0.expected ?? "")] \($0.message)" }.joined(separator: " | ")
    }

    // MARK: B10: a small sample after a sampling verb

    @Test func aSmallSampleAfterASamplingVerbIsHeldToTheStudysN() throws {
        for (page, text) in [("Noy and Zhang (2023) surveyed 45 professionals.", "45"), ("Noy and Zhang (2023) interviewed 12 recruiters.", "12"),
                             ("We surveyed a total of 45 managers (Noy & Zhang, 2023).", "45"),
                             ("According to Noy and Zhang (2023), 45 managers were surveyed.", "45"),
                             ("Noy and Zhang (2023) recruited 60 college-educated professionals.", "60")] {
            let all = try numbers(page)
            let found = try #require(all.first { $0.text == text }, "\(page): \(describe(all))")
            #expect(found.verdict == .mismatch && found.expected == "n = 453" && found.source == "noy2023experimental", "\(page): \(found.message)")
        }
        let right = try numbers("Noy and Zhang (2023) surveyed 453 professionals.")
        #expect(right.count == 1 && right[0].verdict == .supported, "\(describe(right))")
    }

    @Test func smallCountsThatAreNoSampleStayUnread() throws {
        for page in ["Noy and Zhang (2023) gave each writer 45 minutes per task.", "Noy and Zhang (2023) tested 3 hypotheses.",
                     "The 45 people in the room heard about Noy and Zhang (2023).", "Noy and Zhang (2023) surveyed workers 12 times."] {
            let found = try numbers(page)
            #expect(found.isEmpty, "\(page): \(describe(found))")
        }
        #expect(NumberReader.numbers(in: "we surveyed 45 managers").first?.value == 45)
        #expect(NumberReader.numbers(in: "12 recruiters were interviewed").first?.value == 12)
        #expect(NumberReader.numbers(in: "we surveyed them 12 times").isEmpty)
    }

    // MARK: Review 19, M2: a subsample of the study's n

    @Test func aSampleDrawnFromTheStudysNIsNeitherTheNNorAWrongN() throws {
        for page in ["Noy and Zhang (2023) interviewed a sample of 45 of the 453 professionals.",
                     "Noy and Zhang (2023) surveyed 45 of the 453 professionals after the experiment.",
                     "After the trial, a sample of 45 of the 453 professionals was interviewed (Noy & Zhang, 2023)."] {
            let found = try numbers(page)
            let n = try #require(found.first { $0.text == "453" }, "\(page): \(describe(found))")
            #expect(n.verdict == .supported, "\(page): \(describe(found))")
            let part = try #require(found.first { $0.text == "45" }, "\(page): \(describe(found))")
            #expect(part.verdict == .unsupported && part.expected == nil && part.message.contains("subsample"), "\(page): \(describe(found))")
        }
        // The whole is still held to the n; a sample of its own stays a sample.
        let wrongWhole = try numbers("Noy and Zhang (2023) interviewed a sample of 45 of the 460 professionals.")
        #expect(wrongWhole.first { $0.text == "460" }?.verdict == .mismatch, "\(describe(wrongWhole))")
        #expect(wrongWhole.first { $0.text == "45" }?.verdict == .unsupported, "\(describe(wrongWhole))")
        let alone = try numbers("ChatGPT raised output quality by 18% (Noy & Zhang, 2023), in a sample of 45 people.")
        #expect(alone.first { $0.text == "45" }?.verdict == .mismatch, "\(describe(alone))")
        // "145 of the 453 callbacks" is a count and its base, not a sample.
        let line = "got 145 of the 453 callbacks"
        #expect(PageChecker.wholeOfSample(try #require(NumberReader.numbers(in: line).first), in: line) == nil)
    }
}
