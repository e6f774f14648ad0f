import KBDomain

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

    package init(rank: Int, score: Double, relevance: Double, claim: Claim, source: Source?, study: Study?, strength: Double, grade: Grade, isRetracted: Bool, why: [WhyFactor]) {
        self.rank = rank
        self.score = score
        self.relevance = relevance
        self.claim = claim
        self.source = source
        self.study = study
        self.strength = strength
        self.grade = grade
        self.isRetracted = isRetracted
        self.why = why
    }
}

/// One source with what its studies and claims say about its evidence.
public struct SourceResult: Sendable {
    public var rank: Int
    public var score: Double?
    public var source: Source
    public var studies: [Study]
    public var claimCount: Int
    public var bestGrade: Grade?

    package init(rank: Int, score: Double?, source: Source, studies: [Study], claimCount: Int, bestGrade: Grade?) {
        self.rank = rank
        self.score = score
        self.source = source
        self.studies = studies
        self.claimCount = claimCount
        self.bestGrade = bestGrade
    }
}

/// What a query returned.
public struct QueryOutcome: Sendable {
    public enum Rows: Sendable {
        case claims([ClaimResult])
        case sources([SourceResult])
        /// APA reference list entries, in APA order, with their sources and each source's rank
        /// (1 = the source of the best claim; see ``QueryEngine/CitedSources``).
        case citations([(rank: Int, source: Source, reference: StyledText)])
    }

    public var compiled: CompiledQuery
    public var rows: Rows
    /// True when more rows exist beyond the limit.
    public var isTruncated: Bool
    /// How many rows match without the limit (`count` when not truncated); when
    /// ``isTotalExact`` is false, more than this many match (counting stopped past the bound,
    /// ``TotalCount``).
    public var total: Int
    /// False when more than `total` rows match: the count went past its bound.
    public var isTotalExact: Bool
    /// For an empty result: what dropping the last filter would return.
    public var emptyHint: String?

    public init(compiled: CompiledQuery, rows: Rows, isTruncated: Bool, total: Int, isTotalExact: Bool = true, emptyHint: String? = nil) {
        self.compiled = compiled
        self.rows = rows
        self.isTruncated = isTruncated
        self.total = total
        self.isTotalExact = isTotalExact
        self.emptyHint = emptyHint
    }

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
    /// The second statement a query runs when its limit cuts the answer off: the count behind
    /// "showing the first 20 of 511" (the same candidates and filters, no ranking). Nil for a
    /// `group by`, which counts in its one statement.
    public var count: (sql: String, arguments: [String], plan: [String])?
    /// How far that count goes (``TotalCount``): up to this many matches, and one more to tell
    /// "more than" this many; nil when it counts every match (`--exact-total`).
    public var countBound: Int? = nil
}
