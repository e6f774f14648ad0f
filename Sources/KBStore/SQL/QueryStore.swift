import GRDB
import KBDomain

/// What the query compiler asks of a database besides running the statement it builds: name
/// and alias look-ups with suggestions, taxonomy closure for jurisdictions and narrower nodes,
/// the SQL dialect's engine-specific pieces, and the query plan for `--explain`. SQLite
/// (``SQLiteQueryStore``) is the only store today; a PostgreSQL one (DESIGN §13) would be a
/// second conformance, leaving the compiler alone.
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
    /// Every stored profile's and role's slug, for a did-you-mean on `profile:X`.
    func profileAndRoleSlugs() throws -> [String]
    /// How the database would run `sql`, one line per step, indented by depth.
    func queryPlan(sql: String, arguments: [DatabaseValue]) throws -> [String]
}

extension QueryStore {
    package func suggestions(for name: String, kinds: [EntityKind]) throws -> [String] {
        try suggestions(for: name, kinds: kinds, limit: 3)
    }

    package func sourceSlugs(near name: String) throws -> [String] {
        try sourceSlugs(near: name, limit: 3)
    }
}
