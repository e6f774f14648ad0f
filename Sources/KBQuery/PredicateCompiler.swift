import KBDomain
import KBStore

/// Turns one predicate into an SQL condition over the aliases `c` (claim), `st` (study) and
/// `s` (source), checking its value against the field's type and resolving names to ids.
///
/// Field names come from the closed ``Field`` enum and become kb's own column names; every
/// value the user wrote becomes a bound argument.
struct PredicateCompiler {
    /// Everything this asks of the database besides the statement it builds.
    let store: any QueryStore
    let text: String
    let dialect: any SQLDialect
    /// The source id a source-level predicate tests: `s.id` for sources, `c.sourceId` for claims
    /// (so that the planner can start from the few matching sources and reach their claims
    /// through `claimBySource`, not walk every claim to its source).
    var sourceID = "s.id"
    /// Whether "about an entity" (`cohort=…`, `skill=…`) probes `claimAbout` per claim
    /// (`EXISTS … WHERE claimId = c.id`) instead of `c.id IN (every claim about it)`: the
    /// strength walk's statements read a few hundred known claims, and the `IN` list would
    /// first gather every claim about the cohort — 833,000 at 10M claims (see ``StrengthWalk``).
    var probesEntityLinks = false
    /// The ids each name resolved to, shared by this compiler's copies: a query's condition is
    /// compiled up to four times (its statement, the walk's probes, the required links and
    /// their probes), and each `cohort=…` would otherwise look its name up and expand its
    /// narrower cohorts again, a round trip each on a server.
    private let resolved = ResolvedEntityIDs()

    func compile(_ predicate: Predicate) throws -> SQLFragment {
        switch predicate.kind {
        case let .text(phrase):
            return try dialect.claimTextMatch("c.id", pattern: pattern(phrase, at: predicate.range))
        case let .flag(field):
            return try flag(field, true, at: predicate.fieldRange)
        case let .missing(field):
            // `source` through `sourceID`: on sources (no `c` in scope) a row is a source, and
            // none lacks one; on claims and citations this is `c.sourceId IS NULL` as before.
            return field == .source ? "\(sql: sourceID) IS NULL" : PresenceSQL.missing(field)
        case let .has(field):
            return field == .source ? "NOT (\(sql: sourceID) IS NULL)" : PresenceSQL.has(field)
        case let .compare(field, op, value):
            return try compare(field, op, [value], predicate: predicate)
        case let .member(field, values):
            return try compare(field, .equal, values, predicate: predicate)
        case let .noneOf(field, values):
            // `x != a|b` is `x != a and x != b`, each as `!=` alone compiles.
            return try values.map { try compare(field, .notEqual, [$0], predicate: predicate) }.chained("AND")
        case let .range(field, op, low, high):
            return try range(field, op, low: low, high: high, predicate: predicate)
        case let .saved(name):
            throw diagnostic("query.saved-query-unexpanded", "'@\(name)' was not replaced by its saved condition", predicate.range)
        }
    }

    /// For "about one of these" (`cohort=older-workers`, `skill in (a, b)`; not a jurisdiction,
    /// which a study's country can also satisfy): the claims it admits, as
    /// `SELECT claimId FROM claimAbout WHERE entityId IN (…)`. Nil for every other predicate.
    func entityLinks(_ predicate: Predicate) throws -> SQLFragment? {
        try linkedEntities(predicate).map { "SELECT claimId FROM claimAbout WHERE entityId IN \(list: $0)" }
    }

    /// The same set as ``entityLinks(_:)``, as a probe of one claim: "the claim `claim` (an SQL
    /// column) is about one of these" through `claimAboutByClaim`, for a walk that tests claims
    /// one by one before reading their rows.
    func entityLinkProbe(_ predicate: Predicate, claim: String) throws -> SQLFragment? {
        try linkedEntities(predicate).map { "EXISTS (SELECT 1 FROM claimAbout k WHERE k.claimId = \(sql: claim) AND k.entityId IN \(list: $0))" }
    }

    /// The entities an "about one of these" predicate names (`cohort = older`, `skill in (…)`);
    /// nil for any other predicate.
    private func linkedEntities(_ predicate: Predicate) throws -> [Int64]? {
        let field: Field
        let values: [Value]
        switch predicate.kind {
        case let .compare(compared, .equal, value): (field, values) = (compared, [value])
        case let .member(member, list): (field, values) = (member, list)
        default: return nil
        }
        guard case let .entity(kind) = field.valueType, kind != .jurisdiction else { return nil }
        var ids: [Int64] = []
        for value in values { ids += try entityIDs(kind, value) }
        return ids
    }

    func pattern(_ phrase: String, at range: Range<Int>) throws -> TextPattern {
        guard let pattern = dialect.textPattern(matchingAllTokensIn: phrase) else {
            throw diagnostic("query.empty-search", "nothing to search for in \"\(phrase)\"", range, help: "search for words, e.g. \"writing\"")
        }
        return pattern
    }

    /// `field op v` or, for several values, `field in (v1, v2...)` (then `op` is `=`).
    private func compare(_ field: Field, _ op: ComparisonOperator, _ values: [Value], predicate: Predicate) throws -> SQLFragment {
        switch field.valueType {
        case let .entity(kind):
            try requireEquality(field, op, at: predicate)
            var ids: [Int64] = []
            for value in values { ids += try entityIDs(kind, value) }
            var condition: SQLFragment = probesEntityLinks
                ? "EXISTS (SELECT 1 FROM claimAbout WHERE claimId = c.id AND entityId IN \(list: ids))"
                : "c.id IN (SELECT claimId FROM claimAbout WHERE entityId IN \(list: ids))"
            if kind == .jurisdiction {
                let keys = try store.aliasKeys(of: ids)
                condition = "(\(condition) OR \(sql: dialect.fold("st.country")) IN \(list: keys))"
            }
            return op == .notEqual ? "NOT \(condition)" : condition

        case let .vocabulary(allowed, ordered):
            if !ordered { try requireEquality(field, op, at: predicate) }
            var matching = Set<String>()
            for value in values {
                let word = try vocabularyValue(field, value, allowed: allowed)
                if ordered, let rank = allowed.firstIndex(of: word) {
                    let effective = values.count > 1 ? .equal : op
                    matching.formUnion(allowed.enumerated().filter { effective.holds($0.offset, rank) }.map(\.element))
                } else if field == .design, let design = StudyDesign(rawValue: word) {
                    matching.formUnion(design.including.map(\.rawValue))
                } else {
                    matching.insert(word)
                }
            }
            let list = allowed.filter(matching.contains)
            let column = Self.column(field)
            if !ordered && op == .notEqual {
                return "\(sql: column) NOT IN \(list: list)"
            }
            return "\(sql: column) IN \(list: list)"

        case .number:
            let numbers = try values.map { value -> Double in
                guard case let .number(number) = value.kind else {
                    throw diagnostic("query.expected-number", "'\(field.rawValue)' takes a number, found \(describe(value))", value.range,
                                     help: "e.g. \(field.example)")
                }
                return number
            }
            let column = Self.column(field)
            if numbers.count > 1 || predicate.isMember {
                return "\(sql: column) IN \(list: numbers)"
            }
            return "\(sql: column) \(sql: op == .notEqual ? "<>" : op.rawValue) \(numbers[0])"

        case .text:
            try requireEquality(field, op, at: predicate)
            let keys = try values.map { try textKey(field, $0) }
            let condition: SQLFragment
            switch field {
            case .author:
                condition = "\(sql: sourceID) IN (SELECT sourceId FROM contributor WHERE nameKey IN \(list: keys))"
            case .source:
                // A source's id, or a citation key it had in a file it was imported from.
                // One IN over a union (not an OR), so the planner can start from the few matching sources.
                condition = "\(sql: sourceID) IN (SELECT id FROM source WHERE slug IN \(list: keys) UNION SELECT sourceId FROM sourceKey WHERE key IN \(list: keys))"
            case .replicatedBy:
                // The claims a source (by id or citation key) tried to replicate, imported or
                // linked: the two arms of the `replicationAttempt` view (a linked claim counts for
                // its source), written out so that the source condition reaches each arm's index
                // (`claimReplicationBySource`, `claimBySource`) — SQLite does not push it into the
                // view — then each claim by its primary key.
                let sources: SQLFragment = "SELECT id FROM source WHERE slug IN \(list: keys) UNION SELECT sourceId FROM sourceKey WHERE key IN \(list: keys)"
                condition = """
                    c.id IN (SELECT claimId FROM claimReplication WHERE sourceId IN (\(sources)) \
                    UNION ALL SELECT x.toClaimId FROM claim f JOIN claimRelation x ON x.fromClaimId = f.id \
                    WHERE f.sourceId IN (\(sources)) AND x.kind IN ('replicates', 'fails-to-replicate'))
                    """
            case .doi, .url, .title:
                condition = "\(sql: Self.column(field)) IN \(list: keys)"
            default:
                condition = "\(sql: dialect.fold(Self.column(field))) IN \(list: keys)"
            }
            return op == .notEqual ? "NOT \(condition)" : condition

        case .boolean:
            try requireEquality(field, op, at: predicate)
            guard values.count == 1 else {
                throw diagnostic("query.boolean-list", "'\(field.rawValue)' is true or false; a list makes no sense", predicate.range)
            }
            let value = values[0]
            let truth: Bool
            switch value.kind {
            case let .boolean(flag): truth = flag
            case let .word(word) where ["yes", "no"].contains(word.lowercased()): truth = word.lowercased() == "yes"
            default:
                throw diagnostic("query.expected-boolean", "'\(field.rawValue)' is true or false, found \(describe(value))", value.range,
                                 help: "write '\(field.rawValue)' or 'not \(field.rawValue)'")
            }
            return try flag(field, truth == (op == .equal), at: predicate.fieldRange)
        }
    }

    /// A boolean field being true (or false).
    func flag(_ field: Field, _ truth: Bool, at range: Range<Int>) throws -> SQLFragment {
        let sql: String
        switch field {
        case .preregistered: sql = truth ? "st.preregistered = 'yes'" : "st.preregistered = 'no'"
        case .peerReviewed: sql = "s.isPeerReviewed = \(truth ? 1 : 0)"
        case .economyWide: sql = "c.isEconomyWide = \(truth ? 1 : 0)"
        case .retracted: sql = truth ? "(s.id IS NOT NULL AND \(NoticeSQL.isRetracted("s.id")))" : "NOT (s.id IS NOT NULL AND \(NoticeSQL.isRetracted("s.id")))"
        default:
            throw diagnostic("query.not-a-flag", "'\(field.rawValue)' is not true or false on its own", range,
                             help: "compare it, e.g. \(field.example)")
        }
        return SQLFragment(sql: sql)
    }

    static func column(_ field: Field) -> String {
        switch field {
        case .design: "st.design"
        case .n: "st.n"
        case .preregistered: "coalesce(st.preregistered, 'unknown')"
        case .country: "st.country"
        case .population: "st.population"
        case .nUnit: "st.nUnit"
        case .replication: "c.replication"
        case .metric: "c.metric"
        case .value: "c.value"
        case .unit: "c.unit"
        case .direction: "c.direction"
        case .grade: "c.grade"
        case .strength: "c.strength"
        case .quote: "c.quote"
        case .locator: "c.locator"
        case .economyWide: "c.isEconomyWide"
        case .source: "s.slug"
        case .doi: "s.doi"
        case .url: "s.url"
        case .title: "s.titleKey"
        case .year: "s.issuedYear"
        case .type: "s.type"
        case .peerReviewed: "s.isPeerReviewed"
        case .author, .retracted, .replicatedBy, .cohort, .boundary, .jurisdiction, .band, .role, .skill, .topic: "NULL"
        }
    }

    private func requireEquality(_ field: Field, _ op: ComparisonOperator, at predicate: Predicate) throws {
        guard op == .equal || op == .notEqual else {
            throw diagnostic("query.unordered-field", "'\(field.rawValue)' cannot be compared with '\(op.rawValue)'", predicate.range,
                             help: "use = or != (or 'in (…)'), e.g. \(field.example)")
        }
    }

    private func entityIDs(_ kind: EntityKind, _ value: Value) throws -> [Int64] {
        if let ids = resolved.ids[ResolvedEntityIDs.Key(kind: kind, name: value.text)] { return ids }
        let ids = try lookUpEntityIDs(kind, value)
        resolved.ids[ResolvedEntityIDs.Key(kind: kind, name: value.text)] = ids
        return ids
    }

    private func lookUpEntityIDs(_ kind: EntityKind, _ value: Value) throws -> [Int64] {
        let found = try store.entities(named: value.text, kinds: [kind])
        guard !found.isEmpty else {
            let near = try store.suggestions(for: value.text, kinds: [kind])
            throw diagnostic("query.unknown-\(kind.rawValue)", "unknown \(kind.rawValue) '\(value.text)'", value.range,
                             help: near.isEmpty ? "kb list \(kind.plural) shows the \(kind.plural) this KB knows" : "did you mean \(near.joined(separator: ", "))?")
        }
        let ids = found.map(\.id)
        switch kind {
        case .cohort: return try store.withNarrower(ids)
        case .jurisdiction: return try store.withBoundaries(inJurisdictions: ids)
        default: return ids
        }
    }

    func vocabularyValue(_ field: Field, _ value: Value, allowed: [String]) throws -> String {
        var word = value.text.lowercased()
        if field == .preregistered, case let .boolean(flag) = value.kind { word = flag ? "yes" : "no" }
        if allowed.contains(word) { return word }
        let folded = Slug.fold(word)
        if let match = allowed.first(where: { Slug.fold($0) == folded }) { return match }
        let near = Suggestions.nearest(to: word, in: allowed)
        throw diagnostic("query.unknown-value", "unknown \(field.rawValue) '\(value.text)'", value.range,
                         help: near.first.map { "did you mean '\($0)'?" } ?? "expected one of: \(allowed.joined(separator: ", "))")
    }

    private func textKey(_ field: Field, _ value: Value) throws -> String {
        switch field {
        case .doi:
            guard let doi = DOI.normalize(value.text) else {
                throw diagnostic("query.invalid-doi", "'\(value.text)' is not a DOI", value.range, help: "a DOI looks like 10.1126/science.adh2586")
            }
            return doi
        case .source, .replicatedBy:
            let slug = value.text
            if try store.sourceExists(slug) { return slug }
            let near = try store.sourceSlugs(near: slug)
            throw diagnostic("query.unknown-source", "unknown source '\(slug)'", value.range,
                             help: near.isEmpty ? "kb list sources shows the sources" : "did you mean \(near.map { "'\($0)'" }.joined(separator: ", "))?")
        case .url:
            return value.text
        case .title:
            return TitleKey.make(value.text)
        default:
            return Slug.fold(value.text)
        }
    }

    private func describe(_ value: Value) -> String {
        switch value.kind {
        case let .string(text): "\"\(text)\""
        default: "'\(value.text)'"
        }
    }

    func diagnostic(_ id: String, _ message: String, _ range: Range<Int>, help: String? = nil) -> Diagnostic {
        Diagnostic(id: id, message: message, location: SourceLocation(file: "query", text: text, range: range), help: help, input: .query)
    }
}

extension Predicate {
    var isMember: Bool {
        if case .member = kind { return true }
        return false
    }
}

/// What `missing FIELD` and `has FIELD` mean, in SQL over `c`, `st` and `s`. The audit rules
/// use the same definitions (``PresenceSQL/missing(_:)``), so that `sources where missing n` and
/// the `study.missing-n` rule always agree.
public enum PresenceSQL {
    static func missing(_ field: Field) -> SQLFragment {
        SQLFragment(sql: missingCondition(field))
    }

    static func has(_ field: Field) -> SQLFragment {
        // A claim with a replication (imported or linked) is found from the keys behind
        // `replicationAttempt`, not by testing every claim.
        if field == .replicatedBy { return "c.id IN (SELECT claimId FROM replicationAttempt)" }
        return "NOT (\(sql: missingCondition(field)))"
    }

    /// The SQL text, for callers outside the query compiler.
    public static func missingCondition(_ field: Field) -> String {
        switch field {
        case .n: "st.n IS NULL"
        case .design: "st.design IS NULL"
        case .preregistered: "coalesce(st.preregistered, 'unknown') = 'unknown'"
        case .country: "st.country IS NULL"
        case .population: "st.population IS NULL"
        case .nUnit: "st.nUnit IS NULL"
        case .replication: "c.replication = 'unknown'"
        case .metric: "c.metric IS NULL"
        case .value: "c.value IS NULL"
        case .unit: "c.unit IS NULL"
        case .direction: "c.direction IS NULL"
        case .quote: "c.quote IS NULL"
        case .locator: "c.locator IS NULL"
        case .source: "c.sourceId IS NULL"
        case .replicatedBy: "c.id NOT IN (SELECT claimId FROM replicationAttempt)"
        case .author: "(s.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM contributor a WHERE a.sourceId = s.id AND a.role = 'author'))"
        case .doi: "(s.id IS NOT NULL AND s.doi IS NULL)"
        case .url: "(s.id IS NOT NULL AND s.url IS NULL)"
        case .title: "(s.id IS NOT NULL AND s.title IS NULL)"
        case .year: "(s.id IS NOT NULL AND s.issuedYear IS NULL)"
        case .peerReviewed: "(s.id IS NOT NULL AND s.isPeerReviewed IS NULL)"
        case .cohort, .boundary, .jurisdiction, .band, .role, .skill, .topic:
            "c.id NOT IN (SELECT a.claimId FROM claimAbout a JOIN entity e ON e.id = a.entityId WHERE e.kind = '\(field.rawValue)')"
        case .grade, .strength, .economyWide, .type, .retracted:
            "0"
        }
    }
}

/// The ids of the names a ``PredicateCompiler`` resolved (with narrower cohorts and a
/// jurisdiction's boundaries), by kind and name as written. A name that is not found throws and
/// is not kept.
private final class ResolvedEntityIDs {
    struct Key: Hashable {
        var kind: EntityKind
        var name: String
    }

    var ids: [Key: [Int64]] = [:]
}
