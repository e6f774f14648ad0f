import GRDB
import KBDomain
import KBStore

extension Curator {
    /// Refuses a replication link that is not an independent attempt (DESIGN §2, §4: a
    /// replication is another study's finding, and successful replication raises strength): a
    /// replicating claim without a source (nothing to cite for the attempt), or one of the same
    /// study as the claim it would replicate — or of the same source when either claim names no
    /// study, so that nothing shows the two findings come from different studies. Exit 3,
    /// nothing written.
    static func checkIndependent(_ from: String, kind: String, _ to: String, ids: (from: Int64, to: Int64), in db: Database) throws {
        func origin(_ id: Int64) throws -> (source: Int64?, study: Int64?, sourceSlug: String?, studySlug: String?) {
            guard let row = try db.fetchRow("""
                SELECT c.sourceId, c.studyId, s.slug AS sourceSlug, st.slug AS studySlug FROM claim c
                LEFT JOIN source s ON s.id = c.sourceId LEFT JOIN study st ON st.id = c.studyId WHERE c.id = \(id)
                """) else { return (nil, nil, nil, nil) }
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
}
