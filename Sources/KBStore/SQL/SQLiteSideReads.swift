import Foundation
import GRDB

/// ``SideReads`` on an SQLite file: a second read-only connection whose read transaction is
/// the read's own snapshot, so that a query's bounded total is counted on the machine's other
/// core while its ranked rows are read (at 10M claims the count is about 16 ms of a subject
/// query's 110; BENCHMARKS.md, "The subject query at 10M: a tie run read to its end, and the
/// total counted beside").
///
/// The same snapshot without `sqlite3_snapshot_open` (this SQLite is built without it): the
/// read's connection notes `PRAGMA data_version` before the side connection begins
/// (``begin()``), and again once its own read has begun (``isSameSnapshot(_:)``). The value
/// changes when another connection has committed in between, so an unchanged value means no
/// commit fell between the side's snapshot and the read's: they see the same database. When it
/// changed, nothing is started on the side, and the read counts on its own connection. Both
/// notes are taken on the read's one connection (a ``DatabaseQueue``; a pool's reads may use
/// different connections, whose versions are not comparable, so a pool has no side reads).
///
/// Statements run in order on one serial queue: the begin, each started statement, the end.
/// Nothing on it is needed for the answer: a failure there makes ``PendingValue/value()``
/// throw, and the engine counts on the read's own connection.
package final class SQLiteSideReads: SideReads, @unchecked Sendable {
    private let queue = DispatchQueue(label: "kb.sqlite.side-reads")
    /// The read's own connection.
    private let reading: DatabaseQueue
    /// The side connection, used only on `queue` (its interrupt from any thread).
    private let connection: DatabaseQueue
    /// Read and written only on `queue`.
    private var failure: (any Error)?
    private var begun = false
    /// Whether ``isSameSnapshot(_:)`` confirmed the read's snapshot; nothing starts before.
    private var confirmed = false
    /// The read's `data_version` before the side began (the read's thread only).
    private var versionBefore: Int?
    /// Set by ``finish()``: statements not yet begun on the side do not begin.
    private let stopped = LockedFlag()

    /// A side connection beside `knowledgeBase`'s one connection to its file; nil for a
    /// knowledge base in memory, read through a pool, or not in WAL mode.
    ///
    /// Why WAL only: with a rollback journal, the side's shared lock (held from ``begin()`` until
    /// ``finish()``) and a writer waiting for its exclusive lock would hold up the read's own
    /// shared lock, and the read waits for the side that waits for it — until a busy timeout
    /// (review of 2026-12-05). In WAL mode readers never wait for a writer.
    package static func beside(_ knowledgeBase: KnowledgeBase) -> SQLiteSideReads? {
        guard let reading = knowledgeBase.writer as? DatabaseQueue,
              (try? reading.inDatabase({ try String.fetchOne($0, sql: "PRAGMA journal_mode") }))??.lowercased() == "wal",
              let connection = try? knowledgeBase.sideReader() else { return nil }
        return SQLiteSideReads(reading: reading, connection: connection)
    }

    init(reading: DatabaseQueue, connection: DatabaseQueue) {
        self.reading = reading
        self.connection = connection
    }

    /// Notes the read connection's `data_version` (in a read of its own, which ends before the
    /// side begins), then begins the side's read transaction and waits for it. Call before the
    /// read begins. A failure here leaves the count to the read (``isSameSnapshot(_:)`` is false).
    package func begin() {
        versionBefore = try? reading.inDatabase { db in try Self.dataVersion(db) }
        guard versionBefore != nil else { return }
        queue.sync {
            do {
                try connection.inDatabase { db in
                    try db.execute(sql: "BEGIN DEFERRED TRANSACTION")
                    // The first read takes the snapshot.
                    _ = try Self.dataVersion(db)
                }
                begun = true
            } catch {
                failure = error
            }
        }
    }

    /// Whether the read on `db` (the read's connection, inside its transaction) sees what the
    /// side sees: no other connection committed since ``begin()`` noted the version. Only then
    /// do started statements run on the side.
    package func isSameSnapshot(_ db: Database) -> Bool {
        guard let versionBefore, let versionNow = try? Self.dataVersion(db) else { return false }
        let same = versionNow == versionBefore
        return queue.sync {
            confirmed = same && begun && failure == nil
            return confirmed
        }
    }

    package func start(_ statement: SQLFragment, limited: Bool) -> (any PendingValue)? {
        let pending = QueuedValue(queue: queue)
        queue.async { [self] in
            do {
                if let failure { throw failure }
                // Stopped before this statement began: an interrupt then finds nothing running,
                // and SQLite drops it, so the statement would run to its end.
                if stopped.withLock({ $0 }) { throw SideReadUnavailable(reason: "stopped") }
                guard confirmed else { throw SideReadUnavailable(reason: "no second connection in the read's snapshot") }
                pending.result = .success(try connection.inDatabase { db in
                    let executor = SQLiteStatementExecutor(db: db)
                    return limited ? try executor.limitedValue(statement) : try executor.value(statement)
                })
            } catch {
                failure = error
                pending.result = .failure(error)
            }
        }
        return pending
    }

    /// Stops what is still counting (nobody waits for a count of an answer that was not cut
    /// off) and ends the side's transaction.
    package func finish() {
        stopped.withLock { $0 = true }
        connection.interrupt()
        queue.sync {
            guard begun else { return }
            try? connection.inDatabase { db in
                if db.isInsideTransaction { try db.execute(sql: "ROLLBACK") }
            }
        }
    }

    private static func dataVersion(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0
    }
}

/// Why a side connection gave no value (the engine then counts on the read's own connection).
package struct SideReadUnavailable: Error, CustomStringConvertible {
    package var reason: String
    package var description: String { reason }

    package init(reason: String) {
        self.reason = reason
    }
}

/// A flag set from one thread and read on another.
final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func withLock<T>(_ body: (inout Bool) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
