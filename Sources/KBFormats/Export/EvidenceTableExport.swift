import GRDB
import KBQuery

/// A claims query as an evidence table: every claim with its value, n, design,
/// pre-registration, replication, grade and citation (Markdown: then the reference list; CSV: one
/// row per claim with the citation in columns). Rows stream in rank order.
struct EvidenceTableExport {
    let db: Database
    let compiled: CompiledQuery
    let style: ExportStyle

    func write(to sink: inout some ExportSink) throws -> ExportSummary {
        var summary = ExportSummary()
        if style == .markdown {
            try sink.write(ClaimColumn.markdown.markdownHeading)
        } else {
            try sink.write(CSVWriter.row(ClaimColumn.evidenceCSV.headers))
        }
        let cursor = try Row.fetchCursor(db, sql: compiled.sql, arguments: compiled.statement.statementArguments)
        var batch: [Row] = []
        func flush() throws {
            let results = try ClaimResultBuilder(db: db, compiled: compiled).build(batch)
            for var result in results {
                result.rank += summary.claims
                try sink.write(style == .markdown ? ClaimColumn.markdown.markdownLine(result) : CSVWriter.row(ClaimColumn.evidenceCSV.cells(result)))
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
}
