import GRDB
import KBQuery
import KBStore

/// A claims query as an evidence table: every claim with its value, n, design,
/// pre-registration, replication, grade and citation (Markdown: then the reference list; CSV: one
/// row per claim with the citation in columns). Rows stream in rank order.
struct EvidenceTableExport {
    let reads: ExportReads
    let compiled: CompiledQuery
    let style: ExportStyle

    func write(to sink: inout some ExportSink) throws -> ExportSummary {
        var summary = ExportSummary()
        if style == .markdown {
            try sink.write(ClaimColumn.markdown.markdownHeading)
        } else {
            try sink.write(CSVWriter.row(ClaimColumn.evidenceCSV.headers))
        }
        let builder = ClaimResultBuilder(graph: reads.graph, compiled: compiled)
        func write(_ batch: [SQLRow]) throws {
            let results = try builder.build(batch)
            for var result in results {
                result.rank += summary.claims
                try sink.write(style == .markdown ? ClaimColumn.markdown.markdownLine(result) : CSVWriter.row(ClaimColumn.evidenceCSV.cells(result)))
            }
            summary.claims += results.count
        }
        switch reads {
        case let .sqlite(db):
            let cursor = try Row.fetchCursor(db, sql: compiled.sql, arguments: compiled.statement.statementArguments)
            var batch: [Row] = []
            while let row = try cursor.next() {
                batch.append(row.copy())
                if batch.count == Exporter.chunk {
                    try write(batch.map(SQLRow.init))
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { try write(batch.map(SQLRow.init)) }
        case .session:
            var batch: [SQLRow] = []
            try reads.forEachRow(compiled.statement) { row in
                batch.append(row)
                if batch.count == Exporter.chunk {
                    try write(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { try write(batch) }
        }
        if style == .markdown {
            // The reference list of the sources behind these claims.
            try sink.write("\n## References\n\n")
            summary.sources = try APAListExport.write(.statement(SourceListExport.ids(for: compiled)), markdown: true, in: reads, to: &sink)
        }
        return summary
    }
}
