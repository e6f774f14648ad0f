import Foundation

/// Wrong tokens at `/login`, per client address: each one answered after a delay that doubles
/// with the address's recent failures (none for the first, then 0.25 s, 0.5 s, … up to
/// `maximumDelay`), so guessing the token costs time (trial 9 bug 8: twelve guesses, all answered
/// at once). Memory is bounded: at most `capacity` addresses, the stalest forgotten first; an
/// address's count is forgotten `forgetAfter` seconds after its last failure, and on a success.
final class LoginThrottle: @unchecked Sendable {
    struct Entry {
        var failures: Int
        var last: Date
    }

    let capacity: Int
    let firstDelay: Double
    let maximumDelay: Double
    let forgetAfter: Double
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    init(capacity: Int = 4096, firstDelay: Double = 0.25, maximumDelay: Double = 8, forgetAfter: Double = 900) {
        self.capacity = capacity
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
        self.forgetAfter = forgetAfter
    }

    /// Counts a wrong token from `address` and returns how long to wait before answering it.
    func failed(_ address: String, now: Date = Date()) -> Double {
        lock.lock()
        defer { lock.unlock() }
        var entry = entries[address].flatMap { now.timeIntervalSince($0.last) < forgetAfter ? $0 : nil } ?? Entry(failures: 0, last: now)
        entry.failures += 1
        entry.last = now
        if entries[address] == nil, entries.count >= capacity {
            // Forget the stalest address (one pass; this runs on wrong tokens only).
            if let stalest = entries.min(by: { $0.value.last < $1.value.last })?.key { entries[stalest] = nil }
        }
        entries[address] = entry
        return Self.delay(failures: entry.failures, first: firstDelay, maximum: maximumDelay)
    }

    /// A right token: the address starts afresh.
    func succeeded(_ address: String) {
        lock.lock()
        defer { lock.unlock() }
        entries[address] = nil
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.count
    }

    /// No wait for a first mistake; then `first`, doubling, capped at `maximum`.
    static func delay(failures: Int, first: Double, maximum: Double) -> Double {
        guard failures > 1 else { return 0 }
        return min(maximum, first * pow(2, Double(min(failures - 2, 30))))
    }
}
