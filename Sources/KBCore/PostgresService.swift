import Foundation
import KBPostgres

/// kb on a PostgreSQL database (`--db postgresql://USER@HOST:PORT/DB`, DESIGN §13): what runs
/// there so far — `kb init` and `kb query`. The other commands refuse such a location with a
/// clear message (``KBService/refusePostgres(_:command:)``) rather than creating an SQLite file
/// named after it.
///
/// Synchronous, for the CLI: postgres-nio is asynchronous, and each call here waits for it on
/// the calling thread (``PostgresStore``); call it from a thread outside Swift concurrency's
/// pool (the CLI's main thread), never from an async context's thread.
public struct PostgresService: Sendable {
    public let location: PostgresLocation
    let store: PostgresStore

    /// Whether `path` (a `--db` value or `$KB_DB`) names a PostgreSQL database.
    public static func isLocation(_ path: String) -> Bool {
        PostgresLocation.isLocation(path)
    }

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

    /// `kb query` on PostgreSQL: the request run as ``KBService/run(_:)`` runs it, in one
    /// read-only snapshot. Grouped queries (`group by`) do not run here yet.
    public func run(_ request: QueryRequest) throws -> QueryAnswer {
        let query = try Parser.parse(request.text)
        guard query.grouping.isEmpty else {
            throw KBError.usage("'group by' does not run on PostgreSQL yet; kb query runs ungrouped queries there")
        }
        let limit = QueryLimit(requested: request.limit, queryLimit: query.limit)
        let outcome = try store.read { session in
            let profile = try Self.profile(request.profile, store: session.store)
            return try QueryEngine.run(query, text: request.text, profile: profile, limit: limit.override, in: session)
        }
        return QueryAnswer(outcome: outcome, limitChosen: limit.isChosen)
    }

    /// `kb query --explain` on PostgreSQL: the parsed query, its SQL as compiled for
    /// PostgreSQL, the arguments and the server's own `EXPLAIN`, in the same read snapshot as a
    /// run. Grouped queries do not run here yet.
    public func explain(_ request: QueryRequest) throws -> QueryExplanation {
        let query = try Parser.parse(request.text)
        guard query.grouping.isEmpty else {
            throw KBError.usage("'group by' does not run on PostgreSQL yet; kb query runs ungrouped queries there")
        }
        return try store.read { session in
            let profile = try Self.profile(request.profile, store: session.store)
            return try QueryEngine.explain(query, text: request.text, profile: profile, limit: request.limit, store: session.store)
        }
    }

    /// A `--profile`: a YAML file, else a stored profile or a role's built-in one (as
    /// ``KBService/loadProfile(_:)`` reads it).
    static func profile(_ name: String?, store: any QueryStore) throws -> ProfileSpec? {
        guard let name else { return nil }
        if FileManager.default.fileExists(atPath: name) || name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            guard let data = FileManager.default.contents(atPath: name), let text = String(data: data, encoding: .utf8) else {
                throw KBError.usage("cannot read profile file \(name)")
            }
            return try ProfileFile.parse(text: text, file: name)
        }
        if let stored = try store.storedProfile(name) { return stored }
        if let role = try store.entities(named: name, kinds: [.role]).first { return ProfileSpec(name: role.slug, role: role.slug) }
        throw KBError.notFound(what: "profile or role", name: name, suggestions: Suggestions.nearest(to: name, in: try store.profileAndRoleSlugs()))
    }
}

extension KBService {
    /// Refuses a PostgreSQL location for a command that does not run there yet.
    public static func refusePostgres(_ path: String) throws {
        guard PostgresLocation.isLocation(path) else { return }
        throw KBError.usage("this command does not run on PostgreSQL yet (kb init, kb query and kb run do); use an SQLite file for it")
    }
}
