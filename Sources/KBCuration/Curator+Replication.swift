import KBDomain
import KBStore

extension Curator {
    /// Refuses a replication link that is not an independent attempt (DESIGN §2, §4: a
    /// replication is another study's finding, and successful replication raises strength): a
    /// replicating claim without a source (nothing to cite for the attempt), or one of the same
    /// study as the claim it would replicate — or of the same source when either claim names no
    /// study, so that nothing shows the two findings come from different studies. Exit 3,
    /// nothing written.
    static func checkIndependent(_ from: String, kind: String, _ to: String, ids: (from: Int64, to: Int64), in db: SQLiteCurationStore) throws {
        try ReplicationIndependence.check(from, kind: kind, to, ids: ids, in: db.database)
    }
}
