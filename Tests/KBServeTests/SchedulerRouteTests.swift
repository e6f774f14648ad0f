import Foundation
import Hummingbird
import HummingbirdTesting
import KBCore
import Testing
@testable import KBServe

/// The lanes seen through the routes: a record page is answered while every thread of the
/// expensive lane is held; a query nobody has measured waits for that lane, and once measured
/// short runs in the cheap one.
struct SchedulerRouteTests {
    static let narrow: ServeConfiguration = {
        var configuration = ServeConfiguration()
        configuration.lanes = LaneWidths(expensive: 1, cheap: 1)
        // The wait in the queue counts toward the limit: long enough for a loaded machine.
        configuration.timeLimit = 300
        return configuration
    }()

    static let query = "/api/query?q=" + URLText.encode("claims where cohort=older-workers")

    /// Holds the expensive lane's one thread until the returned gate opens.
    static func hold(_ server: KBServer) async throws -> (LaneTests.Gate, Task<Void, any Error>) {
        let gate = LaneTests.Gate()
        let holder = Task { try await server.scheduler.expensive.run(estimate: 60) { gate.wait() } }
        try await LaneTests.waitUntil { server.scheduler.expensive.load.running == 1 }
        return (gate, holder)
    }

    @Test func aRecordPageIsAnsweredWhileTheExpensiveLaneIsFull() async throws {
        let server = KBServer(service: try ServeFixture.service(), configuration: Self.narrow)
        try await server.application().test(.router) { client in
            let (gate, holder) = try await Self.hold(server)
            defer { gate.open() }
            for uri in ["/claims/page-cohort-outcomes-differ", "/sources/noy2023experimental", "/nodes/cohort/older-workers", "/api/claims/page-cohort-outcomes-differ"] {
                try await client.execute(uri: uri, method: .get) { #expect($0.status == .ok) }
            }
            // All answered while the expensive lane was still held.
            #expect(server.scheduler.expensive.load.running == 1)
            gate.open()
            try await holder.value
        }
    }

    @Test func anUnmeasuredQueryWaitsForTheExpensiveLaneAndOnceMeasuredShortDoesNot() async throws {
        let server = KBServer(service: try ServeFixture.service(), configuration: Self.narrow)
        try await server.application().test(.router) { client in
            let (gate, holder) = try await Self.hold(server)
            defer { gate.open() }
            let answered = LaneTests.Record()
            let first = Task {
                try await client.execute(uri: Self.query, method: .get) { response in
                    answered.add("first")
                    #expect(response.status == .ok)
                }
            }
            try await LaneTests.waitUntil { server.scheduler.expensive.load.waiting == 1 }
            try await Task.sleep(nanoseconds: 200_000_000)
            #expect(answered.all.isEmpty)
            gate.open()
            try await holder.value
            try await first.value
            #expect(answered.all == ["first"])
            // Measured (a few milliseconds on the seeds): now in the cheap lane, answered while
            // the expensive lane is held again.
            let cost = try #require(server.scheduler.costs.cost(of: "GET " + Self.query))
            #expect(cost.seconds <= RequestScheduler.cheapLimit)
            #expect(!cost.cheap)
            let (again, holderAgain) = try await Self.hold(server)
            defer { again.open() }
            try await client.execute(uri: Self.query, method: .get) { #expect($0.status == .ok) }
            #expect(server.scheduler.expensive.load.running == 1)
            again.open()
            try await holderAgain.value
        }
    }

    @Test func theResultsPageRunsItsQueryAndFacetsInOneTurn() async throws {
        let server = KBServer(service: try ServeFixture.service(), configuration: Self.narrow)
        try await server.application().test(.router) { client in
            try await client.execute(uri: "/query?q=" + URLText.encode("claims where cohort=older-workers"), method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("class=\"facets\""))
            }
            #expect(server.scheduler.expensive.served == 1)
            #expect(server.scheduler.cheap.served == 0)
        }
    }

    @Test func theLaneOfARequest() throws {
        let scheduler = RequestScheduler(widths: LaneWidths(expensive: 2, cheap: 4))
        func ticket(_ target: String, _ method: HTTPRequest.Method = .get) -> Ticket {
            scheduler.ticket(method: method, path: String(target.prefix { $0 != "?" }), key: "\(method.rawValue) \(target)")
        }
        for path in ["/claims/a", "/sources/b", "/nodes/role/c", "/changes", "/", "/audit", "/api/claims/a", "/api/sources/b", "/api/audit"] {
            #expect(ticket(path).kind == .cheap, "\(path)")
            #expect(ticket(path).estimate == RequestScheduler.recordCost)
        }
        for path in ["/query?q=claims", "/api/query?q=claims", "/api/export?q=claims&style=apa", "/map", "/api/map"] {
            #expect(ticket(path).kind == .expensive, "\(path)")
            #expect(ticket(path).estimate == RequestScheduler.unknownCost)
        }
        #expect(ticket("/api/claims", .post).kind == .expensive)
        #expect(ticket("/claims/a/edit", .post).kind == .expensive)

        // Measured: by its cost, whatever the route.
        let limit = RequestScheduler.cheapLimit
        scheduler.costs.remember("GET /query?q=claims", .init(seconds: 0.004, cheap: false))
        #expect(ticket("/query?q=claims").kind == .cheap)
        #expect(ticket("/query?q=claims").estimate == 0.004)
        #expect(ticket("/query?q=claims&page=2").kind == .expensive)
        scheduler.costs.remember("GET /sources/b", .init(seconds: 2.5, cheap: true))
        #expect(ticket("/sources/b").kind == .expensive)
        #expect(ticket("/sources/b").estimate == 2.5)
        // Measured in the expensive lane: cheap only at the limit or below.
        scheduler.costs.remember("GET /query?q=claims", .init(seconds: limit * 1.5, cheap: false))
        #expect(ticket("/query?q=claims").kind == .expensive)
        scheduler.costs.remember("GET /query?q=claims", .init(seconds: limit, cheap: false))
        #expect(ticket("/query?q=claims").kind == .cheap)
        // Measured in the cheap lane: stays there up to twice the limit.
        scheduler.costs.remember("GET /query?q=claims", .init(seconds: limit * 1.5, cheap: true))
        #expect(ticket("/query?q=claims").kind == .cheap)
        scheduler.costs.remember("GET /query?q=claims", .init(seconds: limit * 2.1, cheap: true))
        #expect(ticket("/query?q=claims").kind == .expensive)
    }

    @Test func costsAreForgottenWhenTheKnowledgeBaseChanges() throws {
        let memory = CostMemory(capacity: 3)
        let first = ContentVersion(change: 1, importRun: 1)
        memory.observe(first)
        memory.remember("a", .init(seconds: 1, cheap: true))
        memory.observe(first)
        #expect(memory.cost(of: "a")?.seconds == 1)
        memory.observe(ContentVersion(change: 2, importRun: 1))
        #expect(memory.cost(of: "a") == nil)
        memory.remember("a", .init(seconds: 1, cheap: true))
        memory.forget()
        #expect(memory.count == 0)
        // Bounded: a fourth key forgets the oldest one only.
        for key in ["a", "b", "c"] { memory.remember(key, .init(seconds: 1, cheap: true)) }
        memory.remember("b", .init(seconds: 2, cheap: false))
        #expect(memory.count == 3)
        memory.remember("d", .init(seconds: 1, cheap: true))
        #expect(memory.count == 3)
        #expect(memory.cost(of: "a") == nil)
        #expect(memory.cost(of: "b")?.seconds == 2)
        #expect(memory.cost(of: "d")?.seconds == 1)
        for key in (0..<50).map({ "k\($0)" }) { memory.remember(key, .init(seconds: 1, cheap: true)) }
        #expect(memory.count == 3)
        #expect(["k47", "k48", "k49"].allSatisfy { memory.cost(of: $0) != nil })
    }

    @Test func longKeysAreNotRemembered() {
        let memory = CostMemory(capacity: 3)
        let long = "GET /api/query?q=" + String(repeating: "x", count: CostMemory.longestKey)
        memory.remember(long, .init(seconds: 1, cheap: true))
        #expect(memory.count == 0)
        let fits = String(repeating: "y", count: CostMemory.longestKey)
        memory.remember(fits, .init(seconds: 1, cheap: true))
        #expect(memory.cost(of: fits) != nil)
    }

    /// A request that started before a change measured the old state: not remembered.
    @Test func aCostMeasuredBeforeAChangeIsDropped() {
        let memory = CostMemory()
        let before = memory.generation
        memory.forget()
        memory.remember("a", .init(seconds: 1, cheap: true), generation: before)
        #expect(memory.cost(of: "a") == nil)
        memory.remember("a", .init(seconds: 1, cheap: true), generation: memory.generation)
        #expect(memory.cost(of: "a") != nil)
        let again = memory.generation
        memory.observe(ContentVersion(change: 9, importRun: 9))
        memory.remember("b", .init(seconds: 1, cheap: true), generation: again)
        #expect(memory.cost(of: "b") == nil)
    }

    /// Only answers that say what the request costs are remembered: not a 400, not a write.
    @Test func errorsAndWritesAreNotRemembered() async throws {
        let server = KBServer(service: try ServeFixture.service(), configuration: WriteRouteTests.writing)
        try await server.application().test(.router) { client in
            let bad = "/api/query?q=" + URLText.encode("claims where")
            try await client.execute(uri: bad, method: .get) { #expect($0.status == .badRequest) }
            #expect(server.scheduler.costs.cost(of: "GET " + bad) == nil)
            let added = try await WriteRouteTests.json(client, "/api/claims", .post, MapCacheRouteTests.olderClaim)
            #expect(added.status == 201)
            #expect(server.scheduler.costs.cost(of: "POST /api/claims") == nil)
            #expect(server.scheduler.costs.count == 0)
        }
    }

    @Test func aWriteThroughTheServerForgetsTheCosts() async throws {
        let server = KBServer(service: try ServeFixture.service(), configuration: WriteRouteTests.writing)
        try await server.application().test(.router) { client in
            try await client.execute(uri: Self.query, method: .get) { #expect($0.status == .ok) }
            #expect(server.scheduler.costs.cost(of: "GET " + Self.query) != nil)
            let added = try await WriteRouteTests.json(client, "/api/claims", .post, MapCacheRouteTests.olderClaim)
            #expect(added.status == 201)
            #expect(server.scheduler.costs.cost(of: "GET " + Self.query) == nil)
        }
    }
}
