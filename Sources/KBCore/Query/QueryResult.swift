/// One ranked claim with its evidence, citation and the reasons for its rank.
public struct ClaimResult: Sendable {
    public var rank: Int
    public var score: Double
    public var relevance: Double
    public var claim: Claim
    public var source: Source?
    public var study: Study?
    public var strength: Double
    public var grade: Grade
    public var isRetracted: Bool
    public var why: [WhyFactor]
}

/// One source with what its studies and claims say about its evidence.
public struct SourceResult: Sendable {
    public var rank: Int
    public var score: Double?
    public var source: Source
    public var studies: [Study]
    public var claimCount: Int
    public var bestGrade: Grade?
}

/// What a query returned.
public struct QueryOutcome: Sendable {
    public enum Rows: Sendable {
        case claims([ClaimResult])
        case sources([SourceResult])
        /// APA reference list entries, in APA order, with their sources.
        case citations([(source: Source, reference: StyledText)])
    }

    public var compiled: CompiledQuery
    public var rows: Rows
    /// True when more rows exist beyond the limit.
    public var isTruncated: Bool
    /// For an empty result: what dropping the last filter would return.
    public var emptyHint: String?

    public var count: Int {
        switch rows {
        case let .claims(rows): rows.count
        case let .sources(rows): rows.count
        case let .citations(rows): rows.count
        }
    }
}

/// `--explain`: the parsed query, the SQL with its arguments and SQLite's plan.
public struct QueryExplanation: Sendable {
    public var canonicalQuery: String
    public var subjects: [String]
    public var reach: [Reach]
    public var sql: String
    public var arguments: [String]
    /// EXPLAIN QUERY PLAN rows as an indented tree.
    public var plan: [String]
}
