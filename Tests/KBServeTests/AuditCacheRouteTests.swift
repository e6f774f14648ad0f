import Foundation
import Hummingbird
import HummingbirdTesting
import KBCore
import Testing
@testable import KBServe

/// The audit page and `/api/audit`: computed in the background once per state of the
/// knowledge base, 503 with `Retry-After` while it runs, served from memory afterwards, and
/// computed again after a write.
struct AuditCacheRouteTests {
    @Test func theAuditIsComputedOncePerStateAndAgainAfterAWrite() async throws {
        let service = try ServeFixture.service()
        let expected = try service.auditJSON()
        let server = KBServer(service: service, configuration: WriteRouteTests.writing)
        try await server.application().test(.router) { client in
            // A small KB's audit is done within the request's wait: answered at once.
            try await client.execute(uri: "/api/audit", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text == expected)
            }
            try await client.execute(uri: "/audit", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("<h1>Audit</h1>"))
            }
            try await client.execute(uri: "/api/audit", method: .get) { #expect($0.text == expected) }
            // Three requests, one computation: the page and the JSON come from the same one.
            #expect(await server.audits.computed == 1)

            // A write changes the KB: the next request computes the audit again, and its answer
            // is the audit of the KB as it is now.
            let added = try await WriteRouteTests.json(client, "/api/claims", .post, MapCacheRouteTests.olderClaim)
            #expect(added.status == 201)
            let afterWrite = try service.auditJSON()
            try await client.execute(uri: "/api/audit", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text == afterWrite)
            }
            #expect(await server.audits.computed == 2)
            try await client.execute(uri: "/audit", method: .get) { #expect($0.status == .ok) }
            #expect(await server.audits.computed == 2)
        }
    }

    @Test func whileTheAuditRunsTheAnswerIs503WithRetryAfter() async throws {
        var configuration = ServeConfiguration()
        // No request waits: the first one starts the computation and is answered at once.
        configuration.auditWait = 0
        let service = try ServeFixture.service()
        let server = KBServer(service: service, configuration: configuration)
        try await server.application().test(.router) { client in
            try await client.execute(uri: "/api/audit", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let seconds = try #require(response.headers[.retryAfter].flatMap { Int($0) })
                #expect((5...300).contains(seconds))
                let error = try #require(try response.json()["error"] as? [String: Any])
                #expect(error["id"] as? String == "audit-computing")
                let message = try #require(error["message"] as? String)
                #expect(message.contains("the audit of this knowledge base is being computed; it started at "))
                #expect(message.range(of: #"started at \d\d:\d\d:\d\d UTC"#, options: .regularExpression) != nil)
            }
            // Then, once it is done, both routes serve it (polling as a client told to retry would).
            var status = HTTPResponse.Status.serviceUnavailable
            for _ in 0..<200 where status == .serviceUnavailable {
                status = try await client.execute(uri: "/audit", method: .get) { response in
                    if response.status == .serviceUnavailable {
                        #expect(response.headers[.retryAfter] != nil)
                        #expect(response.text.contains("is being computed"))
                    }
                    return response.status
                }
                if status == .serviceUnavailable { try await Task.sleep(nanoseconds: 50_000_000) }
            }
            #expect(status == .ok)
            let expected = try service.auditJSON()
            try await client.execute(uri: "/api/audit", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text == expected)
            }
            #expect(await server.audits.computed == 1)
        }
    }

    @Test func theReportsJSONIsTheAuditsJSON() throws {
        let service = try ServeFixture.service()
        #expect(try KBService.auditJSON(of: service.auditReport()) == service.auditJSON())
    }
}

/// Half a map is refused, naming the field that is missing; no field at all is the default map.
struct MapParameterRouteTests {
    @Test(arguments: [("/api/map?rows=cohort", "cols"), ("/api/map?cols=boundary", "rows"), ("/api/map?rows=cohort&cols=%20", "cols")])
    func aMapWithOneFieldIs400(path: String, missing: String) async throws {
        try await ServeFixture.withClient { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .badRequest)
                let error = try #require(try response.json()["error"] as? [String: Any])
                #expect((error["message"] as? String)?.hasPrefix("the parameter '\(missing)' is missing") == true)
                #expect((error["help"] as? String)?.contains("\(missing)=") == true)
            }
        }
    }

    @Test func thePageSaysSoToo() async throws {
        try await ServeFixture.withClient { client in
            try await client.execute(uri: "/map?rows=design", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("the parameter &#39;cols&#39; is missing"))
                // The form is shown again with what was typed.
                #expect(response.text.contains("<option selected>design</option>"))
            }
            try await client.execute(uri: "/api/map", method: .get) { #expect($0.status == .ok) }
            let expected = MapRenderer(format: .json).render(try ServeFixture.service().map(rows: "design", columns: "cohort", query: nil))
            try await client.execute(uri: "/api/map?rows=design&cols=cohort", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text == expected)
            }
        }
    }
}

/// `/claims/ID` where ID names a taxonomy node (or a source): 404, pointing at its page.
struct NotAClaimRouteTests {
    @Test func aNodesIdAsAClaimLinksToTheNode() async throws {
        try await ServeFixture.withClient { client in
            try await client.execute(uri: "/claims/older-workers", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.text.contains("is the cohort older-workers"))
                #expect(response.text.contains("Did you mean <a href=\"/nodes/cohort/older-workers\">the cohort older-workers</a>?"))
            }
            try await client.execute(uri: "/api/claims/cohort:older-workers", method: .get) { response in
                #expect(response.status == .notFound)
                let error = try #require(try response.json()["error"] as? [String: Any])
                #expect(error["id"] as? String == "not-found")
                #expect(error["help"] as? String == "its page is /nodes/cohort/older-workers")
            }
            try await client.execute(uri: "/claims/noy2023experimental", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.text.contains("<a href=\"/sources/noy2023experimental\">the source noy2023experimental</a>"))
            }
            // An id that names nothing keeps the plain 404.
            try await client.execute(uri: "/claims/no-such-thing", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(!response.text.contains("Did you mean"))
            }
        }
    }
}

/// `--access-log FILE`: one line per request with its query string, status and milliseconds.
struct AccessLogTests {
    @Test func everyRequestIsOneLine() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kb-access-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = try AccessLog(path: path)
        var configuration = ServeConfiguration()
        configuration.accessLog = log
        try await ServeFixture.withClient(configuration) { client in
            try await client.execute(uri: "/api/query?q=claims%20limit%202", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/claims/no-such-thing", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/map?rows=cohort", method: .get) { #expect($0.status == .badRequest) }
        }
        log.close()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(lines.count == 3)
        #expect(lines.map { $0.count } == [5, 5, 5])
        #expect(lines.map { $0[1] } == ["GET", "GET", "GET"])
        #expect(lines.map { $0[2] } == ["/api/query?q=claims%20limit%202", "/claims/no-such-thing", "/api/map?rows=cohort"])
        #expect(lines.map { $0[3] } == ["200", "404", "400"])
        #expect(lines.allSatisfy { Double($0[4]).map { $0 >= 0 } == true })
        #expect(lines.allSatisfy { $0[0].hasSuffix("Z") && $0[0].contains("T") })
    }

    @Test func aTargetWithSpacesOrNewlinesStaysOneLine() {
        let line = AccessLog.line(method: "GET", target: "/a b\nc\td", status: 200, milliseconds: 1.5, at: Date(timeIntervalSince1970: 0))
        #expect(line == "1970-01-01T00:00:00.000Z GET /a%20b%0Ac%09d 200 1.5\n")
    }

    @Test func aFlushWritesTheBufferAndAReopenedLogAppends() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kb-access-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = try AccessLog(path: path)
        log.record(method: "GET", target: "/", status: 200, milliseconds: 1)
        log.flushNow()
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasSuffix(" GET / 200 1.0\n"))
        // Appends: a second log on the same file keeps the first one's lines.
        log.close()
        let again = try AccessLog(path: path)
        again.record(method: "POST", target: "/api/claims", status: 201, milliseconds: 2)
        again.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count == 2)
    }
}
