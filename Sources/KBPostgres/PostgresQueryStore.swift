import KBDomain
import KBStore

/// The PostgreSQL ``QueryStore``: SQLite's look-ups (``SQLiteQueryStore``) in PostgreSQL's SQL,
/// through a ``StatementExecutor`` on the connection the query runs on. Where the two differ:
/// a list of ids is one bound `bigint[]` (`unnest($1::bigint[])`, SQLite's `json_each(?)`), the
/// plan is PostgreSQL's EXPLAIN, and flags come back as 0/1 like SQLite's.
package struct PostgresQueryStore: QueryStore {
    let executor: any StatementExecutor

    package init(executor: any StatementExecutor) { self.executor = executor }

    package var dialect: any SQLDialect { PostgresDialect() }

    private func strings(_ statement: SQLFragment) throws -> [String] {
        try executor.rows(statement).compactMap { $0[0].string }
    }

    private func ids(_ statement: SQLFragment) throws -> [Int64] {
        try executor.rows(statement).compactMap { $0[0].int64 }
    }

    private static func entity(_ row: SQLRow, kind: EntityKind? = nil) -> ResolvedEntity? {
        guard let kind = kind ?? row.string("kind").flatMap(EntityKind.init(rawValue:)), let id = row.int64("id") else { return nil }
        return ResolvedEntity(id: id, kind: kind, slug: row.string("slug") ?? "", name: row.string("name") ?? "")
    }

    /// `ids` as one bound array value, `{1,2,3}`: cast to `bigint[]` where it is used.
    static func array(_ ids: [Int64]) -> String {
        "{" + ids.map(String.init).joined(separator: ",") + "}"
    }

    package func sourceExists(_ key: String) throws -> Bool {
        try executor.value("SELECT EXISTS (SELECT 1 FROM source WHERE slug = \(key)) OR EXISTS (SELECT 1 FROM sourceKey WHERE key = \(key))")?.int64 == 1
    }

    package func profileAndRoleSlugs() throws -> [String] {
        try strings("SELECT slug FROM profile UNION SELECT slug FROM entity WHERE kind = 'role'")
    }

    package func storedProfile(_ slug: String) throws -> ProfileSpec? {
        guard let row = try executor.rows("""
            SELECT p.id, p.slug, p.name, r.slug AS role, c.slug AS cohort, b.slug AS boundary, d.slug AS band, j.slug AS jurisdiction
            FROM profile p
            LEFT JOIN entity r ON r.id = p.roleId LEFT JOIN entity c ON c.id = p.cohortId LEFT JOIN entity b ON b.id = p.boundaryId
            LEFT JOIN entity d ON d.id = p.bandId LEFT JOIN entity j ON j.id = p.jurisdictionId
            WHERE p.slug = \(Slug.fold(slug))
            """).first, let id = row.int64("id") else { return nil }
        let skills = try executor.rows("""
            SELECT e.slug, ps.weight FROM profileSkill ps JOIN entity e ON e.id = ps.skillId WHERE ps.profileId = \(id) ORDER BY e.slug
            """).map { (name: $0.string("slug") ?? "", weight: $0.double("weight") ?? 0) }
        return ProfileSpec(name: row.string("slug") ?? slug, role: row.string("role"), skills: skills, cohort: row.string("cohort"),
                           boundary: row.string("boundary"), band: row.string("band"), jurisdiction: row.string("jurisdiction"))
    }

    private static func link(_ row: SQLRow) -> TaxonomyLink? {
        guard let entity = entity(row) else { return nil }
        return TaxonomyLink(entity: entity, weight: row.double("weight") ?? 0, edge: row.string("edge") ?? "")
    }

    private func links(_ statement: SQLFragment) throws -> [TaxonomyLink] {
        try executor.rows(statement).compactMap(Self.link)
    }

    /// Links read for several nodes at once, each under the node it was read for (`node`, the
    /// statement's first column), in the statement's order.
    private func linksByNode(_ statement: SQLFragment) throws -> [Int64: [TaxonomyLink]] {
        var byNode: [Int64: [TaxonomyLink]] = [:]
        for row in try executor.rows(statement) {
            guard let node = row.int64("node"), let link = Self.link(row) else { continue }
            byNode[node, default: []].append(link)
        }
        return byNode
    }

    package func skillNeighbours(of skillIDs: [Int64]) throws -> [Int64: [TaxonomyLink]] {
        guard !skillIDs.isEmpty else { return [:] }
        return try linksByNode("""
            SELECT g.fromId AS node, e.id, e.kind, e.slug, e.name, g.weight, g.kind AS edge FROM edge g JOIN entity e ON e.id = g.toId
            WHERE g.fromId = ANY(CAST(\(Self.array(skillIDs)) AS bigint[])) AND g.kind IN ('adjacent', 'alongside')
            UNION
            SELECT g.toId, e.id, e.kind, e.slug, e.name, g.weight, g.kind FROM edge g JOIN entity e ON e.id = g.fromId
            WHERE g.toId = ANY(CAST(\(Self.array(skillIDs)) AS bigint[])) AND g.kind IN ('adjacent', 'alongside')
            ORDER BY 1, 2, 6, 7
            """)
    }

    package func roles(whereSkillsRecur skillIDs: [Int64]) throws -> [Int64: [TaxonomyLink]] {
        guard !skillIDs.isEmpty else { return [:] }
        return try linksByNode("""
            SELECT g.fromId AS node, e.id, e.kind, e.slug, e.name, g.weight, g.kind AS edge FROM edge g JOIN entity e ON e.id = g.toId
            WHERE g.fromId = ANY(CAST(\(Self.array(skillIDs)) AS bigint[])) AND g.kind = 'recurs-in' ORDER BY g.fromId, e.id
            """)
    }

    package func roles(using skillID: Int64) throws -> [TaxonomyLink] {
        try links("""
            SELECT e.id, e.kind, e.slug, e.name, g.weight, g.kind AS edge FROM edge g JOIN entity e ON e.id = g.fromId
            WHERE g.toId = \(skillID) AND g.kind = 'uses' ORDER BY e.id
            """)
    }

    package func neighbourRoles(of roleID: Int64) throws -> [TaxonomyLink] {
        try links("""
            SELECT e.id, e.kind, e.slug, e.name, g.weight, g.kind AS edge FROM edge g JOIN entity e ON e.id = g.toId
            WHERE g.fromId = \(roleID) AND g.kind = 'neighbour'
            UNION
            SELECT e.id, e.kind, e.slug, e.name, g.weight, g.kind FROM edge g JOIN entity e ON e.id = g.fromId
            WHERE g.toId = \(roleID) AND g.kind = 'neighbour' ORDER BY 1
            """)
    }

    package func skills(of roleID: Int64) throws -> [TaxonomyLink] {
        try links("""
            SELECT e.id, e.kind, e.slug, e.name, g.weight, g.kind AS edge FROM edge g JOIN entity e ON e.id = g.toId
            WHERE g.fromId = \(roleID) AND g.kind = 'uses' ORDER BY e.id
            """)
    }

    /// PostgreSQL's EXPLAIN, one line per plan line (already indented by the server).
    package func queryPlan(sql: String, arguments: [SQLValue]) throws -> [String] {
        guard let statement = Self.explain(sql: sql, arguments: arguments) else { return Self.unplanned(sql: sql, arguments: arguments) }
        return try strings(statement)
    }

    /// The plan without parallel workers, as a bounded total runs (``PostgresExecutor/limitedRows(_:)``).
    package func limitedQueryPlan(sql: String, arguments: [SQLValue]) throws -> [String] {
        guard let statement = Self.explain(sql: sql, arguments: arguments) else { return Self.unplanned(sql: sql, arguments: arguments) }
        return try executor.limitedRows(statement).compactMap { $0[0].string }
    }

    /// `EXPLAIN sql` with each `?` placeholder taking its argument back in order; nil when they
    /// do not pair up.
    private static func explain(sql: String, arguments: [SQLValue]) -> SQLFragment? {
        var statement = SQLFragment(sql: "EXPLAIN ")
        var parts = sql.components(separatedBy: "?")
        guard parts.count == arguments.count + 1 else { return nil }
        statement += SQLFragment(sql: parts.removeFirst())
        for (argument, text) in zip(arguments, parts) {
            statement += "\(argument)"
            statement += SQLFragment(sql: text)
        }
        return statement
    }

    private static func unplanned(sql: String, arguments: [SQLValue]) -> [String] {
        ["(no plan: \(sql.components(separatedBy: "?").count - 1) placeholders, \(arguments.count) arguments)"]
    }

    package func entities(named name: String, kinds: [EntityKind]) throws -> [ResolvedEntity] {
        let key = Slug.fold(name)
        guard !key.isEmpty else { return [] }
        return try executor.rows("""
            SELECT id, kind, slug, name FROM entity
            WHERE kind IN \(list: kinds.map(\.rawValue)) AND (slug = \(key) OR id IN (SELECT entityId FROM alias WHERE key = \(key)))
            ORDER BY kind, id
            """).compactMap { Self.entity($0) }
    }

    package func suggestions(for name: String, kinds: [EntityKind], limit: Int) throws -> [String] {
        let key = Slug.fold(name)
        let kindNames = kinds.map(\.rawValue)
        var slugByKey: [String: String] = [:]
        for row in try executor.rows("""
            SELECT e.slug AS slug, e.slug AS key FROM entity e WHERE e.kind IN \(list: kindNames)
            UNION
            SELECT e.slug, a.key FROM alias a JOIN entity e ON e.id = a.entityId WHERE e.kind IN \(list: kindNames)
            """) {
            guard let key = row.string("key") else { continue }
            if slugByKey[key] == nil { slugByKey[key] = row.string("slug") }
        }
        var seen = Set<String>()
        return Suggestions.nearest(to: key.isEmpty ? name : key, in: slugByKey.keys.sorted(), limit: limit * 2).compactMap { near in
            guard let slug = slugByKey[near], seen.insert(slug).inserted else { return nil }
            return near == slug ? "'\(slug)'" : "'\(near)' (\(slug))"
        }.prefix(limit).map { $0 }
    }

    /// The nodes and every node reachable through `narrower` edges: a recursive CTE over one
    /// bound array of ids.
    package func withNarrower(_ ids: [Int64]) throws -> [Int64] {
        guard !ids.isEmpty else { return [] }
        return try self.ids("""
            WITH RECURSIVE down(id) AS (
                SELECT unnest(CAST(\(Self.array(ids)) AS bigint[]))
                UNION
                SELECT e.toId FROM edge e JOIN down ON e.fromId = down.id WHERE e.kind = 'narrower'
            )
            SELECT id FROM down ORDER BY id
            """)
    }

    package func withBoundaries(inJurisdictions ids: [Int64]) throws -> [Int64] {
        guard !ids.isEmpty else { return [] }
        let boundaries = try self.ids("SELECT fromId FROM edge WHERE kind = 'in-jurisdiction' AND toId IN \(list: ids)")
        return Array(Set(ids + boundaries)).sorted()
    }

    package func aliasKeys(of ids: [Int64]) throws -> [String] {
        guard !ids.isEmpty else { return [] }
        return try strings("""
            SELECT key FROM alias WHERE entityId IN \(list: ids)
            UNION SELECT slug FROM entity WHERE id IN \(list: ids) ORDER BY 1
            """)
    }

    package func nodes(of kind: EntityKind) throws -> [ResolvedEntity] {
        try executor.rows("SELECT id, slug, name FROM entity WHERE kind = \(kind.rawValue) ORDER BY id").compactMap { Self.entity($0, kind: kind) }
    }

    package func distinctValues(of column: String, in table: String) throws -> [String] {
        try strings(SQLFragment(sql: "SELECT DISTINCT \(column) FROM \(table) WHERE \(column) IS NOT NULL ORDER BY 1"))
    }

    package func claimLinks(of kind: EntityKind, claims: [Int64]?) throws -> ClaimLinks {
        var (claimIds, nodeIds) = ([Int64](), [Int64]())
        func read(_ statement: SQLFragment) throws {
            for row in try executor.rows(statement) {
                guard let claim = row[0].int64, let node = row[1].int64 else { continue }
                claimIds.append(claim)
                nodeIds.append(node)
            }
        }
        guard let claims else {
            try read("SELECT claimId, entityId FROM claimAbout WHERE entityId IN (SELECT id FROM entity WHERE kind = \(kind.rawValue)) ORDER BY entityId, claimId")
            return ClaimLinks(claims: claimIds, nodes: nodeIds)
        }
        try read("""
            SELECT claimId, entityId FROM claimAbout WHERE claimId = ANY(CAST(\(Self.array(claims)) AS bigint[]))
            AND entityId IN (SELECT id FROM entity WHERE kind = \(kind.rawValue)) ORDER BY claimId, entityId
            """)
        return ClaimLinks(claims: claimIds, nodes: nodeIds)
    }

    package func sourceSlugs(near name: String, limit: Int) throws -> [String] {
        let prefix = String(Slug.fold(name).prefix(2))
        let candidates = try strings("SELECT slug FROM source WHERE slug >= \(prefix) AND slug < \(prefix + "\u{10FFFF}") LIMIT 5000")
        return Suggestions.nearest(to: name, in: candidates, limit: limit)
    }
}
