import Foundation
import GRDB
import KBDomain

/// The rule that a replication link (`replicates`, `fails-to-replicate`) records an independent
/// attempt (DESIGN §2, §4), checked wherever a claim's source or study can change under a link:
/// `kb link` itself, `kb edit`, `kb undo` and imports (whole or streamed). Kept here, below the
/// curation and import layers, so that every writer refuses with the same message.
public enum ReplicationIndependence {
    /// The relation kinds whose claims must stay independent (they roll the target's status up).
    public static let kinds = ["replicates", "fails-to-replicate"]

    /// Where a claim's finding comes from: its source and study (ids to compare, slugs to name).
    struct Origin {
        var source: Int64?
        var study: Int64?
        var sourceSlug: String?
        var studySlug: String?
    }

    /// Refuses (exit 3) a replication from `from` to `to` that is not an independent attempt: a
    /// replicating claim without a source (nothing to cite for the attempt), or one of the same
    /// study as the claim it would replicate — or of the same source when either claim names no
    /// study, so that nothing shows the two findings come from different studies.
    public static func check(_ from: String, kind: String, _ to: String, ids: (from: Int64, to: Int64), in db: Database) throws {
        func origin(_ id: Int64) throws -> Origin {
            guard let row = try Row.fetchOne(db, sql: """
                SELECT c.sourceId, c.studyId, s.slug AS sourceSlug, st.slug AS studySlug FROM claim c
                LEFT JOIN source s ON s.id = c.sourceId LEFT JOIN study st ON st.id = c.studyId WHERE c.id = ?
                """, arguments: [id]) else { return Origin() }
            return Origin(source: row["sourceId"], study: row["studyId"], sourceSlug: row["sourceSlug"], studySlug: row["studySlug"])
        }
        try check(from, kind: kind, to, origins: (try origin(ids.from), try origin(ids.to)))
    }

    /// The rule itself, on origins already read.
    static func check(_ from: String, kind: String, _ to: String, origins: (from: Origin, to: Origin)) throws {
        let (a, b) = origins
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

    /// Every replication link with either end among the claims bound as a JSON array of slugs
    /// (`json_each`), once each, with both ends' origins: the written claims are found by the
    /// slug index, their links by the relation's primary key (from) and `claimRelationByTarget`
    /// (to), so the cost follows the written claims' links, never all links per claim.
    static let linksSQL = """
        WITH written(id) AS (SELECT c.id FROM json_each(?) j JOIN claim c ON c.slug = j.value)
        SELECT r.fromClaimId, r.kind, r.toClaimId, r.fromClaimId IN written AS fromWritten,
               f.slug AS fromSlug, f.sourceId AS fromSource, f.studyId AS fromStudy, fs.slug AS fromSourceSlug, fst.slug AS fromStudySlug,
               t.slug AS toSlug, t.sourceId AS toSource, t.studyId AS toStudy
        FROM (SELECT fromClaimId, kind, toClaimId FROM claimRelation
              WHERE fromClaimId IN written AND kind IN ('replicates', 'fails-to-replicate')
              UNION
              SELECT fromClaimId, kind, toClaimId FROM claimRelation
              WHERE toClaimId IN written AND kind IN ('replicates', 'fails-to-replicate')) r
        JOIN claim f ON f.id = r.fromClaimId JOIN claim t ON t.id = r.toClaimId
        LEFT JOIN source fs ON fs.id = f.sourceId LEFT JOIN study fst ON fst.id = f.studyId
        ORDER BY r.fromClaimId, r.kind, r.toClaimId
        """

    /// Refuses (exit 3) a write that left the source or study of one of `claims` such that a
    /// replication link it takes part in (either end) is no longer independent; the caller's
    /// transaction rolls back, so nothing is written. The message is `kb edit`'s, whichever
    /// command wrote it, and names the written end of the link (its `from` when both were written).
    ///
    /// Pass only claims whose source or study the write changed (or that it put back): a link
    /// that was already dependent (made before `kb link` checked) then blocks no unrelated write.
    public static func checkStillIndependent(claims: [String], in db: Database) throws {
        guard !claims.isEmpty else { return }
        let slugs = String(decoding: try JSONEncoder().encode(Array(Set(claims)).sorted()), as: UTF8.self)
        let rows = try Row.fetchCursor(db, sql: linksSQL, arguments: [slugs])
        while let row = try rows.next() {
            let (from, kind, to): (String, String, String) = (row["fromSlug"], row["kind"], row["toSlug"])
            let origins = (Origin(source: row["fromSource"], study: row["fromStudy"], sourceSlug: row["fromSourceSlug"], studySlug: row["fromStudySlug"]),
                           Origin(source: row["toSource"], study: row["toStudy"]))
            do {
                try check(from, kind: kind, to, origins: origins)
            } catch let KBError.invalidInput(message) {
                let slug = row["fromWritten"] as Bool ? from : to
                throw KBError.invalidInput("claim '\(slug)' cannot take that source or study: '\(from) \(kind) \(to)' "
                                           + "would no longer be an independent replication (\(message)); undo the link first (kb log \(to) names its change)")
            }
        }
    }

    /// Refuses (exit 3) an import whose write made a replication link dependent: the one check
    /// both import paths run (a whole write, ``GraphWriter/write(_:)``, and a streamed one,
    /// before ``GraphWriter/finish()``) on the graph writer's ``GraphWriter/movedClaims`` before
    /// the report is returned. Only the stored claims whose `sourceId` or `studyId` the import
    /// changed are checked: a restated note changes no link's independence, and new claims have
    /// no links.
    public static func checkImported(movedClaims: Set<String>, in db: Database) throws {
        try checkStillIndependent(claims: Array(movedClaims), in: db)
    }
}
