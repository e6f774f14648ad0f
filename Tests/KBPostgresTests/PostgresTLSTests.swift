import Foundation
import Testing
@testable import KBCore
@testable import KBPostgres
@testable import KBStore

/// The sslmodes against a server with its own certificate, self-signed, as a team's server often
/// has: `prefer` and `require` connect encrypted (as psql does), `disable` in the clear, and
/// `verify-ca` / `verify-full` refuse a certificate no trusted root signed, with exit 4 and the
/// reason. The test server must have TLS on (`.ci/check-postgres` starts it with `ssl=on` and a
/// self-signed certificate); a server without it fails this test rather than skipping it.
struct PostgresTLSTests {
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func eachSSLModeReachesAServerWithItsOwnCertificateAsPsqlDoes() async throws {
        let server = try #require(TestServer.location)
        try await onThread {
            func encrypted(_ mode: PostgresLocation.TLSMode) throws -> Bool? {
                var location = server
                location.tls = mode
                let executor = try PostgresExecutor.connect(location)
                defer { executor.close() }
                return try executor.value("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")?.int64.map { $0 != 0 }
            }
            let settings = try PostgresExecutor.connect(server)
            defer { settings.close() }
            #expect(try settings.value("SELECT current_setting('ssl')")?.string == "on",
                    "the test server needs ssl=on with a certificate (.ci/check-postgres starts it so)")
            #expect(try encrypted(.prefer) == true)
            #expect(try encrypted(.require) == true)
            #expect(try encrypted(.disable) == false)
            for mode in [PostgresLocation.TLSMode.verifyCA, .verifyFull] {
                let error = #expect(throws: PostgresStoreError.self) { _ = try encrypted(mode) }
                #expect(error.flatMap { ErrorCategory(of: $0)?.exitStatus } == 4, "\(mode): \(String(describing: error))")
                #expect(error.map { "\($0)".contains("the server's TLS certificate did not pass sslmode=\(mode.rawValue)") } == true,
                        "\(mode): \(String(describing: error))")
            }
        }
    }
}
