import Foundation
import Testing
@testable import KBCore
@testable import KBProse
import KBDomain

/// Review 19's M4 and para:9/12 on `kb check`, against the seed KB: whether a later citation
/// opens its sentence is read from the sentence's structure, across the lines it is wrapped
/// over (the same page re-wrapped gives the same report), and a heading's or a table row's
/// citation does not reach the line below.
struct CheckWrapTests {
    func findings(_ page: String) throws -> [CheckFinding] {
        try KBService(Seeded.knowledgeBase).check([PageReader.page(page, name: "page.md")]).flatMap(\.findings)
    }

    /// A finding as an editor compares two reports of one text: what, which verdict, which
    /// claim and work — not where (wrapping moves the lines and columns). A citation is named by
    /// its work, not its span: a pointer word on the citation's line ("See Noy and Zhang (2023)")
    /// is part of the span the reader reports, one on the line before is not.
    func report(_ page: String) throws -> [String] {
        try findings(page).map { finding in
            let what = finding.subject == .citation ? "" : finding.text
            return "\(finding.subject) \(what) \(finding.verdict) \(finding.claim ?? "-") \(finding.source ?? "-")"
        }.sorted()
    }

    /// Each way of wrapping `marked` at its `|` marks: every subset of the marks breaks the
    /// line there (the unwrapped text is the empty subset).
    func wrappings(_ marked: String) -> [String] {
        let parts = marked.components(separatedBy: "|")
        let marks = parts.count - 1
        return (0..<(1 << marks)).map { mask in
            var text = parts[0]
            for index in 1..<parts.count {
                let breaks = mask & (1 << (index - 1)) != 0
                let part = parts[index]
                text += breaks ? "\n" + part.drop { $0 == " " } : part
            }
            return text
        }
    }

    // MARK: M4: the same page re-wrapped gives the same report

    static let paragraphs = [
        // A citation after a lead-in opens a sentence of its own numbers.
        "ChatGPT cut writing time by 90%.| In a large trial,| Noy and Zhang (2023) found that| quality rose 18%.",
        "ChatGPT cut writing time by 90%.| As Noy and Zhang (2023)| show, quality rose 18%.",
        // A sentence that only cites, and a pointer, attribute the sentence before.
        "ChatGPT cut writing time by 90%.| Noy and Zhang (2023)| ran the experiment.",
        "ChatGPT cut writing time by 90%.| See| Noy and Zhang (2023).",
        // A citation after a number of its own sentence covers the paragraph.
        "ChatGPT cut writing time by 90%.| Quality rose by| 18% (Noy & Zhang, 2023).",
        // The number's own sentence wraps on to its citation.
        "ChatGPT cut writing time by 90% in the trial| of Noy and Zhang (2023).",
        "Noy and Zhang (2023) ran a trial with professionals,| and in it ChatGPT cut writing time by 90%.",
    ]

    @Test func aPageReWrappedGivesTheSameReport() throws {
        for paragraph in Self.paragraphs {
            let variants = wrappings(paragraph)
            let unwrapped = try report(variants[0])
            #expect(unwrapped.contains { $0.hasPrefix("number 90%") }, "\(variants[0]): \(unwrapped)")
            for variant in variants.dropFirst() {
                let wrapped = try report(variant)
                #expect(wrapped == unwrapped, "\(variant.debugDescription): \(wrapped) vs \(unwrapped)")
            }
        }
        // And a whole page of them, one paragraph after another.
        let page = Self.paragraphs.joined(separator: "\n\n")
        let flat = try report(page.replacingOccurrences(of: "|", with: ""))
        #expect(try report(page.replacingOccurrences(of: "| ", with: "\n").replacingOccurrences(of: "|", with: "\n")) == flat)
    }

    @Test func aCitationBeforeItsSentencesNumbersOpensItWhateverLeadsToIt() throws {
        let found = try findings("ChatGPT cut writing time by 90%. In a large trial, Noy and Zhang (2023) found that quality rose 18%.")
        let ninety = try #require(found.first { $0.text == "90%" })
        #expect(ninety.verdict == .unsupported && ninety.source == nil && ninety.message.contains("cited after it"), "\(ninety.message)")
        #expect(PageChecker.lead(before: 20, in: "In a large trial, Noy and Zhang (2023) found", from: 1) == .opens)
        #expect(PageChecker.lead(before: 29, in: "Quality rose 18% in the trial of Noy and Zhang (2023)", from: 1) == .within)
        #expect(PageChecker.lead(before: 5, in: "See Noy and Zhang (2023).", from: 1) == .refers)
    }

    // MARK: para:9/12: a heading's or a table row's citation does not reach down

    @Test func aCitedHeadingOrTableRowDoesNotReachTheLineBelow() throws {
        for page in ["## Noy and Zhang (2023)\nOur own pilot: output quality rose 30%.",
                     "| Study | Finding |\n| --- | --- |\n| Noy and Zhang (2023) | writing time fell 40% |\n| internal pilot | output quality rose 30% |",
                     "| Study | Finding |\n| --- | --- |\n| internal pilot | output quality rose 30% |\n| Noy and Zhang (2023) | writing time fell 40% |"] {
            let found = try findings(page)
            let pilot = try #require(found.first { $0.text == "30%" }, "\(page)")
            #expect(pilot.verdict == .unsupported && pilot.claim == nil && pilot.source == nil, "\(page): \(pilot.message)")
            if let own = found.first(where: { $0.text == "40%" }) { #expect(own.verdict == .supported, "\(page): \(own.message)") }
        }
        // A paragraph's line under a cited line is still held to it, and a card's caption above.
        let paragraph = try #require(try findings("Noy and Zhang (2023) ran a trial with professionals.\nChatGPT cut writing time by 90%.")
            .first { $0.text == "90%" })
        #expect(paragraph.verdict == .mismatch && paragraph.claim == "noy2023-writing-time", "\(paragraph.message)")
        let card = try #require(try findings("ChatGPT: -40% time, +18% quality\n\nNoy & Zhang, Science 381(6654) · 2023").first { $0.text == "-40%" })
        #expect(card.verdict == .supported, "\(card.message)")
    }
}
