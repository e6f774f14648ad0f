import Hummingbird
import KBCore

/// The JSON API: the CLI's JSON for queries, records and the audit; exports as files.
extension KBServer {
    func addAPI(to router: Router<KBRequestContext>) {
        router.get("/api/query") { request, _ in try await self.apiQuery(request) }
        router.get("/api/claims/:id") { _, context in
            let id = Self.pathParameter(context, "id")
            let (record, relations) = try await self.call { service -> (Catalog.Record, [ClaimRelationItem]) in
                try LongIDs.check(id, "claim", in: service)
                let record = try RecordLookUp.record(id, .claim, in: service)
                guard case let .claim(claim, _, _, _, _, _, _) = record else { return (record, []) }
                return (record, try service.currentRelations(of: claim.slug).map { ClaimRelationItem(from: $0.from, kind: $0.kind, to: $0.to, note: $0.note) })
            }
            guard case .claim = record else { throw ServeError.notA("claim", id, record: record) }
            return Responses.json(ClaimAPIJSON.render(record, relations: relations))
        }
        router.get("/api/sources/:id") { _, context in
            let id = Self.pathParameter(context, "id")
            let record = try await self.call { service in
                try LongIDs.check(id, "source", in: service)
                return try RecordLookUp.record(id, .source, in: service)
            }
            guard case .source = record else { throw ServeError.notA("source", id, record: record) }
            return Responses.json(SourceAPIJSON.render(record))
        }
        router.get("/api/export") { request, _ in
            let parameters = Self.parameters(request)
            let query = try Self.required(parameters, "q")
            let styleName = try Self.required(parameters, "style")
            guard let style = ExportStyle(rawValue: styleName) else {
                throw ServeError.badRequest("no export style '\(styleName)'",
                                            help: "one of " + ExportStyle.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let text = try await self.call { try $0.export(query, style: style, profile: nil).text }
            return Responses.text(text, contentType: Self.contentType(style), headers: [
                .contentDisposition: "attachment; filename=\"kb-export.\(style.fileExtension)\"",
            ])
        }
        router.get("/api/map") { request, _ in
            let (rows, columns, query) = try Self.mapParameters(request)
            let map = try await self.gapMap(rows: rows, columns: columns, query: query)
            return Responses.json(MapRenderer(format: .json).render(map))
        }
        router.get("/api/changes") { request, _ in
            let filter = try Self.changeFilter(request)
            // A record's changes: the newest 500 (below `before`), and a Link to the older ones.
            guard filter.record != nil else { return Responses.json(KBService.changesJSON(try await self.call { try self.history(filter, in: $0) })) }
            let before = try Self.changesBefore(request)
            let changes = try await self.call { try self.newestHistory(filter, before: before, in: $0) }
            let shown = changes.suffix(ChangesPage.shown)
            var headers = HTTPFields()
            if changes.count > shown.count, let oldest = shown.first {
                headers[HTTPFields.Element.Name("Link")!] = "<\(ChangesPage.older(filter, before: oldest.id, api: true))>; rel=\"next\""
            }
            return Responses.json(KBService.changesJSON(Array(shown)), headers: headers)
        }
        router.get("/api/audit") { _, _ in
            Responses.json(try await self.auditAnswer().json)
        }
    }

    /// A parameter that must be given and not blank; `q=` given empty is "the query is empty",
    /// not "missing" (trial 7 bug 8).
    static func required(_ parameters: [String: String], _ name: String) throws -> String {
        guard let value = parameters[name] else { throw ServeError.badRequest("the parameter '\(name)' is missing") }
        guard !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw name == "q" ? ServeError.badRequest("the query is empty", help: "write one, e.g. q=claims for data-scientist")
                : ServeError.badRequest("the parameter '\(name)' is empty")
        }
        return value
    }

    /// `exact_total=true|false` (default false; the OpenAPI document's boolean): whether
    /// `total` counts every match (``TotalCount``); anything else is a 400 that says so.
    static func exactTotal(_ parameters: [String: String]) throws -> Bool {
        guard let value = parameters["exact_total"] else { return false }
        switch value {
        case "true": return true
        case "false": return false
        default: throw ServeError.badRequest("'exact_total' is true or false, not '\(value)'")
        }
    }

    /// The media type of an export style's file.
    static func contentType(_ style: ExportStyle) -> String {
        switch style {
        case .apa: "text/plain; charset=utf-8"
        case .bibtex: "application/x-bibtex; charset=utf-8"
        case .ris: "application/x-research-info-systems; charset=utf-8"
        case .cslJSON: "application/vnd.citationstyles.csl+json; charset=utf-8"
        case .csv: "text/csv; charset=utf-8"
        case .markdown: "text/markdown; charset=utf-8"
        }
    }

    /// `/api/query?q=…[&limit=N][&offset=M]`: `kb query --format json`'s object for the page,
    /// plus `next`: the link to the following page, or null. The query's own `limit` caps the
    /// results, as on the results page (`claims limit 5` has 5 results, whatever the paging);
    /// the page size is `limit`, else the query's own `limit`, else kb's default. The fetch, the
    /// past-the-end check and `next` all use that one cap, so every `next` the API gives answers
    /// 200 and the pages cover each result once (review 11 M1).
    func apiQuery(_ request: Request) async throws -> Response {
        let parameters = Self.parameters(request)
        let query = try Self.required(parameters, "q")
        let limit = try Self.integer(parameters, "limit", minimum: 1)
        let offset = try Self.integer(parameters, "offset", minimum: 0) ?? 0
        let exactTotal = try Self.exactTotal(parameters)
        let total = exactTotal ? TotalCount.exact : .standard
        let (json, next) = try await call { service -> (String, String?) in
            if service.isGrouped(QueryRequest(query)) {
                // `… group by FIELD`: `kb query --format json`'s grouped object; the limit counts
                // groups, and there is no next page (the largest groups come first).
                guard offset == 0 else { throw ServeError.badRequest("'offset' pages ranked results; a 'group by' answer has no pages") }
                let grouped = try service.group(QueryRequest(query, limit: limit))
                return (GroupRenderer(format: .json).render(grouped.outcome), nil)
            }
            let ownLimit = try Parser.parse(query).limit
            let pageSize = limit ?? ownLimit ?? KBService.defaultLimit
            guard offset + pageSize <= Self.deepestResult else {
                throw ServeError.badRequest("'offset' and 'limit' go beyond the first \(Self.deepestResult) results")
            }
            let end = ownLimit.map { min($0, offset + pageSize) } ?? offset + pageSize
            let answer = try service.run(QueryRequest(query, limit: end, total: total))
            // A page past the end is not the last page again, nor an empty answer that could
            // pass for "no results" (trial 7 bug 8).
            let available = ownLimit.map { min($0, answer.outcome.total) } ?? answer.outcome.total
            guard offset == 0 || offset < available else {
                throw ServeError(status: 404, id: "past-the-end",
                                 message: "'offset' \(offset) is past the end: " + (available == 0 ? "the query has no results" : "the query has \(available) results"),
                                 help: "the last page starts at offset \(max(0, (available - 1) / pageSize * pageSize))")
            }
            let page = Self.dropping(offset, from: answer.outcome)
            // An inexact total ("more than N") may be this page's end: more follow unless the
            // query's own limit ends here.
            let goesOn = offset + pageSize < available
                || (!answer.outcome.isTotalExact && ownLimit.map { offset + pageSize < $0 } ?? true)
            let next = goesOn
                ? URLText.link("/api/query", [("q", query), ("limit", String(pageSize)), ("offset", String(offset + pageSize))]
                    + (exactTotal ? [("exact_total", "true")] : [])) : nil
            return (ResultRenderer(format: .json).render(page), next)
        }
        return Responses.json(Self.inserting(next: next, into: json))
    }

    /// The outcome without its first `count` rows (the ranks stay the engine's).
    static func dropping(_ count: Int, from outcome: QueryOutcome) -> QueryOutcome {
        guard count > 0 else { return outcome }
        var page = outcome
        switch outcome.rows {
        case let .claims(rows): page.rows = .claims(Array(rows.dropFirst(count)))
        case let .sources(rows): page.rows = .sources(Array(rows.dropFirst(count)))
        case let .citations(rows): page.rows = .citations(Array(rows.dropFirst(count)))
        }
        return page
    }

    /// `json` (the CLI's object: sorted keys, two-space indent, always a top-level `query`) with
    /// `"next"` added in its sorted place, just before `"query"`.
    static func inserting(next: String?, into json: String) -> String {
        let value = next.map { JSONValue.string($0).compact } ?? "null"
        guard let anchor = json.range(of: "\n  \"query\": ") else { return json }
        return json.replacingCharacters(in: anchor, with: "\n  \"next\": \(value),\n  \"query\": ")
    }
}
