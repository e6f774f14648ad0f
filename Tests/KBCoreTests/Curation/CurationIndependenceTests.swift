import Foundation
import GRDB
import Testing
@testable import KBCore
@testable import KBCuration
@testable import KBDomain
@testable import KBFormats
@testable import KBStore

/// Review 6, M5′: a replication link stays an independent attempt whichever command rewrites a
/// linked claim's source or study — `kb undo` and imports refuse as `kb edit` does (exit 3,
/// the same message, nothing written).
struct CurationIndependenceTests {
    typealias Review = CurationRollUpReviewTests
    static let target = Review.target

    /// A seeded KB where `test-rep` was first moved into the target's source and study (change
    /// `same`), then back to a source of its own (change `own`), and then linked as replicating
    /// the target: undoing `own` would put it back in the target's study.
    static func linkedAfterTwoMoves() throws -> (KnowledgeBase, Curator, same: [FieldAssignment], own: Int64) {
        let knowledgeBase = try KnowledgeBase.seeded()
        let curator = Curator(knowledgeBase)
        try Review.replicator(curator, "test-rep")
        let target = try Review.claim(curator, Self.target)
        var same: [FieldAssignment] = [.init(field: "source", value: try #require(target.sourceSlug))]
        same.append(.init(field: "study", value: try #require(target.studySlug)))
        _ = try curator.edit("test-rep", fields: same, options: Review.options())
        let own = try #require(try curator.edit("test-rep", fields: [.init(field: "study", value: ""), .init(field: "source", value: "test-rep-work")],
                                                options: Review.options()).changes.first).id
        _ = try curator.link("test-rep", kind: "replicates", to: Self.target, note: nil, options: Review.options())
        #expect(try Review.claim(curator, Self.target).replication == .replicated)
        return (knowledgeBase, curator, same, own)
    }

    /// The message `kb edit` refuses `fields` with (exit 3).
    static func editRefusal(_ curator: Curator, _ fields: [FieldAssignment]) throws -> String {
        do {
            _ = try curator.edit("test-rep", fields: fields, options: Review.options())
        } catch {
            #expect(ErrorCategory(of: error)?.exitStatus == 3)
            return String(describing: error)
        }
        Issue.record("kb edit accepted a dependent replication")
        return ""
    }

    @Test func anUndoThatMakesALinkedReplicationDependentIsRefusedAsAnEditIs() throws {
        let (knowledgeBase, curator, same, own) = try Self.linkedAfterTwoMoves()
        let expected = try Self.editRefusal(curator, same)
        #expect(expected.contains("test-rep replicates \(Self.target)") && expected.contains("same study"), "\(expected)")
        let changes = try Review.changeCount(knowledgeBase)
        let before = try Review.claim(curator, "test-rep")
        #expect {
            _ = try curator.undo(own, force: false, options: Review.options())
        } throws: { error in
            ErrorCategory(of: error)?.exitStatus == 3 && String(describing: error) == expected
        }
        #expect(try Review.changeCount(knowledgeBase) == changes)
        #expect(try Review.claim(curator, "test-rep") == before)
        #expect(try Review.claim(curator, Self.target).replication == .replicated)
        // Once the link is gone the same undo goes through.
        let link = try #require(try curator.log(.init(record: "test-rep replicates \(Self.target)")).first(where: { $0.action == "link" })).id
        _ = try curator.undo(link, force: false, options: Review.options())
        _ = try curator.undo(own, force: false, options: Review.options())
        #expect(try Review.claim(curator, "test-rep").studySlug == (try Review.claim(curator, Self.target)).studySlug)
    }

    @Test func anImportThatMakesALinkedReplicationDependentIsRefusedAsAnEditIs() throws {
        let (knowledgeBase, curator, same, _) = try Self.linkedAfterTwoMoves()
        let expected = try Self.editRefusal(curator, same)
        let rep = try Review.claim(curator, "test-rep")
        let target = try Review.claim(curator, Self.target)
        let yaml = """
            claims:
              - id: test-rep
                statement: \(rep.statement)
                source: \(try #require(target.sourceSlug))
                study: \(try #require(target.studySlug))
            """
        let options = ImportOptions(format: .kb, changeContext: ChangeContext(author: "ana", command: "import"))
        let changes = try Review.changeCount(knowledgeBase)
        #expect {
            _ = try Importer(knowledgeBase).run([ImportInput(name: "restate.yaml", bytes: Array(yaml.utf8))], options: options)
        } throws: { error in
            ErrorCategory(of: error)?.exitStatus == 3 && String(describing: error) == expected
        }
        #expect(try Review.changeCount(knowledgeBase) == changes)
        #expect(try Review.claim(curator, "test-rep") == rep)
        #expect(try Review.claim(curator, Self.target).replication == .replicated)
        // Restating the claim where it is (an independent study) still imports.
        let kept = """
            claims:
              - id: test-rep
                statement: \(rep.statement)
                source: test-rep-work
                note: Restated as it was.
            """
        let report = try Importer(knowledgeBase).run([ImportInput(name: "kept.yaml", bytes: Array(kept.utf8))], options: options)
        #expect(report.summary.updated == 1, "\(report.changes)")
    }
}
