import NIOCore
import PostgresNIO

/// A `COPY … FROM STDIN` that survives its connection dying in the middle.
///
/// postgres-nio 1.33's COPY writer traps (`preconditionFailure("Copy mode is only supported for
/// extended queries")`, a crash of the whole process) when `write`, `done` or `failed` reaches
/// its channel handler after the connection's state machine has left the query — the server
/// ended the session (`pg_terminate_backend`, a restart, a dropped link) — but before the
/// handler was removed from the channel. Seen in CI: an import's COPY killed by another test.
///
/// So every call into the writer is made on the connection's own event loop, right after
/// checking there that the channel is still active: the task prefers an executor that runs its
/// jobs on that event loop, and postgres-nio runs a call made on its event loop at once, in the
/// same job as the check. A connection found closed is waited for until NIO has removed its
/// handlers (they go before the channel's close future completes), so the writer's `failed`
/// call that follows finds no handler and fails cleanly. Pages are read off the event loop.
///
/// What is left: over TLS, a connection the server ended is closed by the TLS handler's own
/// shutdown, so the channel can look active for a moment after the state machine left the query.
enum GuardedCopy {
    /// Streams `source`'s pages with one COPY on `connection`; throws when the server refuses a
    /// row or the connection is lost (``lostConnection``), never traps.
    static func copy(on connection: PostgresConnection, into table: String, columns: [String], from source: some CopySource) async throws {
        try await withTaskExecutorPreference(EventLoopTaskExecutor(connection.eventLoop)) {
            try await connection.copyFrom(table: table, columns: columns, logger: PostgresConnector.logger) { writer in
                while let page = try await withTaskExecutorPreference(globalConcurrentExecutor, operation: { try source.next() }) {
                    try await whileOpen(connection) { try await writer.write(page) }
                }
                // `done()` follows on this event loop, in this job.
                try await stopIfClosed(connection)
            }
        }
    }

    /// The error for a COPY whose connection went away while kb was writing it.
    struct LostConnection: Error, CustomStringConvertible {
        var description: String { "the connection to the server was lost during the COPY" }
    }

    /// Runs `write` (a call into the COPY writer) unless the connection has closed; a write that
    /// failed because it closed waits for the handlers to go before throwing.
    static func whileOpen(_ connection: PostgresConnection, _ write: () async throws -> Void) async throws {
        try await stopIfClosed(connection)
        do {
            try await write()
        } catch {
            if connection.isClosed { try? await connection.closeFuture.get() }
            throw error
        }
    }

    /// Throws ``LostConnection`` once NIO is done closing, if the connection has closed.
    static func stopIfClosed(_ connection: PostgresConnection) async throws {
        guard connection.isClosed else { return }
        try? await connection.closeFuture.get()
        throw LostConnection()
    }
}

/// Runs a task's jobs on one NIO event loop (a task executor preference): postgres-nio's calls
/// made there act at once instead of being queued behind the loop's next I/O.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        eventLoop.execute { job.runSynchronously(on: executor) }
    }
}
