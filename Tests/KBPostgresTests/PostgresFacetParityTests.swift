import Foundation
import Testing
@testable import KBCore
@testable import KBPostgres
@testable import KBPostgresFacade
@testable import KBQuery
@testable import KBStore

/// The results page's facets on PostgreSQL in one statement (``FacetsOnServer``): each field's
/// counts are exactly those of `QUERY group by FIELD` on the same store and the file's one-pass
/// counts — a claim about two cohorts in both, about none in `(none)`, years and grades as
/// `group by` orders them — and the page's six facets are read by one statement, not six.
struct PostgresFacetParityTests {
    static let queries = [
        "claims",
        "claims for ml-platform-engineer",
        "claims where cohort = older",
        "claims where \"writing\"",
        "claims where grade >= low or cohort = neurodivergent-applicants",
        "claims where year > 2100",
    ]

    /// Other sets of fields than the page's: only taxonomy kinds (no column field to type the
    /// statement's columns first), only columns, and none.
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func otherFieldSetsCountAsTheirGroupBys() async throws {
        try await withLoadedStores { _, postgres, sqlite in
            for fields in [[Field.cohort, .boundary, .role], [.design, .year], [.skill]] {
                for text in ["claims", "claims for ml-platform-engineer"] {
                    let parsed = try Parser.parse(text)
                    let server = try postgres.store.read { try QueryEngine.facetCounts(parsed, text: text, fields: fields, profile: nil, limit: 100, in: $0) }
                    try Self.expectGroupByCounts(server, fields: fields, text: text, postgres: postgres, sqlite: sqlite)
                }
            }
            let none = try postgres.store.read { try QueryEngine.facetCounts(try Parser.parse("claims"), text: "claims", fields: [], profile: nil, limit: 10, in: $0) }
            #expect(none.isEmpty)
        }
    }

    /// `server`'s counts are the file's one-pass counts, and each field's are its `group by` on PostgreSQL.
    static func expectGroupByCounts(_ server: [FacetCounts], fields: [Field], text: String, postgres: PostgresService, sqlite: KBService) throws {
        let file = try sqlite.engine.facetCounts(text, fields: fields, limit: 100)
        #expect(shown(server) == shown(file), "\(fields) \(text)")
        for (index, field) in fields.enumerated() {
            let grouped = try postgres.group(QueryRequest("\(text) group by \(field.rawValue)", limit: 100)).outcome.rows
            #expect(server[index].groups.map { "\($0.value ?? "(none)")=\($0.count)" }
                        == grouped.map { "\($0.values.first.flatMap { $0 } ?? "(none)")=\($0.count)" }, "\(text) group by \(field.rawValue)")
        }
    }

    static func shown(_ counts: [FacetCounts]) -> [String] {
        counts.map { facet in facet.field.rawValue + ": " + facet.groups.map { "\($0.value ?? "(none)")=\($0.count)" }.joined(separator: ", ") }
    }

    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func theFacetsAreEachFieldsGroupByInOneStatement() async throws {
        try await withLoadedStores { _, postgres, sqlite in
            let fields = KBService.facetFields
            for text in Self.queries {
                let parsed = try Parser.parse(text)
                var statements: [SQLFragment] = []
                let server = try postgres.store.read { session in
                    let recorder = RecordingExecutor(session.executor)
                    let recorded = QueryReadSession(executor: recorder, store: session.store, graph: session.graph)
                    defer { statements = recorder.statements }
                    return try QueryEngine.facetCounts(parsed, text: text, fields: fields, profile: nil, limit: 100, in: recorded)
                }
                #expect(statements.count == 1, "\(text): \(statements.count) statements")
                #expect(statements.first?.sql { "$\($0)" }.contains("GROUPING SETS") == true, "\(text)")
                try Self.expectGroupByCounts(server, fields: fields, text: text, postgres: postgres, sqlite: sqlite)
                if text == "claims" {
                    let cohorts = try #require(server.first { $0.field == .cohort })
                    #expect(cohorts.groups.contains { $0.value == nil && $0.count > 0 }, "claims about no cohort: \(cohorts.groups)")
                    #expect(cohorts.groups.reduce(0) { $0 + $1.count } > 16, "a claim about several cohorts counts in each: \(cohorts.groups)")
                }
                // As the results page asks for them, through the protocol the server uses.
                let pgOutcome = try postgres.run(QueryRequest(text)).outcome
                let fileOutcome = try sqlite.run(QueryRequest(text)).outcome
                #expect(try postgres.facets(of: pgOutcome, limit: 12, profile: nil) == sqlite.facets(of: fileOutcome, limit: 12, profile: nil), "\(text)")
            }
        }
    }
}
