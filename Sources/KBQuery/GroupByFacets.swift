import GRDB
import KBDomain
import KBStore

/// The counts of several fields' values over everything a claims query matches, from one pass.
///
/// A results page shows six facets; as six `group by`s they selected the matches six times (3.4 s
/// of a 4.6 s page over 1M claims). Here one statement selects the matching claims once — exactly
/// as ``GroupByCompiler`` does, so the counts are those of `QUERY group by FIELD` — with one column
/// per field, and a taxonomy field's nodes from the claim's links held in memory (a claim about
/// two cohorts counts in both; about none, in `(none)`).
public struct FacetCounts: Sendable {
    public var field: Field
    /// The `limit` largest groups in `group by`'s order (count, then value, `(none)` last).
    public var groups: [(value: String?, count: Int)]

    public init(field: Field, groups: [(value: String?, count: Int)]) {
        self.field = field
        self.groups = groups
    }
}

extension QueryEngine {
    /// The facet counts of `fields` over what the claims query `text` matches (its `rank by`
    /// and `limit` play no part), the `limit` largest groups of each, as `group by` orders them.
    /// - Throws: ``Diagnostic`` for query errors; `KBError.usage` for a target other than claims or
    ///   a field that does not group.
    public func facetCounts(_ text: String, fields: [Field], profile: ProfileSpec? = nil, limit: Int) throws -> [FacetCounts] {
        try knowledgeBase.reader.read { db in
            try Self.facetCounts(try Parser.parse(text), text: text, fields: fields, profile: profile, limit: limit, in: .sqlite(db, store: store))
        }
    }

    /// ``facetCounts(_:fields:profile:limit:)`` in one read of any store. On SQLite the matches'
    /// rows are counted in memory (its `GROUP BY` would sort them once per field); on a server
    /// engine (``SQLDialect/groupsOnServer``: PostgreSQL) one statement selects the matches once
    /// and counts every field's values there, so that one row per value crosses the wire, not one
    /// per claim (1M claims: six `group by`s took 3.0 s of a results page).
    package static func facetCounts(_ parsed: Query, text: String, fields: [Field], profile: ProfileSpec?, limit: Int,
                                    in session: QueryReadSession) throws -> [FacetCounts] {
        var query = parsed
        guard query.target == .claims else { throw KBError.usage("facets in one pass count claims; group a sources query by each field") }
        if let field = fields.first(where: { !$0.isGroupable || $0 == .jurisdiction }) {
            throw KBError.usage("'\(field.rawValue)' is not a facet field")
        }
        guard !fields.isEmpty else { return [] }
        query.ranking = []
        query.limit = nil
        query.grouping = []
        let store = session.store
        let (selection, sources) = try GroupByCompiler(store: store, text: text).compileFacets(query, fields: fields, profile: profile)
        let keys = try GroupKeys(fields: fields, store: store)
        var counts = Array(repeating: [DatabaseValue: Int](), count: fields.count)
        if store.dialect.groupsOnServer {
            try FacetsOnServer.read(selection, sources: sources, into: &counts, in: session.executor)
        } else {
            let kinds = sources.compactMap { if case let .links(kind) = $0 { kind } else { nil } }
            let reader = LinkedUnitRows(kinds: kinds, claimColumn: GroupByCompiler.columnCount(sources))
            try reader.forEach(GroupByCompiler.facetRows(selection, sources: sources), in: UnitRowSource(session.executor), store: store) { row, links in
                var link = 0
                for (index, source) in sources.enumerated() {
                    guard case .links = source else {
                        if case let .column(column) = source { counts[index][row.databaseValue(at: column), default: 0] += 1 }
                        continue
                    }
                    let nodes = links[link]
                    link += 1
                    if nodes.isEmpty { counts[index][.null, default: 0] += 1 }
                    for node in nodes { counts[index][node.databaseValue, default: 0] += 1 }
                }
            }
        }
        return fields.indices.map { index in
            let named = counts[index].map { (value: keys.named($0.key, at: index), count: $0.value) }
            let ordered = named.sorted { lhs, rhs in
                lhs.count != rhs.count ? lhs.count > rhs.count : GroupAggregator.precedes([lhs.value], [rhs.value])
            }
            return FacetCounts(field: fields[index], groups: ordered.prefix(max(0, limit)).map { (GapMapAxes.text($0.value), $0.count) })
        }
    }
}

/// The facet counts of every field in one statement on a server engine: the `facet` CTE (one
/// row per matching claim, referenced twice or more, so PostgreSQL computes it once) counted by
/// `GROUPING SETS` for the fields that are columns, and per taxonomy kind through the claim's
/// links (`LEFT JOIN claimAbout`: a claim about two cohorts counts in both, about none in the
/// NULL group, `(none)`), as the in-memory count does.
enum FacetsOnServer {
    static func statement(_ selection: SQLFragment, sources: [GroupByCompiler.KeySource]) -> SQLFragment {
        let columns = GroupByCompiler.columnCount(sources)
        let links = sources.compactMap { if case let .links(kind) = $0 { kind } else { nil } }
        // Each row: which field (its index in `sources`), then its value in that field's own
        // column (`f…` for a column, `l…` for a kind's node id), the others NULL, then the count.
        let linkNulls = links.indices.map { "CAST(NULL AS bigint) AS l\($0)" }
        var branches: [String] = []
        if columns > 0 {
            let fieldOf = sources.enumerated().compactMap { index, source -> String? in
                guard case let .column(column) = source else { return nil }
                return "WHEN GROUPING(f\(column)) = 0 THEN \(index)"
            }
            let values = (0..<columns).map { "f\($0)" }
            let sets = values.map { "(\($0))" }.joined(separator: ", ")
            branches.append("SELECT CASE \(fieldOf.joined(separator: " ")) END AS field, \((values + linkNulls).joined(separator: ", ")), count(*) AS n\n"
                            + "FROM facet GROUP BY GROUPING SETS (\(sets))")
        }
        var link = 0
        for (index, source) in sources.enumerated() {
            guard case let .links(kind) = source else { continue }
            // Typed NULLs: with no column field to type the columns first, PostgreSQL would take two
            // untyped NULLs of one column for text and refuse a third branch's bigint (review 39).
            let values = Array(repeating: "NULL", count: columns) + links.indices.map { $0 == link ? "a.entityId" : "CAST(NULL AS bigint)" }
            // The kind's raw value is kb's own constant, never user text.
            branches.append("SELECT \(index), \(values.joined(separator: ", ")), count(*)\n"
                            + "FROM facet LEFT JOIN claimAbout a ON a.claimId = facet.claimId AND a.entityId IN (SELECT id FROM entity WHERE kind = '\(kind.rawValue)')\n"
                            + "GROUP BY a.entityId")
            link += 1
        }
        return selection + SQLFragment(sql: "\n" + branches.joined(separator: "\nUNION ALL\n"))
    }

    /// Adds the statement's counts to `counts` (one dictionary per field of `sources`, keyed by
    /// the raw value as the in-memory count keys it).
    static func read(_ selection: SQLFragment, sources: [GroupByCompiler.KeySource], into counts: inout [[DatabaseValue: Int]],
                     in executor: any StatementExecutor) throws {
        let columns = GroupByCompiler.columnCount(sources)
        let linkColumn = sources.enumerated().reduce(into: [Int: Int]()) { out, item in
            if case .links = item.element { out[item.offset] = 1 + columns + out.count }
        }
        try executor.forEachRow(statement(selection, sources: sources)) { row in
            guard let field = row[0].int64.map(Int.init), counts.indices.contains(field) else { return true }
            let value: DatabaseValue = switch sources[field] {
            case let .column(column): row[1 + column].databaseValue
            case .links: linkColumn[field].map { row[$0].databaseValue } ?? .null
            case .jurisdiction: .null
            }
            counts[field][value, default: 0] += row[1 + columns + linkColumn.count].int64.map(Int.init) ?? 0
            return true
        }
    }
}

extension GroupByCompiler {
    /// The CTEs that select the claims `query` matches, ending with `facet`: per claim, each
    /// non-taxonomy field's value (`f0`, `f1`… in ``KeySource/column(_:)`` order), then the
    /// claim's id (a taxonomy field's nodes are its links, read in memory by ``LinkedUnitRows``
    /// or joined on the server by ``FacetsOnServer``, as ``keySources(_:target:)`` says).
    func compileFacets(_ written: Query, fields: [Field], profile: ProfileSpec?) throws -> (selection: SQLFragment, keys: [KeySource]) {
        try QueryCompiler(store: store, text: text).expandingSavedConditions(written) { query in
            let (prefix, parts) = try selection(query, profile: profile)
            let sources = Self.keySources(fields, target: .claims)
            let columns = zip(fields, sources).compactMap { field, source -> String? in
                guard case let .column(index) = source else { return nil }
                return "\(Self.column(field)) AS f\(index)"
            } + ["c.id AS claimId"]
            var sql = prefix + SQLFragment(sql: "facet AS (\nSELECT \(columns.joined(separator: ",\n  "))\n")
            sql += SQLFragment(sql: parts.hasSubjects ? "FROM best JOIN claim c ON c.id = best.claimId\n" : "FROM claim c\n")
            sql += SQLFragment(sql: "LEFT JOIN study st ON st.id = c.studyId\nLEFT JOIN source s ON s.id = c.sourceId\n")
            var filters: [SQLFragment] = []
            if let condition = parts.condition { filters.append(condition) }
            if parts.excludeRetracted { filters.append(SQLFragment(sql: NoticeSQL.claimNotRetracted())) }
            if !filters.isEmpty { sql += SQLFragment(sql: "WHERE ") + filters.joined(separator: "\n  AND ") + SQLFragment(sql: "\n") }
            return (sql + SQLFragment(sql: ")"), sources)
        }
    }

    /// The rows of `facet` for the in-memory count: the column fields' values, then the claim's id.
    static func facetRows(_ selection: SQLFragment, sources: [KeySource]) -> SQLFragment {
        let selected = (0..<columnCount(sources)).map { "f\($0)" } + ["claimId"]
        return selection + SQLFragment(sql: "\nSELECT \(selected.joined(separator: ", ")) FROM facet")
    }
}
