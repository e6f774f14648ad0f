import Foundation
import Testing
@testable import KBCore
@testable import KBPostgres
@testable import KBQuery
@testable import KBStore

/// `group by`, `kb map`, `kb list`, `kb stats` and `kb show` on a live PostgreSQL against the same
/// on an SQLite file after the same `kb init` (DESIGN §13: same answers). Needs
/// KB_TEST_POSTGRES_URL, as ``PostgresQueryParityTests``.
@Suite(.serialized)
struct PostgresReadParityTests {
    /// README's `group by` example, then every field that groups on claims and on sources, with
    /// subjects, filters, two keys, a jurisdiction and a limit: each path of the grouping.
    static var groupedQueries: [String] {
        var queries = ["claims group by design"]
        for field in Field.groupable {
            queries.append("claims group by \(field.rawValue)")
            queries.append("sources group by \(field.rawValue)")
        }
        return queries + [
            "claims for ml-platform-engineer group by cohort",
            "claims for ml-platform-engineer where year >= 2020 group by design, cohort",
            "claims where \"writing\" group by grade",
            "claims group by cohort, boundary",
            "claims group by jurisdiction, design",
            "sources where year >= 2020 group by design",
            "sources for ml-platform-engineer group by jurisdiction",
            "claims where retracted or not retracted group by retracted",
            "claims group by skill limit 3",
            "claims group by year, cohort",
            "claims group by cohort, skill",
            "claims where n >= 100 group by replication, role",
        ]
    }

    /// README's maps, and maps over taxonomy keys, vocabularies, free values and sources.
    static let maps: [(rows: String, columns: String, query: String?)] = [
        ("cohort", "boundary", nil), ("design", "cohort", "claims where year >= 2020"), ("cohort", "jurisdiction", nil),
        ("grade", "design", nil), ("year", "type", "sources"), ("role", "band", "for ml-platform-engineer"), ("country", "replication", nil),
    ]

    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func groupByAndMapsAnswerAsSQLite() async throws {
        try await withSeededStores { _, postgres, sqlite in
            var nonEmpty = 0
            var evenGroups = 0
            for text in Self.groupedQueries {
                let request = QueryRequest(text)
                #expect(postgres.isGrouped(request), "\(text)")
                let lite = try sqlite.group(request)
                let live = try postgres.group(request)
                nonEmpty += lite.outcome.rows.isEmpty ? 0 : 1
                evenGroups += lite.outcome.rows.filter { $0.count % 2 == 0 }.count
                // Claims are grouped by the server (ServerGroups) unless a key is a jurisdiction;
                // sources, and every group on SQLite, in memory.
                #expect(live.outcome.compiled.isAggregatedOnServer == (text.hasPrefix("claims") && !text.contains("jurisdiction")), "\(text)")
                #expect(!lite.outcome.compiled.isAggregatedOnServer, "\(text)")
                // The same groups, order, counts and aggregates (medians to the last bit).
                #expect(live.outcome.rows == lite.outcome.rows, "\(text)")
                #expect(live.outcome.total == lite.outcome.total, "\(text)")
                #expect(GroupRenderer(format: .json).render(live.outcome) == GroupRenderer(format: .json).render(lite.outcome), "\(text): the JSON differs")
                #expect(live.notice == lite.notice, "\(text)")
            }
            #expect(nonEmpty >= Self.groupedQueries.count - 2, "most grouped queries answer something on SQLite: the comparison proves something")
            #expect(evenGroups > 10, "medians of two middle strengths are compared too")
            for map in Self.maps {
                let lite = try sqlite.map(rows: map.rows, columns: map.columns, query: map.query)
                let live = try postgres.map(rows: map.rows, columns: map.columns, query: map.query)
                #expect(lite.total.count > 0, "\(map)")
                for format in [MapFormat.json, .markdown, .csv] {
                    #expect(MapRenderer(format: format).render(live) == MapRenderer(format: format).render(lite), "\(map) as \(format)")
                }
            }
            // The errors are the same: a field that does not group, a map with a limit.
            for text in ["claims group by strength", "claims group by cohort rank by year"] {
                #expect(throws: Diagnostic.self) { try postgres.group(QueryRequest(text)) }
            }
            #expect(throws: Diagnostic.self) { try postgres.map(rows: "cohort", columns: "boundary", query: "claims limit 3") }
            #expect(throws: GapMapTooLarge.self) { try postgres.map(rows: "skill", columns: "role", query: nil, maxCells: 2) }
        }
    }

    /// `--explain` of a grouped query: SQLite's statement and arguments, PostgreSQL's own plan.
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func explainOfAGroupedQueryShowsPostgreSQLsPlan() async throws {
        try await withSeededStores { _, postgres, sqlite in
            let request = QueryRequest("sources for ml-platform-engineer where year >= 2020 group by jurisdiction")
            let live = try postgres.explain(request)
            let lite = try sqlite.explain(request)
            #expect(live.canonicalQuery == lite.canonicalQuery)
            #expect(live.arguments == lite.arguments)
            #expect(live.sql.contains("kb_fold(st.country)"))
            // PostgreSQL takes no ON after CROSS JOIN: its dialect joins plainly.
            #expect(!live.sql.contains("CROSS JOIN") && lite.sql.contains("CROSS JOIN"))
            #expect(live.plan.contains { $0.contains("Scan") || $0.contains("Join") }, "\(live.plan)")
        }
    }

    /// `kb list` of everything, `kb stats` and `kb show` of every record: the same as on SQLite
    /// (stats' `database` and `schema version` name each store's own).
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func listStatsAndShowAnswerAsSQLite() async throws {
        try await withSeededStores { location, postgres, sqlite in
            var ids: [String] = []
            for listing in Catalog.Listing.all {
                let lite = try sqlite.catalog.list(listing)
                let live = try postgres.list(listing)
                #expect(live == lite, "kb list \(listing.name)")
                if case let .entities(kind) = listing { ids += lite.map { "\(kind.rawValue):\($0.id)" } }
                if listing == .sources || listing == .notes { ids += lite.map(\.id) }
            }
            #expect(try sqlite.catalog.list(.entities(.jurisdiction)).contains { ($0.claims ?? 0) > 0 }, "a jurisdiction's count comes from group by")
            let liteStats = try sqlite.catalog.statistics()
            let liveStats = try postgres.statistics()
            #expect(liveStats.map(\.key) == liteStats.map(\.key))
            #expect(liveStats.filter { !["database", "schema_version"].contains($0.key) } == liteStats.filter { !["database", "schema_version"].contains($0.key) })
            #expect(liveStats.first { $0.key == "database" }?.value == .text(location.redacted))
            #expect(liveStats.first { $0.key == "schema_version" }?.value == .count(PostgresSchemaFiles.migrations.count))
            // Every claim and study too, read from the SQLite file.
            ids += try sqlite.knowledgeBase.reader.read { db in
                try SQLiteStatementExecutor(db: db).rows("SELECT slug FROM claim UNION ALL SELECT slug FROM study").compactMap { $0[0].string }
            }
            #expect(ids.count > 50)
            for id in ids {
                let lite = try sqlite.catalog.show(id)
                let live = try postgres.show(id)
                for format in [OutputFormat.json, .table] {
                    #expect(RecordRenderer.render(live, format: format) == RecordRenderer.render(lite, format: format), "kb show \(id) (\(format))")
                }
            }
            // An unknown id: the same message and suggestions.
            let lite = #expect(throws: KBError.self) { try sqlite.catalog.show("older-worker") }
            let live = #expect(throws: KBError.self) { try postgres.show("older-worker") }
            #expect(live.map { "\($0)" } == lite.map { "\($0)" })
        }
    }

    /// `kb export` in every style of README's examples and of each target, with and without a
    /// limit (the ranked selection), a claims query's evidence tables and an empty answer: the
    /// same files as from SQLite, byte for byte.
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func exportWritesTheSameFilesAsSQLite() async throws {
        try await withSeededStores { _, postgres, sqlite in
            let queries = ["citations for ml-platform-engineer", "claims where cohort=older", "sources where year >= 2020", "claims",
                           "citations for ml-platform-engineer where not retracted limit 3", "claims for pytorch rank by strength limit 4",
                           "sources where \"work\" limit 2", "claims where year >= 2100"]
            for text in queries {
                for style in ExportStyle.allCases {
                    var lite = StringSink()
                    var live = StringSink()
                    let liteSummary = try Exporter(sqlite.knowledgeBase).export(text, style: style, to: &lite)
                    let liveSummary = try postgres.export(text, style: style, to: &live)
                    #expect(live.text == lite.text, "kb export \"\(text)\" --style \(style.rawValue)")
                    #expect(liveSummary == liteSummary, "\(text) \(style.rawValue)")
                }
            }
            var lite = StringSink()
            _ = try Exporter(sqlite.knowledgeBase).export("claims", style: .csv, to: &lite)
            #expect(lite.text.split(whereSeparator: \.isNewline).count > 10, "the comparison covers a real evidence table")
        }
    }
}
