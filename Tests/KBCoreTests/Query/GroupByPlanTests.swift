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
        // The selection itself starts from an index: a subject's links by `claimAbout`'s key, a filter's.
        #expect(plan.contains { $0.contains("claimAbout") || $0.contains("claimBy") || $0.contains("PRIMARY KEY (entityId=?)") },
                "\(query):\n\(plan.joined(separator: "\n"))")
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
    /// (or sources), nothing sorted, no temporary index; a claims query's taxonomy key is not in
    /// the statement at all (its links are joined in memory, ``LinkedUnitRows``), and a sources
    /// query reads no claim (its totals are ``SourceTotals``' two passes) unless a key is a claim's.
    @Test(arguments: ["claims group by cohort", "claims group by design", "claims group by grade", "claims group by year",
                      "claims group by cohort, boundary", "claims group by skill", "sources group by year", "sources group by design",
                      "sources group by cohort"])
    func everyShapeOverAllUnitsReadsThemOnceFromIndexes(query: String) throws {
        let parsed = try Parser.parse(query)
        let plan = try Self.plan({ try $0.compile(parsed, profile: nil, limit: nil).statement }, text: query)
        let shown = "\(query):\n\(plan.joined(separator: "\n"))"
        #expect(Self.problems(plan, walks: parsed.target == .sources ? ["s"] : ["c"]).isEmpty, "\(shown)")
        // A sources query's study- or claim-level key is still a `DISTINCT` sub-query joined by a
        // temporary index on its source id (left: one pass in memory, as the totals are).
        if parsed.target == .claims || parsed.grouping[0].field.level == .source {
            #expect(!plan.contains { $0.contains("AUTOMATIC") }, "\(shown)")
        }
        if parsed.target == .claims, case .entity = parsed.grouping[0].field.valueType {
            #expect(!plan.contains { $0.contains("claimAbout") }, "\(shown)")
        }
        if parsed.target == .sources, parsed.grouping[0].field.level != .claim {
            #expect(!plan.contains { $0.contains("claim") }, "\(shown)")
        }
    }

    /// The lines under each `CORRELATED` sub-query of a plan (as SQLite indents them): what the
    /// statement reads again per row.
    static func correlatedReads(_ plan: [String]) -> [String] {
        func depth(_ line: String) -> Int { line.prefix { $0 == " " }.count }
        var reads: [String] = []
        var within: Int?
        for line in plan {
            if let top = within, depth(line) > top {
                if !line.contains("CORRELATED") { reads.append(line.trimmingCharacters(in: .whitespaces)) }
                continue
            }
            within = line.contains("CORRELATED") ? depth(line) : nil
        }
        return reads
    }

    /// The untrimmed plan of a statement over the plan-statistics KB.
    static func indentedPlan(_ compile: (GroupByCompiler) throws -> SQLFragment, text: String) throws -> [String] {
        try IndexedPlanTests.knowledgeBase.reader.read { db in
            let store = SQLiteQueryStore(db: db)
            let statement = try compile(GroupByCompiler(store: store, text: text))
            return try store.queryPlan(sql: statement.sql, arguments: statement.arguments)
        }
    }

    /// `group by jurisdiction` and a map with a jurisdiction axis read each claim once: its
    /// jurisdictions are joined in memory (``JurisdictionResolver``), so the statement reads no
    /// link, alias, edge or node at all, and nothing per row but the retraction notices (it
    /// tested each claim against each jurisdiction by correlated sub-queries: 19.8 s at 200k).
    @Test(arguments: [("claims group by jurisdiction", true), ("claims group by jurisdiction, design", true),
                      ("claims group by cohort, jurisdiction", true), ("claims where cohort = women group by jurisdiction", false)])
    func aJurisdictionKeyReadsNothingPerClaim(query: String, everyClaim: Bool) throws {
        let parsed = try Parser.parse(query)
        var mapped = parsed
        mapped.grouping = [GroupField(.jurisdiction), GroupField(.cohort)]
        let plans = [try Self.indentedPlan({ try $0.compile(parsed, profile: nil, limit: nil).statement }, text: query),
                     try Self.indentedPlan({ try $0.compileMap(mapped, profile: nil).statement }, text: query)]
        for plan in plans {
            let shown = "\(query):\n\(plan.joined(separator: "\n"))"
            let trimmed = plan.map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(Self.problems(trimmed, walks: everyClaim ? ["c"] : []).isEmpty, "\(shown)")
            #expect(!trimmed.contains { $0.contains("alias") || $0.contains("edge") }, "\(shown)")
            // Over every claim not even the links (a filter's own reads of them aside).
            if everyClaim { #expect(!trimmed.contains { $0.contains("claimAbout") || $0.contains("entity") }, "\(shown)") }
            #expect(Self.correlatedReads(plan).allSatisfy { $0.contains("noticeBySource") }, "\(shown)")
            #expect(trimmed.filter { $0.hasPrefix("SCAN c") }.count == (everyClaim ? 1 : 0), "\(shown)")
        }
    }

    /// A sources query's jurisdictions: one sub-query for all sources, reading a claim only
    /// through an index (the jurisdictions' links, a matching study's claims), never a scan of
    /// the claims nor a read per source and jurisdiction.
    @Test func aSourcesJurisdictionKeyIsOneSetBasedSubQuery() throws {
        let query = "sources group by jurisdiction"
        let plan = try Self.indentedPlan({ try $0.compile(try Parser.parse(query), profile: nil, limit: nil).statement }, text: query)
        let trimmed = plan.map { $0.trimmingCharacters(in: .whitespaces) }
        let shown = plan.joined(separator: "\n")
        #expect(!trimmed.contains { $0.hasPrefix("SCAN c") || $0.hasPrefix("SCAN claim") || $0.hasPrefix("SCAN a") }, "\(shown)")
        #expect(trimmed.contains { $0.hasPrefix("SEARCH c USING INDEX claimByStudy") }, "\(shown)")
        #expect(Self.correlatedReads(plan).allSatisfy { $0.contains("noticeBySource") }, "\(shown)")
        // The study's country is matched before its claims are read (`CROSS JOIN`'s order).
        let k = try #require(trimmed.firstIndex { $0.hasPrefix("SEARCH k") }), c = try #require(trimmed.firstIndex { $0.hasPrefix("SEARCH c USING INDEX claimByStudy") })
        #expect(k < c, "\(shown)")
    }

    /// The in-memory joins' own reads: all of a kind's links by `claimAbout`'s key (a range per
    /// node, no table scan), a few claims' links through `claimAboutByClaim`, and the sources'
    /// totals as one plain walk of `claim` and of `study` in row-id order (no index, no sort).
    @Test func theInMemoryJoinsReadsAreOnePassEach() throws {
        let plans = try IndexedPlanTests.knowledgeBase.reader.read { db in
            let store = SQLiteQueryStore(db: db)
            func plan(_ sql: String, _ arguments: [SQLValue]) throws -> [String] {
                try store.queryPlan(sql: sql, arguments: arguments).map { $0.trimmingCharacters(in: .whitespaces) }
            }
            return try (all: plan("SELECT claimId, entityId FROM claimAbout WHERE entityId IN (SELECT id FROM entity WHERE kind = ?)", [.text("cohort")]),
                        few: plan("SELECT claimId, entityId FROM claimAbout WHERE claimId IN (?,?) AND +entityId IN (SELECT id FROM entity WHERE kind = ?)",
                                  [.integer(1), .integer(2), .text("cohort")]),
                        claims: plan(SourceTotals.claimsSQL, []), studies: plan(SourceTotals.studiesSQL, []))
        }
        #expect(plans.all.contains { $0.hasPrefix("SEARCH claimAbout USING") && $0.contains("(entityId=?)") }, "\(plans.all)")
        #expect(!plans.all.contains { $0.hasPrefix("SCAN claimAbout") }, "\(plans.all)")
        #expect(plans.few.contains { $0.contains("claimAboutByClaim") && $0.contains("claimId=?") }, "\(plans.few)")
        #expect(plans.claims == ["SCAN claim"], "\(plans.claims)")
        #expect(plans.studies == ["SCAN study"], "\(plans.studies)")
    }

    /// `kb map`'s statement: over all claims as above (the taxonomy axes joined in memory); over
    /// a selective query, no full scan.
    @Test(arguments: [("claims", true), ("claims where cohort = women", false), ("claims for role-3", false)])
    func theMapStatementAnswersFromIndexes(query: String, everyClaim: Bool) throws {
        var parsed = try Parser.parse(query)
        parsed.grouping = [GroupField(.cohort), GroupField(.boundary)]
        let plan = try Self.plan({ try $0.compileMap(parsed, profile: nil).statement }, text: query)
        #expect(Self.problems(plan, walks: everyClaim ? ["c"] : [], subjects: query.contains(" for ")).isEmpty, "\(query):\n\(plan.joined(separator: "\n"))")
        if everyClaim { #expect(!plan.contains { $0.contains("claimAbout") }, "\(query):\n\(plan.joined(separator: "\n"))") }
    }

    /// The results page's facets (one pass): likewise.
    @Test(arguments: [("claims", true), ("claims where cohort = women", false), ("claims for role-3 where replication = failed", false)])
    func theFacetStatementAnswersFromIndexes(query: String, everyClaim: Bool) throws {
        let parsed = try Parser.parse(query)
        let plan = try Self.plan({ compiler in
            let (selection, sources) = try compiler.compileFacets(parsed, fields: KBService.facetFields, profile: nil)
            return GroupByCompiler.facetRows(selection, sources: sources)
        }, text: query)
        #expect(Self.problems(plan, walks: everyClaim ? ["c"] : [], subjects: query.contains(" for ")).isEmpty, "\(query):\n\(plan.joined(separator: "\n"))")
        if everyClaim { #expect(!plan.contains { $0.contains("claimAbout") }, "\(query):\n\(plan.joined(separator: "\n"))") }
    }
}
