import ArgumentParser
import KBCore
import Testing
@testable import KBCommandLine

/// `kb query` read without the argument parser (``QueryArguments``) must mean exactly what the
/// argument parser makes of the same words, and leave to it every word list it does not know.
struct QueryArgumentsTests {
    /// What swift-argument-parser makes of `words`: the query command's values, nil for any
    /// other command; throws what the parser throws.
    static func parsed(_ words: [String]) throws -> QueryArguments? {
        guard let command = try KB.parseAsRoot(words) as? QueryCommand else { return nil }
        return QueryArguments(text: command.query, options: command.options.settings, database: command.global.database)
    }

    static let accepted: [[String]] = [
        ["query", "claims"],
        ["query", ""],
        ["--db", "x.sqlite", "query", "claims for pytorch where cohort=older"],
        ["--db=x.sqlite", "--read-only", "query", "claims", "--format", "json", "--limit", "5"],
        ["query", "--limit=3", "claims", "--profile", "me.yaml", "--explain", "--exact-total"],
        ["--db", "a.sqlite", "query", "claims", "--db", "b.sqlite"],
        ["--read-only", "query", "claims", "--read-only"],
        ["query", "claims", "--format", "JSON"],
        ["query", "claims", "--format=markdown"],
        ["query", "sources where missing n", "--limit", "+7"],
        ["query", "claims where \"bafoyo balireto\" limit 20", "--limit", "1000000000"],
        ["query", "claims", "--db", "postgresql://kb@localhost/kb", "--format", "jsonl"],
        ["query", "claims", "--profile=ml-platform-engineer", "--format", "csv"],
    ]

    /// The quick reader knows every option `kb query` declares (besides help and the root's
    /// `--version`), and no other: an option added to the command or its option groups without
    /// it fails here.
    @Test func knowsEveryOptionOfTheCommand() {
        let help = KB.helpMessage(for: QueryCommand.self, includeHidden: true, columns: 400)
        let declared = Set(help.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\n" || $0 == "=" || $0 == "<" })
            .map(String.init).filter { $0.hasPrefix("--") && $0.count > 2 })
        #expect(declared.subtracting(["--help", "--version"]) == QueryArguments.optionNames, "\(help)")
    }

    @Test(arguments: accepted)
    func readsWhatTheParserReads(_ words: [String]) throws {
        let quick = try #require(QueryArguments.read(words), "declined: \(words)")
        #expect(try Self.parsed(words) == quick, "\(words)")
    }

    static let declined: [[String]] = [
        [], ["--version"], ["-h"], ["--help"], ["help", "query"], ["query"], ["query", "--help"], ["query", "-h"],
        ["query", "a", "b"], ["query", "a", "--limit", "0"], ["query", "a", "--limit", "x"], ["query", "a", "--limit=1000000001"],
        ["query", "a", "--format", "yaml"], ["query", "a", "--format"], ["query", "a", "--explain=true"],
        ["query", "a", "--limit", "3", "--limit", "4"], ["query", "a", "--db", "x", "--db", "y"], ["--db", "x", "--db", "y", "query", "a"],
        ["query", "--", "-x"], ["query", "-x"], ["stats"], ["--db", "x", "stats"], ["query", "a", "--profile", "-p"],
        ["--format", "json", "query", "a"], ["query", "a", "--db"], ["query", "a", "--generate-completion-script", "bash"],
        ["query", "a", "--unknown"], ["quer", "a"], ["run", "mission"], ["--read-only=true", "query", "a"],
        ["query", "a", "--explain", "--explain"], ["query", "a", "--limit", "-3"], ["query", "a", "--db="], ["query", "a", "--profile="],
        ["query", "a", "--db", ""], ["--db", "", "query", "a"], ["query", "a", "--profile", ""], ["query", "a", "--limit", "-1"], ["query", "a", "--limit=-1"],
    ]

    @Test(arguments: declined)
    func leavesTheRestToTheParser(_ words: [String]) {
        #expect(QueryArguments.read(words) == nil, "\(words)")
    }

    /// Thousands of word lists drawn from the options, their values, misspellings and other
    /// commands: wherever the quick reader accepts, the parser accepts too and means the same.
    @Test func agreesOnDrawnWords() throws {
        let before = [["--db", "a.sqlite"], ["--db=b.sqlite"], ["--read-only"]]
        let after = [["claims"], ["sources where n >= 5"], [""], ["--format", "json"], ["--format=csv"], ["--format", "TABLE"],
                     ["--limit", "5"], ["--limit=12"], ["--profile", "me.yaml"], ["--profile=ml-platform-engineer"], ["--explain"],
                     ["--exact-total"], ["--db", "c.sqlite"], ["--read-only"]]
        let noise = [["-x"], ["--"], ["--help"], ["--limit=0"], ["--limit", "-1"], ["stats"], ["--format=Markdown"], ["--db="],
                     ["--format"], ["--version"], ["run"], ["mission"]]
        var generator = SeededGenerator(seed: 20261206)
        var agreed = 0
        for _ in 0..<2500 {
            var words: [String] = []
            for _ in 0..<Int.random(in: 0...2, using: &generator) { words += before.randomElement(using: &generator) ?? [] }
            words.append(Int.random(in: 0..<20, using: &generator) == 0 ? "run" : "query")
            for _ in 0..<Int.random(in: 1...4, using: &generator) { words += after.randomElement(using: &generator) ?? [] }
            if Int.random(in: 0..<6, using: &generator) == 0 {
                words.insert(contentsOf: noise.randomElement(using: &generator) ?? [], at: Int.random(in: 0...words.count, using: &generator))
            }
            guard let quick = QueryArguments.read(words) else { continue }
            #expect(try Self.parsed(words) == quick, "\(words)")
            agreed += 1
        }
        #expect(agreed > 400, "the quick reader accepted only \(agreed) of the drawn word lists")
    }
}

/// A small deterministic generator (SplitMix64), so a failure names words that come back.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
