import Foundation
import Hummingbird
import HummingbirdTesting
import KBCore
import Testing
@testable import KBServe

/// The statuses DESIGN §11 gives: a parameter present but invalid is 400 (never 422), a known
/// path asked with a method it does not answer is 405 with `Allow`, and a 409 speaks the API's
/// terms, not the command line's.
struct StatusRouteTests {
    @Test func invalidParametersAre400() async throws {
        try await ServeFixture.withClient { client in
            for uri in ["/api/map?rows=cohrt", "/api/map?rows=cohort&cols=cohort", "/api/map?rows=statement&cols=boundary",
                        "/api/map?q=claims%20limit%203", "/api/map?q=citations", "/api/query?q=claims&limit=abc", "/api/query?q=claims&offset=x",
                        "/api/export?q=claims&style=docx", "/api/changes?since=yesterday", "/api/query?q=%40no%2Fsuch"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .badRequest, "\(uri): \(response.text)")
                    #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                }
            }
            for uri in ["/map?rows=cohrt", "/query?q=claims&page=0", "/query?q=claims&page=x", "/changes?since=yesterday"] {
                try await client.execute(uri: uri, method: .get) { #expect($0.status == .badRequest, "\(uri)") }
            }
        }
    }

    @Test func aKnownPathWithAnotherMethodIs405WithAllow() async throws {
        try await ServeFixture.withClient { client in
            try await client.execute(uri: "/api/query?q=claims", method: .delete) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
                let error = try #require(try response.json()["error"] as? [String: Any])
                #expect(error["id"] as? String == "method-not-allowed")
            }
            // Without --write, an edit of a claim is a method its path does not answer.
            try await client.execute(uri: "/api/claims/page-cohort-outcomes-differ", method: .patch,
                                     headers: [.contentType: "application/json"], body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
            }
            try await client.execute(uri: "/", method: .post) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            }
            // HEAD is answered wherever GET is; an unknown path stays 404 whatever the method.
            try await client.execute(uri: "/claims/page-cohort-outcomes-differ", method: .head) { #expect($0.status == .ok) }
            try await client.execute(uri: "/no/such/page", method: .delete) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/nothing", method: .get) { #expect($0.status == .notFound) }
        }
        try await ServeFixture.withClient(WriteRouteTests.writing) { client in
            try await client.execute(uri: "/api/claims/page-cohort-outcomes-differ", method: .put) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD, PATCH, DELETE")
            }
            try await client.execute(uri: "/api/claims", method: .get) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
            }
        }
    }

    /// No 409 tells an API client to use a flag or a command of the CLI.
    static func expectAPIWording(_ object: [String: Any], mentions expected: String) throws {
        let message = try #require((object["error"] as? [String: Any])?["message"] as? String)
        #expect(!message.contains("--"), "\(message)")
        #expect(!message.contains("kb "), "\(message)")
        #expect(message.contains(expected), "\(message)")
    }

    @Test func conflictsSpeakTheAPIsTerms() async throws {
        let service = try ServeFixture.service()
        try await ServeFixture.withClient(WriteRouteTests.writing, service: service) { client in
            let added = try await WriteRouteTests.json(client, "/api/claims", .post,
                                                       #"{"fields": {"id": "wording-claim", "statement": "Worded for the API."}}"#)
            #expect(added.status == 201)
            let version = try #require(try service.curator.record("wording-claim")?.version)
            _ = try await WriteRouteTests.json(client, "/api/claims/wording-claim", .patch, #"{"fields": {"note": "one"}, "if_version": \#(version)}"#)
            let stale = try await WriteRouteTests.json(client, "/api/claims/wording-claim", .patch, #"{"fields": {"note": "two"}, "if_version": \#(version)}"#)
            #expect(stale.status == 409)
            try Self.expectAPIWording(stale.object, mentions: #"retry with "if_version": \#(version + 1)"#)
            let ahead = try await WriteRouteTests.json(client, "/api/claims/wording-claim", .patch, #"{"fields": {"note": "three"}, "if_version": 99}"#)
            #expect(ahead.status == 409)
            try Self.expectAPIWording(ahead.object, mentions: "\"if_version\"")

            // A source that claims cite: removed only with cascade.
            let cited = try await client.execute(uri: "/api/sources/noy2023experimental", method: .delete) { response in
                (response.status.code, try response.json())
            }
            #expect(cited.0 == 409)
            try Self.expectAPIWording(cited.1, mentions: "cascade=yes")

            // An edit undone after a later edit of the same field: undone only with force.
            let edits = try service.log(ChangeLog.Filter(record: "wording-claim"))
            let firstEdit = try #require(edits.first { $0.action == "edit" })
            _ = try await WriteRouteTests.json(client, "/api/claims/wording-claim", .patch, #"{"fields": {"note": "four"}}"#)
            let overridden = try await WriteRouteTests.json(client, "/api/changes/\(firstEdit.id)/undo", .post, "")
            #expect(overridden.status == 409)
            try Self.expectAPIWording(overridden.object, mentions: #""force": true"#)
        }
    }

    @Test func cliPhrasesBecomeTheAPIs() {
        let cases = [
            ("claim 'x' changed since version 1 by ana at T (edit); it is now at version 2: read it again (kb show x) and retry with --if-version 2",
             #"claim 'x' changed since version 1 by ana at T (edit); it is now at version 2: read it again and retry with "if_version": 2"#),
            ("source 's' cannot be removed: 2 records depend on it (claim a, claim b); remove them first, or use --cascade to remove them too",
             "source 's' cannot be removed: 2 records depend on it (claim a, claim b); remove them first, or remove with cascade=yes to remove them too"),
            ("undo change 9 first, or kb undo 4 --force to restore it anyway", #"undo change 9 first, or undo change 4 with "force": true to restore it anyway"#),
            ("x; remove or unlink those first (kb remove, kb undo of their changes)", "x; remove or unlink those first (remove them, or undo their changes)"),
            ("change 1 built the knowledge base (kb init); it cannot be undone", "change 1 built the knowledge base; it cannot be undone"),
            ("it stays in kb log but cannot be undone", "it stays in the change log but cannot be undone"),
        ]
        for (cli, api) in cases { #expect(ConflictWording.api(cli) == api) }
    }
}
