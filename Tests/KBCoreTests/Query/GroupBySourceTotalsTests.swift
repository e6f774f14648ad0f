import GRDB
import Testing
@testable import KBCore
@testable import KBQuery
@testable import KBStore

/// A selective `sources … group by` reads only its sources' claims and studies (review M5):
/// their totals equal those of the pass over every claim, and so do the groups.
struct GroupBySourceTotalsTests {
    @Test func aFewSourcesTotalsEqualThoseOfTheFullPass() throws {
        try Seeded.knowledgeBase.reader.read { db in
            let all = try SourceTotals(db)
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM source ORDER BY id")
            #expect(ids.count > 1)
            let some = Array(ids.prefix(ids.count - 1)) + [999_999]
            let few = try SourceTotals(db, sources: some)
            for id in ids {
                let (a, b) = (all[id], few[id])
                let expected = some.contains(id) ? a : SourceTotals.Entry()
                #expect(b.gradeRank == expected.gradeRank && b.strength == expected.strength && b.replicated == expected.replicated
                        && b.n == expected.n && b.prereg == expected.prereg, "source \(id)")
            }
            #expect(all.count(where: { all[$0].gradeRank != nil }, in: ids) > 0, "some source has claims")
        }
    }

    /// The engine's groups (a seed query selects few sources: their totals only) equal the
    /// groups aggregated with every source's totals.
    @Test(arguments: ["sources group by design", "sources where year >= 2020 group by design", "sources group by cohort", "sources group by year"])
    func theGroupsAreThoseOfTheFullTotals(query: String) throws {
        let engine = QueryEngine(Seeded.knowledgeBase)
        let parsed = try Parser.parse(query)
        let reference = try Seeded.knowledgeBase.reader.read { db in
            let compiled = try GroupByCompiler(store: engine.store(db), text: query).compile(parsed, profile: nil, limit: nil)
            var aggregator = GroupAggregator(keys: try GroupKeys(fields: parsed.grouping.map(\.field), store: engine.store(db)),
                                             sources: compiled.keySources, totals: try SourceTotals(db))
            try LinkedUnitRows(sources: compiled.keySources).forEach(compiled.statement, in: db, store: engine.store(db)) { aggregator.add($0, links: $1) }
            return aggregator.rows(limit: nil).rows
        }
        let rows = try engine.group(query, limit: 100_000).rows
        #expect(!rows.isEmpty)
        #expect(rows.contains { $0.bestGrade != nil }, "the totals reached the groups")
        #expect(rows == reference, "\(query)")
    }
}

extension SourceTotals {
    func count(where predicate: (Int64) -> Bool, in ids: [Int64]) -> Int { ids.filter(predicate).count }
}
