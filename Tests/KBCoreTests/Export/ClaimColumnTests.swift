import Testing
@testable import KBCore
@testable import KBFormats
@testable import KBQuery

/// One definition of the claim columns: `kb query` and `kb export` print the same Markdown
/// table, and their CSVs agree on every column they share.
struct ClaimColumnTests {
    static let text = "claims for ml-platform-engineer rank by strength limit 6"

    @Test func theListingsNameTheirColumns() {
        #expect(ClaimColumn.table.headers == ["#", "score", "grade", "claim", "evidence", "source", "why"])
        #expect(ClaimColumn.markdown.markdownHeading
            == "| # | Claim | Value | n | Design | Pre-registered | Replication | Grade | Source |\n|---|---|---|---|---|---|---|---|---|\n")
        #expect(ClaimColumn.queryCSV.headers == ["rank", "score", "grade", "strength", "claim", "statement", "metric", "value", "unit", "design", "n",
                                                 "n_unit", "preregistered", "replication", "source", "citation", "doi", "url", "year", "why"])
        #expect(ClaimColumn.evidenceCSV.headers == ["rank", "claim", "statement", "quote", "locator", "metric", "value", "unit", "direction", "design",
                                                    "n", "n_unit", "preregistered", "replication", "grade", "strength", "score", "source", "citation",
                                                    "doi", "url", "year"])
    }

    @Test func queryAndExportPrintTheSameMarkdownTable() throws {
        let outcome = try Seeded.engine.run(Self.text)
        let query = ResultRenderer(format: .markdown).render(outcome)
        var sink = StringSink()
        _ = try Exporter(Seeded.knowledgeBase).export(Self.text, style: .markdown, to: &sink)
        #expect(outcome.count > 1)
        #expect(sink.text.hasPrefix(query + "\n## References\n"))
    }

    @Test func sharedCSVColumnsHoldTheSameValues() throws {
        let rows = try #require(try Seeded.engine.run(Self.text).rows.claims)
        let shared = Set(ClaimColumn.queryCSV.headers).intersection(ClaimColumn.evidenceCSV.headers)
        #expect(shared.count == ClaimColumn.queryCSV.count - 1, "all but why")
        for row in rows {
            let query = Dictionary(uniqueKeysWithValues: zip(ClaimColumn.queryCSV.headers, ClaimColumn.queryCSV.cells(row)))
            let export = Dictionary(uniqueKeysWithValues: zip(ClaimColumn.evidenceCSV.headers, ClaimColumn.evidenceCSV.cells(row)))
            for column in shared { #expect(query[column] == export[column], "\(column)") }
        }
    }
}
