import Testing
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery

/// The gap map's grey scale: on a register most claims are about no cohort and no jurisdiction,
/// and that one `(none)` cell must not leave every real cell the palest grey.
struct MapShadeTests {
    static func map(named: [[Int]], noneCell: Int) -> GapMap {
        let rows: [String?] = ["older-workers", "women", nil]
        let columns: [String?] = ["us", "uk", nil]
        var cells = named.map { $0.map { GapMap.Cell(count: $0, bestGrade: $0 > 0 ? .low : nil) } + [GapMap.Cell()] }
        cells.append([GapMap.Cell(), GapMap.Cell(), GapMap.Cell(count: noneCell, bestGrade: .low)])
        return GapMap(query: "claims", target: .claims, rowField: .cohort, columnField: .jurisdiction,
                      rowValues: rows, columnValues: columns, cells: cells,
                      rowTotals: rows.map { _ in GapMap.Cell() }, columnTotals: columns.map { _ in GapMap.Cell() }, total: GapMap.Cell())
    }

    @Test func theScaleTopsAtTheLargestNamedCell() {
        let svg = MapSVG(Self.map(named: [[9, 2], [0, 1]], noneCell: 2178))
        #expect(svg.maxCount == 9)
        #expect(svg.level(9) == MapSVG.shades.count - 1)
        #expect(svg.level(2178) == MapSVG.shades.count - 1)
        #expect(svg.level(1) < svg.level(9))
        #expect(svg.legend(x: 0, y: 0).contains("+</text>"), "the darkest swatch says it holds more than the top")
    }

    @Test func withoutNamedCellsTheScaleIsTheLargestCell() {
        let svg = MapSVG(Self.map(named: [[0, 0], [0, 0]], noneCell: 16))
        #expect(svg.maxCount == 16)
        #expect(!svg.legend(x: 0, y: 0).contains("+</text>"))
    }

    /// The HTML page says its title once, as its heading (analyst trial, item 13): the SVG inside
    /// keeps the title only as its accessible name; the standalone SVG still shows it.
    @Test func theHTMLPageShowsItsTitleOnce() {
        let map = Self.map(named: [[9, 2], [0, 1]], noneCell: 5)
        let visibleTitle = ">\(MapSVG.escape(map.title))</text>"
        let html = MapSVG(map).html()
        #expect(html.components(separatedBy: "<h1>").count == 2)
        #expect(!html.contains(visibleTitle))
        #expect(html.contains("<title id=\"map-title\">\(MapSVG.escape(map.title))</title>"))
        #expect(MapSVG(map).svg().contains(visibleTitle))
    }
}
