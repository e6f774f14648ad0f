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
        var query = try Parser.parse(text)
        guard query.target == .claims else { throw KBError.usage("facets in one pass count claims; group a sources query by each field") }
        if let field = fields.first(where: { !$0.isGroupable || $0 == .jurisdiction }) {
            throw KBError.usage("'\(field.rawValue)' is not a facet field")
        }
        query.ranking = []
        query.limit = nil
        query.grouping = []
        return try knowledgeBase.reader.read { db in
            let store = store(db)
            let (statement, sources) = try GroupByCompiler(store: store, text: text).compileFacets(query, fields: fields, profile: profile)
            let keys = try GroupKeys(fields: fields, store: store)
            var counts = Array(repeating: [DatabaseValue: Int](), count: fields.count)
            let kinds = sources.compactMap { if case let .links(kind) = $0 { kind } else { nil } }
            let reader = LinkedUnitRows(kinds: kinds, claimColumn: GroupByCompiler.columnCount(sources))
            try reader.forEach(statement, in: db, store: store) { row, links in
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
            return fields.indices.map { index in
                let named = counts[index].map { (value: keys.named($0.key, at: index), count: $0.value) }
                let ordered = named.sorted { lhs, rhs in
                    lhs.count != rhs.count ? lhs.count > rhs.count : GroupAggregator.precedes([lhs.value], [rhs.value])
                }
                return FacetCounts(field: fields[index], groups: ordered.prefix(max(0, limit)).map { (GapMapAxes.text($0.value), $0.count) })
            }
        }
    }
}

extension GroupByCompiler {
    /// One statement over the claims `query` matches: per claim, each non-taxonomy field's value,
    /// then the claim's id (a taxonomy field's nodes are its links, joined in memory by
    /// ``LinkedUnitRows``, as ``keySources(_:target:)`` says).
    func compileFacets(_ written: Query, fields: [Field], profile: ProfileSpec?) throws -> (statement: SQLFragment, keys: [KeySource]) {
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
            if parts.excludeRetracted { filters.append(SQLFragment(sql: "NOT (c.sourceId IS NOT NULL AND \(NoticeSQL.isRetracted("c.sourceId")))")) }
            if !filters.isEmpty { sql += SQLFragment(sql: "WHERE ") + filters.joined(separator: "\n  AND ") + SQLFragment(sql: "\n") }
            let selected = (0..<Self.columnCount(sources)).map { "f\($0)" } + ["claimId"]
            return (sql + SQLFragment(sql: ")\nSELECT \(selected.joined(separator: ", ")) FROM facet"), sources)
        }
    }
}
