import Foundation
import KBCore
import KBPostgres

/// `kb serve` on PostgreSQL (issue 19): the server's reads and writes as ``KBService`` answers
/// them on a file, each read in one read-only snapshot (``PostgresStore/read(_:)``) on its own
/// connection, under the request's time limit (the server's `statement_timeout`, set from it).
/// The history, relations and facets run the same statements and the same code as on a file
/// (``HistoryReads``; facets as `group by` per field, which is what they count; an edit form's
/// record through the query engine's record reader); the audit reads a snapshot copy, as
/// `kb audit` does on PostgreSQL.
extension PostgresService: ServedKnowledgeBase {
    /// This service for a server: the database checked now — reachable, kb's, holding a knowledge
    /// base, migrated (as any command's first read checks it) — and not again on each request's
    /// reads, which reuse the connections earlier reads left open (``PostgresStore/serving()``). `writes`: a server that takes writes; a standby or a read-only database is refused
    /// first (exit 4, read-only store).
    public func checkedForServing(writes: Bool) throws -> PostgresService {
        if writes { try refuseReadOnly() }
        _ = try contentVersion()
        var service = self
        service.store = store.serving()
        return service
    }

    public func withTimeLimit<T>(_ seconds: Double?, _ body: () throws -> T) throws -> T {
        try QueryDeadline.withLimit(seconds, body)
    }

    /// The newest change-log row and import run, as on a file (``ContentVersion``): every write
    /// kb makes to the database appends to one of them in its transaction.
    public func contentVersion() throws -> ContentVersion {
        try store.read { session in
            let row = try session.executor.rows("""
                SELECT (SELECT coalesce(max(id), 0) FROM changes) AS change, (SELECT coalesce(max(id), 0) FROM importRun) AS importrun
                """).first
            return ContentVersion(change: row?["change"].int64 ?? 0, importRun: row?["importrun"].int64 ?? 0)
        }
    }

    /// The facets of a results page: the counts of `QUERY group by FIELD` for each facet field,
    /// which is what a file's one-pass facets count (``KBService/facets(of:limit:profile:)``).
    public func facets(of outcome: QueryOutcome, limit: Int, profile: String?) throws -> [Facet] {
        try store.read { session in
            try KBService.facets(of: outcome.compiled.query, limit: limit, profile: try Self.profile(profile, store: session.store), in: session)
        }
    }

    public func record(_ id: String, wanted: Catalog.Wanted = .any) throws -> Catalog.Record {
        try store.read { try Catalog.show(id, wanted: wanted, in: $0) }
    }

    public func statisticPairs() throws -> [(String, String)] {
        try statistics().map { ($0.label, $0.value.text) }
    }

    public func export(_ text: String, style: ExportStyle, profile: String?) throws -> (text: String, summary: ExportSummary) {
        var sink = StringSink()
        let summary = try export(text, style: style, profile: profile, to: &sink)
        return (sink.text, summary)
    }

    /// The audit of a snapshot copy, as `kb audit --db postgresql://…` runs it.
    public func auditReport() throws -> AuditReport {
        try snapshotService().auditReport()
    }

    public func currentRelations(of claim: String) throws -> [(from: String, kind: String, to: String, note: String?)] {
        try historyReads { try $0.relations(of: claim) }
    }

    public func history(_ filter: ChangeLog.Filter, incoming: [String]) throws -> [Change] {
        try historyReads { reads in
            try reads.history(record: filter.record, since: filter.since.map { ChangeLog.normalised(since: $0) },
                              author: filter.author, batch: filter.batch, incoming: incoming)
        }
    }

    public func newestHistory(_ filter: ChangeLog.Filter, incoming: [String], before: Int64?, limit: Int) throws -> [Change] {
        try historyReads { reads in
            try reads.newestHistory(record: filter.record, since: filter.since.map { ChangeLog.normalised(since: $0) },
                                    author: filter.author, batch: filter.batch, incoming: incoming, before: before, limit: limit)
        }
    }

    public func relationIDs(after id: Int64, through: Int64) throws -> (ids: [(id: Int64, recordId: String)], last: Int64) {
        try historyReads { try $0.relationIDs(after: id, through: through) }
    }

    /// The kind and version of `id` (`KIND:ID` to say which), found as a file's curator finds
    /// it (``Curator/record(_:)``): a claim, a source or a study; an id two kinds share is an
    /// error that says how to name each. One row's version per kind, not the record.
    public func recordVersion(_ id: String) throws -> (kind: RecordKind, version: Int)? {
        try findRecord(id, kind: \.kind) { kind, slug, session in
            try Self.version(kind, slug, in: session).map { (kind, $0) }
        }
    }

    /// The stored record `id` with its version, as a file's curator reads it, in one read-only
    /// snapshot (the record's rows only, through the query engine's record reader).
    public func curatedRecord(_ id: String) throws -> (record: RecordSnapshot, version: Int)? {
        try findRecord(id, kind: \.record.kind) { kind, slug, session in
            guard let version = try Self.version(kind, slug, in: session),
                  let record = try RecordSnapshot.read(kind, slug: slug, executor: session.executor, graph: session.graph) else { return nil }
            return (record, version)
        }
    }

    /// What `read` finds of `id` for each kind it may name (``Curator/kinds(of:)``), in one read;
    /// throws when two kinds have it.
    private func findRecord<T>(_ id: String, kind: (T) -> RecordKind,
                               _ read: (RecordKind, String, QueryReadSession) throws -> T?) throws -> T? {
        let (kinds, slug) = Curator.kinds(of: id)
        let found = try store.read { session in try kinds.compactMap { try read($0, slug, session) } }
        try Curator.refuseAmbiguity(found.map(kind), slug: slug)
        return found.first
    }

    private static func version(_ kind: RecordKind, _ slug: String, in session: QueryReadSession) throws -> Int? {
        guard let table = kind.table else { return nil }
        return try session.executor.rows("SELECT version FROM \(sql: table) WHERE slug = \(slug)").first?.int("version")
    }

    private func historyReads<T>(_ body: (HistoryReads) throws -> T) throws -> T {
        try store.read { session in try body(HistoryReads(executor: session.executor, dialect: PostgresDialect())) }
    }
}
