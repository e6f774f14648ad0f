import Foundation
import GRDB
import Testing
@testable import KBCore
@testable import KBCuration
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// Issue 14's replication roll-up after its fourth review: a KB linked before migration 10 keeps
/// its roll-back, an edit that only rolled a status up neither blocks an undo nor is restored by
/// one, an import of what is stored changes nothing, imported replications roll up at import, an
/// edit cannot make a replication dependent, a cascade rolls each target up once, and the
/// retracted-only hint keeps the query's limit.
struct CurationRollUpReviewTests {
    static let target = "noy2023-writing-time"

    static func options() -> CurationOptions { CurationOptions(context: ChangeContext(author: "ana", command: "test")) }

    static func claim(_ curator: Curator, _ id: String) throws -> Claim {
        guard case let .claim(claim) = try #require(try curator.record(id)).record else { throw KBError.invalidInput("\(id) is not a claim") }
        return claim
    }

    static func strength(_ knowledgeBase: KnowledgeBase, _ id: String) throws -> Double {
        try knowledgeBase.reader.read { try Double.fetchOne($0, sql: "SELECT strength FROM claim WHERE slug = ?", arguments: [id]) ?? -1 }
    }

    static func changeCount(_ knowledgeBase: KnowledgeBase) throws -> Int {
        try knowledgeBase.reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM changes") ?? 0 }
    }

    /// Adds a claim `id` of its own source (an independent study).
    static func replicator(_ curator: Curator, _ id: String, source: String? = nil) throws {
        let work = source ?? id + "-work"
        if try curator.record(work) == nil {
            _ = try curator.add(.source, fields: [.init(field: "id", value: work), .init(field: "title", value: "A Replication Of The Writing Study"),
                                                  .init(field: "year", value: "2024")], options: options())
        }
        _ = try curator.add(.claim, fields: [.init(field: "id", value: id), .init(field: "statement", value: "Writing time fell again."),
                                             .init(field: "source", value: work)], options: options())
    }

    // MARK: M1 — a link made before migration 10

    /// A KB at migration 9 where `test-rep` was linked as replicating the target the way kb did
    /// before migration 10: the relation, a `link` change and the target's roll-up edit of
    /// `replication` alone (snapshots without `statedReplication`) in one `link-…` batch, and
    /// the rolled-up status stored. `before` runs first (on the current schema, where the
    /// curator's changes log as they did at migration 9 as long as nothing is linked).
    static func linkedAtMigrationNine(_ before: (Curator) throws -> Void = { _ in }) throws -> (path: String, directory: URL, strength: Double) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-rollup-review-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("kb.sqlite").path
        var strength = 0.0
        do {
            let (knowledgeBase, _) = try KnowledgeBase.openOrCreate(path: path)
            let curator = Curator(knowledgeBase)
            try replicator(curator, "test-rep")
            try before(curator)
            strength = try Self.strength(knowledgeBase, target)
            try knowledgeBase.writer.write { db in
                let context = ChangeContext(author: "old", command: "kb link")
                let batch = "link-0009beef"
                try db.execute(sql: """
                    INSERT INTO claimRelation (fromClaimId, kind, toClaimId)
                    SELECT f.id, 'replicates', t.id FROM claim f, claim t WHERE f.slug = 'test-rep' AND t.slug = ?
                    """, arguments: [target])
                _ = try ChangeRecorder.append(context, action: "link", kind: .relation, recordId: "test-rep replicates \(target)", batch: batch,
                                              before: nil, after: #"{"from":"test-rep","kind":"replicates","to":"\#(target)"}"#, in: db)
                let old = try #require(try RecordSnapshot.read(.claim, slug: target, in: db))
                guard case let .claim(stated) = old else { Issue.record("\(target) read back as no claim"); return }
                let shown = ReplicationAttempts.rollUp(stated.replication, replicated: true, failed: false)
                try db.execute(sql: "UPDATE claim SET replication = ?, version = version + 1 WHERE slug = ?", arguments: [shown.rawValue, target])
                let id = try #require(try Int64.fetchOne(db, sql: "SELECT id FROM claim WHERE slug = ?", arguments: [target]))
                try StrengthUpdater.refresh(claims: [id], sources: [], in: db)
                let new = try #require(try RecordSnapshot.read(.claim, slug: target, in: db))
                #expect(!old.text.contains("statedReplication") && !new.text.contains("statedReplication"))
                _ = try ChangeRecorder.append(context, action: "edit", kind: .claim, recordId: target, batch: batch, fields: ["replication"],
                                              version: try Int.fetchOne(db, sql: "SELECT version FROM claim WHERE slug = ?", arguments: [target]),
                                              before: old.text, after: new.text, in: db)
            }
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

    @Test func aLinkMadeBeforeMigrationTenStillRollsBackWhenItsClaimIsRemoved() throws {
        let (path, directory, unlinked) = try Self.linkedAtMigrationNine()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try KnowledgeBase.needsMigration(path: path))
        let (knowledgeBase, _) = try KnowledgeBase.openOrCreate(path: path)
        let curator = Curator(knowledgeBase)
        let migrated = try Self.claim(curator, Self.target)
        #expect(migrated.replication == .replicated && migrated.statedReplication == .unknown)
        let result = try curator.remove("test-rep", cascade: true, options: Self.options())
        let back = try Self.claim(curator, Self.target)
        #expect(back.replication == .unknown && back.statedReplication == nil)
        #expect(try Self.strength(knowledgeBase, Self.target) == unlinked)
        #expect(result.changes.filter { $0.recordId == Self.target && $0.action == "edit" }.count == 1)
    }

    // The old roll-up edit in the log is a roll-up still: it does not block an undo of the
    // curator's earlier statement, which then rolls up with the link.
    @Test func anOldRollUpEditDoesNotBlockAnUndoOfTheStatementBeforeIt() throws {
        var statement: Int64 = 0
        let (path, directory, _) = try Self.linkedAtMigrationNine { curator in
            statement = try #require(try curator.edit(Self.target, fields: [.init(field: "replication", value: "failed")], options: Self.options()).changes.first).id
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        let (knowledgeBase, _) = try KnowledgeBase.openOrCreate(path: path)
        let curator = Curator(knowledgeBase)
        let migrated = try Self.claim(curator, Self.target)
        #expect(migrated.replication == .mixed && migrated.statedReplication == .failed)
        _ = try curator.undo(statement, force: false, options: Self.options())
        let undone = try Self.claim(curator, Self.target)
        #expect(undone.replication == .replicated && undone.statedReplication == .unknown)
        _ = try curator.remove("test-rep", cascade: true, options: Self.options())
        #expect(try Self.claim(curator, Self.target).replication == .unknown)
    }

    // A KB at migration 9 that no link touched migrates with nothing stated apart.
    @Test func aKBWithoutLinksMigratesWithNoStatedStatus() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-rollup-review-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("kb.sqlite").path
        _ = try KnowledgeBase.openOrCreate(path: path)
        let old = try DatabaseQueue(path: path)
        try old.writeWithoutTransaction { db in
            try db.execute(sql: "ALTER TABLE claim DROP COLUMN statedReplication; DELETE FROM grdb_migrations WHERE identifier LIKE '0010%'; PRAGMA user_version = 9;")
        }
        try old.close()
        let (knowledgeBase, _) = try KnowledgeBase.openOrCreate(path: path)
        #expect(try knowledgeBase.reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM claim WHERE statedReplication IS NOT NULL") } == 0)
    }

    // MARK: M2 — a roll-up edit neither blocks an undo nor is restored by one

    @Test func undoingALinkAfterTheStatusWasRestatedKeepsTheStatement() throws {
        let knowledgeBase = try KnowledgeBase.seeded()
        let curator = Curator(knowledgeBase)
        try Self.replicator(curator, "test-rep")
        let link = try #require(try curator.link("test-rep", kind: "replicates", to: Self.target, note: nil, options: Self.options()).changes.first)
        _ = try curator.edit(Self.target, fields: [.init(field: "replication", value: "failed")], options: Self.options())
        #expect(try Self.claim(curator, Self.target).replication == .mixed)
        _ = try curator.undo(link.id, force: false, options: Self.options())
        let after = try Self.claim(curator, Self.target)
        #expect(after.replication == .failed && after.statedReplication == nil)
        #expect(try curator.log(.init(record: Self.target)).last?.undoes == nil)
    }

    @Test func undoForceOfALinkKeepsALaterStatementAndTheOtherAttempts() throws {
        let knowledgeBase = try KnowledgeBase.seeded()
        let curator = Curator(knowledgeBase)
        try Self.replicator(curator, "test-rep-b")
        try Self.replicator(curator, "test-rep-c")
        let link = try #require(try curator.link("test-rep-b", kind: "fails-to-replicate", to: Self.target, note: nil, options: Self.options()).changes.first)
        _ = try curator.link("test-rep-c", kind: "replicates", to: Self.target, note: nil, options: Self.options())
        _ = try curator.edit(Self.target, fields: [.init(field: "replication", value: "partial")], options: Self.options())
        #expect(try Self.claim(curator, Self.target).replication == .mixed)
        _ = try curator.undo(link.id, force: true, options: Self.options())
        let after = try Self.claim(curator, Self.target)
        // Stated partial, still replicated by test-rep-c.
        #expect(after.replication == .partial && after.statedReplication == nil)
    }

    // MARK: m1 — an unchanged re-import of a linked claim

    @Test func reimportingALinkedClaimUnchangedReportsItUnchanged() throws {
        let knowledgeBase = try KnowledgeBase.seeded()
        let curator = Curator(knowledgeBase)
        let yaml = """
            claims:
              - id: \(Self.target)
                statement: \(try Self.claim(curator, Self.target).statement)
                source: noy2023experimental
                replication: not-attempted
            """
        let options = ImportOptions(format: .kb, changeContext: ChangeContext(author: "ana", command: "import"))
        func importing() throws -> ImportReport {
            try Importer(knowledgeBase).run([ImportInput(name: "restate.yaml", bytes: Array(yaml.utf8))], options: options)
        }
        _ = try importing()
        try Self.replicator(curator, "test-rep")
        _ = try curator.link("test-rep", kind: "fails-to-replicate", to: Self.target, note: nil, options: Self.options())
        #expect(try Self.claim(curator, Self.target).replication == .failed)
        let changes = try Self.changeCount(knowledgeBase)
        let again = try importing()
        #expect(again.summary.updated == 0 && again.summary.added == 0, "\(again.changes)")
        #expect(again.changes.isEmpty, "\(again.changes)")
        #expect(try Self.changeCount(knowledgeBase) == changes)
        let after = try Self.claim(curator, Self.target)
        #expect(after.replication == .failed && after.statedReplication == .notAttempted)
    }

    // MARK: m2 — a mapping's replications roll up at import

    static let mapping = """
        sources:
          original:
            group: ["{doi}"]
            type: document
            doi: "{doi}"
            title: "{title}"
            issued: "{year}"
          replication:
            group: ["{rdoi}"]
            type: document
            doi: "{rdoi}"
            title: "{rtitle}"
            issued: "{ryear}"
        claims:
          - id: "test-mapped-{row}"
            source: original
            statement: "{title}"
            replication: unknown
            replications:
              - source: replication
                outcome: "{outcome}"
        """

    @Test func aMappingsReplicationRollsUpAtImportAndAnUnrelatedEditKeepsIt() throws {
        let knowledgeBase = try KnowledgeBase.seeded()
        let curator = Curator(knowledgeBase)
        let csv = """
            doi,title,year,rdoi,rtitle,ryear,outcome
            10.1234/orig.1,Priming Speeds Walking,2001,10.1234/rep.1,Priming Walking Again,2015,replicated
            """
        let report = try Importer(knowledgeBase).run([ImportInput(name: "/data/register.csv", bytes: Array(csv.utf8))],
                                                     options: ImportOptions(mapping: ("register.yaml", Self.mapping)))
        #expect(report.summary.added > 0)
        let id = try #require(try knowledgeBase.reader.read { try String.fetchOne($0, sql: "SELECT slug FROM claim WHERE slug LIKE 'test-mapped-%'") })
        let imported = try Self.claim(curator, id)
        #expect(imported.replication == .replicated && imported.statedReplication == .unknown)
        // Imported again, nothing changes.
        let again = try Importer(knowledgeBase).run([ImportInput(name: "/data/register.csv", bytes: Array(csv.utf8))],
                                                    options: ImportOptions(mapping: ("register.yaml", Self.mapping)))
        #expect(again.summary.updated == 0 && again.summary.added == 0, "\(again.changes)")
        let strength = try Self.strength(knowledgeBase, id)
        _ = try curator.edit(id, fields: [.init(field: "note", value: "read again")], options: Self.options())
        let edited = try Self.claim(curator, id)
        #expect(edited.replication == .replicated && edited.statedReplication == .unknown)
        #expect(try Self.strength(knowledgeBase, id) == strength)
    }

    // MARK: m5 — an edit cannot make a linked replication dependent

    @Test func anEditThatMakesAReplicationDependentIsRefusedAndWritesNothing() throws {
        let knowledgeBase = try KnowledgeBase.seeded()
        let curator = Curator(knowledgeBase)
        try Self.replicator(curator, "test-rep")
        _ = try curator.link("test-rep", kind: "replicates", to: Self.target, note: nil, options: Self.options())
        let target = try Self.claim(curator, Self.target)
        let before = try Self.claim(curator, "test-rep")
        let changes = try Self.changeCount(knowledgeBase)
        var fields: [FieldAssignment] = [.init(field: "source", value: try #require(target.sourceSlug))]
        if let study = target.studySlug { fields.append(.init(field: "study", value: study)) }
        #expect(throws: KBError.self) { try curator.edit("test-rep", fields: fields, options: Self.options()) }
        do {
            _ = try curator.edit("test-rep", fields: fields, options: Self.options())
        } catch let KBError.invalidInput(message) {
            #expect(message.contains("test-rep replicates \(Self.target)") && message.contains("independent"), "\(message)")
        }
        // A replicating claim without a source is refused too.
        #expect(throws: KBError.self) { try curator.edit("test-rep", fields: [.init(field: "source", value: "")], options: Self.options()) }
        #expect(try Self.claim(curator, "test-rep") == before)
        #expect(try Self.changeCount(knowledgeBase) == changes)
        // A claim linked only by supports may move anywhere.
        try Self.replicator(curator, "test-support")
        _ = try curator.link("test-support", kind: "supports", to: Self.target, note: nil, options: Self.options())
        _ = try curator.edit("test-support", fields: fields, options: Self.options())
        #expect(try Self.claim(curator, "test-support").sourceSlug == target.sourceSlug)
    }

    // MARK: m6 — a cascade rolls each target up once

    @Test func aCascadeRollsATargetUpOnceAfterAllItsLinksAreGone() throws {
        let knowledgeBase = try KnowledgeBase.seeded()
        let curator = Curator(knowledgeBase)
        try Self.replicator(curator, "test-rep-b", source: "test-two-work")
        try Self.replicator(curator, "test-rep-c", source: "test-two-work")
        _ = try curator.link("test-rep-b", kind: "replicates", to: Self.target, note: nil, options: Self.options())
        _ = try curator.link("test-rep-c", kind: "fails-to-replicate", to: Self.target, note: nil, options: Self.options())
        #expect(try Self.claim(curator, Self.target).replication == .mixed)
        let result = try curator.remove("test-two-work", cascade: true, options: Self.options())
        let edits = result.changes.filter { $0.recordId == Self.target && $0.action == "edit" }
        #expect(edits.count == 1, "\(edits.map(\.after))")
        #expect(edits.first?.after?.contains(#""replication":"unknown""#) == true)
        #expect(try Self.claim(curator, Self.target).replication == .unknown)
    }

    // MARK: m8 — the retracted-only hint keeps the limit

    @Test func theRetractedHintKeepsTheQuerysLimit() throws {
        let knowledgeBase = try KnowledgeBase.seeded()
        let curator = Curator(knowledgeBase)
        _ = try curator.add(.source, fields: [.init(field: "id", value: "test-retracted-work"), .init(field: "title", value: "A Retracted Zebrafish Study"),
                                              .init(field: "year", value: "2021")], options: Self.options())
        _ = try curator.add(.claim, fields: [.init(field: "id", value: "test-zebrafish"), .init(field: "statement", value: "Zebrafish write faster."),
                                             .init(field: "source", value: "test-retracted-work")], options: Self.options())
        _ = try curator.notice("test-retracted-work", kind: .retraction, date: "2024", reason: "data fabrication", url: nil, options: Self.options())
        let hint = try #require(try QueryEngine(knowledgeBase).run(#"claims where "zebrafish" limit 5"#).emptyHint)
        #expect(hint.hasSuffix("limit 5'"), "\(hint)")
        // The command is one shell word in single quotes (``ShellWord``): the query, as a shell gives it to kb.
        let word = try #require(hint.components(separatedBy: "names it: kb query ").last)
        #expect(word.hasPrefix("'") && word.hasSuffix("'"), "\(word)")
        let suggested = String(word.dropFirst().dropLast()).replacingOccurrences(of: "'\\''", with: "'")
        #expect(try QueryEngine(knowledgeBase).run(suggested).count == 1, "\(suggested)")
    }
}
