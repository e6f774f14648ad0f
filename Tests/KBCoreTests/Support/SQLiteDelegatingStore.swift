import KBDomain
@testable import KBStore

/// A test's ``QueryStore`` that answers every look-up as SQLite does (`sqlite`) except those it
/// implements itself: a store that knows another name, shows other labels, or counts its calls
/// writes only that one method.
protocol SQLiteDelegatingStore: QueryStore {
    var sqlite: SQLiteQueryStore { get }
}

extension SQLiteDelegatingStore {
    var dialect: any SQLDialect { sqlite.dialect }
    func entities(named name: String, kinds: [EntityKind]) throws -> [ResolvedEntity] { try sqlite.entities(named: name, kinds: kinds) }
    func suggestions(for name: String, kinds: [EntityKind], limit: Int) throws -> [String] { try sqlite.suggestions(for: name, kinds: kinds, limit: limit) }
    func withNarrower(_ ids: [Int64]) throws -> [Int64] { try sqlite.withNarrower(ids) }
    func withBoundaries(inJurisdictions ids: [Int64]) throws -> [Int64] { try sqlite.withBoundaries(inJurisdictions: ids) }
    func aliasKeys(of ids: [Int64]) throws -> [String] { try sqlite.aliasKeys(of: ids) }
    func sourceSlugs(near name: String, limit: Int) throws -> [String] { try sqlite.sourceSlugs(near: name, limit: limit) }
    func sourceExists(_ key: String) throws -> Bool { try sqlite.sourceExists(key) }
    func profileAndRoleSlugs() throws -> [String] { try sqlite.profileAndRoleSlugs() }
    func storedProfile(_ slug: String) throws -> ProfileSpec? { try sqlite.storedProfile(slug) }
    func skillNeighbours(of skillIDs: [Int64]) throws -> [Int64: [TaxonomyLink]] { try sqlite.skillNeighbours(of: skillIDs) }
    func roles(whereSkillsRecur skillIDs: [Int64]) throws -> [Int64: [TaxonomyLink]] { try sqlite.roles(whereSkillsRecur: skillIDs) }
    func roles(using skillID: Int64) throws -> [TaxonomyLink] { try sqlite.roles(using: skillID) }
    func neighbourRoles(of roleID: Int64) throws -> [TaxonomyLink] { try sqlite.neighbourRoles(of: roleID) }
    func skills(of roleID: Int64) throws -> [TaxonomyLink] { try sqlite.skills(of: roleID) }
    func nodes(of kind: EntityKind) throws -> [ResolvedEntity] { try sqlite.nodes(of: kind) }
    func distinctValues(of column: String, in table: String) throws -> [String] { try sqlite.distinctValues(of: column, in: table) }
    func claimLinks(of kind: EntityKind, claims: [Int64]?) throws -> ClaimLinks { try sqlite.claimLinks(of: kind, claims: claims) }
    func queryPlan(sql: String, arguments: [SQLValue]) throws -> [String] { try sqlite.queryPlan(sql: sql, arguments: arguments) }
}
