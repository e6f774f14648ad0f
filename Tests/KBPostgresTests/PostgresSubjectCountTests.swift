import Foundation
import Testing
@testable import KBCore
@testable import KBPostgres
@testable import KBPostgresFacade
@testable import KBQuery
@testable import KBStore

/// A subject query's total ("showing the first N of M") on PostgreSQL: counted as semi-joins on
/// `claimAbout` plus the economy-wide claims reached by none of the subject's nodes
/// (``QueryCompiler/reachedClaimsCount(_:)``), not through the `best` CTE's `GROUP BY` that
/// PostgreSQL misestimates (2 s at 1M claims). The same totals as SQLite's CTE, whose SQL is
/// unchanged; and counted up to a bound (``TotalCount``), the same on both stores. Needs
/// KB_TEST_POSTGRES_URL, as ``PostgresQueryParityTests``.
@Suite(.serialized)
struct PostgresSubjectCountTests {
    /// Limits of 1 cut every answer off, so each total is counted.
    static let queries = [
        "claims for ml-platform-engineer limit 1",
        "claims for ml-platform-engineer where cohort=older limit 1",
        "claims for ml-platform-engineer where not cohort=older and n >= 100 limit 1",
        "claims for ml-platform-engineer rank by strength limit 1",
        "claims for ml-platform-engineer where retracted or replication=unknown limit 1",
    ]

    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func subjectTotalsAreSQLitesAndCountedWithoutTheCTE() async throws {
        try await TestServer.withFreshDatabase { location in
            try await onThread {
                let postgres = try PostgresService(location.url)
                _ = try postgres.create(seedsFolder: nil, replacing: false)
                let (sqlite, folder) = try PostgresQueryParityTests.sqliteService()
                defer { try? FileManager.default.removeItem(at: folder) }
                // An economy-wide claim also about the role: reached twice (about a reached
                // node, and economy-wide), it must count once on both stores.
                let link: SQLFragment = """
                    INSERT INTO claimAbout (entityId, claimId) SELECT e.id, c.id FROM entity e, claim c
                    WHERE e.slug = 'ml-platform-engineer' AND c.slug = 'noy2023-writer-gap' AND c.isEconomyWide = 1
                    """
                let file = try KnowledgeBase.open(path: folder.appendingPathComponent("kb.sqlite").path)
                try file.writer.write { db in _ = try SQLiteStatementExecutor(db: db).rows(link) }
                let executor = try PostgresExecutor.connect(location)
                defer { executor.close() }
                _ = try executor.run(link)
                let linked: SQLFragment = "SELECT count(*) FROM claimAbout a JOIN claim c ON c.id = a.claimId WHERE c.slug = 'noy2023-writer-gap' AND c.isEconomyWide = 1"
                #expect(try executor.value(linked)?.int64 == 2, "the economy-wide claim is about its topic and the role")
                for text in Self.queries {
                    // The exact count (--exact-total): PostgreSQL's semi-joins, SQLite's CTE.
                    let lite = try sqlite.run(QueryRequest(text, total: .exact)).outcome
                    let live = try postgres.run(QueryRequest(text, total: .exact)).outcome
                    #expect(lite.isTruncated, "\(text): not cut off, so no total was counted")
                    #expect(lite.total > 1, "\(text)")
                    #expect(live.total == lite.total, "\(text)")
                    #expect(PostgresQueryParityTests.json(live) == PostgresQueryParityTests.json(lite), "\(text)")
                    // SQLite's count is the CTE's, as before; PostgreSQL's has no GROUP BY.
                    #expect(lite.compiled.countSQL.contains("GROUP BY claimId"), "\(text)")
                    #expect(!live.compiled.countSQL.contains("GROUP BY"), "\(text)")
                    #expect(live.compiled.countSQL.contains("c.isEconomyWide = 1 AND NOT EXISTS"), "\(text)")
                    // Counted up to a bound (TotalCount): the walk over the reached links counts
                    // the same claims on both stores, and says "at least" where the bound is met.
                    let exact = lite.total
                    for bound in [2, 3, exact - 1, exact, exact + 1, TotalCount.standardBound] {
                        let (boundedLite, boundedLive) = (try sqlite.run(QueryRequest(text, total: .atMost(bound))).outcome,
                                                          try postgres.run(QueryRequest(text, total: .atMost(bound))).outcome)
                        #expect(boundedLive.total == min(exact, max(bound, 1)), "\(text), bound \(bound)")
                        #expect(boundedLite.total == boundedLive.total && boundedLite.isTotalExact == boundedLive.isTotalExact, "\(text), bound \(bound)")
                        #expect(boundedLive.isTotalExact == (exact <= max(bound, 1)), "\(text), bound \(bound)")
                        #expect(PostgresQueryParityTests.json(boundedLive) == PostgresQueryParityTests.json(boundedLite), "\(text), bound \(bound)")
                    }
                }
                // Sources and citations, with and without subjects: their bounded counts wrap a
                // `WITH` statement in a subquery, or count distinct sources.
                for text in ["sources for ml-platform-engineer limit 1", "citations for ml-platform-engineer limit 1", "sources limit 1",
                             "citations where replication = unknown limit 1", "claims limit 1", "claims for ml-platform-engineer within 1 hops limit 1"] {
                    let exact = try sqlite.run(QueryRequest(text, total: .exact)).outcome
                    #expect(exact.isTruncated && exact.total > 2, "\(text): \(exact.total)")
                    for bound in [2, exact.total - 1, exact.total] {
                        let (boundedLite, boundedLive) = (try sqlite.run(QueryRequest(text, total: .atMost(bound))).outcome,
                                                          try postgres.run(QueryRequest(text, total: .atMost(bound))).outcome)
                        #expect(boundedLive.total == min(exact.total, bound) && boundedLive.isTotalExact == (exact.total <= bound), "\(text), bound \(bound)")
                        #expect(PostgresQueryParityTests.json(boundedLive) == PostgresQueryParityTests.json(boundedLite), "\(text), bound \(bound)")
                    }
                }
            }
        }
    }

    /// A bounded total runs without parallel workers (``PostgresExecutor/limitedValue(_:)``),
    /// and the read's later statements with the session's own setting again, whatever it is.
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func aBoundedCountRunsWithoutParallelWorkersAndLeavesTheSettingAsItWas() async throws {
        try await TestServer.withFreshDatabase { location in
            try await onThread {
                let postgres = try PostgresService(location.url)
                _ = try postgres.create(seedsFolder: nil, replacing: false)
                let executor = try PostgresExecutor.connect(location)
                defer { executor.close() }
                _ = try executor.run("SET max_parallel_workers_per_gather = 3")
                _ = try executor.run("START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                let setting: SQLFragment = "SELECT current_setting('max_parallel_workers_per_gather')"
                #expect(try executor.limitedValue(setting)?.string == "0")
                #expect(try executor.value(setting)?.string == "3")
                // Its plan (--explain's) is planned the same way: with parallel plans made cheap
                // in this session, the plain plan gathers workers and the limited one does not.
                _ = try executor.run("SET LOCAL parallel_setup_cost = 0")
                _ = try executor.run("SET LOCAL parallel_tuple_cost = 0")
                _ = try executor.run("SET LOCAL min_parallel_table_scan_size = 0")
                let store = PostgresQueryStore(executor: executor)
                let counted = "SELECT count(*) FROM (SELECT 1 FROM entity e JOIN edge g ON g.fromId = e.id LIMIT ?) AS counted"
                #expect(try store.queryPlan(sql: counted, arguments: [.integer(1001)]).joined().contains("Gather"))
                #expect(try !store.limitedQueryPlan(sql: counted, arguments: [.integer(1001)]).joined().contains("Gather"))
                #expect(try store.queryPlan(sql: counted, arguments: [.integer(1001)]).joined().contains("Gather"), "the setting is back")
                _ = try executor.run("COMMIT")
                #expect(try executor.value(setting)?.string == "3")
                // Through the store's read, as `kb query` counts: the same totals as SQLite's.
                let (sqlite, folder) = try PostgresQueryParityTests.sqliteService()
                defer { try? FileManager.default.removeItem(at: folder) }
                for text in Self.queries {
                    let (lite, live) = (try sqlite.run(QueryRequest(text, total: .atMost(3))).outcome, try postgres.run(QueryRequest(text, total: .atMost(3))).outcome)
                    #expect(live.total == lite.total && live.isTotalExact == lite.isTotalExact, "\(text)")
                }
            }
        }
    }
}
