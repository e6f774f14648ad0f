import Foundation
import GRDB
import Testing
@testable import KBCore
@testable import KBCuration
@testable import KBDomain
@testable import KBFormats
@testable import KBStore

/// Review 8's minors: an import's independence check reads the set of claims whose source or
/// study the graph writer changed, not the report's display lines (m2); `kb remove` lists a
/// relation between two of the removed record's claims once (found from both ends). Every
/// work, study and claim here is invented for the test.
struct CurationIndependenceReview8Tests {
    typealias Review7 = CurationIndependenceReviewTests

    /// A stored claim as the writer takes it back.
    static func claim(_ curator: Curator, _ slug: String) throws -> Claim {
        guard case let .claim(claim)? = try curator.record(slug)?.record else {
            Issue.record("no claim \(slug)")
            return Claim(slug: slug, statement: "")
        }
        return claim
    }

    // MARK: m2 — the moved claims are a set the writer keeps

    @Test func theGraphWriterRecordsOnlyTheClaimsWhoseSourceOrStudyMoved() throws {
        let (knowledgeBase, curator) = try Review7.unlinked()
        var moved = try Self.claim(curator, "claim-a")
        moved.sourceSlug = "work-b"
        moved.studySlug = "study-b"
        var noted = try Self.claim(curator, "claim-b")
        noted.note = "A note."
        var studyOnly = try Self.claim(curator, "claim-t")
        studyOnly.studySlug = nil
        var dataset = Dataset()
        dataset.claims = [moved, noted, studyOnly, Claim(slug: "claim-new", statement: "A new claim.", sourceSlug: "work-a")]
        let (set, changes) = try knowledgeBase.writer.write { db -> (Set<String>, [String]) in
            var graph = GraphWriter(db: db)
            _ = try graph.write(dataset)
            return (graph.movedClaims, graph.changes)
        }
        // A note alone moves nothing; a new claim has no links; the source or the study (here, dropped) moving counts.
        #expect(set == ["claim-a", "claim-t"], "\(changes)")
        #expect(changes.contains { $0.hasPrefix("claim claim-b: ") && $0.contains("note") }, "\(changes)")
    }

    // The whole (YAML) import is refused through that set: with it empty, this import went in.
    @Test func aWholeImportMovingALinkedClaimIntoItsTargetsStudyIsRefused() throws {
        let (knowledgeBase, curator) = try Review7.linked()
        let expected = try Review7.editRefusal(curator)
        let dump = try StreamingImportTests.dump(knowledgeBase)
        let restated = """
            claims:
              - id: claim-a
                statement: Claim A replicates the effect.
                source: work-t
                study: study-t
            """
        #expect {
            _ = try Review7.importYAML(knowledgeBase, restated)
        } throws: { error in
            ErrorCategory(of: error)?.exitStatus == 3 && String(describing: error) == expected
        }
        #expect(StreamingImportTests.firstDifference(try StreamingImportTests.dump(knowledgeBase), dump) == nil)
        #expect(try Review7.origin(knowledgeBase, "claim-a") == "work-a/study-a")
    }

    // MARK: kb remove — a relation between two removed claims is listed once

    @Test func aRemovalRefusalListsARelationBetweenTwoOfItsClaimsOnce() throws {
        let (knowledgeBase, curator) = try Review7.unlinked()
        _ = try Review7.importYAML(knowledgeBase, """
            claims:
              - id: claim-a2
                statement: Claim A2 supports claim A.
                source: work-a
                study: study-a
            """)
        _ = try curator.link("claim-a2", kind: "supports", to: "claim-a", note: nil, options: Review7.options())
        #expect(try curator.dependents(of: "work-a").relations == ["claim-a2 supports claim-a"])
        #expect {
            _ = try curator.remove("work-a", cascade: false, options: Review7.options())
        } throws: { error in
            String(describing: error) == "source 'work-a' cannot be removed: 4 records depend on it (study study-a, claim claim-a, claim claim-a2, "
                + "relation claim-a2 supports claim-a); remove them first, or use --cascade to remove them too"
        }
        // The cascade removes the relation once, and logs it once.
        let result = try curator.remove("work-a", cascade: true, options: Review7.options())
        #expect(result.changes.filter { $0.recordId == "claim-a2 supports claim-a" }.count == 1)
    }
}
