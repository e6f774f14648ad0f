import GRDB
import KBDomain
import KBQuery
import KBStore

/// A claims query as an evidence table: every claim with its value, n, design,
/// pre-registration, replication, grade and citation (Markdown: then the reference list; CSV: one
/// row per claim with the citation in columns). Rows stream in rank order.
struct EvidenceTableExport {
    let db: Database
    let compiled: CompiledQuery
    let style: ExportStyle

    static let csvHeader = ["rank", "claim", "statement", "quote", "locator", "metric", "value", "unit", "direction", "design", "n", "n_unit",
                            "preregistered", "replication", "grade", "strength", "score", "source", "citation", "doi", "url", "year"]

    func write(to sink: inout some ExportSink) throws -> ExportSummary {
        var summary = ExportSummary()
        if style == .markdown {
            try sink.write("| # | Claim | Value | n | Design | Pre-registered | Replication | Grade | Source |\n")
            try sink.write("|---|---|---|---|---|---|---|---|---|\n")
        } else {
            try sink.write(CSVWriter.row(Self.csvHeader))
        }
        let cursor = try Row.fetchCursor(db, sql: compiled.sql, arguments: compiled.statement.statementArguments)
        var batch: [Row] = []
        func flush() throws {
            let results = try ClaimResultBuilder(db: db, compiled: compiled).build(batch)
            for var result in results {
                result.rank += summary.claims
                try sink.write(style == .markdown ? markdownRow(result) : CSVWriter.row(csvRow(result)))
            }
            summary.claims += results.count
            batch.removeAll(keepingCapacity: true)
        }
        while let row = try cursor.next() {
            batch.append(row.copy())
            if batch.count == Exporter.chunk { try flush() }
        }
        if !batch.isEmpty { try flush() }
        if style == .markdown {
            // The reference list of the sources behind these claims.
            try sink.write("\n## References\n\n")
            summary.sources = try APAListExport.write(SourceListExport.ids(for: compiled), markdown: true, in: db, to: &sink)
        }
        return summary
    }

    func markdownRow(_ row: ClaimResult) -> String {
        let cells = [String(row.rank), row.claim.statement, ResultRenderer.quantity(row.claim), row.study?.n.map(String.init) ?? "unknown",
                     row.study?.design?.rawValue ?? "unknown", row.study?.preregistered.rawValue ?? "unknown", row.claim.replication.rawValue,
                     row.grade.rawValue, row.source.map { APAStyle.inText($0) } ?? "no source"]
        return "| " + cells.map(ResultRenderer.markdownCell).joined(separator: " | ") + " |\n"
    }

    func csvRow(_ row: ClaimResult) -> [String] {
        [String(row.rank), row.claim.slug, row.claim.statement, row.claim.quote ?? "", row.claim.locator ?? "", row.claim.quantity?.metric ?? "",
         row.claim.quantity?.value.map(ResultRenderer.number) ?? "", row.claim.quantity?.unit ?? "", row.claim.quantity?.direction?.rawValue ?? "",
         row.study?.design?.rawValue ?? "", row.study?.n.map(String.init) ?? "", row.study?.nUnit ?? "",
         row.study?.preregistered.rawValue ?? "unknown", row.claim.replication.rawValue, row.grade.rawValue, ResultRenderer.fixed(row.strength),
         ResultRenderer.fixed(row.score), row.source?.slug ?? "", row.source.map { APAStyle.reference(for: $0).plainText } ?? "",
         row.source?.doi ?? "", row.source?.url ?? "", row.source?.issued.map { String($0.year) } ?? ""]
    }
}
