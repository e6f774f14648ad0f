import Foundation

/// A fixed number of threads of its own that run blocking work (SQLite reads through GRDB) off
/// Swift's cooperative pool and off Dispatch's global pool, whose few threads on Linux (about
/// one per core for CPU-bound work) serve every caller first come, first served: there a 2 ms
/// claim page waited behind the 3 s results pages before it (BENCHMARKS.md, "kb serve under
/// load", fourth and fifth runs).
///
/// At most ``width`` jobs run at once. Of those waiting, the one with the highest response ratio
/// goes next — (time waited + estimated cost) ÷ estimated cost — so a short job passes long ones
/// at once, and a long one still gets its turn once it has waited long enough relative to its
/// own size (no starvation). The goal it serves is a latency proportional to each request's own
/// cost, not one equal queue for all.
///
/// Threads start when work arrives and end after ``linger`` seconds without any, so a server that
/// is idle (or a test's) holds none. A lane's threads may run at a lower CPU priority than the
/// rest of the server (``niceness``): when a short request and a long one want a core at the
/// same moment, the kernel gives it to the short one, and the long one loses only that moment.
final class Lane: @unchecked Sendable {
    let name: String
    /// The most jobs running at once.
    let width: Int
    /// Seconds an idle thread waits for work before it ends.
    let linger: Double
    /// How much lower than the server's the threads' CPU priority is (nice values, Linux only:
    /// there a thread's nice value is its own).
    let niceness: Int32

    /// Why a job was answered without running.
    enum Refusal: Error, Equatable {
        /// Its deadline passed while it waited: the time limit counts from when it was queued.
        case expired
        /// The lane already had ``capacity`` jobs waiting.
        case full
    }

    /// What a job is told when its turn comes: run with the seconds left before its deadline
    /// (nil: no deadline), or do not run.
    private enum Start {
        case run(remaining: Double?)
        case refuse(any Error)
    }

    private struct Job {
        let id: UInt64
        let enqueued: UInt64
        let estimate: Double
        /// Uptime in nanoseconds after which the job is not started.
        let deadline: UInt64?
        let work: (Start) -> Void
    }

    /// The most jobs waiting at once; one more is refused at once (``Refusal/full``), so that a
    /// flood of requests is answered 503 quickly rather than all late.
    let capacity: Int

    private let condition = NSCondition()
    private var pending: [Job] = []
    private var threads = 0
    private var idle = 0
    private var running = 0
    private var mostRunning = 0
    private var started = 0
    private var lastID: UInt64 = 0

    init(name: String, width: Int, linger: Double = 5, niceness: Int32 = 0, capacity: Int? = nil) {
        self.name = name
        self.width = max(1, width)
        self.capacity = max(1, capacity ?? 4 * max(1, width) + 16)
        self.linger = linger
        self.niceness = max(0, niceness)
    }

    /// Jobs waiting for a thread and jobs running, now.
    var load: (waiting: Int, running: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (pending.count, running)
    }

    /// The most jobs seen running at once (for tests).
    var busiest: Int {
        condition.lock()
        defer { condition.unlock() }
        return mostRunning
    }

    /// How many jobs have started running (for tests).
    var served: Int {
        condition.lock()
        defer { condition.unlock() }
        return started
    }

    /// Threads alive now (for tests).
    var threadCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return threads
    }

    /// Runs `body` on one of the lane's threads when its turn comes; `estimate` is its expected
    /// cost in seconds (what its response ratio is computed with).
    func run<T: Sendable>(estimate: Double, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await run(estimate: estimate, deadline: nil) { _ in try body() }
    }

    /// Runs `body` when its turn comes, if that is before `deadline` (uptime nanoseconds), with
    /// the seconds that remain until it; else throws ``Refusal/expired`` without running it.
    /// Throws ``Refusal/full`` at once when ``capacity`` jobs are waiting, and
    /// `CancellationError` when the calling task is cancelled before the job starts (a client
    /// gone): the job then leaves the queue and never takes a thread.
    func run<T: Sendable>(estimate: Double, deadline: UInt64?,
                          _ body: @escaping @Sendable (_ remaining: Double?) throws -> T) async throws -> T {
        let id = condition.withLock { lastID += 1; return lastID }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let job = Job(id: id, enqueued: DispatchTime.now().uptimeNanoseconds, estimate: max(estimate, 0.000_1), deadline: deadline) { start in
                    switch start {
                    case let .run(remaining): continuation.resume(with: Result { try body(remaining) })
                    case let .refuse(error): continuation.resume(throwing: error)
                    }
                }
                if let refusal = enqueue(job) {
                    continuation.resume(throwing: refusal)
                } else if let deadline {
                    // Answered at its deadline even while every thread is busy, not when one
                    // frees up.
                    DispatchQueue.global().asyncAfter(deadline: DispatchTime(uptimeNanoseconds: deadline)) { [self] in
                        withdraw(id, Refusal.expired)
                    }
                }
            }
        } onCancel: {
            withdraw(id, CancellationError())
        }
    }

    /// Queues `job`, or says why not.
    private func enqueue(_ job: Job) -> (any Error)? {
        condition.lock()
        defer { condition.unlock() }
        // Checked under the lock: a cancellation after this finds the job in `pending`.
        if Task.isCancelled { return CancellationError() }
        if pending.count >= capacity { return Refusal.full }
        pending.append(job)
        // Every idle thread takes one waiting job when it wakes; a thread more only when the
        // waiting jobs outnumber them.
        if pending.count > idle && threads < width {
            threads += 1
            startThread()
        }
        condition.signal()
        return nil
    }

    /// Takes job `id` out of the queue if it has not started, and answers it `error`.
    private func withdraw(_ id: UInt64, _ error: any Error) {
        condition.lock()
        let index = pending.firstIndex { $0.id == id }
        let job = index.map { pending.remove(at: $0) }
        condition.unlock()
        job?.work(.refuse(error))
    }

    private func startThread() {
        let thread = Thread { [self] in loop() }
        thread.name = "kb.serve.\(name)"
        // Deep enough for the parser's recursion and SQLite's, as a main thread's.
        thread.stackSize = 8 << 20
        thread.start()
    }

    private func loop() {
        lowerPriority()
        condition.lock()
        while true {
            while pending.isEmpty {
                idle += 1
                let woken = condition.wait(until: Date(timeIntervalSinceNow: linger))
                idle -= 1
                if !woken && pending.isEmpty {
                    threads -= 1
                    condition.unlock()
                    return
                }
            }
            let job = pending.remove(at: nextIndex())
            let now = DispatchTime.now().uptimeNanoseconds
            if let deadline = job.deadline, now >= deadline {
                condition.unlock()
                job.work(.refuse(Refusal.expired))
                condition.lock()
                continue
            }
            running += 1
            started += 1
            mostRunning = max(mostRunning, running)
            condition.unlock()
            job.work(.run(remaining: job.deadline.map { Double($0 - now) / 1e9 }))
            condition.lock()
            running -= 1
        }
    }

    /// Sets the calling thread's nice value to the process's base plus ``niceness``: absolute,
    /// because a new thread inherits its creator's, and the creator is whichever Dispatch or
    /// cooperative thread queued work (their QoS gives them -4 to 0).
    private func lowerPriority() {
        #if os(Linux)
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        // `who` 0 is the calling thread on Linux (its nice value is per thread).
        _ = setpriority(which, 0, min(19, Self.baseNiceness + niceness))
        #endif
    }

    #if os(Linux)
    /// The process's nice value: its main thread's (whose thread id is the process id).
    static let baseNiceness: Int32 = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(getpid()))
    #endif

    /// The waiting job with the highest response ratio (the earliest among equals).
    private func nextIndex() -> Int {
        let now = DispatchTime.now().uptimeNanoseconds
        var best = 0
        var bestRatio = -Double.infinity
        for (index, job) in pending.enumerated() {
            let waited = Double(now &- job.enqueued) / 1e9
            let ratio = (waited + job.estimate) / job.estimate
            if ratio > bestRatio {
                best = index
                bestRatio = ratio
            }
        }
        return best
    }
}
