import GRDB
import KBDomain

/// The evidence a new claim inherits from its study and source (design, n, pre-registration,
/// peer review, notices), read from the database once per study and source pair, so that a
/// new claim is inserted with its strength and grade already computed: no second pass over the
/// claims a write added. Run it after the write's sources, notices and studies are written.
struct EvidenceLookup {
    private struct Key: Hashable {
        let sourceID: Int64?
        let studyID: Int64?
    }

    private struct Assessed: Hashable {
        let key: Key
        let replication: ReplicationStatus
    }

    private let db: Database
    private var facts: [Key: EvidenceFacts] = [:]
    private var assessed: [Assessed: (strength: Double, grade: Grade)] = [:]

    /// What this write's new studies and sources (without notices) said, so that their claims
    /// need no lookup.
    private var knownStudies: [Int64: (design: StudyDesign?, n: Int?, preregistered: Preregistration)] = [:]
    private var knownSources: [Int64: Bool?] = [:]

    init(db: Database) {
        self.db = db
    }

    mutating func know(study id: Int64, _ study: Study) {
        knownStudies[id] = (study.design, study.n, study.preregistered)
    }

    /// A source with notices is looked up: whether it stands retracted is the database's call.
    mutating func know(source id: Int64, _ source: Source) {
        guard source.notices.isEmpty else { return }
        knownSources[id] = source.isPeerReviewed
    }

    /// The strength and grade of a claim with this source, study and replication status —
    /// what ``StrengthUpdater`` would store for it.
    mutating func assess(sourceID: Int64?, studyID: Int64?, replication: ReplicationStatus) throws -> (strength: Double, grade: Grade) {
        let key = Key(sourceID: sourceID, studyID: studyID)
        if let known = assessed[Assessed(key: key, replication: replication)] { return known }
        var known = try inherited(key)
        known.replication = replication
        let assessment = StrengthRubric.assess(known)
        assessed[Assessed(key: key, replication: replication)] = (assessment.strength, assessment.grade)
        return (assessment.strength, assessment.grade)
    }

    private mutating func inherited(_ key: Key) throws -> EvidenceFacts {
        if let known = facts[key] { return known }
        if let sourceID = key.sourceID, let isPeerReviewed = knownSources[sourceID] {
            let study = key.studyID.flatMap { knownStudies[$0] }
            if key.studyID == nil || study != nil {
                let found = EvidenceFacts(hasSource: true, design: study?.design, n: study?.n, preregistered: study?.preregistered ?? .unknown,
                                          isPeerReviewed: isPeerReviewed)
                facts[key] = found
                return found
            }
        }
        let row = try Row.fetchOne(try db.cachedStatement(sql: """
            SELECT k.sourceId IS NOT NULL AS hasSource, st.design, st.n, coalesce(st.preregistered, 'unknown') AS preregistered,
                   s.isPeerReviewed, 'unknown' AS replication,
                   CASE WHEN k.sourceId IS NULL THEN 0 ELSE \(NoticeSQL.isRetracted("k.sourceId")) END AS isRetracted,
                   CASE WHEN k.sourceId IS NULL THEN 0 ELSE \(NoticeSQL.hasExpressionOfConcern("k.sourceId")) END AS hasConcern
            FROM (SELECT ? AS sourceId, ? AS studyId) AS k
            LEFT JOIN study st ON st.id = k.studyId
            LEFT JOIN source s ON s.id = k.sourceId
            """), arguments: [key.sourceID, key.studyID])
        let found = row.map(StrengthUpdater.facts) ?? EvidenceFacts(hasSource: key.sourceID != nil)
        facts[key] = found
        return found
    }
}
