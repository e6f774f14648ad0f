import GRDB
import Testing
@testable import KBCore
@testable import KBDomain
@testable import KBQuery
@testable import KBStore

/// The strength walk (``StrengthWalk``) gives exactly the rows of the single ranked statement:
/// forced onto every tier, with windows and pages small enough that it grows its window, pages
/// through ties in strength and gives up, on claims with and without a source.
struct StrengthWalkTests {
    /// The plan tests' KB with every fifth claim unsourced (no source, no study): unsourced
    /// claims rank after sourced ones in every tier, which the walk's stopping rule must keep.
    static let knowledgeBase = withUnsourcedClaims()

    /// That KB, after `adjust` (then analyzed).
    static func withUnsourcedClaims(_ adjust: (Database) throws -> Void = { _ in }) -> KnowledgeBase {
        do {
            var dataset = IndexedPlanTests.dataset(claims: 3000)
            for index in dataset.claims.indices where index % 5 == 0 {
                dataset.claims[index].sourceSlug = nil
                dataset.claims[index].studySlug = nil
            }
            let knowledgeBase = try KnowledgeBase.inMemory()
            _ = try knowledgeBase.load(dataset, command: "test", files: [])
            try knowledgeBase.writer.write { db in
                try adjust(db)
                try KnowledgeBase.analyze(db)
            }
            return knowledgeBase
        } catch {
            fatalError("\(error)")
        }
    }

    static let queries = [
        "claims for role-3 where cohort=older-workers and n >= 100 rank by relevance limit 20",
        "claims for role-3 limit 20", "claims for role-0 where cohort = women limit 15", "claims for role-3 rank by relevance limit 25",
        "claims for role-5, skill-2 limit 50", "claims for role-2 where replication = failed limit 7", "claims for skill-0 limit 300",
        "claims for role-1 limit 1", "claims for role-1 where not cohort = mothers and boundary = eeoc limit 12",
        "claims for role-4 within 1 hops where cohort = veterans or missing n limit 9", "claims for role-0 where missing source limit 6",
        "claims for role-3 where grade = high limit 40", "claims for role-6 where n > 99999999 limit 5",
    ]

    /// Settings that walk every tier: tiny first windows and pages, so windows grow and pages
    /// end inside runs of equal strength.
    static let forced: [StrengthWalk.Settings] = [
        StrengthWalk.Settings(minimumMembers: 1, firstWindowPerRow: 1, maximumWindow: 1_000_000, scanChunk: 3, scanPerMember: 1_000_000),
        StrengthWalk.Settings(minimumMembers: 1, firstWindowPerRow: 2, maximumWindow: 1_000_000, scanChunk: 64, scanPerMember: 1_000_000),
        // Gives up after a few pages or a small window: the single statement answers.
        StrengthWalk.Settings(minimumMembers: 1, firstWindowPerRow: 1, maximumWindow: 40, scanChunk: 17, scanPerMember: 2),
    ]

    @Test(arguments: queries)
    func theWalkGivesTheSingleStatementsRows(query: String) throws {
        try Self.knowledgeBase.reader.read { db in
            let parsed = try Parser.parse(query)
            let compiled = try QueryCompiler(store: SQLiteQueryStore(db: db), text: query).compile(parsed, limit: parsed.limit.map { $0 + 1 })
            let tiers = try #require(compiled.tiers)
            #expect(tiers.contains { $0.walk != nil })
            let single = try Row.fetchAll(db, sql: compiled.sql, arguments: StatementArguments(compiled.arguments)).map { $0["claimId"] as Int64 }
            let executor = SQLiteStatementExecutor(db: db)
            for settings in Self.forced + [.standard] {
                let walked = try QueryEngine.claimRows(compiled, walk: settings, in: executor)
                #expect(walked.compactMap { $0.int64("claimId") } == single, "\(query) \(settings)")
                // A server's walk (one statement per window) on the same rows.
                let inOneStatement = try QueryEngine.claimRows(Self.walkingInOneStatement(compiled), walk: settings, in: executor)
                #expect(inOneStatement.compactMap { $0.int64("claimId") } == single, "\(query) \(settings), in one statement")
            }
        }
    }

    /// `compiled` with every tier's walk finding its windows in one statement, as a server's
    /// dialect asks (``SQLDialect/walksStrengthInOneStatement``); the statement is SQLite's too.
    static func walkingInOneStatement(_ compiled: CompiledQuery) -> CompiledQuery {
        var compiled = compiled
        compiled.tiers = compiled.tiers?.map { tier in
            var tier = tier
            tier.walk?.inOneStatement = true
            return tier
        }
        return compiled
    }

    /// The one-statement walk answers each walked tier itself (it does not give up) with the
    /// tier statement's rows and scores, growing its window from one row per row wanted; it
    /// gives up, as the in-process walk does, on a small tier, a spent budget or a window too
    /// small; it reads neither the members nor the claims it passes into kb; and a tier with
    /// more member links than it may hash is walked in kb instead.
    @Test(arguments: queries)
    func theOneStatementWalkAnswersEachTierAsItsStatement(query: String) throws {
        try Self.knowledgeBase.reader.read { db in
            let parsed = try Parser.parse(query)
            let compiled = Self.walkingInOneStatement(try QueryCompiler(store: SQLiteQueryStore(db: db), text: query).compile(parsed, limit: parsed.limit.map { $0 + 1 }))
            let wanted = try #require(compiled.limit)
            for tier in try #require(compiled.tiers) {
                guard let walk = tier.walk else { continue }
                let recorder = RecordingExecutor(db: db)
                let statement = try recorder.rows(tier.statement)
                let walked = try #require(try walk.rows(wanted: wanted, settings: Self.forced[0], in: recorder), "\(query) tier \(tier.relevance)")
                #expect(walked.map { $0.int64("claimId") } == statement.map { $0.int64("claimId") }, "\(query) tier \(tier.relevance)")
                #expect(walked.map { $0.double("score") } == statement.map { $0.double("score") }, "\(query) tier \(tier.relevance)")
                #expect(!recorder.statements.contains { $0.sql.hasPrefix("SELECT claimId FROM claimAbout") || $0.sql.hasPrefix("SELECT id, strength FROM claim") })
            }
        }
        try Self.knowledgeBase.reader.read { db in
            let text = "claims for role-0 limit 3"
            let compiled = Self.walkingInOneStatement(try QueryCompiler(store: SQLiteQueryStore(db: db), text: text).compile(try Parser.parse(text), limit: 4))
            let walk = try #require(compiled.tiers?.first?.walk)
            let executor = SQLiteStatementExecutor(db: db)
            #expect(try walk.rows(wanted: 4, settings: .init(minimumMembers: 1_000_000), in: executor) == nil)
            #expect(try walk.rows(wanted: 4, settings: .init(minimumMembers: 1, scanPerMember: 0), in: executor) == nil)
            #expect(try walk.rows(wanted: 4, settings: .init(minimumMembers: 1, maximumWindow: 1), in: executor) == nil)
            #expect(try walk.rows(wanted: 4, settings: .init(minimumMembers: 1), in: executor) != nil)
            // More member links than it may hash: the tier is walked in kb, with the same rows.
            let statement = try executor.rows(try #require(compiled.tiers?.first).statement).map { $0.int64("claimId") }
            let recorder = RecordingExecutor(db: db)
            let inKB = try walk.rows(wanted: 4, settings: .init(minimumMembers: 1, maximumHashedLinks: 50), in: recorder)
            #expect(inKB?.map { $0.int64("claimId") } == statement)
            #expect(recorder.statements.contains { $0.sql.hasPrefix("SELECT claimId FROM claimAbout") })
        }
    }

    /// Each walked tier alone: the walk answers (does not give up) and gives the tier
    /// statement's rows, with the same scores.
    @Test(arguments: queries)
    func eachTierWalkedEqualsItsStatement(query: String) throws {
        try Self.knowledgeBase.reader.read { db in
            let parsed = try Parser.parse(query)
            let compiled = try QueryCompiler(store: SQLiteQueryStore(db: db), text: query).compile(parsed, limit: parsed.limit.map { $0 + 1 })
            let executor = SQLiteStatementExecutor(db: db)
            let wanted = try #require(compiled.limit)
            for tier in try #require(compiled.tiers) {
                guard let walk = tier.walk else { continue }
                let statement = try executor.rows(tier.statement)
                let walked = try #require(try walk.rows(wanted: wanted, settings: Self.forced[0], in: executor))
                #expect(walked.map { $0.int64("claimId") } == statement.map { $0.int64("claimId") }, "\(query) tier \(tier.relevance)")
                #expect(walked.map { $0.double("score") } == statement.map { $0.double("score") }, "\(query) tier \(tier.relevance)")
            }
        }
    }

    /// Claims of equal strength (and sample) rank by id, and the walk passes them in the
    /// opposite order: a window that ends inside a run of equal strengths is not enough to
    /// answer, however many rows it gave; the walk reads on to the run's end.
    @Test func equalStrengthsAtTheWindowsEdgeAreAllRead() throws {
        var sources = "sources:\n"
        var claims = "claims:\n"
        for index in 0..<12 {
            sources += "  - {id: s\(index), title: T\(index), studies: [{id: s\(index)-st, design: rct, n: 500}]}\n"
            claims += "  - {id: c\(index), statement: Finding \(index), source: s\(index), study: s\(index)-st, about: [role:analyst]}\n"
        }
        let knowledgeBase = try makeKnowledgeBase(["a.yaml": RankingPropertyTests.taxonomy, "b.yaml": sources + claims])
        try knowledgeBase.reader.read { db in
            #expect(try Double.fetchSet(db, sql: "SELECT strength FROM claim").count == 1)
            let executor = SQLiteStatementExecutor(db: db)
            for limit in 1...5 {
                let text = "claims for analyst limit \(limit)"
                let compiled = try QueryCompiler(store: SQLiteQueryStore(db: db), text: text).compile(try Parser.parse(text), limit: limit + 1)
                let tier = try #require(compiled.tiers?.first)
                let walk = try #require(tier.walk)
                let statement = try executor.rows(tier.statement).map { $0.int64("claimId") }
                #expect(statement.count == limit + 1)
                let walked = try #require(try walk.rows(wanted: limit + 1, settings: Self.forced[0], in: executor))
                #expect(walked.map { $0.int64("claimId") } == statement, "\(text)")
                #expect(try QueryEngine.claimRows(compiled, walk: Self.forced[1], in: executor).map { $0.int64("claimId") } == statement, "\(text)")
                let oneStatement = try #require(Self.walkingInOneStatement(compiled).tiers?.first?.walk)
                #expect(try oneStatement.rows(wanted: limit + 1, settings: Self.forced[0], in: executor)?.map { $0.int64("claimId") } == statement, "\(text)")
            }
        }
    }

    /// A run of equal strengths longer than the last window but shorter than the largest is
    /// answered from the largest window, not given up on after growing past it (review 20, M1:
    /// 8,176 claims at strength 1 for role-0000 at 10M): windows 2 and 8 end inside the run of
    /// 12, the next is 32 capped at 20, which holds the run and 8 weaker claims.
    @Test func theLargestWindowIsTriedBeforeGivingUp() throws {
        var sources = "sources:\n"
        var claims = "claims:\n"
        for index in 0..<30 {
            sources += "  - {id: s\(index), title: T\(index), studies: [{id: s\(index)-st, design: rct, n: \(index < 12 ? 5000 : 20)}]}\n"
            claims += "  - {id: c\(index), statement: Finding \(index), source: s\(index), study: s\(index)-st, about: [role:analyst]}\n"
        }
        let knowledgeBase = try makeKnowledgeBase(["a.yaml": RankingPropertyTests.taxonomy, "b.yaml": sources + claims])
        try knowledgeBase.reader.read { db in
            let strengths = try Double.fetchAll(db, sql: "SELECT strength FROM claim ORDER BY strength DESC")
            #expect(Set(strengths).count == 2 && strengths.filter { $0 == strengths[0] }.count == 12, "\(strengths)")
            let executor = SQLiteStatementExecutor(db: db)
            let text = "claims for analyst limit 2"
            let compiled = try QueryCompiler(store: SQLiteQueryStore(db: db), text: text).compile(try Parser.parse(text), limit: 2)
            let tier = try #require(compiled.tiers?.first)
            let walk = try #require(tier.walk)
            let statement = try executor.rows(tier.statement).map { $0.int64("claimId") }
            let settings = StrengthWalk.Settings(minimumMembers: 1, firstWindowPerRow: 1, maximumWindow: 20, scanChunk: 1, scanPerMember: 1_000)
            let walked = try #require(try walk.rows(wanted: 2, settings: settings, in: executor))
            #expect(walked.map { $0.int64("claimId") } == Array(statement.prefix(2)))
            // A largest window inside the run still gives up.
            #expect(try walk.rows(wanted: 2, settings: .init(minimumMembers: 1, firstWindowPerRow: 1, maximumWindow: 10, scanChunk: 1, scanPerMember: 1_000), in: executor) == nil)
        }
    }

    /// A window whose last row ties with the last claim passed is not grown ×4: the walk reads
    /// on to the end of that strength's run (and the first weaker claim), which answers. At 10M
    /// claims role-0010's first window ends inside the 60,980 claims of strength 1, and ×4
    /// passed 104,000. Here windows 2 → 13 (the run of 12 and one weaker claim), not 2 → 8 → 32.
    @Test func aWindowEndingInARunReadsToTheRunsEnd() throws {
        var sources = "sources:\n"
        var claims = "claims:\n"
        for index in 0..<60 {
            sources += "  - {id: s\(index), title: T\(index), studies: [{id: s\(index)-st, design: rct, n: \(index < 12 ? 5000 : 20)}]}\n"
            claims += "  - {id: c\(index), statement: Finding \(index), source: s\(index), study: s\(index)-st, about: [role:analyst]}\n"
        }
        let knowledgeBase = try makeKnowledgeBase(["a.yaml": RankingPropertyTests.taxonomy, "b.yaml": sources + claims])
        try knowledgeBase.reader.read { db in
            let strengths = try Double.fetchAll(db, sql: "SELECT strength FROM claim ORDER BY strength DESC")
            #expect(Set(strengths).count == 2 && strengths.filter { $0 == strengths[0] }.count == 12, "\(strengths)")
            let text = "claims for analyst limit 2"
            let compiled = try QueryCompiler(store: SQLiteQueryStore(db: db), text: text).compile(try Parser.parse(text), limit: 2)
            let tier = try #require(compiled.tiers?.first)
            let walk = try #require(tier.walk)
            let statement = try SQLiteStatementExecutor(db: db).rows(tier.statement).map { $0.int64("claimId") }
            let recorder = RecordingExecutor(db: db)
            let settings = StrengthWalk.Settings(minimumMembers: 1, firstWindowPerRow: 1, maximumWindow: 1_000, scanChunk: 5, scanPerMember: 1_000)
            let walked = try #require(try walk.rows(wanted: 2, settings: settings, in: recorder))
            #expect(walked.map { $0.int64("claimId") } == Array(statement.prefix(2)))
            let windows = recorder.statements.filter { $0.sql.contains("walkWindow(id) AS (VALUES") }.map { $0.sql.components(separatedBy: "(?)").count - 1 }
            #expect(windows == [2, 13])
        }
    }

    /// The walk reads only its window: for the strongest few of a large tier, the statement it
    /// runs binds far fewer claims than the tier holds.
    @Test func theWindowIsSmallerThanTheTier() throws {
        try Self.knowledgeBase.reader.read { db in
            let query = "claims for role-0 limit 3"
            let compiled = try QueryCompiler(store: SQLiteQueryStore(db: db), text: query).compile(try Parser.parse(query), limit: 4)
            let walk = try #require(compiled.tiers?.first?.walk)
            let members = try Int.fetchOne(db, sql: "SELECT count(DISTINCT claimId) FROM (\(walk.members.sql))", arguments: walk.members.statementArguments) ?? 0
            #expect(members > 100)
            let recorder = RecordingExecutor(db: db)
            let settings = StrengthWalk.Settings(minimumMembers: 1, firstWindowPerRow: 4, maximumWindow: 8192, scanChunk: 256, scanPerMember: 8)
            _ = try #require(try walk.rows(wanted: 4, settings: settings, in: recorder))
            let windows = recorder.statements.filter { $0.sql.contains("walkWindow(id) AS (VALUES") }
            #expect(!windows.isEmpty)
            let largest = windows.map { $0.sql.components(separatedBy: "(?)").count - 1 }.max() ?? 0
            #expect(largest > 0 && largest * 4 < members, "window \(largest) of \(members) members")
        }
    }

    @Test func aSmallTierOrASpentBudgetLeavesTheTierToItsStatement() throws {
        try Self.knowledgeBase.reader.read { db in
            let query = "claims for role-0 limit 3"
            let compiled = try QueryCompiler(store: SQLiteQueryStore(db: db), text: query).compile(try Parser.parse(query), limit: 4)
            let walk = try #require(compiled.tiers?.first?.walk)
            let executor = SQLiteStatementExecutor(db: db)
            #expect(try walk.rows(wanted: 4, settings: .init(minimumMembers: 1_000_000), in: executor) == nil)
            #expect(try walk.rows(wanted: 4, settings: .init(minimumMembers: 1, scanPerMember: 0), in: executor) == nil)
            #expect(try walk.rows(wanted: 4, settings: .init(minimumMembers: 1, maximumWindow: 1), in: executor) == nil)
        }
    }

    /// Where strength is not the tier's order, no tier is walked: full-text terms scale the
    /// score, and a `rank by` key after relevance orders ties by something else.
    @Test(arguments: ["claims for role-1 where \"callbacks\" limit 10", "claims for role-3 rank by relevance, year limit 10"])
    func noWalkWhereStrengthIsNotTheOrder(query: String) throws {
        try Self.knowledgeBase.reader.read { db in
            let compiled = try QueryCompiler(store: SQLiteQueryStore(db: db), text: query).compile(try Parser.parse(query), limit: 11)
            #expect(compiled.tiers?.allSatisfy { $0.walk == nil } ?? true)
        }
    }

    /// The walk's statements are answered from indexes: the pages from `claim`'s strength
    /// index alone, the window's rows by id.
    @Test func theWalksStatementsUseIndexes() throws {
        try IndexedPlanTests.knowledgeBase.reader.read { db in
            let query = "claims for role-3 where cohort=older-workers and n >= 100 rank by relevance limit 20"
            let compiled = try QueryCompiler(store: SQLiteQueryStore(db: db), text: query).compile(try Parser.parse(query), limit: 21)
            let walk = try #require(compiled.tiers?.first?.walk)
            let recorder = RecordingExecutor(db: db)
            _ = try walk.rows(wanted: 21, settings: .init(minimumMembers: 1, firstWindowPerRow: 1, scanChunk: 100), in: recorder)
            let pages = recorder.statements.filter { $0.sql.contains("ORDER BY strength DESC, id DESC") }
            let windows = recorder.statements.filter { $0.sql.contains("walkWindow") }
            #expect(pages.count > 1 && !windows.isEmpty)
            for statement in pages + windows {
                let plan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + statement.sql, arguments: statement.statementArguments).map { $0["detail"] as String }
                if pages.contains(statement) {
                    // A page reads the strength index alone, from where the last one stopped, in
                    // its order (no sort), for at most its LIMIT entries.
                    #expect(plan.count == 1 && plan[0].hasSuffix("USING COVERING INDEX claimByStrength" + (statement == pages[0] ? "" : " (strength<?)")), "\(plan)")
                } else {
                    #expect(!plan.contains { IndexedPlanTests.isFullScan($0, ofEntitiesToo: false) }, "\(statement.sql)\n\(plan)")
                    // The cohort is probed per claim, not gathered whole into a list first.
                    #expect(!zip(plan, plan.dropFirst()).contains { $0.0.hasPrefix("LIST SUBQUERY") && $0.1.contains("claimAbout") }, "\(plan)")
                }
            }
        }
    }
}

/// An executor that keeps every statement it runs.
final class RecordingExecutor: StatementExecutor {
    let db: Database
    private(set) var statements: [SQLFragment] = []

    init(db: Database) { self.db = db }

    func forEachRow(_ statement: SQLFragment, _ body: (SQLRow) throws -> Bool) throws {
        statements.append(statement)
        try SQLiteStatementExecutor(db: db).forEachRow(statement, body)
    }
}
