import Foundation
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
/// A write waiting for the server to take more data (the channel's buffer full: pages are
/// megabytes) is never completed by postgres-nio when the connection closes meanwhile; each
/// page's write therefore runs in a task of its own and the COPY stops at whichever comes first,
/// the write or the connection's end, instead of waiting for ever.
///
/// What is left: over TLS, a connection the server ended is closed by the TLS handler's own
/// shutdown, so the channel can look active for a moment after the state machine left the query.
enum GuardedCopy {
    /// Streams `source`'s pages with one COPY on `connection`; throws when the server refuses a
    /// row or the connection is lost (``LostConnection``), never traps.
    static func copy(on connection: PostgresConnection, into table: String, columns: [String], from source: some CopySource) async throws {
        guard #available(macOS 15.0, *) else {
            try await connection.copyFrom(table: table, columns: columns, logger: PostgresConnector.logger) { writer in
                while let page = try source.next() { try await writer.write(page) }
            }
            return
        }
        let loop = EventLoopTaskExecutor(connection.eventLoop)
        try await withTaskExecutorPreference(loop) {
            try await connection.copyFrom(table: table, columns: columns, logger: PostgresConnector.logger) { writer in
                do {
                    while let page = try await withTaskExecutorPreference(globalConcurrentExecutor, operation: { try source.next() }) {
                        try await write(page, with: writer, on: connection, loop: loop)
                    }
                    // `done()` follows on this event loop, in this job.
                    try stopIfClosed(connection)
                } catch {
                    // `failed()` follows: it must find the handler gone if the connection closed.
                    if connection.isClosed { try? await connection.closeFuture.get() }
                    throw error
                }
            }
        }
    }

    /// The error for a COPY whose connection went away while kb was writing it.
    struct LostConnection: Error, CustomStringConvertible {
        var description: String { "the connection to the server was lost during the COPY" }
    }

    /// Writes one page in a task on the connection's event loop (the check that the connection
    /// is open and the writer's call in one job) and returns when it is written, the server
    /// refused it, or the connection closed — whichever comes first.
    @available(macOS 15.0, *)
    static func write(_ page: ByteBuffer, with writer: PostgresCopyFromWriter, on connection: PostgresConnection, loop: EventLoopTaskExecutor) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let outcome = FirstOutcome(continuation)
            Task(executorPreference: loop) {
                do {
                    try stopIfClosed(connection)
                    try await writer.write(page)
                    outcome.resume(with: .success(()))
                } catch {
                    outcome.resume(with: .failure(error))
                }
            }
            connection.closeFuture.whenComplete { _ in outcome.resume(with: .failure(LostConnection())) }
        }
    }

    /// Throws ``LostConnection`` if the connection has closed.
    static func stopIfClosed(_ connection: PostgresConnection) throws {
        if connection.isClosed { throw LostConnection() }
    }
}

/// A continuation resumed by the first of several outcomes; the later ones are dropped.
final class FirstOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Void, any Error>?

    init(_ continuation: CheckedContinuation<Void, any Error>) {
        self.continuation = continuation
    }

    func resume(with result: Result<Void, any Error>) {
        let waiting = lock.withLock { () -> CheckedContinuation<Void, any Error>? in
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(with: result)
    }
}

/// Runs a task's jobs on one NIO event loop (a task executor preference): postgres-nio's calls
/// made there act at once instead of being queued behind the loop's next I/O.
@available(macOS 15.0, *)
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
