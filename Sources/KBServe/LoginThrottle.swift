import Foundation

/// Guesses at the server's token, per client (an IPv4 address, or an IPv6 address's /64): at
/// `/login` and as `Authorization: Bearer` on the API alike. Each wrong token sets a time before
/// which the client's next token is not even compared — it is answered 429 with `Retry-After`,
/// the right token included — 0.25 s after the first failure, doubling to 8 s (review 13 M1: a
/// delay applied only to the wrong answer cost nothing to a guesser that stopped waiting for it or
/// guessed in parallel). Attempts are compared one at a time under a lock, and each failure sets
/// the client's `notBefore` before the next is compared, so at most one attempt per client is ever
/// in flight. Memory is bounded: at most `capacity` clients, the stalest forgotten first; a
/// client's failures are forgotten `forgetAfter` seconds after the last one, and on a right token.
final class LoginThrottle: @unchecked Sendable {
    struct Entry {
        var failures: Int
        var last: Date
        var notBefore: Date
    }

    /// What became of one attempt.
    enum Verdict: Equatable {
        /// The token was right.
        case accepted
        /// The token was wrong (and the client waits before the next attempt).
        case refused
        /// The client's wait had not passed: the token was not compared. `Retry-After` seconds.
        case throttled(retryAfter: Int)
    }

    let capacity: Int
    let firstDelay: Double
    let maximumDelay: Double
    let forgetAfter: Double
    let clock: @Sendable () -> Date
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    init(capacity: Int = 4096, firstDelay: Double = 0.25, maximumDelay: Double = 8, forgetAfter: Double = 900,
         clock: @escaping @Sendable () -> Date = LoginThrottle.monotonic) {
        self.clock = clock
        self.capacity = capacity
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
        self.forgetAfter = forgetAfter
    }

    /// The time since the machine started, as a `Date` (only differences between two of them
    /// mean anything): waits measured by the wall clock would grow or vanish when it is set (an
    /// NTP step; review 16 m8).
    static let monotonic: @Sendable () -> Date = { Date(timeIntervalSinceReferenceDate: ProcessInfo.processInfo.systemUptime) }

    /// One attempt from `host` (an address as the socket gives it): refused unheard while the
    /// client's wait runs, else `isRight` decides, and a failure starts or doubles the wait.
    func attempt(from host: String, now: Date? = nil, _ isRight: () -> Bool) -> Verdict {
        let key = Self.client(host)
        let now = now ?? clock()
        lock.lock()
        defer { lock.unlock() }
        let entry = entries[key].flatMap { now.timeIntervalSince($0.last) < forgetAfter ? $0 : nil }
        if let entry, now < entry.notBefore {
            return .throttled(retryAfter: max(1, Int(entry.notBefore.timeIntervalSince(now).rounded(.up))))
        }
        if isRight() {
            entries[key] = nil
            return .accepted
        }
        var failed = entry ?? Entry(failures: 0, last: now, notBefore: now)
        failed.failures += 1
        failed.last = now
        failed.notBefore = now.addingTimeInterval(Self.delay(failures: failed.failures, first: firstDelay, maximum: maximumDelay))
        if entries[key] == nil, entries.count >= capacity {
            // Forget the stalest client (one pass; this runs on wrong tokens only).
            if let stalest = entries.min(by: { $0.value.last < $1.value.last })?.key { entries[stalest] = nil }
        }
        entries[key] = failed
        return .refused
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.count
    }

    /// `first` after the first failure, doubling, capped at `maximum`.
    static func delay(failures: Int, first: Double, maximum: Double) -> Double {
        guard failures > 0 else { return 0 }
        return min(maximum, first * pow(2, Double(min(failures - 1, 30))))
    }

    /// The client an address belongs to: an IPv4 address itself (also when IPv4-mapped), an IPv6
    /// address's /64 (one host is usually given a whole /64, so its addresses are one guesser);
    /// anything unparsable as it is.
    static func client(_ host: String) -> String {
        var address = in6_addr()
        guard !host.contains("."), inet_pton(AF_INET6, host, &address) == 1 else {
            return host.hasPrefix("::ffff:") ? String(host.dropFirst("::ffff:".count)) : host
        }
        let bytes = withUnsafeBytes(of: address) { Array($0) }
        let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
        return groups.joined(separator: ":") + "::/64"
    }
}
