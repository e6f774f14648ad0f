import GRDB
import KBDomain

/// What the query compiler asks of a database besides running the statement it builds: name
/// and alias look-ups with suggestions, the taxonomy walks of subject expansion, taxonomy closure
/// for jurisdictions and narrower nodes, stored profiles, the SQL dialect's engine-specific
/// pieces, and the query plan for `--explain`. SQLite (``SQLiteQueryStore``) is the only store
/// today; a PostgreSQL one (DESIGN §13) would be a second conformance, leaving the compiler alone:
/// the compiler never builds a store itself, it is handed one (``QueryStoreFactory``).
package protocol QueryStore {
    /// Full-text match and rank, folding, "nulls last".
    var dialect: any SQLDialect { get }

    /// The nodes of `kinds` whose slug, name or alias folds to `name`'s fold.
    func entities(named name: String, kinds: [EntityKind]) throws -> [ResolvedEntity]
    /// The nearest slugs of `kinds` to `name`, for a did-you-mean.
    func suggestions(for name: String, kinds: [EntityKind], limit: Int) throws -> [String]
    /// `ids` and every node narrower than one of them.
    func withNarrower(_ ids: [Int64]) throws -> [Int64]
    /// `ids` and the boundaries that apply in those jurisdictions.
    func withBoundaries(inJurisdictions ids: [Int64]) throws -> [Int64]
    /// The folded alias keys of `ids`.
    func aliasKeys(of ids: [Int64]) throws -> [String]
    /// Source slugs near `name`, for a did-you-mean.
    func sourceSlugs(near name: String, limit: Int) throws -> [String]
    /// Whether a source has `key` as its slug or as one of its citation keys.
    func sourceExists(_ key: String) throws -> Bool
    /// Every stored profile's and role's slug: the names `profile:X` and `--profile X` take,
    /// and so the candidates of their did-you-mean.
    func profileAndRoleSlugs() throws -> [String]
    /// The stored profile `slug` (folded), as its names; nil when there is none.
    func storedProfile(_ slug: String) throws -> ProfileSpec?
    /// For each of `skillIDs`, the skills adjacent to or alongside it, in either direction, by
    /// id: one statement for a role's skills, not one per skill (a round trip each on a server).
    func skillNeighbours(of skillIDs: [Int64]) throws -> [Int64: [TaxonomyLink]]
    /// For each of `skillIDs`, the roles it recurs in, by id; one statement for them all.
    func roles(whereSkillsRecur skillIDs: [Int64]) throws -> [Int64: [TaxonomyLink]]
    /// The roles that use `skillID`, by id.
    func roles(using skillID: Int64) throws -> [TaxonomyLink]
    /// The roles neighbouring `roleID`, in either direction, by id.
    func neighbourRoles(of roleID: Int64) throws -> [TaxonomyLink]
    /// The skills a role uses, with their weights (its built-in profile), by id.
    func skills(of roleID: Int64) throws -> [TaxonomyLink]
    /// Every node of `kind`, in the order the taxonomy defined them (a gap map's axis; the
    /// names of the node ids a `group by` reads).
    func nodes(of kind: EntityKind) throws -> [ResolvedEntity]
    /// The distinct non-null values of `column` (an expression over `table`'s alias), sorted: the
    /// axis of a gap map over a field without a vocabulary.
    func distinctValues(of column: String, in table: String) throws -> [String]
    /// The links of `claims` (every claim's when nil) to the nodes of `kind`: read once and
    /// joined in memory by `group by`, `kb map` and facets (``ClaimLinks``).
    func claimLinks(of kind: EntityKind, claims: [Int64]?) throws -> ClaimLinks
    /// How the database would run `sql`, one line per step, indented by depth.
    func queryPlan(sql: String, arguments: [SQLValue]) throws -> [String]
    /// The plan of a statement the executor runs as limited (``StatementExecutor/limitedRows(_:)``:
    /// a bounded total), planned as it runs. ``queryPlan(sql:arguments:)`` by default.
    func limitedQueryPlan(sql: String, arguments: [SQLValue]) throws -> [String]
}

extension QueryStore {
    package func suggestions(for name: String, kinds: [EntityKind]) throws -> [String] {
        try suggestions(for: name, kinds: kinds, limit: 3)
    }

    package func sourceSlugs(near name: String) throws -> [String] {
        try sourceSlugs(near: name, limit: 3)
    }

    package func limitedQueryPlan(sql: String, arguments: [SQLValue]) throws -> [String] {
        try queryPlan(sql: sql, arguments: arguments)
    }

    /// Skills adjacent to or alongside `skillID`, in either direction, by id.
    package func skillNeighbours(of skillID: Int64) throws -> [TaxonomyLink] {
        try skillNeighbours(of: [skillID])[skillID] ?? []
    }

    /// The roles `skillID` recurs in, by id.
    package func roles(whereSkillRecurs skillID: Int64) throws -> [TaxonomyLink] {
        try roles(whereSkillsRecur: [skillID])[skillID] ?? []
    }
}

/// A taxonomy node reached over one edge: the node, the edge's weight and its kind
/// (`adjacent`, `alongside`, `recurs-in`, `uses`, `neighbour`).
package struct TaxonomyLink: Sendable, Equatable {
    package var entity: ResolvedEntity
    package var weight: Double
    package var edge: String

    package init(entity: ResolvedEntity, weight: Double, edge: String) {
        self.entity = entity
        self.weight = weight
        self.edge = edge
    }
}

/// Gives the query compiler its store for a connection (a store reads through the connection the
/// query runs on, inside its snapshot). Whoever opens the knowledge base picks the store
/// (``KnowledgeBase/queryStore``, passed on by the facade); the query engine and catalog only
/// call it, so a second store never touches them.
public struct QueryStoreFactory: Sendable {
    private let make: @Sendable (Database) -> any QueryStore

    package init(_ make: @escaping @Sendable (Database) -> any QueryStore) {
        self.make = make
    }

    package func callAsFunction(_ db: Database) -> any QueryStore { make(db) }

    /// ``SQLiteQueryStore``, the store of every knowledge base kb opens today.
    public static let sqlite = QueryStoreFactory { SQLiteQueryStore(db: $0) }
}

extension KnowledgeBase {
    /// The store the query compiler reads this knowledge base through.
    public var queryStore: QueryStoreFactory { .sqlite }
}
