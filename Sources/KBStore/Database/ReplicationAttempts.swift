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
        try Row.fetchAll(db, sql: """
            SELECT a.sourceId, a.outcome, a.note, b.slug AS byClaim FROM replicationAttempt a LEFT JOIN claim b ON b.id = a.byClaimId
            LEFT JOIN source s ON s.id = a.sourceId
            WHERE a.claimId = ? ORDER BY a.byClaimId IS NOT NULL, s.slug, b.id
            """, arguments: [claimID]).map {
            Attempt(sourceID: $0["sourceId"], outcome: ReplicationOutcome(rawValue: $0["outcome"]) ?? .unknown, note: $0["note"], byClaim: $0["byClaim"])
        }
    }

    /// The claims that the claim `claimID` replicates or fails to replicate (its links), with
    /// what it found: (replicated claim, outcome, note).
    package static func replicated(by claimID: Int64, in db: Database) throws -> [(claim: String, outcome: ReplicationOutcome, note: String?)] {
        try Row.fetchAll(db, sql: """
            SELECT c.slug, a.outcome, a.note FROM replicationAttempt a JOIN claim c ON c.id = a.claimId WHERE a.byClaimId = ? ORDER BY c.id
            """, arguments: [claimID]).map { ($0["slug"], ReplicationOutcome(rawValue: $0["outcome"]) ?? .unknown, $0["note"]) }
    }

    /// The replication status of the claim `slug`, rolled up from `base` (its status before any
    /// link: as stated by its file or its curator) and every attempt recorded on it.
    package static func rolledUp(_ base: ReplicationStatus, claim slug: String, in db: Database) throws -> ReplicationStatus {
        let outcomes = try String.fetchAll(db, sql: """
            SELECT DISTINCT a.outcome FROM replicationAttempt a JOIN claim c ON c.id = a.claimId WHERE c.slug = ?
            """, arguments: [slug])
        return rollUp(base, replicated: outcomes.contains("replicated"), failed: outcomes.contains("failed"))
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
