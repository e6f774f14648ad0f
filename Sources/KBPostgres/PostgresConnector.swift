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
