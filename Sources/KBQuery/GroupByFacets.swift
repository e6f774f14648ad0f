import GRDB
import KBDomain
import KBStore

/// The counts of several fields' values over everything a claims query matches, from one pass.
///
/// A results page shows six facets; as six `group by`s they selected the matches six times (3.4 s
/// of a 4.6 s page over 1M claims). Here one statement selects the matching claims once — exactly
/// as ``GroupByCompiler`` does, so the counts are those of `QUERY group by FIELD` — with one column
/// per field: a claim's value, or for a taxonomy field the list of its nodes' ids (a claim about
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
            let statement = try GroupByCompiler(store: store, text: text).compileFacets(query, fields: fields, profile: profile)
            let keys = try GroupKeys(fields: fields, store: store)
            var counts = Array(repeating: [DatabaseValue: Int](), count: fields.count)
            let lists = fields.map { if case .entity = $0.valueType { true } else { false } }
            let cursor = try Row.fetchCursor(db, sql: statement.sql, arguments: StatementArguments(statement.arguments))
            while let row = try cursor.next() {
                for index in fields.indices {
                    let value: DatabaseValue = row[index]
                    guard lists[index], case let .string(ids) = value.storage else {
                        counts[index][value, default: 0] += 1
                        continue
                    }
                    for id in ids.split(separator: ",") {
                        counts[index][Int64(id).map(\.databaseValue) ?? .null, default: 0] += 1
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
}

extension GroupByCompiler {
    /// One statement over the claims `query` matches: per claim, each field's value (a taxonomy
    /// field's node ids joined by commas, NULL when none).
    func compileFacets(_ written: Query, fields: [Field], profile: ProfileSpec?) throws -> SQLFragment {
        try QueryCompiler(store: store, text: text).expandingSavedConditions(written) { query in
            let (prefix, parts) = try selection(query, profile: profile)
            let columns = fields.enumerated().map { index, field in
                if case let .entity(kind) = field.valueType {
                    // The claim's own links (`claimAboutByClaim`), as in ``claimKey(_:_:)``.
                    return "(SELECT group_concat(entityId) FROM claimAbout WHERE claimId = c.id AND +entityId IN (SELECT id FROM entity WHERE kind = '\(kind.rawValue)')) AS f\(index)"
                }
                return "\(Self.column(field)) AS f\(index)"
            }
            var sql = prefix + SQLFragment(sql: "facet AS (\nSELECT \(columns.joined(separator: ",\n  "))\n")
            sql += SQLFragment(sql: parts.hasSubjects ? "FROM best JOIN claim c ON c.id = best.claimId\n" : "FROM claim c\n")
            sql += SQLFragment(sql: "LEFT JOIN study st ON st.id = c.studyId\nLEFT JOIN source s ON s.id = c.sourceId\n")
            var filters: [SQLFragment] = []
            if let condition = parts.condition { filters.append(condition) }
            if parts.excludeRetracted { filters.append(SQLFragment(sql: "NOT (c.sourceId IS NOT NULL AND \(NoticeSQL.isRetracted("c.sourceId")))")) }
            if !filters.isEmpty { sql += SQLFragment(sql: "WHERE ") + filters.joined(separator: "\n  AND ") + SQLFragment(sql: "\n") }
            return sql + SQLFragment(sql: ")\nSELECT \(fields.indices.map { "f\($0)" }.joined(separator: ", ")) FROM facet")
        }
    }
}
