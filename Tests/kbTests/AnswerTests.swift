import Foundation
import Testing

/// Issue 12, items 1, 2 and 13 as the trial ran them: one query, one answer in `kb query`,
/// `kb run` and `kb export`; JSON's `total`; the "more match" message says how many.
@Suite(.serialized)
struct AnswerTests {
    let directory: URL

    init() throws {
        directory = try KBProcess.temporaryDirectory()
    }

    func kb(_ arguments: String...) throws -> KBProcess.Result {
        try KBProcess.run(arguments, in: directory)
    }

    func json(_ result: KBProcess.Result) throws -> [String: Any] {
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func queryRunAndExportGiveTheSameSources() throws {
        let query = "citations for ml-platform-engineer where not retracted limit 3"
        let shown = try json(try kb("query", query, "--format", "json"))
        let ids = Set(try #require(shown["results"] as? [[String: Any]]).compactMap { $0["id"] as? String })
        #expect(ids.count == 3)
        #expect(shown["total"] as? Int == 3)
        let saved = directory.appendingPathComponent("three.kbq")
        try "# Three citations\n\(query)\n".write(to: saved, atomically: true, encoding: .utf8)
        let run = try json(try kb("run", saved.path, "--format", "json"))
        #expect(Set(try #require(run["results"] as? [[String: Any]]).compactMap { $0["id"] as? String }) == ids)
        let bibtex = try kb("export", query, "--style", "bibtex")
        #expect(bibtex.status == 0)
        let keys = bibtex.stdout.split(separator: "\n").filter { $0.hasPrefix("@") }.compactMap { line in
            line.split(separator: "{").dropFirst().first.map { String($0.dropLast()) }
        }
        #expect(Set(keys) == ids)
        #expect(bibtex.stderr.contains("exported 3 sources"))
        for style in ["apa", "csv", "ris", "csl-json", "markdown"] {
            let exported = try kb("export", query, "--style", style)
            #expect(exported.stderr.contains("exported 3 sources"), "\(style): \(exported.stderr)")
        }
    }

    @Test func aLimitedAnswerSaysHowManyMatch() throws {
        let limited = try kb("query", "claims for ml-platform-engineer", "--limit", "4")
        #expect(limited.status == 0)
        #expect(limited.stderr.contains("showing the first 4 of 16 claims"), "\(limited.stderr)")
        let object = try json(try kb("query", "claims for ml-platform-engineer limit 4", "--format", "json"))
        #expect(object["count"] as? Int == 4)
        #expect(object["total"] as? Int == 16)
        #expect(object["truncated"] as? Bool == true)
        let citations = try json(try kb("query", "citations rank by year desc limit 2", "--format", "json"))
        let results = try #require(citations["results"] as? [[String: Any]])
        // Rank order in JSON: the 2025 sources, not the older one.
        #expect(results.compactMap { $0["year"] as? Int } == [2025, 2025])
        #expect(results.compactMap { $0["rank"] as? Int } == [1, 2])
        #expect(citations["total"] as? Int == 3)
    }
}
