import KBDomain

/// The SQL that decides notice status, shared by the strength rubric, the query language and
/// the audit so that "retracted" means one thing everywhere: a retraction with no
/// reinstatement dated on or after it.
package enum NoticeSQL {
    /// True when the source with id `sourceID` (an SQL expression) stands retracted.
    package static func isRetracted(_ sourceID: String) -> String {
        """
        EXISTS (SELECT 1 FROM notice rn WHERE rn.sourceId = \(sourceID) AND rn.kind = 'retraction' \
        AND NOT EXISTS (SELECT 1 FROM notice ri WHERE ri.sourceId = rn.sourceId AND ri.kind = 'reinstatement' \
        AND coalesce(ri.date, '') >= coalesce(rn.date, '')))
        """
    }

    /// True unless the claim's source (`sourceID`, the claim row's own column: `c.sourceId`)
    /// stands retracted; true for a claim without a source. Written on the claim's column, not
    /// on a joined source row's id, so that a statement that reads nothing else of the source
    /// joins no source at all: PostgreSQL then drops the `LEFT JOIN source` (it hashed every
    /// source to count a subject's first matches; BENCHMARKS.md, "A claim's retraction test on
    /// its own `sourceId`"), and SQLite looks up one row less per claim.
    package static func claimNotRetracted(_ sourceID: String = "c.sourceId") -> String {
        "NOT (\(sourceID) IS NOT NULL AND \(isRetracted(sourceID)))"
    }

    static func hasExpressionOfConcern(_ sourceID: String) -> String {
        "EXISTS (SELECT 1 FROM notice en WHERE en.sourceId = \(sourceID) AND en.kind = 'expression-of-concern')"
    }
}
