import Foundation
import GRDB
import Testing
@testable import KBCore
@testable import KBCuration
@testable import KBDomain
@testable import KBStore

/// The review of issue 14 (B1, M1–M7): undo never cascades into records outside what it undoes,
/// an undo of an undo restores what the first undo removed, changes made before a rebuild stay
/// read-only, ids are unique across kinds, a study keeps its claims' source, and removing a
/// replication rolls its target back.
struct CurationReviewFixTests: CuratorSuite {
    let knowledgeBase: KnowledgeBase
    let curator: Curator

    init() throws {
        knowledgeBase = try KnowledgeBase.seeded()
        curator = Curator(knowledgeBase)
    }

    func options(_ author: String = "ana") -> CurationOptions {
        CurationOptions(context: ChangeContext(author: author, command: "test"))
    }

    func count(_ table: String) throws -> Int {
        try knowledgeBase.reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM \(table)") ?? 0 }
    }

    func refused(_ body: () throws -> Void, saying phrases: [String]) {
        #expect {
            try body()
        } throws: { error in
            let text = (error as? DiagnosticList).map { $0.diagnostics.map { "\($0.location.file):\($0.location.firstLineNumber): \($0.message)" }.joined(separator: "\n") }
                ?? String(describing: error)
            return phrases.allSatisfy { text.contains($0) }
        }
    }

    func addClaim(_ id: String, cohort: String? = nil, source: String = "noy2023experimental") throws -> Change {
        if try curator.record(source) == nil {
            _ = try curator.add(.source, fields: [FieldAssignment(field: "id", value: source), FieldAssignment(field: "title", value: "An Independent Writing Study"),
                                                  FieldAssignment(field: "year", value: "2024")], options: options())
        }
        var fields = [FieldAssignment(field: "id", value: id), FieldAssignment(field: "statement", value: "A test claim about writing."),
                      FieldAssignment(field: "source", value: source)]
        if let cohort { fields.append(FieldAssignment(field: "cohort", value: cohort)) }
        return try #require(try curator.add(.claim, fields: fields, options: options()).changes.first)
    }

    static let file = SeedFile(name: "new.yaml", text: """
        cohorts:
          - id: test-new-cohort
            name: test new cohort
            aliases: [tnc]
        sources:
          - id: test-new-source
            type: report
            title: A Test Work Added From A File
            issued: 2024
            studies:
              - id: test-new-source-survey
                design: survey
                n: 120
        claims:
          - id: test-new-claim
            statement: The test work finds something small.
            source: test-new-source
            about: [cohort:test-new-cohort]
        """)

    // B1: before the fix, the undo deleted the claim and its relation (no unlink logged) and left
    // the target's replication rolled up.
    @Test func undoOfAnAdditionIsRefusedWhileAKeptClaimIsLinkedToIt() throws {
        let added = try addClaim("test-replication", source: "test-independent")
        _ = try curator.link("test-replication", kind: "replicates", to: "noy2023-writing-time", note: nil, options: options())
        let changes = try count("changes")
        refused({ _ = try curator.undo(added.id, force: false, options: options()) },
                saying: ["undoing change \(added.id)", "relation test-replication replicates noy2023-writing-time"])
        refused({ _ = try curator.undo(added.id, force: true, options: options()) }, saying: ["relation test-replication"])
        #expect(try curator.record("test-replication") != nil)
        #expect(try count("claimRelation") == 1)
        #expect(try count("changes") == changes)
    }

    // B1: before the fix, the undo of the file deleted the node and cascaded into the later
    // claim's `about`, with no change logged for that claim.
    @Test func undoOfAnAdditionIsRefusedWhileALaterClaimIsAboutANodeItAdded() throws {
        let batch = try curator.add(from: Self.file, options: options())
        _ = try addClaim("test-later", cohort: "test-new-cohort")
        refused({ _ = try curator.undo(try #require(batch.changes.first).id, force: false, options: options()) },
                saying: ["claim test-later (about cohort:test-new-cohort)"])
        #expect(try claim("test-later").about.contains(EntityReference(.cohort, "test-new-cohort")))
    }

    // M1: before the fix, the second undo failed with a decoding error (partial JSON) and skipped
    // the taxonomy node.
    @Test func anUndoOfTheUndoOfAnAddFromPutsEverythingBack() throws {
        let batch = try curator.add(from: Self.file, options: options())
        let records = try ["test-new-source", "test-new-source-survey", "test-new-claim"].map { try #require(try curator.record($0)).record }
        let aliases = try count("alias")
        let undo = try curator.undo(try #require(batch.changes.first).id, force: false, options: options())
        #expect(undo.totalChanges == 4)
        #expect(try curator.record("test-new-claim") == nil)
        #expect(try count("alias") < aliases)
        let redo = try curator.undo(try #require(undo.changes.first).id, force: false, options: options())
        #expect(redo.totalChanges == 4)
        #expect(try ["test-new-source", "test-new-source-survey", "test-new-claim"].map { try #require(try curator.record($0)).record } == records)
        #expect(try count("alias") == aliases)
        #expect(try claim("test-new-claim").about == [EntityReference(.cohort, "test-new-cohort")])
    }

    // M1: an old log's partial summary is refused clearly, not with a Swift decoding message.
    @Test func aSummaryInTheLogIsRefusedByNameWhenItCannotBeRestored() throws {
        let summary = #"{"slug":"gone","statement":"x","sourceSlug":"noy2023experimental"}"#
        let removal = try knowledgeBase.writer.write { db in
            try ChangeRecorder.append(ChangeContext(author: "ana", command: "test"), action: "remove", kind: .claim, recordId: "gone",
                                      before: summary, after: nil, in: db)
        }
        refused({ _ = try curator.undo(removal, force: false, options: options()) }, saying: ["keeps only a summary of claim 'gone'"])
    }

    // M2: before the fix, the old edit's stale before-state was written over the rebuilt KB.
    @Test func aChangeMadeBeforeTheKnowledgeBaseWasRebuiltCannotBeUndone() throws {
        let edit = try #require(try curator.edit("noy2023-writing-time", fields: [FieldAssignment(field: "note", value: "old")],
                                                 options: options()).changes.first)
        let rebuilt = try knowledgeBase.writer.write { db in
            try ChangeRecorder.append(ChangeContext(author: "ana", command: "init"), action: "init", kind: .knowledgeBase, recordId: "kb.sqlite",
                                      before: nil, after: "{}", in: db)
        }
        refused({ _ = try curator.undo(edit.id, force: true, options: options()) },
                saying: ["change \(edit.id) was made before the knowledge base was rebuilt by change \(rebuilt)", "stays in kb log"])
        #expect(try claim("noy2023-writing-time").note == "old")
        #expect(try curator.log(.init(record: "noy2023-writing-time")).map(\.id) == [edit.id])
    }

    // M3: before the fix, the removal logged the add-time state and version.
    @Test func anUndoOfAnAdditionLogsTheRecordAsItIsNow() throws {
        let added = try addClaim("test-edited")
        _ = try curator.edit("test-edited", fields: [FieldAssignment(field: "note", value: "edited later")], options: options())
        let now = try #require(try curator.record("test-edited"))
        let undo = try curator.undo(added.id, force: true, options: options())
        let removal = try #require(undo.changes.first)
        #expect(removal.action == "remove")
        #expect(removal.before == now.record.text)
        #expect(removal.version == now.version)
        #expect(removal.before?.contains("edited later") == true)
    }

    // M4: before the fix, the study moved and its claims kept the old source.
    @Test func aStudyWithClaimsCannotMoveToAnotherSource() throws {
        let study = try #require(try curator.record("noy2023experimental-experiment")).record
        let other = try #require(try knowledgeBase.reader.read { try String.fetchOne($0, sql: "SELECT slug FROM source WHERE slug <> 'noy2023experimental' LIMIT 1") })
        refused({ _ = try curator.edit("noy2023experimental-experiment", fields: [FieldAssignment(field: "source", value: other)], options: options()) },
                saying: ["study 'noy2023experimental-experiment' cannot move to source '\(other)'", "noy2023-writing-time"])
        #expect(try #require(try curator.record("noy2023experimental-experiment")).record == study)
    }

    // M5: before the fix, the source was added and every later command found the claim instead.
    @Test func idsAreUniqueAcrossKindsAndAKindPrefixResolvesOldCollisions() throws {
        refused({ _ = try curator.add(.source, fields: [FieldAssignment(field: "id", value: "noy2023-writing-time"),
                                                        FieldAssignment(field: "title", value: "A clash")], options: options()) },
                saying: ["a claim 'noy2023-writing-time' already exists"])
        let clash = SeedFile(name: "clash.yaml", text: """
            sources:
              - id: noy2023-writing-quality
                title: A clash from a file
            """)
        refused({ _ = try curator.add(from: clash, options: options()) }, saying: ["clash.yaml:2", "a claim 'noy2023-writing-quality' already exists"])
        // A KB imported before the rule may hold both; a bare id is then refused and KIND:ID says which.
        try knowledgeBase.writer.write { db in try Curator.store([.source(Source(slug: "noy2023-writer-gap", title: "Old clash"))], in: db) }
        refused({ _ = try curator.record("noy2023-writer-gap") }, saying: ["claim:noy2023-writer-gap or source:noy2023-writer-gap"])
        #expect(try curator.record("source:noy2023-writer-gap")?.record.kind == .source)
        _ = try curator.edit("source:noy2023-writer-gap", fields: [FieldAssignment(field: "title", value: "Old clash, renamed")], options: options())
        guard case let .source(source) = try #require(try curator.record("source:noy2023-writer-gap")).record else { Issue.record("not a source"); return }
        #expect(source.title == "Old clash, renamed")
    }

    // M6: before the fix, the target stayed 'replicated' after the replicating claim went.
    @Test func removingAReplicatingClaimRollsItsTargetBack() throws {
        let original = try claim("noy2023-writing-time").replication
        _ = try addClaim("test-replicator", source: "test-independent")
        _ = try curator.link("test-replicator", kind: "fails-to-replicate", to: "noy2023-writing-time", note: nil, options: options())
        #expect(try claim("noy2023-writing-time").replication != original)
        let removed = try curator.remove("test-replicator", cascade: true, options: options())
        #expect(try claim("noy2023-writing-time").replication == original)
        #expect(removed.changes.contains { $0.action == "edit" && $0.recordId == "noy2023-writing-time" })
        // One undo brings the claim, its relation and the rolled-up status back.
        _ = try curator.undo(try #require(removed.changes.first).id, force: false, options: options())
        #expect(try claim("noy2023-writing-time").replication == .failed)
        #expect(try count("claimRelation") == 1)
    }

    // M7: before the fix, the file renamed the stored node with no change logged.
    @Test func addFromRefusesToRestateAStoredTaxonomyNode() throws {
        let file = SeedFile(name: "rename.yaml", text: """
            cohorts:
              - id: older-workers
                name: Renamed Older Workers
            """)
        let changes = try count("changes")
        refused({ _ = try curator.add(from: file, options: options()) }, saying: ["rename.yaml:2", "a cohort 'older-workers' already exists"])
        #expect(try knowledgeBase.reader.read { try String.fetchOne($0, sql: "SELECT name FROM entity WHERE slug = 'older-workers'") } == "older workers")
        #expect(try count("changes") == changes)
    }

    // Minor: a notice is typed and dated; before the fix a notice without a date or with a
    // future one was written.
    @Test func aNoticeNeedsAPastDateAndAReason() throws {
        let changes = try count("changes")
        refused({ _ = try curator.notice("noy2023experimental", kind: .retraction, date: nil, reason: "fraud", url: nil, options: options()) },
                saying: ["--date"])
        refused({ _ = try curator.notice("noy2023experimental", kind: .retraction, date: "2024", reason: nil, url: nil, options: options()) },
                saying: ["--reason"])
        refused({ _ = try curator.notice("noy2023experimental", kind: .retraction, date: "2999-01-01", reason: "fraud", url: nil, options: options()) },
                saying: ["in the future"])
        #expect(try count("changes") == changes)
        _ = try curator.notice("noy2023experimental", kind: .correction, date: "2024-05", reason: "typo", url: nil, options: options())
        #expect(try count("changes") == changes + 1)
    }

    // Minor: before the fix, '--since 2026-11-30T04:10Z' left out changes at 04:10:xx.
    @Test func sinceComparesTimesNotText() {
        #expect(ChangeLog.normalised(since: "2026-11-30T04:10Z") == "2026-11-30T04:10:00Z")
        #expect(ChangeLog.normalised(since: "2026-11-30T04:10") == "2026-11-30T04:10:00Z")
        #expect(ChangeLog.normalised(since: "2026-11-30T04:10:30") == "2026-11-30T04:10:30Z")
        #expect(ChangeLog.normalised(since: "2026-11-30") == "2026-11-30")
        #expect(ChangeLog.normalised(since: "2026-11-30T04:10Z") <= "2026-11-30T04:10:05Z")
    }
}
