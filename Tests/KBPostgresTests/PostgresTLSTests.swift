import Foundation
import Testing
@testable import KBCore
@testable import KBPostgres
@testable import KBStore

/// The sslmodes against a server with its own, self-signed certificate for the name
/// `kb-test-cluster`, as a team's server often has, reached at 127.0.0.1: `prefer` and
/// `require` connect encrypted as psql does; with the certificate named as the root
/// (`sslrootcert`) `require` and `verify-ca` check its chain and connect, `verify-full` refuses
/// it for naming another host; with the system's roots its chain is refused; `verify-ca`
/// without a root is refused before connecting — each refusal exit 4 with its reason.
/// `.ci/check-postgres` starts the test server so and gives the certificate's path in
/// KB_TEST_POSTGRES_ROOT_CERT; a server without them fails this test rather than skipping it.
struct PostgresTLSTests {
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func eachSSLModeReachesAServerWithItsOwnCertificateAsPsqlDoes() async throws {
        let server = try #require(TestServer.location)
        let root = try #require(ProcessInfo.processInfo.environment["KB_TEST_POSTGRES_ROOT_CERT"],
                                "the test server's certificate (.ci/check-postgres sets KB_TEST_POSTGRES_ROOT_CERT)")
        try await onThread {
            func encrypted(_ mode: PostgresLocation.TLSMode, root: String? = nil) throws -> Bool? {
                var location = server
                location.tls = mode
                location.rootCertificate = root
                let executor = try PostgresExecutor.connect(location)
                defer { executor.close() }
                return try executor.value("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")?.int64.map { $0 != 0 }
            }
            func refusal(_ mode: PostgresLocation.TLSMode, root: String? = nil) -> String {
                let error = #expect(throws: PostgresStoreError.self) { _ = try encrypted(mode, root: root) }
                #expect(error.flatMap { ErrorCategory(of: $0)?.exitStatus } == 4, "\(mode): \(String(describing: error))")
                return error.map { "\($0)" } ?? ""
            }
            let settings = try PostgresExecutor.connect(server)
            defer { settings.close() }
            #expect(try settings.value("SELECT current_setting('ssl')")?.string == "on",
                    "the test server needs ssl=on with a certificate (.ci/check-postgres starts it so)")
            #expect(try encrypted(.prefer) == true)
            #expect(try encrypted(.require) == true)
            #expect(try encrypted(.disable) == false)
            #expect(try encrypted(.require, root: root) == true)
            #expect(try encrypted(.verifyCA, root: root) == true)
            let otherHost = refusal(.verifyFull, root: root)
            #expect(otherHost.contains("does not name the host '127.0.0.1'"), "\(otherHost)")
            let untrusted = refusal(.verifyFull, root: PostgresLocation.systemRoots)
            #expect(untrusted.contains("was not signed by the system's trusted roots"), "\(untrusted)")
            let noRoot = refusal(.verifyCA)
            #expect(noRoot.contains("none is given"), "\(noRoot)")
        }
    }
}
