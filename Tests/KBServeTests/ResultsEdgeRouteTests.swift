import Foundation
import Hummingbird
import HummingbirdTesting
import KBCore
import Testing
@testable import KBServe

/// The results page and `/api/query` at their edges (trial 7 bugs 5 and 8, review 10): too many
/// matches to count facets over, an empty query, a page past the end, a 503's Retry-After.
struct ResultsEdgeRouteTests {
    /// A total counted up to a bound (``TotalCount``) and passed is "more than" on the page, and
    /// the pager says where the pages have come to, not a last page.
    @Test func aBoundedTotalIsAtLeastOnThePage() throws {
        let service = try ServeFixture.service()
        let answer = try service.run(QueryRequest("claims limit 2", total: .atMost(3)))
        #expect(answer.outcome.total == 3 && !answer.outcome.isTotalExact)
        let page = ResultsPage.render(query: "claims", answer: answer, paging: ResultsPage.Paging(page: 1, pageSize: 2, available: 3, isExact: false),
                                      facets: .tooMany(3, exact: false)).rendered
        #expect(page.contains("Results 1–2 of more than 3 claims."), "\(page)")
        #expect(page.contains("Page 1 of more than 2</span>") && page.contains("rel=\"next\""), "\(page)")
        #expect(page.contains("Facet counts skipped: more than 3 results"), "\(page)")
        // A page that ends at an inexact total ("more than 4") still has a next one.
        let deeper = try service.run(QueryRequest("claims limit 4", total: .atMost(3)))
        #expect(deeper.outcome.total == 4 && !deeper.outcome.isTotalExact)
        let second = ResultsPage.render(query: "claims", answer: deeper, paging: ResultsPage.Paging(page: 2, pageSize: 2, available: 4, isExact: false),
                                        facets: .tooMany(4, exact: false)).rendered
        #expect(second.contains("Page 2 of more than 2</span>") && second.contains("rel=\"next\""), "\(second)")
        // Its JSON link asks for the count the page made: bounded here, exact past 1000 below.
        #expect(second.contains("href=\"/api/query?q=claims\">JSON</a>"), "\(second)")
        let exact = try service.run(QueryRequest("claims limit 2", total: .exact))
        let exactPage = ResultsPage.render(query: "claims limit 2", answer: exact, paging: ResultsPage.Paging(page: 1, pageSize: 2, available: 2),
                                           facets: .counted([])).rendered
        #expect(exactPage.contains("Results 1–2 of 16 claims."), "\(exactPage)")
    }

    /// A results page counts up to its facet limit, past /api/query's 1000: its JSON link asks
    /// for the exact total then, so that both say 1050 (the trial's page said 1024, its JSON
    /// "more than 1000").
    @Test func thePagesJSONLinkSaysTheSameTotal() async throws {
        try await ServeFixture.withClient(service: try ServeFixture.manyClaims(1_050)) { client in
            let link = try await client.execute(uri: URLText.results("claims for analyst"), method: .get) { response -> String in
                #expect(response.text.contains("of 1050 claims."), "\(response.text.prefix(2000))")
                let anchor = try #require(response.text.components(separatedBy: "\">JSON</a>").first?.components(separatedBy: "href=\"").last)
                return anchor.replacingOccurrences(of: "&amp;", with: "&")
            }
            #expect(link.hasSuffix("exact_total=true"), "\(link)")
            let object = try await client.execute(uri: link, method: .get) { try $0.json() }
            #expect(object["total"] as? Int == 1050 && object["total_exact"] as? Bool == true)
        }
    }

    @Test func tooManyMatchesForFacetsStillAnswersThePageAndSaysTheyWereSkipped() async throws {
        var configuration = ServeConfiguration()
        configuration.facetMatchLimit = 3
        try await ServeFixture.withClient(configuration) { client in
            try await client.execute(uri: URLText.results("claims"), method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Results 1–16 of 16 claims."))
                #expect(response.text.contains("Facet counts skipped: 16 results; narrow the query"))
                #expect(!response.text.contains("<span class=\"count\">"))
            }
        }
        // Under the default: counted as before.
        try await ServeFixture.withClient { client in
            try await client.execute(uri: URLText.results("claims"), method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("<span class=\"count\">"))
                #expect(!response.text.contains("Facet counts skipped"))
            }
        }
    }

    @Test func anEmptyQueryIsEmptyNotMissing() async throws {
        try await ServeFixture.withClient { client in
            try await client.execute(uri: "/api/query?q=", method: .get) { response in
                #expect(response.status == .badRequest)
                let error = try response.json()["error"] as? [String: Any]
                #expect(error?["message"] as? String == "the query is empty")
            }
            try await client.execute(uri: "/api/query?q=%20%20", method: .get) { response in
                let error = try response.json()["error"] as? [String: Any]
                #expect(error?["message"] as? String == "the query is empty")
            }
            try await client.execute(uri: "/api/query", method: .get) { response in
                let error = try response.json()["error"] as? [String: Any]
                #expect(error?["message"] as? String == "the parameter 'q' is missing")
            }
        }
    }

    @Test func aPagePastTheEndSaysSoWithTheWayBack() async throws {
        var configuration = ServeConfiguration()
        configuration.pageSize = 5
        try await ServeFixture.withClient(configuration) { client in
            try await client.execute(uri: URLText.results("claims", page: 5), method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.text.contains("Page 5 is past the end: the 16 results end on <a href=\"/query?q=claims&amp;page=4\">page 4</a>."))
                #expect(!response.text.contains("Results 16–16"))
            }
            try await client.execute(uri: "/api/query?q=claims&limit=5&offset=15", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/query?q=claims&limit=5&offset=16", method: .get) { response in
                #expect(response.status == .notFound)
                let error = try #require(try response.json()["error"] as? [String: Any])
                #expect(error["id"] as? String == "past-the-end")
                #expect(error["message"] as? String == "'offset' 16 is past the end: the query has 16 results")
                #expect(error["help"] as? String == "the last page starts at offset 15")
            }
        }
    }

    /// Review 11 m7: no results is said as such, not "the 0 results end on page 1".
    @Test func aPagePastTheEndOfNoResultsSaysThereAreNone() async throws {
        let query = "claims where design=rct"
        try await ServeFixture.withClient { client in
            try await client.execute(uri: URLText.link("/api/query", [("q", query)]), method: .get) { response in
                #expect(response.status == .ok)
                let total = try response.json()["total"] as? Int
                #expect(total == 0, "the fixture needs a query without results")
            }
            try await client.execute(uri: URLText.results(query, page: 2), method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.text.contains("Page 2 is past the end: the query has no results"))
                #expect(!response.text.contains("the 0 results"))
            }
            try await client.execute(uri: URLText.link("/api/query", [("q", query), ("offset", "5")]), method: .get) { response in
                #expect(response.status == .notFound)
                let error = try #require(try response.json()["error"] as? [String: Any])
                #expect(error["message"] as? String == "'offset' 5 is past the end: the query has no results")
            }
        }
    }

    /// Review 11 m4: a query whose facets ran out of time at this state of the KB skips them at
    /// once (no second count spending the limit); a write, a new state, tries again.
    @Test func facetsThatRanOutOfTimeAreNotCountedAgainUntilTheKBChanges() async throws {
        let service = try ServeFixture.service()
        let server = KBServer(service: service, configuration: ServeConfiguration())
        server.facetSkips.remember("claims", at: try service.contentVersion())
        try await server.application().test(.router) { client in
            try await client.execute(uri: URLText.results("claims"), method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Facet counts skipped: counting them over all the matches took longer"))
                #expect(!response.text.contains("<span class=\"count\">"))
            }
            // Another query is counted as usual.
            try await client.execute(uri: URLText.results("claims for data-scientist"), method: .get) { response in
                #expect(!response.text.contains("Facet counts skipped"))
            }
            _ = try service.edit("page-cohort-outcomes-differ", fields: [FieldAssignment(field: "note", value: "changed")],
                                 options: CurationOptions(context: ChangeContext(author: "other", command: "edit")))
            try await client.execute(uri: URLText.results("claims"), method: .get) { response in
                #expect(response.text.contains("<span class=\"count\">"))
                #expect(!response.text.contains("Facet counts skipped"))
            }
        }
        let skips = FacetSkips(capacity: 2)
        let version = try service.contentVersion()
        skips.remember("a", at: version)
        #expect(skips.isSkipped("a", at: version) && !skips.isSkipped("b", at: version))
        #expect(!skips.isSkipped("a", at: ContentVersion(change: version.change + 1, importRun: version.importRun)))
    }

    /// Review 11 m4: how many matches the facets are counted over follows --time-limit.
    @Test func theFacetMatchLimitFollowsTheTimeLimit() {
        #expect(ServeConfiguration().facetMatchLimit == 100_000)
        #expect(ServeConfiguration(timeLimit: 20).facetMatchLimit == 1_000_000)
        var fixed = ServeConfiguration(timeLimit: 20)
        fixed.facetMatchLimit = 7
        #expect(fixed.facetMatchLimit == 7)
    }

    /// Trial 9 bug 1: a long unknown id is a 404 at once (no did-you-mean over every id, whose
    /// cost grows with the id's length), and a record with a long id is still found.
    @Test func aLongUnknownIdIsA404AtOnceAndALongKnownIdIsFound() async throws {
        let service = try ServeFixture.service()
        let long = "claim-" + String(repeating: "a", count: 200)
        _ = try service.add(.claim, fields: [FieldAssignment(field: "id", value: long), FieldAssignment(field: "statement", value: "A claim with a long id.")],
                            options: CurationOptions(context: ChangeContext(author: "t", command: "add")))
        let unknown = String(repeating: "b", count: 20_000)
        try await ServeFixture.withClient(service: service) { client in
            for uri in ["/claims/\(unknown)", "/api/claims/\(unknown)", "/sources/\(unknown)", "/api/sources/\(unknown)", "/nodes/cohort/\(unknown)"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri.prefix(20))")
                    #expect(response.text.contains("20000 bytes"), "\(uri.prefix(20))")
                }
            }
            try await client.execute(uri: "/claims/\(long)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("A claim with a long id."))
            }
            try await client.execute(uri: "/api/claims/\(long)", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func every503SaysWhenToTryAgain() async throws {
        var configuration = ServeConfiguration()
        configuration.timeLimit = 1e-9
        try await ServeFixture.withClient(configuration) { client in
            for uri in [URLText.results("claims"), "/api/query?q=claims"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .serviceUnavailable, "\(uri)")
                    #expect(response.headers[.retryAfter] == "1", "\(uri)")
                }
            }
        }
    }
}
