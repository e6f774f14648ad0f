import Foundation
import Testing

/// `kb query … group by` and `kb map` end to end (issue 15): formats, files, exit codes.
@Suite(.serialized)
struct GroupMapCLITests {
    let directory: URL

    init() throws {
        directory = try KBProcess.temporaryDirectory()
    }

    func kb(_ arguments: String...) throws -> KBProcess.Result {
        try KBProcess.run(arguments, in: directory)
    }

    /// An unknown axis is shown as a query's unknown field is: a caret under it, and the
    /// nearest field that maps, else the fields that do (exit 2).
    @Test func anUnknownAxisIsPointedAtWithTheNearestField() throws {
        let unknown = try kb("map", "cohort", "nosuch")
        #expect(unknown.status == 2, "\(unknown.stderr)")
        #expect(unknown.stdout.isEmpty)
        #expect(unknown.stderr.contains("map:1:8: error: unknown field 'nosuch' for the columns"), "\(unknown.stderr)")
        #expect(unknown.stderr.contains("  1 | cohort nosuch\n    |        ^^^^^^\n"), "\(unknown.stderr)")
        #expect(unknown.stderr.contains("help: fields that map: cohort, boundary"), "\(unknown.stderr)")
        let misspelt = try kb("map", "cohrt", "boundary", "--format", "json")
        #expect(misspelt.status == 2, "\(misspelt.stderr)")
        #expect(misspelt.stderr.contains("map:1:1: error: unknown field 'cohrt' for the rows"), "\(misspelt.stderr)")
        #expect(misspelt.stderr.contains("    | ^^^^^\n"), "\(misspelt.stderr)")
        #expect(misspelt.stderr.contains("help: did you mean 'cohort'?"), "\(misspelt.stderr)")
    }

    @Test func groupByPrintsGroupsInEveryFormat() throws {
        let table = try kb("query", "claims group by design")
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.hasPrefix("design "))
        let jsonl = try kb("query", "claims group by design", "--format", "jsonl")
        let lines = jsonl.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["count"] as? Int == 7)
        let limited = try kb("query", "claims group by design limit 1")
        #expect(limited.stderr.contains("showing the 1 largest of 4 groups"))
        let explain = try kb("query", "claims group by cohort", "--explain")
        #expect(explain.stdout.contains("FROM unit") && explain.stdout.contains("plan:"))
    }

    @Test func aFieldThatDoesNotGroupExitsTwo() throws {
        let result = try kb("query", "claims group by strength")
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot group by 'strength'"))
        let map = try kb("map", "cohort", "strength")
        #expect(map.status == 2)
        #expect(map.stderr.contains("cannot map 'strength'"))
        let export = try kb("export", "claims group by cohort", "--style", "csv")
        #expect(export.status == 2)
    }

    @Test func mapWritesEachFormatAndAFile() throws {
        let table = try kb("map", "cohort", "boundary")
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.hasPrefix("Evidence gap map: cohort × boundary — claims"))
        let markdown = try kb("map", "cohort", "boundary", "where year >= 2023", "--format", "markdown")
        #expect(markdown.stdout.hasPrefix("**Evidence gap map: cohort × boundary — claims where year >= 2023**"))
        let path = directory.appendingPathComponent("map.svg").path
        let svg = try kb("map", "cohort", "boundary", "--format", "svg", "--output", path)
        #expect(svg.status == 0)
        #expect(svg.stdout.isEmpty)
        #expect(svg.stderr.contains("gap map"))
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        let misspelt = try kb("map", "cohort", "boundary", "--format", "svgg")
        #expect(misspelt.status == 2)
        #expect(misspelt.stderr.contains("did you mean 'svg'?"))
    }
}
