import Foundation
import Hummingbird
import HummingbirdTesting
import KBCore
import Testing
@testable import KBServe

/// Trial 9 bug 3: a link made through the form is listed on both claims' pages, and the link and
/// its undo (an unlink) join both claims' History — they are logged under the relation, not the claim.
struct ClaimLinksRouteTests {
    static let from = "page-ai-amplifies-cohort-differences"
    static let to = "page-cohort-outcomes-differ"

    @Test func aFormLinkIsListedOnBothClaimsAndInTheirHistory() async throws {
        let service = try ServeFixture.service()
        try await ServeFixture.withClient(WriteRouteTests.writing, service: service) { client in
            let (cookie, token) = try await WriteRouteTests.token(client, "/claims/\(Self.from)")
            try await WriteRouteTests.post(client, "/claims/\(Self.from)/link", cookie: cookie, [
                ("_csrf", token), ("kind", "supports"), ("to", Self.to), ("note", "same cohorts"),
            ]) { #expect($0.status == .seeOther) }
            let link = try #require(try service.log().last)
            #expect(link.action == "link")
            try await client.execute(uri: "/claims/\(Self.from)", method: .get) { response in
                #expect(response.text.contains("<h2>Links</h2><ul class=\"plain\"><li>this claim supports <a href=\"/claims/\(Self.to)\">\(Self.to)</a> — same cohorts</li></ul>"), "\(response.text)")
                #expect(response.text.contains("<tr><td>\(link.id)</td>") && response.text.contains("<td>link relation \(Self.from) supports \(Self.to)</td>"), "\(response.text)")
            }
            try await client.execute(uri: "/claims/\(Self.to)", method: .get) { response in
                #expect(response.text.contains("<li><a href=\"/claims/\(Self.from)\">\(Self.from)</a> supports this claim — same cohorts</li>"), "\(response.text)")
                #expect(response.text.contains("<tr><td>\(link.id)</td>"), "\(response.text)")
            }
            // The API's claim lists it too, from either end (review 13 m5).
            for claim in [Self.from, Self.to] {
                let (status, object) = try await WriteRouteTests.json(client, "/api/claims/\(claim)", .get, "")
                #expect(status == 200)
                let relations = try #require(object["relations"] as? [[String: Any]])
                #expect(relations.count == 1)
                #expect(relations.first?["from"] as? String == Self.from && relations.first?["kind"] as? String == "supports"
                    && relations.first?["to"] as? String == Self.to && relations.first?["note"] as? String == "same cohorts", "\(relations)")
            }
            let undone = try await WriteRouteTests.json(client, "/api/changes/\(link.id)/undo", .post, "")
            #expect(undone.status == 200)
            let unlink = try #require(try service.log().last)
            #expect(unlink.action == "unlink")
            try await client.execute(uri: "/claims/\(Self.to)", method: .get) { response in
                #expect(!response.text.contains("<h2>Links</h2>"), "\(response.text)")
                #expect(response.text.contains("<tr><td>\(link.id)</td>") && response.text.contains("<tr><td>\(unlink.id)</td>"), "\(response.text)")
            }
            // The change log filtered by either claim agrees with its History (review 13 m5/m4).
            for claim in [Self.from, Self.to] {
                try await client.execute(uri: "/changes?record=\(claim)", method: .get) { response in
                    #expect(response.text.contains("<tr><td>\(link.id)</td>") && response.text.contains("<tr><td>\(unlink.id)</td>"), "\(response.text)")
                }
                try await client.execute(uri: "/api/changes?record=\(claim)", method: .get) { response in
                    #expect(response.text.contains("\"id\" : \(link.id)") || response.text.contains("\"id\":\(link.id)"), "\(response.text)")
                }
            }
        }
    }

    /// Review 13 m4: the Links and the History are capped, the rest counted and linked.
    @Test func linksAndHistoryAreCapped() throws {
        let relations = (1...3).map { ClaimRelationItem(from: "c", kind: "fails-to-replicate", to: "d\($0)", note: nil) }
        let links = ClaimRelationItem.section(relations, of: "c", shown: 2).description
        #expect(links.contains("this claim fails to replicate <a href=\"/claims/d2\">") && !links.contains("d3"), "\(links)")
        #expect(links.contains("The first 2 of 3 links") && links.contains("href=\"/api/claims/c\""), "\(links)")
        let service = try ServeFixture.service()
        for note in ["a", "b", "c"] {
            _ = try service.edit("noy2023-writing-time", fields: [FieldAssignment(field: "note", value: note)],
                                 options: CurationOptions(context: ChangeContext(author: "ana", command: "test")))
        }
        let changes = try service.log()
        #expect(changes.count > 2)
        let history = ChangesPage.history(changes, record: "x y", shown: 2).description
        #expect(history.components(separatedBy: "<tr><td>").count == 3, "\(history)")
        #expect(history.contains("<tr><td>\(changes[changes.count - 1].id)</td>") && !history.contains("<tr><td>\(changes[0].id)</td>"), "\(history)")
        // Review 16 m1: the link leads to the older ones, below the oldest shown.
        #expect(history.contains("older ones on the change log") && history.contains("href=\"/changes?record=x%20y&amp;before=\(changes[changes.count - 2].id)\""), "\(history)")
    }

    /// Review 13 m4: the links to a claim, found by the log's second ends range after range, and
    /// then only what was logged since.
    @Test func relationTargetsFollowTheLog() throws {
        let service = try ServeFixture.service()
        let options = CurationOptions(context: ChangeContext(author: "ana", command: "test"))
        let link = try #require(try service.link(Self.from, kind: "supports", to: Self.to, note: nil, options: options).changes.first)
        _ = try service.undo(link.id, force: false, options: options)
        let targets = RelationTargets(range: 2)
        #expect(try targets.ids(to: Self.to, in: service) == ["\(Self.from) supports \(Self.to)"])
        #expect(try targets.ids(to: Self.from, in: service).isEmpty)
        _ = try service.link(Self.to, kind: "contradicts", to: Self.from, note: nil, options: options)
        #expect(try targets.ids(to: Self.from, in: service) == ["\(Self.to) contradicts \(Self.from)"])
    }
}
