import Foundation
import Hummingbird
import HummingbirdTesting
import KBCore
import Testing
@testable import KBServe

/// Trial 9 bug 7: TRACE on a known path is 405 with `Allow` (it was 404), and a `page` outside
/// the documented range is 400 even without a query (it was a 303 home).
struct MethodAndPageLimitRouteTests {
    @Test func traceIs405WithAllow() async throws {
        try await ServeFixture.withClient { client in
            try await client.execute(uri: "/api/query?q=claims", method: .trace) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
            }
        }
    }

    /// Review 13 m1: any method a served path does not answer is 405 with that path's `Allow`,
    /// methods kb has never heard of included; an unknown path stays 404.
    @Test func anyOtherMethodIs405WithAllow() async throws {
        try await ServeFixture.withClient(WriteRouteTests.writing) { client in
            let cases: [(String, String, String)] = [
                ("PROPFIND", "/api/query?q=claims", "GET, HEAD"), ("LINK", "/api/query?q=claims", "GET, HEAD"),
                ("PURGE", "/claims/page-cohort-outcomes-differ", "GET, HEAD"), ("PUT", "/claims/page-cohort-outcomes-differ", "GET, HEAD"),
                ("DELETE", "/login", "GET, HEAD, POST"), ("PROPFIND", "/claims/page-cohort-outcomes-differ/remove", "POST"),
            ]
            for (name, uri, allow) in cases {
                let method = try #require(HTTPRequest.Method(name))
                try await client.execute(uri: uri, method: method) { response in
                    #expect(response.status == .methodNotAllowed, "\(name) \(uri)")
                    #expect(response.headers[.allow] == allow, "\(name) \(uri)")
                }
            }
            try await client.execute(uri: "/no/such/path", method: try #require(HTTPRequest.Method("PROPFIND"))) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/no/such/path", method: .get) { #expect($0.status == .notFound) }
            // A handler's own 404 (no such claim) stays 404.
            try await client.execute(uri: "/claims/no-such-claim", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test func aPageAboveTheMaximumIs400WithOrWithoutAQuery() async throws {
        try await ServeFixture.withClient { client in
            for uri in ["/query?page=201", "/query?page=0", "/query?q=claims&page=201", "/query?page=99999999999999999999"] {
                try await client.execute(uri: uri, method: .get) { #expect($0.status == .badRequest, "\(uri)") }
            }
            // In range and without a query: home, as before.
            try await client.execute(uri: "/query?page=3", method: .get) { #expect($0.status == .seeOther) }
        }
    }
}
