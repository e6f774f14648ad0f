import Foundation
@testable import KBCore
@testable import KBProse
import KBStore

/// What the `kb check` suites ask of a small page: its number findings against a KB, and the
/// findings in one line for a failed expectation's message.
protocol ChecksPages {}

extension ChecksPages {
    func numbers(_ page: String, in knowledgeBase: KnowledgeBase = Seeded.knowledgeBase) throws -> [CheckFinding] {
        try KBService(knowledgeBase).check([PageReader.page(page, name: "page.md")]).flatMap(\.findings).filter { $0.subject == .number }
    }

    func describe(_ findings: [CheckFinding]) -> String {
        findings.map { "\($0.line):\($0.text) \($0.verdict) \($0.claim ?? "-") \($0.message)" }.joined(separator: " | ")
    }
}
