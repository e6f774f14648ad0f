import Foundation
import Hummingbird

/// One line per request on the log: method, path, status, milliseconds; and, with
/// `--access-log`, one in that file with the query string too (``AccessLog``).
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let log: @Sendable (String) -> Void
    var accessLog: AccessLog?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let line = { (status: Int) in
            let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            self.log("\(request.method.rawValue) \(request.uri.path) \(status) \(String(format: "%.1f", milliseconds))ms")
            self.accessLog?.record(method: request.method.rawValue, target: request.uri.description, status: status, milliseconds: milliseconds)
        }
        do {
            let response = try await next(request, context)
            line(response.status.code)
            return response
        } catch {
            line((error as? any HTTPResponseError)?.status.code ?? 500)
            throw error
        }
    }
}

/// The headers every response carries (DESIGN §11): no inline script or style, no sniffing,
/// no referrer outside the site, no framing.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPFields.Element.Name("Referrer-Policy")!] = "same-origin"
        response.headers[HTTPFields.Element.Name("X-Frame-Options")!] = "DENY"
        return response
    }
}

/// Turns whatever reaches it (an unknown path, a body too large, any error) into kb's error
/// response: JSON under `/api/` and for `/openapi.json`, a page elsewhere.
struct ErrorResponseMiddleware<Context: RequestContext>: RouterMiddleware {
    let timeLimit: Double
    /// The body cap, named in a 413 that the HTTP layer raised itself (a chunked body that grew
    /// past it, with no `Content-Length` to refuse it by).
    let maximumBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = await answer(request, context: context, next: next)
        // Every 503 says when to try again, page or JSON, whichever part of the server made it
        // (review 10): the time limit rounded up, unless the answer named its own wait.
        if response.status.code == 503, response.headers[.retryAfter] == nil {
            response.headers[.retryAfter] = String(max(1, Int(timeLimit.rounded(.up))))
        }
        return response
    }

    private func answer(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            let status = Int(error.status.code)
            let serveError: ServeError = switch status {
            case 404: .notFound("no page or endpoint at \(request.uri.path)")
            case 413: .tooLarge(maximumBodyBytes)
            case 405: ServeError(status: 405, id: "method-not-allowed", message: "\(request.method.rawValue) is not allowed here")
            default: ServeError(status: status, id: "http-\(status)", message: "the request could not be answered")
            }
            return Self.response(serveError, for: request)
        } catch {
            return Self.response(ServeError.from(error, timeLimit: timeLimit), for: request)
        }
    }

    static func wantsJSON(_ request: Request) -> Bool {
        request.uri.path.hasPrefix("/api/") || request.uri.path == "/openapi.json"
    }

    static func response(_ error: ServeError, for request: Request) -> Response {
        var response: Response
        if wantsJSON(request) {
            response = Responses.json(error.json, status: error.status)
        } else {
            let page: HTML = switch error.status {
            case 404: RecordPages.notFound(error.message, suggestions: error.suggestions)
            default: RecordPages.failure(error.status == 503 ? "Unavailable" : "Error", error.message + (error.help.map { "; " + $0 } ?? ""))
            }
            response = Responses.html(page, status: error.status)
        }
        if let seconds = error.retryAfter { response.headers[.retryAfter] = String(seconds) }
        return response
    }
}

/// Refuses a request whose declared body is larger than the server accepts (413) before any
/// handler reads it; a handler that reads a body reads at most as much.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let maximum: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maximum {
            throw ServeError.tooLarge(maximum)
        }
        return try await next(request, context)
    }
}

/// With `--token`: the API takes `Authorization: Bearer TOKEN` (or a signed-in browser's
/// cookie); pages need a session from the login form. The stylesheet, script and login page
/// are open. A Bearer token is a guess like one at `/login`: the same ``LoginThrottle`` holds it
/// (429 with `Retry-After` while the client's wait runs, right token or not).
struct TokenMiddleware: RouterMiddleware {
    typealias Context = KBRequestContext
    let token: String
    let sessions: Sessions
    let throttle: LoginThrottle

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path.hasPrefix("/static/") || path == "/login" { return try await next(request, context) }
        if let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") {
            let given = String(authorization.dropFirst("Bearer ".count))
            switch throttle.attempt(from: context.clientHost, { Sessions.sameToken(given, token) }) {
            case .accepted:
                return try await next(request, context)
            case .refused:
                return Self.unauthorized(request)
            case let .throttled(retryAfter):
                var error = ServeError(status: 429, id: "too-many-attempts",
                                       message: "a wrong token was sent from this address a moment ago, so this one was not checked",
                                       help: "wait \(retryAfter) s and send it again")
                error.retryAfter = retryAfter
                return ErrorResponseMiddleware<Context>.response(error, for: request)
            }
        }
        // A browser's session opens the pages, the forms and the API's reads; an API write needs
        // the token itself, as the README says (trial 9 bug 8).
        let apiWrite = path.hasPrefix("/api/") && request.method != .get && request.method != .head
        if !apiWrite, sessions.isValid(Sessions.cookie(Sessions.cookieName, in: request.headers[.cookie])) {
            return try await next(request, context)
        }
        return Self.unauthorized(request)
    }

    /// 401 with `WWW-Authenticate` for the API, the login page for a browser.
    static func unauthorized(_ request: Request) -> Response {
        if ErrorResponseMiddleware<Context>.wantsJSON(request) {
            var response = Responses.json(ServeError.unauthorized.json, status: 401)
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        let next = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        return Responses.redirect(URLText.link("/login", [("next", next)]))
    }
}
