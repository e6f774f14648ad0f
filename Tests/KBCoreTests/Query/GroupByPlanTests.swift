import Foundation
import Testing
@testable import KBCore
@testable import KBQuery
@testable import KBStore

/// A grouped query with subjects or a selective filter answers from indexes, as the same query
/// without `group by` does: grouping adds one look-up per selected claim, never a pass over all
/// claims (issue 15, item 5).
struct GroupByPlanTests {
    @Test(arguments: [
        "claims for role-3 group by cohort",
        "claims for role-3 where cohort = older-workers group by boundary, design",
        "claims where cohort = women group by boundary",
        "claims where source = src12 group by grade",
        "claims where replication = failed group by cohort",
    ])
    func noFullScanOfClaims(query: String) throws {
        let plan = try QueryEngine(IndexedPlanTests.knowledgeBase).explain(query).plan
        let scans = plan.filter { IndexedPlanTests.isFullScan($0.trimmingCharacters(in: .whitespaces), ofEntitiesToo: true) }
        #expect(scans.isEmpty, "\(query):\n\(plan.joined(separator: "\n"))")
        #expect(plan.contains { $0.contains("claimAbout") || $0.contains("claimBy") }, "\(query):\n\(plan.joined(separator: "\n"))")
    }

    /// The plan of a statement compiled over the plan-statistics KB.
    static func plan(_ compile: (GroupByCompiler) throws -> SQLFragment, text: String) throws -> [String] {
        try IndexedPlanTests.knowledgeBase.reader.read { db in
            let store = SQLiteQueryStore(db: db)
            let statement = try compile(GroupByCompiler(store: store, text: text))
            return try store.queryPlan(sql: statement.sql, arguments: statement.arguments).map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }

    /// What a statement over every claim (or source) may not do: sort (`GROUP BY`/`ORDER BY` in
    /// a temporary b-tree: the aggregates are computed in one pass in memory), build an index of
    /// its own on a stored table, or scan a table other than the one it walks.
    /// A query with subjects keeps the one `GROUP BY` its selection has without `group by`: the
    /// reached claims' best path, per claim (`best`), over the claims reached only.
    static func problems(_ plan: [String], walks driving: [String], subjects: Bool = false) -> [String] {
        let tables = ["claim", "c", "claimAbout", "study", "st", "source", "s", "entity", "notice"]
        var subjectGrouping = subjects ? 1 : 0
        return plan.filter { line in
            if line.contains("TEMP B-TREE FOR GROUP BY"), subjectGrouping > 0 {
                subjectGrouping -= 1
                return false
            }
            if line.contains("TEMP B-TREE FOR GROUP BY") || line.contains("TEMP B-TREE FOR ORDER BY") { return true }
            for table in tables where line.hasPrefix("SCAN \(table)") || line.hasPrefix("SEARCH \(table) USING AUTOMATIC") {
                let word = line.split(separator: " ")[1]
                guard word == table else { continue }
                if line.hasPrefix("SEARCH") { return true }
                if !driving.contains(table) && !line.contains("USING INDEX") && !line.contains("USING COVERING INDEX") { return true }
            }
            return false
        }
    }

    /// Every shape of issue 15's benchmark, over all claims or sources: one walk of the claims
    /// (or sources), each taxonomy key through `claimAboutByClaim`, nothing sorted.
    @Test(arguments: ["claims group by cohort", "claims group by design", "claims group by grade", "claims group by year",
                      "claims group by cohort, boundary", "claims group by skill", "sources group by year", "sources group by design",
                      "sources group by cohort"])
    func everyShapeOverAllUnitsReadsThemOnceFromIndexes(query: String) throws {
        let parsed = try Parser.parse(query)
        let plan = try Self.plan({ try $0.compile(parsed, profile: nil, limit: nil).statement }, text: query)
        #expect(Self.problems(plan, walks: parsed.target == .sources ? ["s"] : ["c"]).isEmpty, "\(query):\n\(plan.joined(separator: "\n"))")
        if parsed.target == .claims, case .entity = parsed.grouping[0].field.valueType {
            #expect(plan.contains { $0.contains("claimAboutByClaim") }, "\(query):\n\(plan.joined(separator: "\n"))")
        }
    }

    /// `kb map`'s statement: over all claims as above; over a selective query, no full scan.
    @Test(arguments: [("claims", true), ("claims where cohort = women", false), ("claims for role-3", false)])
    func theMapStatementAnswersFromIndexes(query: String, everyClaim: Bool) throws {
        var parsed = try Parser.parse(query)
        parsed.grouping = [GroupField(.cohort), GroupField(.boundary)]
        let plan = try Self.plan({ try $0.compileMap(parsed, profile: nil) }, text: query)
        #expect(Self.problems(plan, walks: everyClaim ? ["c"] : [], subjects: query.contains(" for ")).isEmpty, "\(query):\n\(plan.joined(separator: "\n"))")
        #expect(plan.contains { $0.contains("claimAboutByClaim") }, "\(query):\n\(plan.joined(separator: "\n"))")
    }

    /// The results page's facets (one pass): likewise.
    @Test(arguments: [("claims", true), ("claims where cohort = women", false), ("claims for role-3 where replication = failed", false)])
    func theFacetStatementAnswersFromIndexes(query: String, everyClaim: Bool) throws {
        let parsed = try Parser.parse(query)
        let plan = try Self.plan({ try $0.compileFacets(parsed, fields: KBService.facetFields, profile: nil) }, text: query)
        #expect(Self.problems(plan, walks: everyClaim ? ["c"] : [], subjects: query.contains(" for ")).isEmpty, "\(query):\n\(plan.joined(separator: "\n"))")
    }
}
