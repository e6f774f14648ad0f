import GRDB
import KBStore

/// A claims `group by` aggregated by a server engine (``SQLDialect/groupsOnServer``: PostgreSQL):
/// the statement's `GROUP BY` sends one row per group, where ``GroupAggregator`` would read every
/// unit row over the wire (1M claims: 1M unit rows and 1M claim–node links, 16.9 s of
/// `claims group by cohort`). The aggregates are those ``GroupAggregator`` computes, to the bit:
///
/// - a taxonomy key is the claim's links of the kind (`LEFT JOIN claimAbout`: a claim about two
///   cohorts counts in both, about none in `(none)`), as ``LinkedUnitRows/forEachKey`` pairs them;
/// - the median is the mean of the two middle strengths, each read with `percentile_disc(0.5)`:
///   ascending, the ⌈k/2⌉-th, the lower middle; descending, the ⌊k/2⌋+1-th, the upper one. kb
///   averages them (``GroupTotals/median(lowMiddle:highMiddle:)``), not the server's
///   `percentile_cont`, whose interpolation can differ in the last place;
/// - the summed sample size counts each study once: a second part of the statement (`part` 1)
///   sums the distinct studies' `n` per group, joined to the group's row here by its values (a
///   join on values that may be NULL would not hash on the server).
///
/// Groups are named and ordered as in memory (``GroupAggregator/rows(_:keys:limit:)``). A
/// jurisdiction key (resolved per claim from its links and its study's country,
/// ``JurisdictionResolver``) and a sources `group by` (``SourceTotals``) stay in memory.
enum ServerGroups {
    /// The aggregate columns after the part and the group values, in order.
    private enum Column: Int, CaseIterable {
        case units, sources, bestGrade, lowMiddle, highMiddle, prereg, replicated
    }

    /// Whether a grouped query is aggregated by the server.
    static func applies(to query: Query, sources: [GroupByCompiler.KeySource], dialect: any SQLDialect) -> Bool {
        guard dialect.groupsOnServer, query.target == .claims else { return false }
        return !sources.contains { if case .jurisdiction = $0 { true } else { false } }
    }

    /// What follows the `unit` CTE (``GroupByCompiler/unit(_:parts:)``): `keyed` (each unit with
    /// each combination of its group values, `k0`, `k1`…), then the groups' aggregates (`part`
    /// 0) and their studies' summed sample sizes (`part` 1).
    static func statement(_ sources: [GroupByCompiler.KeySource]) -> SQLFragment {
        var values: [String] = []
        var joins: [String] = []
        for (index, source) in sources.enumerated() {
            switch source {
            case let .column(column):
                values.append("u.g\(column) AS k\(index)")
            case .jurisdiction:
                // Never here (``applies(to:sources:dialect:)``): resolved in memory, from links and countries.
                values.append("NULL AS k\(index)")
            case let .links(kind):
                // The kind's raw value is kb's own constant, never user text.
                joins.append("LEFT JOIN claimAbout l\(index) ON l\(index).claimId = u.unitId AND l\(index).entityId IN (SELECT id FROM entity WHERE kind = '\(kind.rawValue)')")
                values.append("l\(index).entityId AS k\(index)")
            }
        }
        let keys = sources.indices.map { "k\($0)" }.joined(separator: ", ")
        let unitColumns = GroupAggregator.UnitColumn.allCases.map { "u.\($0)" }.joined(separator: ", ")
        let nulls = Array(repeating: "NULL", count: Column.allCases.count - 1).joined(separator: ", ")
        return SQLFragment(sql: """
            ,
            keyed AS (
            SELECT \(values.joined(separator: ", ")), \(unitColumns)
            FROM unit u
            \(joins.joined(separator: "\n"))
            )
            SELECT 0 AS part, \(keys), count(*) AS units, count(DISTINCT sourceId) AS sources, min(gradeRank) AS bestGrade,
              percentile_disc(0.5) WITHIN GROUP (ORDER BY strength) AS lowMiddle,
              percentile_disc(0.5) WITHIN GROUP (ORDER BY strength DESC) AS highMiddle,
              sum(prereg) AS prereg, sum(replicated) AS replicated
            FROM keyed GROUP BY \(keys)
            UNION ALL
            SELECT 1, \(keys), CAST(sum(n) AS bigint), \(nulls)
            FROM (SELECT DISTINCT \(keys), nKey, n FROM keyed WHERE nKey IS NOT NULL AND n IS NOT NULL) studies GROUP BY \(keys)
            """)
    }

    /// The groups the statement returns, by their raw values (`keys` of them).
    static func read(_ statement: SQLFragment, keys: Int, in executor: any StatementExecutor) throws -> [[DatabaseValue]: GroupTotals] {
        var groups: [[DatabaseValue]: GroupTotals] = [:]
        var totalN: [[DatabaseValue]: Int] = [:]
        func column(_ column: Column) -> Int { 1 + keys + column.rawValue }
        try executor.forEachRow(statement) { row in
            let key = (0..<keys).map { row.databaseValue(at: 1 + $0) }
            let number = { (column: Column) in row.int64(at: 1 + keys + column.rawValue).map(Int.init) }
            if row.int64(at: 0) == 1 {
                totalN[key] = number(.units)
                return true
            }
            let (low, high) = (row.double(at: column(.lowMiddle)), row.double(at: column(.highMiddle)))
            groups[key] = GroupTotals(count: number(.units) ?? 0, sources: number(.sources) ?? 0, bestGrade: number(.bestGrade),
                                      medianStrength: low.flatMap { low in high.map { GroupTotals.median(lowMiddle: low, highMiddle: $0) } },
                                      totalN: nil, prereg: number(.prereg) ?? 0, replicated: number(.replicated) ?? 0)
            return true
        }
        for (key, n) in totalN { groups[key]?.totalN = n }
        return groups
    }
}
