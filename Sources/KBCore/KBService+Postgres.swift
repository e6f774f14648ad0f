extension KBService {
    /// Refuses to open a PostgreSQL location as an SQLite file. Every command runs on
    /// PostgreSQL (README, "PostgreSQL") through `PostgresService` and decides so before it
    /// opens anything; this guard keeps a command that did not from creating an SQLite file
    /// named after the location.
    public static func refusePostgres(_ path: String) throws {
        guard StoreLocation.isPostgres(path) else { return }
        throw KBError.usage("\(path) is a PostgreSQL database, which this command was about to open as an SQLite file; nothing was done (a kb bug: please report it)")
    }
}
