import Foundation
import Testing
@testable import KBCore
@testable import KBPostgres
@testable import KBPostgresFacade
@testable import KBQuery
@testable import KBStore

/// The strength walk's statements (one statement per window, a `VALUES` window) on a live
/// PostgreSQL: forced onto every tier of the seeds' subject queries, the single statement's
/// rows. Needs KB_TEST_POSTGRES_URL (.ci/check-postgres sets it).
@Suite(.serialized)
struct PostgresStrengthWalkTests {
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func theStrengthWalkGivesTheSingleStatementsRowsOnPostgreSQL() async throws {
        try await TestServer.withFreshDatabase { location in
            try await onThread {
                _ = try PostgresService(location.url).create(seedsFolder: nil, replacing: false)
                let executor = try PostgresExecutor.connect(location)
                defer { executor.close() }
                let settings = StrengthWalk.Settings(minimumMembers: 1, firstWindowPerRow: 1, maximumWindow: 1_000_000, scanChunk: 2, scanPerMember: 1_000_000)
                var walked = 0
                for text in ["claims for ml-platform-engineer limit 3", "claims for ml-platform-engineer where cohort=older limit 2",
                             "claims for pytorch rank by relevance limit 4", "claims for ml-platform-engineer limit 1"] {
                    let parsed = try Parser.parse(text)
                    let compiled = try QueryCompiler(store: PostgresQueryStore(executor: executor), text: text).compile(parsed, limit: parsed.limit.map { $0 + 1 })
                    let wanted = try #require(compiled.limit)
                    #expect(compiled.tiers?.allSatisfy { $0.walk?.inOneStatement ?? true } ?? false, "\(text)")
                    let single = try executor.rows(compiled.statement).compactMap { $0.int64("claimId") }
                    #expect(!single.isEmpty, "\(text)")
                    #expect(try QueryEngine.claimRows(compiled, walk: settings, in: executor).compactMap { $0.int64("claimId") } == single, "\(text)")
                    for tier in compiled.tiers ?? [] {
                        guard let walk = tier.walk, let rows = try walk.rows(wanted: wanted, settings: settings, in: executor) else { continue }
                        walked += 1
                        #expect(rows.map { $0.int64("claimId") } == (try executor.rows(tier.statement)).map { $0.int64("claimId") }, "\(text) tier \(tier.relevance)")
                    }
                }
                #expect(walked > 2)
            }
        }
    }

    /// The walk's window is found on the server in one pass down claimByStrength (Schema/
    /// postgresql/0004: the index on `(strength, id)`), read from the index alone and in its
    /// order (no sort), each claim tested against a hash of the tier's members — not a join,
    /// which would read every member's claim or probe claimAbout per claim passed. The seeds'
    /// few claims would be scanned whole, so the plan is asked with sequential scans priced out,
    /// as they are at a million claims.
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func theWalksWindowIsOneIndexOnlyScanInOrderWithHashedMembers() async throws {
        try await TestServer.withFreshDatabase { location in
            try await onThread {
                _ = try PostgresService(location.url).create(seedsFolder: nil, replacing: false)
                let executor = try PostgresExecutor.connect(location)
                defer { executor.close() }
                try executor.run("VACUUM ANALYZE claim")
                try executor.run("SET enable_seqscan = off")
                let text = "claims for ml-platform-engineer limit 3"
                let compiled = try QueryCompiler(store: PostgresQueryStore(executor: executor), text: text).compile(try Parser.parse(text), limit: 4)
                let walk = try #require(compiled.tiers?.first?.walk)
                // A small work_mem for the session; the walk's statement is given the memory to
                // hash the members (inside the read's transaction, as every read runs).
                try executor.run("SET work_mem = '64kB'")
                try executor.run("BEGIN")
                for target in [4, 8192] {
                    let window = walk.windowStatement(target: target, scanPerMember: 8, maximumHashedLinks: 1_000_000)
                    let plan = try executor.hashingRows("EXPLAIN " + window).compactMap { $0[0].string }
                    #expect(plan.contains { $0.contains("Index Only Scan Backward using claimbystrength on claim") }, "\(plan)")
                    #expect(plan.contains { $0.contains("hashed SubPlan") }, "\(plan)")
                    #expect(!plan.contains { $0.contains("Sort") || $0.contains("Join") || $0.contains("Nested Loop") }, "\(plan)")
                }
                // A million members, as PostgreSQL estimates them: hashed with the memory given,
                // scanned again for every claim passed without it.
                let large = StrengthWalk(members: "SELECT g.id AS claimId FROM generate_series(1, 1000000) AS g(id)", rows: walk.rows, inOneStatement: true)
                let window: SQLFragment = "EXPLAIN " + large.windowStatement(target: 4, scanPerMember: 8, maximumHashedLinks: 1_000_000)
                #expect(try executor.hashingRows(window).contains { $0[0].string?.contains("hashed SubPlan") == true })
                let withoutMemory = try executor.rows(window).compactMap { $0[0].string }
                #expect(withoutMemory.contains { $0.contains("SubPlan") } && !withoutMemory.contains { $0.contains("hashed SubPlan") }, "\(withoutMemory)")
                // A larger work_mem of the session stays.
                try executor.run("SET work_mem = '256MB'")
                #expect(try executor.hashingRows("SELECT current_setting('work_mem')").first?[0].string == "256MB")
                try executor.run("SET work_mem = '64kB'")
                // That memory for the statement only: the session's setting is back after it.
                #expect(try executor.hashingRows("SELECT current_setting('work_mem')").first?[0].string == "64MB")
                #expect(try executor.value("SELECT current_setting('work_mem')")?.string == "64kB")
                try executor.run("COMMIT")
            }
        }
    }
}
