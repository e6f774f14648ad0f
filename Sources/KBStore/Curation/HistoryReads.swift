import KBDomain

/// What a record's page reads of the change log and of the relations between claims — a
/// claim's relations, its history with its relations' link and unlink changes, the newest part
/// of that history, the relation changes a server follows — as statements any store runs
/// (``StatementExecutor``): `kb serve` on a file and on PostgreSQL ask the same questions with
/// the same SQL, every value bound. ``Curator``'s reads and ``PostgresService``'s are these.
package struct HistoryReads {
    let executor: any StatementExecutor
    let log: ChangeLogStatements

    package init(executor: any StatementExecutor, dialect: any SQLDialect) {
        self.executor = executor
        log = ChangeLogStatements(executor: executor, dialect: dialect)
    }

    /// The relations `claim` is either end of (supports, contradicts, replicates,
    /// fails-to-replicate), first end's row order, then kind, then second end's.
    package func relations(of claim: String) throws -> [(from: String, kind: String, to: String, note: String?)] {
        try executor.rows("""
            SELECT f.slug AS fromSlug, r.kind AS kind, t.slug AS toSlug, r.note AS note FROM claimRelation r
            JOIN claim f ON f.id = r.fromClaimId JOIN claim t ON t.id = r.toClaimId
            WHERE f.slug = \(claim) OR t.slug = \(claim) ORDER BY f.id, r.kind, t.id
            """).map { ($0.string("fromSlug") ?? "", $0.string("kind") ?? "", $0.string("toSlug") ?? "", $0.string("note")) }
    }

    /// The relations `claim` is either end of and their link/unlink changes, oldest first: the
    /// changes of the relations it is the first end of, of its current ones, and of `incoming`
    /// ("FROM KIND CLAIM" ids the caller knows of, for links to it since removed).
    package func relationsWithChanges(of claim: String, incoming: [String]) throws
        -> (relations: [(from: String, kind: String, to: String, note: String?)], changes: [Change]) {
        let relations = try relations(of: claim)
        let current = relations.filter { $0.to == claim }.map { "\($0.from) \($0.kind) \($0.to)" }
        return (relations, try log.relationChanges(of: claim, incoming: current + incoming))
    }

    /// The changes that match `filter` and, when it names a record, those of the relations the
    /// record is an end of, oldest first: a claim's history as its page shows it.
    package func history(record: String?, since: String?, author: String?, batch: String?, incoming: [String]) throws -> [Change] {
        let own = try log.changes(record: record, since: since, author: author, batch: batch)
        guard let record else { return own }
        let linked = try relationsWithChanges(of: record, incoming: incoming).changes.filter { change in
            (since.map { change.time >= $0 } ?? true) && (author.map { change.author == $0 } ?? true)
                && (batch.map { change.batch == $0 } ?? true)
        }
        return linked.isEmpty ? own : (own + linked).sorted { $0.id < $1.id }
    }

    /// The newest `limit` changes with ids below `before` of ``history(record:since:author:batch:incoming:)``,
    /// oldest first, read newest first and no further.
    package func newestHistory(record: String?, since: String?, author: String?, batch: String?, incoming: [String],
                               before: Int64?, limit: Int) throws -> [Change] {
        var incoming = incoming
        if let record {
            incoming += try relations(of: record).filter { $0.to == record }.map { "\($0.from) \($0.kind) \($0.to)" }
        }
        return try log.newest(record: record, incoming: incoming, since: since, author: author, batch: batch, before: before, limit: limit)
    }

    /// The relation changes after change `id` and up to `through` (at most the last), as
    /// (id, "FROM KIND TO"), and the last change's id.
    package func relationIDs(after id: Int64, through: Int64) throws -> (ids: [(id: Int64, recordId: String)], last: Int64) {
        let last = try log.lastChangeID()
        return (try log.relationIDs(after: id, through: min(through, last)), last)
    }
}
