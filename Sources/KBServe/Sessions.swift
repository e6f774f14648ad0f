import Foundation

/// The browser sessions signed in with the server's token (in memory: a restart signs everyone
/// out, which is what a token change should do too).
final class Sessions: @unchecked Sendable {
    private let lock = NSLock()
    /// Session id → the name given at the login ("" when none).
    private var ids: [String: String] = [:]

    static let cookieName = "kb_session"

    /// A new session id: 256 random bits; `name` is who the change log names for its writes.
    func start(name: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        let id = (0..<4).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
        lock.lock()
        ids[id] = name
        lock.unlock()
        return id
    }

    func isValid(_ id: String?) -> Bool {
        guard let id else { return false }
        lock.lock()
        defer { lock.unlock() }
        return ids[id] != nil
    }

    /// The name given at the login of session `id`, if any.
    func name(_ id: String?) -> String? {
        guard let id else { return nil }
        lock.lock()
        defer { lock.unlock() }
        guard let name = ids[id], !name.isEmpty else { return nil }
        return name
    }

    func end(_ id: String?) {
        guard let id else { return }
        lock.lock()
        ids[id] = nil
        lock.unlock()
    }

    /// Compares without stopping at the first difference, so timing does not reveal a prefix.
    static func sameToken(_ given: String, _ expected: String) -> Bool {
        let lhs = Array(given.utf8), rhs = Array(expected.utf8)
        var difference = lhs.count ^ rhs.count
        for index in 0..<max(lhs.count, rhs.count) {
            difference |= Int((index < lhs.count ? lhs[index] : 0) ^ (index < rhs.count ? rhs[index] : 0))
        }
        return difference == 0
    }

    /// The value of cookie `name` in a `Cookie` header.
    static func cookie(_ name: String, in header: String?) -> String? {
        guard let header else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2, pair[0] == name { return pair[1] }
        }
        return nil
    }
}
