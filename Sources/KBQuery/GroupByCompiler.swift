import KBDomain
import KBStore

/// A `group by` query as one SQL statement returning the matching units with their group values
/// (``GroupAggregator`` turns them into groups with the aggregates of DESIGN §10). Every value
/// is a bound argument.
public struct GroupedQuery: Sendable {
    public var query: Query
    public var statement: SQLFragment
    public var sql: String { statement.sql }
    public var arguments: [SQLValue] { statement.arguments }
    public var reach: [Reach]
    public var subjectLabels: [String]
    public var limit: Int?
    /// Where each group value comes from (a statement column, or a kind's links in memory).
    var keySources: [GroupByCompiler.KeySource] = []
    /// Whether `statement` returns the groups with their aggregates (``ServerGroups``), not the
    /// unit rows for ``GroupAggregator``.
    var isAggregatedOnServer = false
}

/// Compiles a query with a `group by` clause.
///
/// The matching units (claims, or sources) are selected exactly as the query would select them
/// — same subjects, filters and retraction rule, through ``QueryCompiler``'s own pieces — into a
/// `unit` table with one row per unit and combination of its group values, so that a claim about
/// two cohorts counts in both groups. The statement returns `unit`'s rows and
/// ``GroupAggregator`` computes the aggregates in one pass over them (SQLite's `GROUP BY` sorted
/// a million rows per aggregate: 5–7 s at 1M claims).
struct GroupByCompiler {
    let store: any QueryStore
    let text: String

    func compile(_ written: Query, profile: ProfileSpec?, limit: Int?) throws -> GroupedQuery {
        try QueryCompiler(store: store, text: text).expandingSavedConditions(written) { query in
            let (prefix, parts) = try selection(query, profile: profile)
            let sources = Self.keySources(query.grouping.map(\.field), target: query.target)
            if ServerGroups.applies(to: query, sources: sources, dialect: store.dialect) {
                return GroupedQuery(query: query, statement: prefix + unit(query, parts: parts) + ServerGroups.statement(sources),
                                    reach: parts.reach, subjectLabels: parts.subjectLabels, limit: limit, keySources: sources, isAggregatedOnServer: true)
            }
            let sql = prefix + unit(query, parts: parts) + unitRows(keys: Self.columnCount(sources))
            return GroupedQuery(query: query, statement: sql, reach: parts.reach, subjectLabels: parts.subjectLabels, limit: limit, keySources: sources)
        }
    }

    /// What the query selects, exactly as ``QueryCompiler`` selects it (subjects and their
    /// bounds, saved conditions, filters, the retraction rule), and the `WITH` that starts the
    /// statement (the subjects' candidates when there are subjects). Ranking plays no part in a
    /// count, so the profile's facets, the text rank, `rank by` and `limit` are left out.
    func selection(_ query: Query, profile: ProfileSpec?) throws -> (SQLFragment, Selection) {
        let compiler = QueryCompiler(store: store, text: text)
        let selected = try compiler.select(query, profile: profile, limit: nil)
        var parts = selected.parts
        parts.facets = []
        parts.textPattern = nil
        parts.ranking = []
        parts.limit = nil
        let prefix = parts.hasSubjects ? compiler.candidates(parts) + SQLFragment(sql: ", ") : SQLFragment(sql: "WITH ")
        return (prefix, Selection(parts: parts, subjectLabels: selected.subjects.map(\.label)))
    }

    struct Selection {
        var parts: QueryCompiler.Parts
        var subjectLabels: [String]
        var reach: [Reach] { parts.reach }
        var hasSubjects: Bool { parts.hasSubjects }
        var excludeRetracted: Bool { parts.excludeRetracted }
        var condition: SQLFragment? { parts.condition }
    }

    /// One statement for a gap map of the query's two group fields: `unit`'s rows, from which
    /// ``MapAggregator`` counts each cell, row, column and the grand total in one pass.
    func compileMap(_ written: Query, profile: ProfileSpec?) throws -> (statement: SQLFragment, keys: [KeySource]) {
        try QueryCompiler(store: store, text: text).expandingSavedConditions(written) { query in
            let (prefix, parts) = try selection(query, profile: profile)
            let sources = Self.keySources(query.grouping.map(\.field), target: query.target)
            return (prefix + unit(query, parts: parts) + unitRows(keys: Self.columnCount(sources)), sources)
        }
    }

    static func columnCount(_ sources: [KeySource]) -> Int {
        sources.filter(\.hasColumn).count
    }

    /// The rows of `unit`, group values first, then ``GroupAggregator/UnitColumn``'s columns:
    /// the aggregates are computed in one pass over them (``GroupAggregator``), because SQLite's
    /// `GROUP BY` sorts the rows once per aggregate that needs its own grouping.
    func unitRows(keys: Int) -> SQLFragment {
        let columns = (0..<keys).map { "g\($0)" } + GroupAggregator.UnitColumn.allCases.map { "\($0)" }
        return SQLFragment(sql: "\nSELECT \(columns.joined(separator: ", ")) FROM unit")
    }

    // MARK: Units

    /// `unit AS (…)`: per matching claim (or source) its source, the key its sample size is
    /// counted once by (`nKey`: the study, or the source), grade rank (0 = high), strength,
    /// whether it is pre-registered and replicated, and its group values `g0`, `g1`… read by
    /// SQL (a claims query's taxonomy keys are joined in memory: ``keySources(_:target:)``).
    func unit(_ query: Query, parts: Selection) -> SQLFragment {
        let sources = Self.keySources(query.grouping.map(\.field), target: query.target)
        let keys = zip(query.grouping, sources).compactMap { group, source -> (value: String, join: String?)? in
            switch source {
            case let .column(index): query.target == .sources ? sourceKey(group.field, index) : claimKey(group.field, index)
            // The study's country as stored: ``JurisdictionResolver`` folds each distinct one once.
            case .jurisdiction: ("st.country", nil)
            case .links: nil
            }
        }
        var filters: [SQLFragment] = []
        var sql: SQLFragment
        if query.target == .sources {
            // Each source's grade, strength, replication, n and pre-registration are left to
            // memory (``SourceTotals``: one pass over `claim` and one over `study` in row-id order);
            // as joined `GROUP BY sourceId`s SQLite read the claims in source order and built a
            // temporary index per aggregate (2.2 s of CPU at 1M claims).
            sql = SQLFragment(sql: """
                unit AS (
                SELECT s.id AS unitId, s.id AS sourceId, s.id AS nKey, NULL AS n, NULL AS gradeRank, NULL AS strength, 0 AS prereg, 0 AS replicated
                """)
            sql += SQLFragment(sql: keys.enumerated().map { ",\n  \($0.element.value) AS g\($0.offset)" }.joined() + "\nFROM source s\n")
            if parts.hasSubjects { filters.append(SQLFragment(sql: "s.id IN (SELECT c.sourceId FROM best JOIN claim c ON c.id = best.claimId)")) }
            if parts.excludeRetracted { filters.append(SQLFragment(sql: "NOT \(NoticeSQL.isRetracted("s.id"))")) }
        } else {
            sql = SQLFragment(sql: """
                unit AS (
                SELECT c.id AS unitId, c.sourceId AS sourceId, c.studyId AS nKey, st.n AS n,
                  \(Self.gradeRank("c.grade")) AS gradeRank, c.strength AS strength,
                  CASE WHEN st.preregistered = 'yes' THEN 1 ELSE 0 END AS prereg,
                  CASE WHEN c.replication = 'replicated' THEN 1 ELSE 0 END AS replicated
                """)
            sql += SQLFragment(sql: keys.enumerated().map { ",\n  \($0.element.value) AS g\($0.offset)" }.joined() + "\n")
            sql += SQLFragment(sql: parts.hasSubjects ? "FROM best JOIN claim c ON c.id = best.claimId\n" : "FROM claim c\n")
            sql += SQLFragment(sql: "LEFT JOIN study st ON st.id = c.studyId\nLEFT JOIN source s ON s.id = c.sourceId\n")
            // By the claim's `sourceId` (a source's id is its key), so that SQLite leaves the join
            // to `source` out when no key or filter reads the source (0.3 s of CPU at 1M).
            if parts.excludeRetracted { filters.append(SQLFragment(sql: NoticeSQL.claimNotRetracted())) }
        }
        for key in keys {
            if let join = key.join { sql += SQLFragment(sql: join + "\n") }
        }
        if let condition = parts.condition { filters.insert(condition, at: 0) }
        if !filters.isEmpty {
            sql += SQLFragment(sql: "WHERE ") + filters.joined(separator: "\n  AND ") + SQLFragment(sql: "\n")
        }
        return sql + SQLFragment(sql: ")")
    }

    /// 0 for `high` … 3 for `very-low`: the best grade is the smallest rank.
    static func gradeRank(_ column: String) -> String {
        let cases = Grade.allCases.sorted(by: >).enumerated().map { "WHEN '\($0.element.rawValue)' THEN \($0.offset)" }
        return "CASE \(column) \(cases.joined(separator: " ")) END"
    }

    static func grade(rank: Int) -> Grade? {
        let ordered = Grade.allCases.sorted(by: >)
        return ordered.indices.contains(rank) ? ordered[rank] : nil
    }

    /// A group value as an expression over a claim's `c`, `st`, `s`, with the join it needs.
    /// Field names are kb's own constants (never user text). Not for a taxonomy key or the
    /// jurisdiction: a claim's nodes are its links, joined in memory (``LinkedUnitRows``).
    func claimKey(_ field: Field, _ index: Int) -> (value: String, join: String?) {
        (Self.column(field), nil)
    }

    /// Per source, the jurisdictions its claims are in as `jurisdiction=X` finds them (DESIGN §3):
    /// those its claims are about, those of the boundaries they are about (`in-jurisdiction`),
    /// and those their studies' country is a name of. Set-based: the few jurisdictions' nodes
    /// and names are listed once and joined by index (`claimAbout`'s key, `claimByStudy`), not
    /// tested per claim and jurisdiction by correlated sub-queries. `CROSS JOIN` keeps SQLite's
    /// order: a study's country is matched before its claims are read (else every study's claims
    /// were read through `claimByStudy`, matching or not).
    static func sourceJurisdictions(_ dialect: any SQLDialect) -> String {
        let nodes = """
            SELECT id AS nodeId, id AS jid FROM entity WHERE kind = 'jurisdiction'
              UNION SELECT fromId, toId FROM edge WHERE kind = 'in-jurisdiction' AND toId IN (SELECT id FROM entity WHERE kind = 'jurisdiction')
            """
        let names = """
            SELECT a.key AS key, m.jid AS jid FROM (\(nodes)) m JOIN alias a ON a.entityId = m.nodeId
              UNION SELECT e.slug, m.jid FROM (\(nodes)) m JOIN entity e ON e.id = m.nodeId
            """
        return """
            SELECT c.sourceId AS sourceId, m.jid AS value FROM (\(nodes)) m JOIN claimAbout a ON a.entityId = m.nodeId JOIN claim c ON c.id = a.claimId WHERE c.sourceId IS NOT NULL
            UNION SELECT c.sourceId, k.jid FROM study st \(dialect.orderedJoin) (\(names)) k ON k.key = \(dialect.fold("st.country")) \(dialect.orderedJoin) claim c ON c.studyId = st.id
              WHERE st.country IS NOT NULL AND c.sourceId IS NOT NULL
            """
    }

    /// A group value for a source: its own column, or each distinct value of its claims or
    /// studies (a source counts in every group one of them is in; `(none)` when none has one).
    func sourceKey(_ field: Field, _ index: Int) -> (value: String, join: String?) {
        let g = "g\(index)v"
        switch field.level {
        case .source:
            return (Self.column(field), nil)
        case .study:
            return ("\(g).value", "LEFT JOIN (SELECT DISTINCT st.sourceId AS sourceId, \(Self.column(field)) AS value FROM study st WHERE \(Self.column(field)) IS NOT NULL) \(g) ON \(g).sourceId = s.id")
        case .claim:
            if field == .jurisdiction {
                return ("\(g).value", "LEFT JOIN (\(Self.sourceJurisdictions(store.dialect))) \(g) ON \(g).sourceId = s.id")
            }
            if case let .entity(kind) = field.valueType {
                // From the kind's nodes' links (`claimAbout`'s key), by node id (``GroupKeys``).
                return ("\(g).value", "LEFT JOIN (SELECT DISTINCT c.sourceId AS sourceId, a.entityId AS value FROM claimAbout a JOIN claim c ON c.id = a.claimId "
                    + "WHERE a.entityId IN (SELECT id FROM entity WHERE kind = '\(kind.rawValue)') AND c.sourceId IS NOT NULL) \(g) ON \(g).sourceId = s.id")
            }
            return ("\(g).value", "LEFT JOIN (SELECT DISTINCT c.sourceId AS sourceId, \(Self.column(field)) AS value FROM claim c WHERE \(Self.column(field)) IS NOT NULL) \(g) ON \(g).sourceId = s.id")
        }
    }

    /// The value of a single-valued groupable field over `c`, `st` and `s`; booleans read `yes`/`no`.
    static func column(_ field: Field) -> String {
        switch field {
        case .preregistered: "coalesce(st.preregistered, 'unknown')"
        case .economyWide: "CASE c.isEconomyWide WHEN 1 THEN 'yes' ELSE 'no' END"
        case .peerReviewed: "CASE s.isPeerReviewed WHEN 1 THEN 'yes' WHEN 0 THEN 'no' END"
        case .retracted: "CASE WHEN s.id IS NULL THEN NULL WHEN \(NoticeSQL.isRetracted("s.id")) THEN 'yes' ELSE 'no' END"
        default: PredicateCompiler.column(field)
        }
    }
}
