import Foundation
import PostgresNIO

/// Opens connections to a ``PostgresLocation`` with postgres-nio, turning its failures into
/// ``PostgresStoreError/unreachable(location:reason:)`` with the server's own message.
public enum PostgresConnector {
    /// postgres-nio logs its own events; kb reports failures itself, so only critical ones pass.
    static var logger: Logger {
        var logger = Logger(label: "kb.postgres")
        logger.logLevel = .critical
        return logger
    }

    static func configuration(_ location: PostgresLocation) throws -> PostgresConnection.Configuration {
        if let folder = location.socketFolder {
            return PostgresConnection.Configuration(
                unixSocketPath: "\(folder)/.s.PGSQL.\(location.port)",
                username: location.user, password: location.password, database: location.database
            )
        }
        let tls: PostgresConnection.Configuration.TLS
        switch (location.tls, try tlsConfiguration(location)) {
        case let (.prefer, configuration?): tls = .prefer(try .init(configuration: configuration))
        case let (_, configuration?): tls = .require(try .init(configuration: configuration))
        case (_, nil): tls = .disable
        }
        return PostgresConnection.Configuration(
            host: location.host ?? "127.0.0.1", port: location.port,
            username: location.user, password: location.password, database: location.database, tls: tls
        )
    }

    /// The TLS client configuration of a location's `sslmode` and `sslrootcert`, nil for
    /// `disable`, as libpq makes it: the server's certificate chain is checked against the
    /// certificate authorities of the root file — `sslrootcert`, else `defaultRootCertificate`
    /// (`~/.postgresql/root.crt` when it exists) — in every mode when there is one; without one,
    /// `prefer` and `require` encrypt unchecked, and `verify-ca` and `verify-full` are refused
    /// before connecting. `verify-full` also checks that the certificate names the host;
    /// `sslrootcert=system` (``PostgresLocation`` takes it with `verify-full` only) checks the
    /// chain against the system's trusted roots.
    static func tlsConfiguration(_ location: PostgresLocation,
                                 defaultRootCertificate: String? = defaultRootCertificate()) throws -> TLSConfiguration? {
        guard location.tls != .disable else { return nil }
        var configuration = TLSConfiguration.makeClientConfiguration()
        let rootFile = location.rootCertificate ?? defaultRootCertificate
        switch rootFile {
        case PostgresLocation.systemRoots?:
            configuration.trustRoots = .default
        case let path?:
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw PostgresStoreError.unreachable(location: location.redacted, reason: "the root certificate file \(path) (sslrootcert) cannot be read")
            }
            configuration.trustRoots = .file(path)
        case nil:
            guard location.tls == .prefer || location.tls == .require else {
                throw PostgresStoreError.unreachable(location: location.redacted, reason: "sslmode=\(location.tls.rawValue) checks the server's certificate "
                    + "against a certificate authority, and none is given: name its certificate with sslrootcert=PATH (or put it in "
                    + "~/.postgresql/root.crt, as for psql), or use sslrootcert=system with sslmode=verify-full for a publicly certified server")
            }
            configuration.certificateVerification = .none
            return configuration
        }
        configuration.certificateVerification = location.tls == .verifyFull ? .fullVerification : .noHostnameVerification
        return configuration
    }

    /// libpq's default root certificate file, `~/.postgresql/root.crt`, when it exists.
    static func defaultRootCertificate() -> String? {
        let path = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".postgresql/root.crt").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Runs `body` on a new connection to `location`, closed afterwards whatever happens.
    public static func withConnection<Result: Sendable>(
        to location: PostgresLocation,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: try configuration(location), id: 1, logger: logger)
        } catch {
            throw connectionFailure(error, location: location)
        }
        do {
            let result = try await body(connection)
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Why a connection could not be opened, in words to act on (trial 21 m1, m2): the server's
    /// refusal (no such database, the login) apart from no server at all, and postgres-nio's
    /// own descriptions of the latter ("SingleConnectionFailure(target: …)") put in plain words.
    static func connectionFailure(_ error: any Error, location: PostgresLocation) -> PostgresStoreError {
        // Already said in kb's words (a TLS setting refused before connecting).
        if let error = error as? PostgresStoreError { return error }
        let shown = location.redacted
        let place = location.socketFolder.map { "the socket in \($0)" } ?? "\(location.host ?? "127.0.0.1"):\(location.port)"
        if let state = sqlState(error) {
            let message = reason(error)
            let advice = switch state {
            case "3D000": "the server has no such database: create it (createdb \(location.database)) or check the name"
            case "28000", "28P01": "the server refused the login: check the user and password, and the server's pg_hba.conf"
            case "53300": "the server has no connection to spare: try again, or raise its max_connections"
            case "57P03": "the server is starting up or shutting down: try again in a moment"
            default: "the server refused the connection"
            }
            return .refused(location: shown, reason: "\(advice) (the server says: \(message))")
        }
        // Refusals said by the protocol before any server message (review 39 m6).
        if let code = (error as? PSQLError)?.code {
            if code == .authMechanismRequiresPassword {
                return .refused(location: shown, reason: "the server asks for a password: give it in the location (postgresql://USER:PASSWORD@HOST/DB)")
            }
            if code == .unsupportedAuthMechanism {
                return .refused(location: shown, reason: "the server asks for a kind of login kb cannot give (it speaks password, md5 and scram-sha-256): check the server's pg_hba.conf")
            }
            if code == .sslUnsupported {
                return .refused(location: shown, reason: "the server does not accept TLS connections (sslmode=\(location.tls.rawValue) asks for them): "
                    + "turn TLS on at the server, or use ?sslmode=prefer to connect in the clear where it is off")
            }
        }
        let text = "\(error)" + ((error as? PSQLError)?.underlying.map { " \($0)" } ?? "")
        if text.contains("Connection refused") {
            return .unreachable(location: shown, reason: "nothing answers at \(place) (connection refused): is PostgreSQL running there, on that port?")
        }
        if text.contains("UnknownHost") || text.contains("DNS error") {
            return .unreachable(location: shown, reason: "the host '\(location.host ?? "")' is unknown (not found in DNS or /etc/hosts)")
        }
        if text.contains("imeout") || text.contains("imedOut") {
            return .unreachable(location: shown, reason: "no answer from \(place) in time: a firewall, or a server too busy to accept connections")
        }
        if text.contains("failedToValidateHostname") || text.contains("serverHostnameImpossibleToMatch") {
            return .refused(location: shown, reason: "the server's TLS certificate does not name the host '\(location.host ?? "")' "
                + "(sslmode=verify-full checks that it does): connect by a name the certificate holds")
        }
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            let roots = location.rootCertificate == PostgresLocation.systemRoots ? "the system's trusted roots" : "the certificate authorities of the root file (sslrootcert)"
            return .refused(location: shown, reason: "the server's TLS certificate was not signed by \(roots): "
                + "name the certificate of the authority that signed it with sslrootcert=PATH")
        }
        if text.contains("handshakeFailed") {
            return .refused(location: shown, reason: "the TLS handshake with the server failed (\(reason(error)))")
        }
        if text.contains("No such file or directory"), location.socketFolder != nil {
            return .unreachable(location: shown, reason: "no PostgreSQL socket in \(location.socketFolder ?? ""): is the server running, with that socket folder and port?")
        }
        return .unreachable(location: shown, reason: reason(error))
    }

    /// PostgreSQL's SQLSTATE for a write in a read-only transaction (a standby's every
    /// transaction, or one under `default_transaction_read_only`).
    static let readOnlySQLState = "25006"

    /// The error to report for a failed statement: ``PostgresStoreError/readOnly(location:reason:)``
    /// when the server refused a write because it accepts only reads (SQLSTATE 25006), else
    /// `otherwise` with the server's message.
    static func failure(_ error: any Error, location: String, otherwise: (String) -> PostgresStoreError) -> PostgresStoreError {
        if sqlState(error) == readOnlySQLState {
            return .readOnly(location: location, reason: "the server accepts only reads here (\(reason(error)))")
        }
        return otherwise(reason(error))
    }

    /// The SQLSTATE the server answered with, if the error is the server's.
    static func sqlState(_ error: any Error) -> String? {
        if let error = error as? PSQLError { return error.serverInfo?[.sqlState] }
        if let error = error as? PostgresTransactionError, let closure = error.closureError { return sqlState(closure) }
        return nil
    }

    /// Refuses a write before it starts when the server is a standby (`pg_is_in_recovery()`) or
    /// the database's transactions are read-only by default: one clear message instead of the
    /// first refused statement's.
    static func refuseReadOnly(on connection: PostgresConnection, location: PostgresLocation) async throws {
        let rows = try await connection.query("SELECT pg_is_in_recovery(), current_setting('transaction_read_only')", logger: logger)
        for try await (recovering, readOnly) in rows.decode((Bool, String).self) {
            if recovering {
                throw PostgresStoreError.readOnly(location: location.redacted, reason: "this PostgreSQL server is a standby (in recovery)")
            }
            if readOnly == "on" {
                throw PostgresStoreError.readOnly(location: location.redacted, reason: "this database's transactions are read-only (default_transaction_read_only is on)")
            }
        }
    }

    /// The server's message when there is one ("password authentication failed for user …"),
    /// else the error's own description.
    static func reason(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return "\(underlying)" }
            return "\(error.code)"
        }
        if let error = error as? PostgresTransactionError, let closure = error.closureError {
            return reason(closure)
        }
        return "\(error)"
    }
}
