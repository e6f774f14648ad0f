import Foundation
import Testing
@testable import KBCore
@testable import KBPostgres
@testable import KBPostgresFacade
@testable import KBQuery
@testable import KBStore

/// A write aimed at a server that accepts only reads — a read replica (a streaming standby) or a
/// database whose transactions are read-only by default — is refused with one clear message and
/// exit 4 (DESIGN §13, issue 19 item 5). One server cannot be a standby, so the server tests here
/// use `default_transaction_read_only`, which refuses writes with the standby's SQLSTATE (25006);
/// `.ci/check-replicas` refuses a write on a real standby.
@Suite(.serialized)
struct PostgresReadOnlyTests {
    @Test func aReadOnlyStoreIsTheDatabasesFailureAndAnExistingKnowledgeBaseTheUsers() {
        let readOnly = PostgresStoreError.readOnly(location: "postgresql://kb@replica:5432/kb", reason: "this PostgreSQL server is a standby (in recovery)")
        #expect(ErrorCategory(of: readOnly) == .database)
        #expect(ErrorCategory(of: readOnly)?.exitStatus == 4)
        #expect(ErrorCategory.message(for: readOnly) == "database error: read-only store: this PostgreSQL server is a standby (in recovery), so postgresql://kb@replica:5432/kb refuses kb's writes; run kb init and the other writes against the primary (kb query runs here)")
        // As SQLite's `kb init` on an existing file: the user's command needs --force (exit 2).
        let notEmpty = PostgresStoreError.notEmpty(location: "postgresql://kb@db:5432/kb", held: "3 sources, 16 claims, 0 imports")
        #expect(ErrorCategory(of: notEmpty)?.exitStatus == 2)
        #expect(ErrorCategory(of: PostgresStoreError.notInitialized(location: "postgresql://kb@db:5432/kb"))?.exitStatus == 4)
    }

    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func initOnAReadOnlyDatabaseIsRefusedAndChangesNothingWhileQueriesStillAnswer() async throws {
        try await TestServer.withFreshDatabase { location in
            try await onThread {
                let postgres = try PostgresService(location.url)
                _ = try postgres.create(seedsFolder: nil, replacing: false)
                let before = try postgres.run(QueryRequest("claims for ml-platform-engineer where cohort=older")).outcome
                #expect(PostgresQueryParityTests.ids(before).count > 0)
            }
            try await TestServer.execute("ALTER DATABASE \(location.database) SET default_transaction_read_only = on", on: TestServer.location!)
            try await onThread {
                let postgres = try PostgresService(location.url)
                let expected = PostgresStoreError.readOnly(location: location.redacted, reason: "this database's transactions are read-only (default_transaction_read_only is on)")
                #expect(throws: expected) { try postgres.create(seedsFolder: nil, replacing: true) }
                #expect(throws: expected) { try blocking { try await PostgresSchemaMigrator(location: location).migrate() } }
                // A statement that writes anyway is refused by the server (SQLSTATE 25006) and
                // reported as a read-only store, not as a bare statement failure.
                let executor = try PostgresExecutor.connect(location)
                defer { executor.close() }
                do {
                    try executor.run("INSERT INTO kbSetting (name, value) VALUES ('probe', '1')")
                    Issue.record("a write on a read-only database succeeded")
                } catch let error as PostgresStoreError {
                    guard case .readOnly(let where_, let reason) = error else {
                        Issue.record("expected a read-only store, got \(error)")
                        return
                    }
                    #expect(where_ == location.redacted)
                    #expect(reason.contains("read-only transaction"), "\(reason)")
                    #expect(ErrorCategory(of: error)?.exitStatus == 4)
                }
                // Nothing changed: one init in the change log, and the reads still answer.
                #expect(try executor.value("SELECT count(*) FROM changes WHERE action = 'init'")?.int64 == 1)
                let after = try postgres.run(QueryRequest("claims for ml-platform-engineer where cohort=older")).outcome
                #expect(PostgresQueryParityTests.ids(after).count > 0)
            }
        }
    }
}
