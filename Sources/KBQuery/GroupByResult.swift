import GRDB
import KBDomain
import KBStore

/// One group of a `group by` answer.
public struct GroupRow: Sendable, Equatable {
    /// The group's value for each group field, in the clause's order; nil is the `(none)` group.
    public var values: [String?]
    /// Claims (or sources) in the group.
    public var count: Int
    /// Distinct sources behind them.
    public var sources: Int
    public var bestGrade: Grade?
    public var medianStrength: Double?
    /// The sample sizes of the distinct studies behind the group, summed (nil: none known).
    public var totalN: Int?
    /// The share of the group's units that are pre-registered, and replicated (0…1).
    public var preregisteredShare: Double
    public var replicatedShare: Double

    public init(values: [String?], count: Int, sources: Int, bestGrade: Grade?, medianStrength: Double?, totalN: Int?,
                preregisteredShare: Double, replicatedShare: Double) {
        self.values = values
        self.count = count
        self.sources = sources
        self.bestGrade = bestGrade
        self.medianStrength = medianStrength
        self.totalN = totalN
        self.preregisteredShare = preregisteredShare
        self.replicatedShare = replicatedShare
    }

    /// The values as shown: `(none)` for a missing one.
    public var labels: [String] { values.map { $0 ?? GroupValue.none } }
}

/// A `group by` answer: the groups shown (at most the limit), and how many there are.
public struct GroupedOutcome: Sendable {
    public var compiled: GroupedQuery
    public var fields: [Field] { compiled.query.grouping.map(\.field) }
    public var rows: [GroupRow]
    /// Groups in all, without the limit.
    public var total: Int
    public var isTruncated: Bool { total > rows.count }
}

extension QueryEngine {
    /// Runs a query with a `group by` clause; `limit` (else the query's own) limits groups.
    /// - Throws: ``Diagnostic`` for query errors, and when the query has no `group by`.
    public func group(_ text: String, profile: ProfileSpec? = nil, limit: Int? = nil) throws -> GroupedOutcome {
        let query = try Parser.parse(text)
        return try knowledgeBase.reader.read { db in try Self.group(query, text: text, profile: profile, limit: limit, in: .sqlite(db, store: store)) }
    }

    /// ``group(_:text:profile:limit:in:)`` on an SQLite connection, through this engine's store.
    func group(_ query: Query, text: String, profile: ProfileSpec?, limit: Int?, in db: Database) throws -> GroupedOutcome {
        try Self.group(query, text: text, profile: profile, limit: limit, in: .sqlite(db, store: store))
    }

    /// Runs a grouped query in one read of any store (SQLite's, PostgreSQL's): the unit
    /// statement through the session's executor, names and links through its store.
    package static func group(_ query: Query, text: String, profile: ProfileSpec?, limit: Int?, in session: QueryReadSession) throws -> GroupedOutcome {
        guard !query.grouping.isEmpty else {
            throw Diagnostic(id: "query.expected-group", message: "expected a 'group by' clause", location: SourceLocation(file: "query", text: text, range: text.count..<text.count),
                             help: "e.g. claims group by cohort", input: .query)
        }
        let store = session.store
        let compiled = try GroupByCompiler(store: store, text: text).compile(query, profile: profile, limit: limit ?? query.limit)
        let keys = try GroupKeys(fields: query.grouping.map(\.field), store: store)
        if compiled.isAggregatedOnServer {
            let groups = try ServerGroups.read(compiled.statement, keys: compiled.keySources.count, in: session.executor)
            let (rows, total) = GroupAggregator.rows(groups, keys: keys, limit: compiled.limit)
            return GroupedOutcome(compiled: compiled, rows: rows, total: total)
        }
        var aggregator = GroupAggregator(keys: keys, sources: compiled.keySources)
        let source = UnitRowSource(session.executor)
        // A sources query's totals: of the selected sources only when they are few.
        var totals: SourceTotals?
        let selected: (([Int64]?) throws -> Void)? = query.target == .sources ? { totals = try SourceTotals(source, sources: $0) } : nil
        try LinkedUnitRows(sources: compiled.keySources).forEach(compiled.statement, in: source, store: store, selected: selected) { row, links in
            if aggregator.totals == nil, totals != nil { aggregator.totals = totals }
            aggregator.add(row, links: links)
        }
        let (rows, total) = aggregator.rows(limit: compiled.limit)
        return GroupedOutcome(compiled: compiled, rows: rows, total: total)
    }

    /// The parsed query, SQL, arguments and plan of a `group by` query, without running it.
    public func explainGrouped(_ text: String, profile: ProfileSpec? = nil, limit: Int? = nil) throws -> QueryExplanation {
        let parsed = try Parser.parse(text)
        return try knowledgeBase.reader.read { db in
            try Self.explainGrouped(parsed, text: text, profile: profile, limit: limit, store: store(db))
        }
    }

    /// A grouped query's explanation on any store (the store's own plan).
    package static func explainGrouped(_ parsed: Query, text: String, profile: ProfileSpec?, limit: Int?, store: any QueryStore) throws -> QueryExplanation {
        let compiled = try GroupByCompiler(store: store, text: text).compile(parsed, profile: profile, limit: limit ?? parsed.limit)
        return QueryExplanation(canonicalQuery: QueryPrinter.print(parsed), subjects: compiled.subjectLabels, reach: compiled.reach,
                                sql: compiled.sql, arguments: compiled.arguments.map(\.description),
                                plan: try store.queryPlan(sql: compiled.sql, arguments: compiled.arguments))
    }
}
