import Foundation
import Testing
@testable import KBServe

/// The lanes' threads: how many jobs run at once, which waiting job goes next, and that idle
/// threads end.
struct LaneTests {
    /// A gate a job blocks on until the test opens it (after 300 s at the latest, so that a
    /// failing test does not hang; the whole suite in parallel on two cores takes minutes).
    final class Gate: @unchecked Sendable {
        private let semaphore = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var opened = false

        /// Passes once the gate is open; every waiter passes (each lets the next one through).
        func wait() {
            _ = semaphore.wait(timeout: .now() + 300)
            semaphore.signal()
        }

        func open() {
            lock.withLock {
                if !opened {
                    opened = true
                    semaphore.signal()
                }
            }
        }
    }

    /// Records what happened, in order.
    final class Record: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [String] = []
        func add(_ entry: String) { lock.withLock { entries.append(entry) } }
        var all: [String] { lock.withLock { entries } }
    }

    /// Waits for `condition` (up to 300 s: see ``Gate``).
    static func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<30_000 where !condition() {
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        #expect(condition())
    }

    /// Six jobs held on a gate until two run: the width is reached whatever the machine's speed,
    /// and never exceeded.
    @Test func noMoreThanItsWidthRunAtOnce() async throws {
        let lane = Lane(name: "test", width: 2)
        let gate = Gate()
        let gauge = Record()
        let running = ManagedCounter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    try await lane.run(estimate: 0.01) {
                        let now = running.add(1)
                        gauge.add("\(now)")
                        gate.wait()
                        Thread.sleep(forTimeInterval: 0.01)
                        _ = running.add(-1)
                    }
                }
            }
            try await Self.waitUntil { lane.load.running == 2 && lane.load.waiting == 4 }
            gate.open()
            try await group.waitForAll()
        }
        #expect(gauge.all.count == 6)
        #expect(gauge.all.allSatisfy { $0 == "1" || $0 == "2" })
        #expect(lane.busiest == 2)
    }

    /// With its one thread held, a long job waits first and a short one after it: the short one
    /// runs first (its response ratio grows faster).
    @Test func aShortJobPassesALongOneWaiting() async throws {
        let lane = Lane(name: "test", width: 1)
        let gate = Gate()
        let order = Record()
        let holder = Task { try await lane.run(estimate: 1) { gate.wait() } }
        try await Self.waitUntil { lane.load.running == 1 }
        let long = Task { try await lane.run(estimate: 5) { order.add("long") } }
        try await Self.waitUntil { lane.load.waiting == 1 }
        let short = Task { try await lane.run(estimate: 0.005) { order.add("short") } }
        try await Self.waitUntil { lane.load.waiting == 2 }
        gate.open()
        try await holder.value
        try await long.value
        try await short.value
        #expect(order.all == ["short", "long"])
    }

    /// A job that has waited long relative to its size goes before a shorter one that has just
    /// arrived: nothing waits forever behind a stream of shorter jobs. (Sizes close to each
    /// other, so that the order holds however slowly a loaded machine runs the test: the
    /// newcomer would need to wait 9 s before the gate opens to pass.)
    @Test func aJobThatWaitedLongGoesFirst() async throws {
        let lane = Lane(name: "test", width: 1)
        let gate = Gate()
        let order = Record()
        let holder = Task { try await lane.run(estimate: 1) { gate.wait() } }
        try await Self.waitUntil { lane.load.running == 1 }
        let waited = Task { try await lane.run(estimate: 1) { order.add("waited") } }
        try await Self.waitUntil { lane.load.waiting == 1 }
        // After 1 s more, its ratio is (1 + w + 1) / 1, the newcomer's (w + 0.9) / 0.9, where w
        // is the newcomer's wait until the gate opens.
        try await Task.sleep(nanoseconds: 1_000_000_000)
        let newcomer = Task { try await lane.run(estimate: 0.9) { order.add("newcomer") } }
        try await Self.waitUntil { lane.load.waiting == 2 }
        gate.open()
        try await holder.value
        try await waited.value
        try await newcomer.value
        #expect(order.all == ["waited", "newcomer"])
    }

    @Test func idleThreadsEnd() async throws {
        let lane = Lane(name: "test", width: 3, linger: 0.2)
        let alive = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<3 { group.addTask { try await lane.run(estimate: 0.01) { Thread.sleep(forTimeInterval: 0.02); return lane.threadCount } } }
            return try await group.reduce(0) { max($0, $1) }
        }
        #expect((1...3).contains(alive))
        try await Self.waitUntil { lane.threadCount == 0 }
        // And start again when work comes.
        #expect(try await lane.run(estimate: 0.01) { 42 } == 42)
    }

    @Test func anErrorReachesTheCaller() async throws {
        struct Failure: Error {}
        let lane = Lane(name: "test", width: 1)
        await #expect(throws: Failure.self) { try await lane.run(estimate: 0.01) { throw Failure() } }
    }
}

/// A counter shared by a lane's threads.
final class ManagedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func add(_ delta: Int) -> Int { lock.withLock { value += delta; return value } }
}

#if os(Linux)
import Glibc

/// The expensive lane's threads yield the cores to the rest of the server.
struct LanePriorityTests {
    @Test func aLanesThreadsRunAtItsLowerPriority() async throws {
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        // Absolute, from the process's nice value: not from whichever thread queued the work.
        let base = getpriority(which, id_t(getpid()))
        let plain = try await Lane(name: "plain", width: 1).run(estimate: 0.01) { getpriority(which, 0) }
        let lowered = try await Lane(name: "lowered", width: 1, niceness: 5).run(estimate: 0.01) { getpriority(which, 0) }
        #expect(plain == base)
        #expect(lowered == min(19, base + 5))
    }
}
#endif
