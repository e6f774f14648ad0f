import KBDomain

/// Why kb cannot use a PostgreSQL database, in words a team's database administrator can act
/// on; the location in each message has its password redacted.
public enum PostgresStoreError: Error, Equatable, CustomStringConvertible {
    /// No server answered: nothing listens there, the host is unknown, or no answer in time.
    case unreachable(location: String, reason: String)
    /// A server answered and refused the connection: no such database, a login it does not
    /// accept, too many connections (`reason` says which, in the server's words and what to do).
    case refused(location: String, reason: String)
    /// The database holds tables, but not kb's (no `kbSchemaMigration` table).
    case notAKnowledgeBase(location: String, tables: [String])
    /// A newer kb migrated this database: it has migrations this kb does not know.
    case newerSchema(location: String, unknown: [String])
    /// A statement of a migration failed; nothing of that migration was kept.
    case migrationFailed(location: String, migration: String, reason: String)
    /// A statement kb sent failed (the server's message).
    case statementFailed(location: String, reason: String)
    /// The database has kb's schema but no knowledge base in it yet.
    case notInitialized(location: String)
    /// `kb init` without `--force` on a database that already holds a knowledge base.
    case notEmpty(location: String, held: String)
    /// A write aimed at a server or database that accepts only reads: a streaming standby (in
    /// recovery), or a database whose transactions are read-only by default. `reason` says which.
    case readOnly(location: String, reason: String)

    public var description: String {
        switch self {
        case .unreachable(let location, let reason):
            "cannot reach \(location): \(reason)"
        case .refused(let location, let reason):
            "\(location): \(reason)"
        case .notAKnowledgeBase(let location, let tables):
            "\(location) is not a kb database: it has tables (\(tables.prefix(5).joined(separator: ", "))\(tables.count > 5 ? ", …" : "")) but no kbSchemaMigration; use an empty database for a new knowledge base"
        case .newerSchema(let location, let unknown):
            "\(location) was made by a newer kb (migrations \(unknown.joined(separator: ", ")) are unknown to this one); use that kb or a newer one"
        case .migrationFailed(let location, let migration, let reason):
            "migration \(migration) failed on \(location), nothing of it was kept: \(reason)"
        case .statementFailed(let location, let reason):
            "\(location): \(reason)"
        case .notInitialized(let location):
            "\(location) holds no knowledge base yet: run kb --db \(location) init"
        case .notEmpty(let location, let held):
            "\(location) already holds a knowledge base (\(held)); use --force to replace it"
        case .readOnly(let location, let reason):
            "read-only store: \(reason), so \(location) refuses kb's writes; run kb init and the other writes against the primary (kb query runs here)"
        }
    }
}

extension PostgresStoreError: SelfReportingError {
    /// As on SQLite, an existing knowledge base without --force is a usage error (2); a read-only
    /// store (a standby) and the server's other refusals are the database's (4).
    public var isUsage: Bool {
        if case .notEmpty = self { true } else { false }
    }

    /// A usage error reads as one ("error: …", as `kb init` on an existing file says it); the
    /// others are the database's.
    public var reportLine: String { isUsage ? "error: \(description)" : "database error: \(description)" }
}
