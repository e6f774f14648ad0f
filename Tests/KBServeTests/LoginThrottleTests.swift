import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import KBServe

/// Trial 9 bug 8 and review 13 M1: a wrong token, at `/login` or as a Bearer token, makes the
/// client wait before its next token is even compared — the right one included — per IPv4
/// address or IPv6 /64, and the throttle keeps a bounded number of clients.
struct LoginThrottleTests {
    @Test func theDelayStartsAtTheFirstFailureAndIsCapped() {
        #expect(LoginThrottle.delay(failures: 0, first: 0.25, maximum: 8) == 0)
        #expect(LoginThrottle.delay(failures: 1, first: 0.25, maximum: 8) == 0.25)
        #expect(LoginThrottle.delay(failures: 2, first: 0.25, maximum: 8) == 0.5)
        #expect(LoginThrottle.delay(failures: 100, first: 0.25, maximum: 8) == 8)
    }

    @Test func theRightTokenWaitsItsTurnUnheard() {
        let throttle = LoginThrottle()
        let now = Date()
        var compared = 0
        let right = { compared += 1; return true }
        let wrong = { compared += 1; return false }
        #expect(throttle.attempt(from: "10.0.0.1", now: now, wrong) == .refused)
        #expect(throttle.attempt(from: "10.0.0.1", now: now.addingTimeInterval(0.1), right) == .throttled(retryAfter: 1))
        #expect(compared == 1, "a throttled token is not compared")
        #expect(throttle.attempt(from: "10.0.0.1", now: now.addingTimeInterval(0.3), wrong) == .refused)
        // The second failure waits 0.5 s from when it happened; the count doubles up to 8 s.
        #expect(throttle.attempt(from: "10.0.0.1", now: now.addingTimeInterval(0.7), right) == .throttled(retryAfter: 1))
        var at = now.addingTimeInterval(0.9)
        for _ in 0..<10 {
            #expect(throttle.attempt(from: "10.0.0.1", now: at, wrong) == .refused)
            at = at.addingTimeInterval(8.01)
        }
        #expect(throttle.attempt(from: "10.0.0.1", now: at.addingTimeInterval(-7.5), right) == .throttled(retryAfter: 8))
        #expect(throttle.attempt(from: "10.0.0.1", now: at, right) == .accepted)
        #expect(throttle.attempt(from: "10.0.0.1", now: at, right) == .accepted, "a right token starts afresh")
        #expect(throttle.attempt(from: "10.0.0.2", now: now.addingTimeInterval(0.1), right) == .accepted, "another address is not held")
    }

    @Test func anIPv6Slash64IsOneClient() {
        #expect(LoginThrottle.client("2001:db8:1:2::5") == "2001:db8:1:2::/64")
        #expect(LoginThrottle.client("2001:db8:1:2:aaaa:bbbb:cccc:dddd") == "2001:db8:1:2::/64")
        #expect(LoginThrottle.client("2001:db8:1:3::5") == "2001:db8:1:3::/64")
        #expect(LoginThrottle.client("::ffff:192.0.2.7") == "192.0.2.7")
        #expect(LoginThrottle.client("192.0.2.7") == "192.0.2.7")
        let throttle = LoginThrottle()
        let now = Date()
        #expect(throttle.attempt(from: "2001:db8:1:2::5", now: now) { false } == .refused)
        #expect(throttle.attempt(from: "2001:db8:1:2:ffff::9", now: now) { true } == .throttled(retryAfter: 1),
                "another address in the same /64 shares the wait")
        #expect(throttle.attempt(from: "2001:db8:1:3::5", now: now) { true } == .accepted)
    }

    @Test func boundedAndForgotten() {
        let throttle = LoginThrottle(capacity: 3)
        let now = Date()
        for index in 0..<50 { _ = throttle.attempt(from: "x\(index)", now: now.addingTimeInterval(Double(index))) { false } }
        #expect(throttle.count == 3)
        let stale = LoginThrottle(maximumDelay: 8, forgetAfter: 60)
        for step in 0..<6 { _ = stale.attempt(from: "d", now: now.addingTimeInterval(Double(step) * 9)) { false } }
        _ = stale.attempt(from: "d", now: now.addingTimeInterval(200)) { false }
        #expect(stale.attempt(from: "d", now: now.addingTimeInterval(200.3)) { true } == .accepted,
                "forgotten after a quiet while: the next failure waits 0.25 s again")
    }

    /// Over HTTP: after a wrong token, the right one sent at once is answered 429 with
    /// `Retry-After`, at `/login` and on the API, and a wrong Bearer token counts like a wrong login.
    @Test func afterAWrongTokenTheRightOneIsRefusedUntilTheWaitPasses() async throws {
        let clock = TestClock()
        var configuration = ServeConfiguration(token: "s3cret")
        configuration.throttleClock = { clock.now }
        try await ServeFixture.withClient(configuration) { client in
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            let right = ByteBuffer(string: "token=s3cret&next=%2F")
            try await client.execute(uri: "/login", method: .post, headers: form, body: ByteBuffer(string: "token=nope&next=%2F")) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/login", method: .post, headers: form, body: right) {
                #expect($0.status == .tooManyRequests)
                #expect($0.headers[.retryAfter] == "1")
                #expect($0.text.contains("was not checked"))
            }
            try await client.execute(uri: "/api/claims/x", method: .get, headers: [.authorization: "Bearer s3cret"]) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter] == "1")
                let error = try #require(try response.json()["error"] as? [String: Any])
                #expect(error["id"] as? String == "too-many-attempts")
            }
            clock.advance(0.3)
            try await client.execute(uri: "/login", method: .post, headers: form, body: right) { #expect($0.status == .seeOther) }
            // A Bearer guess counts the same: the login that follows it waits.
            try await client.execute(uri: "/api/query?q=claims", method: .get, headers: [.authorization: "Bearer guess"]) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/login", method: .post, headers: form, body: right) { #expect($0.status == .tooManyRequests) }
            clock.advance(0.3)
            try await client.execute(uri: "/api/query?q=claims", method: .get, headers: [.authorization: "Bearer s3cret"]) { #expect($0.status == .ok) }
        }
    }
}

/// A clock that moves only when told.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var time = Date(timeIntervalSince1970: 1_800_000_000)

    var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return time
    }

    func advance(_ seconds: Double) {
        lock.lock()
        defer { lock.unlock() }
        time += seconds
    }
}

/// Review 16 m8: the throttle's waits are measured by a clock the wall clock's steps do not move.
struct LoginThrottleClockTests {
    @Test func theDefaultClockIsTheMachinesUptime() {
        let uptime = ProcessInfo.processInfo.systemUptime
        for now in [ServeConfiguration().throttleClock(), LoginThrottle().clock()] {
            #expect(now.timeIntervalSinceReferenceDate >= uptime && now.timeIntervalSinceReferenceDate < uptime + 60, "\(now)")
        }
    }
}

