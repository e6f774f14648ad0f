import Foundation
import GRDB
import Testing
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// The gap map's terminal table in a narrow terminal (trial item 19: the column headers ran past
/// their columns), and a map whose values share a label (two nodes shown alike: it trapped in
/// `Dictionary(uniqueKeysWithValues:)`).
struct GapMapLayoutTests {
    /// The grid's lines: between the title's blank line and the legend.
    static func gridLines(_ text: String) -> [Substring] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return Array(lines.dropFirst(2).prefix { !$0.isEmpty })
    }

    /// Every line of the grid fits the width, each header wraps with its column (its lines,
    /// read down the column, give the label back), and the file is the golden one.
    @Test(arguments: [60, 80, 100])
    func headersWrapWithTheirColumns(width: Int) throws {
        let map = try GapMapTests.seededMap()
        let text = MapRenderer(format: .table, width: width).render(map)
        let grid = Self.gridLines(text)
        #expect(grid.allSatisfy { $0.count <= width }, "\(text)")
        // The dashes under the headers give the columns' widths and where each starts.
        let dashes = try #require(grid.firstIndex { $0.hasPrefix("---") })
        #expect(dashes > 1 || width >= 80, "some header took more than a line at width \(width)")
        let starts = grid[dashes].enumerated().filter { $0.element == "-" && ($0.offset == 0 || grid[dashes][grid[dashes].index(grid[dashes].startIndex, offsetBy: $0.offset - 1)] == " ") }.map(\.offset)
        let headers = ["cohort \\ boundary"] + map.columnValues.map(GapMap.label) + ["total"]
        #expect(starts.count == headers.count, "\(text)")
        for (column, start) in starts.enumerated() {
            let end = column + 1 < starts.count ? starts[column + 1] - 2 : Int.max
            let pieces = grid[..<dashes].map { line -> String in
                let characters = Array(line)
                guard start < characters.count else { return "" }
                return String(characters[start..<min(end, characters.count)]).trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty }
            let label = headers[column]
            // A label wraps at spaces (dropped) or inside a word (after a hyphen, or cut).
            #expect(pieces.joined().replacingOccurrences(of: " ", with: "") == label.replacingOccurrences(of: " ", with: ""), "column \(column): \(pieces) for \(label)")
        }
        if width == 60 { try assertSnapshot(text, named: "map-cohort-boundary-60.txt") }
    }

    /// Markdown leaves the wrapping to whatever renders it: one header cell per column, each the
    /// whole label, as the cells show the row labels.
    @Test func markdownHeadersAreOnePerColumn() throws {
        let map = try GapMapTests.seededMap()
        let text = MapRenderer(format: .markdown, width: 40).render(map)
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("|") }
        let cells = rows.map { $0.split(separator: "|", omittingEmptySubsequences: false).count }
        #expect(Set(cells).count == 1, "\(text)")
        #expect(rows[0].contains("| eu-ai-act-annex-iii |"))
    }

    /// A store that shows the cohorts `older-workers` and `neurodivergent-applicants` both as
    /// `older-or-neurodivergent` (as two nodes of the same label would show).
    struct SameLabelStore: SQLiteDelegatingStore {
        static let merged: Set<String> = ["older-workers", "neurodivergent-applicants"]
        let sqlite: SQLiteQueryStore
        func nodes(of kind: EntityKind) throws -> [ResolvedEntity] {
            try sqlite.nodes(of: kind).map { node in
                guard Self.merged.contains(node.slug) else { return node }
                return ResolvedEntity(id: node.id, kind: node.kind, slug: "older-or-neurodivergent", name: node.name)
            }
        }
    }

    /// Two values with one label make one line: each of its cells counts the distinct claims
    /// about either value and the column (a claim about both counts once, as in the line's total,
    /// so no cell exceeds its total), and the map draws.
    @Test func valuesSharingALabelMakeOneLine() throws {
        let knowledgeBase = Seeded.knowledgeBase
        let original = try QueryEngine(knowledgeBase).gapMap(rows: "cohort", columns: "boundary")
        let map = try QueryEngine(knowledgeBase, store: QueryStoreFactory { SameLabelStore(sqlite: SQLiteQueryStore(db: $0)) })
            .gapMap(rows: "cohort", columns: "boundary")
        let label = "older-or-neurodivergent"
        #expect(map.rowValues.filter { $0 == label }.count == 1)
        #expect(!map.rowValues.contains { $0.map(SameLabelStore.merged.contains) ?? false })
        let row = try #require(map.rowValues.firstIndex(of: label))
        let originals = original.rowValues.indices.filter { original.rowValues[$0].map(SameLabelStore.merged.contains) ?? false }
        #expect(originals.count == 2)
        var doubled = 0
        for (c, column) in map.columnValues.enumerated() {
            let expected = try knowledgeBase.reader.read { db in
                try Int.fetchOne(db, sql: """
                    SELECT count(DISTINCT a.claimId) FROM claimAbout a JOIN entity e ON e.id = a.entityId JOIN claim c ON c.id = a.claimId
                    JOIN claimAbout b ON b.claimId = a.claimId JOIN entity f ON f.id = b.entityId
                    WHERE e.kind = 'cohort' AND e.slug IN ('older-workers', 'neurodivergent-applicants')
                      AND f.kind = 'boundary' AND f.slug = ?
                      AND NOT (c.sourceId IS NOT NULL AND \(NoticeSQL.isRetracted("c.sourceId")))
                    """, arguments: [column]) ?? -1
            }
            if column != nil { #expect(map.cells[row][c].count == expected, "\(String(describing: column))") }
            #expect(map.cells[row][c].count <= map.rowTotals[row].count)
            let summed = originals.map { original.cell(row: original.rowValues[$0], column: column).count }.reduce(0, +)
            if summed > map.cells[row][c].count { doubled += 1 }
        }
        // The seeds hold a claim about both cohorts and a boundary: the old sum counted it twice.
        #expect(doubled > 0)
        let distinct = try knowledgeBase.reader.read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(DISTINCT a.claimId) FROM claimAbout a JOIN entity e ON e.id = a.entityId JOIN claim c ON c.id = a.claimId
                WHERE e.kind = 'cohort' AND e.slug IN ('older-workers', 'neurodivergent-applicants')
                  AND NOT (c.sourceId IS NOT NULL AND \(NoticeSQL.isRetracted("c.sourceId")))
                """) ?? -1
        }
        #expect(map.rowTotals[row].count == distinct)
        #expect(map.total == original.total)
        #expect(!MapRenderer(format: .table).render(map).isEmpty)
    }
}
