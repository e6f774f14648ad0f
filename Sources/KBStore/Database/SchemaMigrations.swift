import GRDB
import KBDomain

/// The schema as numbered SQL migrations (`Schema/NNNN_name.sql`, embedded at build time),
/// applied in order. Each migration also sets `PRAGMA user_version` to its number, so tools
/// without GRDB can read the schema version.
enum SchemaMigrations {
    /// (identifier, SQL) in order; the identifier is the file name without `.sql`. Only the
    /// files directly in `Schema/`: its subfolders hold other engines' schemas
    /// (``PostgresSchemaFiles``).
    static var files: [(identifier: String, sql: String)] {
        migrations(in: "Schema/")
    }

    /// The `.sql` files directly in `folder` (ending in "/"), as (file name without `.sql`, SQL), in order.
    static func migrations(in folder: String) -> [(identifier: String, sql: String)] {
        EmbeddedFiles.all
            .filter { $0.path.hasPrefix(folder) && $0.path.hasSuffix(".sql") && !$0.path.dropFirst(folder.count).contains("/") }
            .map { (String($0.path.dropFirst(folder.count).dropLast(".sql".count)), $0.text) }
            .sorted { $0.identifier < $1.identifier }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for file in files {
            let version = Int(file.identifier.prefix { $0.isNumber }) ?? 0
            migrator.registerMigration(file.identifier) { db in
                try db.execute(sql: file.sql)
                try db.execute(sql: "PRAGMA user_version = \(version)")
            }
        }
        return migrator
    }

    /// The identifiers of the migrations applied to `db` (none when it has no migrations table
    /// yet), as GRDB's `DatabaseMigrator.appliedIdentifiers` reads them; read here by position
    /// (``PreparedStatement``) because every command opens the KB and checks them: GRDB's
    /// migrator and its generic cursors cost about 1 M instructions of a 80 M query.
    static func appliedIdentifiers(_ db: Database) throws -> Set<String> {
        let statement: PreparedStatement
        do {
            statement = try PreparedStatement(reading: db, "SELECT identifier FROM grdb_migrations")
        } catch {
            // An error other than a missing table (a locked or damaged file, a table of another
            // shape) is the caller's, as GRDB rethrows it.
            if let exists = try? PreparedStatement(reading: db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'grdb_migrations'"),
               (try? exists.step()) == false {
                return []
            }
            throw error
        }
        var applied: Set<String> = []
        while try statement.step() {
            if let identifier = try statement.string(0) { applied.insert(identifier) }
        }
        return applied
    }

    static var latestVersion: Int {
        files.last.map { Int($0.identifier.prefix { $0.isNumber }) ?? 0 } ?? 0
    }
}
