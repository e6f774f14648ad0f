import GRDB
import KBDomain

/// A taxonomy node found by name.
public struct ResolvedEntity: Sendable, Equatable, Hashable {
    public var id: Int64
    public var kind: EntityKind
    public var slug: String
    public var name: String

    package init(id: Int64, kind: EntityKind, slug: String, name: String) {
        self.id = id
        self.kind = kind
        self.slug = slug
        self.name = name
    }
}

/// The SQLite ``QueryStore``. Looks names up the way `for X` and `cohort=X` do: by slug, name
/// or alias, with case, accents and punctuation folded (`Older Workers`, `older_workers`,
/// `older` all find `older-workers`), and proposes the nearest names when nothing is found.
package struct SQLiteQueryStore: QueryStore {
    let db: Database

    package init(db: Database) { self.db = db }

    package var dialect: any SQLDialect { SQLiteDialect() }

    private func fetchRows(_ statement: SQLFragment) throws -> [Row] {
        try Row.fetchAll(db, sql: statement.sql, arguments: statement.statementArguments)
    }

    private func fetch<Value: DatabaseValueConvertible & StatementColumnConvertible>(_ type: Value.Type, _ statement: SQLFragment) throws -> [Value] {
        try Value.fetchAll(db, sql: statement.sql, arguments: statement.statementArguments)
    }

    package func sourceExists(_ key: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM source WHERE slug = ?) OR EXISTS (SELECT 1 FROM sourceKey WHERE key = ?)", arguments: [key, key]) == true
    }

    package func profileAndRoleSlugs() throws -> [String] {
        try String.fetchAll(db, sql: "SELECT slug FROM profile UNION SELECT slug FROM entity WHERE kind = 'role'")
    }

    package func storedProfile(_ slug: String) throws -> ProfileSpec? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT p.id, p.slug, p.name, r.slug AS role, c.slug AS cohort, b.slug AS boundary, d.slug AS band, j.slug AS jurisdiction
            FROM profile p
            LEFT JOIN entity r ON r.id = p.roleId LEFT JOIN entity c ON c.id = p.cohortId LEFT JOIN entity b ON b.id = p.boundaryId
            LEFT JOIN entity d ON d.id = p.bandId LEFT JOIN entity j ON j.id = p.jurisdictionId
            WHERE p.slug = ?
            """, arguments: [Slug.fold(slug)]) else { return nil }
        let skills = try Row.fetchAll(db, sql: """
            SELECT e.slug, ps.weight FROM profileSkill ps JOIN entity e ON e.id = ps.skillId WHERE ps.profileId = ? ORDER BY e.slug
            """, arguments: [row["id"] as Int64]).map { (name: $0["slug"] as String, weight: $0["weight"] as Double) }
        return ProfileSpec(name: row["slug"], role: row["role"], skills: skills, cohort: row["cohort"], boundary: row["boundary"],
                           band: row["band"], jurisdiction: row["jurisdiction"])
    }

    // The taxonomy walks of subject expansion: each link is the node at the edge's other end,
    // the edge's weight and kind.

    private static func link(_ row: Row) -> TaxonomyLink? {
        guard let kind = EntityKind(rawValue: row["kind"]) else { return nil }
        return TaxonomyLink(entity: ResolvedEntity(id: row["id"], kind: kind, slug: row["slug"], name: row["name"]), weight: row["weight"], edge: row["edge"])
    }

    private func links(_ sql: String, _ arguments: StatementArguments) throws -> [TaxonomyLink] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap(Self.link)
    }

    /// Links read for several nodes at once, each under the node it was read for (`node`, the
    /// statement's first column), in the statement's order.
    private func linksByNode(_ statement: SQLFragment) throws -> [Int64: [TaxonomyLink]] {
        var byNode: [Int64: [TaxonomyLink]] = [:]
        for row in try fetchRows(statement) {
            guard let link = Self.link(row) else { continue }
            byNode[row["node"] as Int64, default: []].append(link)
        }
        return byNode
    }

    package func skillNeighbours(of skillIDs: [Int64]) throws -> [Int64: [TaxonomyLink]] {
        guard !skillIDs.isEmpty else { return [:] }
        return try linksByNode("""
            SELECT g.fromId AS node, e.id, e.kind, e.slug, e.name, g.weight, g.kind AS edge FROM edge g JOIN entity e ON e.id = g.toId
            WHERE g.fromId IN \(list: skillIDs) AND g.kind IN ('adjacent', 'alongside')
            UNION
            SELECT g.toId, e.id, e.kind, e.slug, e.name, g.weight, g.kind FROM edge g JOIN entity e ON e.id = g.fromId
            WHERE g.toId IN \(list: skillIDs) AND g.kind IN ('adjacent', 'alongside')
            ORDER BY 1, 2, 6, 7
            """)
    }

    package func roles(whereSkillsRecur skillIDs: [Int64]) throws -> [Int64: [TaxonomyLink]] {
        guard !skillIDs.isEmpty else { return [:] }
        return try linksByNode("""
            SELECT g.fromId AS node, e.id, e.kind, e.slug, e.name, g.weight, g.kind AS edge FROM edge g JOIN entity e ON e.id = g.toId
            WHERE g.fromId IN \(list: skillIDs) AND g.kind = 'recurs-in' ORDER BY g.fromId, e.id
            """)
    }

    package func roles(using skillID: Int64) throws -> [TaxonomyLink] {
        try links("""
            SELECT e.id, e.kind, e.slug, e.name, g.weight, g.kind AS edge FROM edge g JOIN entity e ON e.id = g.fromId
            WHERE g.toId = ? AND g.kind = 'uses' ORDER BY e.id
            """, [skillID])
    }

    package func neighbourRoles(of roleID: Int64) throws -> [TaxonomyLink] {
        try links("""
            SELECT e.id, e.kind, e.slug, e.name, g.weight, g.kind AS edge FROM edge g JOIN entity e ON e.id = g.toId
            WHERE g.fromId = ? AND g.kind = 'neighbour'
            UNION
            SELECT e.id, e.kind, e.slug, e.name, g.weight, g.kind FROM edge g JOIN entity e ON e.id = g.fromId
            WHERE g.toId = ? AND g.kind = 'neighbour' ORDER BY 1
            """, [roleID, roleID])
    }

    package func skills(of roleID: Int64) throws -> [TaxonomyLink] {
        try links("""
            SELECT e.id, e.kind, e.slug, e.name, g.weight, g.kind AS edge FROM edge g JOIN entity e ON e.id = g.toId
            WHERE g.fromId = ? AND g.kind = 'uses' ORDER BY e.id
            """, [roleID])
    }

    package func queryPlan(sql: String, arguments: [SQLValue]) throws -> [String] {
        try QueryPlan.lines(sql: sql, arguments: StatementArguments(arguments), in: db)
    }

    package func entities(named name: String, kinds: [EntityKind]) throws -> [ResolvedEntity] {
        let key = Slug.fold(name)
        guard !key.isEmpty else { return [] }
        let rows = try fetchRows("""
            SELECT id, kind, slug, name FROM entity
            WHERE kind IN \(list: kinds.map(\.rawValue)) AND (slug = \(key) OR id IN (SELECT entityId FROM alias WHERE key = \(key)))
            ORDER BY kind, id
            """)
        return rows.compactMap { row in
            guard let kind = EntityKind(rawValue: row["kind"]) else { return nil }
            return ResolvedEntity(id: row["id"], kind: kind, slug: row["slug"], name: row["name"])
        }
    }

    func entity(id: Int64) throws -> ResolvedEntity? {
        try Row.fetchOne(db, sql: "SELECT id, kind, slug, name FROM entity WHERE id = ?", arguments: [id]).flatMap { row in
            EntityKind(rawValue: row["kind"]).map { ResolvedEntity(id: row["id"], kind: $0, slug: row["slug"], name: row["name"]) }
        }
    }

    /// Nearest slugs and aliases of the given kinds, as "'older' (older-workers)" or "'older-workers'".
    package func suggestions(for name: String, kinds: [EntityKind], limit: Int) throws -> [String] {
        let key = Slug.fold(name)
        let kindNames = kinds.map(\.rawValue)
        let rows = try fetchRows("""
            SELECT e.slug AS slug, e.slug AS key FROM entity e WHERE e.kind IN \(list: kindNames)
            UNION
            SELECT e.slug, a.key FROM alias a JOIN entity e ON e.id = a.entityId WHERE e.kind IN \(list: kindNames)
            """)
        var slugByKey: [String: String] = [:]
        for row in rows {
            let key: String = row["key"]
            if slugByKey[key] == nil { slugByKey[key] = row["slug"] }
        }
        var seen = Set<String>()
        return Suggestions.nearest(to: key.isEmpty ? name : key, in: slugByKey.keys.sorted(), limit: limit * 2).compactMap { near in
            guard let slug = slugByKey[near], seen.insert(slug).inserted else { return nil }
            return near == slug ? "'\(slug)'" : "'\(near)' (\(slug))"
        }.prefix(limit).map { $0 }
    }

    /// The node and every node reachable through `narrower` edges (recursive): an
    /// intersection cohort matches each cohort it is part of.
    package func withNarrower(_ ids: [Int64]) throws -> [Int64] {
        guard !ids.isEmpty else { return [] }
        return try Int64.fetchAll(db, sql: """
            WITH RECURSIVE down(id) AS (
                SELECT value FROM json_each(?)
                UNION
                SELECT e.toId FROM edge e JOIN down ON e.fromId = down.id WHERE e.kind = 'narrower'
            )
            SELECT id FROM down ORDER BY id
            """, arguments: ["[" + ids.map(String.init).joined(separator: ",") + "]"])
    }

    /// A jurisdiction and the boundaries that sit in it.
    package func withBoundaries(inJurisdictions ids: [Int64]) throws -> [Int64] {
        guard !ids.isEmpty else { return [] }
        let boundaries = try fetch(Int64.self, "SELECT fromId FROM edge WHERE kind = 'in-jurisdiction' AND toId IN \(list: ids)")
        return Array(Set(ids + boundaries)).sorted()
    }

    /// The folded names a jurisdiction goes by, to compare with study countries.
    package func aliasKeys(of ids: [Int64]) throws -> [String] {
        guard !ids.isEmpty else { return [] }
        return try fetch(String.self, """
            SELECT key FROM alias WHERE entityId IN \(list: ids)
            UNION SELECT slug FROM entity WHERE id IN \(list: ids) ORDER BY 1
            """)
    }

    package func nodes(of kind: EntityKind) throws -> [ResolvedEntity] {
        try Row.fetchAll(db, sql: "SELECT id, slug, name FROM entity WHERE kind = ? ORDER BY id", arguments: [kind.rawValue]).map {
            ResolvedEntity(id: $0["id"], kind: kind, slug: $0["slug"], name: $0["name"])
        }
    }

    package func distinctValues(of column: String, in table: String) throws -> [String] {
        try DatabaseValue.fetchAll(db, sql: "SELECT DISTINCT \(column) FROM \(table) WHERE \(column) IS NOT NULL ORDER BY 1").map { value in
            switch value.storage {
            case let .int64(number): String(number)
            case let .string(string): string
            default: value.description
            }
        }
    }

    package func claimLinks(of kind: EntityKind, claims: [Int64]?) throws -> ClaimLinks {
        var (claimIds, nodeIds) = ([Int64](), [Int64]())
        func read(_ sql: String, _ arguments: StatementArguments) throws {
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try cursor.next() {
                claimIds.append(row[0])
                nodeIds.append(row[1])
            }
        }
        guard let claims else {
            // Every link of the kind, by `claimAbout`'s key (entityId, claimId): one range per node.
            try read("SELECT claimId, entityId FROM claimAbout WHERE entityId IN (SELECT id FROM entity WHERE kind = ?)", [kind.rawValue])
            return ClaimLinks(claims: claimIds, nodes: nodeIds)
        }
        // A few claims' links, each claim's through `claimAboutByClaim`; the `+` keeps the node
        // list a filter (as an index constraint SQLite would probe once per node and claim).
        var start = 0
        while start < claims.count {
            let chunk = claims[start..<min(start + 500, claims.count)]
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            try read("SELECT claimId, entityId FROM claimAbout WHERE claimId IN (\(marks)) AND +entityId IN (SELECT id FROM entity WHERE kind = ?)",
                     StatementArguments(chunk.map(\.databaseValue) + [kind.rawValue.databaseValue]))
            start += chunk.count
        }
        return ClaimLinks(claims: claimIds, nodes: nodeIds)
    }

    package func sourceSlugs(near name: String, limit: Int) throws -> [String] {
        let prefix = String(Slug.fold(name).prefix(2))
        let candidates = try String.fetchAll(db, sql: "SELECT slug FROM source WHERE slug >= ? AND slug < ? LIMIT 5000",
                                             arguments: [prefix, prefix + "\u{10FFFF}"])
        return Suggestions.nearest(to: name, in: candidates, limit: limit)
    }
}

/// `(?, ?, …)` for `count` values: for the store's bulk readers, which prepare one statement
/// per chunk size and bind each chunk in turn (``GraphReader``). Statements built once use
/// ``SQLFragment``'s `\(list:)` instead, which keeps each value next to its placeholder.
func placeholders(_ count: Int) -> String {
    "(" + Array(repeating: "?", count: max(count, 0)).joined(separator: ", ") + ")"
}

/// SQLite's EXPLAIN QUERY PLAN as an indented tree.
enum QueryPlan {
    static func lines(sql: String, arguments: StatementArguments, in db: Database) throws -> [String] {
        let rows = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(sql)", arguments: arguments)
        var depth: [Int: Int] = [0: 0]
        return rows.map { row in
            let id: Int = row["id"]
            let parent: Int = row["parent"]
            let level = (depth[parent] ?? 0) + 1
            depth[id] = level
            return String(repeating: "  ", count: level - 1) + (row["detail"] as String)
        }
    }
}
