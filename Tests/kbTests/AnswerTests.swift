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
        #expect(!limited.stderr.contains("add 'limit N'"), "the user chose the limit: \(limited.stderr)")
        let object = try json(try kb("query", "claims for ml-platform-engineer limit 4", "--format", "json"))
        #expect(object["count"] as? Int == 4)
        #expect(object["total"] as? Int == 16)
        #expect(object["total_exact"] as? Bool == true, "16 is below the count's bound: counted exactly")
        #expect(object["truncated"] as? Bool == true)
        // --exact-total counts every match: the same answer here, and no 'at least' anywhere.
        let exact = try kb("query", "claims for ml-platform-engineer limit 4", "--format", "json", "--exact-total")
        #expect(exact.status == 0 && !exact.stderr.contains("at least"), "\(exact.stderr)")
        #expect(try json(exact)["total"] as? Int == 16)
        #expect(try kb("query", "--help").stdout.contains("--exact-total"))
    }

    /// Past the bound (1000 matches): "more than 1000" in the notice and the JSON, the same
    /// results; `--exact-total` counts all 1050, in `kb query` and `kb run`.
    @Test func moreThanTheBoundSaysMoreThanUnlessExact() throws {
        let seeds = directory.appendingPathComponent("many")
        try FileManager.default.createDirectory(at: seeds, withIntermediateDirectories: true)
        try "roles:\n  - {id: analyst}\n".write(to: seeds.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        let claims = (1...1050).map { "  - {id: finding-\($0), statement: Finding \($0), source: work, about: [role:analyst]}" }
        try (["sources:", "  - {id: work, title: One work, issued: 2020}", "claims:"] + claims).joined(separator: "\n")
            .write(to: seeds.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        #expect(try kb("--db", "many.sqlite", "init", "--seeds", seeds.path).status == 0)
        let table = try kb("--db", "many.sqlite", "query", "claims for analyst")
        #expect(table.stderr.contains("showing the first 50 of more than 1000 claims (add 'limit N' to the query or --limit N for more); --exact-total counts them all"),
                "\(table.stderr)")
        let bounded = try json(try kb("--db", "many.sqlite", "query", "claims for analyst limit 5", "--format", "json"))
        #expect(bounded["total"] as? Int == 1000 && bounded["total_exact"] as? Bool == false)
        let exact = try json(try kb("--db", "many.sqlite", "query", "claims for analyst limit 5", "--format", "json", "--exact-total"))
        #expect(exact["total"] as? Int == 1050 && exact["total_exact"] as? Bool == true)
        #expect((exact["results"] as? [[String: Any]])?.count == 5)
        func ids(_ object: [String: Any]) -> [String] {
            (object["results"] as? [[String: Any]] ?? []).compactMap { ($0["claim"] as? [String: Any])?["id"] as? String }
        }
        #expect(ids(exact).count == 5 && ids(exact) == ids(bounded), "the results do not depend on the count")
        try "# Many\nclaims for analyst limit 5\n".write(to: directory.appendingPathComponent("many.kbq"), atomically: true, encoding: .utf8)
        let run = try kb("--db", "many.sqlite", "run", "many.kbq", "--exact-total")
        #expect(run.status == 0 && run.stderr.contains("showing the first 5 of 1050 claims"), "\(run.stderr)")
        let citations = try json(try kb("query", "citations rank by year desc limit 2", "--format", "json"))
        let results = try #require(citations["results"] as? [[String: Any]])
        // Rank order in JSON: the 2025 sources, not the older one.
        #expect(results.compactMap { $0["year"] as? Int } == [2025, 2025])
        #expect(results.compactMap { $0["rank"] as? Int } == [1, 2])
        #expect(citations["total"] as? Int == 3)
    }

    /// Issue 13, item 7: a limit the user wrote (`limit N` or --limit N) gets how many match in
    /// all, never advice to add a limit; kb's own default limit of 50 still gets the advice.
    @Test func aLimitTheUserWroteGetsNoAdviceToAddOne() throws {
        // A synthetic audit study (no authors, no DOI: a fixture, not a citation) with 51 claims
        // about older workers: one more than the default limit.
        var yaml = "sources:\n  - {id: fixture-audit, title: Synthetic audit study, studies: [{id: fixture-audit-st, design: audit-study}]}\nclaims:\n"
        for index in 1...51 {
            yaml += "  - {id: fixture-\(index), statement: Fixture claim \(index)., source: fixture-audit, study: fixture-audit-st, about: [cohort:older-workers]}\n"
        }
        let file = directory.appendingPathComponent("fixture.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        #expect(try kb("import", file.path).status == 0)

        let query = "claims where cohort=older and design=audit-study rank by strength limit 5"
        let total = try #require(try json(try kb("query", query, "--limit", "1000", "--format", "json"))["total"] as? Int)
        #expect(total == 51)
        for arguments in [["query", query], ["query", query.replacingOccurrences(of: " limit 5", with: ""), "--limit", "5"]] {
            let result = try KBProcess.run(arguments, in: directory)
            #expect(result.status == 0)
            #expect(result.stderr == "kb: showing the first 5 of 51 claims\n", "\(arguments): \(result.stderr)")
        }
        let saved = directory.appendingPathComponent("older.kbq")
        try "# Older workers, audit studies\n\(query)\n".write(to: saved, atomically: true, encoding: .utf8)
        let run = try kb("run", saved.path)
        #expect(run.stderr.hasSuffix("\nkb: showing the first 5 of 51 claims\n"), "\(run.stderr)")
        #expect(!run.stderr.contains("add 'limit N'"))

        let byDefault = try kb("query", "claims where cohort=older and design=audit-study rank by strength")
        #expect(byDefault.stderr == "kb: showing the first 50 of 51 claims (add 'limit N' to the query or --limit N for more)\n", "\(byDefault.stderr)")
    }
}
