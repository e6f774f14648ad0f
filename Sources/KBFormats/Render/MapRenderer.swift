import KBDomain
import KBStore
import KBQuery

/// How `kb map` writes a gap map.
public enum MapFormat: String, Sendable, CaseIterable {
    case table, markdown, csv, json, svg, html
}

/// Writes a ``GapMap``: a terminal table, Markdown, CSV, JSON, or a standalone SVG / HTML page
/// (``MapSVG``). In the text formats a cell reads `count grade-letter` (`3 M`), and a gap `—`.
public struct MapRenderer: Sendable {
    public var format: MapFormat
    public var width: Int

    public init(format: MapFormat, width: Int = 120) {
        self.format = format
        self.width = width
    }

    public func render(_ map: GapMap) -> String {
        switch format {
        case .table: table(map)
        case .markdown: markdown(map)
        case .csv: csv(map)
        case .json: json(map).pretty + "\n"
        case .svg: MapSVG(map).svg()
        case .html: MapSVG(map).html()
        }
    }

    /// `H`, `M`, `L`, `V`: the best grade's letter, readable without colour.
    public static func letter(_ grade: Grade?) -> String {
        switch grade {
        case .high?: "H"
        case .moderate?: "M"
        case .low?: "L"
        case .veryLow?: "V"
        case nil: ""
        }
    }

    public static let gapMark = "—"

    static func text(_ cell: GapMap.Cell) -> String {
        cell.isGap ? gapMark : "\(cell.count) \(letter(cell.bestGrade))"
    }

    static func legend(_ map: GapMap) -> String {
        "each cell: \(map.noun) and their best grade (H high, M moderate, L low, V very-low); \(gapMark) no \(map.noun): a gap; "
            + "totals count each of the \(map.noun) once"
    }

    func grid(_ map: GapMap) -> (headers: [String], rows: [[String]]) {
        let corner = "\(map.rowField.rawValue) \\ \(map.columnField.rawValue)"
        let headers = [corner] + map.columnValues.map(GapMap.label) + ["total"]
        var rows = map.rowValues.indices.map { r in
            [GapMap.label(map.rowValues[r])] + map.cells[r].map(Self.text) + [Self.text(map.rowTotals[r])]
        }
        rows.append(["total"] + map.columnTotals.map(Self.text) + [Self.text(map.total)])
        return (headers, rows)
    }

    /// The grid fitted to ``width``: every column wraps, its header with it (a value's label is
    /// as long as a row's), so a narrow terminal gets taller headers, never a line past its edge.
    func table(_ map: GapMap) -> String {
        let (headers, rows) = grid(map)
        return map.title + "\n\n" + TextTable(headers: headers, rows: rows, wrapping: Set(headers.indices)).render(width: width)
            + "\n" + Self.legend(map) + "\n"
    }

    func markdown(_ map: GapMap) -> String {
        let (headers, rows) = grid(map)
        var out = "**\(ResultRenderer.markdownCell(map.title))**\n\n"
        out += "| " + headers.map(ResultRenderer.markdownCell).joined(separator: " | ") + " |\n"
        out += "|---|" + String(repeating: "---:|", count: headers.count - 1) + "\n"
        for (index, row) in rows.enumerated() {
            var cells = row.map(ResultRenderer.markdownCell)
            if index == rows.count - 1 { cells = cells.map { "**\($0)**" } }
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return out + "\n" + Self.legend(map) + "\n"
    }

    /// One line per cell, gaps included, then the totals (`kind` says which), for spreadsheets.
    func csv(_ map: GapMap) -> String {
        var out = CSVWriter.row(["kind", map.rowField.rawValue, map.columnField.rawValue, "count", "best_grade"])
        for (r, row) in map.rowValues.enumerated() {
            for (c, column) in map.columnValues.enumerated() {
                let cell = map.cells[r][c]
                out += CSVWriter.row(["cell", GapMap.label(row), GapMap.label(column), String(cell.count), cell.bestGrade?.rawValue ?? ""])
            }
        }
        for (r, row) in map.rowValues.enumerated() {
            out += CSVWriter.row(["row-total", GapMap.label(row), "", String(map.rowTotals[r].count), map.rowTotals[r].bestGrade?.rawValue ?? ""])
        }
        for (c, column) in map.columnValues.enumerated() {
            out += CSVWriter.row(["column-total", "", GapMap.label(column), String(map.columnTotals[c].count), map.columnTotals[c].bestGrade?.rawValue ?? ""])
        }
        return out + CSVWriter.row(["total", "", "", String(map.total.count), map.total.bestGrade?.rawValue ?? ""])
    }

    func json(_ map: GapMap) -> JSONValue {
        func cell(_ cell: GapMap.Cell) -> [String: JSONValue] {
            ["count": .number(Double(cell.count)), "best_grade": .from(cell.bestGrade?.rawValue)]
        }
        var cells: [JSONValue] = []
        for (r, row) in map.rowValues.enumerated() {
            for (c, column) in map.columnValues.enumerated() {
                cells.append(.object(cell(map.cells[r][c]).merging(["row": .from(row), "column": .from(column)]) { $1 }))
            }
        }
        return .object([
            "title": .string(map.title),
            "query": .string(map.query),
            "target": .string(map.target.rawValue),
            "rows": .object(["field": .string(map.rowField.rawValue), "values": .array(map.rowValues.map(JSONValue.from))]),
            "columns": .object(["field": .string(map.columnField.rawValue), "values": .array(map.columnValues.map(JSONValue.from))]),
            "cells": .array(cells),
            "row_totals": .array(zip(map.rowValues, map.rowTotals).map { .object(cell($0.1).merging(["value": .from($0.0)]) { $1 }) }),
            "column_totals": .array(zip(map.columnValues, map.columnTotals).map { .object(cell($0.1).merging(["value": .from($0.0)]) { $1 }) }),
            "total": .object(cell(map.total)),
            "gaps": .number(Double(map.cells.joined().filter(\.isGap).count)),
        ])
    }
}
