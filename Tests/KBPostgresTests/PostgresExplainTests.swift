import Foundation
import Testing
@testable import KBCore
@testable import KBPostgres
@testable import KBQuery
@testable import KBStore

/// `kb query --explain` on PostgreSQL (DESIGN §13): the same parsed query and subjects as on
/// SQLite, the SQL as compiled for PostgreSQL (`?` placeholders, each bound) and the server's
/// own plan. Needs KB_TEST_POSTGRES_URL.
@Suite(.serialized)
struct PostgresExplainTests {
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func explainGivesSQLitesQueryAndSubjectsWithPostgreSQLsPlan() async throws {
        try await withSeededStores { _, postgres, sqlite in
            for (name, text) in try PostgresQueryParityTests.savedQueries() {
                let lite = try sqlite.explain(QueryRequest(text))
                let live = try postgres.explain(QueryRequest(text))
                #expect(live.canonicalQuery == lite.canonicalQuery, "\(name)")
                #expect(live.subjects == lite.subjects, "\(name)")
                #expect(live.sql.components(separatedBy: "?").count == live.arguments.count + 1, "\(name): every argument bound")
                // PostgreSQL's EXPLAIN (costs per node), not SQLite's EXPLAIN QUERY PLAN.
                #expect(live.plan.first?.contains("cost=") == true, "\(name): \(live.plan.prefix(2))")
                #expect(!(lite.plan.first?.contains("cost=") ?? true), "\(name)")
                #expect(live.count != nil, "\(name)")
            }
            // A count reads no source row unless the query asks for one: the retraction test is on
            // the claim's `sourceId`, so PostgreSQL drops the `LEFT JOIN source` (it used to hash
            // every source to count a subject's first matches).
            for text in ["claims for ml-platform-engineer limit 1", "claims where design = rct limit 1"] {
                let count = try #require(try postgres.explain(QueryRequest(text)).count)
                #expect(!count.plan.contains { $0.contains(" on source ") || $0.contains("source_pkey") }, "\(text): \(count.plan)")
            }
            let asked = try #require(try postgres.explain(QueryRequest("claims where year >= 2000 limit 1")).count)
            #expect(asked.plan.contains { $0.contains(" on source ") || $0.contains("source_pkey") }, "\(asked.plan)")
            // A claims `group by`: SQLite's units, aggregated by the server (ServerGroups), with
            // PostgreSQL's plan of that statement.
            let grouped = try postgres.explain(QueryRequest("claims group by design"))
            let units = try sqlite.explain(QueryRequest("claims group by design")).sql
            let unitCTE = try #require(units.range(of: "\nSELECT g0, ")).lowerBound
            #expect(grouped.sql.hasPrefix(String(units[..<unitCTE])), "the same units as on SQLite")
            #expect(grouped.sql.contains("GROUP BY k0") && !units.contains("GROUP BY k0"))
            #expect(grouped.plan.first?.contains("cost=") == true, "\(grouped.plan.prefix(2))")
            #expect(grouped.plan.contains { $0.contains("Aggregate") }, "\(grouped.plan)")
            // A sources `group by` (and a jurisdiction key) is still counted in memory: SQLite's statement.
            for text in ["sources group by design", "claims group by jurisdiction"] {
                #expect(try postgres.explain(QueryRequest(text)).sql == (try sqlite.explain(QueryRequest(text))).sql, "\(text)")
            }
        }
    }
}
