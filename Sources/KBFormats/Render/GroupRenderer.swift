import KBDomain
import KBStore
import KBQuery

/// Writes a ``GroupedOutcome`` (a `group by` answer) as a table, JSON, JSON lines, CSV or Markdown.
///
/// Every format has the same columns: the group fields, then `count`, `sources`, `best_grade`,
/// `median_strength`, `total_n`, `preregistered_share`, `replicated_share`. The group of units
/// without the field is `(none)` in text and `null` in JSON.
public struct GroupRenderer: Sendable {
    public var format: OutputFormat
    public var width: Int

    public init(format: OutputFormat, width: Int = 120) {
        self.format = format
        self.width = width
    }

    static let aggregateHeaders = ["count", "sources", "best_grade", "median_strength", "total_n", "preregistered_share", "replicated_share"]

    public func render(_ outcome: GroupedOutcome) -> String {
        let headers = outcome.fields.map(\.rawValue) + Self.aggregateHeaders
        switch format {
        case .json:
            let fields: [String: JSONValue] = [
                "query": .string(QueryPrinter.print(outcome.compiled.query)),
                "target": .string(outcome.compiled.query.target.rawValue),
                "group_by": .array(outcome.fields.map { .string($0.rawValue) }),
                "count": .number(Double(outcome.rows.count)),
                "total": .number(Double(outcome.total)),
                // Groups are always counted in full (a `group by` reads every match to make them).
                "total_exact": .bool(true),
                "truncated": .bool(outcome.isTruncated),
                "results": .array(outcome.rows.map { Self.json($0, fields: outcome.fields) }),
            ]
            return JSONValue.object(fields).pretty + "\n"
        case .jsonl:
            return outcome.rows.map { Self.json($0, fields: outcome.fields).compact + "\n" }.joined()
        case .csv:
            return CSVWriter.row(headers) + outcome.rows.map { CSVWriter.row(Self.cells($0)) }.joined()
        case .markdown:
            var out = "| " + headers.joined(separator: " | ") + " |\n"
            out += "|" + headers.indices.map { $0 < outcome.fields.count ? "---|" : "---:|" }.joined() + "\n"
            for row in outcome.rows {
                out += "| " + Self.cells(row).map(ResultRenderer.markdownCell).joined(separator: " | ") + " |\n"
            }
            return out
        case .table:
            guard !outcome.rows.isEmpty else { return "" }
            // The same columns under short headers, so that group values (slugs) are not broken.
            let short = outcome.fields.map(\.rawValue) + ["count", "sources", "best", "median", "total n", "prereg.", "replicated"]
            return TextTable(headers: short, rows: outcome.rows.map(Self.cells)).render(width: width)
        }
    }

    /// A row's cells in the header order; unknown values empty.
    static func cells(_ row: GroupRow) -> [String] {
        row.labels + [String(row.count), String(row.sources), row.bestGrade?.rawValue ?? "", row.medianStrength.map(ResultRenderer.fixed) ?? "",
                      row.totalN.map(String.init) ?? "", ResultRenderer.fixed(row.preregisteredShare), ResultRenderer.fixed(row.replicatedShare)]
    }

    static func json(_ row: GroupRow, fields: [Field]) -> JSONValue {
        var group: [String: JSONValue] = [:]
        for (field, value) in zip(fields, row.values) { group[field.rawValue] = .from(value) }
        return .object([
            "group": .object(group),
            "count": .number(Double(row.count)),
            "sources": .number(Double(row.sources)),
            "best_grade": .from(row.bestGrade?.rawValue),
            "median_strength": .from(row.medianStrength.map(rounded)),
            "total_n": .from(row.totalN),
            "preregistered_share": .number(rounded(row.preregisteredShare)),
            "replicated_share": .number(rounded(row.replicatedShare)),
        ])
    }

    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
