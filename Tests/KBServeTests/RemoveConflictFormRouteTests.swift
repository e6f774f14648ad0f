import Foundation
import Hummingbird
import HummingbirdTesting
import KBCore
import Testing
@testable import KBServe

/// Trial 9 bug 4: the remove form's 409 shows the form again — the current version, the cascade
/// box — in the form's words, not the API's "if_version" and "cascade=yes".
struct RemoveConflictFormRouteTests {
    @Test func aRefusedRemovalShowsTheFormAgain() async throws {
        let service = try ServeFixture.service()
        let from = ClaimLinksRouteTests.from
        try await ServeFixture.withClient(WriteRouteTests.writing, service: service) { client in
            let linked = try await WriteRouteTests.json(client, "/api/claims/\(from)/links", .post, #"{"kind": "supports", "to": "\#(ClaimLinksRouteTests.to)"}"#)
            #expect(linked.status == 201)
            let version = try #require(try service.curator.record(from)?.version)
            let (cookie, token) = try await WriteRouteTests.token(client, "/claims/\(from)")
            // Depended on: the form again, its box ticked, at the current version.
            try await WriteRouteTests.post(client, "/claims/\(from)/remove", cookie: cookie, [("_csrf", token), ("_if_version", String(version))]) { response in
                #expect(response.status == .conflict)
                #expect(response.text.contains("action=\"/claims/\(from)/remove\""), "\(response.text)")
                #expect(response.text.contains("name=\"_if_version\" value=\"\(version)\""), "\(response.text)")
                #expect(response.text.contains("name=\"cascade\" value=\"yes\" checked"), "\(response.text)")
                #expect(response.text.contains("with what depends on it\u{201D} below"), "\(response.text)")
                #expect(!response.text.contains("cascade=yes") && !response.text.contains("--cascade"), "\(response.text)")
            }
            // Stale: the form again at the version it is now.
            try await WriteRouteTests.post(client, "/claims/\(from)/remove", cookie: cookie,
                                           [("_csrf", token), ("_if_version", String(version + 5)), ("cascade", "yes")]) { response in
                #expect(response.status == .conflict)
                #expect(response.text.contains("name=\"_if_version\" value=\"\(version)\""), "\(response.text)")
                #expect(response.text.contains("remove it as it is now (version \(version)) with the form below"), "\(response.text)")
                #expect(!response.text.contains("&quot;if_version&quot;") && !response.text.contains("--if-version"), "\(response.text)")
            }
        }
        #expect(try service.curator.record(from) != nil)
    }
}
