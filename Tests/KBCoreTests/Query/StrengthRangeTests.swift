import GRDB
import Testing
@testable import KBCore
@testable import KBDomain
@testable import KBQuery
@testable import KBStore

/// A claims query without subjects read from its strongest claims down (``StrengthRange``) gives
/// exactly the rows of its single ranked statement: with ranges small enough that they grow and
/// end inside runs of equal strength, and give up; a narrow query is left to its statement after
/// the probe alone.
struct StrengthRangeTests {
    static let queries = [
        "claims limit 20", "claims limit 1", "claims rank by relevance limit 25", "claims where cohort=older-workers limit 20",
        "claims where cohort = women and n >= 100 limit 15", "claims where replication = failed limit 7", "claims where grade = high limit 40",
        "claims where grade = moderate limit 300", "claims where missing source limit 6", "claims where not cohort = mothers and boundary = eeoc limit 12",
        "claims where cohort = veterans or missing n limit 9", "claims where n > 99999999 limit 5", "claims where year >= 2010 limit 30",
    ]

    static let forced: [StrengthRange.Settings] = [
        StrengthRange.Settings(firstRangePerRow: 1, growth: 2, maximumRange: 1_000_000),
        StrengthRange.Settings(firstRangePerRow: 2, growth: 3, maximumRange: 1_000_000),
        // Gives up after a few small ranges: the single statement answers.
        StrengthRange.Settings(firstRangePerRow: 1, growth: 2, maximumRange: 64),
    ]

    static func compiled(_ query: String, in db: Database) throws -> CompiledQuery {
        let parsed = try Parser.parse(query)
        return try QueryCompiler(store: SQLiteQueryStore(db: db), text: query).compile(parsed, limit: parsed.limit.map { $0 + 1 })
    }

    @Test(arguments: queries)
    func theRangeGivesTheSingleStatementsRows(query: String) throws {
        try StrengthWalkTests.knowledgeBase.reader.read { db in
            // Runs of equal strength, which a range must never cut.
            let repeated = try Int.fetchOne(db, sql: "SELECT count(*) - count(DISTINCT strength) FROM claim") ?? 0
            #expect(repeated > 1000)
            let compiled = try Self.compiled(query, in: db)
            #expect(compiled.strengthRange != nil)
            let single = try Row.fetchAll(db, sql: compiled.sql, arguments: StatementArguments(compiled.arguments)).map { $0["claimId"] as Int64 }
            let executor = SQLiteStatementExecutor(db: db)
            for settings in Self.forced + [.standard] {
                let ranged = try QueryEngine.claimRows(compiled, range: settings, in: executor)
                #expect(ranged.compactMap { $0.int64("claimId") } == single, "\(query) \(settings)")
            }
        }
    }

    /// The strongest claims without a source: they rank after every sourced match, so a range
    /// whose rows are unsourced at the limit grows until sourced ones fill it, or gives up.
    @Test(arguments: ["claims limit 20", "claims where cohort=older-workers limit 20", "claims where missing n or n >= 100 limit 40"])
    func unsourcedStrongClaimsRankAfterSourcedOnes(query: String) throws {
        var dataset = IndexedPlanTests.dataset(claims: 3000)
        for index in dataset.claims.indices where index % 5 == 0 {
            dataset.claims[index].sourceSlug = nil
            dataset.claims[index].studySlug = nil
        }
        let knowledgeBase = try KnowledgeBase.inMemory()
        _ = try knowledgeBase.load(dataset, command: "test", files: [])
        try knowledgeBase.writer.write { db in
            try db.execute(sql: "UPDATE claim SET strength = 1.0 WHERE sourceId IS NULL AND id % 3 = 0")
            try KnowledgeBase.analyze(db)
        }
        try knowledgeBase.reader.read { db in
            let unsourcedAtTop = try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT sourceId FROM claim ORDER BY strength DESC, id DESC LIMIT 100) WHERE sourceId IS NULL") ?? 0
            #expect(unsourcedAtTop >= 80)
            let compiled = try Self.compiled(query, in: db)
            let single = try Row.fetchAll(db, sql: compiled.sql, arguments: StatementArguments(compiled.arguments)).map { $0["claimId"] as Int64 }
            for settings in Self.forced + [.standard] {
                let ranged = try QueryEngine.claimRows(compiled, range: settings, in: SQLiteStatementExecutor(db: db))
                #expect(ranged.compactMap { $0.int64("claimId") } == single, "\(query) \(settings)")
            }
        }
    }

    /// Where strong claims match, the range answers (the single statement is not run); where
    /// none of the strongest do, the probe leaves the query to its statement, and no range is read.
    @Test func aBroadQueryIsAnsweredByTheRangeANarrowOneAfterTheProbe() throws {
        try StrengthWalkTests.knowledgeBase.reader.read { db in
            let broad = try #require(try Self.compiled("claims where cohort=older-workers limit 20", in: db).strengthRange)
            let recorder = RecordingExecutor(db: db)
            #expect(try broad.rows(wanted: 21, settings: .standard, in: recorder)?.count == 21)
            #expect(recorder.statements.contains { $0.sql.contains("walkFloor") })
            let narrow = try #require(try Self.compiled("claims where n > 99999999 limit 5", in: db).strengthRange)
            let probed = RecordingExecutor(db: db)
            #expect(try narrow.rows(wanted: 6, settings: .standard, in: probed) == nil)
            #expect(probed.statements.count == 2 && !probed.statements.contains { $0.sql.contains("walkFloor") })
        }
    }

    /// Nothing to range where strength is not the order, or subjects' tiers are walked instead.
    @Test(arguments: ["claims where \"callbacks\" limit 10", "claims rank by year limit 10", "claims for role-3 limit 10", "claims where grade = high"])
    func noRangeWhereStrengthIsNotTheOrder(query: String) throws {
        try StrengthWalkTests.knowledgeBase.reader.read { db in
            let range = try Self.compiled(query, in: db).strengthRange
            #expect(range == nil)
        }
    }

    /// The range reads `claim` through its strength index, from the floor up.
    @Test func theRangeReadsTheStrengthIndex() throws {
        try StrengthWalkTests.knowledgeBase.reader.read { db in
            let range = try #require(try Self.compiled("claims where cohort=older-workers and n >= 100 limit 20", in: db).strengthRange)
            let recorder = RecordingExecutor(db: db)
            _ = try range.rows(wanted: 21, settings: .standard, in: recorder)
            let ranged = try #require(recorder.statements.first { $0.sql.contains("walkFloor") })
            let plan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + ranged.sql, arguments: ranged.statementArguments).map { $0["detail"] as String }
            #expect(plan.contains { $0.contains("SEARCH c USING INDEX claimByStrength (strength>?)") }, "\(plan)")
            // The probe's claims and the floor: the strength index alone, in its order, no sort.
            let strongest = recorder.statements.filter { $0.sql.contains("ORDER BY c.strength DESC, c.id DESC") }
            #expect(strongest.count == 2)
            for statement in strongest {
                let plan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + statement.sql, arguments: statement.statementArguments).map { $0["detail"] as String }
                #expect(plan == ["SCAN c USING COVERING INDEX claimByStrength"], "\(statement.sql)")
            }
        }
    }
}
