import Foundation
import Hummingbird
import HummingbirdTesting
import KBCore
import Testing
@testable import KBServe

/// The gap maps: drawn once per state of the knowledge base, drawn again after any write (the
/// server's own or another process's), and under their own time limit.
struct MapCacheRouteTests {
    static func total(_ response: TestResponse) throws -> Int {
        try #require((try response.json()["total"] as? [String: Any])?["count"] as? Int)
    }

    static let olderClaim = #"{"fields": {"id": "map-cache-claim", "statement": "Counted on the map.", "about": ["cohort:older-workers", "boundary:eeoc"]}}"#

    @Test func aMapIsDrawnOncePerStateAndAgainAfterAWrite() async throws {
        let service = try ServeFixture.service()
        let server = KBServer(service: service, configuration: WriteRouteTests.writing)
        try await server.application().test(.router) { client in
            let first = try await client.execute(uri: "/api/map", method: .get) { try Self.total($0) }
            try await client.execute(uri: "/", method: .get) { #expect($0.text.contains("<table class=\"map-table\">")) }
            let again = try await client.execute(uri: "/api/map", method: .get) { try Self.total($0) }
            #expect(again == first)
            // The home page and /api/map ask for the same map: drawn once for both.
            #expect(await server.maps.computed == 1)

            // A write through the server (--write) changes the KB: the map is drawn again and counts it.
            let added = try await WriteRouteTests.json(client, "/api/claims", .post, Self.olderClaim)
            #expect(added.status == 201)
            let afterWrite = try await client.execute(uri: "/api/map", method: .get) { response in
                let expected = MapRenderer(format: .json).render(try service.map(rows: "cohort", columns: "boundary", query: nil))
                #expect(response.text == expected)
                return try Self.total(response)
            }
            #expect(afterWrite == first + 1)
            #expect(await server.maps.computed == 2)
            // The home page's counts too: read again, with the new claim.
            #expect(await server.homeParts.computed == 1)
            let claims = try #require(try service.statistics().first { $0.0 == "claims" }?.1)
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.text.contains("<dt>claims</dt><dd>\(claims)</dd>"))
                #expect(!response.text.contains(service.path))
            }
            #expect(await server.homeParts.computed == 2)
            #expect(await server.maps.computed == 2)

            // So does a write by someone else on the same file (here: the facade, as `kb edit` would).
            _ = try service.remove("map-cache-claim", cascade: false, options: CurationOptions(context: ChangeContext(author: "other", command: "remove")))
            let total = MapPage.text(try service.map(rows: "cohort", columns: "boundary", query: nil).total)
            try await client.execute(uri: "/map", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("<td>\(total)</td></tr>"))
            }
            #expect(try await client.execute(uri: "/api/map", method: .get) { try Self.total($0) } == first)
            #expect(await server.maps.computed == 3)
        }
    }

    @Test func mapsRunUnderTheirOwnLimit() async throws {
        // A subject's map: more SQLite steps than an instant limit allows (the whole-KB map of
        // the seeds finishes before the limit is first looked at).
        let api = URLText.link("/api/map", [("q", "claims for ml-platform-engineer")])
        let page = URLText.link("/map", [("q", "claims for ml-platform-engineer")])
        var configuration = ServeConfiguration()
        configuration.timeLimit = 1e-9
        try await ServeFixture.withClient(configuration) { client in
            // A query is stopped at once; the map gets the maps' own limit.
            try await client.execute(uri: "/api/query?q=claims", method: .get) { #expect($0.status == .serviceUnavailable) }
            try await client.execute(uri: api, method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: page, method: .get) { #expect($0.status == .ok) }
        }
        configuration.mapTimeLimit = 1e-9
        try await ServeFixture.withClient(configuration) { client in
            try await client.execute(uri: api, method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let error = try #require(try response.json()["error"] as? [String: Any])
                #expect(error["id"] as? String == "time-limit")
                #expect((error["message"] as? String)?.contains("(0.000 s)") == true)
            }
            try await client.execute(uri: page, method: .get) { #expect($0.status == .serviceUnavailable) }
        }
        #expect(ServeConfiguration().mapLimit == 30)
        #expect(ServeConfiguration(timeLimit: 45).mapLimit == 45)
    }
}

/// The cache on its own: one drawing per key and version, shared by concurrent requests; a
/// failed drawing is not kept.
struct MapCacheTests {
    /// A map told apart by its query text (the cache never reads what it keeps).
    final class Maps: Sendable {
        let base: GapMap
        init() throws { base = try ServeFixture.service().map(rows: "cohort", columns: "boundary", query: nil) }
        func named(_ name: String) -> GapMap {
            var map = base
            map.query = name
            return map
        }
    }

    @Test func oneDrawingPerKeyAndVersion() async throws {
        let maps = try Maps()
        let cache = StateCache<MapKey, GapMap>(capacity: 2)
        let key = MapKey(rows: "cohort", columns: "boundary", query: "")
        let v1 = ContentVersion(change: 1, importRun: 0)
        let v2 = ContentVersion(change: 2, importRun: 0)
        #expect(try await cache.value(key, version: v1) { maps.named("one") }.query == "one")
        #expect(try await cache.value(key, version: v1) { maps.named("two") }.query == "one")
        #expect(try await cache.value(key, version: v2) { maps.named("three") }.query == "three")
        #expect(await cache.computed == 2)
        // Beyond the capacity the oldest drawing goes.
        for query in ["a", "b"] { _ = try await cache.value(MapKey(rows: "cohort", columns: "boundary", query: query), version: v2) { maps.named(query) } }
        #expect(try await cache.value(key, version: v2) { maps.named("four") }.query == "four")
        // A map forgotten (too large to keep) is drawn again.
        await cache.forget(key)
        #expect(try await cache.value(key, version: v2) { maps.named("five") }.query == "five")
    }

    @Test func aFailedDrawingIsNotKept() async throws {
        struct Stopped: Error {}
        let maps = try Maps()
        let cache = StateCache<MapKey, GapMap>()
        let key = MapKey(rows: "cohort", columns: "boundary", query: "")
        let version = ContentVersion(change: 1, importRun: 1)
        await #expect(throws: Stopped.self) { try await cache.value(key, version: version) { throw Stopped() } }
        #expect(try await cache.value(key, version: version) { maps.named("after") }.query == "after")
        #expect(await cache.computed == 2)
    }

    @Test func concurrentRequestsShareOneDrawing() async throws {
        let maps = try Maps()
        let cache = StateCache<MapKey, GapMap>()
        let key = MapKey(rows: "cohort", columns: "boundary", query: "")
        let version = ContentVersion(change: 7, importRun: 0)
        let titles = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<8 {
                group.addTask {
                    try await cache.value(key, version: version) {
                        try await Task.sleep(for: .milliseconds(200))
                        return maps.named("drawing \(index)")
                    }.query
                }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(titles.count == 1)
        #expect(await cache.computed == 1)
    }
}
