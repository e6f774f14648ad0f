import Foundation
import Hummingbird

/// The server's route templates and the methods each answers, for the 405s: filled once the
/// router has its routes (the middleware that reads it is added before them).
final class RouteTable: @unchecked Sendable {
    private let lock = NSLock()
    private var templates: [(path: RouterPath, methods: Set<HTTPRequest.Method>)] = []

    func fill(_ routes: [(path: RouterPath, method: HTTPRequest.Method)]) {
        var grouped: [String: (path: RouterPath, methods: Set<HTTPRequest.Method>)] = [:]
        for route in routes { grouped[route.path.description, default: (route.path, [])].methods.insert(route.method) }
        lock.lock()
        defer { lock.unlock() }
        templates = Array(grouped.values)
    }

    /// The methods `path` is answered with (HEAD wherever GET: the router answers HEAD for every
    /// GET route), from the template that matches it with the most fixed parts, as the router
    /// prefers; nil when no template matches.
    func methods(for path: String) -> Set<HTTPRequest.Method>? {
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        lock.lock()
        let matching = templates.filter { template in
            template.path.count == components.count && zip(template.path, components).allSatisfy { $0 ~= $1 }
        }
        lock.unlock()
        guard let best = matching.max(by: { Self.fixedParts($0.path) < Self.fixedParts($1.path) }) else { return nil }
        return best.methods.contains(.get) ? best.methods.union([.head]) : best.methods
    }

    private static func fixedParts(_ path: RouterPath) -> Int {
        path.filter { !$0.description.contains("{") && !$0.description.contains("*") }.count
    }
}

/// A path the server serves, asked with a method it does not answer — any method, TRACE,
/// PROPFIND or one it has never heard of — is 405 with `Allow`, not the router's 404 as if the
/// path did not exist (review 13 m1).
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = KBRequestContext
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard let methods = routes.methods(for: request.uri.path), !methods.contains(request.method) else { throw error }
            let allow = KBServer.answeredMethods.filter(methods.contains).map(\.rawValue).joined(separator: ", ")
            var response = ErrorResponseMiddleware<Context>.response(.methodNotAllowed(request.method.rawValue, allow: allow), for: request)
            response.headers[.allow] = allow
            return response
        }
    }
}
