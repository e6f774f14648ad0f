import Foundation
import Testing
@testable import KBCore
@testable import KBPostgres
@testable import KBPostgresFacade
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
                    let (alone, beside, counted) = try PostgresStore(location: location).read(sideReads: true) { session in
                        let query = try Parser.parse(text)
                        let single = QueryReadSession(executor: session.executor, store: session.store, graph: session.graph)
                        // The side connection's answers, recorded: the total must be its, not a
                        // recount on the read's connection after it failed.
                        let recording = RecordingSideReads(try #require(session.sideReads))
                        let sided = QueryReadSession(executor: session.executor, store: session.store, graph: session.graph, sideReads: recording)
                        return (try QueryEngine.run(query, text: text, profile: nil, limit: query.limit, in: single),
                                try QueryEngine.run(query, text: text, profile: nil, limit: query.limit, in: sided), recording.values)
                    }
                    #expect(beside.isTruncated && beside.total > 1, "\(text)")
                    #expect(beside.total == alone.total && beside.isTotalExact == alone.isTotalExact, "\(text)")
                    #expect(counted.count == 1 && counted.first?.int64.map(Int.init) == beside.total, "\(text): \(counted)")
                }
            }
        }
    }
}

/// A ``SideReads`` that passes statements on and records each value its pending statements gave.
final class RecordingSideReads: SideReads, @unchecked Sendable {
    let inner: any SideReads
    var values: [SQLValue] = []

    init(_ inner: any SideReads) { self.inner = inner }

    func start(_ statement: SQLFragment, limited: Bool) -> (any PendingValue)? {
        inner.start(statement, limited: limited).map { Recorded(pending: $0, owner: self) }
    }

    final class Recorded: PendingValue {
        let pending: any PendingValue
        let owner: RecordingSideReads
        init(pending: any PendingValue, owner: RecordingSideReads) { self.pending = pending; self.owner = owner }
        func value() throws -> SQLValue? {
            let value = try pending.value()
            if let value { owner.values.append(value) }
            return value
        }
    }
}
