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
            // Depended on: the form again, its box as sent (unticked: review 13 m3), at the current version.
            try await WriteRouteTests.post(client, "/claims/\(from)/remove", cookie: cookie, [("_csrf", token), ("_if_version", String(version))]) { response in
                #expect(response.status == .conflict)
                #expect(response.text.contains("action=\"/claims/\(from)/remove\""), "\(response.text)")
                #expect(response.text.contains("name=\"_if_version\" value=\"\(version)\""), "\(response.text)")
                #expect(response.text.contains("name=\"cascade\" value=\"yes\">"), "\(response.text)")
                #expect(!response.text.contains("checked"), "\(response.text)")
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

    /// Review 13 m3: a source with eight dependents — every one named (not five and "…"), and the
    /// box left unticked as it was sent.
    @Test func aRefusedRemovalNamesEveryDependent() async throws {
        let service = try ServeFixture.service()
        let slug = "wef2025futurejobs"
        try await ServeFixture.withClient(WriteRouteTests.writing, service: service) { client in
            // Its five (a study, four claims) and two links between its claims: seven.
            for (kind, to) in [("supports", "wef2025-roles-created"), ("contradicts", "wef2025-skills-transformed")] {
                let linked = try await WriteRouteTests.json(client, "/api/claims/wef2025-net-jobs/links", .post, #"{"kind": "\#(kind)", "to": "\#(to)"}"#)
                #expect(linked.status == 201)
            }
            let lines = try service.curator.dependents(of: slug).lines
            #expect(lines.count == 7)
            let (cookie, token) = try await WriteRouteTests.token(client, "/sources/\(slug)")
            try await WriteRouteTests.post(client, "/sources/\(slug)/remove", cookie: cookie, [("_csrf", token)]) { response in
                #expect(response.status == .conflict)
                let page = response.text
                for line in lines { #expect(page.contains(line), "\(line) in \(page)") }
                #expect(!page.contains(", …"), "\(page)")
                #expect(page.contains("name=\"cascade\" value=\"yes\">") && !page.contains("checked"), "\(page)")
            }
        }
        #expect(try service.curator.record(slug) != nil)
    }

    /// Review 13 m2: the web words a conflict from its reason, whatever the command line's
    /// sentence says; a long list is capped with "and N more".
    @Test func conflictsAreWordedFromTheirReason() {
        let many = (1...60).map { "claim c\($0)" }
        let dependents = CurationConflict(situation: "source 's' cannot be removed: 60 records depend on it", reason: .dependents(many),
                                          remedy: " — reworded for the terminal, see kb help remove")
        let form = ConflictWording.removeForm(dependents)
        #expect(form.contains("claim c50") && !form.contains("claim c51") && form.contains("and 10 more"), "\(form)")
        #expect(form.contains("tick \u{201C}with what depends on it\u{201D} below") && !form.contains("kb help"), "\(form)")
        #expect(ConflictWording.api(dependents).contains("cascade=yes") && !ConflictWording.api(dependents).contains("kb help"))
        // Review 16 m8: the API names as many as the form.
        let api = ConflictWording.api(dependents)
        #expect(api.contains("claim c50") && !api.contains("claim c51") && api.contains("and 10 more") && !api.contains("…"), "\(api)")
        let stale = CurationConflict(situation: "claim 'x' moved on; it is now at version 3", reason: .stale(current: 3), remedy: " (see kb show)")
        #expect(ConflictWording.api(stale) == #"claim 'x' moved on; it is now at version 3: read it again and retry with "if_version": 3"#)
        #expect(ConflictWording.removeForm(stale).contains("remove it as it is now (version 3) with the form below"))
        let overridden = CurationConflict(situation: "change 4 was overridden by change 9", reason: .overridden(change: 4, by: 9), remedy: " (terminal words)")
        #expect(ConflictWording.undoForm(overridden) == "change 4 was overridden by change 9; undo change 9 first, or use the button below to restore it anyway")
        #expect(ConflictWording.api(overridden).contains(#"undo change 4 with "force": true"#))
        #expect(ConflictWording.undoForm(CurationConflict("change 1 cannot be undone --force")) == nil)
    }
}
