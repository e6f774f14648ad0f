import Foundation
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

    /// libpq's sslmodes and root certificate, and what each checks of the server's certificate:
    /// without a root file `prefer` and `require` nothing, and `verify-ca` / `verify-full` are
    /// refused before connecting; with one (sslrootcert, or ~/.postgresql/root.crt) the chain in
    /// every mode, and the host name too in `verify-full`; `sslrootcert=system` the system's roots,
    /// with `verify-full` only.
    @Test func sslModesAreLibpqs() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kb-root-\(UInt32.random(in: 0...UInt32.max)).crt").path
        #expect(FileManager.default.createFile(atPath: file, contents: Data("not read until a connection".utf8)))
        defer { try? FileManager.default.removeItem(atPath: file) }
        func verification(_ query: String, home: String? = nil) throws -> CertificateVerification? {
            try PostgresConnector.tlsConfiguration(PostgresLocation("postgresql://kb@db.example.org/kb?\(query)"), defaultRootCertificate: home)?.certificateVerification
        }
        #expect(try verification("sslmode=disable") == nil)
        #expect(try verification("sslmode=prefer") == CertificateVerification.none)
        #expect(try verification("sslmode=require") == CertificateVerification.none)
        for mode in ["verify-ca", "verify-full"] {
            let error = #expect(throws: PostgresStoreError.self) { try verification("sslmode=\(mode)") }
            #expect(error.map { "\($0)".contains("none is given: name its certificate with sslrootcert=PATH") } == true, "\(String(describing: error))")
        }
        #expect(try verification("sslmode=require&sslrootcert=\(file)") == .noHostnameVerification)
        #expect(try verification("sslmode=prefer", home: file) == .noHostnameVerification)
        #expect(try verification("sslmode=verify-ca&sslrootcert=\(file)") == .noHostnameVerification)
        #expect(try verification("sslmode=verify-full", home: file) == .fullVerification)
        #expect(try verification("sslrootcert=system") == .fullVerification)
        let configuration = try PostgresConnector.tlsConfiguration(PostgresLocation("postgresql://kb@h/kb?sslmode=verify-ca&sslrootcert=\(file)"), defaultRootCertificate: nil)
        #expect(configuration?.trustRoots == .file(file))
        #expect(throws: PostgresStoreError.self) { try verification("sslmode=verify-ca&sslrootcert=/nonexistent/root.crt") }
        let system = #expect(throws: PostgresLocationError.self) { try PostgresLocation("postgresql://kb@h/kb?sslmode=verify-ca&sslrootcert=system") }
        #expect(system.map { "\($0)".contains("sslrootcert=system takes sslmode=verify-full") } == true)
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
        ("postgresql://kb@127.0.0.1/kb?sslmode=allow", "sslmode must be disable, prefer, require, verify-ca or verify-full"),
        ("postgresql://kb@127.0.0.1/kb?host=relative", "host= takes the folder"),
    ])
    func refusesWithAReason(text: String, message: String) {
        let error = #expect(throws: PostgresLocationError.self) { try PostgresLocation(text) }
        #expect(error.map { "\($0)".contains(message) } == true, "\(String(describing: error))")
    }
}
