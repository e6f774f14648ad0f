import Foundation
import Testing
import KBDomain
@testable import KBAudit
@testable import KBCore
@testable import KBProse
@testable import KBFormats
@testable import KBStore

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

    @Test func aCohortIsNoBriefsSubjectAndTheHelpSaysWhatIs() throws {
        // Trial 20, M6: the query's advice, "filter by it instead: where cohort=…", takes no `where` in kb brief.
        do {
            _ = try brief(["older-workers"])
            Issue.record("a cohort was taken as a brief's subject")
        } catch let diagnostic as Diagnostic {
            #expect(diagnostic.id == "query.subject-kind")
            #expect(diagnostic.help == "kb brief drafts pages for roles and skills, each with a section per cohort and boundary; "
                    + "for its findings alone: kb query 'claims where cohort=older-workers'", "\(diagnostic)")
        }
    }

    // Trial 4: on a KB with more than 500 sourced claims about the subjects, the unsourced ones
    // (ranked after them) fell outside the brief's 500 rows and it said "left out …: none".
    @Test func unsourcedAssertionsAreCountedHoweverManySourcedClaimsThereAre() throws {
        let seeded = try brief(["ml-platform-engineer"])
        #expect(seeded.contains("- Assertions without a source, left out of this brief: seven."))
        let knowledgeBase = try KnowledgeBase.seeded()
        var yaml = "claims:\n"
        for index in 0..<510 {
            yaml += "  - id: bulk-\(index)\n    statement: A sourced finding number \(index) about the role.\n"
            yaml += "    source: noy2023experimental\n    about: [role:ml-platform-engineer]\n"
        }
        _ = try Importer(knowledgeBase).run([ImportInput(name: "bulk.yaml", bytes: Array(yaml.utf8))])
        let large = try KBService(knowledgeBase).brief(subjects: ["ml-platform-engineer"], profile: nil, format: .markdown, top: 5)
        #expect(large.contains("- Assertions without a source, left out of this brief: seven."))
    }

    @Test func anAliasNamesTheSubject() throws {
        let byAlias = try brief(["ml-platform-engineer", "pytorch"])
        #expect(byAlias.hasPrefix("# Evidence brief: ML Platform Engineer, PyTorch Deep Learning\n"))
        // The same brief as by slug.
        #expect(byAlias == (try brief(["ml-platform-engineer", "pytorch-deep-learning"])))
    }
}
