import Hummingbird
import KBCore

/// The pages: home, results, claim, source, taxonomy node, audit.
extension KBServer {
    func addPages(to router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in
            let (statistics, nodes) = try await self.call { service -> ([(String, String)], [(EntityKind, [Catalog.Entry])]) in
                let statistics = try service.statistics()
                let nodes = try HomePage.browsable.map { kind in (kind, try service.list(.entities(kind))) }
                return (statistics, nodes)
            }
            return Responses.html(HomePage.render(saved: try SavedQuery.bundled, statistics: statistics, nodes: nodes))
        }
        router.get("/query") { request, _ in try await self.resultsPage(request) }
        router.get("/claims/:id") { _, context in
            let id = context.parameters.get("id") ?? ""
            guard case let .claim(claim, source, study, strength, grade, replicatedBy) = try await self.call({ try $0.record(id) }) else {
                throw ServeError.notFound("no claim '\(id)'")
            }
            return Responses.html(RecordPages.claim(claim, source: source, study: study, strength: strength, grade: grade, replicatedBy: replicatedBy))
        }
        router.get("/sources/:id") { _, context in
            let id = context.parameters.get("id") ?? ""
            let (record, citations) = try await self.call { service -> (Catalog.Record, [(ExportStyle, String)]) in
                let record = try service.record(id)
                guard case let .source(source, _, _, _) = record else { return (record, []) }
                let query = KBService.sourceQuery(source.slug)
                return (record, try ExportStyle.allCases.map { ($0, try service.export(query, style: $0).text) })
            }
            guard case let .source(source, studies, claims, replicates) = record else { throw ServeError.notFound("no source '\(id)'") }
            return Responses.html(RecordPages.source(source, studies: studies, claims: claims, replicates: replicates, citations: citations))
        }
        router.get("/nodes/:kind/:slug") { _, context in
            let kind = context.parameters.get("kind") ?? ""
            let slug = context.parameters.get("slug") ?? ""
            guard EntityKind(rawValue: kind) != nil else { throw ServeError.notFound("no kind of taxonomy node '\(kind)'") }
            guard case let .entity(detail) = try await self.call({ try $0.record("\(kind):\(slug)") }) else {
                throw ServeError.notFound("no \(kind) '\(slug)'")
            }
            return Responses.html(RecordPages.node(detail))
        }
        router.get("/audit") { _, _ in
            Responses.html(AuditPage.render(try await self.call(limit: self.configuration.auditLimit) { try $0.auditReport() }))
        }
    }

    /// `/query?q=…&page=N`: the page fetches at least ``facetWindow`` results (or the query's own
    /// `limit`), shows one page of them and counts facets over all it fetched.
    func resultsPage(_ request: Request) async throws -> Response {
        let parameters = Self.parameters(request)
        let query = parameters["q"] ?? ""
        guard !query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return Responses.redirect("/") }
        let pageSize = configuration.pageSize
        do {
            let page = try Self.integer(parameters, "page", minimum: 1) ?? 1
            guard page * pageSize <= Self.deepestResult else {
                throw ServeError.badRequest("'page' goes beyond the first \(Self.deepestResult) results")
            }
            let answer = try await call { service -> QueryAnswer in
                let ownLimit = try Parser.parse(query).limit
                return try service.run(QueryRequest(query, limit: ownLimit ?? max(page * pageSize, Self.facetWindow)))
            }
            let outcome = answer.outcome
            let available = outcome.compiled.query.limit.map { min($0, outcome.total) } ?? outcome.total
            var paging = ResultsPage.Paging(page: page, pageSize: pageSize, available: available)
            paging.page = min(page, paging.pageCount)
            return Responses.html(ResultsPage.render(query: query, answer: answer, paging: paging,
                                                     facets: KBService.facets(of: outcome), facetsCover: outcome.count))
        } catch {
            let serveError = ServeError.from(error, timeLimit: configuration.timeLimit)
            let shown = serveError.diagnostic.map(ResultsPage.diagnostic)
                ?? ResultsPage.message(serveError.message + (serveError.help.map { "; " + $0 } ?? ""))
            return Responses.html(ResultsPage.errorPage(query: query, error: shown, status: serveError.status), status: serveError.status)
        }
    }
}
