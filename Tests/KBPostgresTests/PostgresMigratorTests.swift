import Foundation
@testable import KBCore
import PostgresNIO
import Testing
@testable import KBPostgres
@testable import KBPostgresFacade
@testable import KBStore

/// Against a live server: `KB_TEST_POSTGRES_URL` (a superuser's location, e.g. the throwaway
/// cluster .ci/check-postgres starts). Without it these tests are skipped and say why;
/// .ci/check-postgres makes sure they ran. Each test works in a database of its own, dropped after.
enum TestServer {
    static let location: PostgresLocation? = ProcessInfo.processInfo.environment["KB_TEST_POSTGRES_URL"].flatMap { try? PostgresLocation($0) }
    static let isAvailable = location != nil
    static let skipReason: Comment = "needs a PostgreSQL server: set KB_TEST_POSTGRES_URL (.ci/check-postgres does)"

    static func execute(_ sql: String, on location: PostgresLocation) async throws {
        try await PostgresConnector.withConnection(to: location) { connection in
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: PostgresConnector.logger)
        }
    }

    /// Runs `body` with a fresh, empty database on the test server.
    static func withFreshDatabase(_ body: (PostgresLocation) async throws -> Void) async throws {
        let server = try #require(location)
        let name = "kb_test_\(UInt32.random(in: 0...UInt32.max))"
        try await execute("CREATE DATABASE \(name)", on: server)
        do {
            try await body(server.with(database: name))
        } catch {
            try? await execute("DROP DATABASE \(name) WITH (FORCE)", on: server)
            throw error
        }
        try await execute("DROP DATABASE \(name) WITH (FORCE)", on: server)
    }

    /// Runs `body` with a fresh database loaded by `kb init`'s rows from a seeded file (the same
    /// knowledge base on both stores), and that file's service.
    static func withSeededDatabase(_ body: @escaping @Sendable (PostgresLocation, KBService) async throws -> Void) async throws {
        try await withFreshDatabase { location in
            let (sqlite, folder) = try PostgresQueryParityTests.sqliteService()
            defer { try? FileManager.default.removeItem(at: folder) }
            try await onThread {
                _ = try PostgresStore(location: location).initialize(from: sqlite.knowledgeBase, replacing: false, rewrite: [sqlite.path: location.redacted])
            }
            try await body(location, sqlite)
        }
    }
}

struct PostgresMigratorTests {
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func migratesAnEmptyDatabaseOnceAndRecordsEachVersion() async throws {
        try await TestServer.withFreshDatabase { location in
            let migrator = PostgresSchemaMigrator(location: location)
            #expect(try await migrator.status() == .empty)
            #expect(try await migrator.migrate() == PostgresSchemaMigrator.known)
            #expect(try await migrator.status() == .current)
            #expect(try await migrator.migrate() == [])
            let applied = try await PostgresConnector.withConnection(to: location) { connection in
                var identifiers: [String] = []
                for try await identifier in try await connection.query("SELECT identifier FROM kbSchemaMigration ORDER BY identifier", logger: PostgresConnector.logger).decode(String.self) {
                    identifiers.append(identifier)
                }
                return identifiers
            }
            #expect(applied == PostgresSchemaMigrator.known)
        }
    }

    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func refusesANewerKBsDatabase() async throws {
        try await TestServer.withFreshDatabase { location in
            let migrator = PostgresSchemaMigrator(location: location)
            try await migrator.migrate()
            try await TestServer.execute("INSERT INTO kbSchemaMigration (identifier) VALUES ('9999_from_the_future')", on: location)
            await #expect(throws: PostgresStoreError.newerSchema(location: location.redacted, unknown: ["9999_from_the_future"])) {
                try await migrator.migrate()
            }
            // A query checks on its own connection, with the same answer.
            try await onThread {
                #expect(throws: PostgresStoreError.newerSchema(location: location.redacted, unknown: ["9999_from_the_future"])) {
                    try PostgresService(location.url).run(QueryRequest("claims"))
                }
            }
        }
    }

    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func refusesADatabaseThatIsNotKBs() async throws {
        try await TestServer.withFreshDatabase { location in
            try await TestServer.execute("CREATE TABLE invoices (id int)", on: location)
            await #expect(throws: PostgresStoreError.notAKnowledgeBase(location: location.redacted, tables: ["invoices"])) {
                try await PostgresSchemaMigrator(location: location).migrate()
            }
            try await onThread {
                #expect(throws: PostgresStoreError.notAKnowledgeBase(location: location.redacted, tables: ["invoices"])) {
                    try PostgresService(location.url).run(QueryRequest("claims"))
                }
            }
        }
    }

    /// A role that may connect but not read kb's tables is told the server's reason, exit 4,
    /// not that the database is not a knowledge base (the catalog shows it the version table).
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func aRoleThatMayNotReadTheVersionTableIsToldWhy() async throws {
        try await TestServer.withFreshDatabase { location in
            try await PostgresSchemaMigrator(location: location).migrate()
            let role = "kb_reader_\(UInt32.random(in: 0...UInt32.max))"
            try await TestServer.execute("CREATE ROLE \(role) LOGIN", on: location)
            let stranger = try PostgresLocation(location.url.replacingOccurrences(of: "://\(location.user)@", with: "://\(role)@"))
            let error = try await onThread {
                #expect(throws: PostgresStoreError.self) { try PostgresService(stranger.url).run(QueryRequest("claims")) }
            }
            #expect(error.map { "\($0)" }?.contains("permission denied") == true, "\(String(describing: error))")
            #expect(error.flatMap { ErrorCategory(of: $0)?.exitStatus } == 4)
            try await TestServer.execute("DROP ROLE \(role)", on: location)
        }
    }

    /// A migration that fails part-way keeps nothing of itself; those before it stay applied,
    /// and the next run resumes at the failed one.
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func aFailedMigrationKeepsNothingOfItself() async throws {
        try await TestServer.withFreshDatabase { location in
            let first = PostgresSchemaFiles.migrations[0]
            let failing = (identifier: "0002_fails", sql: """
                CREATE TABLE halfway (id int);
                INSERT INTO no_such_table VALUES (1);
                INSERT INTO kbSchemaMigration (identifier) VALUES ('0002_fails');
                """)
            let migrator = PostgresSchemaMigrator(location: location, migrations: [first, failing])
            let error = await #expect(throws: PostgresStoreError.self) { try await migrator.migrate() }
            guard case .migrationFailed(_, let migration, let reason) = error else { Issue.record("\(String(describing: error))"); return }
            #expect(migration == "0002_fails")
            #expect(reason.contains("no_such_table"), "\(reason)")
            #expect(try await migrator.status() == .pending(["0002_fails"]))
            let halfway = try await PostgresConnector.withConnection(to: location) { connection in
                var count = 0
                for try await value in try await connection.query("SELECT count(*)::int FROM information_schema.tables WHERE table_name = 'halfway'", logger: PostgresConnector.logger).decode(Int.self) {
                    count = value
                }
                return count
            }
            #expect(halfway == 0)
        }
    }

    /// A database kb made before migration 4 (claims in it) takes it and migration 5:
    /// claimByStrength becomes `(strength, id)` and changesByRecord is in byte order, each under
    /// its own name, and the claims and their order by strength stay.
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func migrationFourRebuildsTheStrengthIndexOfADatabaseWithClaims() async throws {
        try await TestServer.withFreshDatabase { location in
            let all = PostgresSchemaFiles.migrations
            let fourth = try #require(all.firstIndex { $0.identifier == "0004_strength_order" })
            #expect(try await PostgresSchemaMigrator(location: location, migrations: Array(all[..<fourth])).migrate().count == fourth)
            try await TestServer.execute("INSERT INTO source (slug, type, title) VALUES ('w', 'report', 'A work')", on: location)
            try await TestServer.execute("""
                INSERT INTO claim (slug, statement, sourceId, strength)
                SELECT 'c' || g, 'Claim ' || g, (SELECT id FROM source), (g % 7) / 10.0 FROM generate_series(1, 50) g
                """, on: location)
            #expect(try await PostgresSchemaMigrator(location: location).migrate() == all[fourth...].map(\.identifier))
            let (definitions, claims) = try await PostgresConnector.withConnection(to: location) { connection in
                var definitions: [String] = []
                for try await definition in try await connection.query("SELECT indexdef FROM pg_indexes WHERE indexname LIKE 'claimbystrength%' OR indexname LIKE 'changesbyrecord%' ORDER BY indexname", logger: PostgresConnector.logger).decode(String.self) {
                    definitions.append(definition)
                }
                var claims: [String] = []
                for try await slug in try await connection.query("SELECT slug FROM claim ORDER BY strength DESC, id DESC LIMIT 3", logger: PostgresConnector.logger).decode(String.self) {
                    claims.append(slug)
                }
                return (definitions, claims)
            }
            #expect(definitions == ["CREATE INDEX changesbyrecord ON public.changes USING btree (recordid COLLATE \"C\", recordkind, id)",
                                    "CREATE INDEX claimbystrength ON public.claim USING btree (strength, id)"])
            #expect(claims == ["c48", "c41", "c34"])
        }
    }

    /// Two kbs opening one new database at once: one migrates, the other waits and finds it current.
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func concurrentMigratorsMigrateOnce() async throws {
        try await TestServer.withFreshDatabase { location in
            async let first = PostgresSchemaMigrator(location: location).migrate()
            async let second = PostgresSchemaMigrator(location: location).migrate()
            let applied = try await [first, second]
            #expect(applied.sorted { $0.count < $1.count } == [[], PostgresSchemaMigrator.known])
        }
    }

    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func namesAMissingDatabase() async throws {
        let location = try #require(TestServer.location).with(database: "kb_no_such_database")
        let error = await #expect(throws: PostgresStoreError.self) { try await PostgresSchemaMigrator(location: location).status() }
        // The server answered: not "cannot reach" (trial 21 m2), but what it refused and what to do.
        guard case .refused(let shown, let reason) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(shown == location.redacted)
        #expect(reason.contains("kb_no_such_database"), "\(reason)")
        #expect(reason.hasPrefix("the server has no such database: create it (createdb kb_no_such_database)"), "\(reason)")
        #expect(!"\(String(describing: error))".contains("cannot reach"))
    }

    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func namesALoginTheServerRefuses() async throws {
        var location = try #require(TestServer.location)
        location.user = "kb_no_such_role"
        let error = await #expect(throws: PostgresStoreError.self) { try await PostgresSchemaMigrator(location: location).status() }
        guard case .refused(_, let reason) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(reason.hasPrefix("the server refused the login: check the user and password"), "\(reason)")
        #expect(reason.contains("kb_no_such_role"), "\(reason)")
    }

    /// Needs no server: nothing listens on the port.
    @Test func namesAServerThatDoesNotAnswer() async throws {
        let location = try PostgresLocation("postgresql://kb:secret@127.0.0.1:1/kb?sslmode=disable")
        let error = await #expect(throws: PostgresStoreError.self) { try await PostgresSchemaMigrator(location: location).status() }
        guard case .unreachable(let shown, let reason) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(shown == "postgresql://kb:***@127.0.0.1:1/kb")
        // In plain words, not postgres-nio's "SingleConnectionFailure(target: …)" (trial 21 m1).
        #expect(reason == "nothing answers at 127.0.0.1:1 (connection refused): is PostgreSQL running there, on that port?", "\(reason)")
        #expect(!"\(String(describing: error))".contains("secret"))
    }
}
