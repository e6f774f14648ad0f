import Foundation

/// Another connection of a read, in the read's own snapshot: a statement started there runs
/// while the read's connection goes on with others, and its value is waited for only when it
/// is needed. On PostgreSQL a subject query's bounded total takes about as long as its ranked
/// rows (BENCHMARKS.md, "The total beside the ranked rows"); counted on a second connection that
/// imported the read's exported snapshot, the two run at once on the server's cores and give the
/// answer the one connection gives.
package protocol SideReads: AnyObject {
    /// Starts `statement` (a one-value statement, a count) on the other connection; nil when
    /// it cannot be started there, and the read runs it itself. `limited`: a statement that
    /// stops at a `LIMIT`, planned as ``StatementExecutor/limitedRows(_:)`` plans it.
    func start(_ statement: SQLFragment, limited: Bool) -> (any PendingValue)?
}

/// A statement's one value, computed elsewhere.
package protocol PendingValue: AnyObject {
    /// Waits for the statement and returns its first column of its first row. Throws when it
    /// failed there; the caller then runs the statement on its own connection.
    func value() throws -> SQLValue?
}

/// A statement's value computed on a serial queue (a side connection's): set there, and
/// ``value()`` waits on the queue before reading it. Both stores' side reads use it.
package final class QueuedValue: PendingValue, @unchecked Sendable {
    private let queue: DispatchQueue
    /// Set on `queue`; read after a `queue.sync`, which orders the two.
    package var result: Result<SQLValue?, any Error>?

    package init(queue: DispatchQueue) {
        self.queue = queue
    }

    package func value() throws -> SQLValue? {
        queue.sync {}
        guard let result else { throw SideReadUnavailable(reason: "no result from the second connection") }
        return try result.get()
    }
}
