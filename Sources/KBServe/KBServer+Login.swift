import Hummingbird

/// `/login` and `/logout`: a browser trades the server's token for a session cookie (HttpOnly,
/// SameSite=Strict), so the token is typed once and never sits in a URL.
extension KBServer {
    func addLogin(to router: Router<KBRequestContext>) {
        router.get("/login") { request, _ in
            guard self.configuration.token != nil else { return Responses.redirect("/") }
            return Responses.html(LoginPage.render(next: Self.localPath(Self.parameters(request)["next"]), failed: false))
        }
        router.post("/login") { request, context in
            guard let token = self.configuration.token else { return Responses.redirect("/") }
            var request = request
            let body = try await request.collectBody(upTo: self.configuration.maximumBodyBytes)
            let form = URLText.parameters(String(buffer: body))
            let next = Self.localPath(form["next"])
            // The client's wait after a wrong token holds before this one is compared, right or
            // wrong (review 13 M1).
            switch self.loginThrottle.attempt(from: context.clientHost, { form["token"].map { Sessions.sameToken($0, token) } ?? false }) {
            case .accepted:
                break
            case .refused:
                return Responses.html(LoginPage.render(next: next, failed: true), status: 401)
            case let .throttled(retryAfter):
                var response = Responses.html(LoginPage.render(next: next, failed: true, retryAfter: retryAfter), status: 429)
                response.headers[.retryAfter] = String(retryAfter)
                return response
            }
            let session = self.sessions.start(name: Self.nonEmpty(form["name"]).map { String($0.prefix(80)) } ?? "")
            return Responses.redirect(next, headers: [
                .setCookie: "\(Sessions.cookieName)=\(session); Path=/; HttpOnly; SameSite=Strict",
            ])
        }
        router.post("/logout") { request, _ in
            self.sessions.end(Sessions.cookie(Sessions.cookieName, in: request.headers[.cookie]))
            return Responses.redirect("/login", headers: [.setCookie: "\(Sessions.cookieName)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"])
        }
    }

    /// Where to go after signing in: a path on this site only (never `//host` or a URL).
    static func localPath(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/" }
        return next
    }
}
