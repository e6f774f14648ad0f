import GRDB

/// Runs queries end to end: parse → compile → execute → load details → explain ranks.
public struct QueryEngine: Sendable {
    public let knowledgeBase: KnowledgeBase

    public init(_ knowledgeBase: KnowledgeBase) {
        self.knowledgeBase = knowledgeBase
    }

    /// Runs `text`. `limit` overrides the query's own `limit`.
    /// - Throws: ``Diagnostic`` for query errors, ``KBError`` for unknown profiles.
    public func run(_ text: String, profile: ProfileSpec? = nil, limit: Int? = nil) throws -> QueryOutcome {
        let query = try Parser.parse(text)
        return try knowledgeBase.reader.read { db in
            try run(query, text: text, profile: profile, limit: limit, in: db)
        }
    }

    func run(_ query: Query, text: String, profile: ProfileSpec?, limit: Int?, in db: Database) throws -> QueryOutcome {
        let compiler = QueryCompiler(db: db, text: text)
        let requested = limit ?? query.limit
        switch query.target {
        case .claims:
            let compiled = try compiler.compile(query, profile: profile, limit: requested.map { $0 + 1 })
            let rows = try Self.claimRows(compiled, in: db)
            let shown = requested.map { Array(rows.prefix($0)) } ?? rows
            let results = try ClaimResultBuilder(db: db, compiled: compiled).build(shown)
            var outcome = QueryOutcome(compiled: compiled, rows: .claims(results), isTruncated: rows.count > shown.count)
            outcome.compiled.limit = requested
            if results.isEmpty { outcome.emptyHint = try emptyHint(query, text: text, profile: profile, in: db) }
            return outcome
        case .sources:
            let compiled = try compiler.compile(query, profile: profile, limit: requested.map { $0 + 1 })
            let rows = try Row.fetchAll(db, sql: compiled.sql, arguments: StatementArguments(compiled.arguments))
            let shown = requested.map { Array(rows.prefix($0)) } ?? rows
            let results = try SourceResultBuilder(db: db).build(shown)
            var outcome = QueryOutcome(compiled: compiled, rows: .sources(results), isTruncated: rows.count > shown.count)
            outcome.compiled.limit = requested
            if results.isEmpty { outcome.emptyHint = try emptyHint(query, text: text, profile: profile, in: db) }
            return outcome
        case .citations:
            // The distinct sources behind the matching claims, best claim first, then APA order.
            var claimsQuery = query
            claimsQuery.limit = nil
            let compiled = try compiler.compile(claimsQuery, profile: profile)
            var sourceIDs: [Int64] = []
            var seen = Set<Int64>()
            let cursor = try Row.fetchCursor(db, sql: "SELECT c.sourceId FROM (\(compiled.sql)) r JOIN claim c ON c.id = r.claimId WHERE c.sourceId IS NOT NULL",
                                             arguments: StatementArguments(compiled.arguments))
            while let row = try cursor.next() {
                let id: Int64 = row[0]
                if seen.insert(id).inserted { sourceIDs.append(id) }
            }
            let shownIDs = requested.map { Array(sourceIDs.prefix($0)) } ?? sourceIDs
            let sources = try GraphReader(db: db).sources(ids: shownIDs)
            let ordered = shownIDs.compactMap { sources[$0] }
            let references = APAStyle.references(for: ordered)
            var outcome = QueryOutcome(compiled: compiled, rows: .citations(references.map { ($0.source, $0.reference) }),
                                       isTruncated: sourceIDs.count > shownIDs.count)
            outcome.compiled.limit = requested
            if ordered.isEmpty { outcome.emptyHint = try emptyHint(query, text: text, profile: profile, in: db) }
            return outcome
        }
    }

    /// The query's rows, tier by tier when it has tiers: each tier's best rows (at most the
    /// limit) are taken in turn, and the next tier is read only while it could still place a
    /// row. Ordered by relevance first, that is while the limit is not filled; ordered by score
    /// (relevance × strength × text factor, strength at most 1), while the limit-th best score so
    /// far is below the next tier's relevance. The rows are those of the single statement.
    static func claimRows(_ compiled: CompiledQuery, in db: Database) throws -> [Row] {
        guard let tiers = compiled.tiers, let wanted = compiled.limit, wanted > 0 else {
            return try Row.fetchAll(db, sql: compiled.sql, arguments: StatementArguments(compiled.arguments))
        }
        let byRelevance = compiled.query.ranking.first?.key == .relevance
        var rows: [Row] = []
        for (index, tier) in tiers.enumerated() {
            rows += try Row.fetchAll(db, sql: tier.sql, arguments: StatementArguments(tier.arguments))
            if !byRelevance {
                // Score order across tiers; within one tier the statement's order stands (stable sort).
                rows = rows.enumerated().sorted { lhs, rhs in
                    let (a, b) = (lhs.element, rhs.element)
                    let (scoreA, scoreB): (Double, Double) = (a["score"], b["score"])
                    if scoreA != scoreB { return scoreA > scoreB }
                    let (relevanceA, relevanceB): (Double, Double) = (a["relevance"], b["relevance"])
                    if relevanceA != relevanceB { return relevanceA > relevanceB }
                    return lhs.offset < rhs.offset
                }.map(\.element)
                if rows.count > wanted { rows.removeLast(rows.count - wanted) }
            }
            guard rows.count >= wanted, index + 1 < tiers.count else { continue }
            if byRelevance { break }
            let threshold: Double = rows[wanted - 1]["score"]
            if threshold >= tiers[index + 1].relevance { break }
        }
        return Array(rows.prefix(wanted))
    }

    /// "without 'cohort = older-workers' (the last filter), 3 claims would match".
    func emptyHint(_ query: Query, text: String, profile: ProfileSpec?, in db: Database) throws -> String? {
        let noun = query.target == .sources ? "sources" : query.target == .citations ? "citations" : "claims"
        guard let condition = query.condition else {
            return query.subjects.isEmpty ? "the knowledge base has no \(noun) yet" : "nothing in the knowledge base is linked to \(query.subjects.map(\.name).joined(separator: ", "))"
        }
        var conjuncts = condition.conjuncts
        let dropped = conjuncts.removeLast()
        var relaxed = query
        relaxed.condition = Condition.conjunction(conjuncts)
        relaxed.limit = nil
        let compiled = try QueryCompiler(db: db, text: text).compile(relaxed, profile: profile)
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(compiled.sql))", arguments: StatementArguments(compiled.arguments)) ?? 0
        let filter = QueryPrinter.print(dropped)
        if count > 0 {
            return "without '\(filter)' (the last filter) \(count) \(count == 1 ? String(noun.dropLast()) : noun) would match: \(QueryPrinter.print(relaxed))"
        }
        return "nothing matches even without '\(filter)' (the last filter)"
    }

    /// The parsed query, SQL, arguments and SQLite's plan, without running the query.
    public func explain(_ text: String, profile: ProfileSpec? = nil, limit: Int? = nil) throws -> QueryExplanation {
        let query = try Parser.parse(text)
        return try knowledgeBase.reader.read { db in
            let compiled = try QueryCompiler(db: db, text: text).compile(query, profile: profile, limit: limit ?? query.limit)
            return QueryExplanation(canonicalQuery: QueryPrinter.print(query), subjects: compiled.subjectLabels, reach: compiled.reach,
                                    sql: compiled.sql, arguments: compiled.arguments.map(\.description),
                                    plan: try QueryPlan.lines(sql: compiled.sql, arguments: StatementArguments(compiled.arguments), in: db))
        }
    }
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

extension QueryEngine {
    /// A profile by name: a stored profile, else a role's built-in profile.
    public func profile(named name: String) throws -> ProfileSpec {
        try knowledgeBase.reader.read { db in
            let resolver = SubjectResolver(db: db, text: name)
            if let stored = try resolver.storedProfile(name) { return stored }
            if let role = try NameResolver(db: db).entities(named: name, kinds: [.role]).first {
                return ProfileSpec(name: role.slug, role: role.slug)
            }
            let candidates = try String.fetchAll(db, sql: "SELECT slug FROM profile UNION SELECT slug FROM entity WHERE kind = 'role'")
            throw KBError.notFound(what: "profile or role", name: name, suggestions: Suggestions.nearest(to: name, in: candidates))
        }
    }
}
