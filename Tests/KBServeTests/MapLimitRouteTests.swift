import Foundation
import Hummingbird
import HummingbirdTesting
import KBCore
import Testing
@testable import KBServe

/// The server's bounds on gap maps (review B1, m1, m3): a map above the cell limit is refused
/// 400 `map-too-large` before it is drawn; kept maps are bounded by their cells; spellings of one
/// query share one drawing; an older version neither resets the cache nor is kept; at most two
/// maps are drawn at once.
struct MapLimitRouteTests {
    @Test func aMapAboveTheLimitIsAnswered400MapTooLarge() async throws {
        // The seeds' cohort × boundary has 4 × 5 known values: one cell over this limit.
        var configuration = ServeConfiguration()
        configuration.maximumMapCells = 19
        try await ServeFixture.withClient(configuration) { client in
            try await client.execute(uri: "/api/map?rows=cohort&cols=boundary", method: .get) { response in
                #expect(response.status == .badRequest)
                let error = try #require(try response.json()["error"] as? [String: Any])
                #expect(error["id"] as? String == "map-too-large")
                let message = try #require(error["message"] as? String)
                #expect(message.contains("cohort × boundary would be 4 × 5 = 20 cells") && message.contains("cells, more than the 19 a map draws"))
                #expect((error["help"] as? String)?.contains("a field with fewer values") == true)
            }
            try await client.execute(uri: "/map?rows=cohort&cols=boundary", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("more than the 19 a map draws"))
            }
            // A small map still draws.
            try await client.execute(uri: "/api/map?rows=cohort&cols=preregistered", method: .get) { response in
                #expect(response.status == .ok, "\(response.text)")
            }
        }
        #expect(OpenAPIDocument.json.contains("map-too-large"))
    }

    @Test func keptMapsAreBoundedByTheirCells() async throws {
        let service = try ServeFixture.service()
        let cells = try { let map = try service.map(rows: "cohort", columns: "boundary", query: nil); return map.rowValues.count * map.columnValues.count }()
        // Room for one such map, not two: each new query's map pushes the other out.
        var configuration = ServeConfiguration()
        configuration.keptMapCells = cells + cells / 2
        let server = KBServer(service: service, configuration: configuration)
        try await server.application().test(.router) { client in
            for uri in ["/api/map", "/api/map", "/api/map?q=claims%20where%20year%20%3E%3D%202020", "/api/map"] {
                try await client.execute(uri: uri, method: .get) { #expect($0.status == .ok) }
            }
            #expect(await server.maps.computed == 3)
        }
        // A map larger than the whole capacity is drawn for its request and not kept.
        configuration.keptMapCells = cells - 1
        let small = KBServer(service: service, configuration: configuration)
        try await small.application().test(.router) { client in
            for _ in 0..<3 { try await client.execute(uri: "/api/map", method: .get) { #expect($0.status == .ok) } }
            #expect(await small.maps.computed == 3)
        }
    }

    @Test func spellingsOfOneMapShareOneDrawing() async throws {
        let server = KBServer(service: try ServeFixture.service(), configuration: ServeConfiguration())
        try await server.application().test(.router) { client in
            let uris = ["/api/map?rows=cohort&cols=boundary&q=claims%20where%20year%3E%3D2020",
                        "/api/map?rows=cohort&cols=boundary&q=claims%20%20where%20year%20%3E%3D%202020%20",
                        "/api/map?rows=Cohort&cols=boundary&q=where%20year%20%3E%3D%202020"]
            var bodies = Set<String>()
            for uri in uris { bodies.insert(try await client.execute(uri: uri, method: .get) { $0.text }) }
            #expect(bodies.count == 1)
            #expect(await server.maps.computed == 1)
        }
    }

    @Test func anOlderVersionNeitherResetsNorFillsTheCache() async throws {
        let maps = try MapCacheTests.Maps()
        let cache = StateCache<MapKey, GapMap>()
        let key = MapKey(rows: "cohort", columns: "boundary", query: "")
        let older = ContentVersion(change: 4, importRun: 2)
        let newer = ContentVersion(change: 5, importRun: 2)
        #expect(try await cache.value(key, version: newer) { maps.named("newer") }.query == "newer")
        // A request that read its version before the write: its own answer, computed, not kept.
        #expect(try await cache.value(key, version: older) { maps.named("older") }.query == "older")
        #expect(try await cache.value(key, version: newer) { maps.named("again") }.query == "newer")
        #expect(await cache.computed == 2)
        #expect(StateCache<MapKey, GapMap>.isOlder(older, than: newer))
        #expect(!StateCache<MapKey, GapMap>.isOlder(newer, than: older))
        #expect(StateCache<MapKey, GapMap>.isOlder(ContentVersion(change: 5, importRun: 1), than: newer))
        #expect(!StateCache<MapKey, GapMap>.isOlder(newer, than: newer))
    }

    @Test func atMostTwoDrawingsAtOnce() async throws {
        let slots = DrawingSlots(width: 2)
        let done = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<8 {
                group.addTask {
                    try await slots.run {
                        try await Task.sleep(for: .milliseconds(30))
                        return index
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(done.sorted() == Array(0..<8))
        #expect(await slots.mostBusy == 2)
    }
}
