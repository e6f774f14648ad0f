import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import KBServe

/// Trial 9 bug 8's rest: wrong tokens at `/login` wait longer each time, per client address,
/// and the throttle keeps a bounded number of addresses.
struct LoginThrottleTests {
    @Test func theDelayGrowsAndIsCapped() {
        #expect(LoginThrottle.delay(failures: 1, first: 0.25, maximum: 8) == 0)
        #expect(LoginThrottle.delay(failures: 2, first: 0.25, maximum: 8) == 0.25)
        #expect(LoginThrottle.delay(failures: 3, first: 0.25, maximum: 8) == 0.5)
        #expect(LoginThrottle.delay(failures: 100, first: 0.25, maximum: 8) == 8)
    }

    @Test func perAddressBoundedAndForgotten() {
        let throttle = LoginThrottle(capacity: 3)
        let now = Date()
        #expect(throttle.failed("a", now: now) == 0)
        #expect(throttle.failed("a", now: now) == 0.25)
        #expect(throttle.failed("b", now: now) == 0, "another address starts afresh")
        for index in 0..<50 { _ = throttle.failed("x\(index)", now: now.addingTimeInterval(Double(index))) }
        #expect(throttle.count == 3)
        #expect(throttle.failed("c", now: now.addingTimeInterval(10_000)) == 0)
        throttle.succeeded("c")
        #expect(throttle.failed("c", now: now.addingTimeInterval(10_000)) == 0, "a success starts afresh")
        let stale = LoginThrottle(forgetAfter: 60)
        _ = stale.failed("d", now: now)
        #expect(stale.failed("d", now: now.addingTimeInterval(120)) == 0, "forgotten after a quiet while")
    }

    @Test func wrongTokensAtLoginAreAnsweredSlowerEachTime() async throws {
        try await ServeFixture.withClient(ServeConfiguration(token: "s3cret")) { client in
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            var times: [Double] = []
            for _ in 0..<3 {
                let start = Date()
                try await client.execute(uri: "/login", method: .post, headers: form, body: ByteBuffer(string: "token=nope&next=%2F")) {
                    #expect($0.status == .unauthorized)
                }
                times.append(Date().timeIntervalSince(start))
            }
            #expect(times[1] >= 0.25 && times[2] >= 0.5, "\(times)")
            // The right token still signs in (and clears the count).
            try await client.execute(uri: "/login", method: .post, headers: form, body: ByteBuffer(string: "token=s3cret&next=%2F")) {
                #expect($0.status == .seeOther)
            }
        }
    }
}
