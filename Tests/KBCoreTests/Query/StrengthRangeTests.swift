import GRDB
import GRDBSQLite
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
    /// One claim in five without a source, a third of those as strong as any claim.
    static let unsourcedAtTop = StrengthWalkTests.withUnsourcedClaims { db in
        try db.execute(sql: "UPDATE claim SET strength = 1.0 WHERE sourceId IS NULL AND id % 3 = 0")
    }

    @Test(arguments: ["claims limit 20", "claims where cohort=older-workers limit 20", "claims where missing n or n >= 100 limit 40", "claims where missing source limit 6"])
    func unsourcedStrongClaimsRankAfterSourcedOnes(query: String) throws {
        try Self.unsourcedAtTop.reader.read { db in
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

    /// Queries many strong claims match are answered by a range, not left to the statement.
    @Test(arguments: ["claims limit 20", "claims limit 1", "claims rank by relevance limit 25", "claims where cohort=older-workers limit 20",
                      "claims where grade = high limit 40", "claims where year >= 2010 limit 30"])
    func aBroadQueryIsAnsweredByARange(query: String) throws {
        try StrengthWalkTests.knowledgeBase.reader.read { db in
            let compiled = try Self.compiled(query, in: db)
            let range = try #require(compiled.strengthRange)
            let wanted = try #require(compiled.limit)
            let rows = try #require(try range.rows(wanted: wanted, settings: .standard, in: SQLiteStatementExecutor(db: db)))
            let single = try Row.fetchAll(db, sql: compiled.sql, arguments: StatementArguments(compiled.arguments)).map { $0["claimId"] as Int64 }
            #expect(rows.compactMap { $0.int64("claimId") } == single)
        }
    }

    /// Matches without a source, as strong as any: the first range holds the limit's worth and
    /// not one sourced, so the statement answers at once instead of after every larger range.
    @Test func aRangeOfUnsourcedMatchesEndsTheRanges() throws {
        try Self.unsourcedAtTop.reader.read { db in
            let range = try #require(try Self.compiled("claims where missing source limit 6", in: db).strengthRange)
            let recorder = RecordingExecutor(db: db)
            #expect(try range.rows(wanted: 7, settings: .standard, in: recorder) == nil)
            #expect(recorder.statements.filter { $0.sql.contains("walkFloor") }.count == 1)
        }
    }

    /// The probe binds one value, not one per claim: with SQLite's limit on bound values set
    /// below the probe's size, the range still answers (a limit of 16,000 probes 256,000 claims,
    /// past the system SQLite's 250,000).
    @Test func theProbeBindsNoValuePerClaim() throws {
        try StrengthWalkTests.knowledgeBase.reader.read { db in
            let compiled = try Self.compiled("claims where cohort=older-workers limit 100", in: db)
            let range = try #require(compiled.strengthRange)
            let previous = sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_VARIABLE_NUMBER, 200)
            defer { sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_VARIABLE_NUMBER, previous) }
            let rows = try #require(try range.rows(wanted: 101, settings: .standard, in: SQLiteStatementExecutor(db: db)))
            #expect(rows.count == 101)
            // Limits whose probe would overflow are left to the statement, not trapped.
            for wanted in [1 << 59, Int.max] {
                #expect(try range.rows(wanted: wanted, settings: .standard, in: SQLiteStatementExecutor(db: db)) == nil)
            }
        }
    }

    /// Nothing to range where strength is not the order, or subjects' tiers are walked instead.
    @Test(arguments: ["claims where \"callbacks\" limit 10", "claims rank by year limit 10", "claims for role-3 limit 10", "claims rank by year desc, relevance limit 10",
                      "claims where grade = high"])
    func noRangeWhereStrengthIsNotTheOrder(query: String) throws {
        try StrengthWalkTests.knowledgeBase.reader.read { db in
            let range = try Self.compiled(query, in: db).strengthRange
            #expect(range == nil)
        }
    }

    /// A profile without a role adds its cohort as a facet, not a subject: the facet ranks, so
    /// strength is not the order, and no range is read.
    @Test func noRangeWithAProfilesFacets() throws {
        try StrengthWalkTests.knowledgeBase.reader.read { db in
            let profile = ProfileSpec(name: "me", cohort: "older-workers")
            let parsed = try Parser.parse("claims limit 10")
            let compiled = try QueryCompiler(store: SQLiteQueryStore(db: db), text: "claims limit 10").compile(parsed, profile: profile, limit: 11)
            #expect(compiled.strengthRange == nil)
            #expect(try Self.compiled("claims limit 10", in: db).strengthRange != nil)
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
            // The floor: the strength index alone, in its order, no sort.
            let floors = recorder.statements.filter { $0.sql.hasPrefix("SELECT c.strength FROM") }
            #expect(floors.count == 1)
            for statement in floors {
                let plan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + statement.sql, arguments: statement.statementArguments).map { $0["detail"] as String }
                #expect(plan == ["SCAN c USING COVERING INDEX claimByStrength"], "\(statement.sql)")
            }
            // The probe's window: the strength index's first claims, then each looked up by id.
            let probe = try #require(recorder.statements.first { $0.sql.contains("walkWindow") })
            let probePlan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + probe.sql, arguments: probe.statementArguments).map { $0["detail"] as String }
            #expect(probePlan.contains { $0.contains("USING COVERING INDEX claimByStrength") }, "\(probePlan)")
            #expect(!probePlan.contains { $0.hasPrefix("SCAN c") && !$0.contains("claimByStrength") }, "\(probePlan)")
        }
    }
}
