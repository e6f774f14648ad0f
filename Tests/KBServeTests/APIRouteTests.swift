import Foundation
import Hummingbird
import HummingbirdTesting
import KBCore
import Testing
@testable import KBServe

/// The JSON API: the CLI's JSON, exports as files, the OpenAPI document, and every error status.
struct APIRouteTests {
    static let mission = "claims for ml-platform-engineer where cohort=older"

    @Test func queryIsTheCLIsObjectPlusNext() async throws {
        let service = try ServeFixture.service()
        let cli = ResultRenderer(format: .json).render(try service.run(QueryRequest(Self.mission)).outcome)
        try await ServeFixture.withClient(service: service) { client in
            try await client.execute(uri: URLText.link("/api/query", [("q", Self.mission)]), method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                #expect(response.text.replacingOccurrences(of: "\n  \"next\": null,", with: "") == cli)
                #expect(response.text.contains("\n  \"next\": null,\n  \"query\": "))
            }
        }
    }

    @Test func aGroupByQueryIsTheCLIsGroupedObjectPlusNext() async throws {
        // The trial's GET /api/query?q=claims group by cohort answered 400 query.grouped.
        let service = try ServeFixture.service()
        let cli = GroupRenderer(format: .json).render(try service.group(QueryRequest("claims group by cohort")).outcome)
        try await ServeFixture.withClient(service: service) { client in
            try await client.execute(uri: URLText.link("/api/query", [("q", "claims group by cohort")]), method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.replacingOccurrences(of: "\n  \"next\": null,", with: "") == cli)
                #expect(response.text.contains("\"group_by\""))
            }
            try await client.execute(uri: URLText.link("/api/query", [("q", "claims group by cohort"), ("offset", "5")]), method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    /// Every shape `/api/query` answers with — claims, sources, citations, a `group by` — holds
    /// each field the OpenAPI document's QueryResult requires (the trial's `group by` answer
    /// lacked `total_exact`, which a client validating against the schema rejected).
    @Test func everyAnswerHoldsTheFieldsQueryResultRequires() async throws {
        let document = try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any]
        let schemas = (document?["components"] as? [String: Any])?["schemas"] as? [String: Any]
        let required = try #require((schemas?["QueryResult"] as? [String: Any])?["required"] as? [String])
        #expect(required.contains("total_exact"))
        try await ServeFixture.withClient { client in
            for query in [Self.mission, "sources where year >= 2020", "citations for ml-platform-engineer", "claims group by cohort", "claims group by design, grade"] {
                let object = try await client.execute(uri: URLText.link("/api/query", [("q", query)]), method: .get) { response in
                    #expect(response.status == .ok, "\(query)")
                    return try response.json()
                }
                for field in required { #expect(object[field] != nil, "\(query): no \(field)") }
                #expect(object["total_exact"] as? Bool == true, "\(query)")
            }
        }
    }

    @Test func nextPagesThroughTheResults() async throws {
        try await ServeFixture.withClient { client in
            var uri: String? = URLText.link("/api/query", [("q", "claims rank by strength"), ("limit", "6")])
            var ranks: [Int] = []
            while let next = uri {
                let object = try await client.execute(uri: next, method: .get) { try $0.json() }
                #expect(object["total"] as? Int == 16)
                ranks += (object["results"] as? [[String: Any]] ?? []).compactMap { $0["rank"] as? Int }
                uri = object["next"] as? String
            }
            #expect(ranks == Array(1...16))
        }
    }

    /// `exact_total` (``TotalCount``): true or false, else a 400 that says so; either way the seed
    /// KB's 16 claims are counted exactly (below the bound), and `total_exact` says it.
    @Test func exactTotalIsAFlag() async throws {
        try await ServeFixture.withClient { client in
            for value in ["true", "false"] {
                let object = try await client.execute(uri: URLText.link("/api/query", [("q", "claims"), ("limit", "2"), ("exact_total", value)]), method: .get) {
                    #expect($0.status == .ok)
                    return try $0.json()
                }
                #expect(object["total"] as? Int == 16 && object["total_exact"] as? Bool == true, "\(value)")
            }
            for value in ["maybe", "1", "yes", ""] {
                try await client.execute(uri: URLText.link("/api/query", [("q", "claims"), ("exact_total", value)]), method: .get) { response in
                    #expect(response.status == .badRequest, "\(value)")
                    #expect(response.text.contains("'exact_total' is true or false, not '\(value)'"), "\(response.text)")
                }
            }
        }
    }

    /// Past the bound (1000): "more than 1000" unless `exact_total=true`, which every `next`
    /// link keeps, so that a client paging through an exact total keeps getting it.
    @Test func exactTotalCountsPastTheBoundAndNextKeepsIt() async throws {
        try await ServeFixture.withClient(service: try ServeFixture.manyClaims(1_050)) { client in
            let bounded = try await client.execute(uri: URLText.link("/api/query", [("q", "claims for analyst"), ("limit", "500")]), method: .get) { try $0.json() }
            #expect(bounded["total"] as? Int == 1000 && bounded["total_exact"] as? Bool == false && bounded["truncated"] as? Bool == true)
            var uri: String? = URLText.link("/api/query", [("q", "claims for analyst"), ("limit", "500"), ("exact_total", "true")])
            var pages = 0
            while let next = uri {
                let object = try await client.execute(uri: next, method: .get) { try $0.json() }
                #expect(object["total"] as? Int == 1050 && object["total_exact"] as? Bool == true, "\(next)")
                uri = object["next"] as? String
                if let uri { #expect(uri.contains("exact_total=true"), "\(uri)") }
                pages += 1
            }
            #expect(pages == 3)
            // Without it, the pages say "more than 1000" until the count reaches the end: the
            // second page ends at the bound (total 1000, not exact), and its `next` still follows.
            uri = URLText.link("/api/query", [("q", "claims for analyst"), ("limit", "500")])
            var totals: [String] = []
            var ranks: [Int] = []
            while let next = uri {
                let object = try await client.execute(uri: next, method: .get) { try $0.json() }
                totals.append("\(object["total"] as? Int ?? -1)\(object["total_exact"] as? Bool == true ? "" : "+")")
                ranks += (object["results"] as? [[String: Any]] ?? []).compactMap { $0["rank"] as? Int }
                uri = object["next"] as? String
            }
            #expect(totals == ["1000+", "1000+", "1050"])
            #expect(ranks == Array(1...1050))
        }
    }

    /// `--limit` past the bound moves it: exact up to the limit, "more than" the limit past it
    /// (the trial's `--limit 2000` said "more than 2001").
    @Test func aLimitPastTheBoundIsTheBound() async throws {
        let service = try ServeFixture.manyClaims(1_050)
        let cut = try service.run(QueryRequest("claims for analyst", limit: 1_020))
        #expect(cut.outcome.total == 1_020 && !cut.outcome.isTotalExact && cut.outcome.isTruncated && cut.outcome.count == 1_020)
        #expect(cut.notice?.message.contains("showing the first 1020 of more than 1020 claims") == true, "\(cut.notice?.message ?? "")")
        let whole = try service.run(QueryRequest("claims for analyst", limit: 1_050))
        #expect(whole.outcome.total == 1_050 && whole.outcome.isTotalExact && !whole.outcome.isTruncated)
        let citations = try service.run(QueryRequest("sources for analyst", limit: 1))
        #expect(citations.outcome.total == 1 && citations.outcome.isTotalExact && !citations.outcome.isTruncated)
    }

    /// The query's own `limit` caps the results, and the paging keeps to the cap: every `next`
    /// the API gives answers 200, and the pages hold each result once (review 11 M1: the `next`
    /// of `claims limit 5` led to a 404, and `offset=4` gave rows beyond the limit).
    @Test func nextKeepsToTheQuerysOwnLimit() async throws {
        try await ServeFixture.withClient { client in
            func follow(_ first: String) async throws -> (ranks: [Int], ids: [String], pages: Int) {
                var uri: String? = first
                var ranks: [Int] = [], ids: [String] = [], pages = 0
                while let next = uri {
                    let object = try await client.execute(uri: next, method: .get) { response -> [String: Any] in
                        #expect(response.status == .ok, "\(next)")
                        return try response.json()
                    }
                    let rows = object["results"] as? [[String: Any]] ?? []
                    ranks += rows.compactMap { $0["rank"] as? Int }
                    ids += rows.compactMap { ($0["claim"] as? [String: Any])?["id"] as? String }
                    pages += 1
                    uri = object["next"] as? String
                }
                return (ranks, ids, pages)
            }
            // The query's limit alone: one page of 5, no next.
            let own = try await follow(URLText.link("/api/query", [("q", "claims rank by strength limit 5")]))
            #expect(own.ranks == Array(1...5) && own.pages == 1)
            // Pages of 4 within a cap of 11: 4 + 4 + 3, each result once.
            let paged = try await follow(URLText.link("/api/query", [("q", "claims rank by strength limit 11"), ("limit", "4")]))
            #expect(paged.ranks == Array(1...11) && paged.pages == 3)
            #expect(Set(paged.ids).count == 11 && paged.ids.count == 11)
            // An offset inside the cap gives only what is left of it; at the cap, past the end.
            try await client.execute(uri: URLText.link("/api/query", [("q", "claims rank by strength limit 5"), ("offset", "4")]), method: .get) { response in
                #expect(response.status == .ok)
                let object = try response.json()
                #expect((object["results"] as? [[String: Any]] ?? []).compactMap { $0["rank"] as? Int } == [5])
                #expect(object["next"] is NSNull)
            }
            try await client.execute(uri: URLText.link("/api/query", [("q", "claims rank by strength limit 5"), ("offset", "5")]), method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func recordsAreKbShowsJSON() async throws {
        let service = try ServeFixture.service()
        let claim = RecordRenderer.render(try service.record("page-cohort-outcomes-differ"), format: .json)
        let source = RecordRenderer.render(try service.record("noy2023experimental"), format: .json)
        try await ServeFixture.withClient(service: service) { client in
            // A claim: kb show's object, plus its links (none here; ClaimLinksRouteTests).
            try await client.execute(uri: "/api/claims/page-cohort-outcomes-differ", method: .get) { response in
                var served = try response.json()
                #expect((served.removeValue(forKey: "relations") as? [Any])?.isEmpty == true)
                let shown = try #require(try JSONSerialization.jsonObject(with: Data(claim.utf8)) as? [String: Any])
                #expect(NSDictionary(dictionary: served).isEqual(to: shown))
            }
            // A source: kb show's object, plus its standing (trial 9 bug 6; SourceNoticesAPITests).
            try await client.execute(uri: "/api/sources/noy2023experimental", method: .get) { response in
                var served = try response.json()
                #expect(served.removeValue(forKey: "retracted") as? Bool == false)
                #expect((served.removeValue(forKey: "notices") as? [Any])?.isEmpty == true)
                let shown = try #require(try JSONSerialization.jsonObject(with: Data(source.utf8)) as? [String: Any])
                #expect(NSDictionary(dictionary: served).isEqual(to: shown))
            }
            for path in ["/api/claims/noy2023experimental", "/api/sources/page-cohort-outcomes-differ", "/api/claims/nope"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .notFound)
                    let error = try #require(try response.json()["error"] as? [String: Any])
                    #expect(error["id"] as? String == "not-found")
                    #expect(error["line"] is NSNull)
                }
            }
        }
    }

    @Test func exportsAreFilesWithTheirTypeAndName() async throws {
        let service = try ServeFixture.service()
        let query = "citations for ml-platform-engineer"
        try await ServeFixture.withClient(service: service) { client in
            for style in ExportStyle.allCases {
                let expected = try service.export(query, style: style).text
                try await client.execute(uri: URLText.link("/api/export", [("q", query), ("style", style.rawValue)]), method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.text == expected)
                    #expect(response.headers[.contentType] == KBServer.contentType(style))
                    #expect(response.headers[.contentDisposition] == "attachment; filename=\"kb-export.\(style.fileExtension)\"")
                }
            }
            #expect(KBServer.contentType(.bibtex) == "application/x-bibtex; charset=utf-8")
            try await client.execute(uri: URLText.link("/api/export", [("q", query), ("style", "word")]), method: .get) { response in
                #expect(response.status == .badRequest)
                let error = try #require(try response.json()["error"] as? [String: Any])
                #expect((error["help"] as? String)?.contains("bibtex") == true)
            }
        }
    }

    @Test func auditIsKbAuditsJSON() async throws {
        let service = try ServeFixture.service()
        let expected = try service.auditJSON()
        try await ServeFixture.withClient(service: service) { client in
            try await client.execute(uri: "/api/audit", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text == expected)
                let object = try JSONSerialization.jsonObject(with: Data(response.text.utf8))
                #expect(object is [String: Any])
            }
        }
    }

    @Test func openAPIDescribesEveryRoute() async throws {
        try await ServeFixture.withClient { client in
            let document = try await client.execute(uri: "/openapi.json", method: .get) { try $0.json() }
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: Any])
            // Without --write, only what this server answers (trial 9 bug 7): no write path, no write operation.
            #expect(Set(paths.keys) == Set(OpenAPIDocument.paths))
            for (path, item) in paths {
                let operations = try #require(item as? [String: Any])
                #expect(operations["patch"] == nil && operations["delete"] == nil && operations["post"] == nil, "\(path)")
            }
            let samples = ["{id}": "page-cohort-outcomes-differ", "{kind}": "role", "{slug}": "ml-platform-engineer"]
            for path in OpenAPIDocument.paths {
                var uri = path
                for (name, value) in samples { uri = uri.replacingOccurrences(of: name, with: value) }
                if path == "/api/sources/{id}" || path == "/sources/{id}" { uri = uri.replacingOccurrences(of: "page-cohort-outcomes-differ", with: "noy2023experimental") }
                if path.hasSuffix("query") || path == "/api/export" { uri += "?q=claims&style=apa" }
                try await client.execute(uri: uri, method: .get) { #expect($0.status == .ok, "\(uri)") }
            }
        }
    }

    /// Review 13 m5/m6: the read-only document is not the write one, keeps no component only the
    /// writes used, and every `$ref` of either document names a component it has; claims and
    /// sources have their own schemas.
    @Test func openAPIDocumentsReferToWhatTheyHave() throws {
        #expect(OpenAPIDocument.readOnly != OpenAPIDocument.json)
        for (text, writes) in [(OpenAPIDocument.readOnly, false), (OpenAPIDocument.json, true)] {
            let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let components = try #require(document["components"] as? [String: Any])
            let named = Set(components.flatMap { group, items in ((items as? [String: Any]) ?? [:]).keys.map { group + "/" + $0 } })
            let references = OpenAPIDocument.references(in: document)
            #expect(references.isSubset(of: named), "\(references.subtracting(named))")
            #expect(named.contains("schemas/WriteBody") == writes && named.contains("schemas/WriteResult") == writes && named.contains("responses/Written") == writes)
            #expect(named.contains("securitySchemes/bearer"))
            let schemas = try #require(components["schemas"] as? [String: Any])
            let source = try #require((schemas["Source"] as? [String: Any])?["required"] as? [String])
            #expect(source == ["retracted", "notices"])
            #expect((schemas["Claim"] as? [String: Any])?["required"] as? [String] == ["relations"])
            if !writes { #expect(references == named.subtracting(["securitySchemes/bearer"]), "\(named.subtracting(references))") }
        }
    }

    @Test func openAPIWithWriteDescribesTheWrites() async throws {
        try await ServeFixture.withClient(WriteRouteTests.writing) { client in
            let document = try await client.execute(uri: "/openapi.json", method: .get) { try $0.json() }
            let paths = try #require(document["paths"] as? [String: Any])
            #expect(Set(paths.keys) == Set(OpenAPIDocument.paths + OpenAPIDocument.writePaths))
            #expect((paths["/api/claims/{id}"] as? [String: Any])?["patch"] != nil)
        }
    }

    @Test func aQueryErrorHasItsPositionAndHelp() async throws {
        try await ServeFixture.withClient { client in
            try await client.execute(uri: URLText.link("/api/query", [("q", "claims where cohortt=older")]), method: .get) { response in
                #expect(response.status == .badRequest)
                let error = try #require(try response.json()["error"] as? [String: Any])
                #expect(error["id"] as? String == "query.unknown-field")
                #expect(error["line"] as? Int == 1)
                #expect(error["column"] as? Int == 14)
                #expect(error["help"] as? String == "did you mean 'cohort'?")
            }
            for uri in ["/api/query", "/api/query?q=claims&limit=0", "/api/query?q=claims&offset=-1", "/api/query?q=claims&limit=99999"] {
                try await client.execute(uri: uri, method: .get) { #expect($0.status == .badRequest, "\(uri)") }
            }
        }
    }

    @Test func aQueryOverTheTimeLimitIsStoppedWith503() async throws {
        var configuration = ServeConfiguration()
        configuration.timeLimit = 1e-9
        try await ServeFixture.withClient(configuration) { client in
            try await client.execute(uri: "/api/query?q=claims", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let error = try #require(try response.json()["error"] as? [String: Any])
                #expect(error["id"] as? String == "time-limit")
                #expect(!response.text.contains("SELECT"))
            }
            try await client.execute(uri: "/query?q=claims", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.text.contains("time limit"))
            }
            // The audit is a pass over the whole KB, with its own, longer limit.
            try await client.execute(uri: "/api/audit", method: .get) { #expect($0.status == .ok) }
        }
        configuration.auditComputationTimeLimit = 1e-9
        try await ServeFixture.withClient(configuration) { client in
            // Its 503 says what helps an audit (trial 4: it advised naming a subject in a query).
            try await client.execute(uri: "/api/audit", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.text.contains("the audit of this knowledge base ran longer"))
                #expect(response.text.contains("kb audit"))
                #expect(!response.text.contains("for ROLE'), add a filter"))
            }
            try await client.execute(uri: "/audit", method: .get) { #expect($0.status == .serviceUnavailable) }
        }
    }

    @Test func theFacadeStopsOnlyTheCallUnderALimit() throws {
        let service = try ServeFixture.service()
        #expect(throws: (any Error).self) { try service.withTimeLimit(1e-9) { try service.run(QueryRequest("claims")) } }
        do {
            _ = try service.withTimeLimit(1e-9) { try service.run(QueryRequest("claims")) }
        } catch {
            #expect(KBService.isTimeLimitInterruption(error))
            #expect(ErrorCategory.httpStatus(for: error) == 503)
        }
        // The same thread, afterwards, without a limit: the deadline is gone.
        #expect(try service.run(QueryRequest("claims")).outcome.count == 16)
        #expect(try service.withTimeLimit(60) { try service.run(QueryRequest("claims")) }.outcome.count == 16)
    }

    @Test func bodiesOverTheCapAre413() async throws {
        var configuration = ServeConfiguration(token: "s3cret")
        configuration.maximumBodyBytes = 100
        try await ServeFixture.withClient(configuration) { client in
            let body = ByteBuffer(string: "token=" + String(repeating: "x", count: 500))
            try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: body) { response in
                #expect(response.status == .contentTooLarge)
            }
            try await client.execute(uri: "/api/query?q=claims", method: .post, headers: [.authorization: "Bearer s3cret"], body: body) { response in
                #expect(response.status == .contentTooLarge)
                let error = try #require(try response.json()["error"] as? [String: Any])
                #expect(error["id"] as? String == "body-too-large")
            }
        }
    }

    @Test func aTokenGuardsTheAPIAndThePages() async throws {
        try await ServeFixture.withClient(ServeConfiguration(token: "s3cret")) { client in
            try await client.execute(uri: "/api/query?q=claims", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
            }
            try await client.execute(uri: "/api/query?q=claims", method: .get, headers: [.authorization: "Bearer wrong"]) { #expect($0.status == .unauthorized) }
            // A wrong token's wait (0.25 s) holds the next attempt from this client (LoginThrottleTests).
            try await Task.sleep(for: .milliseconds(300))
            try await client.execute(uri: "/api/query?q=claims", method: .get, headers: [.authorization: "Bearer s3cret"]) { #expect($0.status == .ok) }
            try await client.execute(uri: "/query?q=claims", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/login?next=%2Fquery%3Fq%3Dclaims")
            }
            try await client.execute(uri: "/static/kb.css", method: .get) { #expect($0.status == .ok) }
            let form = [.contentType: "application/x-www-form-urlencoded"] as HTTPFields
            try await client.execute(uri: "/login", method: .post, headers: form, body: ByteBuffer(string: "token=nope&next=%2F")) {
                #expect($0.status == .unauthorized)
            }
            try await Task.sleep(for: .milliseconds(300))
            let cookie = try await client.execute(uri: "/login", method: .post, headers: form,
                                                  body: ByteBuffer(string: "token=s3cret&next=%2Fquery%3Fq%3Dclaims")) { response -> String in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/query?q=claims")
                let setCookie = response.headers[.setCookie] ?? ""
                #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
                return String(setCookie.split(separator: ";")[0])
            }
            try await client.execute(uri: "/query?q=claims", method: .get, headers: [.cookie: cookie]) { #expect($0.status == .ok) }
            try await client.execute(uri: "/query?q=claims", method: .get, headers: [.cookie: "kb_session=forged"]) { #expect($0.status == .seeOther) }
        }
    }

    /// Trial 9 bug 8: with --token, an API write needs the token; the session of a browser's
    /// login opens the pages, the forms and the API's reads, not its writes.
    @Test func withATokenAnAPIWriteNeedsTheTokenNotTheSession() async throws {
        var configuration = ServeConfiguration(allowsWrites: true, token: "s3cret")
        configuration.author = "tester"
        try await ServeFixture.withClient(configuration) { client in
            let form = [.contentType: "application/x-www-form-urlencoded"] as HTTPFields
            let cookie = try await client.execute(uri: "/login", method: .post, headers: form, body: ByteBuffer(string: "token=s3cret&next=%2F")) { response in
                String((response.headers[.setCookie] ?? "").split(separator: ";")[0])
            }
            try await client.execute(uri: "/api/query?q=claims", method: .get, headers: [.cookie: cookie]) { #expect($0.status == .ok) }
            let body = #"{"fields": {"statement": "Written with the session alone."}}"#
            try await client.execute(uri: "/api/claims", method: .post, headers: [.cookie: cookie, .contentType: "application/json"],
                                     body: ByteBuffer(string: body)) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/claims", method: .post, headers: [.authorization: "Bearer s3cret", .contentType: "application/json"],
                                     body: ByteBuffer(string: body)) { #expect($0.status == .created) }
        }
    }

    @Test func anotherHostThanLoopbackNeedsAToken() {
        #expect(ServeConfiguration(host: "0.0.0.0").refusal?.contains("without --token") == true)
        #expect(ServeConfiguration(host: "192.0.2.1").refusal != nil)
        #expect(ServeConfiguration(host: "0.0.0.0", token: "t").refusal == nil)
        #expect(ServeConfiguration(host: "127.0.0.1").refusal == nil)
        #expect(ServeConfiguration(host: "::1").refusal == nil)
        #expect(ServeConfiguration(host: "localhost").refusal == nil)
        #expect(ServeConfiguration(timeLimit: 0).refusal != nil)
    }

    @Test func facetsCountAllMatchesNotTheFetchedPage() throws {
        let service = try ServeFixture.service()
        // Two rows fetched, sixteen claims counted: the facets are the engine's group by.
        let outcome = try service.run(QueryRequest("claims", limit: 2)).outcome
        #expect(outcome.count == 2)
        let facets = try service.facets(of: outcome)
        let grade = try #require(facets.first { $0.field == .grade })
        #expect(grade.entries.map(\.count).reduce(0, +) == 16)
        let grouped = try service.group(QueryRequest("claims group by grade")).outcome.rows
        #expect(grade.entries.map(\.value) == grouped.compactMap { $0.values.first ?? nil })
        #expect(facets.map(\.field).allSatisfy { KBService.facetFields.contains($0) })
        let filtered = try service.run(QueryRequest("claims where grade = very-low")).outcome
        let selected = try #require(try service.facets(of: filtered).first { $0.field == .grade }?.entries.first)
        #expect(selected.value == "very-low" && selected.isSelected)
        #expect(try KBService.togglingFilter(.grade, value: "very-low", in: "claims where grade = very-low") == "claims")
        #expect(try KBService.togglingFilter(.year, value: "2023", in: "claims where a = b or grade = low".replacingOccurrences(of: "a = b", with: "cohort = older"))
            == "claims where (cohort = older or grade = low) and year = 2023")
    }

    @Test func aFilterWrittenWithAnAliasSelectsItsFacetValue() throws {
        let service = try ServeFixture.service()
        let outcome = try service.run(QueryRequest("claims where cohort=older")).outcome
        let cohort = try #require(try service.facets(of: outcome).first { $0.field == .cohort })
        let selected = try #require(cohort.entries.first { $0.isSelected })
        #expect(selected.value == "older-workers")
        #expect(selected.written == "older")
        #expect(cohort.entries.filter(\.isSelected).count == 1)
    }
}
