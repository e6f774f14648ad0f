import GRDB
import KBDomain

/// Every attempt to replicate a claim, read from the `replicationAttempt` view (migration 9): the
/// sources an import recorded (`claimReplication`) and the claims `kb link` related
/// (`replicates`, `fails-to-replicate`). `kb show`, the roll-up of a claim's replication status
/// and (through the same view in SQL) the `replicated-by` filter and the audit all read it, so the
/// two ways of recording a replication cannot drift apart.
package enum ReplicationAttempts {
    /// One attempt on a claim.
    package struct Attempt: Sendable, Equatable {
        /// The source that tried; for a linked claim, that claim's source (nil when it has none).
        package var sourceID: Int64?
        package var outcome: ReplicationOutcome
        package var note: String?
        /// The replicating claim, when a link recorded the attempt.
        package var byClaim: String?
    }

    /// The attempts to replicate the claim `claimID`: imported ones first (by source), then links
    /// (by replicating claim).
    package static func attempts(on claimID: Int64, in db: Database) throws -> [Attempt] {
        try attempts(on: claimID, in: SQLiteStatementExecutor(db: db))
    }

    /// ``attempts(on:in:)`` through any store's executor (PostgreSQL's too): sources by slug
    /// byte by byte, as SQLite orders them.
    package static func attempts(on claimID: Int64, in executor: any StatementExecutor) throws -> [Attempt] {
        try executor.rows("""
            SELECT a.sourceId, a.outcome, a.note, b.slug AS byClaim, s.slug AS sourceSlug, a.byClaimId FROM replicationAttempt a
            LEFT JOIN claim b ON b.id = a.byClaimId LEFT JOIN source s ON s.id = a.sourceId
            WHERE a.claimId = \(claimID)
            """).sorted { lhs, rhs in
            // `ORDER BY a.byClaimId IS NOT NULL, s.slug, b.id` (NULL first, as SQLite sorts it).
            let (linkedA, linkedB) = (!lhs["byClaimId"].isNull, !rhs["byClaimId"].isNull)
            if linkedA != linkedB { return !linkedA }
            let (slugA, slugB) = (lhs.string("sourceSlug"), rhs.string("sourceSlug"))
            if slugA != slugB {
                guard let slugA else { return true }
                guard let slugB else { return false }
                return slugA.utf8.lexicographicallyPrecedes(slugB.utf8)
            }
            return (lhs.int64("byClaimId") ?? 0) < (rhs.int64("byClaimId") ?? 0)
        }.map {
            Attempt(sourceID: $0.int64("sourceId"), outcome: $0.string("outcome").flatMap(ReplicationOutcome.init(rawValue:)) ?? .unknown,
                    note: $0.string("note"), byClaim: $0.string("byClaim"))
        }
    }

    /// The claims that the claim `claimID` replicates or fails to replicate (its links), with
    /// what it found: (replicated claim, outcome, note).
    package static func replicated(by claimID: Int64, in db: Database) throws -> [(claim: String, outcome: ReplicationOutcome, note: String?)] {
        try replicated(by: claimID, in: SQLiteStatementExecutor(db: db))
    }

    package static func replicated(by claimID: Int64, in executor: any StatementExecutor) throws -> [(claim: String, outcome: ReplicationOutcome, note: String?)] {
        try executor.rows("""
            SELECT c.slug, a.outcome, a.note FROM replicationAttempt a JOIN claim c ON c.id = a.claimId WHERE a.byClaimId = \(claimID) ORDER BY c.id
            """).map { ($0.string("slug") ?? "", $0.string("outcome").flatMap(ReplicationOutcome.init(rawValue:)) ?? .unknown, $0.string("note")) }
    }

    /// The outcomes recorded on the claim `claimID`, read by id from the two tables behind the
    /// `replicationAttempt` view (the key of `claimReplication`, the index `claimRelationByTarget`)
    /// rather than through the view joined to `claim`, which read every attempt of the KB per call.
    package static let outcomesSQL = """
        SELECT outcome FROM claimReplication WHERE claimId = ?1
        UNION SELECT CASE kind WHEN 'replicates' THEN 'replicated' ELSE 'failed' END FROM claimRelation
        WHERE toClaimId = ?1 AND kind IN ('replicates', 'fails-to-replicate')
        """

    package static func outcomes(on claimID: Int64, in db: Database) throws -> Set<String> {
        Set(try String.fetchAll(db.cachedStatement(sql: outcomesSQL), arguments: [claimID]))
    }

    /// The status a claim's file or curator stated: the stored `statedReplication` when the
    /// attempts moved the shown status away from it, else the shown status itself.
    package static func stated(_ claim: Claim) -> ReplicationStatus {
        claim.statedReplication ?? claim.replication
    }

    /// Makes the claim `claimID`'s shown status the roll-up of its stated status (`stated`, or
    /// the one stored when nil) and every attempt recorded on it now, keeps the stated one when
    /// they differ, and refreshes its strength and grade. The one place the roll-up is written:
    /// every link, unlink, remove, edit and undo of kb's curation ends here. Returns whether the
    /// row changed.
    @discardableResult
    package static func recompute(claimID: Int64, stated given: ReplicationStatus? = nil, in db: Database) throws -> Bool {
        guard let row = try Row.fetchOne(db, sql: "SELECT replication, statedReplication FROM claim WHERE id = ?", arguments: [claimID]) else {
            return false
        }
        let shownNow = ReplicationStatus(rawValue: row["replication"]) ?? .unknown
        let statedNow = (row["statedReplication"] as String?).flatMap(ReplicationStatus.init(rawValue:))
        let stated = given ?? statedNow ?? shownNow
        let outcomes = try outcomes(on: claimID, in: db)
        let shown = rollUp(stated, replicated: outcomes.contains("replicated"), failed: outcomes.contains("failed"))
        let keptStated = shown == stated ? nil : stated
        guard shown != shownNow || keptStated != statedNow else { return false }
        try db.execute(sql: "UPDATE claim SET replication = ?, statedReplication = ? WHERE id = ?",
                       arguments: [shown.rawValue, keptStated?.rawValue, claimID])
        if shown != shownNow { try StrengthUpdater.refresh(claims: [claimID], sources: [], in: db) }
        return true
    }

    /// A claim's replication status once replications that succeeded (`replicated`) or failed
    /// (`failed`) are recorded on it: both make it mixed; one kind agrees with or contradicts
    /// what was known.
    package static func rollUp(_ current: ReplicationStatus, replicated: Bool, failed: Bool) -> ReplicationStatus {
        switch (replicated, failed) {
        case (true, true): .mixed
        case (true, false): [.failed, .mixed].contains(current) ? .mixed : current == .partial ? .partial : .replicated
        case (false, true): [.replicated, .partial, .mixed].contains(current) ? .mixed : .failed
        case (false, false): current
        }
    }
}
