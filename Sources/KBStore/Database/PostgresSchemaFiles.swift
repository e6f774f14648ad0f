/// The PostgreSQL schema (`Schema/postgresql/NNNN_name.sql`, embedded at build time): the same
/// tables, columns and constraints as the SQLite schema (DESIGN §13), in PostgreSQL's words.
/// Each file ends by recording its identifier in `kbSchemaMigration`, so a database made with
/// `psql -f` from these files carries its version as one kb made would.
package enum PostgresSchemaFiles {
    /// The table that records which of these migrations a database has had.
    package static let versionTable = "kbSchemaMigration"

    /// (identifier, SQL) in order; the identifier is the file name without `.sql`.
    package static var migrations: [(identifier: String, sql: String)] {
        SchemaMigrations.migrations(in: "Schema/postgresql/")
    }
}
