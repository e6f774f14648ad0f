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
}
