import GRDB
import KBDomain

/// Keeps each claim's stored `strength` and `grade` equal to what ``StrengthRubric`` says
/// about its current evidence.
enum StrengthUpdater {
    static let factsSQL = """
        SELECT c.id, c.sourceId IS NOT NULL AS hasSource, st.design, st.n, coalesce(st.preregistered, 'unknown') AS preregistered,
               s.isPeerReviewed, c.replication, c.strength, c.grade,
               CASE WHEN c.sourceId IS NULL THEN 0 ELSE \(NoticeSQL.isRetracted("c.sourceId")) END AS isRetracted,
               CASE WHEN c.sourceId IS NULL THEN 0 ELSE \(NoticeSQL.hasExpressionOfConcern("c.sourceId")) END AS hasConcern
        FROM claim c
        LEFT JOIN study st ON st.id = c.studyId
        LEFT JOIN source s ON s.id = c.sourceId
        """

    static func facts(_ row: Row) -> EvidenceFacts {
        EvidenceFacts(hasSource: row["hasSource"], design: (row["design"] as String?).flatMap(StudyDesign.init(rawValue:)),
                      n: row["n"], preregistered: Preregistration(rawValue: row["preregistered"]) ?? .unknown,
                      isPeerReviewed: row["isPeerReviewed"],
                      replication: ReplicationStatus(rawValue: row["replication"]) ?? .unknown,
                      isRetracted: row["isRetracted"], hasExpressionOfConcern: row["hasConcern"])
    }

    /// Recomputes the given claims and every claim of the given sources.
    static func refresh(claims: Set<Int64>, sources: Set<Int64>, in db: Database) throws {
        var ids = claims
        for chunk in Array(sources).chunked(into: 500) {
            ids.formUnion(try Int64.fetchAll(db, sql: "SELECT id FROM claim WHERE sourceId IN \(placeholders(chunk.count))",
                                             arguments: StatementArguments(chunk)))
        }
        for chunk in Array(ids).chunked(into: 500) {
            try update(db, rows: Row.fetchAll(db, sql: factsSQL + " WHERE c.id IN \(placeholders(chunk.count))",
                                              arguments: StatementArguments(chunk)))
        }
    }

    /// Recomputes every claim.
    static func refreshAll(in db: Database) throws {
        try update(db, rows: Row.fetchAll(db, sql: factsSQL))
    }

    private static func update(_ db: Database, rows: [Row]) throws {
        let statement = try db.cachedStatement(sql: "UPDATE claim SET strength = ?, grade = ? WHERE id = ?")
        for row in rows {
            let assessment = StrengthRubric.assess(facts(row))
            let oldStrength: Double = row["strength"]
            let oldGrade: String = row["grade"]
            if oldStrength != assessment.strength || oldGrade != assessment.grade.rawValue {
                try statement.execute(arguments: [assessment.strength, assessment.grade.rawValue, row["id"] as Int64])
            }
        }
    }

}

extension Array {
    package func chunked(into size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
