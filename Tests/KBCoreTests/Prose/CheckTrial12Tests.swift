import Foundation
import Testing
@testable import KBCore
@testable import KBProse
import KBDomain

/// Trial 12 on `kb check` (issue 17): numbers right after a citation's "(year),", "The"
/// before an organisation's initials, decrease words.
struct CheckTrial12Tests {
    func numbers(_ page: String, in knowledgeBase: KnowledgeBase = Seeded.knowledgeBase) throws -> [CheckFinding] {
        try KBService(knowledgeBase).check([PageReader.page(page, name: "page.md")]).flatMap(\.findings).filter { $0.subject == .number }
    }

    func findings(_ page: String, in knowledgeBase: KnowledgeBase = Seeded.knowledgeBase) throws -> [CheckFinding] {
        try KBService(knowledgeBase).check([PageReader.page(page, name: "page.md")]).flatMap(\.findings)
    }

    func describe(_ findings: [CheckFinding]) -> String {
        findings.map { "\($0.line):\($0.text) \($0.verdict) \($0.claim ?? "-") \($0.message)" }.joined(separator: " | ")
    }

    // MARK: B4 — a number right after a citation's "(year),"

    /// B4: "(2023), 90%" is the sentence's number, not a page after a journal's issue.
    @Test func aNumberAfterACitationsYearIsRead() throws {
        let wrong = try numbers("According to Noy and Zhang (2023), 90% less time was spent on writing tasks.")
        #expect(wrong.count == 1 && wrong.first?.text == "90%" && wrong.first?.verdict == .mismatch, "\(describe(wrong))")
        let parenthesised = try numbers("(Noy & Zhang, 2023), 90% less time was spent on writing tasks.")
        #expect(parenthesised.first?.verdict == .mismatch, "\(describe(parenthesised))")
        let right = try numbers("According to Indeed Hiring Lab (2025), 41% of work skills face the highest exposure to GenAI.")
        #expect(right.count == 1 && right.first?.text == "41%" && right.first?.verdict == .supported, "\(describe(right))")
        // A journal's volume and issue still put the pages after them out of the reading.
        #expect(NumberReader.numbers(in: "Science, 381(6654), 187–192.").isEmpty)
    }
}
