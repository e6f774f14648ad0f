import Foundation
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBProse

/// `kb brief` on the bundled seeds: every number it writes is a cited claim's, so `kb check` of
/// the brief finds nothing but `supported`; no placeholder; subjects are named as `kb query`
/// resolves them, aliases included. (The shared datasets' KB and the APA comparison with
/// citeproc-py are .ci/check-prose's.)
struct BriefTests {
    func brief(_ subjects: [String], top: Int = 5) throws -> String {
        try KBService(Seeded.knowledgeBase).brief(subjects: subjects, profile: nil, format: .markdown, top: top)
    }

    @Test func checkingABriefFindsNothingToReport() throws {
        let text = try brief(["ml-platform-engineer", "pytorch-deep-learning"])
        let findings = try KBService(Seeded.knowledgeBase).check([PageReader.page(text, name: "brief.md", kind: .markdown)]).flatMap(\.findings)
        #expect(findings.count > 10)
        #expect(findings.allSatisfy { $0.verdict == .supported }, "\(findings.filter { $0.verdict != .supported }.prefix(3))")
        // Numbers and citations both: each headline's number is held to the work it cites.
        #expect(findings.contains { $0.subject == .number && $0.claim == "noy2023-writing-time" })
        #expect(findings.contains { $0.subject == .citation && $0.source == "noy2023experimental" })
        #expect(!text.contains("k–k") && !text.contains("above ."))
    }

    @Test func anAliasNamesTheSubject() throws {
        let byAlias = try brief(["ml-platform-engineer", "pytorch"])
        #expect(byAlias.hasPrefix("# Evidence brief: ML Platform Engineer, PyTorch Deep Learning\n"))
        // The same brief as by slug.
        #expect(byAlias == (try brief(["ml-platform-engineer", "pytorch-deep-learning"])))
    }
}
