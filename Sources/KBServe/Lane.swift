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

    private struct Job {
        let enqueued: UInt64
        let estimate: Double
        let work: () -> Void
    }

    private let condition = NSCondition()
    private var pending: [Job] = []
    private var threads = 0
    private var idle = 0
    private var running = 0
    private var mostRunning = 0

    init(name: String, width: Int, linger: Double = 5, niceness: Int32 = 0) {
        self.name = name
        self.width = max(1, width)
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

    /// Threads alive now (for tests).
    var threadCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return threads
    }

    /// Runs `body` on one of the lane's threads when its turn comes; `estimate` is its expected
    /// cost in seconds (what its response ratio is computed with).
    func run<T: Sendable>(estimate: Double, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            enqueue(estimate: estimate) { continuation.resume(with: Result { try body() }) }
        }
    }

    private func enqueue(estimate: Double, _ work: @escaping () -> Void) {
        condition.lock()
        pending.append(Job(enqueued: DispatchTime.now().uptimeNanoseconds, estimate: max(estimate, 0.000_1), work: work))
        // Every idle thread takes one waiting job when it wakes; a thread more only when the
        // waiting jobs outnumber them.
        if pending.count > idle && threads < width {
            threads += 1
            startThread()
        }
        condition.signal()
        condition.unlock()
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
            running += 1
            mostRunning = max(mostRunning, running)
            condition.unlock()
            job.work()
            condition.lock()
            running -= 1
        }
    }

    /// Lowers the calling thread's priority by ``niceness`` (never raises it; no privilege needed).
    private func lowerPriority() {
        #if os(Linux)
        guard niceness > 0 else { return }
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        // `who` 0 is the calling thread on Linux (its nice value is per thread).
        let current = getpriority(which, 0)
        _ = setpriority(which, 0, min(19, current + niceness))
        #endif
    }

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
