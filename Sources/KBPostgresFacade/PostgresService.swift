import Foundation
import KBCore
import KBPostgres

/// kb on a PostgreSQL database (`--db postgresql://USER@HOST:PORT/DB`, DESIGN §13): every
/// command runs there — `kb init`, the reads of `kb query` (grouped too), `kb run`, `kb map`,
/// `kb list`, `kb stats`, `kb show` (`--history` too), `kb export`, `kb log`, `kb audit`,
/// `kb check`, `kb brief`, `kb import`, `kb add`, `kb edit`, `kb notice`, `kb link`, `kb remove`,
/// `kb undo` and `kb serve` (``ServedKnowledgeBase``).
///
/// Above KBCore and apart from it, so that only the executable that runs PostgreSQL commands
/// (`kb-net`) links postgres-nio and NIO; `kb` hands such a command to it (README, "Install").
///
/// Synchronous, for the CLI: postgres-nio is asynchronous, and each call here waits for it on
/// the calling thread (``PostgresStore``); call it from a thread outside Swift concurrency's
/// pool (the CLI's main thread), never from an async context's thread.
public struct PostgresService: Sendable {
    public let location: PostgresLocation
    var store: PostgresStore

    public init(_ text: String) throws {
        location = try PostgresLocation(text)
        store = PostgresStore(location: location)
    }

    /// `kb init` on PostgreSQL: the seeds go through kb's own seed loader into an SQLite
    /// knowledge base built aside (the one path every store's rows come from, with its
    /// validation and messages), whose every row is then loaded into the migrated database in
    /// one transaction — the same rows, ids and change log as `kb init` on a file.
    /// A standby (read replica) or a read-only database is refused first, before the seeds are built.
    public func create(seedsFolder: String?, replacing: Bool, context: ChangeContext? = nil) throws -> KBService.Creation {
        try store.refuseReadOnly()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-pg-init-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("kb.sqlite").path
        let creation = try KBService.create(path: path, seedsFolder: seedsFolder, replacing: false, context: context)
        let knowledgeBase = try KnowledgeBase.open(path: path, readOnly: true)
        defer { try? knowledgeBase.close() }
        _ = try store.initialize(from: knowledgeBase, replacing: replacing, rewrite: [path: location.redacted])
        return creation
    }

    /// Refuses a standby or a read-only database (exit 4, "read-only store") before a write is
    /// prepared, or a server that would take writes (`kb serve --write`) starts.
    public func refuseReadOnly() throws {
        try store.refuseReadOnly()
    }

    /// `kb query` on PostgreSQL: the request run as ``KBService/run(_:)`` runs it, in one
    /// read-only snapshot. A grouped query (`group by`) is ``group(_:)``'s.
    public func run(_ request: QueryRequest) throws -> QueryAnswer {
        // A `group by` query is the compiler's to refuse, with its caret and help (query.grouped),
        // as on a file; ``group(_:)`` runs it.
        let query = try Parser.parse(request.text)
        let limit = QueryLimit(requested: request.limit, queryLimit: query.limit)
        // The total is counted on a second connection in the same snapshot while the ranked
        // rows are read (PostgresStore.read(sideReads:_:)).
        let outcome = try store.read(sideReads: true) { session in
            let profile = try Self.profile(request.profile, store: session.store)
            return try QueryEngine.run(query, text: request.text, profile: profile, limit: limit.override, total: request.total, in: session)
        }
        return QueryAnswer(outcome: outcome, limitChosen: limit.isChosen)
    }

    /// Whether `request` asks for groups (as ``KBService/isGrouped(_:)``).
    public func isGrouped(_ request: QueryRequest) -> Bool {
        guard let query = try? Parser.parse(request.text) else { return false }
        return !query.grouping.isEmpty
    }

    /// A `group by` query on PostgreSQL, as ``KBService/group(_:)`` runs it (the same compiler
    /// and units; a claims query's aggregates counted by the server, `ServerGroups`), in one
    /// read-only snapshot.
    public func group(_ request: QueryRequest) throws -> GroupedAnswer {
        let query = try Parser.parse(request.text)
        let limit = QueryLimit(requested: request.limit, queryLimit: query.limit)
        let outcome = try store.read { session in
            let profile = try Self.profile(request.profile, store: session.store)
            return try QueryEngine.group(query, text: request.text, profile: profile, limit: limit.override, in: session)
        }
        return GroupedAnswer(outcome: outcome, limitChosen: limit.isChosen)
    }

    /// `kb map` on PostgreSQL, as ``KBService/map(rows:columns:query:profile:maxCells:)`` draws it.
    public func map(rows: String, columns: String, query: String?, profile: String? = nil,
                    maxCells: Int? = GapMapTooLarge.defaultLimit) throws -> GapMap {
        try store.read { session in
            let spec = try Self.profile(profile, store: session.store)
            return try QueryEngine.gapMap(rows: rows, columns: columns, query: query ?? "claims", profile: spec, maxCells: maxCells, in: session)
        }
    }

    /// `kb list` on PostgreSQL, as ``Catalog/list(_:)`` lists on a file.
    public func list(_ listing: Catalog.Listing) throws -> [Catalog.Entry] {
        try store.read { try Catalog.list(listing, in: $0) }
    }

    /// `kb stats` on PostgreSQL: the location (password hidden) as the database, and the
    /// number of PostgreSQL migrations applied (`kbSchemaMigration`) as the schema version.
    public func statistics() throws -> [Catalog.Statistic] {
        try store.read { session in
            let version = try session.executor.value("SELECT count(*) FROM kbSchemaMigration")?.int64.map(Int.init) ?? 0
            return try Catalog.statistics(database: location.redacted, schemaVersion: version, in: session)
        }
    }

    /// `kb show` on PostgreSQL, as ``Catalog/show(_:)`` shows a record on a file.
    public func show(_ id: String) throws -> Catalog.Record {
        try store.read { try Catalog.show(id, in: $0) }
    }

    /// `kb log` (and `kb show --history`, a record's changes) on PostgreSQL: the changes that
    /// match `filter`, oldest first, read by the same statements as on a file
    /// (``ChangeLogStatements``) in one read-only snapshot.
    public func log(_ filter: ChangeLog.Filter = .init()) throws -> [Change] {
        try store.read { session in
            try ChangeLog.changes(filter, in: ChangeLogStatements(executor: session.executor, dialect: PostgresDialect()))
        }
    }

    /// `kb audit`, `kb check` and `kb brief` on PostgreSQL: a service over the knowledge base
    /// copied into memory from one read snapshot (``PostgresStore/snapshot()``), which they run
    /// on as on a file — the audit's rules call kb's Swift functions in their SQL, the page
    /// checker reads its evidence index with GRDB, the brief reuses the query engine and the APA
    /// renderer — so the copy keeps each one implementation with the same findings, verdicts and
    /// pages on both stores. The copy costs a read of every table but the change log.
    public func snapshotService() throws -> KBService {
        KBService(try store.snapshot(), path: location.redacted)
    }

    /// `kb export` on PostgreSQL: the same sources, order and files as ``Exporter`` writes from
    /// a file, read in one read-only snapshot (the selection and reference order in memory: a
    /// read-only transaction creates no table).
    public func export(_ text: String, style: ExportStyle, profile: String? = nil, to sink: inout some ExportSink) throws -> ExportSummary {
        try store.read { session in
            let spec = try Self.profile(profile, store: session.store)
            return try Exporter.export(text, style: style, profile: spec, in: session, to: &sink)
        }
    }

    /// `kb query --explain` on PostgreSQL: the parsed query, its SQL as compiled for
    /// PostgreSQL, the arguments and the server's own `EXPLAIN`, in the same read snapshot as a
    /// run; a grouped query's unit statement and its plan.
    public func explain(_ request: QueryRequest) throws -> QueryExplanation {
        let query = try Parser.parse(request.text)
        return try store.read { session in
            let profile = try Self.profile(request.profile, store: session.store)
            if !query.grouping.isEmpty {
                return try QueryEngine.explainGrouped(query, text: request.text, profile: profile, limit: request.limit, store: session.store)
            }
            return try QueryEngine.explain(query, text: request.text, profile: profile, limit: request.limit, total: request.total, store: session.store)
        }
    }

    /// A `--profile`: a YAML file, else a stored profile or a role's built-in one (as
    /// ``KBService/loadProfile(_:)`` reads it).
    static func profile(_ name: String?, store: any QueryStore) throws -> ProfileSpec? {
        guard let name else { return nil }
        if ProfileFile.names(name) { return try ProfileFile.read(name) }
        if let stored = try store.storedProfile(name) { return stored }
        if let role = try store.entities(named: name, kinds: [.role]).first { return ProfileSpec(name: role.slug, role: role.slug) }
        throw KBError.notFound(what: "profile or role", name: name, suggestions: Suggestions.nearest(to: name, in: try store.profileAndRoleSlugs()))
    }
}

extension PostgresService: PostgresKnowledgeBase {
    public var redactedLocation: String { location.redacted }
}
