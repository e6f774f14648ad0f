import ArgumentParser
import Foundation
import KBCore

/// Options every command that opens the knowledge base takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The knowledge base file (default: $KB_DB, else ./kb.sqlite).", valueName: "path"))
    var db: String?

    @Flag(name: .long, help: "Open the knowledge base without writing anything to it.")
    var readOnly = false

    /// These options, with anything not given taken from `outer` (given before the command).
    func merged(with outer: GlobalOptions) -> GlobalOptions {
        var merged = self
        merged.db = db ?? outer.db
        merged.readOnly = readOnly || outer.readOnly
        return merged
    }

    var path: String {
        db ?? ProcessInfo.processInfo.environment["KB_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "kb.sqlite"
    }

    /// Opens the knowledge base, building it from the bundled seeds (and saying so) when the
    /// file does not exist yet.
    func open() throws -> KnowledgeBase {
        let (knowledgeBase, outcome) = try KnowledgeBase.openOrCreate(path: path, readOnly: readOnly)
        if case let .created(summary) = outcome {
            let sources = summary.addedByKind["source", default: 0]
            let claims = summary.addedByKind["claim", default: 0]
            Console.error("created \(path) from the bundled seeds (\(sources) sources, \(claims) claims)")
        }
        return knowledgeBase
    }

    /// The knowledge base a dry run compares against, opened so that nothing is written: an
    /// existing file as usual (the import rolls back), or a migrated copy of it in memory when it
    /// needs a schema upgrade; else the bundled seeds in memory — a dry run must not create the
    /// file it was pointed at, nor upgrade it.
    func openForDryRun() throws -> KnowledgeBase {
        if FileManager.default.fileExists(atPath: path) {
            guard try KnowledgeBase.needsMigration(path: path) else { return try open() }
            Console.error("\(path) needs a schema upgrade: the dry run works on an upgraded copy in memory and leaves the file as it is")
            return try KnowledgeBase.inMemoryCopy(of: path)
        }
        Console.error("\(path) does not exist: the dry run compares with the bundled seeds, in memory, and creates nothing")
        return try KnowledgeBase.seeded()
    }
}

extension OutputFormat: ExpressibleByArgument {}

/// How results are shown.
struct ResultOptions: ParsableArguments {
    @Option(help: "Output format: table, json, jsonl, csv or markdown.", transform: Choice.parse)
    var format: OutputFormat = .table

    @Option(help: "Maximum number of results (overrides the query's own 'limit').")
    var limit: Int?

    @Option(help: ArgumentHelp("A profile: a YAML file, a stored profile or a role slug.", valueName: "file|slug"))
    var profile: String?

    @Flag(help: "Print the parsed query, the SQL with its parameters and SQLite's query plan instead of results.")
    var explain = false

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    /// The `--profile` value as a profile: a YAML file when one exists at that path, else a
    /// stored profile or a role's built-in profile by slug.
    func loadProfile(_ engine: QueryEngine) throws -> ProfileSpec? {
        try Self.loadProfile(profile, engine: engine)
    }

    static func loadProfile(_ profile: String?, engine: QueryEngine) throws -> ProfileSpec? {
        guard let profile else { return nil }
        if FileManager.default.fileExists(atPath: profile) || profile.hasSuffix(".yaml") || profile.hasSuffix(".yml") {
            guard let data = FileManager.default.contents(atPath: profile), let text = String(data: data, encoding: .utf8) else {
                throw KBError.usage("cannot read profile file \(profile)")
            }
            return try ProfileFile.parse(text: text, file: profile)
        }
        return try engine.profile(named: profile)
    }
}
