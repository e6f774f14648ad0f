import Foundation
import KBAudit
import KBDomain
import KBStore

/// How one curation write runs: who writes and why, the version the writer read, and whether
/// audit findings block it.
public struct CurationOptions: Sendable {
    public var context: ChangeContext
    /// The version the writer last read (`--if-version`): the write fails when the record moved on.
    public var ifVersion: Int?
    /// Refuse the write when the audit finds anything at warning or above about the records it
    /// touched (`--strict`).
    public var strict: Bool

    public init(context: ChangeContext, ifVersion: Int? = nil, strict: Bool = false) {
        self.context = context
        self.ifVersion = ifVersion
        self.strict = strict
    }
}

/// What a curation write did: the rows it added to the change log, the ids of the records it
/// wrote, and the audit findings about them.
public struct CurationResult: Sendable {
    public var changes: [Change] = []
    public var ids: [String] = []
    public var findings: [AuditFinding] = []
    /// Said instead of writing, when there was nothing to do ("nothing changed").
    public var notes: [String] = []
    /// How many changes the write logged, when `changes` holds only the first of them (an undo
    /// of a large import); nil when `changes` holds them all.
    public var changeCount: Int?

    /// How many changes the write logged.
    public var totalChanges: Int { changeCount ?? changes.count }
}

/// The curation operations (DESIGN §9): add, edit, notice, link, remove and undo, each one
/// transaction that writes the records, recomputes strength and grade (through the store's
/// graph writer, as imports do), appends to the change log and audits what it touched.
public struct Curator: Sendable {
    public let knowledgeBase: KnowledgeBase

    public init(_ knowledgeBase: KnowledgeBase) {
        self.knowledgeBase = knowledgeBase
    }

    /// How many times a write is tried again when another process holds the database past the
    /// busy timeout, and how long to wait in between (doubling).
    static let retries = 6
    static let firstBackoff: UInt32 = 50_000

    /// Runs `body` in one write transaction with the curation store bound to it, again (a
    /// bounded number of times) when the database is busy, so that a curator never sees
    /// "database is locked" (the store decides what "busy" is: ``KnowledgeBase/curationWrite``).
    func write<T>(_ body: (SQLiteCurationStore) throws -> T) throws -> T {
        try knowledgeBase.curationWrite(retries: Self.retries, backoff: Self.firstBackoff, body)
    }

    // MARK: Reading

    /// The change log's rows that match `filter`, oldest first.
    public func log(_ filter: ChangeLog.Filter = .init()) throws -> [Change] {
        try knowledgeBase.curationRead { try ChangeLog.changes(filter, in: $0) }
    }

    /// The relations `claim` is either end of (supports, contradicts, replicates,
    /// fails-to-replicate), as `kb link` made them, and their link/unlink changes, oldest first:
    /// a claim's page lists both, as these are logged under the relation, not the claim. The
    /// changes are read by their ids (the log is not scanned): those of the relations `claim` is
    /// the first end of, of its current ones, and of `incoming` — ids "FROM KIND CLAIM" the caller
    /// knows of, for the links to it since removed. (The statements: ``HistoryReads``, which
    /// PostgreSQL runs too.)
    public func relations(of claim: String, incoming: [String] = []) throws
        -> (relations: [(from: String, kind: String, to: String, note: String?)], changes: [Change]) {
        try knowledgeBase.curationRead { try $0.historyReads.relationsWithChanges(of: claim, incoming: incoming) }
    }

    /// The changes that match `filter` and, when it names a record, those of the relations the
    /// record is an end of (``relations(of:incoming:)``; only a claim has any), oldest first: a
    /// claim's history as its page shows it, on the change log filtered by it too.
    public func history(_ filter: ChangeLog.Filter, incoming: [String] = []) throws -> [Change] {
        try knowledgeBase.curationRead { db in
            try db.historyReads.history(record: filter.record, since: filter.since.map { ChangeLog.normalised(since: $0) },
                                        author: filter.author, batch: filter.batch, incoming: incoming)
        }
    }

    /// The newest `limit` changes with ids below `before` of ``history(_:incoming:)``, oldest
    /// first, read newest first and no further (a page shows the newest few hundred of a claim
    /// with hundreds of thousands): ask for one more than shown to learn whether older ones remain.
    public func newestHistory(_ filter: ChangeLog.Filter, incoming: [String] = [], before: Int64? = nil, limit: Int) throws -> [Change] {
        try knowledgeBase.curationRead { db in
            try db.historyReads.newestHistory(record: filter.record, since: filter.since.map { ChangeLog.normalised(since: $0) },
                                              author: filter.author, batch: filter.batch, incoming: incoming, before: before, limit: limit)
        }
    }

    /// The relations `claim` is either end of, as ``relations(of:incoming:)`` without their changes (review 16 m7: `/api/claims/ID` read those to throw them away).
    public func currentRelations(of claim: String) throws -> [(from: String, kind: String, to: String, note: String?)] {
        try knowledgeBase.curationRead { db in try db.relations(of: claim) }
    }

    /// The relation changes after change `id` and up to `through` (at most the last), as
    /// (id, "FROM KIND TO"), and the last change's id: for a reader that follows the log by the
    /// relations' second ends, range after range.
    public func relationIDs(after id: Int64, through: Int64) throws -> (ids: [(id: Int64, recordId: String)], last: Int64) {
        try knowledgeBase.curationRead { try $0.historyReads.relationIDs(after: id, through: through) }
    }

    /// The stored record called `id` (a source, study or claim), with its version.
    public func record(_ id: String) throws -> (record: RecordSnapshot, version: Int)? {
        try knowledgeBase.curationRead { db in try Self.find(id, in: db) }
    }

    /// The record called `id`: a source, study or claim, or `KIND:ID` (`source:smith2021`) to
    /// say which when two kinds share an id (a KB imported before ids were unique across kinds).
    /// Throws when `id` alone names records of two kinds.
    static func find(_ id: String, in db: SQLiteCurationStore) throws -> (record: RecordSnapshot, version: Int)? {
        let (kinds, slug) = Self.kinds(of: id)
        var found: [(record: RecordSnapshot, version: Int)] = []
        for kind in kinds {
            if let record = try RecordSnapshot.read(kind, slug: slug, in: db.database), let version = try version(kind, slug, in: db) {
                found.append((record, version))
            }
        }
        try refuseAmbiguity(found.map(\.record.kind), slug: slug)
        return found.first
    }

    /// The kinds an id may name, in the order they are looked for, and its slug: `KIND:ID`
    /// names one kind; an id alone a claim, a source or a study.
    package static func kinds(of id: String) -> (kinds: [RecordKind], slug: String) {
        if let colon = id.firstIndex(of: ":"), let kind = RecordKind(rawValue: String(id[..<colon])), kind.table != nil {
            return ([kind], String(id[id.index(after: colon)...]))
        }
        return ([.claim, .source, .study], id)
    }

    /// Throws when records of more than one kind are called `slug`, saying how to name each.
    package static func refuseAmbiguity(_ kinds: [RecordKind], slug: String) throws {
        guard kinds.count > 1 else { return }
        let forms = kinds.map { "\($0.rawValue):\(slug)" }
        throw KBError.invalidInput("'\(slug)' names a \(kinds.map(\.rawValue).joined(separator: " and a ")); say which: "
                                   + forms.joined(separator: " or "))
    }

    static func require(_ id: String, in db: SQLiteCurationStore) throws -> (record: RecordSnapshot, version: Int) {
        if let found = try find(id, in: db) { return found }
        let candidates = try db.recordSlugs(near: id)
        throw KBError.notFound(what: "claim, source or study", name: id, suggestions: Suggestions.nearest(to: id, in: candidates))
    }

    /// The kind of record already called `slug` (ids are unique across sources, studies and
    /// claims, so that every command finds one record by its id), or nil.
    static func kindUsing(_ slug: String, in db: SQLiteCurationStore) throws -> RecordKind? {
        for kind in [RecordKind.claim, .source, .study] {
            if try version(kind, slug, in: db) != nil { return kind }
        }
        return nil
    }

    // MARK: Shared steps

    /// Refuses the write when the record is no longer at the version the writer read.
    static func checkVersion(_ kind: RecordKind, _ slug: String, current: Int, expected: Int?, in db: SQLiteCurationStore) throws {
        guard let expected, expected != current else { return }
        // A version the record never reached is a typo or a stale note, not someone else's write.
        if expected > current {
            throw CurationConflict.stale("\(kind.rawValue) '\(slug)' is at version \(current); you gave \(expected), a version it has not reached",
                                         slug: slug, current: current)
        }
        let latest = try ChangeLog.latest(kind: kind, recordId: slug, in: db)
        let by = latest.map { " by \($0.author) at \($0.time) (\($0.command))" } ?? ""
        throw CurationConflict.stale("\(kind.rawValue) '\(slug)' changed since version \(expected)\(by); it is now at version \(current)",
                                     slug: slug, current: current)
    }

    /// Writes one record through the graph writer (validation of references, strength and grade
    /// recomputed for the claims its evidence touches, search index kept in step). The graph
    /// writer stores a claim's shown replication status as the roll-up of the status the record
    /// states and the attempts recorded on it now, so an edit or undo that restores a stated
    /// status never writes a stale shown one.
    static func store(_ records: [RecordSnapshot], in db: some CurationTransaction) throws {
        var dataset = Dataset()
        for record in records {
            switch record {
            case let .source(source): dataset.sources.append(source)
            case let .study(study): dataset.studies.append(study)
            case let .claim(claim): dataset.claims.append(claim)
            }
        }
        var graph = GraphWriter(db: db.curationStore.database)
        _ = try graph.write(dataset)
    }

    /// Recomputes the shown replication status of the claim `slug` after its attempts changed (a
    /// link, an unlink, a removal or their undo) and logs it as an edit of the claim when it
    /// moved; the stated status stays as its curator or file left it.
    static func recomputeReplication(of slug: String, batch: String?, options: CurationOptions, in db: SQLiteCurationStore) throws -> [Change] {
        guard let before = try RecordSnapshot.read(.claim, slug: slug, in: db.database),
              let id = try db.recordID(.claim, slug),
              try ReplicationAttempts.recompute(claimID: id, in: db.database) else { return [] }
        let version = try bump(.claim, slug, in: db)
        let after = try RecordSnapshot.read(.claim, slug: slug, in: db.database) ?? before
        let change = try ChangeRecorder.append(options.context, action: "edit", kind: .claim, recordId: slug, batch: batch,
                                               fields: RecordSnapshot.changedFields(from: before, to: after), version: version,
                                               before: before.text, after: after.text, in: db.database)
        return try fetchChanges([change], in: db)
    }

    /// Raises the record's version by one and returns it.
    static func bump(_ kind: RecordKind, _ slug: String, in db: SQLiteCurationStore) throws -> Int {
        try db.bumpVersion(kind, slug)
    }

    static func version(_ kind: RecordKind, _ slug: String, in db: SQLiteCurationStore) throws -> Int? {
        try db.version(kind, slug)
    }

    /// The audit's findings about the records written (claims, studies and sources by slug);
    /// with `strict`, any at warning or above throws, which rolls the write back.
    static func audit(_ slugs: [(RecordKind, String)], strict: Bool, in db: SQLiteCurationStore) throws -> [AuditFinding] {
        func ids(_ kind: RecordKind) throws -> [Int64] {
            guard kind.table != nil else { return [] }
            return try slugs.filter { $0.0 == kind }.compactMap { try db.recordID(kind, $0.1) }
        }
        let findings = try Auditor.findings(claims: try ids(.claim), studies: try ids(.study), sources: try ids(.source), in: db.database)
        let blocking = findings.filter { $0.severity >= .warning }
        if strict, !blocking.isEmpty {
            throw CurationBlocked(findings: blocking.map { "\($0.severity.rawValue): \($0.subject): \($0.message)" })
        }
        return findings
    }

    static func fetchChanges(_ ids: [Int64], in db: SQLiteCurationStore) throws -> [Change] {
        try ids.compactMap { try ChangeLog.change($0, in: db) }
    }
}
