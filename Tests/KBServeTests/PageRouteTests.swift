import Foundation
import Hummingbird
import HummingbirdTesting
import KBCore
import Testing
@testable import KBServe

/// Every page, on the seed KB: what it must show, and that it says so as HTML with the headers.
struct PageRouteTests {
    static let mission = "claims for ml-platform-engineer where cohort=older"

    @Test func homeListsTheSavedQueriesAndTheTaxonomy() async throws {
        try await ServeFixture.withClient { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let saved = try SavedQuery.bundled
                #expect(!saved.isEmpty)
                for query in saved { #expect(response.text.contains(HTML.escape(URLText.results(query.query)))) }
                #expect(response.text.contains("<label for=\"q\">Query</label>"))
                #expect(response.text.contains("href=\"/nodes/role/ml-platform-engineer\""))
            }
        }
    }

    @Test func resultsShowRankGradeEvidenceWhyAndFacets() async throws {
        try await ServeFixture.withClient { client in
            try await client.execute(uri: URLText.results(Self.mission), method: .get) { response in
                #expect(response.status == .ok)
                let page = response.text
                #expect(page.contains("The AI layer of hiring often amplifies"))
                #expect(page.contains("<span class=\"grade grade-very-low\">very-low</span>"))
                #expect(page.contains("<details class=\"why\"><summary>why</summary>"))
                #expect(page.contains("Results 1–2 of 2 claims."))
                // Another value adds its filter.
                let added = try KBService.togglingFilter(.grade, value: "very-low", in: Self.mission)
                #expect(added == "claims for ml-platform-engineer where cohort = older and grade = very-low")
                #expect(page.contains(HTML.escape(URLText.results(added))))
                #expect(page.contains("value=\"\(HTML.escape(Self.mission))\""))
            }
        }
    }

    @Test func aFilterTheQueryHasIsSelectedAndItsLinkRemovesIt() async throws {
        try await ServeFixture.withClient { client in
            let query = "claims for ml-platform-engineer where cohort=older-workers"
            try await client.execute(uri: URLText.results(query), method: .get) { response in
                let without = URLText.results("claims for ml-platform-engineer")
                #expect(response.text.contains("<li class=\"selected\"><a href=\"\(HTML.escape(without))\">"))
            }
        }
    }

    @Test func resultsArePaged() async throws {
        var configuration = ServeConfiguration()
        configuration.pageSize = 5
        try await ServeFixture.withClient(configuration) { client in
            let first = try await client.execute(uri: URLText.results("claims"), method: .get) { $0.text }
            #expect(first.contains("Results 1–5 of 16 claims."))
            #expect(first.contains("Page 1 of 4"))
            #expect(first.contains("rel=\"next\" href=\"/query?q=claims&amp;page=2\""))
            let last = try await client.execute(uri: URLText.results("claims", page: 4), method: .get) { $0.text }
            #expect(last.contains("Results 16–16 of 16 claims."))
            #expect(!last.contains("rel=\"next\""))
            try await client.execute(uri: "/query?q=claims&page=zero", method: .get) { #expect($0.status == .badRequest) }
        }
    }

    @Test func aBrokenQueryShowsItsCaretUnderTheBox() async throws {
        try await ServeFixture.withClient { client in
            try await client.execute(uri: URLText.results("claims where cohortt=older"), method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("<pre>claims where cohortt=older\n             ^^^^^^^</pre>"))
                #expect(response.text.contains("help: did you mean &#39;cohort&#39;?"))
                #expect(response.text.contains("value=\"claims where cohortt=older\""))
            }
            try await client.execute(uri: "/query?q=", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/")
            }
        }
    }

    @Test func claimSourceNodeAndAuditPages() async throws {
        try await ServeFixture.withClient { client in
            try await client.execute(uri: "/claims/page-cohort-outcomes-differ", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("href=\"/nodes/cohort/older-workers\""))
                #expect(response.text.contains("no source: an assertion without a citation"))
            }
            try await client.execute(uri: "/sources/noy2023experimental", method: .get) { response in
                #expect(response.status == .ok)
                let page = response.text
                #expect(page.contains("@article{noy2023experimental,"))
                #expect(page.contains("TY  - JOUR"))
                for style in ExportStyle.allCases {
                    #expect(page.contains("<h3>\(style.rawValue)</h3>"))
                    let link = URLText.link("/api/export", [("q", KBService.sourceQuery("noy2023experimental")), ("style", style.rawValue)])
                    #expect(page.contains("href=\"\(HTML.escape(link))\" download"))
                }
                #expect(page.contains("Claims that cite it"))
                #expect(page.contains("href=\"/claims/"))
            }
            try await client.execute(uri: "/nodes/role/ml-platform-engineer", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("<h2>Neighbours</h2>"))
                #expect(response.text.contains(HTML.escape(URLText.results("claims for ml-platform-engineer"))))
            }
            try await client.execute(uri: "/audit", method: .get) { response in
                #expect(response.status == .ok)
                let report = try ServeFixture.service().auditReport()
                for (rule, count) in report.countsByRule where count > 0 {
                    #expect(response.text.contains("id=\"rule-\(rule.id)\""))
                }
            }
            for path in ["/claims/noy2023experimental", "/sources/page-cohort-outcomes-differ", "/nodes/role/nobody", "/nodes/planet/earth", "/no/such/page"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .notFound, "\(path)")
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                }
            }
        }
    }

    @Test func assetsAndSecurityHeaders() async throws {
        try await ServeFixture.withClient { client in
            for (path, type) in [("/static/kb.css", "text/css; charset=utf-8"), ("/static/kb.js", "text/javascript; charset=utf-8")] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == type)
                }
            }
            for path in ["/", "/api/query?q=claims", "/nope", "/api/nope"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.headers[.contentSecurityPolicy]?.hasPrefix("default-src 'self'") == true, "\(path)")
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                    #expect(response.headers[HTTPFields.Element.Name("Referrer-Policy")!] == "same-origin")
                }
            }
            // No inline script or style anywhere: the CSP would block them.
            let home = try await client.execute(uri: "/", method: .get) { $0.text }
            #expect(!home.contains("<script>") && !home.contains("<style") && !home.contains(" style=\""))
        }
    }

    @Test func hostileTextFromAnImportIsShownAsText() async throws {
        let service = try ServeFixture.service()
        try ServeFixture.importHostile(into: service)
        try await ServeFixture.withClient(service: service) { client in
            let pages = ["/sources/xss2024payloads", URLText.results("sources where year = 2024"), URLText.results("citations"), "/audit"]
            for path in pages {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok, "\(path)")
                    let page = response.text
                    for payload in ["<script>window", "<img src=x", "<svg onload", "<b onmouseover", "</textarea><script>", "href=\"javascript:"] {
                        #expect(!page.contains(payload), "\(path) carries \(payload)")
                    }
                }
            }
            let source = try await client.execute(uri: "/sources/xss2024payloads", method: .get) { $0.text }
            #expect(source.contains("&lt;script&gt;window.__kbxss=1&lt;/script&gt;"))
            #expect(source.contains("javascript:window.__kbxss=5"))
        }
    }
}
