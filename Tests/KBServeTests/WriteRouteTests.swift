import Foundation
import Hummingbird
import HummingbirdTesting
import KBCore
import Testing
@testable import KBServe

/// `--write`: the forms (CSRF, 400 invalid, 409 stale, the redirect to what was written) and the
/// JSON writes; and without it, no write route at all.
struct WriteRouteTests {
    static var writing: ServeConfiguration {
        var configuration = ServeConfiguration(allowsWrites: true)
        configuration.author = "tester"
        return configuration
    }

    /// Shows the form at `path` and returns the browser's cookie and the form's token.
    static func token(_ client: any TestClientProtocol, _ path: String) async throws -> (cookie: String, token: String) {
        try await client.execute(uri: path, method: .get) { response in
            #expect(response.status == .ok)
            let setCookie = try #require(response.headers[.setCookie])
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
            let cookie = String(setCookie.prefix { $0 != ";" })
            let marker = "name=\"_csrf\" value=\""
            let start = try #require(response.text.range(of: marker))
            let token = String(response.text[start.upperBound...].prefix { $0 != "\"" })
            #expect(cookie == "kb_csrf=\(token)")
            return (cookie, token)
        }
    }

    static func post(_ client: any TestClientProtocol, _ path: String, cookie: String?, _ fields: [(String, String)],
                     _ check: @escaping @Sendable (TestResponse) throws -> Void) async throws {
        let body = fields.map { "\($0.0)=\(URLText.encode($0.1))" }.joined(separator: "&")
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let cookie { headers[.cookie] = cookie }
        try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body)) { try check($0) }
    }

    static func json(_ client: any TestClientProtocol, _ path: String, _ method: HTTPRequest.Method, _ body: String,
                     contentType: String = "application/json") async throws -> (status: Int, object: [String: Any]) {
        try await client.execute(uri: path, method: method, headers: [.contentType: contentType], body: ByteBuffer(string: body)) { response in
            (response.status.code, (try? JSONSerialization.jsonObject(with: Data(response.text.utf8))) as? [String: Any] ?? [:])
        }
    }

    @Test func addAClaimThroughTheFormAndFindItByAQuery() async throws {
        let service = try ServeFixture.service()
        try await ServeFixture.withClient(Self.writing, service: service) { client in
            let (cookie, token) = try await Self.token(client, "/new/claim")
            try await Self.post(client, "/new/claim", cookie: cookie, [
                ("_csrf", token), ("id", "form-added-claim"), ("statement", "Zebrafish onboarding halves ramp-up time."),
                ("about", "cohort:older-workers"), ("_reason", "from the form"),
            ]) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/claims/form-added-claim")
            }
            try await client.execute(uri: URLText.results("claims where \"zebrafish\""), method: .get) { response in
                #expect(response.text.contains("Zebrafish onboarding halves ramp-up time."))
            }
        }
        let change = try #require(try service.log(ChangeLog.Filter(record: "form-added-claim")).first)
        #expect(change.author == "tester" && change.command == "serve" && change.reason == "from the form")
    }

    @Test func aFormWithoutItsTokenIsForbiddenAndWritesNothing() async throws {
        let service = try ServeFixture.service()
        let before = try service.log().count
        try await ServeFixture.withClient(Self.writing, service: service) { client in
            let (cookie, token) = try await Self.token(client, "/new/claim")
            let fields = [("statement", "Should not be written.")]
            try await Self.post(client, "/new/claim", cookie: cookie, fields) { #expect($0.status == .forbidden) }
            // One character changed (never to itself: a token may start with "0").
            let altered = (token.first == "0" ? "1" : "0") + token.dropFirst()
            try await Self.post(client, "/new/claim", cookie: cookie, fields + [("_csrf", altered)]) { #expect($0.status == .forbidden) }
            try await Self.post(client, "/new/claim", cookie: nil, fields + [("_csrf", token)]) { #expect($0.status == .forbidden) }
            // A cookie and field that agree but that this server never issued.
            try await Self.post(client, "/new/claim", cookie: "kb_csrf=forged", fields + [("_csrf", "forged")]) { #expect($0.status == .forbidden) }
        }
        #expect(try service.log().count == before)
    }

    @Test func anInvalidFormIsShownAgainWithTheMessage() async throws {
        try await ServeFixture.withClient(Self.writing) { client in
            let (cookie, token) = try await Self.token(client, "/new/claim")
            try await Self.post(client, "/new/claim", cookie: cookie, [("_csrf", token), ("quote", "kept <i>as typed</i>")]) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("<p class=\"error\" role=\"alert\">"))
                #expect(response.text.contains("statement"))
                #expect(response.text.contains("kept &lt;i&gt;as typed&lt;/i&gt;</textarea>"))
            }
        }
    }

    @Test func aStaleEditIsAConflict() async throws {
        let service = try ServeFixture.service()
        try await ServeFixture.withClient(Self.writing, service: service) { client in
            let (cookie, token) = try await Self.token(client, "/claims/page-cohort-outcomes-differ/edit")
            let shown = try #require(try service.curator.record("page-cohort-outcomes-differ")?.version)
            // Someone else edits meanwhile.
            _ = try service.edit("page-cohort-outcomes-differ", fields: [FieldAssignment(field: "note", value: "first")],
                                 options: CurationOptions(context: ChangeContext(author: "other", command: "edit")))
            try await Self.post(client, "/claims/page-cohort-outcomes-differ/edit", cookie: cookie,
                                [("_csrf", token), ("_if_version", String(shown)), ("note", "second")]) { response in
                #expect(response.status == .conflict)
                #expect(response.text.contains("<p class=\"error\" role=\"alert\">"))
            }
            #expect(try service.log(ChangeLog.Filter(record: "page-cohort-outcomes-differ")).count == 1)
            try await Self.post(client, "/claims/page-cohort-outcomes-differ/edit", cookie: cookie,
                                [("_csrf", token), ("_if_version", String(shown + 1)), ("note", "second")]) { response in
                #expect(response.status == .seeOther)
            }
        }
    }

    @Test func recordPagesOfferTheActionsAndUndoWorks() async throws {
        let service = try ServeFixture.service()
        try await ServeFixture.withClient(Self.writing, service: service) { client in
            try await client.execute(uri: "/sources/noy2023experimental", method: .get) { response in
                #expect(response.text.contains("<h2>Curate</h2>"))
                #expect(response.text.contains("action=\"/sources/noy2023experimental/notice\""))
                #expect(response.text.contains("action=\"/sources/noy2023experimental/remove\""))
            }
            let (cookie, token) = try await Self.token(client, "/claims/page-cohort-outcomes-differ")
            try await Self.post(client, "/sources/noy2023experimental/notice", cookie: cookie,
                                [("_csrf", token), ("kind", "retraction"), ("date", "2026-01-02"), ("reason", "test")]) { response in
                #expect(response.status == .seeOther)
            }
            let notice = try #require(try service.log(ChangeLog.Filter(record: "noy2023experimental")).last)
            try await client.execute(uri: "/changes", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.text.contains("action=\"/changes/\(notice.id)/undo\""))
            }
            try await Self.post(client, "/changes/\(notice.id)/undo", cookie: cookie, [("_csrf", token)]) { response in
                #expect(response.status == .seeOther)
            }
            #expect(try service.log().last?.undoes == notice.id)
        }
    }

    /// Trial 9 bug 4: an undo that a later change overrode is said in the form's words, with a
    /// button that undoes it anyway — not the API's `"force": true`, which a form cannot send.
    @Test func anOverriddenUndoOffersUndoAnyway() async throws {
        let service = try ServeFixture.service()
        let options = CurationOptions(context: ChangeContext(author: "t", command: "edit"))
        let claim = "page-cohort-outcomes-differ"
        _ = try service.edit(claim, fields: [FieldAssignment(field: "note", value: "first")], options: options)
        let first = try #require(try service.log(ChangeLog.Filter(record: claim)).last)
        _ = try service.edit(claim, fields: [FieldAssignment(field: "note", value: "second")], options: options)
        try await ServeFixture.withClient(Self.writing, service: service) { client in
            let (cookie, token) = try await Self.token(client, "/changes")
            let page = try await client.execute(uri: "/changes/\(first.id)/undo", method: .post,
                                                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                                                body: ByteBuffer(string: "_csrf=\(token)")) { response in
                #expect(response.status == .conflict)
                return response.text
            }
            #expect(page.contains("Undo change \(first.id) anyway</button>"))
            #expect(page.contains("name=\"force\" value=\"yes\""))
            #expect(!page.contains("force&quot;: true") && !page.contains("--force"))
            try await Self.post(client, "/changes/\(first.id)/undo", cookie: cookie, [("_csrf", token), ("force", "yes")]) { response in
                #expect(response.status == .seeOther)
            }
            #expect(try service.log().last?.undoes == first.id)
        }
    }

    @Test func apiWritesMirrorTheCommands() async throws {
        let service = try ServeFixture.service()
        try await ServeFixture.withClient(Self.writing, service: service) { client in
            let added = try await Self.json(client, "/api/claims", .post,
                                            #"{"fields": {"id": "api-claim", "statement": "Added over the API.", "about": ["cohort:older-workers"]}, "reason": "api"}"#)
            #expect(added.status == 201)
            #expect(added.object["ids"] as? [String] == ["api-claim"])
            let version = try #require(try service.curator.record("api-claim")?.version)
            let edited = try await Self.json(client, "/api/claims/api-claim", .patch, #"{"fields": {"note": "one"}, "if_version": \#(version)}"#)
            #expect(edited.status == 200)
            let stale = try await Self.json(client, "/api/claims/api-claim", .patch, #"{"fields": {"note": "two"}, "if_version": \#(version)}"#)
            #expect(stale.status == 409)
            #expect((stale.object["error"] as? [String: Any])?["id"] as? String == "conflict")
            let invalid = try await Self.json(client, "/api/claims", .post, #"{"fields": {"quote": "no statement"}}"#)
            #expect(invalid.status == 400)
            let notJSON = try await Self.json(client, "/api/claims", .post, "statement=x", contentType: "application/x-www-form-urlencoded")
            #expect(notJSON.status == 415)
            let badBody = try await Self.json(client, "/api/claims", .post, #"{"fields": {"statement": {"nested": 1}}}"#)
            #expect(badBody.status == 400)
            let linked = try await Self.json(client, "/api/claims/api-claim/links", .post, #"{"kind": "supports", "to": "page-cohort-outcomes-differ"}"#)
            #expect(linked.status == 201)
            // A notice needs its date and reason, as `kb notice` does: without a date nothing is written.
            let undated = try await Self.json(client, "/api/sources/noy2023experimental/notices", .post, #"{"kind": "correction", "reason": "typo"}"#)
            #expect(undated.status == 400)
            let notice = try await Self.json(client, "/api/sources/noy2023experimental/notices", .post, #"{"kind": "correction", "date": "2024-05", "reason": "typo"}"#)
            #expect(notice.status == 201)
            let removed = try await client.execute(uri: "/api/claims/api-claim?cascade=yes", method: .delete) { $0.status }
            #expect(removed == .ok)
            #expect(try service.curator.record("api-claim") == nil)
            let last = try #require(try service.log().last)
            let undone = try await Self.json(client, "/api/changes/\(last.id)/undo", .post, "")
            #expect(undone.status == 200)
            #expect(try service.curator.record("api-claim") != nil)
        }
    }

    @Test func withoutWriteThereIsNoWriteRouteAndNoForm() async throws {
        let service = try ServeFixture.service()
        let before = try service.log().count
        try await ServeFixture.withClient(service: service) { client in
            for path in ["/new/claim", "/new/source", "/claims/page-cohort-outcomes-differ/edit"] {
                try await client.execute(uri: path, method: .get) { #expect($0.status == .notFound) }
            }
            for path in ["/new/claim", "/claims/page-cohort-outcomes-differ/edit", "/claims/page-cohort-outcomes-differ/remove",
                         "/sources/noy2023experimental/notice", "/changes/1/undo", "/api/claims", "/api/sources"] {
                try await client.execute(uri: path, method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: "{}")) { response in
                    #expect([404, 405].contains(response.status.code), "\(path)")
                }
            }
            for method in [HTTPRequest.Method.patch, .delete] {
                try await client.execute(uri: "/api/claims/page-cohort-outcomes-differ", method: method) { response in
                    #expect(response.status == .methodNotAllowed)
                }
            }
            try await client.execute(uri: "/claims/page-cohort-outcomes-differ", method: .get) { response in
                #expect(!response.text.contains("<form class=\"write\"") && !response.text.contains("_csrf"))
                #expect(response.headers[.setCookie] == nil)
            }
        }
        #expect(try service.log().count == before)
    }
}
