import Foundation

/// One open knowledge base as a face (the `kb` CLI, later `kb serve`) uses it: open or create
/// the file, load a profile, run or explain a query with the options a user gives, and get back
/// typed answers. What the CLI used to decide itself — the default limit, what to say when the
/// answer is cut short or empty, where a profile comes from — lives here so that every face
/// decides it the same way.
public final class KBService: Sendable {
    /// What ``open(path:readOnly:)`` found.
    public enum Opening: Sendable, Equatable {
        /// An existing knowledge base.
        case opened
        /// The file did not exist (or held nothing) and was built from the bundled seeds.
        case created(sources: Int, claims: Int)
        /// A dry run against a file that does not exist: the bundled seeds, in memory.
        case seededInMemory
        /// A dry run against a file that needs a schema upgrade: an upgraded copy, in memory
        /// (the file is left as it is).
        case upgradedCopyInMemory
    }

    public let knowledgeBase: KnowledgeBase
    /// The path the knowledge base was opened from (for messages).
    public let path: String
    public let opening: Opening
    /// The store queries read names, taxonomy and profiles through: chosen here, where the
    /// knowledge base is opened, and handed to the engine (a PostgreSQL store, DESIGN §13, is
    /// a different value here, not a change to the query layer).
    public let queryStore: QueryStoreFactory

    private init(knowledgeBase: KnowledgeBase, path: String, opening: Opening) {
        self.knowledgeBase = knowledgeBase
        self.path = path
        self.opening = opening
        self.queryStore = knowledgeBase.queryStore
    }

    /// The query engine over this knowledge base and store.
    public var engine: QueryEngine { QueryEngine(knowledgeBase, store: queryStore) }
    /// Listings, counts and records of this knowledge base.
    public var catalog: Catalog { Catalog(knowledgeBase, store: queryStore) }
    /// Exports from this knowledge base.
    public var exporter: Exporter { Exporter(knowledgeBase, store: queryStore) }

    /// A service over a knowledge base the caller already opened (an in-memory one, say).
    public convenience init(_ knowledgeBase: KnowledgeBase, path: String = ":memory:") {
        self.init(knowledgeBase: knowledgeBase, path: path, opening: .opened)
    }

    /// The knowledge base file when none is named: `$KB_DB` if set and not empty, else `kb.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        namedPath(environment: environment) ?? "kb.sqlite"
    }

    /// The knowledge base `$KB_DB` names, if it names one (empty names none).
    public static func namedPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        environment["KB_DB"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Opens the knowledge base at `path`, building it from the bundled seeds when the file does
    /// not exist yet (``opening`` says which happened). `readers`: how many read connections
    /// (a server's; a pool also when `readOnly`), else SQLite's defaults for a command.
    /// `immutable` (with `readOnly`): nothing touches the file or its `-wal`/`-shm` (see
    /// ``KnowledgeBase/open(path:readOnly:readers:immutable:)``).
    public static func open(path: String, readOnly: Bool = false, readers: Int? = nil, immutable: Bool = false) throws -> KBService {
        try refuseMissingFolder(path)
        return service(try KnowledgeBase.openOrCreate(path: path, readOnly: readOnly, readers: readers, immutable: immutable), path: path)
    }

    /// A knowledge base to be made in a folder that does not exist is a usage error that says
    /// so (SQLite's own words were "unable to open database file").
    static func refuseMissingFolder(_ path: String) throws {
        let manager = FileManager.default
        guard !manager.fileExists(atPath: path) else { return }
        let folder = folder(of: path)
        var isFolder: ObjCBool = false
        guard !folder.isEmpty, !manager.fileExists(atPath: folder, isDirectory: &isFolder) || !isFolder.boolValue else { return }
        let exists = manager.fileExists(atPath: folder)
        throw KBError.usage("cannot create the knowledge base \(path): \(folder) \(exists ? "is a file, not a folder" : "is not an existing folder")")
    }

    /// The folder part of `path` ("" for a bare name, "/" for a name at the root). Not
    /// `NSString.deletingLastPathComponent`, which stops the process on a one-character name
    /// in corelibs Foundation (`kb --db x stats`).
    public static func folder(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    private static func service(_ opened: (KnowledgeBase, KnowledgeBase.OpenOutcome), path: String) -> KBService {
        switch opened.1 {
        case .opened:
            return KBService(knowledgeBase: opened.0, path: path, opening: .opened)
        case let .created(summary):
            let opening = Opening.created(sources: summary.addedByKind["source", default: 0], claims: summary.addedByKind["claim", default: 0])
            return KBService(knowledgeBase: opened.0, path: path, opening: opening)
        }
    }

    /// Opens the knowledge base at `path` for a command that only reads it: as
    /// ``open(path:readOnly:readers:immutable:)`` does, in one connection that writes nothing to a
    /// KB at this schema (``KnowledgeBase/openForReading(path:seeds:)``).
    public static func openForReading(path: String) throws -> KBService {
        try refuseMissingFolder(path)
        return service(try KnowledgeBase.openForReading(path: path), path: path)
    }

    /// The knowledge base a dry run compares against, opened so that nothing is written: an
    /// existing file as usual (the import rolls back), or a migrated copy of it in memory when it
    /// needs a schema upgrade; else the bundled seeds in memory — a dry run must not create the
    /// file it was pointed at, nor upgrade it.
    public static func openForDryRun(path: String) throws -> KBService {
        if FileManager.default.fileExists(atPath: path) {
            guard try KnowledgeBase.needsMigration(path: path) else { return try open(path: path) }
            return KBService(knowledgeBase: try KnowledgeBase.inMemoryCopy(of: path), path: path, opening: .upgradedCopyInMemory)
        }
        return KBService(knowledgeBase: try KnowledgeBase.seeded(), path: path, opening: .seededInMemory)
    }

    // MARK: Queries

    /// Results shown when neither the query nor the request says how many.
    public static let defaultLimit = QueryLimit.defaultLimit

    /// The limit a query runs with (``QueryLimit``): the request's, else the query's own
    /// `limit`, else ``defaultLimit``. `nil` means the query's own limit applies.
    public static func effectiveLimit(requested: Int?, queryLimit: Int?) -> Int? {
        QueryLimit(requested: requested, queryLimit: queryLimit).override
    }

    /// Runs `request` with its profile and limit (see ``QueryLimit``).
    public func run(_ request: QueryRequest) throws -> QueryAnswer {
        let profile = try loadProfile(request.profile)
        let limit = QueryLimit(requested: request.limit, queryLimit: try Parser.parse(request.text).limit)
        let outcome = try engine.run(request.text, profile: profile, limit: limit.override, total: request.total, countBeside: request.countsBeside)
        return QueryAnswer(outcome: outcome, limitChosen: limit.isChosen)
    }

    /// The parsed query, its SQL, arguments and plan for `request`, instead of results.
    public func explain(_ request: QueryRequest) throws -> QueryExplanation {
        return try engine.explain(request.text, profile: try loadProfile(request.profile), limit: request.limit, total: request.total)
    }

    /// A profile named the way `--profile` names one: a YAML file when one exists at that path
    /// (or the name ends in `.yaml`/`.yml`), else a stored profile or a role's built-in profile
    /// by slug.
    public func loadProfile(_ name: String?) throws -> ProfileSpec? {
        guard let name else { return nil }
        if ProfileFile.names(name) { return try ProfileFile.read(name) }
        return try engine.profile(named: name)
    }
}

/// A query as a face receives it: the query text and the options beside it.
public struct QueryRequest: Sendable, Equatable {
    public var text: String
    /// A limit that overrides the query's own `limit`.
    public var limit: Int?
    /// A profile file path, stored profile or role slug (see ``KBService/loadProfile(_:)``).
    public var profile: String?
    /// How far the total is counted: up to ``TotalCount/standardBound`` unless every match is
    /// asked for (`--exact-total`, `exact_total`).
    public var total: TotalCount
    /// Whether a total the limit cuts off is counted on a second connection while the rows are
    /// read (``QueryEngine/run(_:profile:limit:total:countBeside:)``): a command's one query on
    /// a file, not a server's many (which keep its cores busy with requests instead).
    public var countsBeside: Bool

    public init(_ text: String, limit: Int? = nil, profile: String? = nil, total: TotalCount = .standard, countsBeside: Bool = false) {
        self.text = text
        self.limit = limit
        self.profile = profile
        self.total = total
        self.countsBeside = countsBeside
    }
}

/// A query's answer with what a face should tell the user beside the results.
public struct QueryAnswer: Sendable {
    public var outcome: QueryOutcome
    /// Whether the user chose the limit (`limit N` in the query, or the request's), rather
    /// than kb's default.
    public var limitChosen: Bool

    public init(outcome: QueryOutcome, limitChosen: Bool) {
        self.outcome = outcome
        self.limitChosen = limitChosen
    }

    /// What to say besides the results, if anything.
    public enum Notice: Sendable, Equatable {
        /// Nothing matched; `hint` says which filter to drop, when one would help.
        case nothingMatched(noun: String, hint: String?)
        /// Only the first `shown` of `total` results are shown (of more than `total` when not
        /// `totalIsExact`); `limitChosen` when the user set the limit.
        case truncated(shown: Int, total: Int, totalIsExact: Bool, noun: String, limitChosen: Bool)

        /// The notice as one line of text (the CLI writes it to standard error).
        public var message: String {
            switch self {
            case let .nothingMatched(noun, hint):
                "no \(noun)s match" + (hint.map { "; \($0)" } ?? "")
            // How many match in all; the advice to raise the limit only when the limit is kb's
            // default — a user who wrote `limit N` or --limit N already chose how many to see.
            case let .truncated(shown, total, totalIsExact, noun, limitChosen):
                "showing the first \(shown) of \(totalIsExact ? "" : "more than ")\(total) \(noun)s"
                    + (limitChosen ? "" : " (add 'limit N' to the query or --limit N for more)")
                    + (totalIsExact ? "" : "; --exact-total counts them all")
            }
        }
    }

    public var notice: Notice? {
        let noun = switch outcome.compiled.query.target {
        case .claims: "claim"
        case .sources: "source"
        case .citations: "citation"
        }
        if outcome.count == 0 { return .nothingMatched(noun: noun, hint: outcome.emptyHint) }
        if outcome.isTruncated {
            return .truncated(shown: outcome.count, total: outcome.total, totalIsExact: outcome.isTotalExact, noun: noun, limitChosen: limitChosen)
        }
        return nil
    }
}
