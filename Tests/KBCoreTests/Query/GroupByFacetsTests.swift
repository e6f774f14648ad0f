import Foundation
import Testing
@testable import KBCore
@testable import KBQuery

/// Facets from one pass over a query's matches (issue 16's results page, issue 15's speed-up)
/// count exactly what `QUERY group by FIELD` counts, field by field; and a gap map's jurisdiction
/// counts what `jurisdiction=X` finds.
struct GroupByFacetsTests {
    /// A few claims about two cohorts, one about none, one with a retracted source: the cases
    /// where counting per claim and per group differ.
    static let knowledgeBase = KnowledgeBase.fixture("GroupByFacetsTests.knowledgeBase") { dataset in
        let cohorts = ["older-workers", "women", "mothers"]
        dataset.entities = cohorts.map { Entity(kind: .cohort, slug: $0, name: $0) } + [Entity(kind: .boundary, slug: "eeoc", name: "EEOC")]
        for index in 0..<4 {
            dataset.sources.append(Source(slug: "src\(index)", title: "Work \(index)", issued: PartialDate(year: 2000 + index % 2),
                                          notices: index == 3 ? [Notice(kind: .retraction, date: "2020-01-01", reason: "test")] : []))
            dataset.studies.append(Study(slug: "src\(index)-study", sourceSlug: "src\(index)", design: index % 2 == 0 ? .rct : .survey, n: 100 + index))
        }
        for index in 0..<12 {
            var claim = Claim(slug: "claim-\(index)", statement: "Finding \(index)")
            claim.sourceSlug = index == 11 ? nil : "src\(index % 4)"
            claim.studySlug = index == 11 ? nil : "src\(index % 4)-study"
            claim.replication = index % 3 == 0 ? .replicated : .unknown
            claim.about = switch index % 4 {
            case 0: [EntityReference(.cohort, "older-workers"), EntityReference(.cohort, "women")]
            case 1: [EntityReference(.cohort, "mothers"), EntityReference(.boundary, "eeoc")]
            case 2: []
            default: [EntityReference(.cohort, "women"), EntityReference(.cohort, "mothers"), EntityReference(.boundary, "eeoc")]
            }
            dataset.claims.append(claim)
        }
    }

    static func perFieldGroupBy(_ engine: QueryEngine, _ text: String, _ field: Field, limit: Int) throws -> [GroupRow] {
        var query = try Parser.parse(text)
        query.ranking = []
        query.limit = nil
        query.grouping = [GroupField(field)]
        return try engine.group(QueryPrinter.print(query), limit: limit).rows
    }

    @Test(arguments: ["claims", "claims where cohort = women", "claims where year = 2001 or replication = replicated",
                      "claims where retracted or not retracted", "claims where missing source", "claims where design = rct rank by strength limit 2"])
    func onePassCountsWhatEachFieldsGroupByCounts(query: String) throws {
        let engine = QueryEngine(Self.knowledgeBase)
        let facets = try engine.facetCounts(query, fields: KBService.facetFields, limit: 12)
        #expect(facets.map(\.field) == KBService.facetFields)
        for facet in facets {
            let grouped = try Self.perFieldGroupBy(engine, query, facet.field, limit: 12)
            #expect(facet.groups.map(\.value) == grouped.map { $0.values[0] }, "\(query): \(facet.field)")
            #expect(facet.groups.map(\.count) == grouped.map(\.count), "\(query): \(facet.field)")
        }
        // A claim about two cohorts counts in both: the groups add up to more than the claims.
        if query == "claims" {
            let cohorts = try #require(facets.first { $0.field == .cohort })
            #expect(cohorts.groups.map(\.count).reduce(0, +) > (try engine.run("claims", limit: 1000).count))
        }
    }

    @Test(arguments: ["claims", "claims for role-3", "claims for role-3 where cohort = women rank by relevance limit 5",
                      "claims where boundary = eeoc or replication = failed", "claims where year = 1995..2005 and design = rct|survey"])
    func onePassCountsEqualGroupByOnAThousandsOfClaims(query: String) throws {
        let engine = QueryEngine(IndexedPlanTests.knowledgeBase)
        for limit in [3, 12] {
            for facet in try engine.facetCounts(query, fields: KBService.facetFields, limit: limit) {
                let grouped = try Self.perFieldGroupBy(engine, query, facet.field, limit: limit)
                #expect(facet.groups.map(\.value) == grouped.map { $0.values[0] }, "\(query): \(facet.field)")
                #expect(facet.groups.map(\.count) == grouped.map(\.count), "\(query): \(facet.field)")
            }
        }
    }

    @Test func onlyClaimsAndGroupableFieldsArePassed() throws {
        let engine = QueryEngine(Self.knowledgeBase)
        #expect(throws: KBError.self) { try engine.facetCounts("sources", fields: [.design], limit: 5) }
        #expect(throws: KBError.self) { try engine.facetCounts("claims", fields: [.strength], limit: 5) }
    }

    /// `kb map … jurisdiction` and `group by jurisdiction` count a claim in a jurisdiction when
    /// `jurisdiction=X` finds it: about X, about one of X's boundaries (the seed's EEOC claim is
    /// in `us`), or from a study run there (analyst trial, item 12).
    @Test func aJurisdictionGroupCountsWhatItsFilterFinds() throws {
        let engine = Seeded.engine
        let grouped = try engine.group("claims group by jurisdiction", limit: 100).rows
        let named = grouped.compactMap { row in row.values[0].map { ($0, row.count) } }
        #expect(!named.isEmpty)
        for (jurisdiction, count) in named {
            #expect(count == (try engine.run("claims where jurisdiction = \(jurisdiction)", limit: 10_000).count), "\(jurisdiction)")
        }
        let us = try #require(named.first { $0.0 == "us" })
        #expect(us.1 == (try engine.run("claims where jurisdiction = us", limit: 10_000).count))
        let map = try engine.gapMap(rows: "cohort", columns: "jurisdiction")
        for (jurisdiction, count) in named {
            let column = try #require(map.columnValues.firstIndex(of: jurisdiction))
            #expect(map.columnTotals[column].count == count, "\(jurisdiction)")
        }
        let sources = try engine.group("sources group by jurisdiction", limit: 100).rows
        for row in sources {
            guard let jurisdiction = row.values[0] else { continue }
            #expect(row.count == (try engine.run("sources where jurisdiction = \(jurisdiction)", limit: 10_000).count), "\(jurisdiction)")
        }
    }
}
