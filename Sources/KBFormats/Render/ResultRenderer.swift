import KBDomain
import KBQuery

/// Writes a ``QueryOutcome`` as a table, JSON, JSON lines, CSV or Markdown.
public struct ResultRenderer: Sendable {
    public var format: OutputFormat
    /// Table width in characters.
    public var width: Int

    public init(format: OutputFormat, width: Int = 120) {
        self.format = format
        self.width = width
    }

    public func render(_ outcome: QueryOutcome) -> String {
        switch outcome.rows {
        case let .claims(rows): claims(rows, outcome: outcome)
        case let .sources(rows): sources(rows, outcome: outcome)
        case let .citations(rows): citations(rows, outcome: outcome)
        }
    }

    func envelope(_ outcome: QueryOutcome, results: [JSONValue]) -> String {
        switch format {
        case .jsonl:
            return results.map { $0.compact + "\n" }.joined()
        default:
            var fields: [String: JSONValue] = [
                "query": .string(QueryPrinter.print(outcome.compiled.query)),
                "target": .string(outcome.compiled.query.target.rawValue),
                "count": .number(Double(results.count)),
                "total": .number(Double(outcome.total)),
                "total_exact": .bool(outcome.isTotalExact),
                "truncated": .bool(outcome.isTruncated),
                "results": .array(results),
            ]
            if let hint = outcome.emptyHint { fields["hint"] = .string(hint) }
            if !outcome.compiled.subjectLabels.isEmpty { fields["subjects"] = .array(outcome.compiled.subjectLabels.map(JSONValue.string)) }
            return JSONValue.object(fields).pretty + "\n"
        }
    }

    // MARK: Claims

    func claims(_ rows: [ClaimResult], outcome: QueryOutcome) -> String {
        switch format {
        case .json, .jsonl:
            return envelope(outcome, results: rows.map(ResultJSON.claim))
        case .csv:
            return CSVWriter.row(ClaimColumn.queryCSV.headers) + rows.map { CSVWriter.row(ClaimColumn.queryCSV.cells($0)) }.joined()
        case .markdown:
            return ClaimColumn.markdown.markdownHeading + rows.map(ClaimColumn.markdown.markdownLine).joined()
        case .table:
            guard !rows.isEmpty else { return "" }
            let table = TextTable(headers: ClaimColumn.table.headers, rows: rows.map(ClaimColumn.table.cells), wrapping: ClaimColumn.tableWrapping)
            return table.render(width: width)
        }
    }

    static func quantity(_ claim: Claim) -> String {
        guard let quantity = claim.quantity, let value = quantity.value else { return "" }
        let sign = value > 0 && quantity.direction == .increase ? "+" : ""
        return sign + number(value) + (quantity.unit.map { $0 == "percent" ? "%" : " \($0)" } ?? "")
    }

    static func quantitySuffix(_ claim: Claim) -> String {
        let text = quantity(claim)
        return text.isEmpty ? "" : " [\(text)]"
    }

    static func evidence(_ row: ClaimResult) -> String {
        guard row.source != nil else { return "unsourced" }
        var parts = [row.study?.design?.rawValue ?? "design unknown"]
        if let n = row.study?.n { parts.append("n=\(n)" + (row.study?.nUnit.map { " \($0)" } ?? "")) } else { parts.append("n unknown") }
        parts.append("prereg " + (row.study?.preregistered.rawValue ?? "unknown"))
        parts.append("replication " + row.claim.replication.rawValue)
        if row.isRetracted { parts.append("RETRACTED") }
        return parts.joined(separator: ", ")
    }

    /// The path factor, shortened: "direct: role ml-platform-engineer", "economy-wide".
    static func whySummary(_ row: ClaimResult) -> String {
        var parts: [String] = []
        if let path = row.why.first(where: { $0.kind == .path }) {
            parts.append(path.value.hasPrefix("economy-wide") ? "economy-wide" : path.value)
        }
        for factor in row.why {
            if case let .profileFacet(facet) = factor.kind, factor.value == "matched" { parts.append(facet + " matched") }
        }
        if let text = row.why.first(where: { $0.kind == .textMatch }), let effect = text.effect, effect > RelevanceModel.textFloor {
            parts.append("text match \(fixed(effect))")
        }
        return parts.joined(separator: "; ")
    }

    // MARK: Sources and citations

    func sources(_ rows: [SourceResult], outcome: QueryOutcome) -> String {
        switch format {
        case .json, .jsonl:
            return envelope(outcome, results: rows.map(ResultJSON.sourceResult))
        case .csv:
            return CSVWriter.row(["rank", "source", "citation", "year", "type", "design", "n", "preregistered", "claims", "best_grade", "doi", "url"])
                + rows.map { row in
                    CSVWriter.row([String(row.rank), row.source.slug, APAStyle.reference(for: row.source).plainText,
                                   row.source.issued.map { String($0.year) } ?? "", row.source.type, Self.designs(row),
                                   Self.sampleSizes(row), row.studies.map(\.preregistered.rawValue).joined(separator: "; "),
                                   String(row.claimCount), row.bestGrade?.rawValue ?? "", row.source.doi ?? "", row.source.url ?? ""])
                }.joined()
        case .markdown:
            var out = "| # | Source | Year | Type | Design | n | Claims | Best grade | DOI / URL |\n|---|---|---|---|---|---|---|---|---|\n"
            for row in rows {
                let cells = [String(row.rank), APAStyle.inText(row.source), row.source.issued.map { String($0.year) } ?? "n.d.", row.source.type,
                             Self.designsCell(row), Self.sampleSizesCell(row), String(row.claimCount), row.bestGrade?.rawValue ?? "",
                             row.source.doi.map { "https://doi.org/\($0)" } ?? row.source.url ?? ""]
                out += "| " + cells.map(Self.markdownCell).joined(separator: " | ") + " |\n"
            }
            return out
        case .table:
            guard !rows.isEmpty else { return "" }
            return TextTable(
                headers: ["#", "source", "citation", "type", "design", "n", "claims", "grade", "doi / url"],
                rows: rows.map { row in
                    [String(row.rank), row.source.slug, APAStyle.inText(row.source), row.source.type, Self.designsCell(row),
                     Self.sampleSizesCell(row), String(row.claimCount), row.bestGrade?.rawValue ?? "-",
                     row.source.doi.map { "https://doi.org/\($0)" } ?? row.source.url ?? "-"]
                },
                wrapping: [2, 4, 8]).render(width: width)
        }
    }

    static func designs(_ row: SourceResult) -> String {
        row.studies.isEmpty ? "no study" : row.studies.map { $0.design?.rawValue ?? "unknown" }.joined(separator: "; ")
    }

    static func sampleSizes(_ row: SourceResult) -> String {
        row.studies.isEmpty ? "-" : row.studies.map { $0.n.map(String.init) ?? "unknown" }.joined(separator: "; ")
    }

    /// More studies than a cell can list readably (a replication project reports hundreds).
    static let listedStudies = 3

    /// The designs for a table cell: each study's, or for many studies each distinct design with
    /// how many studies have it (`audit-study ×330`). CSV and JSON keep every study.
    static func designsCell(_ row: SourceResult) -> String {
        guard row.studies.count > listedStudies else { return designs(row) }
        var counts: [(design: String, count: Int)] = []
        for study in row.studies {
            let design = study.design?.rawValue ?? "unknown"
            if let index = counts.firstIndex(where: { $0.design == design }) { counts[index].count += 1 } else { counts.append((design, 1)) }
        }
        return counts.map { "\($0.design) ×\($0.count)" }.joined(separator: "; ")
    }

    /// The sample sizes for a table cell: each study's, or for many studies their range and
    /// count (`12–2000 in 328 studies; 2 unknown`).
    static func sampleSizesCell(_ row: SourceResult) -> String {
        guard row.studies.count > listedStudies else { return sampleSizes(row) }
        let known = row.studies.compactMap(\.n)
        let unknown = row.studies.count - known.count
        guard let low = known.min(), let high = known.max() else { return "unknown in \(unknown) studies" }
        let range = low == high ? String(low) : "\(low)–\(high)"
        return "\(range) in \(known.count) studies" + (unknown > 0 ? "; \(unknown) unknown" : "")
    }

    /// Table and Markdown print a reference list, in APA order; JSON, JSON lines and CSV are
    /// data: the same sources in rank order, each with its `rank` (README, "Semantics").
    func citations(_ rows: [(rank: Int, source: Source, reference: StyledText)], outcome: QueryOutcome) -> String {
        let ranked = rows.sorted { $0.rank < $1.rank }
        switch format {
        case .json, .jsonl:
            return envelope(outcome, results: ranked.map { row in
                guard case var .object(fields) = ResultJSON.source(row.source) else { return .null }
                fields["rank"] = .number(Double(row.rank))
                // The entry as printed in this list (with its 2025a/2025b suffix, if any).
                fields["citation"] = .string(row.reference.plainText)
                return .object(fields)
            })
        case .csv:
            return CSVWriter.row(["rank", "source", "citation", "doi", "url", "year"]) + ranked.map {
                CSVWriter.row([String($0.rank), $0.source.slug, $0.reference.plainText, $0.source.doi ?? "", $0.source.url ?? "",
                               $0.source.issued.map { String($0.year) } ?? ""])
            }.joined()
        case .markdown:
            return rows.map { $0.reference.markdown + "\n" }.joined()
        case .table:
            return rows.map { $0.reference.plainText + "\n" }.joined()
        }
    }

    // MARK: Helpers

    static func number(_ value: Double) -> String { JSONValue.format(value) }

    public static func fixed(_ value: Double) -> String {
        let scaled = Int((value * 1000).rounded())
        // The sign is written apart: -0.1 has a whole part of 0, which would lose it.
        let sign = scaled < 0 ? "-" : ""
        let whole = abs(scaled) / 1000
        let fraction = abs(scaled) % 1000
        return "\(sign)\(whole).\(String(repeating: "0", count: 3 - String(fraction).count))\(fraction)"
    }

    package static func markdownCell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
