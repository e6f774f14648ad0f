import Foundation

/// Runs work on a thread of its own and waits for it: what that work allocates comes from
/// another malloc arena than the calling thread's (glibc gives each new thread its own).
package enum OwnThread {
    /// Work started on its own thread; ``wait()`` for its result.
    package struct Running<T> {
        fileprivate let outcome: Box<Result<T, Error>>
        fileprivate let done: DispatchSemaphore

        /// Blocks until the work has ended, then returns its result or throws its error.
        package func wait() throws -> T {
            done.wait()
            return try outcome.value.get()
        }
    }

    /// The work is let go of (with what it holds: an importer holds the knowledge base) before
    /// ``Running/wait()`` returns: otherwise the thread could still hold the last reference while
    /// the waiting thread ends the process, and the KB's connection would be closed on the way out
    /// or not at all (its `-wal` and `-shm` files left behind, after a failed import most often).
    package static func start<T>(_ body: @escaping @Sendable () throws -> T) -> Running<T> {
        // Replaced by the work's own result before anyone reads it.
        let running = Running(outcome: Box<Result<T, Error>>(.failure(CancellationError())), done: DispatchSemaphore(value: 0))
        let work = Box<(@Sendable () throws -> T)?>(body)
        let thread = Thread {
            let outcome = Result { () throws -> T in
                guard let body = work.value else { throw CancellationError() }
                return try body()
            }
            work.value = nil
            running.outcome.value = outcome
            running.done.signal()
        }
        // Parsing recurses (nested BibTeX braces, YAML): a main thread's stack, not a worker's 512 KB.
        thread.stackSize = 8 << 20
        thread.start()
        return running
    }

    package static func run<T>(_ body: @escaping @Sendable () throws -> T) throws -> T {
        try start(body).wait()
    }
}

/// A value shared by reference, for handing work and its result between threads that never use
/// it at the same time.
package final class Box<Value>: @unchecked Sendable {
    package var value: Value

    package init(_ value: consuming Value) {
        self.value = value
    }
}

/// A flag one thread raises and another checks, to stop work no longer wanted.
package final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false

    package init() {}

    package func raise() {
        lock.lock()
        raised = true
        lock.unlock()
    }

    package var isRaised: Bool {
        lock.lock()
        defer { lock.unlock() }
        return raised
    }
}
