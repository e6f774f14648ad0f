import Foundation
import Testing
@testable import KBCore
@testable import KBPostgres
@testable import KBQuery
@testable import KBStore

/// A query's total counted on a second connection (``SnapshotSideReads``) counts what the read's
/// own connection would: the second transaction imports the read's exported snapshot, so a claim
/// committed by another writer after the read began is in neither count. Needs
/// KB_TEST_POSTGRES_URL, as ``PostgresQueryParityTests``.
@Suite(.serialized)
struct PostgresSideReadsTests {
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func theSideCountSeesTheReadsSnapshot() async throws {
        try await TestServer.withFreshDatabase { location in
            try await onThread {
                let postgres = try PostgresService(location.url)
                _ = try postgres.create(seedsFolder: nil, replacing: false)
                let writer = try PostgresExecutor.connect(location)
                defer { writer.close() }
                let count: SQLFragment = "SELECT count(*) FROM claim"
                let before = try writer.value(count)?.int64
                let (own, side, after) = try PostgresStore(location: location).read(sideReads: true) { session -> (Int64?, Int64?, Int64?) in
                    let sideReads = try #require(session.sideReads, "a read that asks for side reads has them")
                    // Committed after the read's snapshot was taken (its first statement).
                    _ = try session.executor.value("SELECT 1")
                    _ = try writer.run("INSERT INTO claim (slug, statement) VALUES ('side-reads-test', 'A claim committed during the read.')")
                    let pending = try #require(sideReads.start(count, limited: true))
                    return (try session.executor.value(count)?.int64, try pending.value()?.int64, try writer.value(count)?.int64)
                }
                #expect(own == before && side == before, "own \(String(describing: own)), side \(String(describing: side)), before \(String(describing: before))")
                #expect(after == before.map { $0 + 1 }, "the writer's claim was committed")
            }
        }
    }

    /// A query on PostgreSQL starts its total on the second connection; with the answer cut off
    /// the total is the one-connection total (the parity suites compare every saved query too).
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func aQueryCountsItsTotalBesideItsRows() async throws {
        try await TestServer.withFreshDatabase { location in
            try await onThread {
                let postgres = try PostgresService(location.url)
                _ = try postgres.create(seedsFolder: nil, replacing: false)
                for text in ["claims for ml-platform-engineer limit 1", "claims limit 2", "sources limit 1"] {
                    let (alone, beside) = try PostgresStore(location: location).read(sideReads: true) { session in
                        let query = try Parser.parse(text)
                        let single = QueryReadSession(executor: session.executor, store: session.store, graph: session.graph)
                        return (try QueryEngine.run(query, text: text, profile: nil, limit: query.limit, in: single),
                                try QueryEngine.run(query, text: text, profile: nil, limit: query.limit, in: session))
                    }
                    #expect(beside.isTruncated && beside.total > 1, "\(text)")
                    #expect(beside.total == alone.total && beside.isTotalExact == alone.isTotalExact, "\(text)")
                }
            }
        }
    }
}
