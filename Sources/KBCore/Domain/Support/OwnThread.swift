import Foundation

/// Runs work on a thread of its own and waits for it: what that work allocates comes from
/// another malloc arena than the calling thread's (glibc gives each new thread its own).
enum OwnThread {
    /// Work started on its own thread; ``wait()`` for its result.
    struct Running<T> {
        fileprivate let outcome: Box<Result<T, Error>>
        fileprivate let done: DispatchSemaphore

        /// Blocks until the work has ended, then returns its result or throws its error.
        func wait() throws -> T {
            done.wait()
            return try outcome.value.get()
        }
    }

    static func start<T>(_ body: @escaping @Sendable () throws -> T) -> Running<T> {
        // Replaced by the work's own result before anyone reads it.
        let running = Running(outcome: Box<Result<T, Error>>(.failure(CancellationError())), done: DispatchSemaphore(value: 0))
        let thread = Thread {
            running.outcome.value = Result { try body() }
            running.done.signal()
        }
        // Parsing recurses (nested BibTeX braces, YAML): a main thread's stack, not a worker's 512 KB.
        thread.stackSize = 8 << 20
        thread.start()
        return running
    }

    static func run<T>(_ body: @escaping @Sendable () throws -> T) throws -> T {
        try start(body).wait()
    }
}

/// A value shared by reference, for handing work and its result between threads that never use
/// it at the same time.
final class Box<Value>: @unchecked Sendable {
    var value: Value

    init(_ value: consuming Value) {
        self.value = value
    }
}

/// A flag one thread raises and another checks, to stop work no longer wanted.
final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false

    func raise() {
        lock.lock()
        raised = true
        lock.unlock()
    }

    var isRaised: Bool {
        lock.lock()
        defer { lock.unlock() }
        return raised
    }
}
