import Foundation
import GRDB
import Testing
@testable import KBCore
@testable import KBQuery

/// The aggregates computed in one pass in memory (``GroupAggregator``, issue 15's speed-up) equal
/// what SQLite's `GROUP BY` computes over the same units — the aggregates kb's statement used to
/// compute in SQL — and groups are ordered as SQLite orders values.
struct GroupByAggregateTests {
    struct Reference: Equatable {
        var count: Int, sources: Int, bestGrade: Int?, median: Double?, totalN: Int?, prereg: Double, replicated: Double
    }

    /// The aggregates by plain SQL over the compiled statement's units (one group field).
    static func reference(_ text: String) throws -> [String?: Reference] {
        let engine = QueryEngine(Seeded.knowledgeBase)
        let query = try Parser.parse(text)
        return try Seeded.knowledgeBase.reader.read { db in
            let compiled = try GroupByCompiler(store: engine.store(db), text: text).compile(query, profile: nil, limit: nil)
            let units = "(\(Self.unitsInSQL(compiled)))"
            let arguments = StatementArguments(compiled.arguments + compiled.arguments + compiled.arguments)
            let sql = """
                SELECT a.g0, a.k, a.sources, a.best, a.prereg, a.replicated, z.totalN, m.median FROM
                (SELECT g0, count(*) AS k, count(DISTINCT sourceId) AS sources, min(gradeRank) AS best, avg(prereg) AS prereg, avg(replicated) AS replicated
                 FROM \(units) GROUP BY g0) a
                LEFT JOIN (SELECT g0, sum(n) AS totalN FROM (SELECT DISTINCT g0, nKey, n FROM \(units) WHERE n IS NOT NULL) GROUP BY g0) z ON z.g0 IS a.g0
                LEFT JOIN (SELECT g0, avg(strength) AS median FROM (SELECT g0, strength, row_number() OVER (PARTITION BY g0 ORDER BY strength) AS i,
                           count(*) OVER (PARTITION BY g0) AS k FROM \(units) WHERE strength IS NOT NULL) WHERE i IN ((k + 1) / 2, (k + 2) / 2) GROUP BY g0) m ON m.g0 IS a.g0
                """
            let keys = try GroupKeys(fields: query.grouping.map(\.field), store: engine.store(db))
            var result: [String?: Reference] = [:]
            for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
                result[GapMapAxes.text(keys.named(row[0], at: 0))] = Reference(count: row[1], sources: row[2], bestGrade: row[3], median: row[7], totalN: row[6],
                                                            prereg: row[4], replicated: row[5])
            }
            return result
        }
    }

    /// The compiled statement's unit rows with what kb joins in memory joined by SQL instead, as
    /// the statement did before: a taxonomy key's links (`LEFT JOIN claimAbout`, ``LinkedUnitRows``)
    /// and a source's claim and study totals (`GROUP BY sourceId`, ``SourceTotals``).
    static func unitsInSQL(_ compiled: GroupedQuery) -> String {
        let columns = "u.unitId, u.sourceId, u.nKey"
        switch compiled.keySources.first {
        case let .links(kind):
            return "SELECT a.entityId AS g0, \(columns), u.n, u.gradeRank, u.strength, u.prereg, u.replicated FROM (\(compiled.sql)) u "
                + "LEFT JOIN claimAbout a ON a.claimId = u.unitId AND a.entityId IN (SELECT id FROM entity WHERE kind = '\(kind.rawValue)')"
        case .column where compiled.query.target == .sources:
            return """
                SELECT u.g0, \(columns), sa.n, ca.gradeRank, ca.strength, coalesce(sa.prereg, 0) AS prereg, coalesce(ca.replicated, 0) AS replicated FROM (\(compiled.sql)) u
                LEFT JOIN (SELECT sourceId, min(\(GroupByCompiler.gradeRank("grade"))) AS gradeRank, max(strength) AS strength, max(replication = 'replicated') AS replicated
                  FROM claim WHERE sourceId IS NOT NULL GROUP BY sourceId) ca ON ca.sourceId = u.unitId
                LEFT JOIN (SELECT sourceId, sum(n) AS n, max(preregistered = 'yes') AS prereg FROM study GROUP BY sourceId) sa ON sa.sourceId = u.unitId
                """
        default:
            return compiled.sql
        }
    }

    @Test(arguments: ["claims group by cohort", "claims group by design", "claims group by year", "claims group by grade",
                      "claims for ml-platform-engineer group by skill", "claims where year >= 2020 group by boundary",
                      "sources group by cohort", "sources group by design", "sources group by year"])
    func theAggregatesEqualSQLsGroupBy(query: String) throws {
        let expected = try Self.reference(query)
        let outcome = try QueryEngine(Seeded.knowledgeBase).group(query, limit: 100_000)
        #expect(!expected.isEmpty)
        #expect(outcome.total == expected.count)
        for row in outcome.rows {
            let reference = try #require(expected[row.values[0]], "\(query): \(row.labels)")
            let actual = Reference(count: row.count, sources: row.sources, bestGrade: row.bestGrade.flatMap { grade in (0..<4).first { GroupByCompiler.grade(rank: $0) == grade } },
                                   median: row.medianStrength, totalN: row.totalN, prereg: row.preregisteredShare, replicated: row.replicatedShare)
            #expect(actual == reference, "\(query): \(row.labels)")
        }
    }

    @Test func valuesAreOrderedAsSQLiteOrdersThemWithNoneLast() {
        let values: [DatabaseValue] = [DatabaseValue.null, "b".databaseValue, "B".databaseValue, "é".databaseValue, "e".databaseValue,
                                       2021.databaseValue, 1999.5.databaseValue, 2000.databaseValue]
        let sorted = values.sorted { GroupAggregator.precedes([$0], [$1]) }
        #expect(sorted.map(GapMapAxes.text) == ["1999.5", "2000", "2021", "B", "b", "e", "é", nil])
        #expect(!GroupAggregator.precedes(["a".databaseValue, .null], ["a".databaseValue, "z".databaseValue]))
        #expect(GroupAggregator.precedes(["a".databaseValue, "z".databaseValue], ["a".databaseValue, .null]))
    }

    @Test func theMedianIsTheMiddleOrTheMeanOfTheMiddleTwo() {
        var odd = GroupAggregator.Tally(), even = GroupAggregator.Tally(), empty = GroupAggregator.Tally()
        odd.strengths = [0.9, 0.1, 0.5]
        even.strengths = [0.8, 0.2, 0.4, 0.6]
        #expect(odd.median == 0.5)
        #expect(even.median == (0.4 + 0.6) / 2)
        #expect(empty.median == nil)
    }
}
