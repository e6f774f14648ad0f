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
        switch (location.tls, tlsConfiguration(location.tls)) {
        case let (.prefer, configuration?): tls = .prefer(try .init(configuration: configuration))
        case let (_, configuration?): tls = .require(try .init(configuration: configuration))
        case (_, nil): tls = .disable
        }
        return PostgresConnection.Configuration(
            host: location.host ?? "127.0.0.1", port: location.port,
            username: location.user, password: location.password, database: location.database, tls: tls
        )
    }

    /// The TLS client configuration of an `sslmode`, nil for `disable`. As libpq: `prefer` and
    /// `require` do not check the server's certificate (nor load the system's roots: 6 ms of
    /// every command's start), `verify-ca` checks its chain against the system's roots,
    /// `verify-full` its host name too.
    static func tlsConfiguration(_ mode: PostgresLocation.TLSMode) -> TLSConfiguration? {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .disable: return nil
        case .prefer, .require: configuration.certificateVerification = .none
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        return configuration
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
                return .refused(location: shown, reason: "the server does not accept TLS connections: use ?sslmode=disable (or prefer) in the location")
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
        if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("handshakeFailed") {
            let checked = location.tls == .verifyFull ? "its chain against the system's trusted roots and that it names the host" : "its chain against the system's trusted roots"
            return .refused(location: shown, reason: "the server's TLS certificate did not pass sslmode=\(location.tls.rawValue), which checks \(checked): "
                + "install the certificate of the authority that signed it among the system's roots (update-ca-certificates), "
                + "or use sslmode=require to encrypt without checking it, as libpq does")
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
