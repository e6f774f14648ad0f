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
