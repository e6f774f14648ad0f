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
            // A grouped query: its unit statement, as on SQLite, with PostgreSQL's plan.
            let grouped = try postgres.explain(QueryRequest("claims group by design"))
            #expect(grouped.sql == (try sqlite.explain(QueryRequest("claims group by design"))).sql)
            #expect(grouped.plan.first?.contains("cost=") == true, "\(grouped.plan.prefix(2))")
        }
    }
}
