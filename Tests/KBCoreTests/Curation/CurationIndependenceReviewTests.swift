import Foundation
import GRDB
import Testing
@testable import KBCore
@testable import KBCuration
@testable import KBDomain
@testable import KBFormats
@testable import KBStore

/// Review 7 on replication independence: a streamed CSV import is checked as a whole import is
/// (B1); only what moved a claim's source or study, put a claim back or relinked is checked, so a
/// link already dependent (made before `kb link` checked) blocks no unrelated write (M1); an
/// undo of a one-change batch carries the batch's name (m1); one indexed query reads the written
/// claims' links (m2). Every work, study and claim here is invented for the test.
struct CurationIndependenceReviewTests {
    static func options() -> CurationOptions { CurationOptions(context: ChangeContext(author: "ana", command: "test")) }
    static let context = ChangeContext(author: "ana", command: "import")

    /// Two invented works, each with its study and claim (`claim-a` of work-a/study-a, `claim-t`
    /// of work-t/study-t), and a third claim `claim-b` of its own work-b/study-b.
    static let works = """
        sources:
          - id: work-a
            type: article-journal
            title: Work A on things
            authors:
              - {family: Alpha, given: A.}
            issued: 2020
            studies:
              - id: study-a
                n: 100
          - id: work-b
            type: article-journal
            title: Work B on things
            authors:
              - {family: Beta, given: B.}
            issued: 2021
            studies:
              - id: study-b
                n: 150
          - id: work-t
            type: article-journal
            title: Work T on other things
            authors:
              - {family: Tau, given: T.}
            issued: 2019
            studies:
              - id: study-t
                n: 200
        claims:
          - id: claim-a
            statement: Claim A replicates the effect.
            source: work-a
            study: study-a
          - id: claim-b
            statement: Claim B replicates the effect.
            source: work-b
            study: study-b
          - id: claim-t
            statement: Claim T found the effect.
            source: work-t
            study: study-t
        """

    /// The review's mapping: one CSV row restates a claim with its work and study.
    static let mapping = """
        description: restate a claim
        sources:
          primary:
            id: "{src}"
            type: article-journal
            title: "{title}"
            issued: "{year}"
            authors: {value: "{author}", format: label}
        studies:
          test:
            source: primary
            id: "{study}"
        claims:
          - id: "{cid}"
            source: primary
            study: test
            statement: "{statement}"
            note: "{note}"
        """

    /// A CSV restating `claim` with the work and study given.
    static func csv(_ claim: String, statement: String, work: (slug: String, title: String, year: Int, author: String), study: String,
                    note: String = "") -> String {
        "src,title,year,author,study,cid,statement,note\n"
            + "\(work.slug),\(work.title),\(work.year),\(work.author),\(study),\(claim),\(statement),\(note)\n"
    }

    static let workT = (slug: "work-t", title: "Work T on other things", year: 2019, author: "Tau")
    static let workA = (slug: "work-a", title: "Work A on things", year: 2020, author: "Alpha")

    /// The seeded KB with the three invented claims, unlinked.
    static func unlinked() throws -> (KnowledgeBase, Curator) {
        let knowledgeBase = try KnowledgeBase.seeded()
        _ = try Importer(knowledgeBase).run([ImportInput(name: "works.yaml", bytes: Array(works.utf8))],
                                            options: ImportOptions(format: .kb, changeContext: context))
        return (knowledgeBase, Curator(knowledgeBase))
    }

    /// As ``unlinked()``, and `claim-a` replicates `claim-t` (kb link).
    static func linked() throws -> (KnowledgeBase, Curator) {
        let (knowledgeBase, curator) = try unlinked()
        _ = try curator.link("claim-a", kind: "replicates", to: "claim-t", note: nil, options: options())
        return (knowledgeBase, curator)
    }

    /// As a KB linked before `kb link` checked independence: `claim-a` moved into `claim-t`'s
    /// study, and the link written straight into the table (the dependent link such a KB holds).
    static func dependent() throws -> (KnowledgeBase, Curator) {
        let (knowledgeBase, curator) = try unlinked()
        try knowledgeBase.writer.write { db in
            try db.execute(sql: """
                UPDATE claim SET sourceId = (SELECT id FROM source WHERE slug = 'work-t'), studyId = (SELECT id FROM study WHERE slug = 'study-t')
                WHERE slug = 'claim-a';
                INSERT INTO claimRelation (fromClaimId, kind, toClaimId)
                SELECT f.id, 'replicates', t.id FROM claim f, claim t WHERE f.slug = 'claim-a' AND t.slug = 'claim-t';
                """)
        }
        return (knowledgeBase, curator)
    }

    static func importCSV(_ knowledgeBase: KnowledgeBase, _ text: String, streamed: Bool = true) throws -> ImportReport {
        var options = ImportOptions(mapping: ("restate.yaml", mapping), changeContext: context)
        if !streamed { options.streamBatchBytes = nil }
        return try Importer(knowledgeBase).run([ImportInput(name: "restate.csv", bytes: Array(text.utf8))], options: options)
    }

    static func importYAML(_ knowledgeBase: KnowledgeBase, _ text: String) throws -> ImportReport {
        try Importer(knowledgeBase).run([ImportInput(name: "restate.yaml", bytes: Array(text.utf8))],
                                        options: ImportOptions(format: .kb, changeContext: context))
    }

    static func origin(_ knowledgeBase: KnowledgeBase, _ claim: String) throws -> String {
        try knowledgeBase.reader.read { db in
            try String.fetchOne(db, sql: """
                SELECT s.slug || '/' || coalesce(st.slug, '-') FROM claim c JOIN source s ON s.id = c.sourceId
                LEFT JOIN study st ON st.id = c.studyId WHERE c.slug = ?
                """, arguments: [claim]) ?? ""
        }
    }

    /// The message `kb edit` refuses moving `claim-a` into work-t/study-t with (exit 3).
    static func editRefusal(_ curator: Curator) throws -> String {
        do {
            _ = try curator.edit("claim-a", fields: [.init(field: "source", value: "work-t"), .init(field: "study", value: "study-t")],
                                 options: options())
        } catch {
            #expect(ErrorCategory(of: error)?.exitStatus == 3)
            return String(describing: error)
        }
        Issue.record("kb edit accepted a dependent replication")
        return ""
    }

    // MARK: B1 — the streamed CSV import is checked as the whole one

    @Test(arguments: [true, false])
    func aCSVImportThatMakesALinkedReplicationDependentIsRefused(streamed: Bool) throws {
        let (knowledgeBase, curator) = try Self.linked()
        let expected = try Self.editRefusal(curator)
        #expect(expected.contains("'claim-a replicates claim-t'") && expected.contains("same study 'study-t'"), "\(expected)")
        let dump = try StreamingImportTests.dump(knowledgeBase)
        let restated = Self.csv("claim-a", statement: "Claim A replicates the effect.", work: Self.workT, study: "study-t")
        #expect {
            _ = try Self.importCSV(knowledgeBase, restated, streamed: streamed)
        } throws: { error in
            ErrorCategory(of: error)?.exitStatus == 3 && String(describing: error) == expected
        }
        // Nothing written: every row of every table as before, the claim where it was.
        #expect(StreamingImportTests.firstDifference(try StreamingImportTests.dump(knowledgeBase), dump) == nil)
        #expect(try Self.origin(knowledgeBase, "claim-a") == "work-a/study-a")
        // The same file changing only a note (the claim where it is) imports, through the same path.
        let noted = Self.csv("claim-a", statement: "Claim A replicates the effect.", work: Self.workA, study: "study-a", note: "A note.")
        let report = try Self.importCSV(knowledgeBase, noted, streamed: streamed)
        #expect((report.streamedBatches > 0) == streamed)
        #expect(report.changes.filter { $0.hasPrefix("claim ") } == ["claim claim-a: note, originFile, originLine"], "\(report.changes)")
        #expect(try curator.record("claim-a").map { record -> String? in
            guard case let .claim(claim) = record.record else { return nil }
            return claim.note
        } == "A note.")
    }

    // The target moved into the replicating claim's study is refused as well (the link's other end).
    @Test func aStreamedImportMovingTheTargetIntoTheReplicatorsStudyIsRefused() throws {
        let (knowledgeBase, _) = try Self.linked()
        let dump = try StreamingImportTests.dump(knowledgeBase)
        let restated = Self.csv("claim-t", statement: "Claim T found the effect.", work: Self.workA, study: "study-a")
        #expect {
            _ = try Self.importCSV(knowledgeBase, restated)
        } throws: { error in
            let message = String(describing: error)
            return ErrorCategory(of: error)?.exitStatus == 3 && message.hasPrefix("claim 'claim-t' cannot take that source or study")
                && message.contains("'claim-a replicates claim-t'")
        }
        #expect(StreamingImportTests.firstDifference(try StreamingImportTests.dump(knowledgeBase), dump) == nil)
    }

    // MARK: M1 — a link already dependent blocks no write that leaves it as it is

    @Test func aDependentLinkBlocksNeitherAnEditOfANoteNorItsUndo() throws {
        let (knowledgeBase, curator) = try Self.dependent()
        let edit = try #require(try curator.edit("claim-a", fields: [.init(field: "note", value: "A note.")], options: Self.options()).changes.first)
        _ = try curator.undo(edit.id, force: false, options: Self.options())
        let undone = try Self.dependentNote(curator)
        #expect(undone == nil)
        #expect(try Self.origin(knowledgeBase, "claim-a") == "work-t/study-t")
    }

    static func dependentNote(_ curator: Curator) throws -> String? {
        guard case let .claim(claim) = try #require(try curator.record("claim-a")).record else { return "not a claim" }
        return claim.note
    }

    @Test func aDependentLinkBlocksNoImportRestatingANote() throws {
        let (knowledgeBase, curator) = try Self.dependent()
        let yaml = """
            claims:
              - id: claim-a
                statement: Claim A replicates the effect.
                source: work-t
                study: study-t
                note: A note.
            """
        let report = try Self.importYAML(knowledgeBase, yaml)
        #expect(report.changes == ["claim claim-a: note, originFile, originLine"], "\(report.changes)")
        #expect(try Self.dependentNote(curator) == "A note.")
        // The streamed path too.
        let csv = Self.csv("claim-a", statement: "Claim A replicates the effect.", work: Self.workT, study: "study-t", note: "Another note.")
        let streamed = try Self.importCSV(knowledgeBase, csv)
        #expect(streamed.streamedBatches > 0, "\(streamed.changes)")
        #expect(streamed.changes.filter { $0.hasPrefix("claim ") } == ["claim claim-a: note, originFile"], "\(streamed.changes)")
        // The import of the whole file can be undone.
        let last = try #require(try curator.log(.init()).last)
        _ = try curator.undo(last.id, force: false, options: Self.options())
        #expect(try Self.dependentNote(curator) == "A note.")
    }

    // An independent link on the same target is linked and undone as ever; moving its claim into
    // the target's study is still refused (the study changed), and so is moving the dependent one.
    @Test func aDependentLinkBlocksNoUndoOfAnotherLinkButAStudyChangeIsStillChecked() throws {
        let (knowledgeBase, curator) = try Self.dependent()
        let link = try #require(try curator.link("claim-b", kind: "fails-to-replicate", to: "claim-t", note: nil, options: Self.options())
            .changes.first { $0.action == "link" })
        let yaml = """
            claims:
              - id: claim-b
                statement: Claim B replicates the effect.
                source: work-t
                study: study-t
            """
        let dump = try StreamingImportTests.dump(knowledgeBase)
        #expect {
            _ = try Self.importYAML(knowledgeBase, yaml)
        } throws: { error in
            ErrorCategory(of: error)?.exitStatus == 3 && String(describing: error).contains("'claim-b fails-to-replicate claim-t'")
        }
        #expect(StreamingImportTests.firstDifference(try StreamingImportTests.dump(knowledgeBase), dump) == nil)
        // The dependent claim moved to another study of the target's work: the study changed, so
        // its link is checked, and it is still no independent replication.
        #expect {
            _ = try curator.edit("claim-a", fields: [.init(field: "study", value: "")], options: Self.options())
        } throws: { error in
            ErrorCategory(of: error)?.exitStatus == 3 && String(describing: error).contains("cite the same source 'work-t'")
        }
        _ = try curator.undo(link.id, force: false, options: Self.options())
        #expect(try knowledgeBase.reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM claimRelation") } == 1)
    }

    // An undo that puts a link back is checked on that link: removing claim-b (and its link),
    // then moving the target into claim-b's study, leaves nothing independent to put back.
    @Test func anUndoThatPutsBackADependentLinkIsRefused() throws {
        let (knowledgeBase, curator) = try Self.linked()
        _ = try curator.link("claim-b", kind: "replicates", to: "claim-t", note: nil, options: Self.options())
        let removal = try curator.remove("claim-b", cascade: true, options: Self.options())
        let removed = try #require(removal.changes.last).id
        _ = try curator.edit("claim-t", fields: [.init(field: "source", value: "work-b"), .init(field: "study", value: "study-b")],
                             options: Self.options())
        let dump = try StreamingImportTests.dump(knowledgeBase)
        #expect {
            _ = try curator.undo(removed, force: false, options: Self.options())
        } throws: { error in
            ErrorCategory(of: error)?.exitStatus == 3 && String(describing: error).contains("'claim-b replicates claim-t'")
        }
        #expect(StreamingImportTests.firstDifference(try StreamingImportTests.dump(knowledgeBase), dump) == nil)
    }

    // MARK: m1 — an undo of a one-change batch carries the batch's name

    @Test func theUndoOfAOneChangeLinkBatchIsNamedForItAndRollsUp() throws {
        let (_, curator) = try Self.unlinked()
        // claim-t stated replicated: linking another replication moves nothing, one change.
        _ = try curator.edit("claim-t", fields: [.init(field: "replication", value: "replicated")], options: Self.options())
        let result = try curator.link("claim-b", kind: "replicates", to: "claim-t", note: nil, options: Self.options())
        #expect(result.changes.count == 1)
        let link = try #require(result.changes.first)
        let batch = try #require(link.batch)
        #expect(batch.hasPrefix("link-"))
        // A status stated between the link and its undo: the undo rolls it up again.
        _ = try curator.edit("claim-t", fields: [.init(field: "replication", value: "failed")], options: Self.options())
        let undo = try curator.undo(link.id, force: false, options: Self.options())
        #expect(undo.changes.map(\.batch) == Array(repeating: "undo-" + batch, count: undo.changes.count), "\(undo.changes)")
        let rollUp = try #require(undo.changes.first { $0.recordId == "claim-t" && $0.action == "edit" })
        #expect(Curator.isRollUp(rollUp) && Curator.isRollUpBatch(rollUp.batch))
        func target() throws -> Claim? {
            guard case let .claim(claim) = try #require(try curator.record("claim-t")).record else { return nil }
            return claim
        }
        #expect(try target()?.replication == .failed)
        // Undoing the undo takes its whole batch: the link and its roll-up come back together.
        let redo = try curator.undo(try #require(undo.changes.last).id, force: false, options: Self.options())
        #expect(redo.changes.allSatisfy { $0.batch == "undo-undo-" + batch }, "\(redo.changes)")
        #expect(redo.changes.contains { $0.action == "link" && $0.recordId == "claim-b replicates claim-t" })
        #expect(try target()?.replication == .mixed && target()?.statedReplication == .failed)
    }

    // An undo of a change of no batch (a kb edit) still has none.
    @Test func theUndoOfAnEditHasNoBatch() throws {
        let (_, curator) = try Self.linked()
        let edit = try #require(try curator.edit("claim-b", fields: [.init(field: "note", value: "A note.")], options: Self.options()).changes.first)
        #expect(edit.batch == nil)
        let undo = try curator.undo(edit.id, force: false, options: Self.options())
        #expect(undo.changes.map(\.batch) == [nil])
    }

    // MARK: m2 — the written claims' links in one indexed query

    @Test func theWrittenClaimsLinksAreReadByIndex() throws {
        let (knowledgeBase, _) = try Self.linked()
        let plan = try knowledgeBase.reader.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + ReplicationIndependence.linksSQL, arguments: [#"["claim-a","claim-t"]"#])
                .map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("claimRelation USING PRIMARY KEY (fromClaimId=?") }, "\(plan)")
        #expect(plan.contains { $0.contains("claimRelation USING") && $0.contains("claimRelationByTarget (toClaimId=?") }, "\(plan)")
        #expect(plan.contains { $0.hasPrefix("SEARCH c USING") && $0.contains("(slug=?)") }, "\(plan)")
        // Only the bound slugs, the written set and the links found are scanned: no table.
        let scans = plan.filter { $0.hasPrefix("SCAN ") }.map { $0.dropFirst(5).prefix { $0 != " " } }
        #expect(Set(scans).isSubset(of: ["j", "written", "r"]), "\(plan)")
    }

    // Both ends written: the link is read once, and the message names its `from`.
    @Test func aLinkWithBothEndsWrittenIsCheckedOnceAndNamesItsFrom() throws {
        let (knowledgeBase, _) = try Self.linked()
        try knowledgeBase.writer.write { db in
            let slugs = #"["claim-t","claim-a","claim-t"]"#
            #expect(try Row.fetchAll(db, sql: ReplicationIndependence.linksSQL, arguments: [slugs]).count == 1)
            try db.execute(sql: """
                UPDATE claim SET sourceId = (SELECT id FROM source WHERE slug = 'work-t'), studyId = (SELECT id FROM study WHERE slug = 'study-t')
                WHERE slug = 'claim-a'
                """)
            #expect {
                try ReplicationIndependence.checkStillIndependent(claims: ["claim-t", "claim-a"], in: db)
            } throws: { error in
                String(describing: error).hasPrefix("claim 'claim-a' cannot take that source or study")
            }
        }
    }
}
