import Foundation
import Hummingbird
import HummingbirdTesting
import KBCore
import Testing
@testable import KBServe

/// The edit forms show what is stored and write only what changed (trial 7 bug 4); a stale
/// edit comes back ready to save again (bug 3); writes answer in the forms' field names (bug 7).
struct EditFormRouteTests {
    static let claim = "page-cohort-outcomes-differ"
    static let other = CurationOptions(context: ChangeContext(author: "other", command: "edit"))

    /// The form at `path`: the cookie, the token, and the page.
    static func open(_ client: any TestClientProtocol, _ path: String) async throws -> (cookie: String, token: String, page: String) {
        let (cookie, token) = try await WriteRouteTests.token(client, path)
        let page = try await client.execute(uri: path, method: .get, headers: [.cookie: cookie]) { $0.text }
        return (cookie, token, page)
    }

    @Test func theEditFormsShowTheStoredValues() async throws {
        try await ServeFixture.withClient(WriteRouteTests.writing) { client in
            let claim = try await Self.open(client, "/claims/\(Self.claim)/edit").page
            #expect(claim.contains("name=\"locator\" value=\"research notes, cohort paragraph\""))
            #expect(claim.contains(">The same hiring pipeline produces different outcomes for older workers"))
            #expect(claim.contains("name=\"cohort\" value=\"foreign-credentialed-candidates, neurodivergent-applicants, non-native-english-writers, older-workers\""))
            let source = try await Self.open(client, "/sources/noy2023experimental/edit").page
            #expect(source.contains("name=\"container-title\" value=\"Science\""))
            #expect(source.contains("name=\"doi\" value=\"10.1126/science.adh2586\""))
            #expect(source.contains("name=\"issued\" value=\"2023\""))
            #expect(source.contains(">Noy, S.; Zhang, W.</textarea>"))
            // `year` is `issued` under another name: one input, or saving would give both.
            #expect(!source.contains("name=\"year\""))
        }
    }

    @Test func savingTheFormWritesOnlyWhatChangedAndAnEmptiedFieldIsCleared() async throws {
        let service = try ServeFixture.service()
        try await ServeFixture.withClient(WriteRouteTests.writing, service: service) { client in
            let (cookie, token, _) = try await Self.open(client, "/sources/noy2023experimental/edit")
            let found = try #require(try service.curator.record("noy2023experimental"))
            // The form as shown (with the browser's CR LF in a text area), one field changed, one emptied.
            var fields = CuratedValues.of(found.record).filter { $0.key != "id" }.map { ($0.key, $0.value.replacingOccurrences(of: "\n", with: "\r\n")) }
            fields.removeAll { $0.0 == "volume" || $0.0 == "page" }
            fields += [("volume", "382"), ("page", ""), ("_csrf", token), ("_if_version", String(found.version))]
            try await WriteRouteTests.post(client, "/sources/noy2023experimental/edit", cookie: cookie, fields) { response in
                #expect(response.status == .seeOther)
            }
            let change = try #require(try service.log(ChangeLog.Filter(record: "noy2023experimental")).last)
            #expect(CuratedValues.fields(of: change) == ["volume", "page"])
            let after = try #require(try service.curator.record("noy2023experimental")).record
            #expect(CuratedValues.of(after)["volume"] == "382" && CuratedValues.of(after)["page"] == nil)
            #expect(CuratedValues.of(after)["authors"] == "Noy, S.; Zhang, W.")
        }
    }

    /// What a browser sends back for `page`'s edit form left as shown: an input's value with its
    /// line breaks dropped (HTML value sanitisation), a text area's content with its first line
    /// break dropped and the others sent as CR LF.
    static func browserFields(_ page: String) throws -> [(String, String)] {
        func unescape(_ text: Substring) -> String {
            text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
                .replacingOccurrences(of: "&amp;", with: "&")
        }
        let form = try #require(page.range(of: "<form class=\"write\"").map { page[$0.lowerBound...] })
        var fields: [(String, String)] = []
        for match in form.matches(of: #/<input type="(?:text|hidden)" (?:id="[^"]*" )?name="([^"]*)" value="([^"]*)">/#) {
            fields.append((String(match.1), unescape(match.2).filter { !$0.isNewline }))
        }
        for match in form.matches(of: #/<textarea id="[^"]*" name="([^"]*)" rows="3">([^<]*)</textarea>/#) {
            var text = unescape(match.2)
            if text.hasPrefix("\n") { text.removeFirst() }
            fields.append((String(match.1), text.replacingOccurrences(of: "\n", with: "\r\n")))
        }
        return fields
    }

    /// Review 11 M2 and m10: a value with surrounding blanks is not "changed" by a save, a value
    /// with a line break is edited in a text area (a one-line input would lose the break), and a
    /// save with nothing changed writes nothing and says so.
    @Test func savingTheFormAsShownWritesNothingAndSaysSo() async throws {
        let service = try ServeFixture.service()
        _ = try service.edit(Self.claim, fields: [FieldAssignment(field: "note", value: "  padded  "), FieldAssignment(field: "locator", value: "line1\nline2")],
                             options: Self.other)
        let before = try #require(try service.curator.record(Self.claim))
        #expect(CuratedValues.of(before.record)["note"] == "  padded  ", "the fixture needs a stored value with blanks around it")
        let logged = try service.log(ChangeLog.Filter(record: Self.claim)).count
        try await ServeFixture.withClient(WriteRouteTests.writing, service: service) { client in
            let (cookie, _, page) = try await Self.open(client, "/claims/\(Self.claim)/edit")
            #expect(page.contains("<textarea id=\"w-locator\" name=\"locator\" rows=\"3\">line1\nline2</textarea>"))
            let fields = try Self.browserFields(page)
            #expect(fields.contains { $0.0 == "_csrf" } && fields.contains { $0.0 == "statement" } && fields.contains { $0.0 == "locator" })
            let answer = try await client.execute(uri: "/claims/\(Self.claim)/edit", method: .post,
                                                  headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                                                  body: ByteBuffer(string: fields.map { "\($0.0)=\(URLText.encode($0.1))" }.joined(separator: "&"))) { response in
                #expect(response.status == .ok)
                return response.text
            }
            #expect(answer.contains("Nothing changed: every field is as stored, so nothing was written."))
        }
        #expect(try service.log(ChangeLog.Filter(record: Self.claim)).count == logged)
        let after = try #require(try service.curator.record(Self.claim))
        #expect(after.version == before.version)
        #expect(CuratedValues.of(after.record)["locator"] == "line1\nline2" && CuratedValues.of(after.record)["note"] == "  padded  ")
    }

    @Test func aStaleEditComesBackWithTheCurrentVersionAndValuesAndSavesOnTheSecondTry() async throws {
        let service = try ServeFixture.service()
        try await ServeFixture.withClient(WriteRouteTests.writing, service: service) { client in
            let (cookie, token, _) = try await Self.open(client, "/claims/\(Self.claim)/edit")
            let shown = try #require(try service.curator.record(Self.claim))
            let values = CuratedValues.of(shown.record)
            // Someone else changes the note and the locator meanwhile.
            _ = try service.edit(Self.claim, fields: [FieldAssignment(field: "note", value: "theirs"), FieldAssignment(field: "locator", value: "their locator")],
                                 options: Self.other)
            let theirs = try #require(try service.log(ChangeLog.Filter(record: Self.claim)).last)
            // The user changed the statement and the note; the locator is as shown.
            var fields = values.filter { !["id", "statement", "note"].contains($0.key) }.map { ($0.key, $0.value) }
            fields += [("statement", "Mine: outcomes differ by cohort."), ("note", "mine"), ("_csrf", token), ("_if_version", String(shown.version))]
            let page = try await client.execute(uri: "/claims/\(Self.claim)/edit", method: .post,
                                                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                                                body: ByteBuffer(string: fields.map { "\($0.0)=\(URLText.encode($0.1))" }.joined(separator: "&"))) { response in
                #expect(response.status == .conflict)
                return response.text
            }
            #expect(page.contains("name=\"_if_version\" value=\"\(shown.version + 1)\""))
            #expect(page.contains("change \(theirs.id) by other"))
            #expect(page.contains("(locator, note)"))
            #expect(!page.contains("if_version\": "), "API wording on a form")
            // Left alone by the user: the stored value. Changed by both: the user's, the stored one under it.
            #expect(page.contains("name=\"locator\" value=\"their locator\""))
            #expect(page.contains(">Mine: outcomes differ by cohort.</textarea>"))
            #expect(page.contains(">mine</textarea><p class=\"muted stored\">Stored now: <q>theirs</q></p>"))
            #expect(try service.curator.record(Self.claim)?.version == shown.version + 1)

            // Saving the form as shown again succeeds and keeps their locator.
            var again = values.filter { !["id", "statement", "note", "locator"].contains($0.key) }.map { ($0.key, $0.value) }
            again += [("statement", "Mine: outcomes differ by cohort."), ("note", "mine"), ("locator", "their locator"),
                      ("_csrf", token), ("_if_version", String(shown.version + 1))]
            try await WriteRouteTests.post(client, "/claims/\(Self.claim)/edit", cookie: cookie, again) { response in
                #expect(response.status == .seeOther)
            }
            let now = CuratedValues.of(try #require(try service.curator.record(Self.claim)).record)
            #expect(now["statement"] == "Mine: outcomes differ by cohort." && now["note"] == "mine" && now["locator"] == "their locator")
        }
    }

    @Test func writeAnswersAndTheChangeLogUseTheFormsFieldNames() async throws {
        let service = try ServeFixture.service()
        try await ServeFixture.withClient(WriteRouteTests.writing, service: service) { client in
            let text = try await client.execute(uri: "/api/claims/\(Self.claim)", method: .patch, headers: [.contentType: "application/json"],
                                                body: ByteBuffer(string: #"{"fields": {"economy-wide": "true", "note": "n"}}"#)) { response in
                #expect(response.status == .ok)
                return response.text
            }
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let change = try #require((object["changes"] as? [[String: Any]])?.first)
            #expect(change["fields"] as? [String] == ["economy-wide", "note"])
            let after = try #require(change["after"] as? [String: String])
            #expect(after["economy-wide"] == "true" && after["id"] == Self.claim && after["note"] == "n")
            #expect((change["before"] as? [String: String])?["economy-wide"] == nil)
            for name in ["isEconomyWide", "sourceSlug", "\"slug\"", "statedReplication", "\" : "] {
                #expect(!text.contains(name), "\(name)")
            }
            let added = try await client.execute(uri: "/api/sources", method: .post, headers: [.contentType: "application/json"],
                                                 body: ByteBuffer(string: #"{"fields": {"id": "named-source", "title": "T", "container-title": "J"}}"#)) { $0.text }
            #expect(added.contains("\"container-title\": \"J\"") && !added.contains("containerTitle"))
            try await client.execute(uri: "/changes", method: .get) { response in
                #expect(response.text.contains("<td>economy-wide, note</td>"))
                #expect(!response.text.contains("isEconomyWide"))
            }
        }
    }
}
