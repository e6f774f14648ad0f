import Foundation
import GRDB
import Testing
@testable import KBCore
@testable import KBQuery
@testable import KBStore

/// The in-memory join of a taxonomy key's links (``ClaimLinks``, ``LinkedUnitRows``): each claim
/// gets exactly its nodes in either layout, and a `group by` or map reads the same whether it
/// reads every link of the kind (a broad query) or only the matched claims' (a small one).
struct GroupByLinkedRowsTests {
    static func expected(_ claims: [Int64], _ nodes: [Int64]) -> [Int64: [Int64]] {
        zip(claims, nodes).reduce(into: [:]) { $0[$1.0, default: []].append($1.1) }
    }

    @Test(arguments: [false, true])
    func eachClaimGetsItsNodesInEitherLayout(sparse: Bool) {
        var random = SeededRandom(seed: sparse ? 11 : 5)
        var claims: [Int64] = [], nodes: [Int64] = []
        for _ in 0..<3000 {
            let claim = Int64(random.next() % 2000) + (sparse ? 1 << 40 : 1)
            claims.append(claim)
            nodes.append(Int64(random.next() % 50))
        }
        let links = ClaimLinks(claims: claims, nodes: nodes)
        let expected = Self.expected(claims, nodes)
        #expect(links.count == claims.count)
        for claim in Set(claims).union([0, -1, 5000, 1 << 41]) {
            #expect(links.nodes(of: claim).sorted() == (expected[claim] ?? []).sorted(), "claim \(claim)")
        }
        #expect(ClaimLinks(claims: [], nodes: []).nodes(of: 1).isEmpty)
    }

    /// The aggregates with every link read (`fewRows` 0) and with the matched claims' links only.
    static func bothWays(_ text: String) throws -> (all: [GroupRow], few: [GroupRow], reference: [GroupRow]) {
        let engine = QueryEngine(Seeded.knowledgeBase)
        let query = try Parser.parse(text)
        return try Seeded.knowledgeBase.reader.read { db in
            let compiled = try GroupByCompiler(store: engine.store(db), text: text).compile(query, profile: nil, limit: nil)
            func rows(fewRows: Int) throws -> [GroupRow] {
                var aggregator = GroupAggregator(keys: try GroupKeys(fields: query.grouping.map(\.field), store: engine.store(db)), sources: compiled.keySources)
                var reader = LinkedUnitRows(sources: compiled.keySources)
                reader.fewRows = fewRows
                try reader.forEach(compiled.statement, in: db, store: engine.store(db)) { aggregator.add($0, links: $1) }
                return aggregator.rows(limit: nil).rows
            }
            return (try rows(fewRows: 0), try rows(fewRows: 1_000_000), try engine.group(query, text: text, profile: nil, limit: 100_000, in: db).rows)
        }
    }

    @Test(arguments: ["claims group by cohort", "claims group by cohort, boundary", "claims group by design, boundary",
                      "claims for ml-platform-engineer group by skill", "claims where year >= 2020 group by boundary, design"])
    func everyLinkOrTheMatchedClaimsLinksGiveTheSameGroups(query: String) throws {
        let (all, few, reference) = try Self.bothWays(query)
        #expect(!all.isEmpty)
        #expect(all.contains { $0.values.contains { $0 != nil } }, "\(query): some group has a value")
        #expect(all == few, "\(query)")
        #expect(all == reference, "\(query)")
    }

    /// A claim about two nodes of a key counts in both groups, a claim about none in `(none)`,
    /// exactly as `LEFT JOIN claimAbout` counts them (checked by SQL over the seed KB).
    @Test func aGroupCountsWhatTheSQLJoinCounts() throws {
        let (all, _, _) = try Self.bothWays("claims group by cohort")
        let counts = try Seeded.knowledgeBase.reader.read { db in
            try Row.fetchAll(db, sql: """
                SELECT e.slug, count(*) FROM claim c LEFT JOIN claimAbout a ON a.claimId = c.id AND a.entityId IN (SELECT id FROM entity WHERE kind = 'cohort')
                LEFT JOIN entity e ON e.id = a.entityId
                WHERE NOT (c.sourceId IS NOT NULL AND \(NoticeSQL.isRetracted("c.sourceId"))) GROUP BY e.slug
                """).reduce(into: [String?: Int]()) { $0[$1[0] as String?] = $1[1] }
        }
        #expect(Dictionary(uniqueKeysWithValues: all.map { ($0.values[0], $0.count) }) == counts)
    }
}
