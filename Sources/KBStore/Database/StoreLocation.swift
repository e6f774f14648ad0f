/// What a `--db` value or `$KB_DB` names: an SQLite file, or a PostgreSQL database
/// (`postgresql://…`, `postgres://…`; DESIGN §13). Told from the text alone, so that a face
/// that does not link the PostgreSQL client (the `kb` executable) knows when to hand a command to
/// one that does (`kb-net`).
public enum StoreLocation {
    /// Whether `text` names a PostgreSQL database rather than an SQLite file.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }
}
