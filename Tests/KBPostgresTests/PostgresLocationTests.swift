import PostgresNIO
import Testing
@testable import KBPostgres

struct PostgresLocationTests {
    @Test func readsTheFormPsqlTakes() throws {
        let location = try PostgresLocation("postgresql://curator:s%40cret@db.example.org:6543/evidence?sslmode=require")
        #expect(location.user == "curator")
        #expect(location.password == "s@cret")
        #expect(location.host == "db.example.org")
        #expect(location.port == 6543)
        #expect(location.database == "evidence")
        #expect(location.tls == .require)
        #expect(location.redacted == "postgresql://curator:***@db.example.org:6543/evidence")
    }

    /// libpq's sslmodes, and what each checks of the server's certificate: `prefer` and
    /// `require` nothing (libpq without a root certificate), `verify-ca` its chain, `verify-full`
    /// its host name too.
    @Test func sslModesAreLibpqs() throws {
        let modes: [(String, PostgresLocation.TLSMode, CertificateVerification?)] = [
            ("disable", .disable, nil), ("prefer", .prefer, CertificateVerification.none), ("require", .require, CertificateVerification.none),
            ("verify-ca", .verifyCA, .noHostnameVerification), ("verify-full", .verifyFull, .fullVerification),
        ]
        for (text, mode, verification) in modes {
            let location = try PostgresLocation("postgresql://kb@db.example.org/kb?sslmode=\(text)")
            #expect(location.tls == mode)
            #expect(PostgresConnector.tlsConfiguration(mode)?.certificateVerification == verification, "\(text)")
        }
    }

    @Test func defaultsAndSockets() throws {
        let plain = try PostgresLocation("postgres://kb@127.0.0.1/kb")
        #expect(plain.port == 5432 && plain.password == nil && plain.tls == .prefer && plain.socketFolder == nil)
        let socket = try PostgresLocation("postgresql://kb@/kb?host=/run/postgresql")
        #expect(socket.host == nil && socket.socketFolder == "/run/postgresql")
        #expect(socket.redacted == "postgresql://kb@/kb?host=/run/postgresql")
        #expect(plain.with(database: "other").database == "other")
        #expect(PostgresLocation.isLocation("postgresql://x") && !PostgresLocation.isLocation("kb.sqlite"))
    }

    @Test(arguments: [
        ("kb.sqlite", "is not a PostgreSQL location"),
        ("postgresql://127.0.0.1/kb", "names no user"),
        ("postgresql://kb@127.0.0.1", "names no database"),
        ("postgresql://kb@127.0.0.1:5432/", "names no database"),
        ("postgresql://kb@/kb", "names no host"),
        ("postgresql://kb@127.0.0.1/kb?sslmode=maybe", "sslmode must be disable, prefer, require, verify-ca or verify-full, not 'maybe'"),
        ("postgresql://kb@127.0.0.1/kb?timeout=3", "unknown parameter 'timeout'"),
        ("postgresql://kb@127.0.0.1/kb?host=relative", "host= takes the folder"),
    ])
    func refusesWithAReason(text: String, message: String) {
        let error = #expect(throws: PostgresLocationError.self) { try PostgresLocation(text) }
        #expect(error.map { "\($0)".contains(message) } == true, "\(String(describing: error))")
    }
}
