import Foundation
import NIOCore
import Testing
@testable import KBPostgres
@testable import KBStore

/// Pages of one line each, each handed out after a short pause, so a COPY of them is still being
/// written when the test ends its session.
final class SlowPages: CopySource, @unchecked Sendable {
    private let lock = NSLock()
    private var left: Int

    init(count: Int) {
        left = count
    }

    func next() throws -> ByteBuffer? {
        usleep(1_000)
        return lock.withLock {
            guard left > 0 else { return nil }
            left -= 1
            return ByteBuffer(string: "line \(left)\n")
        }
    }
}

/// kb's `COPY … FROM STDIN` when the server ends the session while pages are being written:
/// a clear error, never a trap. postgres-nio 1.33 traps ("Copy mode is only supported for
/// extended queries") when its COPY writer is called after the connection's state machine left
/// the query; `GuardedCopy` calls it only on the connection's event loop, right after checking
/// there that the channel is still active. Needs KB_TEST_POSTGRES_URL.
@Suite(.serialized)
struct PostgresCopyTests {
    /// Sessions ended at many points of a COPY of 600 slowly made pages (before the first page,
    /// between pages, near the end): every round throws the connection's loss or the server's
    /// message, and nothing of the COPY is in the table.
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func aSessionEndedWhilePagesAreWrittenFailsCleanly() async throws {
        try await TestServer.withFreshDatabase { location in
            try await TestServer.execute("CREATE TABLE scratch (line text)", on: location)
            var failures: [String] = []
            var ended: [Int64] = [0]
            for round in 0..<12 {
                let pause = UInt32(round * 25_000)
                // An earlier round's backend may still be listed while it exits: never that one.
                let earlier = ended.map(String.init).joined(separator: ", ")
                async let killed = onThread { () -> Int64? in
                    let executor = try PostgresExecutor.connect(location)
                    defer { executor.close() }
                    for _ in 0..<10_000 {
                        if let pid = try executor.value("SELECT pid FROM pg_stat_activity WHERE query LIKE 'COPY \"scratch\"%' AND datname = current_database() AND pid NOT IN (\(sql: earlier))")?.int64 {
                            usleep(pause)
                            try executor.run("SELECT pg_terminate_backend(\(pid)::int)")
                            return pid
                        }
                        usleep(2_000)
                    }
                    return nil
                }
                // 600 pages of 1 ms or more: the last round's kill, 275 ms in, is well before the end.
                let outcome = try await onThread { () -> Result<Void, any Error> in
                    let executor = try PostgresExecutor.connect(location)
                    defer { executor.close() }
                    return Result { try executor.copy(into: "scratch", columns: ["line"], from: SlowPages(count: 600)) }
                }
                let pid = try await killed
                #expect(pid != nil, "round \(round): the COPY was seen and its session ended")
                ended.append(pid ?? 0)
                switch outcome {
                case .success: Issue.record("round \(round): the COPY succeeded although its session was ended")
                case let .failure(error): failures.append("\(error)")
                }
            }
            #expect(failures.count == 12)
            for failure in failures {
                #expect(failure.contains("COPY scratch:"), "\(failure)")
            }
            let rows = try await onThread { () -> Int64? in
                let executor = try PostgresExecutor.connect(location)
                defer { executor.close() }
                return try executor.value("SELECT count(*) FROM scratch")?.int64
            }
            #expect(rows == 0)
        }
    }

    /// The same COPY left alone writes every page.
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func aCopyLeftAloneWritesEveryPage() async throws {
        try await TestServer.withFreshDatabase { location in
            try await TestServer.execute("CREATE TABLE scratch (line text)", on: location)
            let rows = try await onThread { () -> Int64? in
                let executor = try PostgresExecutor.connect(location)
                defer { executor.close() }
                try executor.copy(into: "scratch", columns: ["line"], from: SlowPages(count: 300))
                return try executor.value("SELECT count(DISTINCT line) FROM scratch")?.int64
            }
            #expect(rows == 300)
        }
    }
}
