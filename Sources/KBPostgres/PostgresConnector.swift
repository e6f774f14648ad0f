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
        switch location.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(try .init(configuration: .makeClientConfiguration()))
        case .require: tls = .require(try .init(configuration: .makeClientConfiguration()))
        }
        return PostgresConnection.Configuration(
            host: location.host ?? "127.0.0.1", port: location.port,
            username: location.user, password: location.password, database: location.database, tls: tls
        )
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
            throw PostgresStoreError.unreachable(location: location.redacted, reason: reason(error))
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
