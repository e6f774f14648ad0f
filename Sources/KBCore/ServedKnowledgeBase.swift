import Foundation

/// What `kb serve` reads and writes through: a knowledge base in an SQLite file
/// (``KBService``) or in a PostgreSQL database (``PostgresService``). Every page and API answer
/// comes from these calls, so the server implements none of querying, ranking, rendering,
/// auditing or curation itself, on either store.
///
/// The calls are synchronous, as the rest of kb's store is: a server runs them on its own
/// threads (never Swift concurrency's pool, never an event loop).
public protocol ServedKnowledgeBase: Sendable {
    /// Runs `body` with its statements stopped once `seconds` have passed; the error then
    /// thrown is recognised by ``KBService/isTimeLimitInterruption(_:)``.
    func withTimeLimit<T>(_ seconds: Double?, _ body: () throws -> T) throws -> T
    /// Where the content stands: equal versions, equal content.
    func contentVersion() throws -> ContentVersion

    // MARK: Reads
    func run(_ request: QueryRequest) throws -> QueryAnswer
    func isGrouped(_ request: QueryRequest) -> Bool
    func group(_ request: QueryRequest) throws -> GroupedAnswer
    /// The facets of everything `outcome`'s query matches (``KBService/facets(of:limit:profile:)``).
    func facets(of outcome: QueryOutcome, limit: Int, profile: String?) throws -> [Facet]
    func map(rows: String, columns: String, query: String?, profile: String?, maxCells: Int?) throws -> GapMap
    /// A record by id, as `kb show` finds it; when nothing has it, the error names what was
    /// `wanted` and suggests only ids of that kind.
    func record(_ id: String, wanted: Catalog.Wanted) throws -> Catalog.Record
    func list(_ listing: Catalog.Listing) throws -> [Catalog.Entry]
    /// `kb stats` as label/value pairs.
    func statisticPairs() throws -> [(String, String)]
    /// `kb export` into a string.
    func export(_ text: String, style: ExportStyle, profile: String?) throws -> (text: String, summary: ExportSummary)
    /// `kb audit` of everything.
    func auditReport() throws -> AuditReport

    // MARK: The change log and the relations
    func log(_ filter: ChangeLog.Filter) throws -> [Change]
    /// The relations `claim` is either end of (``Curator/currentRelations(of:)``).
    func currentRelations(of claim: String) throws -> [(from: String, kind: String, to: String, note: String?)]
    /// A record's history with its relations' changes (``Curator/history(_:incoming:)``).
    func history(_ filter: ChangeLog.Filter, incoming: [String]) throws -> [Change]
    /// The newest `limit` changes of that history below `before` (``Curator/newestHistory(_:incoming:before:limit:)``).
    func newestHistory(_ filter: ChangeLog.Filter, incoming: [String], before: Int64?, limit: Int) throws -> [Change]
    /// The relation changes after change `id` up to `through` (``Curator/relationIDs(after:through:)``).
    func relationIDs(after id: Int64, through: Int64) throws -> (ids: [(id: Int64, recordId: String)], last: Int64)
    /// The kind and version of the source, study or claim `id` (`KIND:ID` to say which), nil
    /// when there is none.
    func recordVersion(_ id: String) throws -> (kind: RecordKind, version: Int)?
    /// The stored record `id` with its version, as an edit form shows it.
    func curatedRecord(_ id: String) throws -> (record: RecordSnapshot, version: Int)?

    // MARK: Writes (`kb serve --write`)
    func add(_ kind: RecordKind, fields: [FieldAssignment], options: CurationOptions) throws -> CurationResult
    func edit(_ id: String, fields: [FieldAssignment], options: CurationOptions) throws -> CurationResult
    func notice(_ source: String, kind: NoticeKind, date: String?, reason: String?, url: String?, options: CurationOptions) throws -> CurationResult
    func link(_ from: String, kind: String, to: String, note: String?, options: CurationOptions) throws -> CurationResult
    func remove(_ id: String, cascade: Bool, options: CurationOptions) throws -> CurationResult
    func undo(_ change: Int64, force: Bool, options: CurationOptions) throws -> CurationResult
}

extension KBService: ServedKnowledgeBase {
    public func statisticPairs() throws -> [(String, String)] {
        try statistics()
    }

    public func currentRelations(of claim: String) throws -> [(from: String, kind: String, to: String, note: String?)] {
        try curator.currentRelations(of: claim)
    }

    public func history(_ filter: ChangeLog.Filter, incoming: [String]) throws -> [Change] {
        try curator.history(filter, incoming: incoming)
    }

    public func newestHistory(_ filter: ChangeLog.Filter, incoming: [String], before: Int64?, limit: Int) throws -> [Change] {
        try curator.newestHistory(filter, incoming: incoming, before: before, limit: limit)
    }

    public func relationIDs(after id: Int64, through: Int64) throws -> (ids: [(id: Int64, recordId: String)], last: Int64) {
        try curator.relationIDs(after: id, through: through)
    }

    public func recordVersion(_ id: String) throws -> (kind: RecordKind, version: Int)? {
        try curator.record(id).map { ($0.record.kind, $0.version) }
    }

    public func curatedRecord(_ id: String) throws -> (record: RecordSnapshot, version: Int)? {
        try curator.record(id)
    }
}
