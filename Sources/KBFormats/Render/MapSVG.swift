import Foundation
import KBDomain
import KBStore
import KBQuery

/// A gap map as a standalone SVG (and an HTML page around it) that reads in black and white:
/// each cell prints its count and best-grade letter, its grey shade grows with the count, and
/// a gap is hatched and marked `—`. No external fonts, scripts or images: the system font stack.
struct MapSVG {
    let map: GapMap
    /// The top of the shade scale (see ``topCount(_:)``), computed once: every cell's shade and
    /// every count of the legend's ranges reads it (at 1M claims the legend asks for 280,000
    /// shades, and a pass over the cells for each took a map page 0.3 s).
    let maxCount: Int

    init(_ map: GapMap) {
        self.map = map
        self.maxCount = Self.topCount(map)
    }

    static let fontStack = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
    /// Shades from few to many claims, and the text colour that reads on each.
    static let shades = ["#f2f2f2", "#cccccc", "#8c8c8c", "#4d4d4d"]
    static let inks = ["#000000", "#000000", "#ffffff", "#ffffff"]

    let cellWidth = 64, cellHeight = 42, charWidth = 7, margin = 20

    /// The top of the shade scale: the largest cell between two named values. The `(none)` row
    /// and column hold what is about neither axis (on a register, most claims), and would
    /// otherwise leave every real cell the palest grey; they take the darkest shade when above it.
    static func topCount(_ map: GapMap) -> Int {
        var named: [Int] = []
        for (r, row) in map.cells.enumerated() where map.rowValues[r] != nil {
            for (c, cell) in row.enumerated() where map.columnValues[c] != nil { named.append(cell.count) }
        }
        return named.max().flatMap { $0 > 0 ? $0 : nil } ?? (map.cells.joined().map(\.count).max() ?? 0)
    }

    /// 0…3: the shade of a non-empty cell, on a logarithmic scale up to ``maxCount``.
    func level(_ count: Int) -> Int {
        let top = maxCount
        guard count > 0, top > 1 else { return 0 }
        let share = log1p(Double(count)) / log1p(Double(top))
        return min(3, max(0, Int((share * 4).rounded(.up)) - 1))
    }

    /// The picture; `titled` false leaves the visible title out (the HTML page's heading says it,
    /// and a reader saw it twice), keeping it as the accessible name.
    func svg(titled: Bool = true) -> String {
        let rowLabels = map.rowValues.map(GapMap.label) + ["total"]
        let columnLabels = map.columnValues.map(GapMap.label) + ["total"]
        let labelWidth = (rowLabels.map(\.count).max() ?? 5) * charWidth + 16
        let headerHeight = Int(Double((columnLabels.map(\.count).max() ?? 5) * charWidth) * 0.72) + 24
        let gridX = margin + labelWidth
        let gridY = (titled ? 56 : 16) + headerHeight
        let gridWidth = columnLabels.count * cellWidth
        let gridHeight = rowLabels.count * cellHeight
        let legendY = gridY + gridHeight + 28
        // Wide enough for the grid, the title (16px bold: about 9.5px a character) and the legend.
        let width = max(gridX + gridWidth + margin + 40, titled ? margin * 2 + map.title.count * 19 / 2 : 0, 600)
        let height = legendY + 86
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" role="img" aria-labelledby="map-title map-desc">
            <title id="map-title">\(Self.escape(map.title))</title>
            <desc id="map-desc">\(Self.escape(MapRenderer.legend(map)))</desc>
            <defs>
            <pattern id="gap-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="8" height="8" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="8" stroke="#b3b3b3" stroke-width="2"/>
            </pattern>
            </defs>
            <style>text { font-family: \(Self.fontStack); fill: #000000; } .ink-light { fill: #ffffff; } .count { font-size: 14px; font-weight: 700; } .grade { font-size: 11px; } .label { font-size: 12px; } .total { font-weight: 700; }</style>
            <rect width="\(width)" height="\(height)" fill="#ffffff"/>

            """
        if titled { out += "<text x=\"\(margin)\" y=\"30\" style=\"font-size: 16px; font-weight: 700;\">\(Self.escape(map.title))</text>\n" }
        // Column headers, slanted so that long slugs fit.
        for (c, label) in columnLabels.enumerated() {
            let x = gridX + c * cellWidth + cellWidth / 2
            out += "<text class=\"label\(c == columnLabels.count - 1 ? " total" : "")\" transform=\"translate(\(x) \(gridY - 8)) rotate(-45)\">\(Self.escape(label))</text>\n"
        }
        for (r, label) in rowLabels.enumerated() {
            let y = gridY + r * cellHeight + cellHeight / 2 + 4
            out += "<text class=\"label\(r == rowLabels.count - 1 ? " total" : "")\" x=\"\(gridX - 8)\" y=\"\(y)\" text-anchor=\"end\">\(Self.escape(label))</text>\n"
        }
        for r in rowLabels.indices {
            for c in columnLabels.indices {
                let isTotal = r == rowLabels.count - 1 || c == columnLabels.count - 1
                let cell: GapMap.Cell
                if r == rowLabels.count - 1 {
                    cell = c == columnLabels.count - 1 ? map.total : map.columnTotals[c]
                } else {
                    cell = c == columnLabels.count - 1 ? map.rowTotals[r] : map.cells[r][c]
                }
                out += self.cell(cell, x: gridX + c * cellWidth, y: gridY + r * cellHeight, isTotal: isTotal,
                                 name: "\(rowLabels[r]) × \(columnLabels[c])")
            }
        }
        // The totals are set off from the cells by a heavier rule.
        let totalsX = gridX + (columnLabels.count - 1) * cellWidth, totalsY = gridY + (rowLabels.count - 1) * cellHeight
        out += "<line x1=\"\(totalsX)\" y1=\"\(gridY)\" x2=\"\(totalsX)\" y2=\"\(gridY + gridHeight)\" stroke=\"#000000\" stroke-width=\"2\"/>\n"
        out += "<line x1=\"\(gridX)\" y1=\"\(totalsY)\" x2=\"\(gridX + gridWidth)\" y2=\"\(totalsY)\" stroke=\"#000000\" stroke-width=\"2\"/>\n"
        out += legend(x: margin, y: legendY)
        return out + "</svg>\n"
    }

    func cell(_ cell: GapMap.Cell, x: Int, y: Int, isTotal: Bool, name: String) -> String {
        let centre = x + cellWidth / 2
        let tooltip = "<title>\(Self.escape(name)): \(cell.count) \(map.noun)\(cell.bestGrade.map { ", best grade \($0.rawValue)" } ?? "")</title>"
        if cell.isGap {
            return "<g>\(tooltip)<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cellWidth)\" height=\"\(cellHeight)\" fill=\"url(#gap-hatch)\" stroke=\"#808080\" stroke-width=\"1\"/>"
                + "<text x=\"\(centre)\" y=\"\(y + cellHeight / 2 + 5)\" text-anchor=\"middle\" class=\"count\">\(MapRenderer.gapMark)</text></g>\n"
        }
        let shade = isTotal ? 0 : level(cell.count)
        let fill = isTotal ? "#ffffff" : Self.shades[shade]
        let ink = Self.inks[shade] == "#ffffff" ? " ink-light" : ""
        return "<g>\(tooltip)<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cellWidth)\" height=\"\(cellHeight)\" fill=\"\(fill)\" stroke=\"#808080\" stroke-width=\"1\"/>"
            + "<text x=\"\(centre)\" y=\"\(y + 19)\" text-anchor=\"middle\" class=\"count\(ink)\">\(cell.count)</text>"
            + "<text x=\"\(centre)\" y=\"\(y + 34)\" text-anchor=\"middle\" class=\"grade\(ink)\">\(MapRenderer.letter(cell.bestGrade))</text></g>\n"
    }

    /// The shades with the counts each stands for, the gap swatch, and the grade letters.
    func legend(x: Int, y: Int) -> String {
        var out = "<text x=\"\(x)\" y=\"\(y)\" class=\"label total\">Legend</text>\n"
        let top = maxCount
        let largest = map.cells.joined().map(\.count).max() ?? 0
        var swatchX = x
        for shade in Self.shades.indices {
            let counts = (1...max(top, 1)).filter { level($0) == shade }
            guard let low = counts.first, let high = counts.last else { continue }
            // The darkest shade also holds the (none) cells above the scale's top.
            let open = shade == Self.shades.count - 1 && largest > top
            let range = open ? "\(low)+" : low == high ? "\(low)" : "\(low)–\(high)"
            out += "<rect x=\"\(swatchX)\" y=\"\(y + 10)\" width=\"22\" height=\"16\" fill=\"\(Self.shades[shade])\" stroke=\"#808080\"/>"
            out += "<text x=\"\(swatchX + 28)\" y=\"\(y + 23)\" class=\"label\">\(range)</text>\n"
            swatchX += 28 + range.count * charWidth + 14
        }
        out += "<rect x=\"\(swatchX)\" y=\"\(y + 10)\" width=\"22\" height=\"16\" fill=\"url(#gap-hatch)\" stroke=\"#808080\"/>"
        out += "<text x=\"\(swatchX + 28)\" y=\"\(y + 23)\" class=\"label\">\(MapRenderer.gapMark) no \(map.noun) (a gap)</text>\n"
        out += "<text x=\"\(x)\" y=\"\(y + 46)\" class=\"label\">Number: \(map.noun) in the cell. Letter: their best grade — H high, M moderate, L low, V very-low.</text>\n"
        out += "<text x=\"\(x)\" y=\"\(y + 64)\" class=\"label\">Totals count each of the \(map.noun) once, even when it is in several cells.</text>\n"
        return out
    }

    /// The SVG in a small page, with the same numbers as a table for screen readers and copying.
    func html() -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Self.escape(map.title))</title>
            <style>
            body { font-family: \(Self.fontStack); color: #000; background: #fff; margin: 2rem; }
            figure { margin: 0 0 2rem 0; overflow-x: auto; }
            table { border-collapse: collapse; font-size: 0.9rem; }
            th, td { border: 1px solid #808080; padding: 0.25rem 0.5rem; text-align: right; }
            th[scope=row] { text-align: left; }
            caption { text-align: left; font-weight: 700; margin-bottom: 0.5rem; }
            @media print { figure { overflow: visible; } }
            </style>
            </head>
            <body>
            <h1>\(Self.escape(map.title))</h1>
            <figure>
            \(svg(titled: false))</figure>
            <table>
            <caption>\(Self.escape(map.title)) (as a table)</caption>
            <thead><tr><th scope="col">\(Self.escape(map.rowField.rawValue)) \\ \(Self.escape(map.columnField.rawValue))</th>
            """
        out += map.columnValues.map { "<th scope=\"col\">\(Self.escape(GapMap.label($0)))</th>" }.joined() + "<th scope=\"col\">total</th></tr></thead>\n<tbody>\n"
        for (r, row) in map.rowValues.enumerated() {
            out += "<tr><th scope=\"row\">\(Self.escape(GapMap.label(row)))</th>"
            out += map.cells[r].map { "<td>\(Self.escape(MapRenderer.text($0)))</td>" }.joined()
            out += "<td>\(Self.escape(MapRenderer.text(map.rowTotals[r])))</td></tr>\n"
        }
        out += "<tr><th scope=\"row\">total</th>" + map.columnTotals.map { "<td>\(Self.escape(MapRenderer.text($0)))</td>" }.joined()
        out += "<td>\(Self.escape(MapRenderer.text(map.total)))</td></tr>\n</tbody>\n</table>\n</body>\n</html>\n"
        return out
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
