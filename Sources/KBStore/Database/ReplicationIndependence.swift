import GRDB
import KBDomain

/// The rule that a replication link (`replicates`, `fails-to-replicate`) records an independent
/// attempt (DESIGN §2, §4), checked wherever a claim's source or study can change under a link:
/// `kb link` itself, `kb edit`, `kb undo` and imports. Kept here, below the curation and import
/// layers, so that every writer refuses with the same message.
public enum ReplicationIndependence {
    /// The relation kinds whose claims must stay independent (they roll the target's status up).
    public static let kinds = ["replicates", "fails-to-replicate"]

    /// Refuses (exit 3) a replication from `from` to `to` that is not an independent attempt: a
    /// replicating claim without a source (nothing to cite for the attempt), or one of the same
    /// study as the claim it would replicate — or of the same source when either claim names no
    /// study, so that nothing shows the two findings come from different studies.
    public static func check(_ from: String, kind: String, _ to: String, ids: (from: Int64, to: Int64), in db: Database) throws {
        func origin(_ id: Int64) throws -> (source: Int64?, study: Int64?, sourceSlug: String?, studySlug: String?) {
            guard let row = try Row.fetchOne(db, sql: """
                SELECT c.sourceId, c.studyId, s.slug AS sourceSlug, st.slug AS studySlug FROM claim c
                LEFT JOIN source s ON s.id = c.sourceId LEFT JOIN study st ON st.id = c.studyId WHERE c.id = ?
                """, arguments: [id]) else { return (nil, nil, nil, nil) }
            return (row["sourceId"], row["studyId"], row["sourceSlug"], row["studySlug"])
        }
        let (a, b) = (try origin(ids.from), try origin(ids.to))
        guard let source = a.source else {
            throw KBError.invalidInput("claim '\(from)' has no source, so it cannot record a replication of '\(to)': "
                                       + "a replication is another study's finding that a reader can look up; "
                                       + "give it its source first (kb edit \(from) source=SOURCE)")
        }
        if let study = a.study, study == b.study {
            throw KBError.invalidInput("claims '\(from)' and '\(to)' are findings of the same study '\(a.studySlug ?? "")': "
                                       + "a study cannot \(kind == "replicates" ? "replicate" : "fail to replicate") itself; "
                                       + "link a claim of an independent study, or use --supports or --contradicts")
        }
        if source == b.source, a.study == nil || b.study == nil {
            throw KBError.invalidInput("claims '\(from)' and '\(to)' cite the same source '\(a.sourceSlug ?? "")' and nothing shows they come from "
                                       + "different studies: a replication is an independent study's finding; "
                                       + "give each claim its study (kb edit CLAIM study=STUDY), or use --supports or --contradicts")
        }
    }

    /// Refuses (exit 3) a write that left a claim's source or study such that a replication link
    /// it takes part in (either end) is no longer independent; the caller's transaction rolls
    /// back, so nothing is written. The message is `kb edit`'s, whichever command wrote it.
    public static func checkStillIndependent(claim slug: String, in db: Database) throws {
        let rows = try Row.fetchAll(db, sql: """
            SELECT r.fromClaimId, f.slug AS fromSlug, r.kind, r.toClaimId, t.slug AS toSlug FROM claimRelation r
            JOIN claim f ON f.id = r.fromClaimId JOIN claim t ON t.id = r.toClaimId
            WHERE (f.slug = ? OR t.slug = ?) AND r.kind IN ('replicates', 'fails-to-replicate') ORDER BY f.id, r.kind, t.id
            """, arguments: [slug, slug])
        for row in rows {
            let (from, kind, to): (String, String, String) = (row["fromSlug"], row["kind"], row["toSlug"])
            do {
                try check(from, kind: kind, to, ids: (row["fromClaimId"], row["toClaimId"]), in: db)
            } catch let KBError.invalidInput(message) {
                throw KBError.invalidInput("claim '\(slug)' cannot take that source or study: '\(from) \(kind) \(to)' "
                                           + "would no longer be an independent replication (\(message)); undo the link first (kb log \(to) names its change)")
            }
        }
    }

    /// The claims among `slugs` that take part in a replication link (either end), in the order
    /// given: the only ones a write of those claims can make dependent. One scan of the links,
    /// which are few, rather than a lookup per written claim.
    public static func linkedClaims(among slugs: [String], in db: Database) throws -> [String] {
        guard !slugs.isEmpty else { return [] }
        let linked = Set(try String.fetchAll(db, sql: """
            SELECT f.slug FROM claimRelation r JOIN claim f ON f.id = r.fromClaimId WHERE r.kind IN ('replicates', 'fails-to-replicate')
            UNION SELECT t.slug FROM claimRelation r JOIN claim t ON t.id = r.toClaimId WHERE r.kind IN ('replicates', 'fails-to-replicate')
            """))
        return slugs.filter(linked.contains)
    }
}
