import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// A source with many studies (a replication project reports hundreds) gets a readable cell in
/// the table and Markdown: the distinct designs with their counts and the range of n; CSV and
/// JSON keep every study's value.
struct SourceTableCellTests {
    static let knowledgeBase: KnowledgeBase = {
        let studies = [("s1", "audit-study", "n: 40"), ("s2", "audit-study", "n: 1200"), ("s3", "rct", "n: 300"),
                       ("s4", "audit-study", ""), ("s5", "survey", "n: 75")]
            .map { "{id: \($0.0), design: \($0.1)\($0.2.isEmpty ? "" : ", " + $0.2)}" }.joined(separator: ", ")
        let yaml = """
            sources:
              - {id: many, title: A replication project, issued: 2015, studies: [\(studies)]}
              - {id: few, title: One study, issued: 2020, studies: [{id: f1, design: rct, n: 80}]}
            claims:
              - {id: c-many, statement: Something replicated, source: many, study: s1, economy-wide: true}
              - {id: c-few, statement: Something else, source: few, study: f1, economy-wide: true}
            """
        do { return try makeKnowledgeBase(["a.yaml": yaml]) } catch { fatalError("fixture: \(error)") }
    }()

    func render(_ format: OutputFormat) throws -> String {
        ResultRenderer(format: format, width: 200).render(try QueryEngine(Self.knowledgeBase).run("sources"))
    }

    @Test func theTableSummarisesManyStudies() throws {
        let table = try render(.table)
        #expect(table.contains("audit-study ×3; rct ×1; survey ×1"), "\(table)")
        #expect(table.contains("40–1200 in 4 studies; 1 unknown"), "\(table)")
        #expect(!table.contains("40; 1200"), "\(table)")
        let markdown = try render(.markdown)
        #expect(markdown.contains("| audit-study ×3; rct ×1; survey ×1 | 40–1200 in 4 studies; 1 unknown |"), "\(markdown)")
    }

    @Test func aFewStudiesAreListedAndCSVKeepsEveryValue() throws {
        let table = try render(.table)
        #expect(table.contains("rct") && table.contains(" 80 "), "\(table)")
        let csv = try render(.csv)
        #expect(csv.contains("audit-study; audit-study; rct; audit-study; survey"), "\(csv)")
        #expect(csv.contains("40; 1200; 300; unknown; 75"), "\(csv)")
    }
}
