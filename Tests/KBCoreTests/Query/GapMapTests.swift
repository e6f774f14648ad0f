import Foundation
import Testing
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// `kb map` (issue 15, item 3): every cell is the matching `group by ROWS, COLS` row, every pair
/// of known values has a cell (gaps included), totals are the one-field groups; golden files for
/// the seed KB in every format.
struct GapMapTests {
    static let pairs: [(String, String, String)] = [
        ("cohort", "boundary", "claims"), ("design", "cohort", "claims"), ("grade", "year", "claims where year >= 2021"),
        ("cohort", "design", "sources"), ("boundary", "cohort", "claims for ml-platform-engineer"),
    ]

    @Test(arguments: [false, true])
    func cellsEqualTheGroupByRows(seeded: Bool) throws {
        let knowledgeBase = seeded ? Seeded.knowledgeBase : GroupByTests.knowledgeBase
        let engine = QueryEngine(knowledgeBase)
        for (rows, columns, query) in Self.pairs where seeded || !query.contains("ml-platform") {
            let map = try engine.gapMap(rows: rows, columns: columns, query: query)
            let grouped = try engine.group("\(query) group by \(rows), \(columns)", limit: 100_000).rows
            var seen = 0
            for group in grouped {
                let cell = map.cell(row: group.values[0], column: group.values[1])
                #expect(cell == GapMap.Cell(count: group.count, bestGrade: group.bestGrade), "\(rows) × \(columns): \(group.labels)")
                seen += 1
            }
            // Every other cell is a gap.
            let nonEmpty = map.cells.joined().filter { !$0.isGap }.count
            #expect(nonEmpty == seen, "\(rows) × \(columns) over \(query)")
            let byRow = try engine.group("\(query) group by \(rows)", limit: 100_000).rows
            for group in byRow {
                let index = try #require(map.rowValues.firstIndex(of: group.values[0]))
                #expect(map.rowTotals[index] == GapMap.Cell(count: group.count, bestGrade: group.bestGrade))
            }
            let byColumn = try engine.group("\(query) group by \(columns)", limit: 100_000).rows
            for group in byColumn {
                let index = try #require(map.columnValues.firstIndex(of: group.values[0]))
                #expect(map.columnTotals[index] == GapMap.Cell(count: group.count, bestGrade: group.bestGrade))
            }
            #expect(map.total.count == (try engine.run(query, limit: 1).total))
        }
    }

    @Test func everyKnownValueHasALineSoGapsShow() throws {
        let map = try QueryEngine(GroupByTests.knowledgeBase).gapMap(rows: "cohort", columns: "boundary")
        // The taxonomy's order, then (none) for the claim about no cohort.
        #expect(map.rowValues == ["older", "women", "veterans", nil])
        #expect(map.columnValues == ["eeoc", "ico", nil])
        let veterans = try #require(map.rowValues.firstIndex(of: "veterans"))
        #expect(map.cells[veterans].allSatisfy { $0.isGap })
        #expect(map.rowTotals[veterans] == GapMap.Cell())
        #expect(map.cell(row: "older", column: "eeoc").count == 2)
        // g-both is in two rows, but once in the eeoc total and once in the grand total.
        #expect(map.columnTotals[0].count == 2)
        #expect(map.total.count == 5)
        #expect(map.title == "Evidence gap map: cohort × boundary — claims")
        // A design map lists every design, though only three have claims.
        let designs = try QueryEngine(GroupByTests.knowledgeBase).gapMap(rows: "design", columns: "cohort")
        #expect(designs.rowValues.compactMap { $0 } == StudyDesign.allCases.map(\.rawValue))
    }

    @Test func aQueryNarrowsTheMapAndNamesItInTheTitle() throws {
        let map = try QueryEngine(GroupByTests.knowledgeBase).gapMap(rows: "cohort", columns: "boundary", query: "where year = 2021")
        #expect(map.query == "claims where year = 2021")
        #expect(map.total.count == 3)
        #expect(map.cell(row: "older", column: "eeoc").isGap)
        #expect(map.cell(row: "women", column: "ico").count == 1)
    }

    @Test func badAxesAreUsageErrors() throws {
        let engine = QueryEngine(GroupByTests.knowledgeBase)
        #expect(renderedError { _ = try engine.gapMap(rows: "cohrt", columns: "boundary") }.contains("did you mean 'cohort'?"))
        #expect(renderedError { _ = try engine.gapMap(rows: "cohort", columns: "strength") }.contains("cannot map 'strength'"))
        #expect(renderedError { _ = try engine.gapMap(rows: "cohort", columns: "cohort") }.contains("map two different fields"))
        #expect(throws: Diagnostic.self) { _ = try engine.gapMap(rows: "cohort", columns: "boundary", query: "citations") }
        #expect(throws: Diagnostic.self) { _ = try engine.gapMap(rows: "cohort", columns: "boundary", query: "claims group by design") }
        // A limit would map the first N claims and draw gaps that are not there (the trial's
        // 'claims where cohort=older limit 3' mapped all 23 without a word).
        let limited = renderedError { _ = try engine.gapMap(rows: "cohort", columns: "boundary", query: "claims where cohort=older limit 3") }
        #expect(limited.contains("'limit' does not apply") && limited.contains("^^^^^"), "\(limited)")
    }

    // MARK: Formats

    static func seededMap() throws -> GapMap {
        try QueryEngine(Seeded.knowledgeBase).gapMap(rows: "cohort", columns: "boundary")
    }

    @Test(arguments: MapFormat.allCases)
    func theSeedMapInEachFormat(format: MapFormat) throws {
        let text = MapRenderer(format: format, width: 120).render(try Self.seededMap())
        try assertSnapshot(text, named: "map-cohort-boundary.\(format == .table ? "txt" : format == .markdown ? "md" : format.rawValue)")
    }

    @Test(arguments: OutputFormat.allCases)
    func theSeedGroupsInEachFormat(format: OutputFormat) throws {
        let outcome = try QueryEngine(Seeded.knowledgeBase).group("claims group by design, grade")
        let text = GroupRenderer(format: format, width: 120).render(outcome)
        try assertSnapshot(text, named: "group-design-grade.\(format == .table ? "txt" : format == .markdown ? "md" : format.rawValue)")
    }

    @Test func theSVGStandsAloneAndReadsWithoutColour() throws {
        let map = try QueryEngine(GroupByTests.knowledgeBase).gapMap(rows: "cohort", columns: "boundary")
        let svg = MapRenderer(format: .svg).render(map)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        // Nothing fetched from elsewhere: the only URL is the SVG namespace.
        #expect(svg.components(separatedBy: "http").count == 2)
        #expect(!svg.contains("<script") && !svg.contains("@import") && !svg.contains("<image"))
        #expect(svg.contains("font-family: system-ui"))
        // Each count is printed, and each gap marked, not only shaded.
        let gaps = map.cells.joined().filter(\.isGap).count
        #expect(svg.components(separatedBy: ">—</text>").count - 1 == gaps + map.rowTotals.filter(\.isGap).count + map.columnTotals.filter(\.isGap).count)
        #expect(svg.contains(">2</text>"))
        #expect(svg.contains("Evidence gap map: cohort × boundary — claims"))
        let html = MapRenderer(format: .html).render(map)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<table>") && html.contains("<th scope=\"row\">veterans</th>"))
        // The same picture, its title left to the page's heading (said once, not twice).
        #expect(html.contains(MapSVG(map).svg(titled: false)))
        #expect(html.components(separatedBy: "Evidence gap map: cohort × boundary — claims</text>").count == 1)
    }

    @Test func textIsEscapedInSVG() {
        #expect(MapSVG.escape("a<b & \"c\"") == "a&lt;b &amp; &quot;c&quot;")
    }
}
