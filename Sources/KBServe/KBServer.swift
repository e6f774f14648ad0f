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
    public let service: KBService
    public let configuration: ServeConfiguration
    let sessions = Sessions()
    let csrf = CSRFTokens()

    /// The deepest result a page or `offset` may reach.
    static let deepestResult = 10_000

    public init(service: KBService, configuration: ServeConfiguration) {
        self.service = service
        self.configuration = configuration
    }

    /// The router with its middleware (outermost first): request log, security headers, error
    /// responses, body limit, token.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: RequestLogMiddleware(log: configuration.log))
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorResponseMiddleware(timeLimit: configuration.timeLimit))
        router.add(middleware: BodyLimitMiddleware(maximum: configuration.maximumBodyBytes))
        if let token = configuration.token {
            router.add(middleware: TokenMiddleware(token: token, sessions: sessions))
        }
        addAssets(to: router)
        addPages(to: router)
        addAPI(to: router)
        addLogin(to: router)
        if configuration.allowsWrites {
            addWriteForms(to: router)
            addWriteAPI(to: router)
        }
        return router
    }

    /// The application: listens on the configured host and port; `runService()` serves until
    /// SIGTERM or SIGINT, letting requests in flight finish.
    public func application() -> some ApplicationProtocol {
        let log = configuration.log
        let host = configuration.host
        return Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: configuration.port), serverName: "kb"),
            onServerRunning: { channel in
                log("kb serve: listening on http://\(host.contains(":") ? "[\(host)]" : host):\(channel.localAddress?.port ?? 0)/")
            }
        )
    }

    // MARK: Running the facade

    /// Runs a facade call off the cooperative pool, under the time limit (or `limit`).
    func call<T: Sendable>(limit: Double? = nil, _ body: @escaping @Sendable (KBService) throws -> T) async throws -> T {
        let service = self.service
        let limit = limit ?? configuration.timeLimit
        return try await Blocking.run { try service.withTimeLimit(limit) { try body(service) } }
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

    func addAssets(to router: Router<BasicRequestContext>) {
        router.get("/static/kb.css") { _, _ in
            Responses.text(Assets.css, contentType: "text/css; charset=utf-8", headers: [.cacheControl: "public, max-age=3600"])
        }
        router.get("/static/kb.js") { _, _ in
            Responses.text(Assets.javascript, contentType: "text/javascript; charset=utf-8", headers: [.cacheControl: "public, max-age=3600"])
        }
        router.get("/openapi.json") { _, _ in
            Responses.json(OpenAPIDocument.json)
        }
    }
}
