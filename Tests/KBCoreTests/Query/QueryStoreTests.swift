import GRDB
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// The SQLite ``QueryStore``: what the compiler asks of the database besides its statement.
struct QueryStoreTests {
    private func withStore<T>(_ body: (any QueryStore) throws -> T) throws -> T {
        try Seeded.knowledgeBase.reader.read { db in try body(SQLiteQueryStore(db: db)) }
    }

    @Test func sourcesAreFoundBySlugOnly() throws {
        let (known, misspelt, near) = try withStore { store in
            (try store.sourceExists("noy2023experimental"), try store.sourceExists("noy2023experimentl"), try store.sourceSlugs(near: "noy2023experimentl"))
        }
        #expect(known)
        #expect(!misspelt)
        #expect(near == ["noy2023experimental"])
    }

    @Test func profileSuggestionsOfferStoredProfilesAndRoles() throws {
        let slugs = try withStore { try $0.profileAndRoleSlugs() }
        #expect(slugs.contains("ml-platform-engineer-pytorch"))
        #expect(slugs.contains("ml-platform-engineer"))
        #expect(!slugs.contains("pytorch-deep-learning"), "skills are not profiles")
    }

    @Test func namesResolveByFoldedSlugNameOrAlias() throws {
        let found = try withStore { try $0.entities(named: "ML Platform Engineer", kinds: [.role]) }
        #expect(found.map(\.slug) == ["ml-platform-engineer"])
    }

    @Test func theQueryPlanIsAnIndentedTree() throws {
        let plan = try withStore { try $0.queryPlan(sql: "SELECT id FROM claim WHERE sourceId = ?", arguments: [.integer(1)]) }
        #expect(!plan.isEmpty)
        #expect(plan.allSatisfy { !$0.isEmpty })
    }

    /// A role's skills' links are read in one statement each for all its skills: the same links,
    /// in the same order, as the one-skill statements they replace (written out here).
    @Test func skillLinksReadTogetherAreEachSkillsOwn() throws {
        try Seeded.knowledgeBase.reader.read { db in
            let store = SQLiteQueryStore(db: db)
            let skills = try Int64.fetchAll(db, sql: "SELECT id FROM entity WHERE kind = 'skill' ORDER BY id")
            let neighbours = try store.skillNeighbours(of: skills)
            let recurring = try store.roles(whereSkillsRecur: skills)
            func links(_ sql: String, _ id: Int64) throws -> [String] {
                try Row.fetchAll(db, sql: sql, arguments: StatementArguments(Array(repeating: id, count: sql.filter { $0 == "?" }.count)))
                    .map { "\($0["id"] as Int64) \($0["weight"] as Double) \($0["edge"] as String)" }
            }
            var linked = 0
            for id in skills {
                // The one-skill statements the batched ones replaced, verbatim (SQLite orders a
                // UNION's ties by its remaining columns: the seed's pytorch → computer-vision is
                // both alongside and adjacent).
                let oneNeighbours = try links("""
                    SELECT e.id, e.kind, e.slug, e.name, g.weight, g.kind AS edge FROM edge g JOIN entity e ON e.id = g.toId
                    WHERE g.fromId = ? AND g.kind IN ('adjacent', 'alongside')
                    UNION
                    SELECT e.id, e.kind, e.slug, e.name, g.weight, g.kind FROM edge g JOIN entity e ON e.id = g.fromId
                    WHERE g.toId = ? AND g.kind IN ('adjacent', 'alongside')
                    ORDER BY 1
                    """, id)
                let oneRecurring = try links("""
                    SELECT e.id, e.kind, e.slug, e.name, g.weight, g.kind AS edge FROM edge g JOIN entity e ON e.id = g.toId
                    WHERE g.fromId = ? AND g.kind = 'recurs-in' ORDER BY e.id
                    """, id)
                #expect((neighbours[id] ?? []).map { "\($0.entity.id) \($0.weight) \($0.edge)" } == oneNeighbours, "skill \(id)")
                #expect((recurring[id] ?? []).map { "\($0.entity.id) \($0.weight) \($0.edge)" } == oneRecurring, "skill \(id)")
                #expect(try store.skillNeighbours(of: id) == (neighbours[id] ?? []))
                linked += oneNeighbours.count + oneRecurring.count
            }
            #expect(linked > 0, "the seed taxonomy links some skills")
            #expect(try store.skillNeighbours(of: []).isEmpty && store.roles(whereSkillsRecur: []).isEmpty)
        }
    }

    /// Counts the batched reads a subject's expansion makes (SQLite answers them), or answers
    /// each batch one skill at a time, as the expander read them before (`oneByOne`).
    final class CountingStore: SQLiteDelegatingStore, @unchecked Sendable {
        let sqlite: SQLiteQueryStore
        let oneByOne: Bool
        var batches: [Int] = []
        init(_ sqlite: SQLiteQueryStore, oneByOne: Bool = false) {
            self.sqlite = sqlite
            self.oneByOne = oneByOne
        }
        func skillNeighbours(of skillIDs: [Int64]) throws -> [Int64: [TaxonomyLink]] {
            batches.append(skillIDs.count)
            guard oneByOne else { return try sqlite.skillNeighbours(of: skillIDs) }
            return try Dictionary(skillIDs.map { ($0, try sqlite.skillNeighbours(of: $0)) }, uniquingKeysWith: { first, _ in first })
        }
        func roles(whereSkillsRecur skillIDs: [Int64]) throws -> [Int64: [TaxonomyLink]] {
            batches.append(skillIDs.count)
            guard oneByOne else { return try sqlite.roles(whereSkillsRecur: skillIDs) }
            return try Dictionary(skillIDs.map { ($0, try sqlite.roles(whereSkillRecurs: $0)) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Counts the name look-ups and cohort expansions a compile makes.
    final class LookUpCountingStore: SQLiteDelegatingStore, @unchecked Sendable {
        let sqlite: SQLiteQueryStore
        var lookUps: [String] = []
        var expansions = 0
        init(_ sqlite: SQLiteQueryStore) { self.sqlite = sqlite }
        func entities(named name: String, kinds: [EntityKind]) throws -> [ResolvedEntity] {
            lookUps.append("\(kinds.map(\.rawValue).joined(separator: "|")) \(name)")
            return try sqlite.entities(named: name, kinds: kinds)
        }
        func withNarrower(_ ids: [Int64]) throws -> [Int64] {
            expansions += 1
            return try sqlite.withNarrower(ids)
        }
    }

    /// A condition's names are looked up once per compile, though its subject query compiles
    /// the condition four times (the statement, the walk's probes, the required links and their
    /// probes); the statements are those of a compile that looks each one up every time.
    @Test func aConditionsNamesAreLookedUpOncePerCompile() throws {
        try Seeded.knowledgeBase.reader.read { db in
            let text = "claims for ml-platform-engineer where cohort=older and n >= 100 and (cohort=older or skill=pytorch) rank by relevance limit 20"
            let store = LookUpCountingStore(SQLiteQueryStore(db: db))
            let compiled = try QueryCompiler(store: store, text: text).compile(try Parser.parse(text))
            #expect(store.lookUps.filter { $0 == "cohort older" }.count == 1)
            #expect(store.lookUps.filter { $0 == "skill pytorch" }.count == 1)
            #expect(store.expansions == 1)
            // Each compile looks the names up afresh.
            let again = try QueryCompiler(store: store, text: text).compile(try Parser.parse(text))
            #expect(store.lookUps.filter { $0 == "cohort older" }.count == 2)
            #expect(again.statement.sql == compiled.statement.sql && again.countStatement.sql == compiled.countStatement.sql)
            #expect(again.statement.arguments == compiled.statement.arguments && again.countStatement.arguments == compiled.countStatement.arguments)
            #expect(compiled.tiers?.isEmpty == false, "a subject query with a cohort walks its tiers")
            // A name that is not found is said again at the next compile, not remembered.
            let unknown = "claims for ml-platform-engineer where cohort=oldr"
            for _ in 0..<2 {
                #expect(throws: Diagnostic.self) { try QueryCompiler(store: store, text: unknown).compile(try Parser.parse(unknown)) }
            }
            #expect(store.lookUps.filter { $0 == "cohort oldr" }.count == 2)
        }
    }

    /// A role's expansion reads its skills' links in two statements whatever their number, and
    /// none when `within 1 hops` leaves no 2-edge path; the reach is the same either way.
    @Test func aRolesSkillsAreExpandedInTwoStatements() throws {
        try Seeded.knowledgeBase.reader.read { db in
            let skills = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM edge g JOIN entity r ON r.id = g.fromId WHERE r.slug = 'ml-platform-engineer' AND g.kind = 'uses'
                """) ?? 0
            #expect(skills > 2, "the seed role has several skills")
            let store = CountingStore(SQLiteQueryStore(db: db))
            let reach = try QueryCompiler(store: store, text: "claims for ml-platform-engineer").compile(try Parser.parse("claims for ml-platform-engineer")).reach
            #expect(store.batches == [skills, skills])
            let near = CountingStore(SQLiteQueryStore(db: db))
            let nearReach = try QueryCompiler(store: near, text: "claims for ml-platform-engineer within 1 hops").compile(try Parser.parse("claims for ml-platform-engineer within 1 hops")).reach
            #expect(near.batches.isEmpty)
            #expect(Set(nearReach.map(\.entityID)).isSubset(of: Set(reach.map(\.entityID))) && nearReach.count < reach.count)
            // The reach is the one read skill by skill, node for node, path and explanation.
            let plain = try QueryCompiler(store: CountingStore(SQLiteQueryStore(db: db), oneByOne: true), text: "claims for ml-platform-engineer")
                .compile(try Parser.parse("claims for ml-platform-engineer")).reach
            #expect(reach.map { "\($0.entityID) \($0.relevance) \($0.explanation)" } == plain.map { "\($0.entityID) \($0.relevance) \($0.explanation)" })
        }
    }
}
