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
/// order) are the exact count's matches, each once; more matches than the bound make the total
/// "more than" the bound, and every other answer is the exact one.
struct BoundedTotalTests {
    /// StrengthWalkTests' generated KB (roles, skills, cohorts, boundaries; unsourced claims) with
    /// what it lacks: retracted works (one source in seven) and economy-wide claims (one claim in
    /// nine, half of them also about a subject).
    static let knowledgeBase = KnowledgeBase.fixture("BoundedTotalTests.knowledgeBase") { dataset in
        dataset = IndexedPlanTests.dataset(claims: 3000)
        for index in dataset.sources.indices where index % 7 == 3 {
            dataset.sources[index].notices = [Notice(kind: .retraction, date: "2020-01-01", reason: "test")]
        }
        for index in dataset.claims.indices {
            if index % 5 == 0 { (dataset.claims[index].sourceSlug, dataset.claims[index].studySlug) = (nil, nil) }
            if index % 9 == 4 {
                dataset.claims[index].isEconomyWide = true
                if index % 2 == 0 { dataset.claims[index].about = [] }
            }
        }
    }

    /// Subjects (unbounded, `within`, `direct`, several), conditions that require an entity link
    /// and conditions that do not, unsourced claims, no subject, sources and citations.
    static let queries = [
        "claims for role-3 where cohort=older-workers and n >= 100", "claims for role-3", "claims for role-0 where cohort = women|mothers",
        "claims for role-5, skill-2 where boundary = eeoc and cohort = veterans", "claims for role-4 within 1 hops where cohort = veterans",
        "claims for role-1 where cohort in (mothers, women) and not boundary = ico", "claims for role-2 where cohort = mothers or missing n",
        "claims for role-0 where missing source", "claims for role-3 direct where cohort = young-workers", "claims for role-0 where cohort != women",
        "claims for role-0 where replication = failed", "claims for skill-0", "claims where cohort = women", "claims where n >= 500",
        "citations for role-3 where cohort = older-workers", "citations where replication = failed",
        "sources for role-1", "sources where year >= 2015", "claims for role-3 where \"screening\"", "claims for role-3 where retracted",
        "claims for role-3 within 1 hops", "claims for role-2 where not retracted and cohort = women", "citations for role-3 within 1 hops",
        "sources for role-3 where cohort = older-workers",
    ]

    @Test(arguments: queries)
    func theCountedRowsAreTheExactCountsMatches(query: String) throws {
        try Self.knowledgeBase.reader.read { db in
            let compiled = try QueryCompiler(store: SQLiteQueryStore(db: db), text: query).compile(try Parser.parse(query))
            let exact = try #require(try Int.fetchOne(db, sql: compiled.countSQL, arguments: StatementArguments(compiled.countArguments)))
            let counted = "SELECT count(*) FROM (\(compiled.countedRows.sql))"
            #expect(try Int.fetchOne(db, sql: counted, arguments: StatementArguments(compiled.countedRows.arguments)) == exact, "\(query)")
            let unbounded = compiled.boundedCountStatement(atMost: exact + 5)
            #expect(try Int.fetchOne(db, sql: unbounded.sql, arguments: StatementArguments(unbounded.arguments)) == exact, "\(query)")
            #expect(exact > 3 || query.contains("missing source"), "\(query): too few matches to test a bound (\(exact))")
        }
    }

    /// The same on the hand-written KBs: an economy-wide claim (also about a subject), unsourced
    /// claims, bounded subjects, text search, retracted sources (the seed KB's), citations and
    /// sources with subjects.
    @Test(arguments: [
        ("fixture", "claims for analyst"), ("fixture", "claims for analyst within 1 hops"), ("fixture", "claims for sql where cohort = older"),
        ("fixture", "claims for analyst where \"about\""), ("fixture", "claims for analyst where missing source or cohort = women"),
        ("fixture", "citations for analyst"), ("fixture", "sources for analyst within 1 hops"), ("fixture", "claims for analyst direct"),
        ("seed", "claims for ml-platform-engineer"), ("seed", "claims for ml-platform-engineer where n >= 100"),
        ("seed", "claims for ml-platform-engineer where \"writing\""), ("seed", "claims for ml-platform-engineer where cohort = older"),
        ("seed", "claims for pytorch direct"), ("seed", "citations for ml-platform-engineer"), ("seed", "sources for ml-platform-engineer"),
        ("seed", "claims for ml-platform-engineer, pytorch where not retracted"),
    ])
    func theCountedRowsAreTheExactCountsMatchesOnHandWrittenKBs(name: String, query: String) throws {
        let knowledgeBase = try #require(LanguageV2PropertyTests.knowledgeBases.first { $0.name == name }?.kb)
        try knowledgeBase.reader.read { db in
            let compiled = try QueryCompiler(store: SQLiteQueryStore(db: db), text: query).compile(try Parser.parse(query))
            let rows = try Row.fetchAll(db, sql: compiled.sql, arguments: StatementArguments(compiled.arguments))
            let expected = query.hasPrefix("citations") ? Set(rows.compactMap { $0["sourceId"] as Int64? }).count : rows.count
            #expect(expected > 0, "\(name): \(query) matches nothing")
            #expect(try Int.fetchOne(db, sql: compiled.countSQL, arguments: StatementArguments(compiled.countArguments)) == expected, "\(name): \(query)")
            let counted = "SELECT count(*) FROM (\(compiled.countedRows.sql))"
            #expect(try Int.fetchOne(db, sql: counted, arguments: StatementArguments(compiled.countedRows.arguments)) == expected, "\(name): \(query)")
        }
    }

    @Test(arguments: queries)
    func moreMatchesThanTheBoundGiveTheBound(query: String) throws {
        let engine = QueryEngine(Self.knowledgeBase)
        let exact = try engine.run(query, limit: 1, total: .exact)
        try #require(exact.isTruncated, "\(query): one result shows every match, so no total is counted")
        #expect(exact.isTotalExact)
        for bound in [1, 2, 3, exact.total - 1, exact.total, exact.total + 1, TotalCount.standardBound] {
            let bounded = try engine.run(query, limit: 1, total: .atMost(bound))
            // At least as many as shown are counted ("more than 1" when one is shown of more).
            let effective = max(bound, 1)
            #expect(bounded.total == min(exact.total, effective), "\(query), bound \(bound)")
            #expect(bounded.isTotalExact == (exact.total <= effective), "\(query), bound \(bound)")
            #expect(bounded.isTruncated && bounded.count == exact.count, "\(query), bound \(bound)")
            #expect(ids(bounded) == ids(exact), "\(query), bound \(bound): the results do not depend on the count")
        }
    }

    /// The bounded count of a subject query streams: no temporary B-tree or materialised
    /// subquery gathers every match before the limit (SQLite drives it from whichever index
    /// its statistics favour: here the studies with n >= 100).
    @Test func aSubjectsBoundedCountReadsTheLinksInIndexOrder() throws {
        let query = "claims for role-3 where cohort=older-workers and n >= 100"
        try Self.knowledgeBase.reader.read { db in
            let compiled = try QueryCompiler(store: SQLiteQueryStore(db: db), text: query).compile(try Parser.parse(query))
            let statement = compiled.boundedCountStatement(atMost: 10)
            let plan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + statement.sql, arguments: StatementArguments(statement.arguments))
                .map { $0["detail"] as String }
            #expect(plan.contains { $0.contains("SEARCH b USING COVERING INDEX claimAboutByClaim") }, "\(plan): each claim counted at its first reached link")
            #expect(!plan.contains { $0.contains("TEMP B-TREE") || $0.contains("MATERIALIZE") }, "\(plan)")
        }
    }

    /// What the user reads: "more than" in the notice, `total_exact` in the JSON; an exact
    /// total says neither.
    @Test func theNoticeAndTheJSONSayAtLeast() throws {
        let service = KBService(Self.knowledgeBase)
        let text = "claims for role-3 limit 2"
        let bounded = try service.run(QueryRequest(text, total: .atMost(3)))
        #expect(bounded.notice?.message == "showing the first 2 of more than 3 claims; --exact-total counts them all")
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
