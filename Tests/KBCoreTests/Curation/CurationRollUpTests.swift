import Foundation
import GRDB
import Testing
@testable import KBCore
@testable import KBCuration
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// Issue 14's replication roll-up, after the trial and the review: a claim's shown status is
/// always the roll-up of its stated status and the attempts recorded on it now, after every link,
/// unlink, remove, edit and undo; a replication must come from an independent, sourced study; an
/// undo refused names the change in effect; the roll-up reads a claim's attempts by index.
struct CurationRollUpTests: CuratorSuite {
    let knowledgeBase: KnowledgeBase
    let curator: Curator
    static let target = "noy2023-writing-time"

    init() throws {
        knowledgeBase = try KnowledgeBase.seeded()
        curator = Curator(knowledgeBase)
    }

    func count(_ table: String) throws -> Int {
        try knowledgeBase.reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM \(table)") ?? 0 }
    }

    func strength(_ id: String) throws -> Double {
        try knowledgeBase.reader.read { try Double.fetchOne($0, sql: "SELECT strength FROM claim WHERE slug = ?", arguments: [id]) ?? -1 }
    }

    /// A claim of its own source (an independent study) called `id`.
    @discardableResult
    func replicator(_ id: String) throws -> Change {
        _ = try curator.add(.source, fields: [.init(field: "id", value: id + "-work"), .init(field: "title", value: "A Replication Of The Writing Study"),
                                              .init(field: "year", value: "2024")], options: options())
        return try #require(try curator.add(.claim, fields: [.init(field: "id", value: id), .init(field: "statement", value: "Writing time fell again."),
                                                                .init(field: "source", value: id + "-work")], options: options()).changes.first)
    }

    func link(_ from: String, _ kind: String = "replicates") throws -> CurationResult {
        try curator.link(from, kind: kind, to: Self.target, note: nil, options: options())
    }

    // Item 1 (B1): undoing one of two replications restored the status stored before that link
    // (`unknown`), not the roll-up of the replication that stays.
    @Test func undoingOneOfTwoReplicationsKeepsTheOther() throws {
        try replicator("test-rep-b")
        try replicator("test-rep-c")
        let first = try link("test-rep-b")
        _ = try link("test-rep-c")
        let replicated = try strength(Self.target)
        #expect(try claim(Self.target).replication == .replicated)
        _ = try curator.undo(try #require(first.changes.first).id, force: false, options: options())
        #expect(try claim(Self.target).replication == .replicated)
        #expect(try strength(Self.target) == replicated)
        #expect(try count("claimRelation") == 1)
    }

    // Item 2 (B2): after an undo, removing the replicating claim left the target replicated.
    @Test func afterAnUndoRemovingTheReplicatingClaimStillRollsBack() throws {
        let original = try claim(Self.target)
        let before = try strength(Self.target)
        try replicator("test-rep-b")
        let linked = try link("test-rep-b")
        _ = try curator.undo(try #require(linked.changes.first).id, force: false, options: options())
        #expect(try claim(Self.target) == original)
        _ = try link("test-rep-b")
        let note = try curator.edit(Self.target, fields: [.init(field: "note", value: "checked")], options: options())
        _ = try curator.undo(try #require(note.changes.first).id, force: false, options: options())
        #expect(try claim(Self.target).replication == .replicated)
        // Removed, the removal undone (the link comes back with no `kb link`), removed again.
        let removed = try curator.remove("test-rep-b", cascade: true, options: options())
        #expect(try claim(Self.target) == original)
        _ = try curator.undo(try #require(removed.changes.first).id, force: false, options: options())
        #expect(try claim(Self.target).replication == .replicated)
        _ = try curator.remove("test-rep-b", cascade: true, options: options())
        #expect(try claim(Self.target) == original)
        #expect(try strength(Self.target) == before)
    }

    // Item 3: a claim of the same study, or of no source, is no independent replication.
    @Test func aReplicationOfTheSameStudyOrWithoutASourceIsRefused() throws {
        _ = try curator.add(.claim, fields: [.init(field: "id", value: "test-same-study"), .init(field: "statement", value: "The same experiment again."),
                                             .init(field: "source", value: "noy2023experimental")], options: options())
        _ = try curator.add(.claim, fields: [.init(field: "id", value: "test-unsourced"), .init(field: "statement", value: "Writing got faster.")], options: options())
        let changes = try count("changes")
        for (from, phrase) in [("test-same-study", "same study 'noy2023experimental-experiment'"), ("test-unsourced", "has no source")] {
            for kind in ["replicates", "fails-to-replicate"] {
                #expect {
                    _ = try link(from, kind)
                } throws: { error in
                    ErrorCategory(of: error)?.exitStatus == 3 && String(describing: error).contains(phrase)
                }
            }
        }
        #expect(try count("changes") == changes)
        #expect(try count("claimRelation") == 0)
        #expect(try claim(Self.target).replication == .unknown)
        // Support and contradiction need no independent study.
        #expect(try !link("test-same-study", "supports").changes.isEmpty)
    }

    // Item 6: an edit states the status; the shown one rolls up with the links, before and after
    // an undo of the edit (which no link's roll-up overrides).
    @Test func aStatedStatusRollsUpWithTheLinksThroughEditAndUndo() throws {
        let edit = try curator.edit(Self.target, fields: [.init(field: "replication", value: "failed")], options: options())
        #expect(try claim(Self.target).replication == .failed)
        try replicator("test-rep-b")
        _ = try link("test-rep-b")
        #expect(try claim(Self.target).replication == .mixed)
        #expect(try claim(Self.target).statedReplication == .failed)
        // kb show says what was stated beside what the links rolled it up to (trial 4, item 10:
        // the status set by hand appeared nowhere).
        let shown = try Catalog(knowledgeBase).show(Self.target)
        #expect(RecordRenderer.render(shown, format: .table).contains("mixed (stated: failed; rolled up with the replications below)"))
        #expect(RecordRenderer.json(shown).fields?["stated_replication"] == .string("failed"))
        _ = try curator.undo(try #require(edit.changes.first).id, force: false, options: options())
        #expect(try claim(Self.target).replication == .replicated)
        #expect(try claim(Self.target).statedReplication == .unknown)
        // `unknown` states nothing: the table gives the rolled-up status alone; JSON keeps it.
        let unstated = try Catalog(knowledgeBase).show(Self.target)
        #expect(!RecordRenderer.render(unstated, format: .table).contains("rolled up with the replications"))
        #expect(RecordRenderer.json(unstated).fields?["stated_replication"] == .string("unknown"))
        // Stated again by hand while linked: shown is the roll-up, and the log says what was stated.
        let restated = try curator.edit(Self.target, fields: [.init(field: "replication", value: "failed")], options: options())
        #expect(try claim(Self.target).replication == .mixed)
        let after = try #require(restated.changes.first?.after)
        #expect(after.contains(#""replication":"mixed""#) && after.contains(#""statedReplication":"failed""#))
        _ = try curator.remove("test-rep-b", cascade: true, options: options())
        #expect(try claim(Self.target).replication == .failed)
        #expect(try claim(Self.target).statedReplication == nil)
    }

    // An import that restates a linked claim states its status; the links still roll up into it.
    @Test func anImportRestatingALinkedClaimKeepsItsRollUp() throws {
        try replicator("test-rep-b")
        _ = try link("test-rep-b")
        let yaml = """
            claims:
              - id: \(Self.target)
                statement: \(try claim(Self.target).statement)
                source: noy2023experimental
                replication: failed
            """
        _ = try Importer(knowledgeBase).run([ImportInput(name: "restate.yaml", bytes: Array(yaml.utf8))],
                                            options: ImportOptions(format: .kb, changeContext: ChangeContext(author: "ana", command: "import")))
        #expect(try claim(Self.target).replication == .mixed)
        #expect(try claim(Self.target).statedReplication == .failed)
    }

    // Item 5: the refusal named the first later change, not the one in effect.
    @Test func aRefusedUndoNamesTheLatestOverridingChange() throws {
        let first = try #require(try curator.edit(Self.target, fields: [.init(field: "note", value: "one")], options: options()).changes.first)
        let second = try #require(try curator.edit(Self.target, fields: [.init(field: "note", value: "two")], options: options()).changes.first)
        let third = try #require(try curator.edit(Self.target, fields: [.init(field: "note", value: "three")], options: options()).changes.first)
        let message: String
        do {
            _ = try curator.undo(first.id, force: false, options: options())
            message = ""
        } catch let conflict as CurationConflict {
            message = conflict.message
        }
        #expect(message.contains("overridden by change \(third.id) ") && message.contains("undo change \(third.id) first"), "\(message)")
        #expect(!message.contains("change \(second.id) "))
        // Undone in that order, each undo goes through.
        _ = try curator.undo(third.id, force: false, options: options())
        _ = try curator.undo(second.id, force: false, options: options())
        _ = try curator.undo(first.id, force: false, options: options())
        #expect(try claim(Self.target).note == nil)
    }

    // Item 7: the roll-up reads one claim's attempts through indexes, not the whole view.
    @Test func theRollUpReadsAClaimsAttemptsByIndex() throws {
        let plan = try knowledgeBase.reader.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + ReplicationAttempts.outcomesSQL, arguments: [1]).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("claimReplication USING PRIMARY KEY") }, "\(plan)")
        #expect(plan.contains { $0.contains("claimRelation USING") && $0.contains("claimRelationByTarget") }, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN claim") }, "\(plan)")
    }

    // A KB made before migration 10 (no statedReplication column) opens, migrates and rolls up.
    @Test func aKBOfMigrationNineIsMigratedAndRollsUp() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-rollup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("kb.sqlite").path
        _ = try KnowledgeBase.openOrCreate(path: path)
        let old = try DatabaseQueue(path: path)
        try old.writeWithoutTransaction { db in
            try db.execute(sql: """
                ALTER TABLE claim DROP COLUMN statedReplication;
                DELETE FROM grdb_migrations WHERE identifier LIKE '0010%';
                PRAGMA user_version = 9;
                UPDATE claim SET replication = 'partial' WHERE slug = '\(Self.target)';
                """)
        }
        try old.close()
        #expect(try KnowledgeBase.needsMigration(path: path))
        let (migrated, _) = try KnowledgeBase.openOrCreate(path: path)
        let curator = Curator(migrated)
        _ = try curator.add(.source, fields: [.init(field: "id", value: "test-rep-work"), .init(field: "title", value: "A Replication"),
                                              .init(field: "year", value: "2024")], options: options())
        _ = try curator.add(.claim, fields: [.init(field: "id", value: "test-rep"), .init(field: "statement", value: "Again."),
                                             .init(field: "source", value: "test-rep-work")], options: options())
        _ = try curator.link("test-rep", kind: "fails-to-replicate", to: Self.target, note: nil, options: options())
        guard case let .claim(linked) = try #require(try curator.record(Self.target)).record else { Issue.record("not a claim"); return }
        #expect(linked.replication == .mixed && linked.statedReplication == .partial)
        _ = try curator.remove("test-rep", cascade: true, options: options())
        guard case let .claim(back) = try #require(try curator.record(Self.target)).record else { Issue.record("not a claim"); return }
        #expect(back.replication == .partial && back.statedReplication == nil)
    }

    // Item 8: when only retracted claims match, the hint says so instead of "drop a filter".
    @Test func theEmptyHintNamesRetractedMatches() throws {
        _ = try curator.add(.source, fields: [.init(field: "id", value: "test-retracted-work"), .init(field: "title", value: "A Retracted Zebrafish Study"),
                                              .init(field: "year", value: "2021")], options: options())
        _ = try curator.add(.claim, fields: [.init(field: "id", value: "test-zebrafish"), .init(field: "statement", value: "Zebrafish write faster."),
                                             .init(field: "source", value: "test-retracted-work")], options: options())
        let engine = QueryEngine(knowledgeBase)
        #expect(try engine.run(#"claims where "zebrafish""#).count == 1)
        _ = try curator.notice("test-retracted-work", kind: .retraction, date: "2024", reason: "data fabrication", url: nil, options: options())
        let hidden = try engine.run(#"claims where "zebrafish""#)
        #expect(hidden.count == 0)
        #expect(hidden.emptyHint?.hasPrefix("only 1 retracted claim matches; retracted evidence is left out unless the query names it") == true,
                "\(hidden.emptyHint ?? "")")
        // Counted as the total is: past the bound, "more than".
        _ = try curator.add(.claim, fields: [.init(field: "id", value: "test-zebrafish-2"), .init(field: "statement", value: "Zebrafish read faster."),
                                             .init(field: "source", value: "test-retracted-work")], options: options())
        #expect(try engine.run(#"claims where "zebrafish""#, total: .atMost(1)).emptyHint?
            .hasPrefix("only retracted claims match, more than 1 of them; retracted evidence is left out unless the query names it") == true)
        // Retracted evidence that would not match either leaves the usual hint.
        #expect(try engine.run(#"claims where "zebrafish" and year > 2030"#).emptyHint?.hasPrefix("nothing matches even without") == true)
    }
}
