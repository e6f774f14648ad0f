import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import KBServe

/// A lane's waiting jobs: answered at their deadline while every thread is busy, refused when
/// too many wait, and taken out of the queue when their caller is cancelled (review 10, M1, M2).
struct LaneDeadlineTests {
    static func deadline(in seconds: Double) -> UInt64 {
        DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
    }

    /// Holds `lane`'s one thread until the returned gate opens.
    static func hold(_ lane: Lane) async throws -> (LaneTests.Gate, Task<Void, any Error>) {
        let gate = LaneTests.Gate()
        let holder = Task { try await lane.run(estimate: 60) { gate.wait() } }
        try await LaneTests.waitUntil { lane.load.running == 1 }
        return (gate, holder)
    }

    @Test func aWaitingJobIsRefusedAtItsDeadlineWhileTheLaneIsHeld() async throws {
        let lane = Lane(name: "test", width: 1)
        let (gate, holder) = try await Self.hold(lane)
        defer { gate.open() }
        let ran = ManagedCounter()
        let start = Date()
        await #expect(throws: Lane.Refusal.expired) {
            try await lane.run(estimate: 0.01, deadline: Self.deadline(in: 0.3)) { _ in _ = ran.add(1) }
        }
        // Answered while the holder still runs: at its deadline, not after the holder.
        #expect(lane.load.running == 1)
        #expect(Date().timeIntervalSince(start) >= 0.29)
        #expect(lane.load.waiting == 0)
        gate.open()
        try await holder.value
        #expect(ran.add(0) == 0)
        #expect(lane.served == 1)
    }

    @Test func aJobGetsTheTimeThatRemainsOfItsLimit() async throws {
        let lane = Lane(name: "test", width: 1)
        let (gate, holder) = try await Self.hold(lane)
        let job = Task { try await lane.run(estimate: 0.01, deadline: Self.deadline(in: 30)) { $0 } }
        try await LaneTests.waitUntil { lane.load.waiting == 1 }
        try await Task.sleep(nanoseconds: 300_000_000)
        gate.open()
        try await holder.value
        let remaining = try #require(try await job.value)
        #expect(remaining > 0 && remaining <= 29.7)
        // Without a deadline, no limit is passed.
        #expect(try await lane.run(estimate: 0.01, deadline: nil) { $0 } == nil)
    }

    @Test func aFullQueueRefusesAtOnce() async throws {
        let lane = Lane(name: "test", width: 1, capacity: 2)
        let (gate, holder) = try await Self.hold(lane)
        defer { gate.open() }
        let waiting = (0..<2).map { _ in Task { try await lane.run(estimate: 0.01) { 1 } } }
        try await LaneTests.waitUntil { lane.load.waiting == 2 }
        await #expect(throws: Lane.Refusal.full) { try await lane.run(estimate: 0.01) { 1 } }
        gate.open()
        try await holder.value
        for task in waiting { #expect(try await task.value == 1) }
    }

    @Test func aCancelledWaitingJobLeavesTheQueueAndNeverRuns() async throws {
        let lane = Lane(name: "test", width: 1)
        let (gate, holder) = try await Self.hold(lane)
        defer { gate.open() }
        let ran = ManagedCounter()
        let job = Task { try await lane.run(estimate: 0.01) { _ = ran.add(1) } }
        try await LaneTests.waitUntil { lane.load.waiting == 1 }
        job.cancel()
        await #expect(throws: CancellationError.self) { try await job.value }
        #expect(lane.load.waiting == 0)
        gate.open()
        try await holder.value
        #expect(ran.add(0) == 0)
        #expect(lane.served == 1)
        // A task cancelled before it queues does not queue either.
        let early = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await lane.run(estimate: 0.01) { _ = ran.add(1) }
        }
        await #expect(throws: CancellationError.self) { try await early.value }
        #expect(ran.add(0) == 0)
    }

    /// Through the routes: a query queued behind a held expensive lane is answered 503 with
    /// Retry-After at its time limit, while the holder still runs.
    @Test func aQueuedQueryIsAnswered503AtItsTimeLimit() async throws {
        var configuration = SchedulerRouteTests.narrow
        configuration.timeLimit = 0.3
        let server = KBServer(service: try ServeFixture.service(), configuration: configuration)
        try await server.application().test(.router) { client in
            let (gate, holder) = try await SchedulerRouteTests.hold(server)
            defer { gate.open() }
            let start = Date()
            try await client.execute(uri: SchedulerRouteTests.query, method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "1")
                #expect(response.text.contains("\"time-limit\""))
                #expect(response.text.contains("for its turn and was not run"))
            }
            #expect(Date().timeIntervalSince(start) < 30)
            #expect(server.scheduler.expensive.load.running == 1)
            // Never ran, so nothing was measured.
            #expect(server.scheduler.costs.cost(of: "GET " + SchedulerRouteTests.query) == nil)
            gate.open()
            try await holder.value
        }
    }
}
