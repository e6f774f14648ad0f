import GRDB
import Testing
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// `group by`, `kb map`, `kb list`, `kb stats`, `kb show` and `kb export` through a read session
/// whose executor is not SQLite's own: the path a PostgreSQL store takes (kb's ``SQLRow``s, the
/// export's selection and reference order in memory), run here on the seed KB without a server
/// and held to the answers of the SQLite path. `.ci/check-postgres` runs the same on a live
/// PostgreSQL (`PostgresReadParityTests`).
struct ReadSessionSeamTests {
    /// An executor that is not ``SQLiteStatementExecutor``: its rows are kb's values, as a
    /// server's are, and it counts the statements it ran.
    final class ForwardingExecutor: StatementExecutor {
        let inner: SQLiteStatementExecutor
        private(set) var statements = 0

        init(_ db: Database) { inner = SQLiteStatementExecutor(db: db) }

        func forEachRow(_ statement: SQLFragment, _ body: (SQLRow) throws -> Bool) throws {
            statements += 1
            try inner.forEachRow(statement, body)
        }
    }

    /// `body` with a session reading through a ``ForwardingExecutor`` on the seed KB.
    static func withSession<T>(_ body: (QueryReadSession, ForwardingExecutor) throws -> T) throws -> T {
        try Seeded.knowledgeBase.reader.read { db in
            let executor = ForwardingExecutor(db)
            let session = QueryReadSession(executor: executor, store: SQLiteQueryStore(db: db), graph: RowGraphReader(executor: executor))
            return try body(session, executor)
        }
    }

    @Test
    func groupedQueriesAnswerAsOnSQLitesOwnPath() throws {
        let engine = QueryEngine(Seeded.knowledgeBase)
        var queries = ["claims for ml-platform-engineer where year >= 2020 group by design, cohort", "claims group by jurisdiction, design",
                       "sources for ml-platform-engineer group by jurisdiction", "sources where year >= 2020 group by design", "claims group by skill limit 3"]
        for field in Field.groupable { queries += ["claims group by \(field.rawValue)", "sources group by \(field.rawValue)"] }
        let expected = try queries.map { try engine.group($0) }
        try Self.withSession { session, executor in
            for (text, expected) in zip(queries, expected) {
                let before = executor.statements
                let outcome = try QueryEngine.group(try Parser.parse(text), text: text, profile: nil, limit: nil, in: session)
                #expect(executor.statements > before, "\(text): the session's executor ran the statement")
                #expect(outcome.rows == expected.rows, "\(text)")
                #expect(outcome.total == expected.total, "\(text)")
            }
        }
        #expect(expected.filter { !$0.rows.isEmpty }.count >= queries.count - 2)
    }

    @Test
    func mapsDrawAsOnSQLitesOwnPath() throws {
        let engine = QueryEngine(Seeded.knowledgeBase)
        let maps = [("cohort", "boundary", "claims"), ("design", "cohort", "claims where year >= 2020"), ("cohort", "jurisdiction", "claims"), ("year", "type", "sources")]
        let expected = try maps.map { try engine.gapMap(rows: $0.0, columns: $0.1, query: $0.2) }
        try Self.withSession { session, _ in
            for ((rows, columns, query), expected) in zip(maps, expected) {
                let map = try QueryEngine.gapMap(rows: rows, columns: columns, query: query, profile: nil, maxCells: nil, in: session)
                #expect(MapRenderer(format: .json).render(map) == MapRenderer(format: .json).render(expected), "\(rows) × \(columns)")
                #expect(map.total.count > 0)
            }
        }
    }

    @Test
    func listStatsAndShowAnswerAsOnSQLitesOwnPath() throws {
        let catalog = Catalog(Seeded.knowledgeBase)
        let listings = try Catalog.Listing.all.map { try catalog.list($0) }
        let statistics = try catalog.statistics()
        var ids: [String] = []
        for (listing, entries) in zip(Catalog.Listing.all, listings) {
            if case let .entities(kind) = listing { ids += entries.map { "\(kind.rawValue):\($0.id)" } }
            if listing == .sources || listing == .notes { ids += entries.map(\.id) }
        }
        ids += try Seeded.knowledgeBase.reader.read { db in try String.fetchAll(db, sql: "SELECT slug FROM claim UNION ALL SELECT slug FROM study") }
        #expect(ids.count > 50)
        let records = try ids.map { RecordRenderer.render(try catalog.show($0), format: .json) }
        try Self.withSession { session, _ in
            for (listing, expected) in zip(Catalog.Listing.all, listings) {
                #expect(try Catalog.list(listing, in: session) == expected, "\(listing.name)")
            }
            let version = Int(try #require(try session.executor.value("PRAGMA user_version")?.int64))
            #expect(try Catalog.statistics(database: Seeded.knowledgeBase.path, schemaVersion: version, in: session) == statistics)
            for (id, expected) in zip(ids, records) {
                #expect(RecordRenderer.render(try Catalog.show(id, in: session), format: .json) == expected, "\(id)")
            }
        }
    }

    @Test
    func exportsWriteAsOnSQLitesOwnPath() throws {
        let queries = ["citations for ml-platform-engineer", "claims where cohort=older", "sources where year >= 2020",
                       "citations for ml-platform-engineer where not retracted limit 3", "claims for pytorch rank by strength limit 4", "claims where year >= 2100"]
        var written = 0
        for text in queries {
            for style in ExportStyle.allCases {
                var expected = StringSink()
                _ = try Exporter(Seeded.knowledgeBase).export(text, style: style, to: &expected)
                let text = text
                let got = try Self.withSession { session, _ in
                    var sink = StringSink()
                    _ = try Exporter.export(text, style: style, profile: nil, in: session, to: &sink)
                    return sink.text
                }
                #expect(got == expected.text, "kb export \"\(text)\" --style \(style.rawValue)")
                written += expected.text.count
            }
        }
        #expect(written > 10_000)
    }
}
