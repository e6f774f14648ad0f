import Foundation
import Testing

/// kb as a user runs it: argv in; stdout, stderr and the exit code out.
@Suite(.serialized)
struct EndToEndTests {
    let directory: URL

    init() throws {
        directory = try KBProcess.temporaryDirectory()
    }

    func kb(_ arguments: String..., environment: [String: String] = [:]) throws -> KBProcess.Result {
        try KBProcess.run(arguments, in: directory, environment: environment)
    }

    @Test func missionQueryWorksWithNoPriorStep() throws {
        let result = try kb("query", "claims for ml-platform-engineer where cohort=older")
        #expect(result.status == 0)
        #expect(result.stderr.contains("created kb.sqlite from the bundled seeds (3 sources, 16 claims)"))
        #expect(result.stdout.contains("#  score  grade"))
        #expect(result.stdout.contains("The AI layer of hiring often amplifies"))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("kb.sqlite").path))
        // The second run opens the file it made, silently.
        let again = try kb("query", "claims for ml-platform-engineer where cohort=older")
        #expect(again.status == 0)
        #expect(again.stderr.isEmpty)
        #expect(again.stdout == result.stdout)
    }

    @Test(arguments: [
        "claims for ml-platform-engineer where cohort=older",
        "claims for pytorch where preregistered and n >= 400",
        "claims for ml-platform-engineer, kubernetes where design in (rct, audit-study) rank by strength limit 5",
        "claims where \"writing\" and year >= 2023",
        "claims for ml-platform-engineer where boundary=eu-ai-act-annex-iii or boundary=eeoc",
        "sources where missing n or replication=unknown",
        "citations for ml-platform-engineer where not retracted",
    ])
    func designExamplesExitZeroWithJSON(query: String) throws {
        let result = try kb("query", query, "--format", "json")
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["results"] is [Any])
    }

    @Test(arguments: [
        ("claims for ml-platform-engineer where yaer >= 2020", "unknown field 'yaer'", "did you mean 'year'?"),
        ("claims for ml-platform-engineer where cohort=oldr", "unknown cohort 'oldr'", "did you mean 'older' (older-workers)?"),
        ("claims for ml-platform-engneer", "unknown role or skill", "did you mean 'ml-platform-engineer'?"),
        ("claims where (cohort=older and n > 3", "expected ')'", "add ')'"),
        ("claims where year >= and design = rct", "expected a value after '>='", "e.g. year >= 2020"),
        ("claims for ml-platform-engineer where cohort=older 400", "unexpected '400'", nil),
        ("claims wher n > 1", "unexpected 'wher'", "did you mean 'where'?"),
    ] as [(String, String, String?)])
    func malformedQueriesExitTwoWithACaret(query: String, message: String, help: String?) throws {
        let result = try kb("query", query)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("query:1:"))
        #expect(result.stderr.contains(message))
        #expect(result.stderr.contains("^"))
        if let help { #expect(result.stderr.contains("help: \(help)")) }
    }

    @Test func explainShowsBoundParametersAndIndexedPlan() throws {
        let result = try kb("query", "claims for ml-platform-engineer where cohort=older", "--explain")
        #expect(result.status == 0)
        #expect(result.stdout.contains("sql:"))
        #expect(result.stdout.contains("entityId IN (?)"))
        #expect(result.stdout.contains("plan:"))
        #expect(result.stdout.contains("SEARCH a USING PRIMARY KEY (entityId=?)"))
        #expect(!result.stdout.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == "SCAN c" })
    }

    /// `--explain` shows the second statement kb runs when the limit cuts the answer off (the
    /// count behind "showing the first N of M"), with its own arguments, so that a benchmark
    /// can run in sqlite3 every statement kb runs.
    @Test func explainShowsTheCountStatementWithItsArguments() throws {
        let result = try kb("query", "claims for ml-platform-engineer limit 2", "--explain")
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("count sql") })
        let end = try #require(lines.firstIndex(of: "count arguments:"))
        let sql = lines[(start + 1)..<end].joined(separator: "\n")
        #expect(sql.contains("SELECT count(*)"))
        // No ranking; its one LIMIT is the count's bound (TotalCount), the last argument.
        #expect(!sql.contains("ORDER BY") && sql.components(separatedBy: "LIMIT").count == 2)
        #expect(sql.hasSuffix(") AS matches LIMIT ?) AS counted"), "\(sql)")
        #expect(lines[end + 1].hasSuffix(", 1001]"), "the bound (1000) and one more: \(lines[end + 1])")
        #expect(lines[start].contains("counts up to 1000 matches and one more"), "\(lines[start])")
        // With --exact-total, the exact count: no LIMIT at all.
        let exact = try kb("query", "claims for ml-platform-engineer limit 2", "--explain", "--exact-total").stdout
        let exactSQL = exact.components(separatedBy: "count arguments:")[0].components(separatedBy: "count sql")[1]
        #expect(exactSQL.contains("SELECT count(*)") && !exactSQL.contains("LIMIT"), "\(exactSQL)")
        #expect(exact.contains("it counts every match (--exact-total)"))
        let arguments = lines[end + 1].trimmingCharacters(in: .whitespaces).dropFirst().dropLast()
            .split(separator: ",").count
        #expect(sql.filter { $0 == "?" }.count == arguments)
        // And how SQLite runs it.
        let plan = try #require(lines.firstIndex(of: "count plan:"))
        #expect(plan == end + 2 && lines[plan + 1].hasPrefix("  "))
        // The answer is cut off, and kb counts it with that statement.
        let cut = try kb("query", "claims for ml-platform-engineer limit 2")
        #expect(cut.stderr.contains("showing the first 2 of"))
    }

    @Test func emptyResultIsNotAnError() throws {
        let result = try kb("query", "claims for ml-platform-engineer, kubernetes where design in (rct, audit-study)")
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("no claims match; without 'design in (rct, audit-study)' (the last filter) 16 claims would match"))
    }

    @Test func everySavedQueryRuns() throws {
        let list = try kb("list", "queries", "--format", "jsonl")
        #expect(list.status == 0)
        let names = list.stdout.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
        }
        #expect(names.count >= 6)
        for name in names {
            let result = try kb("run", name)
            #expect(result.status == 0, "\(name): \(result.stderr)")
        }
        let unknown = try kb("run", "missionn")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("did you mean 'mission'"))
    }

    @Test func showListStats() throws {
        let show = try kb("show", "noy2023-writing-time")
        #expect(show.status == 0)
        #expect(show.stdout.contains("Noy, S., & Zhang, W. (2023)"))
        #expect(show.stdout.contains("n              453"))
        let cohort = try kb("show", "cohort:older")
        #expect(cohort.stdout.contains("older-workers"))
        let list = try kb("list", "cohorts")
        #expect(list.stdout.contains("neurodivergent-applicants"))
        let stats = try kb("stats", "--format", "json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        #expect(object["claims"] as? Int == 16)
        #expect(object["sources"] as? Int == 3)
        let badList = try kb("list", "cohort-s")
        #expect(badList.status == 2)
    }

    /// A knowledge base in a folder that does not exist is a usage error that says so (SQLite
    /// said "unable to open database file"), and nothing is created; an audit whose query is
    /// refused prints nothing on standard output before the error.
    @Test func aMissingFolderAndARefusedAuditQueryAreSaidPlainly() throws {
        for command in [["stats"], ["init"], ["query", "claims"]] {
            let result = try KBProcess.run(["--db", "nowhere/kb.sqlite"] + command, in: directory)
            #expect(result.status == 2, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("cannot create the knowledge base nowhere/kb.sqlite: nowhere is not an existing folder"), "\(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("nowhere").path))
        // A one-character name stopped the process (SIGILL in Foundation's path splitting).
        let oneLetter = try KBProcess.run(["--db", "x", "stats"], in: directory)
        #expect(oneLetter.status == 0, "\(oneLetter.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("x").path))
        let audit = try kb("audit", "claims where cohort=oldr")
        #expect(audit.status == 2 && audit.stdout.isEmpty, "\(audit.stdout)")
        #expect(audit.stderr.contains("unknown cohort 'oldr'"))
        let fine = try kb("audit", "claims where cohort=older")
        #expect(fine.stdout.hasPrefix("audit of: claims where cohort=older\n"), "\(fine.stdout.prefix(80))")
    }

    /// Taxonomy nodes and sources list how many claims they hold; profiles, notes and saved
    /// queries hold none and have no claims column (a trial read "0 claims" beside a profile
    /// whose query finds 16).
    @Test func onlyListingsOfThingsWithClaimsCountThem() throws {
        func rows(_ what: String) throws -> [[String: Any]] {
            let result = try kb("list", what, "--format", "jsonl")
            #expect(result.status == 0, "\(what): \(result.stderr)")
            return result.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }
        let cohorts = try rows("cohorts")
        #expect(!cohorts.isEmpty && cohorts.allSatisfy { $0["claims"] is Int })
        #expect(cohorts.contains { ($0["claims"] as? Int ?? 0) > 0 })
        #expect(try rows("sources").allSatisfy { ($0["claims"] as? Int ?? 0) > 0 })
        for what in ["profiles", "queries"] {
            let listed = try rows(what)
            #expect(!listed.isEmpty && listed.allSatisfy { $0["claims"] == nil && $0["id"] is String }, "\(what)")
            let table = try kb("list", what)
            #expect(table.stdout.split(separator: "\n").first.map { !$0.contains("claims") && $0.contains("detail") } == true, "\(table.stdout)")
            let csv = try kb("list", what, "--format", "csv")
            #expect(csv.stdout.hasPrefix("id,name,detail\r\n") || csv.stdout.hasPrefix("id,name,detail\n"), "\(csv.stdout.prefix(40))")
        }
        let markdown = try kb("list", "cohorts", "--format", "markdown")
        #expect(markdown.stdout.hasPrefix("| id | name | detail | claims |\n|---|---|---|---|\n"))
    }

    /// A retracted source's claims, which queries leave out, are not counted silently: `kb list`
    /// counts for a taxonomy node what a query finds and says how many it left out, marks the
    /// source retracted, and `kb stats` counts retracted sources and their claims (a trial read
    /// a topic's count that its query did not find).
    @Test func listAndStatsSayWhatARetractionLeavesOut() throws {
        let folder = try KBProcess.temporaryDirectory()
        func run(_ arguments: String...) throws -> KBProcess.Result {
            let result = try KBProcess.run(arguments, in: folder)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            return result
        }
        func topic(_ slug: String) throws -> [String: Any]? {
            try run("list", "topics", "--format", "jsonl").stdout.split(separator: "\n")
                .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }.first { $0["id"] as? String == slug }
        }
        _ = try run("init")
        let found = try run("query", "claims where topic=ai-helps", "--format", "json").stdout
        let before = try #require(try topic("ai-helps"))
        #expect(before["claims"] as? Int == 3 && (before["detail"] as? String ?? "").isEmpty, "\(before)")
        #expect(found.contains("\"count\": 3"), "\(found)")
        _ = try run("notice", "noy2023experimental", "--type", "retraction", "--date", "2026-01-02", "--reason", "a test's retraction")
        let after = try #require(try topic("ai-helps"))
        #expect(after["claims"] as? Int == 0, "\(after)")
        #expect(after["detail"] as? String == "not counted: 3 claims of retracted sources", "\(after)")
        #expect(try run("query", "claims where topic=ai-helps", "--format", "json").stdout.contains("\"count\": 0"))
        let sources = try run("list", "sources", "--format", "csv").stdout
        #expect(sources.contains("noy2023experimental,Noy & Zhang (2023),retracted (queries leave its claims out): Experimental evidence"), "\(sources)")
        let stats = try run("stats").stdout
        #expect(stats.contains("  retracted sources    1\n") && stats.contains("  retracted claims     3\n"), "\(stats)")
    }

    /// An input file that cannot be read is invalid input, exit 3, whichever option names it (a
    /// trial found a missing import file at 3 and a missing mapping at 2), and nothing is written.
    @Test(arguments: [
        (["import", "nothere.bib"], "cannot read nothere.bib"),
        (["import", "claims.csv", "--map", "nothere.yaml"], "cannot read mapping nothere.yaml"),
        (["query", "claims for pytorch", "--profile", "nothere.yaml"], "cannot read profile file nothere.yaml"),
        (["export", "citations for pytorch", "--style", "apa", "--profile", "nothere.yml"], "cannot read profile file nothere.yml"),
        (["audit", "--baseline", "nothere.txt"], "cannot read the audit baseline nothere.txt"),
        (["check", "nothere.md"], "cannot read 'nothere.md'"),
        (["add", "--from", "nothere.yaml"], "cannot read nothere.yaml"),
    ])
    func anUnreadableInputFileIsInvalidInput(arguments: [String], message: String) throws {
        let folder = try KBProcess.temporaryDirectory()
        #expect(try KBProcess.run(["init"], in: folder).status == 0)
        try Data("statement\nA claim.\n".utf8).write(to: folder.appendingPathComponent("claims.csv"))
        let before = try KBProcess.run(["log", "--format", "json"], in: folder).stdout
        let result = try KBProcess.run(arguments, in: folder)
        #expect(result.status == 3, "\(arguments): \(result.stderr)")
        #expect(result.stderr.hasPrefix("kb: error: \(message)"), "\(arguments): \(result.stderr)")
        #expect(try KBProcess.run(["log", "--format", "json"], in: folder).stdout == before)
    }

    /// JSON's `query` is the query as it ran: `--limit N` replaces the query's own `limit`
    /// there too (a trial read `limit 10` beside three results), for results and for groups.
    @Test(arguments: [
        (["query", "claims where topic=skill-economy limit 10", "--limit", "3"], "claims where topic = skill-economy limit 3", 3),
        (["query", "claims where topic=skill-economy", "--limit", "2"], "claims where topic = skill-economy limit 2", 2),
        (["query", "claims where topic=skill-economy limit 4"], "claims where topic = skill-economy limit 4", 4),
        (["query", "claims where topic=skill-economy"], "claims where topic = skill-economy", 6),
        (["query", "claims group by source limit 5", "--limit", "1"], "claims group by source limit 1", 1),
    ])
    func theJSONQueryIsTheQueryAsItRan(arguments: [String], printed: String, shown: Int) throws {
        let result = try KBProcess.run(arguments + ["--format", "json"], in: directory)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
        #expect(object["query"] as? String == printed)
        #expect(((object["results"] ?? object["groups"]) as? [Any])?.count == shown)
    }

    @Test func exportWritesAFileOrStdout() throws {
        let bibtex = try kb("export", "citations for ml-platform-engineer", "--style", "bibtex", "-o", "refs.bib")
        #expect(bibtex.status == 0)
        #expect(bibtex.stderr.contains("exported 3 sources as bibtex to refs.bib"))
        let file = try String(contentsOf: directory.appendingPathComponent("refs.bib"), encoding: .utf8)
        #expect(file.hasPrefix("@techreport{indeed2025aiatwork,"))
        let apa = try kb("export", "sources", "--style", "apa")
        #expect(apa.stdout.split(separator: "\n").count == 3)
        let table = try kb("export", "claims where preregistered", "--style", "markdown")
        #expect(table.stdout.contains("| 1 | Access to ChatGPT cut the time"))
        #expect(table.stderr.contains("exported 3 claims and 1 source as markdown"))
        // A CSV evidence table has no reference list: no "0 sources" in the summary.
        let claimsCSV = try kb("export", "claims where preregistered", "--style", "csv")
        #expect(claimsCSV.stderr.contains("exported 3 claims as csv"), "\(claimsCSV.stderr)")
        // A bad style is a usage error; a bad query points at the column; neither leaves a file.
        #expect(try kb("export", "sources", "--style", "endnote", "-o", "bad.txt").status == 2)
        let badQuery = try kb("export", "claims wher x", "--style", "csv", "-o", "bad.csv")
        #expect(badQuery.status == 2)
        #expect(badQuery.stderr.contains("^"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("bad") }
        #expect(leftovers.isEmpty)
    }

    @Test func auditIsACIGate() throws {
        let gate = try kb("audit", "--fail-on", "warning")
        #expect(gate.status == 1)
        #expect(gate.stdout.contains("text.placeholder-number"))
        #expect(gate.stderr.contains("11 findings at or above warning (--fail-on warning)"))
        #expect(try kb("audit", "--fail-on", "error").status == 0)
        #expect(try kb("audit").status == 0)
        let json = try kb("audit", "claims where cohort=older", "--format", "json", "--rule", "claim.")
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["summary"] as? [String: Any])?["total"] as? Int == 4)
        let rules = try kb("audit", "--rules")
        #expect(rules.status == 0)
        #expect(rules.stdout.contains("study.missing-n  (warning, study)"))
        let unknown = try kb("audit", "--rule", "study.missing-m")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("study.missing-n"))
    }

    @Test func exitCodes() throws {
        // 3: invalid seed data, with file:line:column; nothing is created.
        let seeds = directory.appendingPathComponent("bad-seeds")
        try FileManager.default.createDirectory(at: seeds, withIntermediateDirectories: true)
        try "claims:\n  - id: x\n    statement: y\n    replication: replicatd\n".write(to: seeds.appendingPathComponent("c.yaml"), atomically: true, encoding: .utf8)
        let invalid = try kb("--db", "other.sqlite", "init", "--seeds", seeds.path)
        #expect(invalid.status == 3)
        #expect(invalid.stderr.contains("bad-seeds/c.yaml:4:18: error: unknown replication status 'replicatd'"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("other.sqlite").path))
        // 4: a file that is not a kb database.
        try "not a database".write(to: directory.appendingPathComponent("junk.sqlite"), atomically: true, encoding: .utf8)
        let junk = try kb("--db", "junk.sqlite", "stats")
        #expect(junk.status == 4)
        // 2: usage.
        #expect(try kb("query").status == 2)
        #expect(try kb("query", "claims", "--limit", "0").status == 2)
        #expect(try kb("frobnicate").status == 2)
        // 0: help.
        let help = try kb("query", "--help")
        #expect(help.status == 0)
        #expect(help.stdout.contains("Examples:"))
    }

    @Test func dbOptionAndEnvironment() throws {
        let viaOption = try kb("--db", "a.sqlite", "stats")
        #expect(viaOption.status == 0)
        #expect(viaOption.stderr.contains("created a.sqlite"))
        let viaEnvironment = try kb("stats", environment: ["KB_DB": "b.sqlite"])
        #expect(viaEnvironment.stderr.contains("created b.sqlite"))
        let readOnly = try kb("--db", "missing.sqlite", "--read-only", "stats")
        #expect(readOnly.status == 2)
    }

    @Test func initForceSaysWhatItReplaces() throws {
        #expect(try kb("init").status == 0)
        let refused = try kb("init")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("already exists (3 sources, 16 claims"))
        let forced = try kb("init", "--force")
        #expect(forced.status == 0)
        #expect(forced.stderr.contains("replacing kb.sqlite, which holds 3 sources, 16 claims"))
        #expect(try kb("stats", "--format", "json").stdout.contains("\"claims\": 16"))
    }

    @Test func copiedBinaryWorksOutsideTheSourceTree() throws {
        let elsewhere = try KBProcess.temporaryDirectory()
        let copy = elsewhere.appendingPathComponent("kb")
        try FileManager.default.copyItem(at: KBProcess.binary, to: copy)
        let result = try KBProcess.run(["query", "claims for pytorch where preregistered and n >= 400"], in: elsewhere, executable: copy)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Access to ChatGPT cut the time"))
    }

    @Test func profileFileOption() throws {
        try "role: ml-platform-engineer\nskills: {pytorch: 1}\ncohort: older\n".write(to: directory.appendingPathComponent("me.yaml"), atomically: true, encoding: .utf8)
        let result = try kb("query", "claims for ml-platform-engineer", "--profile", "me.yaml", "--format", "json")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"factor\": \"profile cohort older-workers\""))
        try "role: ml-platform-engineer\ncohort: oldest\n".write(to: directory.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        // An unknown name in the profile file is an error in that file, where it is written
        // (exit 3, as a bad weight there), with the nearest names.
        let bad = try kb("query", "claims for ml-platform-engineer", "--profile", "bad.yaml")
        #expect(bad.status == 3)
        #expect(bad.stderr.contains("bad.yaml:2:9: error: unknown cohort 'oldest'"), "\(bad.stderr)")
        #expect(bad.stderr.contains("older"))
        let stored = try kb("query", "claims", "--profile", "ml-platform-engineer-pytorch", "--limit", "1")
        #expect(stored.status == 0)
    }

    @Test func closedPipeEndsQuietly() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "'\(KBProcess.binary.path)' query 'claims for ml-platform-engineer' --format jsonl | head -c 10 > /dev/null; exit ${PIPESTATUS[0]}"]
        process.currentDirectoryURL = directory
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    /// A bus error (a mapped bibliography cut short under `kb import`: README, "Bibliographies
    /// in parts") ends kb with its own message and exit 3, not the shell's bare "Bus error".
    /// Sent to a running `kb serve`, which says on stderr when it listens (its handler is then
    /// in place); an import's transaction, never committed, writes nothing (SQLite's atomicity).
    @Test func aBusErrorIsNamed() throws {
        let process = Process()
        process.executableURL = KBProcess.binary
        process.arguments = ["serve", "--port", "0"]
        process.currentDirectoryURL = directory
        let (out, err) = (Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        try process.run()
        var said = Data()
        while !said.contains(UInt8(ascii: "\n")) {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            said += chunk
        }
        kill(process.processIdentifier, SIGBUS)
        process.waitUntilExit()
        let rest = err.fileHandleForReading.readDataToEndOfFile()
        #expect(process.terminationStatus == 3)
        #expect(String(decoding: said + rest, as: UTF8.self).contains("kb: a file was cut short while kb read it (bus error); the command stopped and nothing was written"))
    }

    /// A command that fails keeps its exit code when nobody reads its output any more (an
    /// analyst trial: `kb import bad.bib 2>&1 | head -1` exited 0), and writes nothing.
    @Test func aFailedCommandKeepsItsExitCodeOnAClosedPipe() throws {
        try Data("@article{x, title = {never closed, year = {2001}\n".utf8).write(to: directory.appendingPathComponent("closed-pipe.bib"))
        let before = try kb("stats", "--format", "json")
        for closed in ["stdout and stderr", "stderr"] {
            let process = Process()
            process.executableURL = KBProcess.binary
            process.arguments = ["import", "closed-pipe.bib"]
            process.currentDirectoryURL = directory
            // Pipes with their reading ends closed before kb starts: every write kb makes to them fails (EPIPE).
            let (out, err) = (Pipe(), Pipe())
            try err.fileHandleForReading.close()
            if closed == "stdout and stderr" { try out.fileHandleForReading.close() }
            process.standardOutput = out
            process.standardError = err
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 3, "\(closed) closed")
        }
        #expect(try kb("stats", "--format", "json").stdout == before.stdout)
    }

    /// Results that cannot be written (a full disk: /dev/full) are an error on stderr and exit 2,
    /// not a success with the results lost; on stdout and through `-o` alike.
    @Test func resultsThatCannotBeWrittenFailTheCommand() throws {
        let process = Process()
        process.executableURL = KBProcess.binary
        process.arguments = ["query", "claims limit 3"]
        process.currentDirectoryURL = directory
        process.standardOutput = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let err = Pipe()
        process.standardError = err
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2, "\(message)")
        #expect(message.contains("could not write the results to standard output: No space left on device"), "\(message)")
    }

    /// `-o` naming a pipe (as `/dev/stdout` may be) writes into it: renaming a finished file
    /// over it, as for a regular file, replaced the pipe (and, run as root, `-o /dev/full`
    /// replaced the device with a file).
    @Test func anOutputThatIsAPipeIsWrittenIntoNotReplaced() throws {
        let fifo = directory.appendingPathComponent("out.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/cat")
        reader.arguments = [fifo]
        let received = Pipe()
        reader.standardOutput = received
        try reader.run()
        let export = try kb("export", "citations", "--style", "bibtex", "-o", fifo)
        var status = stat()
        let stillAPipe = stat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO
        #expect(stillAPipe, "the pipe was replaced")
        // Replaced, the pipe has no writer and its reader would wait for ever.
        if !stillAPipe { kill(reader.processIdentifier, SIGKILL) }
        let text = String(decoding: received.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        reader.waitUntilExit()
        #expect(export.status == 0, "\(export.stderr)")
        #expect(text.hasPrefix("@"), "\(text.prefix(200))")
        #expect(text == (try kb("export", "citations", "--style", "bibtex")).stdout)
    }
}
