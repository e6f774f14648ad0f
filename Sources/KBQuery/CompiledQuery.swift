import GRDB
import KBDomain
import KBStore

/// A query turned into one SQL statement with bound arguments, plus what ranking and
/// explanations need to know about how it was resolved.
public struct CompiledQuery: Sendable {
    public var query: Query
    /// The statement; every value in it is bound (a placeholder with its argument).
    public var statement: SQLFragment
    /// The taxonomy nodes the subjects reach, best first (empty without subjects).
    public var reach: [Reach]
    /// How the subjects were read: "role ml-platform-engineer (built-in profile: 6 skills)".
    public var subjectLabels: [String]
    /// The profile facets relevance rewards: (label, entity ids).
    public var facets: [(label: String, ids: [Int64])]
    public var hasTextRank: Bool
    /// Whether retracted sources are included (the query mentions `retracted`).
    public var includesRetracted: Bool
    public var limit: Int?
    /// The same query as one statement per relevance tier, best first, each ending `LIMIT ?`
    /// (see ``QueryCompiler/tieredClaimsStatements(_:)``); nil when it cannot be split.
    public var tiers: [Tier]?
    /// A claims query without subjects read from its strongest claims down
    /// (``StrengthRange``): ``QueryEngine`` tries it first; nil where strength is not the order.
    public var strengthRange: StrengthRange?
    /// `SELECT count(*)` of the rows `statement` returns without its limit (distinct sources
    /// for `citations`): the JSON's `total`, counted without ranking.
    public var countStatement: SQLFragment
    /// The rows `countStatement` counts (one per match), for a bounded total
    /// (``boundedCountStatement(atMost:)``).
    public var countedRows: SQLFragment

    /// One relevance tier's statement: the claims whose best relevance is `relevance`.
    public struct Tier: Sendable {
        public var statement: SQLFragment
        public var relevance: Double
        /// The same tier read by walking claims in strength order (nil when the order is not
        /// strength's within the tier): ``QueryEngine`` tries it first on large tiers.
        public var walk: StrengthWalk?

        public var sql: String { statement.sql }
        public var arguments: [SQLValue] { statement.arguments }
    }

    /// The statement's text, with `?` placeholders.
    public var sql: String { statement.sql }
    public var arguments: [SQLValue] { statement.arguments }
    public var countSQL: String { countStatement.sql }
    public var countArguments: [SQLValue] { countStatement.arguments }

    /// How many rows match, counted up to `bound` (``TotalCount``): a count of
    /// ``countedRows`` under `LIMIT bound`, which stops reading once `bound` are found.
    public func boundedCountStatement(atMost bound: Int) -> SQLFragment {
        "SELECT count(*) FROM (SELECT 1 AS matched FROM (\n\(countedRows)) AS matches LIMIT \(bound)) AS counted"
    }
}

extension CompiledQuery {
    /// The columns a compiled statement returns for each result — its contract with everything
    /// that reads it (``QueryEngine``, the exports, the audit). The compiler writes these names
    /// and the readers read through this type, so a renamed column fails to compile instead of
    /// reading NULL.
    public enum OutputColumn: String, ColumnExpression, Sendable, CaseIterable {
        /// The claim (claims and citations statements; sources statements have none).
        case claimId
        /// The claim's source (NULL for an unsourced claim), or the source itself.
        case sourceId
        /// How near the result is to the query's subjects (NULL for sources without subjects).
        case relevance
        /// The full-text factor (1.0 without text terms).
        case textFactor
        /// relevance × strength × text factor, what results are ranked by.
        case score

        public var name: String { rawValue }
    }

    /// The ids the statement returns in `column`, as a statement of their own (the compiled
    /// statement's arguments included), for `IN (…)` and `INSERT … SELECT`.
    public func selecting(_ column: OutputColumn) -> SQLFragment {
        "SELECT \(sql: column.name) FROM (\(statement)) AS selected"
    }

}
