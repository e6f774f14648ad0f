import Foundation
import GRDB
import Testing
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// A query's total counted up to a bound (``TotalCount``): the rows a bounded count reads
/// (``CompiledQuery/countedRows``, for a subject query the reached links walked in index
/// order) are the exact count's matches, each once; a bound the matches reach makes the total
/// "at least" that many, and every other answer is the exact one.
struct BoundedTotalTests {
    /// Subjects (unbounded, `within`, `direct`, several), conditions that require an entity link
    /// and conditions that do not, unsourced claims, no subject, sources and citations.
    static let queries = [
        "claims for role-3 where cohort=older-workers and n >= 100", "claims for role-3", "claims for role-0 where cohort = women|mothers",
        "claims for role-5, skill-2 where boundary = eeoc and cohort = veterans", "claims for role-4 within 1 hops where cohort = veterans",
        "claims for role-1 where cohort in (mothers, women) and not boundary = ico", "claims for role-2 where cohort = mothers or missing n",
        "claims for role-0 where missing source", "claims for role-3 direct where cohort = young-workers", "claims for role-0 where cohort != women",
        "claims for role-0 where replication = failed", "claims for skill-0", "claims where cohort = women", "claims where n >= 500",
        "citations for role-3 where cohort = older-workers", "citations where replication = failed",
        "sources for role-1", "sources where year >= 2015",
    ]

    @Test(arguments: queries)
    func theCountedRowsAreTheExactCountsMatches(query: String) throws {
        try StrengthWalkTests.knowledgeBase.reader.read { db in
            let compiled = try QueryCompiler(store: SQLiteQueryStore(db: db), text: query).compile(try Parser.parse(query))
            let exact = try #require(try Int.fetchOne(db, sql: compiled.countSQL, arguments: StatementArguments(compiled.countArguments)))
            let counted = "SELECT count(*) FROM (\(compiled.countedRows.sql))"
            #expect(try Int.fetchOne(db, sql: counted, arguments: StatementArguments(compiled.countedRows.arguments)) == exact, "\(query)")
            let unbounded = compiled.boundedCountStatement(atMost: exact + 5)
            #expect(try Int.fetchOne(db, sql: unbounded.sql, arguments: StatementArguments(unbounded.arguments)) == exact, "\(query)")
            #expect(exact > 3 || query.contains("missing source"), "\(query): too few matches to test a bound (\(exact))")
        }
    }

    @Test(arguments: queries)
    func aBoundTheMatchesReachGivesAtLeastTheBound(query: String) throws {
        let engine = QueryEngine(StrengthWalkTests.knowledgeBase)
        let exact = try engine.run(query, limit: 1, total: .exact)
        guard exact.isTruncated else { return }
        #expect(exact.isTotalExact)
        for bound in [1, 2, 3, exact.total - 1, exact.total, exact.total + 1, TotalCount.standardBound] {
            let bounded = try engine.run(query, limit: 1, total: .atMost(bound))
            // At least one more than shown is counted: a cut-off answer has more.
            let effective = max(bound, 2)
            #expect(bounded.total == min(exact.total, effective), "\(query), bound \(bound)")
            #expect(bounded.isTotalExact == (exact.total < effective), "\(query), bound \(bound)")
            #expect(bounded.isTruncated && bounded.count == exact.count, "\(query), bound \(bound)")
            #expect(ids(bounded) == ids(exact), "\(query), bound \(bound): the results do not depend on the count")
        }
    }

    /// The bounded count of a subject query streams: no temporary B-tree or materialised
    /// subquery gathers every match before the limit (SQLite drives it from whichever index
    /// its statistics favour: here the studies with n >= 100).
    @Test func aSubjectsBoundedCountReadsTheLinksInIndexOrder() throws {
        let query = "claims for role-3 where cohort=older-workers and n >= 100"
        try StrengthWalkTests.knowledgeBase.reader.read { db in
            let compiled = try QueryCompiler(store: SQLiteQueryStore(db: db), text: query).compile(try Parser.parse(query))
            let statement = compiled.boundedCountStatement(atMost: 10)
            let plan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + statement.sql, arguments: StatementArguments(statement.arguments))
                .map { $0["detail"] as String }
            #expect(plan.contains { $0.contains("SEARCH b USING COVERING INDEX claimAboutByClaim") }, "\(plan): each claim counted at its first reached link")
            #expect(!plan.contains { $0.contains("TEMP B-TREE") || $0.contains("MATERIALIZE") }, "\(plan)")
        }
    }

    /// What the user reads: "at least" in the notice, `total_exact` in the JSON; an exact
    /// total says neither.
    @Test func theNoticeAndTheJSONSayAtLeast() throws {
        let service = KBService(StrengthWalkTests.knowledgeBase)
        let text = "claims for role-3 limit 2"
        let bounded = try service.run(QueryRequest(text, total: .atMost(3)))
        #expect(bounded.notice?.message == "showing the first 2 of at least 3 claims; --exact-total counts them all")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ResultRenderer(format: .json).render(bounded.outcome).utf8)) as? [String: Any])
        #expect(json["total"] as? Int == 3 && json["total_exact"] as? Bool == false)
        let exact = try service.run(QueryRequest(text, total: .exact))
        #expect(exact.notice?.message == "showing the first 2 of \(exact.outcome.total) claims")
        let exactJSON = try #require(try JSONSerialization.jsonObject(with: Data(ResultRenderer(format: .json).render(exact.outcome).utf8)) as? [String: Any])
        #expect(exactJSON["total_exact"] as? Bool == true && (exactJSON["total"] as? Int ?? 0) > 3)
    }

    func ids(_ outcome: QueryOutcome) -> [String] {
        switch outcome.rows {
        case let .claims(rows): rows.map(\.claim.slug)
        case let .sources(rows): rows.map(\.source.slug)
        case let .citations(rows): rows.map(\.source.slug)
        }
    }
}
