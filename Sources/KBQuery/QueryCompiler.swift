import KBDomain
import KBStore

/// Compiles a parsed ``Query`` into one SQL statement whose values are all bound arguments.
///
/// Names are resolved first (subjects, cohorts, sources...), so an unknown name is a
/// ``Diagnostic`` pointing at it. Subjects are expanded through the taxonomy in Swift (see
/// ``RelevanceModel``), and the statement then finds claims through `claimAbout`'s primary key and
/// the economy-wide index: a subject query never scans every claim.
///
/// The statement returns, per result, `claimId` and its `sourceId` (or only `sourceId`),
/// `relevance`, `textFactor` and `score`, ordered and limited; ``QueryEngine`` then loads the
/// details of those rows. A second statement counts what the first would return without its
/// limit (`total`), without ranking anything.
public struct QueryCompiler {
    private typealias Out = CompiledQuery.OutputColumn
    /// Everything the compiler asks of the database: names, taxonomy, profiles, the dialect.
    let store: any QueryStore
    let text: String
    var dialect: any SQLDialect
    /// Where `@NAME` in a condition finds saved queries.
    var savedQueries = SavedQueryCatalog.standard

    package init(store: any QueryStore, text: String) {
        self.store = store
        self.text = text
        self.dialect = store.dialect
    }

    /// - Parameter profile: a profile given with `--profile`; its skill weights apply to its
    ///   role and its facets to every result.
    /// - Throws: ``Diagnostic`` for names that resolve to nothing and values of the wrong type.
    public func compile(_ written: Query, profile: ProfileSpec? = nil, limit: Int? = nil) throws -> CompiledQuery {
        try expandingSavedConditions(written) { query in
            try GroupField.requireNoGrouping(query, text: text)
            return try statements(select(query, profile: profile, limit: limit))
        }
    }

    /// `body` over the query with every `@NAME` replaced by its saved condition; an error in a
    /// pasted condition points at its `@NAME`.
    func expandingSavedConditions<T>(_ written: Query, _ body: (Query) throws -> T) throws -> T {
        let saved = SavedConditions(text: text, catalog: savedQueries)
        do {
            return try body(try saved.expand(written))
        } catch let problem as Diagnostic {
            throw saved.locate(problem, in: written)
        }
    }

    /// What a query selects, before any statement is built: its subjects (bounded as written)
    /// and the nodes they reach, the profile's facets, the condition, the full-text pattern and
    /// the retraction rule. The ranked statements and `group by` are both built from it, so a
    /// grouped query counts exactly what the ungrouped one lists.
    struct Selection {
        var parts: Parts
        var subjects: [ResolvedSubject]
        var query: Query
        var includesRetracted: Bool
    }

    func select(_ query: Query, profile: ProfileSpec?, limit: Int?) throws -> Selection {
        let resolver = SubjectResolver(store: store, text: text)
        var subjectQuery = query
        var roleFromProfile: String?
        if subjectQuery.subjects.isEmpty, let role = profile?.role {
            subjectQuery.subjects = [Subject(name: role)]
            roleFromProfile = role
        }
        let subjects: [ResolvedSubject]
        do {
            subjects = try resolver.resolve(subjectQuery.subjects, profile: profile).bounded(by: subjectQuery.subjects)
        } catch let diagnostic as Diagnostic where diagnostic.id == "query.unknown-subject" {
            if let role = roleFromProfile, let profile { try Self.locateUnknownRole(role, of: profile, resolver: resolver) }
            throw diagnostic
        }
        // A profile file's role is checked when the query names its own subjects too: a
        // misspelt role was ignored silently there. One look-up, for a profile with a role; a
        // role that names a skill runs as before.
        if roleFromProfile == nil, let profile, let role = profile.role, try store.entities(named: role, kinds: [.role, .skill]).isEmpty {
            try Self.locateUnknownRole(role, of: profile, resolver: resolver)
        }
        var facets = try profile.map { try resolver.facets(of: $0) } ?? []
        for subject in subjectQuery.subjects where subject.isProfile {
            if let stored = try resolver.storedProfile(subject.name) { facets += try resolver.facets(of: stored) }
        }
        let reach = try SubjectExpander(store: store).expand(subjects)
        var predicates = PredicateCompiler(store: store, text: text, dialect: dialect)
        if query.target != .sources { predicates.sourceID = "c.sourceId" }
        let condition = try query.condition.map { try self.condition($0, target: query.target, predicates: predicates) }
        let mentionsRetracted = query.condition?.predicates().contains { $0.0.field == .retracted } ?? false
        let textTerms = query.condition?.predicates().compactMap { predicate, negated -> (String, Range<Int>)? in
            if case let .text(phrase) = predicate.kind, !negated { return (phrase, predicate.range) }
            return nil
        } ?? []
        let textPattern = try Self.anyOf(textTerms.map { (try predicates.pattern($0.0, at: $0.1), $0.1) }, text: text, join: dialect.textPattern(raw:))
        var parts = Parts(reach: reach, facets: facets, textPattern: textPattern,
                          condition: BoundedReach.restrict(condition, reach: reach, subjects: subjects, target: query.target),
                          excludeRetracted: !mentionsRetracted, ranking: query.ranking, limit: limit ?? query.limit,
                          hasSubjects: !subjects.isEmpty)
        parts.reachesEconomyWide = !subjects.allSatisfy { $0.maxHops != nil }
        if query.target != .sources, !subjects.isEmpty, let written = query.condition {
            // The strength walk's form (``StrengthWalk``); "about a reached node" needs no
            // restriction there: a walked tier's claims are about one of its reached nodes.
            var probing = predicates
            probing.probesEntityLinks = true
            let probeCondition = try self.condition(written, target: query.target, predicates: probing)
            parts.probeCondition = probeCondition
            parts.requiredLinks = try written.conjuncts.compactMap { conjunct -> SQLFragment? in
                guard case let .predicate(predicate) = conjunct else { return nil }
                return try predicates.entityLinks(predicate)
            }
            parts.requiredLinkProbes = try written.conjuncts.compactMap { conjunct -> SQLFragment? in
                guard case let .predicate(predicate) = conjunct else { return nil }
                return try predicates.entityLinkProbe(predicate, claim: "a.claimId")
            }
            if !parts.requiredLinks.isEmpty {
                parts.countCondition = BoundedReach.restrict(probeCondition, reach: reach, subjects: subjects, target: query.target)
            }
        } else if query.target == .claims, let written = query.condition {
            // The strength range's form (``StrengthRange``): entity links probed per claim of the range.
            var probing = predicates
            probing.probesEntityLinks = true
            parts.rangeCondition = try self.condition(written, target: query.target, predicates: probing)
        }
        return Selection(parts: parts, subjects: subjects, query: query, includesRetracted: mentionsRetracted)
    }

    /// A profile file's unknown role, reported where the file writes it with the nearest names,
    /// not at the query's first column (the query does not name it). Returns for a profile
    /// that is not a file (its role has no place to point at).
    private static func locateUnknownRole(_ role: String, of profile: ProfileSpec, resolver: SubjectResolver) throws {
        guard profile.location(of: .role, role) != nil else { return }
        _ = try resolver.entity(role, kind: .role, in: profile)
    }

    /// The ranked statement, its count and its tiers for a selection.
    private func statements(_ selection: Selection) -> CompiledQuery {
        let (parts, query) = (selection.parts, selection.query)
        let sql: SQLFragment = switch query.target {
        case .claims, .citations: claimsStatement(parts)
        case .sources: sourcesStatement(parts)
        }
        let count = countStatement(parts, target: query.target)
        var compiled = CompiledQuery(query: query, statement: sql, reach: parts.reach, subjectLabels: selection.subjects.map(\.label),
                                     facets: parts.facets, hasTextRank: parts.textPattern != nil, includesRetracted: selection.includesRetracted,
                                     limit: parts.limit, countStatement: count, countedRows: countedRows(parts, target: query.target))
        if query.target == .claims, let tiers = tieredClaimsStatements(parts) {
            compiled.tiers = tiers.map { CompiledQuery.Tier(statement: $0.statement, relevance: $0.relevance, walk: $0.walk) }
        }
        if query.target == .claims { compiled.strengthRange = strengthRange(parts) }
        return compiled
    }

    /// The full-text pattern matching any of the searched phrases (the text factor of ranking),
    /// nil for none: `(a) OR (b) OR (c)`, flat, since SQLite's FTS5 parser overflows its stack
    /// on a few hundred nested parentheses but takes thousands of flat alternatives. Each
    /// phrase's pattern is valid alone, so joining them should never fail; if SQLite ever
    /// rejects the joined pattern, that is a ``Diagnostic`` with a caret at the first phrase
    /// that could not be added (found by halving), never a ranking that silently forgets some
    /// phrases. `join` validates a raw pattern (a parameter so a test can make it fail).
    static func anyOf(_ terms: [(pattern: TextPattern, range: Range<Int>)], text: String,
                      join: (String) throws -> TextPattern) throws -> TextPattern? {
        guard let first = terms.first else { return nil }
        guard terms.count > 1 else { return first.pattern }
        func joined(_ count: Int) throws -> TextPattern {
            try join(terms.prefix(count).map { "(\($0.pattern.rawPattern))" }.joined(separator: " OR "))
        }
        let failure: any Error
        do {
            return try joined(terms.count)
        } catch {
            failure = error
        }
        // The smallest prefix SQLite rejects: prefixes up to `valid` are accepted, `rejected` is not.
        var valid = 1, rejected = terms.count, reason = failure
        while rejected - valid > 1 {
            let middle = (valid + rejected) / 2
            do {
                _ = try joined(middle)
                valid = middle
            } catch {
                rejected = middle
                reason = error
            }
        }
        throw Diagnostic(id: "query.search-pattern", message: "cannot search for this together with the searches before it",
                         location: SourceLocation(file: "query", text: text, range: terms[rejected - 1].range),
                         help: "SQLite rejected the combined full-text pattern (\(reason)); search for it in a query of its own", input: .query)
    }

    struct Parts {
        var reach: [Reach]
        var facets: [(label: String, ids: [Int64])]
        var textPattern: TextPattern?
        var condition: SQLFragment?
        var excludeRetracted: Bool
        var ranking: [RankKey]
        var limit: Int?
        var hasSubjects: Bool
        /// `condition` with "about an entity" as a probe per claim, for the strength walk's
        /// statements (``PredicateCompiler/probesEntityLinks``) and the bounded total's walk over
        /// the reached links (``streamedReachedClaims(_:)``, which needs no "about a reached node"
        /// restriction: it reads only reached links); nil without a condition.
        var probeCondition: SQLFragment?
        /// `condition` with entity links probed per claim, for a claims query without subjects
        /// (``strengthRange(_:)``); nil without a condition.
        var rangeCondition: SQLFragment?
        /// The claims of the condition's top-level "about one of these" factors
        /// (``PredicateCompiler/entityLinks(_:)``): every answer is among each. The count keeps
        /// only the reached claims among them before it reads a claim's row.
        var requiredLinks: [SQLFragment] = []
        /// The count's condition when `requiredLinks` keep its candidates few: `condition` with
        /// entity links probed per claim (gathering the cohort's every claim again would cost
        /// more than probing the few kept). Nil: `condition`.
        var countCondition: SQLFragment?
        /// Whether economy-wide claims answer the subjects (some subject is unbounded; see
        /// ``BoundedReach``).
        var reachesEconomyWide = true
        /// `requiredLinks` as probes of the walked link's claim (`a.claimId`), tested before the
        /// claim's row is read.
        var requiredLinkProbes: [SQLFragment] = []
    }

    // MARK: Conditions

    /// A condition for the given target: on claims every field applies directly; on sources a
    /// claim- or study-level predicate matches a source when any of its claims or studies does.
    func condition(_ condition: Condition, target: Target, predicates: PredicateCompiler) throws -> SQLFragment {
        switch condition {
        // A chain of `and`s (or of `or`s) is written as one chain, not one pair of parentheses
        // per operator (see ``Swift/Array/chained(_:)``).
        case .and:
            return try condition.conjuncts.map { try self.condition($0, target: target, predicates: predicates) }.chained("AND")
        case .or:
            return try condition.disjuncts.map { try self.condition($0, target: target, predicates: predicates) }.chained("OR")
        case let .not(inner):
            // Unknown values make a comparison NULL; `not` treats them as "not true".
            return dialect.notTrue(try self.condition(inner, target: target, predicates: predicates))
        case let .predicate(predicate):
            let body = try predicates.compile(predicate)
            guard target == .sources else { return body }
            if case let .text(phrase) = predicate.kind {
                let pattern = try predicates.pattern(phrase, at: predicate.range)
                return "(s.id IN (SELECT c.sourceId FROM claim c WHERE \(dialect.claimTextMatch("c.id", pattern: pattern))) OR \(dialect.sourceTextMatch("s.id", pattern: pattern)))"
            }
            switch predicate.field?.level {
            case .study?:
                return "s.id IN (SELECT st.sourceId FROM study st WHERE \(body))"
            case .claim?:
                // Per source, through its claims (`claimBySource`), not `s.id IN (claims matching
                // …)`: a broad predicate (`replication=unknown`, 60% of the claims) made SQLite
                // read every matching claim's row in index order before the first source, 1.4 s
                // at 1M; this reads a source's few claims, and an `or` stops at the first term
                // that holds. The same sources either way (`SourceClaimConditionTests`).
                return "EXISTS (SELECT 1 FROM claim c LEFT JOIN study st ON st.id = c.studyId WHERE c.sourceId = s.id AND \(body))"
            default:
                return body
            }
        }
    }

    // MARK: Statements

    /// `WITH reach … hit … best …`: the claims the subjects reach, each with its best relevance.
    ///
    /// `among`: sets of claim ids (``Parts/requiredLinks``) a reached claim must be in to be
    /// kept — for a count whose condition requires them anyway, so that it reads the rows of
    /// the reached claims about the cohort (79,000 at 10M), not of every reached claim (930,000).
    func candidates(_ parts: Parts, among: [SQLFragment] = []) -> SQLFragment {
        let values = parts.reach.map { reach -> SQLFragment in "(\(reach.entityID), \(reach.relevance))" }
        let kept: SQLFragment = among.isEmpty ? "" : " WHERE " + among.map { "claimId IN (\($0))" }.joined(separator: " AND ")
        return """
            WITH reach(entityId, relevance) AS (VALUES \(values.joined(separator: ", "))),
            hit(claimId, relevance) AS (
                SELECT a.claimId, r.relevance FROM reach r JOIN claimAbout a ON a.entityId = r.entityId
                UNION ALL
                SELECT e.id, \(sql: "\(RelevanceModel.economyWide)") FROM claim e WHERE e.isEconomyWide = 1
            ),
            best(claimId, relevance) AS (SELECT claimId, max(relevance) FROM hit\(kept) GROUP BY claimId)

            """
    }

    /// 0.75 + 0.25 × (matched facets ÷ facets), or nil without profile facets.
    func facetFactor(_ parts: Parts) -> SQLFragment? {
        guard !parts.facets.isEmpty else { return nil }
        let sum = parts.facets.map { facet -> SQLFragment in dialect.asNumber("c.id IN (SELECT claimId FROM claimAbout WHERE entityId IN \(list: facet.ids))") }
        return "(\(sql: "\(RelevanceModel.facetFloor)") + \(sql: "\(1 - RelevanceModel.facetFloor)") * (\(sum.joined(separator: " + "))) / \(sql: "\(parts.facets.count)").0)"
    }

    func claimsStatement(_ parts: Parts) -> SQLFragment {
        let base = SQLFragment(sql: parts.hasSubjects ? "best.relevance" : "1.0")
        let relevance = facetFactor(parts).map { "\(base) * \($0)" } ?? base
        return (parts.hasSubjects ? candidates(parts) : "")
            + claimsSelect(parts, relevance: relevance, from: SQLFragment(sql: parts.hasSubjects ? "FROM best JOIN claim c ON c.id = best.claimId\n" : "FROM claim c\n"))
    }

    /// A ranked query over subjects with a limit, as one statement per relevance tier, best tier
    /// first: each finds the claims whose best relevance is that tier's (about one of its nodes,
    /// about none of a better tier's), so that when the first tiers fill the limit the rest of
    /// what the subjects reach — often most of the KB — is never read (``QueryEngine`` decides
    /// when to stop: see `claimRows`). Nil when the order starts with something other than
    /// relevance or score, or profile facets scale relevance.
    func tieredClaimsStatements(_ parts: Parts) -> [(statement: SQLFragment, relevance: Double, walk: StrengthWalk?)]? {
        guard parts.hasSubjects, parts.facets.isEmpty, parts.limit != nil,
              parts.ranking.isEmpty || (parts.ranking.first?.key == .relevance && parts.ranking.first?.isDescending == true) else { return nil }
        var best: [Int64: Double] = [:]
        for reach in parts.reach { best[reach.entityID] = max(best[reach.entityID] ?? 0, reach.relevance) }
        let economyWide = RelevanceModel.economyWide
        let tiers = Set(Array(best.values) + [economyWide]).sorted(by: >)
        return tiers.map { tier in
            let here = best.filter { $0.value == tier }.map(\.key).sorted()
            let higher = best.filter { $0.value > tier }.map(\.key).sorted()
            var candidates: [SQLFragment] = []
            if !here.isEmpty { candidates.append("SELECT claimId FROM claimAbout WHERE entityId IN \(list: here)") }
            if tier == economyWide { candidates.append("SELECT id FROM claim WHERE isEconomyWide = 1") }
            let from: SQLFragment = "FROM claim c\n"
            var filters: [SQLFragment] = ["c.id IN (\(candidates.joined(separator: " UNION ")))"]
            if !higher.isEmpty {
                filters.append("NOT EXISTS (SELECT 1 FROM claimAbout x WHERE x.claimId = c.id AND x.entityId IN \(list: higher))")
            }
            if tier < economyWide { filters.append("c.isEconomyWide = 0") }
            let statement = claimsSelect(parts, relevance: SQLFragment(sql: "\(tier)"), from: from, extraFilters: filters)
            return (statement, tier, strengthWalk(parts, tier: tier, here: here, filters: Array(filters.dropFirst())))
        }
    }

    /// A tier's ``StrengthWalk``: its statement over the walk's window, with "about an entity"
    /// probed per claim. Nil where strength does not give the tier's order — full-text terms
    /// (the text factor scales the score), a `rank by` beyond relevance — and for the
    /// economy-wide tier (its claims are not all about a node: the claim's own flag).
    func strengthWalk(_ parts: Parts, tier: Double, here: [Int64], filters: [SQLFragment]) -> StrengthWalk? {
        guard !here.isEmpty, tier != RelevanceModel.economyWide, parts.textPattern == nil, parts.facets.isEmpty,
              parts.ranking.isEmpty || (parts.ranking.count == 1 && parts.ranking[0].key == .relevance && parts.ranking[0].isDescending) else { return nil }
        var probing = parts
        probing.condition = parts.probeCondition
        let rows = claimsSelect(probing, relevance: SQLFragment(sql: "\(tier)"), from: "FROM claim c\n",
                                extraFilters: ["c.id IN (SELECT id FROM walkWindow)"] + filters)
        return StrengthWalk(members: "SELECT claimId FROM claimAbout WHERE entityId IN \(list: here)", rows: rows,
                            inOneStatement: dialect.walksStrengthInOneStatement)
    }

    /// A claims query's ``StrengthRange``: its statement over a window of claims and over the
    /// claims at least as strong as a floor, read through the strength index, entity links
    /// probed per claim (as the strength walk's). Nil with subjects (``strengthWalk(_:tier:here:filters:)``
    /// reads their tiers), without a limit, where strength does not give the order (full-text
    /// terms, profile facets, a `rank by` beyond relevance), and where the dialect cannot name
    /// the index.
    func strengthRange(_ parts: Parts) -> StrengthRange? {
        guard !parts.hasSubjects, parts.limit != nil, parts.textPattern == nil, parts.facets.isEmpty,
              parts.ranking.isEmpty || (parts.ranking.count == 1 && parts.ranking[0].key == .relevance && parts.ranking[0].isDescending),
              let byStrength = dialect.claimsByStrength else { return nil }
        var probing = parts
        probing.condition = parts.rangeCondition
        let relevance = SQLFragment(sql: "1.0")
        return StrengthRange(probe: claimsSelect(probing, relevance: relevance, from: "FROM claim c\n", extraFilters: ["c.id IN (SELECT id FROM walkWindow)"]),
                             range: claimsSelect(probing, relevance: relevance, from: "FROM \(sql: byStrength)\n",
                                                 extraFilters: ["c.strength >= (SELECT strength FROM walkFloor)"]),
                             claims: byStrength)
    }

    /// `SELECT claimId, relevance, textFactor, score FROM … WHERE … ORDER BY … LIMIT ?`.
    func claimsSelect(_ parts: Parts, relevance: SQLFragment, from: SQLFragment, extraFilters: [SQLFragment] = []) -> SQLFragment {
        var sql: SQLFragment = ""
        let textFactor = parts.textPattern == nil ? nil
            : "(CASE WHEN ft.rank IS NULL THEN \(RelevanceModel.textFloor) ELSE \(RelevanceModel.textFloor) + \(1 - RelevanceModel.textFloor) * (ft.rank / (1.0 + ft.rank)) END)"
        sql += "SELECT c.id AS \(sql: Out.claimId.name), c.sourceId AS \(sql: Out.sourceId.name), \(relevance) AS \(sql: Out.relevance.name), "
            + "\(sql: textFactor ?? "1.0") AS \(sql: Out.textFactor.name), \(relevance) * c.strength\(sql: textFactor.map { " * \($0)" } ?? "") AS \(sql: Out.score.name)\n"
        sql += from
        sql += "LEFT JOIN study st ON st.id = c.studyId\nLEFT JOIN source s ON s.id = c.sourceId\n"
        if let pattern = parts.textPattern {
            sql += "LEFT JOIN (\(dialect.claimTextRank(pattern: pattern))) ft ON ft.claimId = c.id\n"
        }
        var filters = extraFilters
        if let condition = parts.condition { filters.append(condition) }
        if parts.excludeRetracted { filters.append("\(sql: NoticeSQL.claimNotRetracted())") }
        if !filters.isEmpty {
            sql += "WHERE \(filters.joined(separator: "\n  AND "))\n"
        }
        var order: [String] = []
        for key in parts.ranking {
            switch key.key {
            case .relevance: order.append("relevance" + (key.isDescending ? " DESC" : " ASC"))
            case .strength: order.append("c.strength" + (key.isDescending ? " DESC" : " ASC"))
            case .year: order.append(key.isDescending ? dialect.descendingNullsLast("s.issuedYear") : dialect.ascendingNullsLast("s.issuedYear"))
            case .n: order.append(key.isDescending ? dialect.descendingNullsLast("st.n") : dialect.ascendingNullsLast("st.n"))
            }
        }
        order += Self.claimOrderAfterRankKeys(dialect)
        sql += "ORDER BY \(sql: order.joined(separator: ", "))"
        if let limit = parts.limit { sql += "\nLIMIT \(limit)" }
        return sql
    }

    /// What orders claims after the query's own `rank by` keys (README, "Ranking"): claims with a
    /// source before unsourced assertions — an assertion nobody can cite never ranks above
    /// evidence someone can — then score; equal scores break by relevance (the path), the text
    /// match, strength, the larger sample (unknown last) and, last, the claim id. Every key is
    /// there even when a key before it usually decides: scores clamped to 0 (failed
    /// replications) still come out in a meaningful, deterministic order.
    static func claimOrderAfterRankKeys(_ dialect: any SQLDialect) -> [String] {
        ["(c.sourceId IS NULL) ASC", "score DESC", "relevance DESC", "textFactor DESC", "c.strength DESC", dialect.descendingNullsLast("st.n"), "c.id ASC"]
    }

    /// `SELECT count(*)` of what the query's statement returns without its limit: the same
    /// candidates and filters, no ranking (no text rank, no order). For `citations`, the distinct
    /// sources of those claims.
    func countStatement(_ parts: Parts, target: Target) -> SQLFragment {
        if target == .claims, let count = reachedClaimsCount(parts) { return count }
        return matchedRows(parts, target: target, selecting: target == .citations ? "count(DISTINCT c.sourceId)" : "count(*)")
    }

    /// The rows the count counts, for a bounded total (``CompiledQuery/countedRows``): one row
    /// per matching claim or source (per distinct source for `citations`), in an order that
    /// lets a `LIMIT` stop the reading early where the engine can.
    func countedRows(_ parts: Parts, target: Target) -> SQLFragment {
        if target == .claims, let rows = streamedReachedClaims(parts) { return rows }
        return matchedRows(parts, target: target, selecting: target == .citations ? "DISTINCT c.sourceId" : "1")
    }

    /// `SELECT <selecting>` over what the query's statement matches without its limit: the same
    /// candidates and filters, no ranking (no text rank, no order).
    private func matchedRows(_ parts: Parts, target: Target, selecting: String) -> SQLFragment {
        var filters: [SQLFragment] = []
        if let condition = target == .sources ? parts.condition : parts.countCondition ?? parts.condition { filters.append(condition) }
        var sql: SQLFragment
        switch target {
        case .claims, .citations:
            sql = parts.hasSubjects ? candidates(parts, among: parts.requiredLinks) : ""
            sql += SQLFragment(sql: "SELECT \(selecting) ")
            sql += SQLFragment(sql: parts.hasSubjects ? "FROM best JOIN claim c ON c.id = best.claimId\n" : "FROM claim c\n")
            sql += "LEFT JOIN study st ON st.id = c.studyId\nLEFT JOIN source s ON s.id = c.sourceId\n"
            if target == .citations { filters.insert("c.sourceId IS NOT NULL", at: 0) }
            if parts.excludeRetracted { filters.append("\(sql: NoticeSQL.claimNotRetracted())") }
        case .sources:
            let select = SQLFragment(sql: "SELECT \(selecting) FROM source s\n")
            if parts.hasSubjects {
                sql = candidates(parts) + select
                filters.insert("s.id IN (SELECT c.sourceId FROM best JOIN claim c ON c.id = best.claimId)", at: 0)
            } else {
                sql = select
            }
            if parts.excludeRetracted { filters.append("NOT \(sql: NoticeSQL.isRetracted("s.id"))") }
        }
        if !filters.isEmpty {
            sql += "WHERE \(filters.joined(separator: "\n  AND "))\n"
        }
        return sql
    }

    func sourcesStatement(_ parts: Parts) -> SQLFragment {
        var sql: SQLFragment
        if parts.hasSubjects {
            sql = candidates(parts)
            let relevance: SQLFragment = facetFactor(parts).map { "best.relevance * \($0)" } ?? "best.relevance"
            sql += ", scored(sourceId, relevance, score) AS (\n    SELECT c.sourceId, max(\(relevance)), max(\(relevance) * c.strength)\n"
                + "    FROM best JOIN claim c ON c.id = best.claimId WHERE c.sourceId IS NOT NULL GROUP BY c.sourceId\n)\n"
            sql += "SELECT s.id AS \(sql: Out.sourceId.name), scored.relevance AS \(sql: Out.relevance.name), 1.0 AS \(sql: Out.textFactor.name), "
                + "scored.score AS \(sql: Out.score.name)\nFROM scored JOIN source s ON s.id = scored.sourceId\n"
        } else {
            sql = "SELECT s.id AS \(sql: Out.sourceId.name), NULL AS \(sql: Out.relevance.name), 1.0 AS \(sql: Out.textFactor.name), "
                + "NULL AS \(sql: Out.score.name)\nFROM source s\n"
        }
        var filters: [SQLFragment] = []
        if let condition = parts.condition { filters.append(condition) }
        if parts.excludeRetracted { filters.append("NOT \(sql: NoticeSQL.isRetracted("s.id"))") }
        if !filters.isEmpty {
            sql += "WHERE \(filters.joined(separator: "\n  AND "))\n"
        }
        var order: [String] = []
        for key in parts.ranking {
            let direction = key.isDescending
            switch key.key {
            case .relevance: order.append(direction ? dialect.descendingNullsLast("relevance") : dialect.ascendingNullsLast("relevance"))
            case .strength:
                let expression = "(SELECT max(strength) FROM claim WHERE sourceId = s.id)"
                order.append(direction ? dialect.descendingNullsLast(expression) : dialect.ascendingNullsLast(expression))
            case .year: order.append(direction ? dialect.descendingNullsLast("s.issuedYear") : dialect.ascendingNullsLast("s.issuedYear"))
            case .n:
                let expression = "(SELECT max(n) FROM study WHERE sourceId = s.id)"
                order.append(direction ? dialect.descendingNullsLast(expression) : dialect.ascendingNullsLast(expression))
            }
        }
        if parts.hasSubjects { order.append(dialect.descendingNullsLast("score")) }
        if parts.hasSubjects || !parts.ranking.isEmpty {
            // Ranked sources that tie (strengths clamped to 0, equal years): the larger sample first.
            order.append(dialect.descendingNullsLast("(SELECT max(n) FROM study WHERE sourceId = s.id)"))
        }
        order.append("s.slug ASC")
        sql += "ORDER BY \(sql: order.joined(separator: ", "))"
        if let limit = parts.limit { sql += "\nLIMIT \(limit)" }
        return sql
    }
}
