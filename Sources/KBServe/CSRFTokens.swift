import Foundation

/// The cross-site request forgery guard of the write forms: a browser gets a random token in
/// a `kb_csrf` cookie (HttpOnly, SameSite=Strict) the first time it is shown a form, and every
/// form carries the same token in a hidden field. A POST is accepted only when the field equals
/// the cookie and the server issued it: another site can make a browser send the cookie but
/// cannot read it to write the field. In memory: a restart invalidates open forms (403, reload).
final class CSRFTokens: @unchecked Sendable {
    private let lock = NSLock()
    private var issued: Set<String> = []

    static let cookieName = "kb_csrf"
    static let fieldName = "_csrf"

    /// The token of `request`'s browser, or a new one and the `Set-Cookie` value that gives it.
    func token(cookieHeader: String?) -> (token: String, setCookie: String?) {
        if let existing = Sessions.cookie(Self.cookieName, in: cookieHeader), isIssued(existing) {
            return (existing, nil)
        }
        var generator = SystemRandomNumberGenerator()
        let token = (0..<4).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
        lock.lock()
        issued.insert(token)
        lock.unlock()
        return (token, "\(Self.cookieName)=\(token); Path=/; HttpOnly; SameSite=Strict")
    }

    /// Whether a form's `field` matches its browser's cookie and was issued here.
    func accepts(field: String?, cookieHeader: String?) -> Bool {
        guard let field, let cookie = Sessions.cookie(Self.cookieName, in: cookieHeader) else { return false }
        return Sessions.sameToken(field, cookie) && isIssued(cookie)
    }

    private func isIssued(_ token: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return issued.contains(token)
    }
}
