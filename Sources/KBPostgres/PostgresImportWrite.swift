import Foundation
import GRDB
import KBStore

/// `kb import` on PostgreSQL (issue 19, DESIGN §13): kb's importer, unchanged, on an SQLite
/// staging copy of the knowledge base, whose new and changed rows are then written to the server
/// in one transaction, the new ones with `COPY … FROM STDIN`.
///
/// Why a staging copy: the importer's matching (DOI in any spelling, title + year + first author,
/// URL, file and citation key, the study restatements, the taxonomy's names) and its writers are
/// SQL over SQLite with kb's Swift functions. Run on a copy, they give the same matches, merges,
/// warnings, refusals, ids and change log as on a file, by construction. The copy is the whole
/// knowledge base but the change log (every table matching may read: sources with their keys
/// and contributors, studies, claims, the taxonomy and its aliases, notes, profiles, the runs):
/// a slice would have to follow every lookup of the matcher, and a wrong slice merges wrongly.
/// Of the change log only its last id is needed (the import's changes are numbered after it),
/// so the copy holds one placeholder row with that id, which is never written back.
///
/// All or nothing: the copy is taken and written back inside one REPEATABLE READ transaction
/// under kb's curation lock (the advisory lock every kb write holds), so the ids the copy gives
/// (SQLite's largest plus one, as on a file) are free on the server, and the identity sequences
/// are moved past them before the commit. A row the server refuses, a connection lost mid-COPY:
/// the transaction ends without a commit and nothing of the import is kept.
extension PostgresStore {
    /// Runs `body` (the importer) on a staging copy taken in one write transaction and writes
    /// the rows it added, changed or removed there to the server; returns what `body` returns
    /// and what was written. A `body` that throws writes nothing.
    package func importWrite<T>(_ body: (KnowledgeBase) throws -> T) throws -> (value: T, written: StagedRows.Written) {
        try refuseReadOnly()
        try migrateForWrite()
        let executor = try PostgresExecutor.connect(location)
        let tables: [String]
        do {
            tables = try PostgresTableOrder.tables(on: executor).filter { !Self.notSnapshotted.contains($0) }
        } catch {
            executor.close()
            throw error
        }
        do {
            let empty = try KnowledgeBase.scratch()
            try executor.run("SELECT pg_advisory_lock(\(Self.curationLock))")
            try executor.run("START TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            let started = Date()
            let copy = try KnowledgeBase.snapshot(of: tables, from: executor, into: empty)
            let staged = Date()
            let lastChange = try executor.value("SELECT coalesce(max(id), 0) FROM changes")?.int64 ?? 0
            try copy.writer.write { db in try Self.placeChangeLogMark(lastChange, in: db) }
            let imported = try StagedRows.capture(tables + ["changes"], in: copy) { try body(copy) }
            let writing = Date()
            var written = try imported.rows.write(from: copy, to: executor)
            try executor.run("COMMIT")
            written.stagingSeconds = staged.timeIntervalSince(started)
            written.serverSeconds = Date().timeIntervalSince(writing)
            // Fresh planner statistics after a large import, as on a file.
            if written.inserted > 1000 { _ = try? executor.run("ANALYZE") }
            _ = try? executor.run("SELECT pg_advisory_unlock(\(Self.curationLock))")
            executor.close()
            return (imported.value, written)
        } catch {
            // The session is ended, not asked to roll back: the server rolls the transaction back
            // and releases the lock when the connection closes, and a connection the COPY lost
            // (or left mid-protocol) may never answer a ROLLBACK.
            executor.abandon()
            throw Self.importFailure(error, location: location.redacted)
        }
    }

    /// The change log's last id on the server, as a row of the copy's log: the import's changes
    /// are numbered after it, as on a file. The row is there before and after the import, so it
    /// is never among the rows written back.
    static func placeChangeLogMark(_ id: Int64, in db: Database) throws {
        guard id > 0 else { return }
        try db.execute(sql: """
            INSERT INTO changes (id, time, author, command, action, recordKind, recordId) VALUES (?, '', '', '', 'init', '', '')
            """, arguments: [id])
    }

    /// A failure of the write, in words that say nothing was kept: a server's refusal or a lost
    /// connection (exit 4); the importer's own errors (bad input: exit 3) pass as they are.
    static func importFailure(_ error: any Error, location: String) -> any Error {
        switch error {
        case let failure as PostgresStoreError:
            guard case let .statementFailed(_, reason) = failure else { return failure }
            return PostgresStoreError.statementFailed(location: location, reason: "the import was not written, nothing of it was kept: \(reason)")
        case let retry as PostgresWriteRetry:
            return PostgresStoreError.statementFailed(location: location, reason: "the import was not written, nothing of it was kept: \(retry.reason)")
        default:
            return error
        }
    }
}
