import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// Each bundled `Queries/*.kbq` against the seed KB: its SQL and its output, reviewed as goldens.
struct SavedQueryTests {
    /// Empty when a bundled query is broken; `everyBundledQueryLoads` then says which.
    static let names = (try? SavedQuery.bundled.map(\.name)) ?? []

    @Test func everyBundledQueryLoads() throws {
        #expect(try SavedQuery.bundled.count == Self.names.count)
    }

    /// A broken bundled query is an error naming its file, not a query that silently vanishes.
    @Test func aBrokenBundledQueryIsAnError() throws {
        let good = (path: "Queries/good.kbq", text: "# Good\nclaims for pytorch\n")
        #expect(try SavedQuery.bundled(in: [good]).map(\.name) == ["good"])
        for broken in [(path: "Queries/empty.kbq", text: "# only a title\n"), (path: "Queries/bad.kbq", text: "# Bad\nclaims where (n >\n")] {
            let error = #expect(throws: KBError.self) { try SavedQuery.bundled(in: [good, broken]) }
            #expect(error?.description.contains(broken.path) == true, "\(String(describing: error))")
        }
    }

    @Test func atLeastSixSavedQueries() {
        #expect(Self.names.count >= 6)
        #expect(Self.names.contains("mission"))
    }

    @Test(arguments: names)
    func goldenSQLAndOutput(name: String) throws {
        let saved = try SavedQuery.find(name)
        #expect(!saved.title.isEmpty)
        let explanation = try Seeded.engine.explain(saved.query)
        let outcome = try Seeded.run(saved.query)
        var text = "# \(saved.title)\n\(saved.query)\n\n-- sql\n\(explanation.sql)\n-- arguments: [\(explanation.arguments.joined(separator: ", "))]\n\n-- results\n"
        text += ResultRenderer(format: .table, width: 120).render(outcome)
        if let hint = outcome.emptyHint { text += "-- empty: \(hint)\n" }
        try assertSnapshot(text, named: "queries/\(name).txt")
    }

    @Test func titleAndQueryAreReadFromTheFile() throws {
        let saved = try SavedQuery(name: "x", file: "x.kbq", text: "# Title\n# more words\n\nclaims for pytorch\n  where preregistered\n")
        #expect(saved.title == "Title")
        #expect(saved.description == "more words")
        #expect(saved.query == "claims for pytorch where preregistered")
        #expect(throws: KBError.self) { try SavedQuery(name: "y", file: "y.kbq", text: "# only a title\n") }
    }
}

/// DESIGN §5's JSON contract, on every DESIGN §3 example.
struct JSONContractTests {
    @Test(arguments: ParserTests.designExamples.map(\.0))
    func resultsHaveTheDocumentedKeys(text: String) throws {
        let outcome = try Seeded.run(text)
        let rendered = ResultRenderer(format: .json).render(outcome)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(rendered.utf8)) as? [String: Any])
        #expect(Set(object.keys).isSuperset(of: ["query", "target", "count", "truncated", "results"]))
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.count == object["count"] as? Int)
        for result in results {
            switch outcome.compiled.query.target {
            case .claims:
                #expect(Set(result.keys).isSuperset(of: ["rank", "score", "claim", "source", "evidence", "why"]))
                let claim = try #require(result["claim"] as? [String: Any])
                #expect(Set(claim.keys).isSuperset(of: ["id", "statement"]))
                if let source = result["source"] as? [String: Any] {
                    #expect(Set(source.keys).isSuperset(of: ["id", "citation", "year"]))
                } else {
                    #expect(result["source"] is NSNull)
                }
                let evidence = try #require(result["evidence"] as? [String: Any])
                #expect(Set(evidence.keys).isSuperset(of: ["design", "n", "preregistered", "replication", "grade", "strength"]))
                let why = try #require(result["why"] as? [[String: Any]])
                #expect(why.contains { $0["factor"] as? String == "path" })
                #expect(why.allSatisfy { $0["factor"] is String && $0["value"] is String })
            case .sources, .citations:
                #expect(Set(result.keys).isSuperset(of: ["id", "citation", "year"]))
            }
        }
    }

    @Test func jsonIsStableAcrossRuns() throws {
        let first = ResultRenderer(format: .json).render(try Seeded.run("claims for ml-platform-engineer"))
        let second = ResultRenderer(format: .json).render(try Seeded.run("claims for ml-platform-engineer"))
        #expect(first == second)
    }

    @Test func missionQueryJSONGolden() throws {
        try assertSnapshot(ResultRenderer(format: .json).render(try Seeded.run("claims for ml-platform-engineer where cohort=older")),
                           named: "mission.json")
    }
}

struct OutputFormatTests {
    @Test func csvNeutralisesFormulasButNotNumbers() {
        #expect(CSVWriter.cell("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(CSVWriter.cell("+1+1") == "'+1+1")
        #expect(CSVWriter.cell("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVWriter.cell("-40") == "-40")
        #expect(CSVWriter.cell("-cmd") == "'-cmd")
        #expect(CSVWriter.cell("a,b") == "\"a,b\"")
    }

    @Test func markdownEvidenceTable() throws {
        try assertSnapshot(ResultRenderer(format: .markdown).render(try Seeded.run("claims for pytorch where preregistered and n >= 400")),
                           named: "preregistered.md")
    }

    @Test func emptyResultsSayWhatWouldMatch() throws {
        let outcome = try Seeded.run("claims for ml-platform-engineer, kubernetes where design in (rct, audit-study) rank by strength limit 5")
        #expect(outcome.count == 0)
        #expect(outcome.emptyHint?.hasPrefix("without 'design in (rct, audit-study)' (the last filter) 16 claims would match") == true)
    }

    // The command the hint suggests pastes into a shell as it is (trial: `(kb query "claims where
    // "writing"")` split at the search word's quotes, and the shell gave kb `claims where writing`).
    @Test func theEmptyHintsCommandIsOneShellWord() throws {
        let hint = try Seeded.run(#"claims where "writing" and year > 2100"#).emptyHint
        #expect(hint?.hasSuffix(#"would match (kb query 'claims where "writing"')"#) == true, "\(hint ?? "")")
        #expect(ShellWord.quoted("claims") == "claims")
        #expect(ShellWord.quoted(#"claims where "don't""#) == #"'claims where "don'\''t"'"#)
        #expect(ShellWord.quoted("") == "''")
    }

    // Trial: `claims for jax direct` said "nothing in the knowledge base is linked to jax", where
    // `claims for jax` finds claims (through the skill graph, and economy-wide ones).
    @Test func anEmptyBoundedSubjectSaysWhatItWouldFindWithoutItsBound() throws {
        let unbounded = try Seeded.run("claims for jax")
        #expect(unbounded.total > 1)
        let hint = try Seeded.run("claims for jax direct").emptyHint
        #expect(hint == "nothing is linked to jax directly; without 'direct' \(unbounded.total) claims would match (kb query 'claims for jax')",
                "\(hint ?? "")")
    }

    // The hint's count is counted as the total is: up to the bound, then "more than" (a search
    // word with no match at 1M claims spent 0.44 s counting every claim for the hint).
    @Test func theEmptyHintCountsUpToTheTotalsBound() throws {
        let text = "claims for ml-platform-engineer, kubernetes where design in (rct, audit-study) rank by strength limit 5"
        let bounded = try Seeded.engine.run(text, total: .atMost(5))
        #expect(bounded.count == 0)
        #expect(bounded.emptyHint?.hasPrefix("without 'design in (rct, audit-study)' (the last filter) more than 5 claims would match (kb query") == true,
                "\(bounded.emptyHint ?? "")")
        // At a bound the count does not reach, the count is exact as before.
        let within = try Seeded.engine.run(text, total: .atMost(16))
        #expect(within.emptyHint?.hasPrefix("without 'design in (rct, audit-study)' (the last filter) 16 claims would match") == true)
    }

    @Test func tableWrapsToTheWidth() throws {
        let table = ResultRenderer(format: .table, width: 80).render(try Seeded.run("claims for ml-platform-engineer"))
        #expect(table.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }
}

import Foundation
