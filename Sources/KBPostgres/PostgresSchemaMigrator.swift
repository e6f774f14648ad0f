import KBStore
import PostgresNIO

/// Brings a PostgreSQL database to kb's schema (`Schema/postgresql/`), as GRDB's migrator does
/// for SQLite: each pending migration in its own transaction (PostgreSQL's DDL is
/// transactional, so a failed one leaves nothing), its identifier recorded in
/// `kbSchemaMigration` by its own last statement. It refuses a database that holds other
/// tables and no version table (not kb's), and one with migrations it does not know (a newer kb's).
public struct PostgresSchemaMigrator: Sendable {
    /// Where a database stands against this kb's migrations.
    public enum Status: Sendable, Equatable {
        /// No tables at all: a new knowledge base.
        case empty
        case current
        case pending([String])
    }

    public let location: PostgresLocation
    /// (identifier, SQL) in order: the embedded `Schema/postgresql/` files; tests hand others.
    let migrations: [(identifier: String, sql: String)]

    public init(location: PostgresLocation) {
        self.init(location: location, migrations: PostgresSchemaFiles.migrations)
    }

    init(location: PostgresLocation, migrations: [(identifier: String, sql: String)]) {
        self.location = location
        self.migrations = migrations
    }

    /// The identifiers of every migration this kb knows, in order.
    public static var known: [String] {
        PostgresSchemaFiles.migrations.map(\.identifier)
    }

    private var known: [String] { migrations.map(\.identifier) }

    /// Where the database stands; throws when it is not kb's or a newer kb's.
    public func status() async throws -> Status {
        try await PostgresConnector.withConnection(to: location) { try await status(on: $0) }
    }

    /// Applies the pending migrations; returns their identifiers (none when it was current).
    @discardableResult
    public func migrate() async throws -> [String] {
        try await PostgresConnector.withConnection(to: location) { connection in
            // A standby (or a read-only database) takes no migration: say so before the lock.
            try await PostgresConnector.refuseReadOnly(on: connection, location: location)
            // One kb at a time migrates a database: a second waits here, then finds it current.
            try await connection.query("SELECT pg_advisory_lock(hashtext('kb schema migration'))", logger: PostgresConnector.logger)
            let pending: [String]
            switch try await status(on: connection) {
            case .empty: pending = known
            case .current: pending = []
            case .pending(let identifiers): pending = identifiers
            }
            for identifier in pending {
                guard let migration = migrations.first(where: { $0.identifier == identifier }) else { continue }
                do {
                    try await connection.withTransaction(logger: PostgresConnector.logger) { connection in
                        for statement in SQLScript.statements(migration.sql) {
                            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: PostgresConnector.logger)
                        }
                    }
                } catch {
                    throw PostgresConnector.failure(error, location: location.redacted) {
                        .migrationFailed(location: location.redacted, migration: identifier, reason: $0)
                    }
                }
            }
            return pending
        }
    }

    /// Where the database stands, asked on `connection` (a read's own, so that a command opens
    /// one connection, not two). The version table is looked up by name first (`to_regclass`,
    /// a function call: a join of the catalog took 2–3 ms to plan, on every command); only a
    /// database without it lists its tables (information_schema, slower to plan) to tell an
    /// empty one from one that is not kb's.
    func status(on connection: PostgresConnection) async throws -> Status {
        let versioned = try await strings("""
            SELECT (current_schema() IS NOT NULL
                    AND to_regclass(quote_ident(current_schema()) || '.\(PostgresSchemaFiles.versionTable.lowercased())') IS NOT NULL)::text
            """, on: connection)
        if versioned == ["true"] { return try await versionStatus(on: connection) }
        let tables = try await strings(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1", on: connection)
        if tables.isEmpty { return .empty }
        guard tables.contains(PostgresSchemaFiles.versionTable.lowercased()) else {
            throw PostgresStoreError.notAKnowledgeBase(location: location.redacted, tables: tables)
        }
        return try await versionStatus(on: connection)
    }

    /// The applied migrations against this kb's: current, pending, or a newer kb's.
    private func versionStatus(on connection: PostgresConnection) async throws -> Status {
        let applied = try await strings("SELECT identifier FROM \(PostgresSchemaFiles.versionTable) ORDER BY identifier", on: connection)
        let unknown = applied.filter { !known.contains($0) }
        if !unknown.isEmpty {
            throw PostgresStoreError.newerSchema(location: location.redacted, unknown: unknown)
        }
        let pending = known.filter { !applied.contains($0) }
        return pending.isEmpty ? .current : .pending(pending)
    }

    /// The statement's one text column; a failure in the server's own words (a role that may
    /// not read the version table, say), as a ``PostgresStoreError``.
    private func strings(_ sql: String, on connection: PostgresConnection) async throws -> [String] {
        do {
            var values: [String] = []
            for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: PostgresConnector.logger).decode(String.self) {
                values.append(value)
            }
            return values
        } catch {
            throw PostgresConnector.failure(error, location: location.redacted) { .statementFailed(location: location.redacted, reason: $0) }
        }
    }
}
