import Foundation
import GRDB
import Testing
@testable import KBCore
@testable import KBPostgres
@testable import KBPostgresFacade
@testable import KBQuery
@testable import KBStore

/// `kb init` then `kb query` on a live PostgreSQL against the same on an SQLite file (DESIGN
/// §13: same answers). Needs KB_TEST_POSTGRES_URL, as ``PostgresMigratorTests``; each test has
/// a database of its own. The store's calls are synchronous and wait for postgres-nio, so the
/// tests make them on a dispatch thread (``onThread(_:)``), outside Swift concurrency's pool.
@Suite(.serialized)
struct PostgresQueryParityTests {
    /// The repository's saved queries (Queries/*.kbq): their query lines.
    static func savedQueries() throws -> [(name: String, text: String)] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Queries")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".kbq") }.sorted()
        return try files.map { file in
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let query = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }.joined(separator: " ")
            return (file, query)
        }
    }

    /// A knowledge base built by `kb init` on a file, for the answers to compare with.
    static func sqliteService() throws -> (KBService, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-pg-parity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("kb.sqlite").path
        _ = try KBService.create(path: path, seedsFolder: nil, replacing: false)
        return (try KBService.open(path: path), folder)
    }

    /// The answer's records, in order: claim slugs, source slugs, or the cited sources' slugs.
    static func ids(_ outcome: QueryOutcome) -> [String] {
        switch outcome.rows {
        case let .claims(rows): rows.map(\.claim.slug)
        case let .sources(rows): rows.map(\.source.slug)
        case let .citations(rows): rows.map(\.source.slug)
        }
    }

    static func json(_ outcome: QueryOutcome) -> String {
        ResultRenderer(format: .json).render(outcome)
    }

    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func initThenEverySavedQueryAnswersAsSQLite() async throws {
        try await TestServer.withFreshDatabase { location in
            try await onThread {
                let postgres = try PostgresService(location.url)
                let creation = try postgres.create(seedsFolder: nil, replacing: false)
                let (sqlite, folder) = try Self.sqliteService()
                defer { try? FileManager.default.removeItem(at: folder) }
                #expect(creation.claims > 0 && creation.sources > 0)
                let queries = try Self.savedQueries()
                #expect(queries.count >= 9)
                for (name, text) in queries {
                    let lite = try sqlite.run(QueryRequest(text)).outcome
                    let live = try postgres.run(QueryRequest(text)).outcome
                    #expect(Self.ids(lite).count > 0, "\(name) answers nothing on SQLite: the comparison would prove nothing")
                    // The same records in the same order, for every saved query.
                    #expect(Self.ids(live) == Self.ids(lite), "\(name)")
                    // The same JSON, scores included, except where a text rank enters the score:
                    // ts_rank_cd is not BM25 (PostgresDialect; fullTextMatchesTheSameClaims).
                    if !lite.compiled.hasTextRank {
                        #expect(Self.json(live) == Self.json(lite), "\(name): the JSON differs")
                    }
                    #expect(live.total == lite.total, "\(name)")
                }
            }
        }
    }

    /// Every table holds the same rows as the SQLite file `kb init` builds: counts and ids.
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func initLoadsTheSameRowsAsSQLite() async throws {
        try await TestServer.withFreshDatabase { location in
            try await onThread {
                _ = try PostgresService(location.url).create(seedsFolder: nil, replacing: false)
                let (sqlite, folder) = try Self.sqliteService()
                defer { try? FileManager.default.removeItem(at: folder) }
                let executor = try PostgresExecutor.connect(location)
                defer { executor.close() }
                var compared = 0
                for table in try PostgresTableOrder.tables(on: executor) where table != "changes" {
                    let hasID = try executor.value("SELECT count(*) FROM information_schema.columns WHERE table_name = \(table) AND column_name = 'id'")?.int64 == 1
                    let statement = SQLFragment(sql: "SELECT count(*)" + (hasID ? ", CAST(coalesce(sum(id), 0) AS BIGINT)" : "") + " FROM \(table)")
                    let live = try executor.rows(statement).first?.values ?? []
                    let lite = try sqlite.knowledgeBase.reader.read { db in try SQLiteStatementExecutor(db: db).rows(statement).first?.values ?? [] }
                    #expect(live == lite, "\(table): PostgreSQL \(live), SQLite \(lite)")
                    compared += 1
                }
                #expect(compared >= 15)
                let searchRows = try executor.value("SELECT count(*) FROM claimSearch")?.int64
                let claims = try executor.value("SELECT count(*) FROM claim")?.int64
                #expect(searchRows == claims, "every claim is in the full-text index")
                let initChange = try executor.rows("SELECT action, recordId FROM changes ORDER BY id").last
                #expect(initChange?.string("action") == "init")
                #expect(initChange?.string("recordId") == location.redacted)
            }
        }
    }

    /// A full-text query on both stores: the same claims; the order is SQLite's except where
    /// `ts_rank_cd` and BM25 weigh the match differently (README, "PostgreSQL").
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func fullTextMatchesTheSameClaims() async throws {
        try await TestServer.withFreshDatabase { location in
            try await onThread {
                let postgres = try PostgresService(location.url)
                _ = try postgres.create(seedsFolder: nil, replacing: false)
                let (sqlite, folder) = try Self.sqliteService()
                defer { try? FileManager.default.removeItem(at: folder) }
                // Same order (the text rank decides nothing BM25 and ts_rank_cd disagree on).
                for text in ["claims where \"writing\"", "claims where \"hiring\"", "claims where \"work\" or \"hiring\"",
                             "claims where \"Writing\" and not \"older workers\" rank by strength", "sources where \"work\"",
                             "citations where \"writing\"", "claims for ml-platform-engineer where \"older\""] {
                    let lite = try sqlite.run(QueryRequest(text, limit: 1000)).outcome
                    let live = try postgres.run(QueryRequest(text, limit: 1000)).outcome
                    #expect(!Self.ids(lite).isEmpty, "\(text)")
                    #expect(Self.ids(live) == Self.ids(lite), "\(text)")
                }
                // The documented difference: the same claims, but where the text rank weighs in
                // the score, BM25 (term rarity, document length) and ts_rank_cd order them
                // differently. A `rank by` key still orders both alike; only its ties differ.
                for (text, key) in [("claims where \"productivity\" rank by year", { (result: ClaimResult) in result.source?.issued?.year }),
                                    ("claims where \"AI\"", { (_: ClaimResult) in nil as Int? })] {
                    let lite = try sqlite.run(QueryRequest(text, limit: 1000)).outcome
                    let live = try postgres.run(QueryRequest(text, limit: 1000)).outcome
                    guard case let .claims(liteRows) = lite.rows, case let .claims(liveRows) = live.rows else {
                        Issue.record("\(text): not claims")
                        continue
                    }
                    #expect(liteRows.count > 1, "\(text)")
                    #expect(Set(Self.ids(live)) == Set(Self.ids(lite)), "\(text)")
                    #expect(Self.ids(live) != Self.ids(lite), "\(text): the orders agree now; README's PostgreSQL section says they differ")
                    #expect(liveRows.map(key) == liteRows.map(key), "\(text): the rank-by key's order differs")
                }
            }
        }
    }

    /// Values reach PostgreSQL only as bound parameters: quotes, `$1` and SQL in a query's
    /// values are searched for, not run, and answer as on SQLite.
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func valuesWithQuotesAndPlaceholdersAreBound() async throws {
        try await TestServer.withFreshDatabase { location in
            try await onThread {
                let postgres = try PostgresService(location.url)
                _ = try postgres.create(seedsFolder: nil, replacing: false)
                let (sqlite, folder) = try Self.sqliteService()
                defer { try? FileManager.default.removeItem(at: folder) }
                for text in [#"claims where metric = "it's $1'; DROP TABLE claim; --""#,
                             #"claims where "O'Brien $1 $2" or population = "$1""#,
                             #"sources where author = "d'Alembert $1""#] {
                    let lite = try sqlite.run(QueryRequest(text)).outcome
                    let live = try postgres.run(QueryRequest(text)).outcome
                    #expect(Self.ids(live) == Self.ids(lite), "\(text)")
                    #expect(live.emptyHint == lite.emptyHint, "\(text)")
                    for word in ["DROP", "Brien", "Alembert", "'$1"] {
                        #expect(!live.compiled.sql.contains(word), "\(text): '\(word)' reached the SQL text")
                    }
                }
                let executor = try PostgresExecutor.connect(location)
                defer { executor.close() }
                #expect(try executor.value("SELECT count(*) FROM claim")?.int64 ?? 0 > 0, "the claim table is still there")
            }
        }
    }

    /// A second init is refused without --force and replaces the rows with it, keeping the
    /// change log; a query on a database with no knowledge base says to run init.
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func initRefusesAKnowledgeBaseUnlessForcedAndQueryNeedsOne() async throws {
        try await TestServer.withFreshDatabase { location in
            try await onThread {
                let postgres = try PostgresService(location.url)
                #expect(throws: PostgresStoreError.notInitialized(location: location.redacted)) {
                    try postgres.run(QueryRequest("claims"))
                }
                let first = try postgres.create(seedsFolder: nil, replacing: false)
                #expect(throws: PostgresStoreError.self) { try postgres.create(seedsFolder: nil, replacing: false) }
                let second = try postgres.create(seedsFolder: nil, replacing: true)
                #expect(first == second)
                let executor = try PostgresExecutor.connect(location)
                defer { executor.close() }
                #expect(try executor.value("SELECT count(*) FROM changes WHERE action = 'init'")?.int64 == 2)
                #expect(try executor.value("SELECT count(*) FROM claim")?.int64 == Int64(first.claims))
            }
        }
    }

    /// kb_fold (migration 3) folds as Slug.fold does.
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func foldingMatchesSlugFold() async throws {
        try await TestServer.withFreshDatabase { location in
            try await blocking { try await PostgresSchemaMigrator(location: location).migrate() }
            try await onThread {
                let executor = try PostgresExecutor.connect(location)
                defer { executor.close() }
                for text in ["Older Workers", "older_workers", "--OLDER--workers--", "Café Société", "ML/AI platform (EU)", "a  b"] {
                    #expect(try executor.value("SELECT kb_fold(\(text))")?.string == Slug.fold(text), "\(text)")
                }
            }
        }
    }
}

/// The bundled seeds in a fresh PostgreSQL database and in a temporary SQLite KB, handed to
/// `body` (with the database's location) on a thread of its own, as the stores' calls block;
/// both are removed afterwards.
func withSeededStores(_ body: @escaping @Sendable (PostgresLocation, PostgresService, KBService) throws -> Void) async throws {
    try await TestServer.withFreshDatabase { location in
        try await onThread {
            let postgres = try PostgresService(location.url)
            _ = try postgres.create(seedsFolder: nil, replacing: false)
            let (sqlite, folder) = try PostgresQueryParityTests.sqliteService()
            defer { try? FileManager.default.removeItem(at: folder) }
            try body(location, postgres, sqlite)
        }
    }
}

/// Runs `body` with an SQLite knowledge base made by `kb init` and a fresh PostgreSQL database
/// loaded from it (the same rows, ids and change log): the set-up of the suites that write the
/// same things to both stores (import, curation, edit).
func withLoadedStores(_ body: @escaping @Sendable (PostgresLocation, PostgresService, KBService) throws -> Void) async throws {
    try await TestServer.withFreshDatabase { location in
        try await onThread {
            let (sqlite, folder) = try PostgresQueryParityTests.sqliteService()
            defer { try? FileManager.default.removeItem(at: folder) }
            _ = try PostgresStore(location: location).initialize(from: sqlite.knowledgeBase, replacing: false)
            try body(location, try PostgresService(location.url), sqlite)
        }
    }
}

/// The tables whose rows differ between the server at `location` and `sqlite` (every table but
/// the change log, the settings and the full-text tables, each row as text, sorted; the import
/// runs' start times left out): empty when both stores hold the same rows.
func tablesThatDiffer(_ location: PostgresLocation, _ sqlite: KBService) throws -> [String] {
    let (server, file) = (try tableRows(try PostgresStore(location: location).snapshot()), try tableRows(sqlite.knowledgeBase))
    return Set(server.keys).union(file.keys).filter { server[$0] != file[$0] }.sorted()
}

/// Every table's rows, as ``tablesThatDiffer(_:_:)`` compares them.
func tableRows(_ knowledgeBase: KnowledgeBase) throws -> [String: [String]] {
    try knowledgeBase.reader.read { db in
        let names = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%Search%'
            AND name NOT IN ('changes', 'kbSetting', 'grdb_migrations')
            """)
        var tables: [String: [String]] = [:]
        for name in names {
            let columns = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [name]).filter { $0 != "startedAt" }
            let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
            tables[name] = try Row.fetchAll(db, sql: "SELECT \(list) FROM \"\(name)\"").map { "\($0)" }.sorted()
        }
        return tables
    }
}

/// Runs `body` on a dispatch thread and waits without blocking the pool: kb's PostgreSQL
/// calls block their thread.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}

extension PostgresLocation {
    /// The location as a URL again, for the CLI-level service (`sslmode=disable` for the test cluster).
    var url: String {
        var text = "postgresql://\(user)\(password.map { ":\($0)" } ?? "")@\(host ?? "")"
        text += ":\(port)/\(database)"
        var parameters: [String] = []
        if let socketFolder { parameters.append("host=\(socketFolder)") }
        parameters.append("sslmode=\(tls.rawValue)")
        return text + "?" + parameters.joined(separator: "&")
    }
}
