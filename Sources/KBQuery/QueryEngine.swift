import GRDB
import KBDomain
import KBStore

private typealias Out = CompiledQuery.OutputColumn

/// Runs queries end to end: parse → compile → execute → load details → explain ranks.
public struct QueryEngine: Sendable {
    public let knowledgeBase: KnowledgeBase
    /// The store the compiler reads names, taxonomy and profiles through.
    public let store: QueryStoreFactory

    /// An engine over `knowledgeBase`, reading it through `store` (by default the knowledge
    /// base's own, ``KnowledgeBase/queryStore``).
    public init(_ knowledgeBase: KnowledgeBase, store: QueryStoreFactory? = nil) {
        self.knowledgeBase = knowledgeBase
        self.store = store ?? knowledgeBase.queryStore
    }

    /// Runs `text`. `limit` overrides the query's own `limit`; `total` says how far the total
    /// is counted. `countBeside`: a total the limit cuts off is counted on a second connection
    /// to the file, in the read's snapshot, while the ranked rows are read (``SQLiteSideReads``;
    /// a one-off command's query, and only where it pays: ``countsBeside(_:profile:limit:)``).
    /// - Throws: ``Diagnostic`` for query errors, ``KBError`` for unknown profiles.
    public func run(_ text: String, profile: ProfileSpec? = nil, limit: Int? = nil, total: TotalCount = .exact,
                    countBeside: Bool = false) throws -> QueryOutcome {
        let query = try Parser.parse(text)
        let side = countBeside && Self.countsBeside(query, profile: profile, limit: limit) ? SQLiteSideReads.beside(knowledgeBase) : nil
        defer { side?.finish() }
        side?.begin()
        return try knowledgeBase.reader.read { db in
            let session = QueryReadSession.sqlite(db, store: store)
            let sideReads: SQLiteSideReads? = side?.isSameSnapshot(db) == true ? side : nil
            return try Self.run(query, text: text, profile: profile, limit: limit, total: total,
                                in: QueryReadSession(executor: session.executor, store: session.store, graph: session.graph, sideReads: sideReads))
        }
    }

    /// Whether `query` counts its cut-off total beside its rows: a claims query with a limit, a
    /// subject (`for`, or a profile) and a condition. The side costs about 3 ms (a second
    /// connection, with a page cache of its own, cold), and wins only where the count reads what
    /// the ranked read does not: a walked subject's members tested against a condition beyond the
    /// walk's window (at 1M, the subject query 42 → 41 ms median, role-0000's women query 64 → 60;
    /// at 10M the count is about 16 ms). Where the ranked read reads every match (a text search,
    /// a condition without a subject) or the count stops early (a subject without a condition,
    /// a sources query), the read's own connection counts faster in the pages it has just read:
    /// the full-text query at 1M took 26.4 ms without the side and 30.3 with it (BENCHMARKS.md,
    /// "The side count where it pays").
    static func countsBeside(_ query: Query, profile: ProfileSpec?, limit: Int?) -> Bool {
        guard limit ?? query.limit != nil, query.target == .claims, query.condition != nil else { return false }
        return !query.subjects.isEmpty || profile != nil
    }

    /// Runs a parsed query in one read of any store (SQLite's, PostgreSQL's): the statements go
    /// through the session's executor, names through its store, records through its reader.
    package static func run(_ query: Query, text: String, profile: ProfileSpec?, limit: Int?, total counting: TotalCount = .exact,
                            in session: QueryReadSession) throws -> QueryOutcome {
        let requested = limit ?? query.limit
        var outcome: QueryOutcome
        switch query.target {
        case .claims:
            let compiled = try QueryCompiler(store: session.store, text: text).compile(query, profile: profile, limit: requested.map { $0 + 1 })
            let early = Self.startTotal(compiled, limit: requested, counting: counting, in: session)
            let rows = try Self.claimRows(compiled, in: session.executor)
            let shown = requested.map { Array(rows.prefix($0)) } ?? rows
            let results = try ClaimResultBuilder(graph: session.graph, compiled: compiled).build(shown)
            let total = try Self.total(compiled, shown: shown.count, truncated: rows.count > shown.count, counting: counting, early: early,
                                       in: session.executor)
            outcome = QueryOutcome(compiled: compiled, rows: .claims(results), isTruncated: rows.count > shown.count,
                                   total: total.count, isTotalExact: total.isExact)
        case .sources:
            let compiled = try QueryCompiler(store: session.store, text: text).compile(query, profile: profile, limit: requested.map { $0 + 1 })
            let early = Self.startTotal(compiled, limit: requested, counting: counting, in: session)
            let rows = try session.executor.rows(compiled.statement)
            let shown = requested.map { Array(rows.prefix($0)) } ?? rows
            let results = try SourceResultBuilder(executor: session.executor, graph: session.graph).build(shown)
            let total = try Self.total(compiled, shown: shown.count, truncated: rows.count > shown.count, counting: counting, early: early,
                                       in: session.executor)
            outcome = QueryOutcome(compiled: compiled, rows: .sources(results), isTruncated: rows.count > shown.count,
                                   total: total.count, isTotalExact: total.isExact)
        case .citations:
            let selection = try Self.citedSources(query, text: text, profile: profile, limit: requested, total: counting,
                                                  store: session.store, in: session.executor)
            let sources = try session.graph.sources(ids: selection.ids)
            let rank = Dictionary(selection.ids.enumerated().map { ($0.element, $0.offset + 1) }, uniquingKeysWith: { first, _ in first })
            // Shown as a reference list: APA order, each entry with the rank of the source's best claim.
            let references = APAStyle.references(for: selection.ids.compactMap { sources[$0] })
            outcome = QueryOutcome(compiled: selection.compiled,
                                   rows: .citations(references.map { (rank: $0.source.id.flatMap { rank[$0] } ?? 0, source: $0.source, reference: $0.reference) }),
                                   isTruncated: !selection.isTotalExact || selection.total > selection.ids.count,
                                   total: selection.total, isTotalExact: selection.isTotalExact)
        }
        // As asked: a citations query is compiled as its claims, without the limit.
        outcome.compiled.query = query
        outcome.compiled.limit = requested
        if outcome.count == 0 { outcome.emptyHint = try emptyHint(query, text: text, profile: profile, counting: counting, in: session) }
        return outcome
    }

    /// The sources a query's answer cites, and how many it would cite without the limit — the
    /// one selection `kb query` shows and `kb export` writes, so both give the same sources.
    ///
    /// - `citations`: the distinct sources of the matching claims, each ranked where its best
    ///   claim ranks under the query's ordering (for `rank by year`, that is the source's year),
    ///   best first; then the limit, which counts sources, not claims.
    /// - `sources`: the query's sources, in rank order, limited.
    /// - `claims`: the sources of the claims the query shows (the limit counts claims), in the
    ///   order of their first claim.
    package struct CitedSources {
        package var compiled: CompiledQuery
        /// Source ids, best first.
        package var ids: [Int64]
        /// For `citations` and `sources`: how many match without the limit (a lower bound when
        /// `isTotalExact` is false).
        package var total: Int
        package var isTotalExact = true
    }

    package static func citedSources(_ query: Query, text: String, profile: ProfileSpec?, limit: Int?, store: any QueryStore,
                                      in db: Database) throws -> CitedSources {
        try citedSources(query, text: text, profile: profile, limit: limit, total: .exact, store: store, in: SQLiteStatementExecutor(db: db))
    }

    package static func citedSources(_ query: Query, text: String, profile: ProfileSpec?, limit: Int?, total counting: TotalCount = .exact,
                                      store: any QueryStore, in executor: any StatementExecutor) throws -> CitedSources {
        let compiler = QueryCompiler(store: store, text: text)
        switch query.target {
        case .citations:
            var claimsQuery = query
            claimsQuery.limit = nil
            let compiled = try compiler.compile(claimsQuery, profile: profile)
            var ids: [Int64] = []
            var seen = Set<Int64>()
            // The claims in rank order, read directly: a join around the ranked statement would
            // let SQLite return them in any order.
            try executor.forEachRow(compiled.statement) { row in
                guard let id = row.int64(Out.sourceId.name) else { return true }
                if seen.insert(id).inserted {
                    ids.append(id)
                    if let limit, ids.count > limit { return false }
                }
                return true
            }
            let truncated = limit.map { ids.count > $0 } ?? false
            let shown = limit.map { Array(ids.prefix($0)) } ?? ids
            let total = try total(compiled, shown: shown.count, truncated: truncated, counting: counting, in: executor)
            return CitedSources(compiled: compiled, ids: shown, total: total.count, isTotalExact: total.isExact)
        case .sources:
            let compiled = try compiler.compile(query, profile: profile, limit: limit.map { $0 + 1 })
            let ids = try executor.rows(compiled.selecting(.sourceId)).compactMap { $0[0].int64 }
            let shown = limit.map { Array(ids.prefix($0)) } ?? ids
            let total = try total(compiled, shown: shown.count, truncated: ids.count > shown.count, counting: counting, in: executor)
            return CitedSources(compiled: compiled, ids: shown, total: total.count, isTotalExact: total.isExact)
        case .claims:
            let compiled = try compiler.compile(query, profile: profile, limit: limit)
            var ids: [Int64] = []
            var seen = Set<Int64>()
            for row in try claimRows(compiled, in: executor) {
                if let id = row.int64(Out.sourceId.name), seen.insert(id).inserted { ids.append(id) }
            }
            return CitedSources(compiled: compiled, ids: ids, total: ids.count)
        }
    }

    /// How many rows the query matches without its limit: `shown` when nothing was cut off,
    /// else the compiled count statement (no ranking, the same filters) — every match, or up to
    /// the bound (at least as many as shown): one more row is counted, so exactly the bound's
    /// matches are exact, and more give the bound with `isExact` false ("more than 1000"). An
    /// inexact total may equal the rows shown: "more than" says the answer goes on.
    ///
    /// `early`: the same count, started on the session's other connection before the rows were
    /// read (``startTotal(_:limit:counting:in:)``); used when the answer was cut off (then
    /// `shown` is the limit it was started with), and counted here again if it failed there.
    static func total(_ compiled: CompiledQuery, shown: Int, truncated: Bool, counting: TotalCount, early: (any PendingValue)? = nil,
                      in executor: any StatementExecutor) throws -> (count: Int, isExact: Bool) {
        guard truncated else { return (shown, true) }
        let counted = (try? early?.value())?.int64.map(Int.init)
        guard let bound = counting.bound(shown: shown) else {
            return (try counted ?? executor.value(compiled.countStatement)?.int64.map(Int.init) ?? shown, true)
        }
        let count = try counted ?? executor.limitedValue(compiled.boundedCountStatement(atMost: bound + 1))?.int64.map(Int.init) ?? shown
        return count > bound ? (bound, false) : (count, true)
    }

    /// The total of a query whose answer the limit may cut off, started on the session's other
    /// connection (``SideReads``) before its rows are read, so that the server counts while it
    /// ranks: the statement ``total(_:shown:truncated:counting:early:in:)`` runs when the answer
    /// is cut off (then exactly `limit` rows are shown). Nil without a limit or another connection.
    static func startTotal(_ compiled: CompiledQuery, limit: Int?, counting: TotalCount, in session: QueryReadSession) -> (any PendingValue)? {
        guard let limit, let side = session.sideReads else { return nil }
        guard let bound = counting.bound(shown: limit) else { return side.start(compiled.countStatement, limited: false) }
        return side.start(compiled.boundedCountStatement(atMost: bound + 1), limited: true)
    }

    /// The query's rows, tier by tier when it has tiers: each tier's best rows (at most the
    /// limit) are taken in turn, and the next tier is read only while it could still place a
    /// row. Claims with a source come before unsourced ones in every order (README, "Ranking"),
    /// so a tier is skipped only once the limit is filled with sourced claims and — ordered by
    /// score (relevance × strength × text factor, strength at most 1) — the limit-th best score
    /// so far is at least the next tier's relevance. The rows are those of the single statement.
    ///
    /// A large tier is read by walking its claims in strength order when that gives its order
    /// (``StrengthWalk``; `walk` says how far), so the rows it leaves unread are never visited;
    /// a query without subjects, from its strongest claims down (``StrengthRange``; `range`).
    static func claimRows(_ compiled: CompiledQuery, walk: StrengthWalk.Settings = .standard, range: StrengthRange.Settings = .standard,
                          in executor: any StatementExecutor) throws -> [SQLRow] {
        if let strengthRange = compiled.strengthRange, let wanted = compiled.limit,
           let rows = try strengthRange.rows(wanted: wanted, settings: range, in: executor) {
            return Array(rows.prefix(wanted))
        }
        guard let tiers = compiled.tiers, let wanted = compiled.limit, wanted > 0 else {
            return try executor.rows(compiled.statement)
        }
        let byRelevance = compiled.query.ranking.first?.key == .relevance
        var rows: [SQLRow] = []
        for (index, tier) in tiers.enumerated() {
            rows += try tier.walk?.rows(wanted: wanted, settings: walk, in: executor) ?? executor.rows(tier.statement)
            // The statement's order across tiers; within one tier the statement's order stands
            // (a stable sort: equal relevance means the same tier).
            rows = rows.enumerated().sorted { lhs, rhs in
                let (a, b) = (lhs.element, rhs.element)
                let (sourcedA, sourcedB) = (!a[Out.sourceId.name].isNull, !b[Out.sourceId.name].isNull)
                let (relevanceA, relevanceB) = (a.double(Out.relevance.name) ?? 0, b.double(Out.relevance.name) ?? 0)
                if byRelevance, relevanceA != relevanceB { return relevanceA > relevanceB }
                if sourcedA != sourcedB { return sourcedA }
                let (scoreA, scoreB) = (a.double(Out.score.name) ?? 0, b.double(Out.score.name) ?? 0)
                if scoreA != scoreB { return scoreA > scoreB }
                if relevanceA != relevanceB { return relevanceA > relevanceB }
                return lhs.offset < rhs.offset
            }.map(\.element)
            if rows.count > wanted { rows.removeLast(rows.count - wanted) }
            guard rows.count >= wanted, index + 1 < tiers.count else { continue }
            if byRelevance { break }
            guard !rows[wanted - 1][Out.sourceId.name].isNull else { continue }
            let threshold = rows[wanted - 1].double(Out.score.name) ?? 0
            if threshold >= tiers[index + 1].relevance { break }
        }
        return Array(rows.prefix(wanted))
    }

    /// "without 'cohort = older-workers' (the last filter) 3 claims would match (kb query …)".
    ///
    /// Its counts are counted as the query's own total is (`counting`): up to the bound, and
    /// "more than" past it. Counted exactly, a search word with no match at 1M claims spent
    /// 0.44 s counting the million claims the hint names (and seconds at 10M), where the query
    /// itself took 12 ms.
    static func emptyHint(_ query: Query, text: String, profile: ProfileSpec?, counting: TotalCount = .exact,
                          in session: QueryReadSession) throws -> String? {
        let noun = query.target == .sources ? "sources" : query.target == .citations ? "citations" : "claims"
        // Retracted evidence is left out unless the query names `retracted` (DESIGN §4): when it
        // is all that matches, dropping a filter would not help, and the hint says so.
        let namesRetracted = query.condition?.predicates().contains { $0.0.field == .retracted } ?? false
        if !namesRetracted, try hasRetractions(in: session.executor) {
            var retracted = query
            let flag = Condition.predicate(Predicate(.flag(.retracted)))
            retracted.condition = query.condition.map { .and($0, flag) } ?? flag
            retracted.limit = nil
            let compiled = try QueryCompiler(store: session.store, text: text).compile(retracted, profile: profile)
            let matched = try hintCount(compiled, counting: counting, in: session.executor)
            if matched.count > 0 {
                let what = !matched.isExact ? "retracted \(noun) match, more than \(matched.count) of them"
                    : matched.count == 1 ? "1 retracted \(noun.dropLast()) matches" : "\(matched.count) retracted \(noun) match"
                // The query as typed (its limit too) with `and retracted`; only the count left the limit out.
                var suggested = retracted
                suggested.limit = query.limit
                return "only \(what); retracted evidence is left out unless the query names it: kb query \(ShellWord.quoted(QueryPrinter.print(suggested)))"
            }
        }
        guard let condition = query.condition else {
            guard !query.subjects.isEmpty else { return "the knowledge base has no \(noun) yet" }
            let names = query.subjects.map(\.name).joined(separator: ", ")
            // `X direct` or `X within N hops`: what following every link would find.
            if query.subjects.contains(where: { $0.maxHops != nil }) {
                var unbounded = query
                unbounded.subjects = query.subjects.map { subject in
                    var all = subject
                    all.maxHops = nil
                    return all
                }
                unbounded.limit = nil
                let compiled = try QueryCompiler(store: session.store, text: text).compile(unbounded, profile: profile)
                let matched = try hintCount(compiled, counting: counting, in: session.executor)
                if matched.count > 0 {
                    // The bound as written ("direct", "within 1 hop"); without it the query also
                    // finds economy-wide claims, so the hint names what it drops, not "every link".
                    let bound = query.subjects.count == 1 ? query.subjects[0].maxHops.map { $0 == 0 ? "direct" : "within \($0) \($0 == 1 ? "hop" : "hops")" }
                        : nil
                    let within = bound.map { $0 == "direct" ? "directly" : $0 } ?? "within the hops asked"
                    return "nothing is linked to \(names) \(within); without \(bound.map { "'\($0)'" } ?? "the subjects' hop bounds") "
                        + "\(phrase(matched, noun)) would match (kb query \(ShellWord.quoted(QueryPrinter.print(unbounded))))"
                }
            }
            return "nothing in the knowledge base is linked to \(names)"
        }
        var conjuncts = condition.conjuncts
        let dropped = conjuncts.removeLast()
        var relaxed = query
        relaxed.condition = Condition.conjunction(conjuncts)
        relaxed.limit = nil
        let compiled = try QueryCompiler(store: session.store, text: text).compile(relaxed, profile: profile)
        let matched = try hintCount(compiled, counting: counting, in: session.executor)
        let filter = QueryPrinter.print(dropped)
        if matched.count > 0 {
            return "without '\(filter)' (the last filter) \(phrase(matched, noun)) would match (kb query \(ShellWord.quoted(QueryPrinter.print(relaxed))))"
        }
        return "nothing matches even without '\(filter)' (the last filter)"
    }

    /// "3 claims", "1 claim", "more than 1000 claims".
    private static func phrase(_ matched: (count: Int, isExact: Bool), _ noun: String) -> String {
        matched.isExact ? "\(matched.count) \(matched.count == 1 ? String(noun.dropLast()) : noun)" : "more than \(matched.count) \(noun)"
    }

    /// Whether any source has a retraction notice: without one, no claim is left out as
    /// retracted, and the hint need not count them (at 1M claims, an empty subject query spent
    /// half its 3 s counting retracted claims in a KB that had none).
    private static func hasRetractions(in executor: any StatementExecutor) throws -> Bool {
        let any: SQLFragment = "SELECT count(*) FROM (SELECT 1 FROM notice WHERE kind = 'retraction' LIMIT 1) AS anyRetraction"
        return (try executor.value(any)?.int64 ?? 0) > 0
    }

    /// How many `compiled` matches, for a hint: counted as ``total(_:shown:truncated:counting:early:in:)``
    /// counts a cut-off answer's total (every match, or up to the bound: `isExact` false past it).
    private static func hintCount(_ compiled: CompiledQuery, counting: TotalCount,
                                  in executor: any StatementExecutor) throws -> (count: Int, isExact: Bool) {
        try total(compiled, shown: 0, truncated: true, counting: counting, in: executor)
    }

    /// The parsed query, SQL, arguments and SQLite's plan, without running the query.
    public func explain(_ text: String, profile: ProfileSpec? = nil, limit: Int? = nil, total: TotalCount = .exact) throws -> QueryExplanation {
        let parsed = try Parser.parse(text)
        if !parsed.grouping.isEmpty { return try explainGrouped(text, profile: profile, limit: limit) }
        return try knowledgeBase.reader.read { db in
            try Self.explain(parsed, text: text, profile: profile, limit: limit, total: total, store: store(db))
        }
    }

    /// An ungrouped query's explanation on any store (the store's own plan): what
    /// ``explain(_:profile:limit:)`` shows, for a store read through a ``QueryReadSession``.
    package static func explain(_ parsed: Query, text: String, profile: ProfileSpec?, limit: Int?, total: TotalCount = .exact,
                                store: any QueryStore) throws -> QueryExplanation {
        var query = parsed
        var limit = limit ?? query.limit
        let shown = limit
        if query.target == .citations {
            // As `run` executes it: every matching claim, ranked; the limit counts sources.
            (query.limit, limit) = (nil, nil)
        }
        let compiled = try QueryCompiler(store: store, text: text).compile(query, profile: profile, limit: limit)
        // The count as `run` would run it when the answer is cut off at the limit.
        let bound = total.bound(shown: shown ?? 0)
        let count = bound.map { compiled.boundedCountStatement(atMost: $0 + 1) } ?? compiled.countStatement
        return QueryExplanation(canonicalQuery: QueryPrinter.print(parsed), subjects: compiled.subjectLabels, reach: compiled.reach,
                                sql: compiled.sql, arguments: compiled.arguments.map(\.description),
                                plan: try store.queryPlan(sql: compiled.sql, arguments: compiled.arguments),
                                count: (count.sql, count.arguments.map(\.description),
                                        try bound == nil ? store.queryPlan(sql: count.sql, arguments: count.arguments)
                                            : store.limitedQueryPlan(sql: count.sql, arguments: count.arguments)), countBound: bound)
    }
}

extension QueryEngine {
    /// A profile by name: a stored profile, else a role's built-in profile.
    public func profile(named name: String) throws -> ProfileSpec {
        try knowledgeBase.reader.read { db in
            let store = store(db)
            if let stored = try store.storedProfile(name) { return stored }
            if let role = try store.entities(named: name, kinds: [.role]).first {
                return ProfileSpec(name: role.slug, role: role.slug)
            }
            throw KBError.notFound(what: "profile or role", name: name, suggestions: Suggestions.nearest(to: name, in: try store.profileAndRoleSlugs()))
        }
    }
}
