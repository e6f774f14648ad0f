import Foundation
import Testing

/// Every `--format` a command accepts prints that format (issue 12, item 14); a misspelt value is
/// a usage error with a did-you-mean; a dry run creates no file; `kb show` lists a claim's
/// replications (item 15).
@Suite(.serialized)
struct CLIOutputTests {
    let directory: URL

    init() throws {
        directory = try KBProcess.temporaryDirectory()
    }

    func kb(_ arguments: String...) throws -> KBProcess.Result {
        try KBProcess.run(arguments, in: directory)
    }

    // MARK: show and stats in every format

    @Test func showPrintsEachFormatItAccepts() throws {
        let table = try kb("show", "noy2023experimental")
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.hasPrefix("source "))

        let csv = try kb("show", "noy2023experimental", "--format", "csv")
        #expect(csv.status == 0)
        let csvLines = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(csvLines.first == "field,value")
        #expect(csvLines.contains("source,noy2023experimental"))
        #expect(csvLines.contains("doi,10.1126/science.adh2586"))

        let markdown = try kb("show", "noy2023experimental", "--format", "markdown")
        let markdownLines = markdown.stdout.split(separator: "\n").map(String.init)
        #expect(Array(markdownLines.prefix(3)) == ["| field | value |", "|---|---|", "| source | noy2023experimental |"])
        #expect(markdownLines.allSatisfy { $0.hasPrefix("|") && $0.hasSuffix("|") })

        let jsonl = try kb("show", "noy2023experimental", "--format", "jsonl")
        let lines = jsonl.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let object = try JSONSerialization.jsonObject(with: Data(String(lines[0]).utf8)) as? [String: Any]
        #expect(object?["id"] as? String == "noy2023experimental")

        let json = try kb("show", "noy2023experimental", "--format", "json")
        #expect(json.stdout.split(separator: "\n").count > 1)
        let pretty = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(pretty?["id"] as? String == "noy2023experimental")
    }

    @Test func statsPrintsEachFormatItAccepts() throws {
        let csv = try kb("stats", "--format", "csv")
        #expect(csv.status == 0, "\(csv.stderr)")
        let csvLines = csv.stdout.components(separatedBy: "\r\n")
        #expect(csvLines.first == "field,value")
        #expect(csvLines.contains("claims,16"))
        #expect(csvLines.contains("unsourced claims,1") || csvLines.contains { $0.hasPrefix("unsourced claims,") })

        let markdown = try kb("stats", "--format", "markdown")
        #expect(markdown.stdout.hasPrefix("| field | value |\n|---|---|\n"))
        #expect(markdown.stdout.contains("| claims | 16 |"))

        let jsonl = try kb("stats", "--format", "jsonl")
        let lines = jsonl.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let object = try JSONSerialization.jsonObject(with: Data(String(lines[0]).utf8)) as? [String: Any]
        #expect(object?["claims"] as? Int == 16)
    }

    // MARK: misspelt values

    @Test(arguments: [
        (["show", "noy2023experimental", "--format", "jsn"], "'json'"),
        (["stats", "--format", "jsn"], "'json'"),
        (["list", "roles", "--format", "mardown"], "'markdown'"),
        (["query", "claims", "--format", "jsn"], "'json'"),
        (["run", "cohort-evidence-gaps", "--format", "cvs"], "'csv'"),
        (["audit", "--format", "jsn"], "'json'"),
        (["import", "x.bib", "--format", "bibtx", "--dry-run"], "'bibtex'"),
        (["export", "sources", "--style", "bibtx"], "'bibtex'"),
    ])
    func aMisspeltFormatIsAUsageErrorWithADidYouMean(arguments: [String], suggestion: String) throws {
        let result = try KBProcess.run(arguments, in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("did you mean \(suggestion)?"), "\(result.stderr)")
        #expect(result.stderr.contains("expected one of:"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        // Refused before anything is opened: no KB was created.
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("kb.sqlite").path))
    }

    // MARK: invalid records

    /// Every invalid record of a RIS file is told, each at its line and column, and nothing is
    /// written (exit 3), as a BibTeX or CSL-JSON file's are.
    @Test func aRISFileTellsEveryInvalidRecordAndWritesNothing() throws {
        let before = try kb("stats", "--format", "json").stdout
        let ris = directory.appendingPathComponent("broken.ris")
        let text = "TY  - JOUR\nTI  - Unclosed record\nTY  - JOUR\nTI  - Good record\nER  - \nTY  - JOUR\nTI  - Last unclosed record\n"
        try Data(text.utf8).write(to: ris)
        let result = try kb("import", ris.path)
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("broken.ris:1:1: error: the record starting at line 1 has no 'ER  - '"), "\(result.stderr)")
        #expect(result.stderr.contains("broken.ris:6:1: error: the record starting at line 6 is not closed"), "\(result.stderr)")
        #expect(result.stderr.contains("kb: 2 errors; nothing was written"), "\(result.stderr)")
        #expect(try kb("stats", "--format", "json").stdout == before)
    }

    // MARK: dry run

    @Test func aDryRunOnANewPathCreatesNothing() throws {
        let bib = directory.appendingPathComponent("one.bib")
        try Data("@article{ada2020, title = {A work never seen}, author = {Lovelace, Ada}, journal = {J}, year = {2020}}\n".utf8).write(to: bib)
        let result = try kb("--db", "fresh.sqlite", "import", bib.path, "--dry-run")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("would write 1 added"), "\(result.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("fresh.sqlite") }
        #expect(left.isEmpty, "a dry run left \(left)")
    }

    @Test func aDryRunOnAnExistingKBLeavesItAsItWas() throws {
        let before = try kb("stats", "--format", "json").stdout
        let bib = directory.appendingPathComponent("two.bib")
        try Data("@article{bob2021, title = {Another unseen work}, author = {Bob, B.}, journal = {J}, year = {2021}}\n".utf8).write(to: bib)
        let result = try kb("import", bib.path, "--dry-run")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try kb("stats", "--format", "json").stdout == before)
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("kb.sqlite-") }
        #expect(left.isEmpty, "a dry run left \(left)")
    }

    // MARK: replications

    @Test func showListsTheReplicatingSourcesAndTheirOutcome() throws {
        let csv = directory.appendingPathComponent("pairs.csv")
        try Data("""
            id,statement,original_title,original_year,replication_title,replication_year,verdict
            c1,Priming changes walking speed,Automaticity of social behavior,1996,Behavioral priming: it's all in the mind,2012,failed

            """.utf8).write(to: csv)
        let mapping = directory.appendingPathComponent("pairs.yaml")
        try Data("""
            sources:
              original:
                group: ["{original_title}"]
                title: "{original_title}"
                issued: "{original_year}"
              replication:
                group: ["{replication_title}"]
                title: "{replication_title}"
                issued: "{replication_year}"
            claims:
              - id: "pair-{id}"
                source: original
                statement: "{statement}"
                replications:
                  - source: replication
                    outcome: "{verdict}"

            """.utf8).write(to: mapping)
        let imported = try kb("import", csv.path, "--map", mapping.path)
        #expect(imported.status == 0, "\(imported.stderr)")

        let table = try kb("show", "pair-c1")
        let line = table.stdout.split(separator: "\n").first { $0.hasPrefix("replicated-by") }.map(String.init)
        #expect(line?.contains(": failed") == true, "\(table.stdout)")
        #expect(line?.contains("Behavioral priming: it’s all in the mind") == true || line?.contains("Behavioral priming") == true, "\(table.stdout)")

        let json = try kb("show", "pair-c1", "--format", "json")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let links = object?["replicated_by"] as? [[String: Any]]
        #expect(links?.count == 1)
        #expect(links?.first?["outcome"] as? String == "failed")
        #expect((links?.first?["citation"] as? String)?.contains("2012") == true)

        let query = try kb("query", "claims where replicated-by = \(links?.first?["source"] as? String ?? "?")", "--format", "json")
        let result = try JSONSerialization.jsonObject(with: Data(query.stdout.utf8)) as? [String: Any]
        #expect(result?["count"] as? Int == 1, "\(query.stderr)")

        // The replicating source's own page lists the claim it tried to replicate.
        let replicationSlug = try #require(links?.first?["source"] as? String)
        let sourceTable = try kb("show", replicationSlug)
        #expect(sourceTable.stdout.split(separator: "\n").contains { $0.hasPrefix("replicates") && $0.contains("pair-c1: failed") }, "\(sourceTable.stdout)")
        let sourceJSON = try JSONSerialization.jsonObject(with: Data(try kb("show", replicationSlug, "--format", "json").stdout.utf8)) as? [String: Any]
        let replicates = try #require(sourceJSON?["replicates"] as? [[String: Any]])
        #expect(replicates.map { $0["claim"] as? String } == ["pair-c1"])
        #expect(replicates.first?["outcome"] as? String == "failed")
    }
}
