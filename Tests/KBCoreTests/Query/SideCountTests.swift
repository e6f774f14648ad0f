import Foundation
import GRDB
import Testing
@testable import KBCore
@testable import KBDomain
@testable import KBQuery
@testable import KBStore

/// A query's cut-off total counted on a second connection to the file (``SQLiteSideReads``):
/// the same answer as the read's own count, in the read's snapshot or not at all.
struct SideCountTests {
    /// A KB file with the plan tests' 3,000 claims, opened read-only as `kb query` opens it
    /// (one connection); the directory is removed by `cleanUp`.
    static func fileKnowledgeBase() throws -> (readOnly: KnowledgeBase, path: String, cleanUp: () -> Void) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-side-count-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("kb.sqlite").path
        let writable = try KnowledgeBase.open(path: path)
        _ = try writable.load(IndexedPlanTests.dataset(claims: 3000), command: "test", files: [])
        try writable.close()
        return (try KnowledgeBase.open(path: path, readOnly: true), path, { try? FileManager.default.removeItem(at: directory) })
    }

    static let queries = [
        "claims for role-3 where cohort=older-workers and n >= 100 rank by relevance limit 20",
        "claims for role-0 limit 5", "claims where grade = high limit 3", "sources limit 4",
        "claims for role-1 where not cohort = mothers limit 2", "claims for role-6 where n > 99999999 limit 5",
    ]

    /// With and without the side count: the same rows, total and exactness, bounded or exact.
    @Test func theTotalCountedBesideIsTheReadsOwn() throws {
        let (knowledgeBase, _, cleanUp) = try Self.fileKnowledgeBase()
        defer { cleanUp() }
        let engine = QueryEngine(knowledgeBase)
        for text in Self.queries {
            for total in [TotalCount.exact, .atMost(7), .standard] {
                let own = try engine.run(text, total: total)
                let beside = try engine.run(text, total: total, countBeside: true)
                #expect(beside.total == own.total && beside.isTotalExact == own.isTotalExact && beside.isTruncated == own.isTruncated, "\(text) \(total)")
                #expect(beside.rows.claims?.map(\.claim.slug) == own.rows.claims?.map(\.claim.slug), "\(text) \(total)")
                #expect(beside.rows.sources?.map(\.source.slug) == own.rows.sources?.map(\.source.slug), "\(text) \(total)")
            }
        }
        // The answers were cut off, so the totals above were counted (on the side when it could).
        #expect(try engine.run(Self.queries[0], total: .exact, countBeside: true).total > 20)
    }

    /// Which queries count beside: a limited claims query with a subject and a condition, where
    /// the count reads what the ranked read did not; not where the read's own connection counts
    /// faster in the pages it has just read (BENCHMARKS.md, "The side count where it pays").
    @Test func onlyALimitedSubjectWithAConditionCountsBeside() throws {
        func beside(_ text: String, profile: ProfileSpec? = nil, limit: Int? = nil) throws -> Bool {
            QueryEngine.countsBeside(try Parser.parse(text), profile: profile, limit: limit)
        }
        #expect(try beside("claims for role-3 where cohort=older-workers and n >= 100 rank by relevance limit 20"))
        #expect(try beside("claims for role-3 where \"bafoyo\" limit 20"))
        #expect(try beside("claims for role-3 where cohort=older-workers", limit: 5))
        #expect(try beside("claims where cohort=older-workers limit 5", profile: ProfileSpec(name: "me", role: "role-3", skills: [])))
        #expect(try !beside("claims for role-3 where cohort=older-workers"))
        #expect(try !beside("claims for role-3 limit 20"))
        #expect(try !beside("claims where \"bafoyo\" limit 20"))
        #expect(try !beside("claims where grade = high limit 3"))
        #expect(try !beside("sources where year >= 2000 limit 4"))
        #expect(try !beside("citations for role-3 where cohort=older-workers limit 4"))
    }

    /// The side counts in the read's snapshot: begun before the read, confirmed inside it, its
    /// count is the read's own.
    @Test func theSideCountsWhatTheReadSees() throws {
        let (knowledgeBase, _, cleanUp) = try Self.fileKnowledgeBase()
        defer { cleanUp() }
        let side = try #require(SQLiteSideReads.beside(knowledgeBase))
        defer { side.finish() }
        side.begin()
        let statement: SQLFragment = "SELECT count(*) FROM claimAbout"
        try knowledgeBase.reader.read { db in
            #expect(side.isSameSnapshot(db))
            let pending = try #require(side.start(statement, limited: false))
            #expect(try pending.value() == SQLValue.integer(Int64(try Int.fetchOne(db, sql: statement.sql) ?? -1)))
        }
    }

    /// Another connection's commit between the side's snapshot and the read's: the versions
    /// differ, nothing runs on the side, and the read counts on its own connection. The commit
    /// removes links, so a side that counted anyway would give another number.
    @Test func aCommitBetweenTheSnapshotsLeavesTheCountToTheRead() throws {
        let (knowledgeBase, path, cleanUp) = try Self.fileKnowledgeBase()
        defer { cleanUp() }
        let side = try #require(SQLiteSideReads.beside(knowledgeBase))
        defer { side.finish() }
        side.begin()
        let writer = try KnowledgeBase.open(path: path)
        try writer.writer.write { db in try db.execute(sql: "DELETE FROM claimAbout WHERE (entityId, claimId) IN (SELECT entityId, claimId FROM claimAbout LIMIT 10)") }
        // Closed without the truncating checkpoint (which would wait for the side's read).
        try (writer.writer as? DatabasePool)?.close()
        try knowledgeBase.reader.read { db in
            #expect(side.isSameSnapshot(db) == false)
            let pending = try #require(side.start("SELECT count(*) FROM claimAbout", limited: false))
            #expect(throws: (any Error).self) { try pending.value() }
        }
        // The engine's answer then is the read's: the link count after the commit.
        let text = "claims for role-0 limit 5"
        let exact = try QueryEngine(knowledgeBase).run(text, total: .exact, countBeside: true)
        let own = try QueryEngine(knowledgeBase).run(text, total: .exact)
        #expect(exact.total == own.total)
    }

    /// Nothing runs on the side once it is finished: a statement queued behind `finish()` finds
    /// no running statement for the interrupt to stop, and would run outside the read's snapshot.
    @Test func nothingRunsOnTheSideAfterItIsFinished() throws {
        let (knowledgeBase, _, cleanUp) = try Self.fileKnowledgeBase()
        defer { cleanUp() }
        let side = try #require(SQLiteSideReads.beside(knowledgeBase))
        side.begin()
        try knowledgeBase.reader.read { db in
            #expect(side.isSameSnapshot(db))
            side.finish()
            let pending = try #require(side.start("SELECT count(*) FROM claimAbout", limited: false))
            #expect(throws: (any Error).self) { try pending.value() }
        }
    }

    /// No side outside WAL mode: with a rollback journal the side's shared lock and a waiting
    /// writer would hold up the read's own lock. The engine then counts on the read, as before.
    @Test func noSideOutsideWALMode() throws {
        let (walFile, path, cleanUp) = try Self.fileKnowledgeBase()
        defer { cleanUp() }
        #expect(SQLiteSideReads.beside(walFile) != nil)
        try walFile.close()
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
        try queue.close()
        let knowledgeBase = try KnowledgeBase.open(path: path, readOnly: true)
        #expect(SQLiteSideReads.beside(knowledgeBase) == nil)
        let text = Self.queries[0]
        let beside = try QueryEngine(knowledgeBase).run(text, total: .exact, countBeside: true)
        #expect(beside.total == (try QueryEngine(knowledgeBase).run(text, total: .exact)).total && beside.total > 20)
    }

    /// No side connection where the versions could not be compared or there is no file: a KB in
    /// memory, a pool (its reads may use different connections, whose versions differ).
    @Test func noSideWithoutOneConnectionToAFile() throws {
        #expect(SQLiteSideReads.beside(try KnowledgeBase.inMemory()) == nil)
        let (knowledgeBase, path, cleanUp) = try Self.fileKnowledgeBase()
        defer { cleanUp() }
        let pool = try KnowledgeBase.open(path: path)
        #expect(SQLiteSideReads.beside(pool) == nil)
        try pool.close()
        #expect(SQLiteSideReads.beside(knowledgeBase) != nil)
        // Not begun: never the same snapshot.
        let side = try #require(SQLiteSideReads.beside(knowledgeBase))
        defer { side.finish() }
        let same = try knowledgeBase.reader.read { db in side.isSameSnapshot(db) }
        #expect(same == false)
    }
}
