import Foundation
import Hummingbird
import HummingbirdTesting
import KBCore
import Testing
@testable import KBServe

/// The gap map and the change log, as pages and as JSON.
struct MapAndChangesRouteTests {
    @Test func mapPageDrawsTheSVGAndTheTableOfKbMap() async throws {
        let service = try ServeFixture.service()
        let map = try service.map(rows: "design", columns: "grade", query: "claims where year >= 2020")
        try await ServeFixture.withClient(service: service) { client in
            let uri = URLText.link("/map", [("rows", "design"), ("cols", "grade"), ("q", "claims where year >= 2020")])
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .ok)
                let page = response.text
                #expect(page.contains("<figure class=\"gap-map\" aria-hidden=\"true\"><svg xmlns=\"http://www.w3.org/2000/svg\""))
                // The SVG's own <style> is left out (the CSP would block it; kb.css has its rules).
                #expect(!page.contains("<style>") && !page.contains(" style=\""))
                #expect(page.contains("<table class=\"map-table\">"))
                #expect(page.contains("<caption>\(HTML.escape(map.title))"))
                #expect(page.contains("<option selected>design</option>") && page.contains("<option selected>grade</option>"))
                // The grand total as kb map counts it, and a non-empty cell links to its claims.
                #expect(page.contains("<td>\(MapPage.text(map.total))</td></tr>"))
                #expect(page.contains("href=\"/query?q=claims%20where%20year%20%3E%3D%202020%20and%20design%20%3D%20"))
            }
        }
    }

    @Test func homeShowsTheCohortByBoundaryMap() async throws {
        try await ServeFixture.withClient { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.text.contains("Evidence gap map: cohort × boundary — claims"))
                #expect(response.text.contains("<th scope=\"col\">cohort \\ boundary</th>"))
            }
        }
    }

    @Test func mapErrorsAreShownOrAnswered() async throws {
        try await ServeFixture.withClient { client in
            try await client.execute(uri: "/map?rows=cohrt&cols=boundary", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("unknown field &#39;cohrt&#39; for the rows; did you mean &#39;cohort&#39;?"))
            }
            try await client.execute(uri: "/api/map?rows=cohort&cols=cohort", method: .get) { response in
                #expect(response.status == .badRequest)
                let object = try response.json()
                #expect(object["error"] != nil)
            }
            try await client.execute(uri: "/api/map?rows=cohort&cols=boundary&q=claims%20where%20gradee%3Dlow", method: .get) { response in
                #expect(response.status == .badRequest)
                let error = try #require(try response.json()["error"] as? [String: Any])
                #expect(error["column"] as? Int != nil)
            }
        }
    }

    @Test func apiMapIsKbMapsJSON() async throws {
        let service = try ServeFixture.service()
        let cli = MapRenderer(format: .json).render(try service.map(rows: "cohort", columns: "boundary", query: nil))
        try await ServeFixture.withClient(service: service) { client in
            try await client.execute(uri: "/api/map", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                #expect(response.text == cli)
            }
        }
    }

    /// A KB with two logged changes: a claim added by ana, then edited by ben.
    static func curatedService() throws -> KBService {
        let service = try ServeFixture.service()
        _ = try service.add(.claim, fields: [FieldAssignment(field: "id", value: "logged-claim"), FieldAssignment(field: "statement", value: "Logged <b>claim</b>.")],
                            options: CurationOptions(context: ChangeContext(author: "ana", command: "add")))
        _ = try service.edit("logged-claim", fields: [FieldAssignment(field: "note", value: "edited")],
                             options: CurationOptions(context: ChangeContext(author: "ben", command: "edit", reason: "a note")))
        return service
    }

    @Test func apiChangesIsKbLogsJSONWithItsFilters() async throws {
        let service = try Self.curatedService()
        try await ServeFixture.withClient(service: service) { client in
            try await client.execute(uri: "/api/changes", method: .get) { response in
                #expect(response.status == .ok)
                let expected = KBService.changesJSON(try service.log())
                #expect(response.text == expected)
            }
            let byBen = try await client.execute(uri: "/api/changes?author=ben", method: .get) { response in
                try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [[String: Any]] ?? []
            }
            #expect(byBen.count == 1 && byBen.first?["action"] as? String == "edit" && byBen.first?["reason"] as? String == "a note")
            let ofRecord = try await client.execute(uri: "/api/changes?record=logged-claim", method: .get) { response in
                try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [[String: Any]] ?? []
            }
            #expect(ofRecord.count == 2)
            let future = try await client.execute(uri: "/api/changes?since=2999-01-01", method: .get) { $0.text }
            #expect(future == "[\n\n]\n" || future == "[]\n")
            try await client.execute(uri: "/api/changes?since=yesterday", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("'since' takes a date or a UTC time"))
            }
        }
    }

    @Test func changesPageAndARecordsHistory() async throws {
        let service = try Self.curatedService()
        try await ServeFixture.withClient(service: service) { client in
            try await client.execute(uri: "/changes?author=ana", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("<a href=\"/claims/logged-claim\">logged-claim</a>"))
                #expect(response.text.contains("1 changes, newest first."))
                #expect(!response.text.contains(">ben<"))
                // Read only: no undo buttons.
                #expect(!response.text.contains("/undo"))
            }
            try await client.execute(uri: "/claims/logged-claim", method: .get) { response in
                #expect(response.text.contains("<h2>History</h2>"))
                #expect(response.text.contains("<td>ben</td>"))
                #expect(response.text.contains("<td>a note</td>"))
                #expect(!response.text.contains("<h2>Curate</h2>"))
            }
            try await client.execute(uri: "/changes?since=nope", method: .get) { #expect($0.status == .badRequest) }
        }
    }
}
