import Foundation
import KBStore

/// A session's `statement_timeout` as kb last set it, so that a read under a time limit
/// (``QueryDeadline``, `kb serve --time-limit`) sets it again only when what is left of the
/// limit has moved away from it by more than ``tolerance``: the limit holds for the read as a
/// whole, within that tolerance, at the cost of a few `SET`s per request rather than one per
/// statement. A `SET` inside a transaction is undone by its rollback, so after a failed statement
/// or a `ROLLBACK` the session's value is unknown and set again before the next statement.
final class StatementTimeout: @unchecked Sendable {
    /// How far the session's timeout may be from what is left of the limit (seconds).
    static let tolerance = 0.1

    private enum State { case unknown, off, milliseconds(Int) }

    private let lock = NSLock()
    private var state = State.off

    /// The `SET` to send before a statement run with `remaining` seconds left (nil: no limit),
    /// or nil when the session's value is close enough.
    func setting(for remaining: Double?) -> SQLFragment? {
        lock.lock()
        defer { lock.unlock() }
        guard let remaining else {
            if case .off = state { return nil }
            state = .off
            return "SET statement_timeout = 0"
        }
        let wanted = Int((min(remaining, 1e6) * 1000).rounded(.up))
        if case let .milliseconds(current) = state, abs(Double(current - wanted)) <= Self.tolerance * 1000 { return nil }
        state = .milliseconds(wanted)
        return SQLFragment(sql: "SET statement_timeout = \(wanted)")
    }

    /// After a failed statement or a rollback: set it again before the next statement.
    func forget() {
        lock.lock()
        state = .unknown
        lock.unlock()
    }
}

/// The connections a server's reads leave open for the next ones (``PostgresStore/serving()``):
/// a read takes one (or connects), and gives it back after its COMMIT; a read that failed closes
/// its connection instead. At most ``limit`` wait; more are closed.
final class IdleConnections: @unchecked Sendable {
    let limit: Int
    private let lock = NSLock()
    private var idle: [PostgresExecutor] = []

    init(limit: Int) {
        self.limit = limit
    }

    /// The server's store is gone: its waiting connections are closed (without waiting here,
    /// where any thread, an async one included, may let go of the store).
    deinit {
        for executor in idle { executor.closeInBackground() }
    }

    /// An open connection left by an earlier read, if any.
    func take() -> PostgresExecutor? {
        lock.lock()
        defer { lock.unlock() }
        while let executor = idle.popLast() {
            if !executor.connection.isClosed { return executor }
        }
        return nil
    }

    func give(_ executor: PostgresExecutor) {
        lock.lock()
        let kept = idle.count < limit && !executor.connection.isClosed
        if kept { idle.append(executor) }
        lock.unlock()
        if !kept { executor.close() }
    }
}
