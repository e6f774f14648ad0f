import GRDB
import Testing
@testable import KBCore
@testable import KBDomain
@testable import KBQuery
@testable import KBStore

/// The compiler reads the database only through the store it is handed: a store that is not
/// SQLite's compiles queries, and an engine, catalog or export given a store uses it.
struct QueryStoreSeamTests {
    /// A store with no database behind it: one cohort `older` (id 900) with a narrower cohort (901),
    /// one role `analyst` (800) using one skill (810) that is adjacent to another (811).
    struct StubStore: QueryStore {
        var dialect: any SQLDialect { SQLiteDialect() }
        static let older = ResolvedEntity(id: 900, kind: .cohort, slug: "older", name: "Older")
        static let analyst = ResolvedEntity(id: 800, kind: .role, slug: "analyst", name: "Analyst")
        static let writing = ResolvedEntity(id: 810, kind: .skill, slug: "writing", name: "Writing")
        static let editing = ResolvedEntity(id: 811, kind: .skill, slug: "editing", name: "Editing")

        func entities(named name: String, kinds: [EntityKind]) throws -> [ResolvedEntity] {
            [Self.older, Self.analyst, Self.writing, Self.editing].filter { $0.slug == Slug.fold(name) && kinds.contains($0.kind) }
        }
        func suggestions(for name: String, kinds: [EntityKind], limit: Int) throws -> [String] { ["'older'"] }
        func withNarrower(_ ids: [Int64]) throws -> [Int64] { ids.contains(900) ? ids + [901] : ids }
        func withBoundaries(inJurisdictions ids: [Int64]) throws -> [Int64] { ids }
        func aliasKeys(of ids: [Int64]) throws -> [String] { [] }
        func sourceSlugs(near name: String, limit: Int) throws -> [String] { [] }
        func sourceExists(_ key: String) throws -> Bool { false }
        func profileAndRoleSlugs() throws -> [String] { ["analyst"] }
        func storedProfile(_ slug: String) throws -> ProfileSpec? { nil }
        func skillNeighbours(of skillIDs: [Int64]) throws -> [Int64: [TaxonomyLink]] {
            skillIDs.contains(810) ? [810: [TaxonomyLink(entity: Self.editing, weight: 0.5, edge: "adjacent")]] : [:]
        }
        func roles(whereSkillsRecur skillIDs: [Int64]) throws -> [Int64: [TaxonomyLink]] { [:] }
        func roles(using skillID: Int64) throws -> [TaxonomyLink] { [] }
        func neighbourRoles(of roleID: Int64) throws -> [TaxonomyLink] { [] }
        func skills(of roleID: Int64) throws -> [TaxonomyLink] {
            roleID == 800 ? [TaxonomyLink(entity: Self.writing, weight: 1, edge: "uses")] : []
        }
        func nodes(of kind: EntityKind) throws -> [ResolvedEntity] {
            [Self.older, Self.analyst, Self.writing, Self.editing].filter { $0.kind == kind }
        }
        func distinctValues(of column: String, in table: String) throws -> [String] { [] }
        func claimLinks(of kind: EntityKind, claims: [Int64]?) throws -> ClaimLinks { ClaimLinks(claims: [], nodes: []) }
        func queryPlan(sql: String, arguments: [SQLValue]) throws -> [String] { ["stub plan"] }
    }

    private func compile(_ text: String) throws -> CompiledQuery {
        try QueryCompiler(store: StubStore(), text: text).compile(try Parser.parse(text))
    }

    @Test func aStoreWithoutADatabaseCompilesFilters() throws {
        let compiled = try compile("claims where cohort = older")
        #expect(compiled.arguments.contains(.integer(900)))
        #expect(compiled.arguments.contains(.integer(901)), "the narrower cohort comes from the store")
    }

    @Test func subjectsExpandThroughTheStore() throws {
        let compiled = try compile("claims for analyst")
        #expect(compiled.subjectLabels == ["role analyst (built-in profile: 1 skill)"])
        #expect(Set(compiled.reach.map(\.entityID)) == [800, 810, 811])
    }

    @Test func unknownNamesAreSuggestedByTheStore() throws {
        let error = try #require(throws: Diagnostic.self) { try compile("claims where cohort = oldr") }
        #expect(error.help == "did you mean 'older'?")
    }

    /// Delegates to SQLite, but knows the cohort `older-workers` also as `elders` — a name only
    /// this store resolves, so a query using it works only when the injected store is used.
    struct EldersStore: SQLiteDelegatingStore {
        let sqlite: SQLiteQueryStore
        func entities(named name: String, kinds: [EntityKind]) throws -> [ResolvedEntity] {
            try sqlite.entities(named: name == "elders" ? "older-workers" : name, kinds: kinds)
        }
        func queryPlan(sql: String, arguments: [SQLValue]) throws -> [String] { ["elders plan"] }
    }

    static let elders = QueryStoreFactory { EldersStore(sqlite: SQLiteQueryStore(db: $0)) }

    @Test func theEngineUsesTheStoreItIsGiven() throws {
        let knowledgeBase = Seeded.knowledgeBase
        let withElders = try QueryEngine(knowledgeBase, store: Self.elders).run("claims where cohort = elders")
        let direct = try QueryEngine(knowledgeBase).run("claims where cohort = older-workers")
        #expect(withElders.count > 0)
        #expect(withElders.rows.claims?.map(\.claim.slug) == direct.rows.claims?.map(\.claim.slug))
        #expect(throws: Diagnostic.self) { try QueryEngine(knowledgeBase).run("claims where cohort = elders") }
        #expect(try QueryEngine(knowledgeBase, store: Self.elders).explain("claims where cohort = elders").plan == ["elders plan"])
    }

    @Test func theCatalogAndExportUseTheStoreTheyAreGiven() throws {
        let knowledgeBase = Seeded.knowledgeBase
        guard case let .entity(detail) = try Catalog(knowledgeBase, store: Self.elders).show("elders") else {
            Issue.record("expected a taxonomy node")
            return
        }
        #expect(detail.entity.slug == "older-workers")
        var sink = StringSink()
        let summary = try Exporter(knowledgeBase, store: Self.elders).export("claims where cohort = elders", style: .csv, to: &sink)
        #expect(summary.claims > 0)
    }
}
