import KBDomain
import KBStore
import KBQuery
import KBFormats

/// Rules about studies and claims: the evidence itself.
enum EvidenceRules {
    static func study(_ evidence: String, detail: String = "NULL", where condition: String) -> String {
        "SELECT 'study' AS kind, st.id AS rowId, st.slug AS subject, \(evidence) AS evidence, \(detail) AS detail FROM study st JOIN source s ON s.id = st.sourceId WHERE \(condition)"
    }

    static func claim(_ evidence: String, detail: String = "NULL", where condition: String) -> String {
        """
        SELECT 'claim' AS kind, c.id AS rowId, c.slug AS subject, \(evidence) AS evidence, \(detail) AS detail
        FROM claim c LEFT JOIN study st ON st.id = c.studyId LEFT JOIN source s ON s.id = c.sourceId WHERE \(condition)
        """
    }

    /// A note that already warns about the failure: it mentions failing, not replicating, or a
    /// retraction.
    static let caveat = """
        (lower(coalesce(c.note, '')) LIKE '%fail%' OR lower(coalesce(c.note, '')) LIKE '%not replicat%' \
        OR lower(coalesce(c.note, '')) LIKE '%did not hold%' OR lower(coalesce(c.note, '')) LIKE '%retract%')
        """

    /// "from noy2023experimental (experiment)".
    static let studyEvidence = "'from ' || s.slug || coalesce(' (' || st.design || ')', '')"

    /// The count a claim's value stands for in its study: a percentage of n is that many of the
    /// n (10.96% of 1022 applications: 112 callbacks); any other value is its own number.
    static let eventCount = "CASE WHEN c.unit = 'percent' THEN round(c.value * st.n / 100.0) ELSE c.value END"

    /// A path's last component, in SQL ("/data/register.csv" → "register.csv").
    static func fileName(_ path: String) -> String {
        "replace(\(path), rtrim(\(path), replace(\(path), '/', '')), '')"
    }

    /// `claim.cross-dataset-duplicate`; scoped, only the sources of the claims in scope (through
    /// the claims' source index), and only those claims.
    static func crossDatasetSQL(scoped: Bool) -> String {
        """
        SELECT 'claim', c.id, c.slug, 'n = ' || kb_number_text(st.n) || ', ' || kb_number_text(\(eventCount)) || ' written in '
               || group_concat(o.slug || ' (' || \(fileName("o.originFile")) || ')', ', '), NULL
        FROM (SELECT sourceId FROM claim WHERE sourceId IS NOT NULL AND originFile IS NOT NULL\(scoped ? " AND sourceId IN (SELECT sourceId FROM claim WHERE id IN \(AuditScope.claims))" : "")
              GROUP BY sourceId HAVING min(originFile) <> max(originFile)) m
        JOIN claim c ON c.sourceId = m.sourceId AND c.originFile IS NOT NULL AND c.value IS NOT NULL\(scoped ? " AND c.id IN \(AuditScope.claims)" : "")
        JOIN study st ON st.id = c.studyId AND st.n > 0
        JOIN claim o ON o.sourceId = m.sourceId AND o.originFile <> c.originFile
        WHERE kb_number_in_text(st.n, o.statement) AND kb_number_in_text(\(eventCount), o.statement)
          AND EXISTS (SELECT 1 FROM claimAbout a JOIN claimAbout b ON b.entityId = a.entityId AND b.claimId = o.id
                      JOIN entity e ON e.id = a.entityId AND e.kind = 'cohort' WHERE a.claimId = c.id)
        GROUP BY c.id
        """
    }

    static let all: [AuditRule] = [
        AuditRule("study.missing-n", .warning, .study, message: "no sample size",
                  rationale: "Without n, a finding's precision cannot be judged; kb ranks it as weak evidence.",
                  fix: "Add n (and its unit) from the paper's method section; if the work never states it, say so in a note.",
                  sameAs: "sources where missing n",
                  sql: study(studyEvidence, detail: "CASE WHEN st.nText IS NOT NULL THEN 'the text says ''' || st.nText || '''' END",
                             where: PresenceSQL.missingCondition(.n))),
        AuditRule("study.missing-design", .warning, .study, message: "no study design",
                  rationale: "The design (experiment, audit study, survey…) decides how much a finding can show.",
                  fix: "Add the design from the paper's method section.",
                  sameAs: "sources where missing design",
                  sql: study(studyEvidence, where: PresenceSQL.missingCondition(.design))),
        AuditRule("study.unknown-preregistration", .info, .study, message: "pre-registration unknown",
                  rationale: "A pre-registered study's hypotheses and analysis were fixed before the data; unknown means unchecked.",
                  fix: "Look for a registry entry (OSF, AsPredicted, AEA RCT Registry) and record yes or no.",
                  sameAs: "sources where missing preregistered",
                  sql: study(studyEvidence, where: PresenceSQL.missingCondition(.preregistered))),
        AuditRule("study.nonpositive-n", .error, .study, message: "a sample size of zero or less",
                  rationale: "No study has n ≤ 0; the value is an entry error.",
                  fix: "Correct n from the paper.",
                  sql: study("'n = ' || st.n", where: "st.n <= 0")),
        AuditRule("claim.unsourced", .warning, .claim, message: "no source",
                  rationale: "An assertion without a source cannot be verified; kb grades it very low.",
                  fix: "Find the study the claim rests on and link it, or keep the claim marked as an assertion.",
                  sameAs: "claims where missing source",
                  sql: claim("coalesce('''' || c.quote || '''', c.statement)", where: PresenceSQL.missingCondition(.source))),
        AuditRule("claim.unknown-replication", .info, .claim, message: "replication status unknown",
                  rationale: "Whether a finding replicated changes how much it can be trusted.",
                  fix: "Check replication databases (FReD, the Replication Project) and record replicated, failed, mixed or not attempted.",
                  sameAs: "claims where missing replication",
                  sql: claim("coalesce(s.slug, 'no source')", where: PresenceSQL.missingCondition(.replication))),
        // Failed and mixed alike (a failed attempt among successes): the message says which
        // through the status, and the detail names the attempts that failed.
        AuditRule("claim.failed-replication", .warning, .claim, message: "not every attempt to replicate it succeeded, and its note gives no caveat",
                  rationale: "A claim whose replication failed, wholly or in part, should not be cited as if it stood.",
                  fix: "Add a note saying the replication failed (what and where), or stop citing the claim.",
                  sql: claim("""
                      'replication: ' || c.replication || coalesce((SELECT '; failed in ' || group_concat(coalesce(rb.slug, rs.slug), ', ')
                                FROM replicationAttempt r LEFT JOIN source rs ON rs.id = r.sourceId LEFT JOIN claim rb ON rb.id = r.byClaimId
                                WHERE r.claimId = c.id AND r.outcome = 'failed'), '')
                      """, where: """
                      c.sourceId IS NOT NULL AND NOT \(caveat) AND (c.replication = 'failed'
                          OR EXISTS (SELECT 1 FROM replicationAttempt r WHERE r.claimId = c.id AND r.outcome = 'failed'))
                      """)),
        AuditRule("claim.retracted-source", .error, .claim, message: "its source is retracted",
                  rationale: "A retracted work is no evidence; claims resting on it must not be cited.",
                  fix: "Remove the claim or move it to a source that stands; keep the retraction notice.",
                  sql: claim("s.slug", detail: "(SELECT 'retracted ' || coalesce(n.date, '') FROM notice n WHERE n.sourceId = s.id AND n.kind = 'retraction' LIMIT 1)",
                             where: "c.sourceId IS NOT NULL AND \(NoticeSQL.isRetracted("c.sourceId"))")),
        AuditRule("claim.number-not-in-quote", .warning, .claim, message: "its number does not appear in its quote",
                  rationale: "The quote is the evidence for the value; a value the quote does not state is a transcription error or an inference.",
                  fix: "Correct the value, or quote the sentence that states it.",
                  sql: claim("kb_number_text(c.value) || ' vs ''' || c.quote || ''''",
                             where: "c.value IS NOT NULL AND c.quote IS NOT NULL AND NOT kb_number_in_text(c.value, c.quote)")),
        AuditRule("claim.cross-dataset-duplicate", .warning, .claim, message: "likely the same result as a claim imported from another file",
                  rationale: "Two datasets that extract the same test (the Lippens register and the Hausladen data) count its evidence twice: same source, same cohort, and this claim's sample and count are written in the other's statement.",
                  fix: "Keep one of the claims (link the other with a note saying where it was also extracted), or mark the two as the same result.",
                  sql: crossDatasetSQL(scoped: false), scopedSQL: crossDatasetSQL(scoped: true)),
    ]
}
