import Foundation
import GRDB
import KBStore
import PostgresNIO

/// A knowledge base in a PostgreSQL database (DESIGN §13): `kb --db postgresql://… init` and
/// the reads of `kb query`. Synchronous, as the rest of kb's store is: the CLI calls it from
/// its main thread, and postgres-nio's futures and the migrator's async calls are waited for
/// there (``PostgresExecutor``, ``blocking(_:)``).
public struct PostgresStore: Sendable {
    public let location: PostgresLocation
    /// Whether each read first asks the migrator for the schema's state (and migrates): the
    /// CLI's one read per command does; a server that checked it when it started does not
    /// (``PostgresService/checkedForServing(writes:)``), saving two statements per read.
    package var checksSchema = true
    /// The connections a server's reads reuse (``serving()``); nil: each read connects.
    var idle: IdleConnections?

    public init(location: PostgresLocation) {
        self.location = location
    }

    /// What an init loaded, table by table, and how long it took.
    public struct Load: Sendable, Equatable {
        public var rowsByTable: [String: Int]
        public var total: Int { rowsByTable.values.reduce(0, +) }
    }

    /// Migrates the database and loads it with every row of `source` (a knowledge base kb's
    /// SQLite init just built from the seeds), in one transaction: the same rows, the same ids,
    /// the same change log as the SQLite file, or nothing when anything fails. A database that
    /// already holds a knowledge base is refused unless `replacing` (its rows are then deleted
    /// in the same transaction). `rewrite` maps text values as they are copied (the init change's
    /// record id: the temporary file's path becomes this location).
    public func initialize(from source: KnowledgeBase, replacing: Bool, rewrite: [String: String] = [:]) throws -> Load {
        _ = try blocking { [location] in try await PostgresSchemaMigrator(location: location).migrate() }
        let executor = try PostgresExecutor.connect(location)
        defer { executor.close() }
        try executor.run("BEGIN")
        do {
            let tables = try PostgresTableOrder.tables(on: executor)
            let held = try executor.value("SELECT (SELECT count(*) FROM source) + (SELECT count(*) FROM claim) + (SELECT count(*) FROM entity)")?.int64 ?? 0
            if held > 0 {
                guard replacing else {
                    throw PostgresStoreError.notEmpty(location: location.redacted, held: try summary(executor))
                }
                // The change log stays, as SQLite's init --force carries it over; the new rows'
                // changes follow it with new ids.
                let cleared = tables.filter { $0 != "changes" } + ["claimSearch", "sourceSearch"]
                try executor.run(SQLFragment(sql: "TRUNCATE " + cleared.joined(separator: ", ") + " RESTART IDENTITY"))
            }
            // kb's bulk writes index their rows in one statement per table (migration 2).
            try executor.run("INSERT INTO kbSetting (name, value) VALUES ('deferSearchIndex', '1')")
            var load = Load(rowsByTable: [:])
            try source.reader.read { db in
                for table in tables {
                    let keepsIDs = !(held > 0 && table == "changes")
                    load.rowsByTable[table] = try PostgresTableCopy(table: table, keepsIDs: keepsIDs, rewrite: rewrite).copy(from: db, to: executor)
                }
            }
            try executor.run("DELETE FROM kbSetting WHERE name = 'deferSearchIndex'")
            try executor.run("""
                INSERT INTO claimSearch (claimId, statement, quote, title)
                SELECT c.id, kb_text(c.statement), kb_text(c.quote), kb_text(s.title) FROM claim c LEFT JOIN source s ON s.id = c.sourceId
                """)
            try executor.run("INSERT INTO sourceSearch (sourceId, title, containerTitle) SELECT id, kb_text(title), kb_text(containerTitle) FROM source")
            try executor.run("COMMIT")
            try executor.run("ANALYZE")
            return load
        } catch {
            try? executor.rollback()
            throw error
        }
    }

    /// Tables a snapshot leaves out: the change log and the settings, which neither the audit's
    /// rules nor the page checker nor the brief read.
    static let notSnapshotted: Set<String> = ["changes", "kbsetting"]

    /// The knowledge base copied into memory from one read snapshot, for the commands whose SQL
    /// is SQLite's with kb's Swift functions or that read through GRDB: `kb audit`, `kb check`,
    /// `kb brief` (``KnowledgeBase/snapshot(of:from:)``).
    public func snapshot() throws -> KnowledgeBase {
        try read { session in
            let tables = try PostgresTableOrder.tables(on: session.executor).filter { !Self.notSnapshotted.contains($0) }
            return try KnowledgeBase.snapshot(of: tables, from: session.executor)
        }
    }

    /// Refuses a write to a standby or a read-only database (``PostgresStoreError/readOnly(location:reason:)``),
    /// before the caller spends time preparing it.
    public func refuseReadOnly() throws {
        try blocking { [location] in
            try await PostgresConnector.withConnection(to: location) { connection in
                try await PostgresConnector.refuseReadOnly(on: connection, location: location)
            }
        }
    }

    /// "3 sources, 16 claims, 1 import".
    func summary(_ executor: PostgresExecutor) throws -> String {
        let row = try executor.rows("SELECT (SELECT count(*) FROM source) AS s, (SELECT count(*) FROM claim) AS c, (SELECT count(*) FROM importRun) AS i").first
        return "\(row?.int("s") ?? 0) sources, \(row?.int("c") ?? 0) claims, \(row?.int("i") ?? 0) imports"
    }

    /// This store for a server whose start checked the schema (``PostgresService/checkedForServing(writes:)``):
    /// its reads skip the migrator's check and reuse the connections earlier reads left open (at
    /// most 16 wait), rather than open a connection each and check the schema on it.
    package func serving() -> PostgresStore {
        var store = self
        store.checksSchema = false
        store.idle = IdleConnections(limit: 16)
        return store
    }

    /// Runs `body` in one read of the knowledge base: a read-only, repeatable-read transaction
    /// (one snapshot, as SQLite's reads have), the session's executor, query store and record
    /// reader on that one connection. Refuses a database that is not kb's, holds a newer kb's
    /// schema, or holds none yet; applies this kb's pending migrations first.
    ///
    /// `sideReads`: the session also gets a second connection in the same snapshot
    /// (``SnapshotSideReads``), for a query's total counted beside its ranked rows; not for a
    /// server's pooled reads, nor under a time limit (the second connection would not follow it).
    package func read<T>(sideReads wanted: Bool = false, _ body: (QueryReadSession) throws -> T) throws -> T {
        var sideReads = wanted && idle == nil && QueryDeadline.remaining() == nil ? SnapshotSideReads(location: location) : nil
        let executor: PostgresExecutor
        do {
            executor = try idle?.take() ?? PostgresExecutor.connect(location)
        } catch {
            sideReads?.finish()
            throw error
        }
        var finished = false
        defer {
            // A connection whose read failed may be mid-transaction or broken: closed, not reused.
            if finished, let idle { idle.give(executor) } else { executor.close() }
        }
        // Finished before the read's own connection closes (defers run last first): its
        // transaction is in the read's snapshot.
        defer { sideReads?.finish() }
        if checksSchema {
            // Checked on the read's own connection: one connection per command, not two.
            let status = try blocking { [location, connection = executor.connection] in
                try await PostgresSchemaMigrator(location: location).status(on: connection)
            }
            switch status {
            case .empty: throw PostgresStoreError.notInitialized(location: location.redacted)
            case .pending: _ = try blocking { [location] in try await PostgresSchemaMigrator(location: location).migrate() }
            case .current: break
            }
        }
        try executor.run("START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        if let side = sideReads, !(try Self.share(snapshotOf: executor, with: side)) {
            side.finish()
            sideReads = nil
        }
        let session = QueryReadSession(executor: executor, store: PostgresQueryStore(executor: executor), graph: RowGraphReader(executor: executor),
                                       sideReads: sideReads)
        let result = try body(session)
        sideReads?.finish()
        try executor.run("COMMIT")
        finished = true
        return result
    }
}

extension PostgresStore {
    /// Exports the snapshot of the transaction `executor` has just started and begins `side`'s
    /// in it. False when the server does not export it: the transaction is then started again,
    /// before anything was read in it, and the read runs alone.
    static func share(snapshotOf executor: PostgresExecutor, with side: SnapshotSideReads) throws -> Bool {
        do {
            guard let snapshot = try executor.value("SELECT pg_export_snapshot()")?.string, SnapshotSideReads.isSnapshotID(snapshot) else { return false }
            side.begin(snapshot: snapshot)
            return true
        } catch {
            try executor.rollback()
            try executor.run("START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            return false
        }
    }
}

/// Waits for `body` on the calling thread: for the migrator's async API, from the synchronous
/// CLI. The caller must not be a Swift-concurrency thread it would starve (the CLI's main
/// thread is not; tests call from a dispatch queue).
func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    guard let result = box.result else { throw PostgresStoreError.statementFailed(location: "", reason: "no result") }
    return try result.get()
}

/// The one result a ``blocking(_:)`` call hands from its task to its thread; the semaphore
/// orders the write before the read.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
