import GRDB
import Testing
@testable import KBCore
@testable import KBDomain
@testable import KBQuery
@testable import KBStore

/// A subject query's total keeps only the reached claims about the condition's cohort (skill,
/// boundary…) before it reads their rows (``QueryCompiler/Parts/requiredLinks``): still every
/// row the unlimited statement returns, counted once.
struct RequiredLinksCountTests {
    /// Each query, and whether its condition requires an entity link (a top-level `and`
    /// factor "about one of these"), so that the count is restricted.
    @Test(arguments: [
        ("claims for role-3 where cohort=older-workers and n >= 100", true), ("claims for role-0 where cohort = women|mothers", true),
        ("claims for role-5, skill-2 where boundary = eeoc and cohort = veterans", true), ("claims for role-4 within 1 hops where cohort = veterans", true),
        ("claims for role-1 where cohort in (mothers, women) and not boundary = ico", true), ("claims for role-2 where cohort = mothers or missing n", false),
        ("citations for role-3 where cohort = older-workers", true), ("claims for role-0 where missing source and skill = skill-1", true),
        ("claims for role-3 direct where cohort = young-workers", true), ("claims for role-0 where cohort != women", false),
        ("claims for role-0 where replication = failed", false),
    ])
    func theTotalIsTheUnlimitedStatementsRowCount(query: String, restricted: Bool) throws {
        try StrengthWalkTests.knowledgeBase.reader.read { db in
            let compiled = try QueryCompiler(store: SQLiteQueryStore(db: db), text: query).compile(try Parser.parse(query))
            let rows = try Row.fetchAll(db, sql: compiled.sql, arguments: StatementArguments(compiled.arguments))
            let expected = query.hasPrefix("citations") ? Set(rows.compactMap { $0["sourceId"] as Int64? }).count : rows.count
            let total = try Int.fetchOne(db, sql: compiled.countSQL, arguments: StatementArguments(compiled.countArguments))
            #expect(total == expected, "\(query)")
            #expect(expected > 0 || query.contains("missing source"), "\(query)")
            #expect(compiled.countSQL.contains("FROM hit WHERE claimId IN") == restricted, "\(query)")
            // The bounded total's rows, counted without a bound: the same claims.
            let bounded = compiled.boundedCountStatement(atMost: Int.max)
            #expect(try Int.fetchOne(db, sql: bounded.sql, arguments: StatementArguments(bounded.arguments)) == expected, "\(query)")
        }
    }
}
