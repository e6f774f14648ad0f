import Foundation
import GRDB
import Testing
@testable import KBCore
@testable import KBCuration
@testable import KBDomain
@testable import KBStore

/// Review 6, M1′: before migration 10, `kb undo` of a link or remove batch wrote back the shown,
/// rolled-up status in an `undo-link-…` or `undo-remove-…` edit. Migration 10's back-fill and
/// ``Curator/isRollUp(_:)`` read those edits as roll-ups, not statements, so the stated status
/// survives them. The KBs are built as `linkedAtMigrationNine` builds one: the current schema,
/// the old binary's changes written by hand, then the column and the migration taken off.
struct CurationLegacyUndoMigrationTests {
    typealias Review = CurationRollUpReviewTests
    static let target = Review.target

    /// What kb logged at migration 9, written by hand (snapshots without `statedReplication`).
    struct LegacyLog {
        let db: Database
        let context = ChangeContext(author: "old", command: "kb")

        func log(_ action: String, _ kind: RecordKind, _ recordId: String, batch: String, fields: [String] = ["*"],
                 before: String? = nil, after: String? = nil, undoes: Int64? = nil) throws -> Int64 {
            try ChangeRecorder.append(context, action: action, kind: kind, recordId: recordId, batch: batch, fields: fields,
                                      before: before, after: after, undoes: undoes, in: db)
        }

        /// Links or unlinks `from KIND target` in the tables and logs it.
        func relation(_ from: String, _ kind: String, add: Bool, batch: String, undoes: Int64? = nil) throws -> Int64 {
            if add {
                try db.execute(sql: """
                    INSERT INTO claimRelation (fromClaimId, kind, toClaimId)
                    SELECT f.id, ?, t.id FROM claim f, claim t WHERE f.slug = ? AND t.slug = ?
                    """, arguments: [kind, from, target])
            } else {
                try db.execute(sql: """
                    DELETE FROM claimRelation WHERE kind = ? AND fromClaimId = (SELECT id FROM claim WHERE slug = ?)
                      AND toClaimId = (SELECT id FROM claim WHERE slug = ?)
                    """, arguments: [kind, from, target])
            }
            let json = #"{"from":"\#(from)","kind":"\#(kind)","to":"\#(target)"}"#
            return try log(add ? "link" : "unlink", .relation, "\(from) \(kind) \(target)", batch: batch,
                           before: add ? nil : json, after: add ? json : nil, undoes: undoes)
        }

        /// The target's shown status set to `shown`, logged as the old roll-up edit of
        /// `replication` alone.
        func rollUp(to shown: ReplicationStatus, batch: String, undoes: Int64? = nil) throws -> Int64 {
            let old = try #require(try RecordSnapshot.read(.claim, slug: target, in: db))
            try db.execute(sql: "UPDATE claim SET replication = ?, version = version + 1 WHERE slug = ?", arguments: [shown.rawValue, target])
            let id = try #require(try Int64.fetchOne(db, sql: "SELECT id FROM claim WHERE slug = ?", arguments: [target]))
            try StrengthUpdater.refresh(claims: [id], sources: [], in: db)
            let new = try #require(try RecordSnapshot.read(.claim, slug: target, in: db))
            #expect(!old.text.contains("statedReplication") && !new.text.contains("statedReplication"))
            return try log("edit", .claim, target, batch: batch, fields: ["replication"], before: old.text, after: new.text, undoes: undoes)
        }
    }

    /// A KB at migration 9 with the replicators `test-rep` and `test-rep-b` (each of its own
    /// source) and the old binary's changes `steps` wrote; the target's strength before them.
    static func migrationNine(_ steps: (LegacyLog) throws -> Void) throws -> (path: String, directory: URL, strength: Double) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-legacy-undo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("kb.sqlite").path
        var strength = 0.0
        do {
            let (knowledgeBase, _) = try KnowledgeBase.openOrCreate(path: path)
            let curator = Curator(knowledgeBase)
            try Review.replicator(curator, "test-rep")
            try Review.replicator(curator, "test-rep-b")
            strength = try Review.strength(knowledgeBase, target)
            try knowledgeBase.writer.write { db in try steps(LegacyLog(db: db)) }
        }
        let old = try DatabaseQueue(path: path)
        try old.writeWithoutTransaction { db in
            try db.execute(sql: """
                ALTER TABLE claim DROP COLUMN statedReplication;
                DELETE FROM grdb_migrations WHERE identifier LIKE '0010%';
                PRAGMA user_version = 9;
                """)
        }
        try old.close()
        return (path, directory, strength)
    }

    /// The reviewer's I.sqlite: link test-rep (replicates), link test-rep-b (fails: mixed), then
    /// the old undo of the second link (`undo-link-…`: replicated again).
    static func linkedLinkedUndone() throws -> (path: String, directory: URL, strength: Double, firstLink: Int64) {
        var firstLink: Int64 = 0
        let (path, directory, strength) = try migrationNine { log in
            firstLink = try log.relation("test-rep", "replicates", add: true, batch: "link-0009aaaa")
            _ = try log.rollUp(to: .replicated, batch: "link-0009aaaa")
            let link = try log.relation("test-rep-b", "fails-to-replicate", add: true, batch: "link-0009bbbb")
            let edit = try log.rollUp(to: .mixed, batch: "link-0009bbbb")
            _ = try log.relation("test-rep-b", "fails-to-replicate", add: false, batch: "undo-link-0009bbbb", undoes: link)
            _ = try log.rollUp(to: .replicated, batch: "undo-link-0009bbbb", undoes: edit)
        }
        return (path, directory, strength, firstLink)
    }

    @Test func anOldUndoOfALinkIsNoStatementAtMigration() throws {
        let (path, directory, unlinked, _) = try Self.linkedLinkedUndone()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (knowledgeBase, _) = try KnowledgeBase.openOrCreate(path: path)
        let curator = Curator(knowledgeBase)
        let migrated = try Review.claim(curator, Self.target)
        #expect(migrated.replication == .replicated && migrated.statedReplication == .unknown)
        _ = try curator.remove("test-rep", cascade: true, options: Review.options())
        let back = try Review.claim(curator, Self.target)
        #expect(back.replication == .unknown && back.statedReplication == nil)
        #expect(try Review.strength(knowledgeBase, Self.target) == unlinked)
    }

    // The old undo edit is a roll-up to kb undo too: it does not block an undo of the first link.
    @Test func anOldUndoOfALinkDoesNotBlockAnUndoOfTheLinkBeforeIt() throws {
        let (path, directory, unlinked, firstLink) = try Self.linkedLinkedUndone()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (knowledgeBase, _) = try KnowledgeBase.openOrCreate(path: path)
        let curator = Curator(knowledgeBase)
        _ = try curator.undo(firstLink, force: false, options: Review.options())
        #expect(try Review.claim(curator, Self.target).replication == .unknown)
        #expect(try Review.strength(knowledgeBase, Self.target) == unlinked)
    }

    // The reviewer's H.sqlite: link test-rep, remove it with --cascade (unknown), then the old
    // undo of that removal (`undo-remove-…`: replicated again).
    @Test func anOldUndoOfARemovalIsNoStatementAtMigration() throws {
        let (path, directory, unlinked) = try Self.migrationNine { log in
            _ = try log.relation("test-rep", "replicates", add: true, batch: "link-0009cccc")
            _ = try log.rollUp(to: .replicated, batch: "link-0009cccc")
            let unlink = try log.relation("test-rep", "replicates", add: false, batch: "remove-0009dddd")
            let removed = try log.log("remove", .claim, "test-rep", batch: "remove-0009dddd", before: #"{"slug":"test-rep"}"#)
            let edit = try log.rollUp(to: .unknown, batch: "remove-0009dddd")
            _ = try log.log("add", .claim, "test-rep", batch: "undo-remove-0009dddd", after: #"{"slug":"test-rep"}"#, undoes: removed)
            _ = try log.relation("test-rep", "replicates", add: true, batch: "undo-remove-0009dddd", undoes: unlink)
            _ = try log.rollUp(to: .replicated, batch: "undo-remove-0009dddd", undoes: edit)
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        let (knowledgeBase, _) = try KnowledgeBase.openOrCreate(path: path)
        let curator = Curator(knowledgeBase)
        let migrated = try Review.claim(curator, Self.target)
        #expect(migrated.replication == .replicated && migrated.statedReplication == .unknown)
        _ = try curator.remove("test-rep", cascade: true, options: Review.options())
        #expect(try Review.claim(curator, Self.target).replication == .unknown)
        #expect(try Review.strength(knowledgeBase, Self.target) == unlinked)
    }

    // An undo of an import's statement is a statement still, and so is its redo.
    @Test func onlyUndosOfLinkAndRemoveBatchesAreRollUps() {
        #expect(Curator.isRollUpBatch("link-0009aaaa") && Curator.isRollUpBatch("undo-remove-0009dddd"))
        #expect(Curator.isRollUpBatch("undo-undo-link-0009aaaa"))
        #expect(!Curator.isRollUpBatch("undo-import-12") && !Curator.isRollUpBatch("undo-undo-import-12") && !Curator.isRollUpBatch(nil))
    }
}
