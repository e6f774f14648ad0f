import KBCore

/// `/map?rows=…&cols=…&q=…`: an evidence gap map of any two fields, drawn by `kb map`'s own SVG
/// renderer and repeated as a table (the accessible form, and the one to copy from). Each cell
/// links to the claims it counts.
enum MapPage {
    static let defaultRows = "cohort"
    static let defaultColumns = "boundary"

    static func render(_ map: GapMap, rows: String, columns: String, query: String) -> HTML {
        Layout.page(title: map.title, """
        <h1>Evidence gap map</h1>
        \(form(rows: rows, columns: columns, query: query))
        \(figure(map))
        <p><a href="\(URLText.link("/api/map", [("rows", rows), ("cols", columns), ("q", query.isEmpty ? nil : query)]))">This map as JSON</a></p>
        """)
    }

    /// The map's form: the two fields and the query, as GET parameters (a shareable URL).
    static func form(rows: String, columns: String, query: String) -> HTML {
        let fields = Field.groupable.map(\.rawValue)
        func select(_ name: String, _ label: String, _ chosen: String) -> HTML {
            let options = fields.map { field -> HTML in
                field == chosen ? "<option selected>\(field)</option>" : "<option>\(field)</option>"
            }
            return "<label for=\"map-\(name)\">\(label)</label> <select id=\"map-\(name)\" name=\"\(name)\">\(options)</select>"
        }
        return """
        <form class="map" action="/map" method="get">
        \(select("rows", "Rows", rows)) \(select("cols", "Columns", columns))
        <label for="map-q">Claims</label> <input type="text" id="map-q" name="q" value="\(query)" placeholder="claims where year >= 2020">
        <button type="submit">Map</button>
        </form>
        """
    }

    /// The SVG (without its own `<style>` and style attributes, which the page's
    /// Content-Security-Policy would block; the stylesheet carries the same rules) and the table
    /// with the same numbers.
    static func figure(_ map: GapMap) -> HTML {
        var svg = MapRenderer(format: .svg).render(map)
        if let start = svg.range(of: "<style>"), let end = svg.range(of: "</style>", range: start.upperBound..<svg.endIndex) {
            svg.removeSubrange(start.lowerBound..<end.upperBound)
        }
        // Style attributes too (the title's): the stylesheet sizes `.gap-map svg > text`.
        while let start = svg.range(of: " style=\""), let end = svg.range(of: "\"", range: start.upperBound..<svg.endIndex) {
            svg.removeSubrange(start.lowerBound..<end.upperBound)
        }
        return """
        <figure class="gap-map" aria-hidden="true">\(HTML(renderedByKB: svg))</figure>
        \(table(map))
        """
    }

    static func table(_ map: GapMap) -> HTML {
        let head = map.columnValues.map { value -> HTML in "<th scope=\"col\">\(GapMap.label(value))</th>" }
        let rows = map.rowValues.indices.map { r -> HTML in
            let cells = map.columnValues.indices.map { c in cell(map.cells[r][c], map, row: map.rowValues[r], column: map.columnValues[c]) }
            return "<tr><th scope=\"row\">\(GapMap.label(map.rowValues[r]))</th>\(cells)\(cell(map.rowTotals[r], map, row: map.rowValues[r], column: nil, isTotal: true))</tr>"
        }
        let totals = map.columnValues.indices.map { c in cell(map.columnTotals[c], map, row: nil, column: map.columnValues[c], isTotal: true) }
        return """
        <table class="map-table">
        <caption>\(map.title) — each cell: \(map.noun) and their best grade (H high, M moderate, L low, V very-low); — is a gap</caption>
        <thead><tr><th scope="col">\(map.rowField.rawValue) \\ \(map.columnField.rawValue)</th>\(head)<th scope="col">total</th></tr></thead>
        <tbody>
        \(rows)
        <tr><th scope="row">total</th>\(totals)<td>\(text(map.total))</td></tr>
        </tbody>
        </table>
        """
    }

    /// A cell: its text, linked to the query that lists what it counts (a gap is not linked).
    static func cell(_ cell: GapMap.Cell, _ map: GapMap, row: String?, column: String?, isTotal: Bool = false) -> HTML {
        guard !cell.isGap else { return "<td class=\"gap\">\(MapRenderer.gapMark)</td>" }
        var query = map.query
        for (field, value) in [(map.rowField, row), (map.columnField, column)] {
            guard let value, let toggled = try? KBService.togglingFilter(field, value: value, in: query) else { continue }
            query = toggled
        }
        // A (none) value has no filter to write, so a cell on its line is not linked.
        guard isTotal ? (row != nil || column != nil) : (row != nil && column != nil) else { return "<td>\(text(cell))</td>" }
        return "<td><a href=\"\(URLText.results(query))\">\(text(cell))</a></td>"
    }

    static func text(_ cell: GapMap.Cell) -> String {
        cell.isGap ? MapRenderer.gapMark : "\(cell.count) \(MapRenderer.letter(cell.bestGrade))"
    }
}
