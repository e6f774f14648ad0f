import Foundation
import GRDB
import KBStore

/// The journal an import into a fresh KB writes through. In WAL mode (kb's mode) every page a
/// transaction writes goes to the `-wal` file first and is copied into the database at the
/// checkpoint, so a large import into a KB with no records yet needs twice the KB's size free
/// (measured at a million claims: the WAL reached the KB's 1.3 GB before the checkpoint; at ten
/// million the disk filled). With a rollback journal (`journal_mode = DELETE`) SQLite saves
/// only the pages the KB held before the transaction (the schema and taxonomy: a few MB) and
/// writes the new pages once, into the database file; a failure or a crash still leaves the KB
/// as it was (the journal's saved pages are put back), so the import stays all or nothing.
///
/// Only a KB with no source, study or claim yet is switched, and only when no other connection
/// has it open (SQLite refuses to leave WAL mode then, and the import goes through the WAL as
/// before): a KB in use by `kb serve` or holding records keeps WAL mode, whose readers are
/// never blocked by a writer. The KB is put back into WAL mode afterwards, failure or not.
enum FreshImportJournal {
    /// Runs `body` (the import's write) with a rollback journal when the KB is fresh; returns
    /// what it returns and whether the journal was switched. Never for a dry run, which writes
    /// nothing (a switch of journal mode is a write: it moves the header's change counter).
    static func around<T>(_ writer: any DatabaseWriter, dryRun: Bool, _ body: () throws -> T) throws -> (result: T, switched: Bool) {
        guard !dryRun, !keepsWAL else { return (try body(), false) }
        // Only a KB in WAL mode (a file's; a scratch copy and a KB in memory are left as they are).
        let journal = try writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        guard journal?.lowercased() == "wal", try isFresh(writer) else { return (try body(), false) }
        // A pool's idle readers keep the WAL open: closed first, or SQLite keeps WAL mode.
        (writer as? DatabasePool)?.releaseMemory()
        // Refused (SQLITE_BUSY) while another connection has the KB open: WAL it stays.
        let mode = try? writer.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE") }
        guard mode?.lowercased() == "delete" else { return (try body(), false) }
        defer { _ = try? writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") } }
        return (try body(), true)
    }

    /// `KB_IMPORT_WAL=1` writes through the WAL even into a fresh KB: for measuring.
    static let keepsWAL = ImportTuning.flag("KB_IMPORT_WAL") == true

    /// No source, study or claim (taxonomy and seeds of other kinds do not count).
    static func isFresh(_ writer: any DatabaseWriter) throws -> Bool {
        try writer.read { db in
            try Bool.fetchOne(db, sql: """
                SELECT NOT EXISTS (SELECT 1 FROM source) AND NOT EXISTS (SELECT 1 FROM study) AND NOT EXISTS (SELECT 1 FROM claim)
                """) ?? false
        }
    }
}
