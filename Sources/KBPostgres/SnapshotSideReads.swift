import Foundation
import KBStore

/// ``SideReads`` on PostgreSQL: a second connection, opened in the background as the read
/// starts (before the read's own), whose transaction imports the read's exported snapshot (`SET TRANSACTION SNAPSHOT`),
/// so that what it counts is what the read's own connection would count. A subject query's
/// bounded total then runs on one of the server's cores while its ranked rows are read on
/// another (BENCHMARKS.md, "The total beside the ranked rows").
///
/// Statements run in order on one serial queue: the connect, each started statement, the close.
/// Nothing on it is ever needed for the answer: a failure there (no connection to spare, a
/// snapshot that cannot be imported) makes ``PendingValue/value()`` throw, and the engine counts
/// on the read's own connection.
final class SnapshotSideReads: SideReads, @unchecked Sendable {
    private let queue = DispatchQueue(label: "kb.postgres.side-reads")
    /// Read and written only on `queue`.
    private var executor: PostgresExecutor?
    private var failure: (any Error)?
    /// Whether its transaction is in the read's snapshot; nothing runs on it before.
    private var begun = false

    /// Starts connecting to `location` at once, while the read connects and resolves its names
    /// (a connection takes several milliseconds to start on the server).
    init(location: PostgresLocation) {
        queue.async { [self] in
            do {
                executor = try PostgresExecutor.connect(location)
            } catch {
                failure = error
            }
        }
    }

    /// Begins the connection's transaction in `snapshot`, the read's, exported by its
    /// transaction (``PostgresStore/read(sideReads:_:)``), which must stay open until ``finish()``.
    func begin(snapshot: String) {
        queue.async { [self] in
            do {
                guard let executor, failure == nil else { return }
                // The identifier is the server's; SET TRANSACTION SNAPSHOT takes a literal, not a
                // parameter, so only hexadecimal digits and dashes are written into it.
                guard Self.isSnapshotID(snapshot) else { throw PostgresStoreError.statementFailed(location: "", reason: "not a snapshot id") }
                try executor.run("START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                try executor.run(SQLFragment(sql: "SET TRANSACTION SNAPSHOT '\(snapshot)'"))
                // Never waits for a lock: the read's own connection holds its tables' shared
                // locks, so a writer queued for an exclusive one (TRUNCATE, ALTER, VACUUM FULL)
                // behind it would block this connection while the read waits for it, a wait the
                // server cannot see as a deadlock. The count then fails here and is counted on
                // the read's connection.
                try executor.run("SET LOCAL lock_timeout = '100ms'")
                begun = true
            } catch {
                failure = error
            }
        }
    }

    /// Whether `text` has the form of an exported snapshot's identifier (`00000003-0000001B-1`).
    static func isSnapshotID(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 == UInt8(ascii: "-") || ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 70) || ($0 >= 97 && $0 <= 102) }
    }

    func start(_ statement: SQLFragment, limited: Bool) -> (any PendingValue)? {
        let pending = QueuedValue(queue: queue)
        queue.async { [self] in
            do {
                if let failure { throw failure }
                guard let executor, begun else { throw PostgresStoreError.statementFailed(location: "", reason: "no second connection in the read's snapshot") }
                pending.result = .success(limited ? try executor.limitedValue(statement) : try executor.value(statement))
            } catch {
                failure = error
                pending.result = .failure(error)
            }
        }
        return pending
    }

    /// Waits for what was started and closes the connection (a count nobody needs, when the
    /// answer was not cut off, is waited for too: the read's own connection is committed and
    /// closed after this, and the server's log stays free of dropped connections).
    func finish() {
        queue.sync {
            if let executor {
                if failure == nil, begun { _ = try? executor.run("COMMIT") }
                executor.close()
            }
            executor = nil
        }
    }
}
