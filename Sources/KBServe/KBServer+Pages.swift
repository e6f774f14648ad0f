import Hummingbird
import KBCore

/// The pages: home, results, claim, source, taxonomy node, map, audit.
extension KBServer {
    func addPages(to router: Router<KBRequestContext>) {
        router.get("/") { _, _ in
            let parts = try await self.homePageParts()
            // The map is a pass over every claim, drawn once per state of the KB under the maps'
            // limit; should even that run out, the home page is answered without it (linking to /map).
            let map: GapMap?
            do {
                map = try await self.gapMap(rows: MapPage.defaultRows, columns: MapPage.defaultColumns, query: "")
            } catch where ServeError.isTimeLimit(error) {
                map = nil
            }
            return Responses.html(HomePage.render(saved: try SavedQuery.bundled, statistics: parts.statistics, nodes: parts.nodes, map: map))
        }
        router.get("/query") { request, _ in try await self.resultsPage(request) }
        router.get("/claims/:id") { request, context in
            let id = Self.pathParameter(context, "id")
            let (record, history, relations, version) = try await self.call { service -> (Catalog.Record, [Change], [ClaimRelationItem], Int?) in
                try LongIDs.check(id, "claim", in: service)
                let version: Int? = try self.configuration.allowsWrites ? service.recordVersion(id)?.version : nil
                let record = try RecordLookUp.record(id, .claim, in: service)
                guard case let .claim(claim, _, _, _, _, _, _) = record else { return (record, [], [], version) }
                // A link's change is logged under the relation ("A supports B"), not the claim: both join its history.
                let history = try self.newestHistory(ChangeLog.Filter(record: claim.slug), in: service)
                return (record, history, try service.currentRelations(of: claim.slug).map { ClaimRelationItem(from: $0.from, kind: $0.kind, to: $0.to, note: $0.note) }, version)
            }
            guard case let .claim(claim, source, study, strength, grade, replicatedBy, _) = record else {
                throw ServeError.notA("claim", id, record: record)
            }
            let (actions, headers) = self.recordActions(.claim, id: claim.slug, version: version, request: request)
            return Responses.html(RecordPages.claim(claim, source: source, study: study, strength: strength, grade: grade, replicatedBy: replicatedBy,
                                                    extra: ClaimRelationItem.section(relations, of: claim.slug) + ChangesPage.history(history, record: claim.slug) + actions),
                                  headers: headers)
        }
        router.get("/sources/:id") { request, context in
            let id = Self.pathParameter(context, "id")
            let (record, citations, history, version) = try await self.call { service -> (Catalog.Record, [(ExportStyle, String)], [Change], Int?) in
                try LongIDs.check(id, "source", in: service)
                let record = try RecordLookUp.record(id, .source, in: service)
                guard case let .source(source, _, _, _) = record else { return (record, [], [], nil) }
                let query = KBService.sourceQuery(source.slug)
                let version: Int? = try self.configuration.allowsWrites ? service.recordVersion(source.slug)?.version : nil
                return (record, try ExportStyle.allCases.map { ($0, try service.export(query, style: $0, profile: nil).text) },
                        try self.newestHistory(ChangeLog.Filter(record: source.slug), in: service), version)
            }
            guard case let .source(source, studies, claims, replicates) = record else { throw ServeError.notA("source", id, record: record) }
            let (actions, headers) = self.recordActions(.source, id: source.slug, version: version, request: request)
            return Responses.html(RecordPages.source(source, studies: studies, claims: claims, replicates: replicates, citations: citations,
                                                     extra: ChangesPage.history(history, record: source.slug) + actions), headers: headers)
        }
        router.get("/nodes/:kind/:slug") { _, context in
            let kind = Self.pathParameter(context, "kind")
            let slug = Self.pathParameter(context, "slug")
            guard EntityKind(rawValue: kind) != nil else { throw RecordLookUp.unknownKind(kind, slug: slug) }
            try LongIDs.checkNode(kind, slug)
            return Responses.html(RecordPages.node(try await self.call { try RecordLookUp.node(kind, slug, in: $0) }))
        }
        router.get("/map") { request, _ in
            let parameters = Self.parameters(request)
            // What the form shows again when the request is refused: as typed, else the default.
            func typed(_ name: String, _ fallback: String) -> String {
                let text = parameters[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                return text.isEmpty ? fallback : text
            }
            let (rows, columns, query) = (typed("rows", MapPage.defaultRows), typed("cols", MapPage.defaultColumns), typed("q", ""))
            do {
                let (rows, columns, query) = try Self.mapParameters(request)
                let map = try await self.gapMap(rows: rows, columns: columns, query: query)
                return Responses.html(MapPage.render(map, rows: rows, columns: columns, query: query))
            } catch {
                let serveError = ServeError.from(error, timeLimit: self.configuration.mapLimit)
                let shown = serveError.diagnostic.map(ResultsPage.diagnostic)
                    ?? ResultsPage.message(serveError.message + (serveError.help.map { "; " + $0 } ?? ""))
                return Responses.html(Layout.page(title: "Evidence gap map", "<h1>Evidence gap map</h1>\(MapPage.form(rows: rows, columns: columns, query: query))\(shown)"),
                                      status: serveError.status)
            }
        }
        router.get("/changes") { request, _ in
            let filter = try Self.changeFilter(request)
            let before = try Self.changesBefore(request)
            // A claim's changes with its links' (logged under the relation), as its page's History.
            let changes = try await self.call { try self.newestHistory(filter, before: before, in: $0) }
            guard self.configuration.allowsWrites else { return Responses.html(ChangesPage.render(changes, filter: filter, before: before)) }
            let (token, headers) = self.formToken(request)
            return Responses.html(ChangesPage.render(changes, filter: filter, before: before, undoToken: token), headers: headers)
        }
        router.get("/audit") { _, _ in
            Responses.html(AuditPage.render(try await self.auditAnswer().report))
        }
    }

    /// What the KB holds and its nodes with their claims, for the home page: kept until the KB
    /// changes, and read under the maps' limit (at 1M claims they take half a second to read,
    /// several while other requests share the cores).
    func homePageParts() async throws -> HomePage.Parts {
        let version = try await call(limit: configuration.mapLimit) { try $0.contentVersion() }
        scheduler.costs.observe(version)
        return try await homeParts.value(0, version: version) {
            try await self.call(limit: self.configuration.mapLimit, lane: .expensive) { service in
                // Not the database's path: no path of the server's reaches a client.
                HomePage.Parts(statistics: try service.statisticPairs().filter { $0.0 != "database" },
                               nodes: try HomePage.browsable.map { kind in (kind, try service.list(.entities(kind))) })
            }
        }
    }

    /// The changes that match `filter`, a claim's with its links' (as its page's History).
    func history(_ filter: ChangeLog.Filter, in service: any ServedKnowledgeBase) throws -> [Change] {
        try service.history(filter, incoming: try filter.record.map { try relationTargets.ids(to: $0, in: service) } ?? [])
    }

    /// The newest ``ChangesPage/shown`` changes below `before` that match `filter` and one more
    /// (whether older ones remain), oldest first, a claim's with its links' (as its page's
    /// History): read newest first and no further (review 16 m2).
    func newestHistory(_ filter: ChangeLog.Filter, before: Int64? = nil, in service: any ServedKnowledgeBase) throws -> [Change] {
        try service.newestHistory(filter, incoming: try filter.record.map { try relationTargets.ids(to: $0, in: service) } ?? [],
                                  before: before, limit: ChangesPage.shown + 1)
    }

    /// The change log's `before`: a change's id, the page then listing older ones only.
    /// - Throws: ``ServeError`` (400) for one that is not a positive whole number.
    static func changesBefore(_ request: Request) throws -> Int64? {
        guard let text = Self.parameters(request)["before"]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        guard let id = Int64(text), id > 0 else { throw ServeError.badRequest("'before' takes a change's id, such as 1200; found '\(text)'") }
        return id
    }

    /// The change log's filter from `since`, `author` and `record`.
    /// - Throws: ``ServeError`` (400) for a `since` that is neither a date nor a UTC time.
    static func changeFilter(_ request: Request) throws -> ChangeLog.Filter {
        let parameters = Self.parameters(request)
        func value(_ name: String) -> String? {
            let text = parameters[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return text.isEmpty ? nil : text
        }
        let since = value("since")
        if let since, !ChangeLog.validSince(since) {
            throw ServeError.badRequest("'since' takes a date or a UTC time, such as 2026-11-30 or 2026-11-30T04:10:00Z; found '\(since)'")
        }
        return ChangeLog.Filter(record: value("record"), since: since, author: value("author"))
    }

    /// The map's fields and query from `rows`, `cols` and `q` (cohort × boundary of all claims
    /// when neither field is given).
    /// - Throws: ``ServeError`` (400) naming the missing one when only one of `rows` and `cols`
    ///   is given: half a map is not the default map, and drawing that instead would answer a
    ///   question nobody asked.
    static func mapParameters(_ request: Request) throws -> (rows: String, columns: String, query: String) {
        let parameters = Self.parameters(request)
        func value(_ name: String) -> String? {
            let text = parameters[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return text.isEmpty ? nil : text
        }
        switch (value("rows"), value("cols")) {
        case let (rows?, columns?):
            return (rows, columns, value("q") ?? "")
        case (nil, nil):
            return (MapPage.defaultRows, MapPage.defaultColumns, value("q") ?? "")
        case let (rows?, nil):
            throw ServeError.badRequest("the parameter 'cols' is missing: a map needs both fields (rows=\(rows))",
                                        help: "add cols=FIELD, e.g. cols=\(MapPage.defaultColumns); without rows and cols the map is \(MapPage.defaultRows) × \(MapPage.defaultColumns)")
        case let (nil, columns?):
            throw ServeError.badRequest("the parameter 'rows' is missing: a map needs both fields (cols=\(columns))",
                                        help: "add rows=FIELD, e.g. rows=\(MapPage.defaultRows); without rows and cols the map is \(MapPage.defaultRows) × \(MapPage.defaultColumns)")
        }
    }

    /// `/query?q=…&page=N`: the page fetches the results up to its page (or the query's own
    /// `limit`) and shows one page of them; the facets count all the matches (`group by`) in
    /// what is left of the time limit, and are skipped, saying so, when there are too many
    /// matches to count or no time left (trial 7 bug 5: `claims` on a million claims).
    /// The page asked for (1 when none): refused (400) outside 1 … the page of the deepest result.
    static func page(_ parameters: [String: String], pageSize: Int) throws -> Int {
        let page = try integer(parameters, "page", minimum: 1) ?? 1
        guard page * pageSize <= deepestResult else {
            throw ServeError.badRequest("'page' goes beyond the first \(deepestResult) results")
        }
        return page
    }

    func resultsPage(_ request: Request) async throws -> Response {
        let parameters = Self.parameters(request)
        let query = parameters["q"] ?? ""
        let pageSize = configuration.pageSize
        guard !query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            // A page out of range is the documented 400 with or without a query, not the way home (trial 9 bug 7).
            _ = try Self.page(parameters, pageSize: pageSize)
            return Responses.redirect("/")
        }
        do {
            let page = try Self.page(parameters, pageSize: pageSize)
            // The results and the facets in one turn of the lane (a second turn would wait again
            // behind whatever came in meanwhile); the facets get what remains of the request's
            // time limit, so the page answers within it whenever its results do.
            let started = ContinuousClock.now
            let limit = configuration.timeLimit
            let matchLimit = configuration.facetMatchLimit
            let skips = facetSkips
            let (answer, facets) = try await call { service -> (QueryAnswer, ResultsPage.Facets) in
                let ownLimit = try Parser.parse(query).limit
                let version = try service.contentVersion()
                // Counted up to what the facets may count (or the deepest page), not every match.
                let counting = TotalCount.atMost(max(TotalCount.standardBound, matchLimit))
                let answer = try service.run(QueryRequest(query, limit: ownLimit ?? page * pageSize, total: counting))
                guard answer.outcome.isTotalExact, answer.outcome.total <= matchLimit else {
                    return (answer, .tooMany(answer.outcome.total, exact: answer.outcome.isTotalExact))
                }
                // Ran out of time before at this state: not tried again (review 11 m4).
                guard !skips.isSkipped(query, at: version) else { return (answer, .outOfTime) }
                let spent = started.duration(to: .now)
                let left = limit - Double(spent.components.seconds) - Double(spent.components.attoseconds) / 1e18
                guard left > 0.01 else { return (answer, .outOfTime) }
                do {
                    return (answer, .counted(try service.withTimeLimit(left) { try service.facets(of: answer.outcome, limit: 12, profile: nil) }))
                } catch where KBService.isTimeLimitInterruption(error) {
                    if left >= limit / 2 { skips.remember(query, at: version) }
                    return (answer, .outOfTime)
                }
            }
            let outcome = answer.outcome
            let available = outcome.compiled.query.limit.map { min($0, outcome.total) } ?? outcome.total
            let paging = ResultsPage.Paging(page: page, pageSize: pageSize, available: available,
                                            isExact: outcome.isTotalExact || outcome.compiled.query.limit.map { $0 <= outcome.total } == true)
            guard page <= paging.pageCount else {
                // Past the end: said, with the way back, not the last page shown as this one.
                let last = URLText.results(query, page: paging.pageCount)
                let message: HTML = available == 0
                    ? "<div class=\"error\" role=\"alert\" id=\"query-error\">Page \(page) is past the end: the query has no results (<a href=\"\(last)\">page 1</a>).</div>"
                    : "<div class=\"error\" role=\"alert\" id=\"query-error\">Page \(page) is past the end: the \(available) results end on <a href=\"\(last)\">page \(paging.pageCount)</a>.</div>"
                return Responses.html(ResultsPage.errorPage(query: query, error: message, status: 404), status: 404)
            }
            return Responses.html(ResultsPage.render(query: query, answer: answer, paging: paging, facets: facets))
        } catch {
            let serveError = ServeError.from(error, timeLimit: configuration.timeLimit)
            let shown = serveError.diagnostic.map(ResultsPage.diagnostic)
                ?? ResultsPage.message(serveError.message + (serveError.help.map { "; " + $0 } ?? ""))
            return Responses.html(ResultsPage.errorPage(query: query, error: shown, status: serveError.status), status: serveError.status)
        }
    }
}
