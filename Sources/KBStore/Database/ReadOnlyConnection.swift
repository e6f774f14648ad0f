import GRDB
import GRDBSQLite

/// What a read-only connection of kb's sets up beyond GRDB's own.
enum ReadOnlyConnection {
    /// Takes GRDB's statement authorizer off a connection that cannot write.
    ///
    /// GRDB installs an `sqlite3_set_authorizer` callback on every connection. SQLite calls it
    /// for each column that each statement reads, while the statement compiles. It makes two
    /// strings per column and adds them to the statement's "database region". On a read-only
    /// connection, GRDB reads that bookkeeping only for things kb does not use:
    /// - the region feeds `ValueObservation` and `DatabaseRegionObservation`;
    /// - the transaction effects feed transaction observers;
    /// - schema changes clear GRDB's schema cache, which only GRDB's records and schema queries
    ///   read. kb runs its own SQL and asks GRDB's schema nothing after opening;
    /// - a transaction's end lets GRDB run `COMMIT` or `ROLLBACK` after an access was cancelled,
    ///   which only its `async` reads can be. kb reads synchronously (``QueryDeadline`` stops a
    ///   statement that runs too long; the connection's transaction ends as usual).
    ///
    /// The callback was 3.9 M of the 86 M instructions of the full-text query at a million
    /// claims (BENCHMARKS.md). SQLite itself still refuses a write on the connection
    /// (`SQLITE_READONLY`). Called from `prepareDatabase`: no statement exists yet, so none is
    /// expired by the change.
    static func removeAuthorizer(from db: Database) {
        sqlite3_set_authorizer(db.sqliteConnection, nil, nil)
    }
}
