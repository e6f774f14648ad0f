import Foundation
import GRDB
import KBDomain

/// A kb database: the SQLite file, migrated to the current schema, and the intent-named
/// operations on it. Every write is one transaction: it happens entirely or not at all.
///
/// ## Topics
/// - Opening: ``open(path:readOnly:)``, ``inMemory()``
/// - Writing: ``load(_:command:files:)``
/// - Reading: ``reader``
public struct KnowledgeBase: Sendable {
    public let writer: any DatabaseWriter
    public let path: String
    /// Where ``open(path:readOnly:readers:immutable:)`` opened the file (its URI when
    /// immutable): what ``secondReader()`` opens again; nil for a KB in memory.
    private var fileLocation: String?

    /// The files one knowledge base occupies: the database and, in WAL mode, its `-wal` and
    /// `-shm` companions — all of which a replace or a clean-up must remove together.
    public static let fileSuffixes = ["", "-wal", "-shm"]

    /// Wraps `writer`, migrating it to the current schema unless `readOnly`.
    init(_ writer: any DatabaseWriter, path: String, readOnly: Bool = false) throws {
        self.writer = writer
        self.path = path
        let migrated = try writer.read { db in
            // The migrations table read once (GRDB's `hasBeenSuperseded` and
            // `hasCompletedMigrations` would read it again each).
            let applied = try SchemaMigrations.appliedIdentifiers(db)
            let known = SchemaMigrations.files.map(\.identifier)
            if applied.contains(where: { !known.contains($0) }) {
                throw KBError.newerSchema(path: path, known: known, found: applied.sorted())
            }
            // Complete: every known migration applied (as GRDB's `hasCompletedMigrations`, with
            // nothing unknown applied, which was refused above).
            let complete = known.allSatisfy { applied.contains($0) }
            if readOnly, !complete {
                throw KBError.needsMigration(path: path, pending: known.filter { !applied.contains($0) })
            }
            return complete
        }
        // A KB already at this schema is not written to: every command opens one.
        if !readOnly, !migrated {
            try SchemaMigrations.migrator.migrate(writer)
        }
    }

    /// Opens (creating if needed) the database at `path`, in WAL mode with a busy timeout so
    /// that concurrent kb processes wait for each other instead of failing. With `readers`, a
    /// pool of that many read connections also when `readOnly` (a server reads on many threads
    /// at once; a single read-only connection would answer one request at a time).
    ///
    /// `immutable` (with `readOnly`): SQLite's `immutable=1`, which takes no lock and never
    /// opens the `-wal` and `-shm` files — a read-only connection to a WAL database otherwise
    /// writes its read marks into `-shm`. Only for a file nothing writes meanwhile, so refused
    /// while another process has it open or its `-wal` file holds changes the database file does
    /// not have yet (``ImmutableOpenCheck``).
    ///
    /// `oneConnection`: a single connection also when writing (a command's open of a file already
    /// in WAL mode: ``openOrCreate(path:seeds:readOnly:readers:immutable:)``): a pool sets up the
    /// WAL with a write on opening and reads on a second connection.
    public static func open(path: String, readOnly: Bool = false, readers: Int? = nil, immutable: Bool = false,
                            oneConnection: Bool = false) throws -> KnowledgeBase {
        var configuration = Configuration()
        if let readers { configuration.maximumReaderCount = max(1, readers) }
        configuration.foreignKeysEnabled = true
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            KBFunctions.install(in: db)
            QueryDeadline.install(in: db)
            if db.configuration.readonly {
                ReadOnlyConnection.removeAuthorizer(from: db)
            } else {
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
        }
        var location = path
        if immutable {
            guard readOnly else { throw KBError.usage("an immutable open is a read-only one") }
            if let refusal = ImmutableOpenCheck.refusal(path) { throw KBError.usage(refusal) }
            // A URI filename (SQLite's build here takes them); the path's own '?', '#' and '%' escaped.
            let escaped = path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "?", with: "%3f").replacingOccurrences(of: "#", with: "%23")
            location = "file:" + escaped + "?immutable=1"
        }
        do {
            let writer: any DatabaseWriter = (readOnly || oneConnection) && readers == nil
                ? try DatabaseQueue(path: location, configuration: configuration)
                : try DatabasePool(path: location, configuration: configuration)
            var knowledgeBase = try KnowledgeBase(writer, path: path, readOnly: readOnly)
            knowledgeBase.fileLocation = location
            return knowledgeBase
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw KBError.notAKnowledgeBase(path: path, reason: "the file is not an SQLite database")
        }
    }

    /// A fresh database in memory, for tests and dry runs.
    public static func inMemory() throws -> KnowledgeBase {
        try KnowledgeBase(try DatabaseQueue(configuration: copyConfiguration()), path: ":memory:")
    }

    /// A database of kb's own that is not the user's file (one in memory, a scratch copy):
    /// foreign keys, kb's SQL functions and the time limit, which holds on a copy too
    /// (PostgreSQL's audit and curation writes run on one); `cacheKiB` of pages kept in memory.
    private static func copyConfiguration(cacheKiB: Int? = nil) -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            KBFunctions.install(in: db)
            QueryDeadline.install(in: db)
            if let cacheKiB { try db.execute(sql: "PRAGMA cache_size = -\(cacheKiB)") }
        }
        return configuration
    }

    /// A knowledge base in a private temporary file, which SQLite deletes when it is closed:
    /// the copy another store's knowledge base is read into for kb's SQLite-only work
    /// (PostgreSQL's audit, `kb check`, curation writes and import staging;
    /// ``snapshot(of:from:into:)``).
    ///
    /// Why a file, not memory: the copy is as large as the knowledge base (about 1.7 GB at a
    /// million claims), and in memory a large one takes the machine's memory with it. In a
    /// file SQLite keeps at most ``scratchCacheKiB`` of its pages in memory and leaves the rest
    /// to the file, which the operating system caches while it has memory to spare: a small
    /// KB is never written out, a large one costs disk (`SQLITE_TMPDIR`, else `TMPDIR`, else
    /// `/var/tmp`), not memory.
    public static func scratch() throws -> KnowledgeBase {
        try KnowledgeBase(try DatabaseQueue(path: "", configuration: copyConfiguration(cacheKiB: scratchCacheKiB)), path: ":memory:")
    }

    /// How much of a scratch copy's pages SQLite keeps in memory (256 MiB, in KiB).
    public static let scratchCacheKiB = 262_144

    /// Whether the file at `path` is a kb database that this kb would migrate on opening.
    /// Opens the file read-only: asking writes nothing.
    public static func needsMigration(path: String) throws -> Bool {
        do {
            _ = try open(path: path, readOnly: true)
            return false
        } catch KBError.needsMigration {
            return true
        }
    }

    /// A copy in memory of the database at `path`, migrated there: what a dry run works on when
    /// the file needs a migration, since a dry run writes nothing, not even the upgrade.
    public static func inMemoryCopy(of path: String) throws -> KnowledgeBase {
        var sourceConfiguration = Configuration()
        sourceConfiguration.readonly = true
        sourceConfiguration.busyMode = .timeout(30)
        let source = try DatabaseQueue(path: path, configuration: sourceConfiguration)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in KBFunctions.install(in: db) }
        let copy = try DatabaseQueue(configuration: configuration)
        try source.backup(to: copy)
        try source.close()
        return try KnowledgeBase(copy, path: path)
    }

    public var reader: any DatabaseReader { writer }

    /// Whether the KB is a file (``secondReader()`` can open it again), not a database in memory.
    public var isFile: Bool { fileLocation != nil }

    /// Another read-only connection to the same file, for work one command does on a second
    /// thread beside ``reader`` (`kb check` reads a page's sentences without numbers on it);
    /// nil for a KB in memory, which has no file to open twice. The connection reads the file
    /// as it stands when each of its reads begins: beside a writer, not the same snapshot as a
    /// read of ``reader`` that began earlier.
    public func secondReader() throws -> DatabaseQueue? {
        guard let fileLocation else { return nil }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            KBFunctions.install(in: db)
            ReadOnlyConnection.removeAuthorizer(from: db)
        }
        return try DatabaseQueue(path: fileLocation, configuration: configuration)
    }

    /// A read-only connection to the same file whose read transaction is held across
    /// statements (``SQLiteSideReads``: a query's total counted in the read's snapshot); nil
    /// for a KB in memory.
    func sideReader() throws -> DatabaseQueue? {
        guard let fileLocation else { return nil }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(30)
        configuration.allowsUnsafeTransactions = true
        configuration.prepareDatabase { db in
            KBFunctions.install(in: db)
            QueryDeadline.install(in: db)
            ReadOnlyConnection.removeAuthorizer(from: db)
        }
        return try DatabaseQueue(path: fileLocation, configuration: configuration)
    }

    /// Writes `dataset` in one transaction and records the run.
    @discardableResult
    public func load(_ dataset: Dataset, command: String, files: [String]) throws -> WriteSummary {
        try writer.write { db in
            var graph = GraphWriter(db: db)
            let summary = try graph.write(dataset)
            try ImportRunLog.record(summary, command: command, files: files, in: db)
            return summary
        }
    }

    /// Checkpoints the write-ahead log into the main file and closes every connection.
    public func close() throws {
        if let pool = writer as? DatabasePool {
            _ = try pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
            try pool.close()
        } else if let queue = writer as? DatabaseQueue {
            try queue.close()
        }
    }

    /// Gathers the statistics SQLite's query planner uses (`ANALYZE`, sampling at most 1,000
    /// rows per index).
    package static func analyze(_ db: Database) throws {
        try db.execute(sql: "PRAGMA analysis_limit = 1000; ANALYZE;")
    }

    /// Whether the database holds nothing yet (see ``holdsNothing(_:)``).
    public func isEmpty() throws -> Bool {
        try reader.read(Self.holdsNothing)
    }

    /// The one test of an empty knowledge base: no taxonomy node, source or claim, and no import
    /// run — a KB that `kb init` or an import has written to, even with nothing, is not empty
    /// (and is never seeded again).
    /// (Whether a row exists, not how many: every command asks, and counting a million claims
    /// took a few milliseconds of each.)
    static func holdsNothing(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT NOT (EXISTS (SELECT 1 FROM entity) OR EXISTS (SELECT 1 FROM source) OR EXISTS (SELECT 1 FROM claim)
                        OR EXISTS (SELECT 1 FROM importRun))
            """) ?? false
    }
}

/// What a write did, record by record: added, updated (fields changed), unchanged.
public struct WriteSummary: Sendable, Equatable {
    public var added = 0
    public var updated = 0
    public var unchanged = 0
    public var skipped = 0
    /// Counts by record kind ("source", "claim", ...), for messages.
    public var addedByKind: [String: Int] = [:]

    public init() {}

    mutating func count(_ outcome: UpsertOutcome, kind: String) {
        switch outcome {
        case .added:
            added += 1
            addedByKind[kind, default: 0] += 1
        case .updated: updated += 1
        case .unchanged: unchanged += 1
        }
    }

    public var line: String {
        "\(added) added, \(updated) updated, \(unchanged) unchanged" + (skipped > 0 ? ", \(skipped) skipped" : "")
    }
}

package enum ImportRunLog {
    package static func record(_ summary: WriteSummary, command: String, files: [String], in db: Database) throws {
        let formatter = ISO8601DateFormatter()
        try db.execute(sql: """
            INSERT INTO importRun (startedAt, command, files, added, updated, unchanged, skipped)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [formatter.string(from: Date()), command, files.joined(separator: "\n"),
                             summary.added, summary.updated, summary.unchanged, summary.skipped])
    }
}
