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

    static func hasExpressionOfConcern(_ sourceID: String) -> String {
        "EXISTS (SELECT 1 FROM notice en WHERE en.sourceId = \(sourceID) AND en.kind = 'expression-of-concern')"
    }
}
