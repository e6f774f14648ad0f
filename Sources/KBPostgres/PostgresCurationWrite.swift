import Foundation
import GRDB
import KBStore
import PostgresNIO

/// Curation writes on PostgreSQL (issue 19, DESIGN §9, §13): `kb edit` and, later, the other
/// curation commands, with the rules, messages and change log of a file.
///
/// Why this design: the curator (KBCuration) and the store's writers it calls (``GraphWriter``,
/// ``ChangeRecorder``, the audit) are SQL over SQLite with kb's Swift functions. Rather than a
/// second implementation of each, a write runs them, unchanged, on an SQLite copy (a scratch file) of
/// the knowledge base taken inside the write's own transaction, then writes back by key exactly
/// the rows the curator changed there (``RowDelta``): one implementation of the rules, the same
/// messages, versions, strengths and change-log rows on both stores by construction.
///
/// No lost update, with any number of writers: each write holds kb's curation lock (a session
/// advisory lock) from before its transaction starts to after it ends, so its REPEATABLE READ
/// snapshot is taken after the previous writer committed, and writers follow each other as
/// SQLite's do on a file. Each row written back is matched by its key and, for a source, study
/// or claim, by the version the copy read (`… WHERE id = $1 AND version = $2`): a writer that
/// bypasses kb (psql) makes the update fail (serialization failure, or no row) rather than be
/// overwritten; such failures (SQLSTATE 40001, 40P01) are retried a bounded number of times.
/// The cost: every write copies the knowledge base (all tables but the change log, of which the
/// record's own rows), which suits a team's curation rates, not bulk writes (those are imports).
extension PostgresStore {
    /// How many times a write whose transaction failed to serialize is tried in all.
    static let curationAttempts = 6

    /// The advisory lock key every kb curation write on a database holds ('kbcurate').
    static let curationLock: Int64 = 0x6B62_6375_7261_7465

    /// Runs `body` on a scratch copy of the knowledge base taken in one write transaction,
    /// writes back the rows it changed there, and calls `finish` (in the same transaction) with
    /// its result, the ids the copy's new change-log rows got on the server, and the executor.
    /// `record` is the id the write is about (`kb edit ID`): its change-log rows are copied, so
    /// that a version conflict names the last change as on a file; `nil` copies the whole change
    /// log (`kb undo`, which reads a change, its batch, the later changes of its records and the
    /// undos of them). A write that throws in `body` writes nothing.
    package func curationWrite<T>(record: String?, _ body: (KnowledgeBase) throws -> T,
                                  finish: (T, [Int64: Int64], any StatementExecutor) throws -> T) throws -> T {
        try refuseReadOnly()
        try migrateForWrite()
        let executor = try PostgresExecutor.connect(location)
        defer { executor.close() }
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try curationTransaction(record: record, executor: executor, body, finish: finish)
            } catch let retry as PostgresWriteRetry {
                guard attempt < Self.curationAttempts else {
                    throw PostgresStoreError.statementFailed(location: location.redacted,
                                                             reason: "the write did not get through after \(attempt) attempts: \(retry.reason)")
                }
                usleep(UInt32(20_000 * attempt + Int.random(in: 0..<20_000)))
            }
        }
    }

    private func curationTransaction<T>(record: String?, executor: PostgresExecutor, _ body: (KnowledgeBase) throws -> T,
                                        finish: (T, [Int64: Int64], any StatementExecutor) throws -> T) throws -> T {
        // The schema's tables and an empty copy (its migrations run) are ready before the lock.
        let tables = try PostgresTableOrder.tables(on: executor).filter { !Self.notSnapshotted.contains($0) }
        let empty = try KnowledgeBase.scratch()
        try executor.runWrite("SELECT pg_advisory_lock(\(Self.curationLock))")
        defer { _ = try? executor.run("SELECT pg_advisory_unlock(\(Self.curationLock))") }
        try executor.runWrite("START TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        do {
            let copy = try KnowledgeBase.snapshot(of: tables, from: executor, into: empty)
            try copy.writer.write { db in try Self.copyChanges(of: record, from: executor, into: db) }
            let written = tables + ["changes"]
            let delta = try RowDelta.capture(written, in: copy) { try body(copy) }
            let ids = try delta.changes.write(to: executor)
            let result = try finish(delta.value, ids, executor)
            try executor.runWrite("COMMIT")
            return result
        } catch {
            try? executor.rollback()
            throw error
        }
    }

    /// Applies this kb's pending migrations, refusing a database that holds no knowledge base.
    func migrateForWrite() throws {
        let status = try blocking { [location] in try await PostgresSchemaMigrator(location: location).status() }
        switch status {
        case .empty: throw PostgresStoreError.notInitialized(location: location.redacted)
        case .pending: _ = try blocking { [location] in try await PostgresSchemaMigrator(location: location).migrate() }
        case .current: break
        }
    }

    /// The change-log rows of `record` (`KIND:ID` or `ID`), copied into the scratch copy with
    /// their ids, for the curator's questions about the record's last change. `undoes` is left
    /// out: the change it names may not be copied, and no edit reads it. With no record, every
    /// row, `undoes` too (in id order, so each names a change already copied).
    static func copyChanges(of record: String?, from executor: any StatementExecutor, into db: Database) throws {
        let columns = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info('changes')").filter { record == nil || $0 != "undoes" }
        guard !columns.isEmpty else { return }
        let list = columns.joined(separator: ", ")
        let insert = try db.makeStatement(sql: "INSERT INTO changes (\(list)) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))")
        var select = SQLFragment(sql: "SELECT \(list) FROM changes")
        if let record {
            let slug = record.firstIndex(of: ":").map { String(record[record.index(after: $0)...]) } ?? record
            // In byte order, as changesByRecord holds it (migration 5): an index range, not a scan.
            select += " WHERE \(sql: PostgresDialect().binaryOrder("recordId")) IN (\(record), \(slug))"
        }
        try executor.forEachRowInParts(select + " ORDER BY id", rowsPerPart: 10_000) { row in
            try insert.execute(arguments: StatementArguments(row.values))
            return true
        }
    }
}

/// A write that failed because another transaction got in the way (serialization failure,
/// deadlock, a row no longer at the version read): tried again from the start.
struct PostgresWriteRetry: Error {
    let reason: String
}

extension PostgresExecutor {
    /// Runs a statement of a write: a serialization failure or deadlock (SQLSTATE 40001, 40P01)
    /// becomes ``PostgresWriteRetry``; any other failure is reported as ``run(_:)`` reports it.
    @discardableResult
    func runWrite(_ statement: SQLFragment) throws -> PostgresQueryResult {
        do {
            return try connection.query(Self.query(statement), logger: PostgresConnector.logger).wait()
        } catch {
            if let state = PostgresConnector.sqlState(error), state == "40001" || state == "40P01" {
                throw PostgresWriteRetry(reason: PostgresConnector.reason(error))
            }
            throw PostgresConnector.failure(error, location: location) { .statementFailed(location: location, reason: $0) }
        }
    }
}
