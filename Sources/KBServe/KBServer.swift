import Foundation
import Hummingbird
import KBCore

/// `kb serve`: pages and a JSON API over one ``KBService`` (DESIGN §11). Everything it shows
/// comes from the facade — the same queries, ranking, citations and audit as the CLI; this
/// target only routes, renders HTML and maps errors to statuses.
///
/// Routes are grouped by what they serve (pages, API, assets); the write forms and endpoints of
/// curation are another group, registered only with ``ServeConfiguration/allowsWrites`` (so
/// without `--write` they do not exist: 404, or 405 where a read route shares the path).
public struct KBServer: Sendable {
    public let service: any ServedKnowledgeBase
    public let configuration: ServeConfiguration
    let sessions = Sessions()
    let loginThrottle: LoginThrottle
    let csrf = CSRFTokens()
    /// The relations the log has named, by their second end (a claim's links' history).
    let relationTargets = RelationTargets()
    /// The gap maps drawn for the knowledge base as it is now, at most
    /// ``ServeConfiguration/keptMapCells`` cells of them.
    let maps: StateCache<MapKey, GapMap>
    /// The maps being drawn: at most ``ServeConfiguration/mapDrawings`` at once.
    let mapDrawings: DrawingSlots
    /// The home page's counts and lists for the knowledge base as it is now.
    let homeParts = StateCache<Int, HomePage.Parts>(capacity: 1)
    /// The audit of the knowledge base as it is now, computed in the background.
    let audits = AuditCache()
    /// The queries whose facets ran out of time at the knowledge base's current state.
    let facetSkips = FacetSkips()
    /// The lanes the requests' reads run in, and what each request last cost.
    let scheduler: RequestScheduler

    /// The deepest result a page or `offset` may reach.
    static let deepestResult = 10_000

    public init(service: any ServedKnowledgeBase, configuration: ServeConfiguration) {
        self.service = service
        self.configuration = configuration
        maps = StateCache(capacity: configuration.keptMapCells) { $0.rowValues.count * $0.columnValues.count }
        mapDrawings = DrawingSlots(width: configuration.mapDrawings)
        scheduler = RequestScheduler(widths: configuration.lanes)
        loginThrottle = LoginThrottle(clock: configuration.throttleClock)
    }

    /// The router with its middleware (outermost first): request log, security headers, error
    /// responses, body limit, token, the request's lane (``RequestScheduler``).
    public func router() -> Router<KBRequestContext> {
        let router = Router(context: KBRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: RequestLogMiddleware(log: configuration.log, accessLog: configuration.accessLog))
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorResponseMiddleware(timeLimit: configuration.timeLimit, maximumBodyBytes: configuration.maximumBodyBytes))
        let routes = RouteTable()
        router.add(middleware: MethodNotAllowedMiddleware(routes: routes))
        router.add(middleware: BodyLimitMiddleware(maximum: configuration.maximumBodyBytes))
        if let token = configuration.token {
            router.add(middleware: TokenMiddleware(token: token, sessions: sessions, throttle: loginThrottle))
        }
        router.add(middleware: SchedulingMiddleware(scheduler: scheduler))
        addAssets(to: router)
        addPages(to: router)
        addAPI(to: router)
        addLogin(to: router)
        if configuration.allowsWrites {
            addWriteForms(to: router)
            addWriteAPI(to: router)
        }
        routes.fill(router.routes.map { ($0.path, $0.method) })
        return router
    }

    /// The order `Allow` names methods in.
    static let answeredMethods: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options, .trace]

    /// The application: listens on the configured host and port; `runService()` serves until
    /// SIGTERM or SIGINT, letting requests in flight finish.
    public func application() -> some ApplicationProtocol {
        let log = configuration.log
        let host = configuration.host
        return Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: configuration.port), serverName: "kb"),
            onServerRunning: { [self] channel in
                // The log's relations by their second end, for the claim pages (read once), beside
                // the home page's parts, not after them: the first claim pages would otherwise do
                // the warm-up themselves (review 17, m1).
                Task {
                    _ = try? await self.call(limit: self.configuration.auditComputationLimit, lane: .background) { service in
                        try self.relationTargets.ids(to: "", in: service)
                    }
                }
                // The home page's parts, read before anyone asks (a second or two at 1M claims).
                Task {
                    _ = try? await self.homePageParts()
                    _ = try? await self.gapMap(rows: MapPage.defaultRows, columns: MapPage.defaultColumns, query: "")
                }
                log("kb serve: listening on http://\(host.contains(":") ? "[\(host)]" : host):\(channel.localAddress?.port ?? 0)/")
            }
        )
    }

    // MARK: Running the facade

    /// Runs a facade call on a thread of the request's lane (or of `lane`: work done once for
    /// many requests), under the time limit (or `limit`), counted from when it was queued; a
    /// call stopped by it, or whose turn came after it, throws the 503 that names the limit.
    func call<T: Sendable>(limit: Double? = nil, lane: RequestScheduler.Kind? = nil,
                           _ body: @escaping @Sendable (any ServedKnowledgeBase) throws -> T) async throws -> T {
        let service = self.service
        let limit = limit ?? configuration.timeLimit
        do {
            return try await scheduler.run(lane, limit: limit) { remaining in
                try service.withTimeLimit(remaining ?? limit) { try body(service) }
            }
        } catch where KBService.isTimeLimitInterruption(error) {
            throw ServeError.from(error, timeLimit: limit)
        } catch let refusal as Lane.Refusal {
            throw ServeError.refused(refusal, timeLimit: limit)
        }
    }

    /// The audit of the knowledge base as it is now (`/audit`, `/api/audit`): computed once per
    /// state in the background under its own limit (``ServeConfiguration/auditComputationLimit``), then
    /// kept. While it runs, a request waits ``ServeConfiguration/auditWait`` seconds for it and is
    /// then answered 503 with `Retry-After`, saying since when it has been computed.
    func auditAnswer() async throws -> AuditCache.Answer {
        // Under the audit's limit: the wait for a thread counts toward it.
        let version = try await call(limit: configuration.auditLimit) { try $0.contentVersion() }
        scheduler.costs.observe(version)
        let limit = configuration.auditComputationLimit
        let lookup = try await audits.lookup(version: version, wait: configuration.auditWait) {
            do {
                return try await self.call(limit: limit, lane: .background) { service in
                    let report = try service.auditReport()
                    return AuditCache.Answer(report: report, json: try KBService.auditJSON(of: report))
                }
            } catch let error as ServeError where error.id == "time-limit" {
                throw ServeError(status: 503, id: "time-limit",
                                 message: "the audit of this knowledge base ran longer than this server's audit limit (\(ResultRenderer.fixed(limit)) s) and was stopped",
                                 help: "run 'kb audit' on the file (it has no time limit), or audit a part of it: kb audit 'claims for ROLE'; the server tries again after the next change")
            }
        }
        switch lookup {
        case let .ready(answer):
            return answer
        case let .computing(started, retryAfter):
            var error = ServeError(status: 503, id: "audit-computing",
                                   message: "the audit of this knowledge base is being computed; it started at \(Self.clock(started)) UTC",
                                   help: "try again in about \(retryAfter) s (the audit reads every claim; it is computed once and kept until the knowledge base changes)")
            error.retryAfter = retryAfter
            throw error
        }
    }

    /// `12:34:56`, UTC.
    static func clock(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = calendar.dateComponents([.hour, .minute, .second], from: date)
        return String(format: "%02d:%02d:%02d", parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }

    /// The gap map of `rows` × `columns` over what `query` matches (all claims when empty), as
    /// `kb map` draws it: from the cache when the knowledge base has not changed since it was
    /// drawn, else drawn under the maps' own limit (``ServeConfiguration/mapLimit``), two at a
    /// time. A map of more than ``ServeConfiguration/maximumMapCells`` cells is refused (400
    /// `map-too-large`) before anything is counted: skill × role at 1M claims would be 5 million.
    func gapMap(rows: String, columns: String, query: String) async throws -> GapMap {
        // Under the maps' limit: the wait for a thread counts toward it.
        let version = try await call(limit: configuration.mapLimit) { try $0.contentVersion() }
        scheduler.costs.observe(version)
        let key = MapKey(rows: rows, columns: columns, query: query)
        let (limit, maxCells) = (configuration.mapLimit, configuration.maximumMapCells)
        // Kept by the canonical spelling; drawn from the text as given, so that an error's caret
        // points into what the user typed.
        return try await maps.value(key, version: version) {
            try await self.mapDrawings.run {
                try await self.call(limit: limit, lane: .expensive) {
                    try $0.map(rows: key.rows, columns: key.columns, query: query.isEmpty ? nil : query, profile: nil, maxCells: maxCells)
                }
            }
        }
    }

    static func parameters(_ request: Request) -> [String: String] {
        URLText.parameters(request.uri.query)
    }

    static func integer(_ parameters: [String: String], _ name: String, minimum: Int) throws -> Int? {
        guard let text = parameters[name], !text.isEmpty else { return nil }
        guard let value = Int(text), value >= minimum, value <= deepestResult else {
            throw ServeError.badRequest("'\(name)' must be a whole number from \(minimum) to \(deepestResult)")
        }
        return value
    }

    // MARK: Assets

    func addAssets(to router: Router<KBRequestContext>) {
        router.get("/static/kb.css") { _, _ in
            Responses.text(Assets.css, contentType: "text/css; charset=utf-8", headers: [.cacheControl: "public, max-age=3600"])
        }
        router.get("/static/kb.js") { _, _ in
            Responses.text(Assets.javascript, contentType: "text/javascript; charset=utf-8", headers: [.cacheControl: "public, max-age=3600"])
        }
        router.get("/openapi.json") { _, _ in
            Responses.json(OpenAPIDocument.document(writes: self.configuration.allowsWrites))
        }
    }
}
