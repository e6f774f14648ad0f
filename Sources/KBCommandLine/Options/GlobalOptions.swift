import ArgumentParser
import Foundation
import KBCore

/// Options every command that opens the knowledge base takes.
package struct GlobalOptions: ParsableArguments {
    package init() {}

    @Option(name: .long, help: ArgumentHelp("The knowledge base: a file, or a postgresql:// database (run by kb-net) (default: $KB_DB, else ./kb.sqlite).", valueName: "path"))
    package var db: String?

    @Flag(name: .long, help: "Open the knowledge base without writing anything to it.")
    package var readOnly = false

    package func validate() throws {
        if db?.isEmpty == true { throw ValidationError("--db needs a path: an empty one names no file") }
    }

    /// These options, with anything not given taken from `outer` (given before the command).
    func merged(with outer: GlobalOptions) -> GlobalOptions {
        var merged = self
        merged.db = db ?? outer.db
        merged.readOnly = readOnly || outer.readOnly
        return merged
    }

    /// The knowledge base these options choose, as plain values.
    var database: DatabaseChoice { DatabaseChoice(db: db, readOnly: readOnly) }

    package var path: String { database.path }

    /// See ``DatabaseChoice/open(readers:immutable:)``.
    package func open(readers: Int? = nil, immutable: Bool = false) throws -> KBService {
        try database.open(readers: readers, immutable: immutable)
    }

    /// See ``DatabaseChoice/openForReading()``.
    func openForReading() throws -> KBService { try database.openForReading() }

    /// What `kb audit`, `kb check` and `kb brief` read: the file, or a PostgreSQL database read
    /// into one snapshot.
    func openSnapshot() throws -> KBService {
        StoreLocation.isPostgres(path) ? try NetworkStacks.postgres(path).snapshotService() : try open()
    }

    /// See ``DatabaseChoice/openForDryRun()``.
    func openForDryRun() throws -> KBService { try database.openForDryRun() }
}

/// Which knowledge base a command works on (`--db`, `--read-only`), as plain values: what
/// ``GlobalOptions`` parses and what ``QueryArguments`` reads without the argument parser.
struct DatabaseChoice: Equatable {
    var db: String?
    var readOnly = false

    var path: String {
        db ?? KBService.defaultPath()
    }

    /// Opens the knowledge base, saying so when it was built from the bundled seeds because the
    /// file did not exist yet; `readers`: a pool of that many read connections (`kb serve`).
    func open(readers: Int? = nil, immutable: Bool = false) throws -> KBService {
        try KBService.refusePostgres(path)
        return LeftOpenAtExit.keep(say(try KBService.open(path: path, readOnly: readOnly, readers: readers, immutable: immutable)), ifReadOnly: readOnly)
    }

    /// Opens the knowledge base for a command that only reads it: in one connection that writes
    /// nothing to a KB at this schema (``KBService/openForReading(path:)``); `--read-only` as
    /// ``open(readers:immutable:)``.
    func openForReading() throws -> KBService {
        try KBService.refusePostgres(path)
        return LeftOpenAtExit.keep(say(readOnly ? try KBService.open(path: path, readOnly: true) : try KBService.openForReading(path: path)),
                                   ifReadOnly: readOnly)
    }

    /// The knowledge base a dry run compares against (see ``KBService/openForDryRun(path:)``).
    func openForDryRun() throws -> KBService {
        try KBService.refusePostgres(path)
        return say(try KBService.openForDryRun(path: path))
    }

    private func say(_ service: KBService) -> KBService {
        switch service.opening {
        case .opened:
            break
        case let .created(sources, claims):
            Console.error("created \(service.path) from the bundled seeds (\(sources) sources, \(claims) claims)")
        case .seededInMemory:
            Console.error("\(service.path) does not exist: the dry run compares with the bundled seeds, in memory, and creates nothing")
        case .upgradedCopyInMemory:
            Console.error("\(service.path) needs a schema upgrade: the dry run works on an upgraded copy in memory and leaves the file as it is")
        }
        return service
    }
}

/// A subcommand that takes the global options before its name and after it (`kb --db X query …`
/// and `kb query --db X …`); the merge of the two is defined once, here.
package protocol KBCommand: ParsableCommand {
    var root: KB { get }
    var local: GlobalOptions { get }
}

extension KBCommand {
    /// The options given after the command, with anything not given taken from before it.
    package var global: GlobalOptions { local.merged(with: root.global) }
}

extension OutputFormat: ExpressibleByArgument {}

/// How results are shown.
struct ResultOptions: ParsableArguments {
    @Option(help: "Output format: table, json, jsonl, csv or markdown.", transform: Choice.parse)
    var format: OutputFormat = .table

    /// Read unconditionally, so that `--limit -1` is refused by ``validate()`` for what it is,
    /// not as a missing value (the parser takes a word starting with `-` for an option).
    @Option(parsing: .unconditional, help: "Maximum number of results (overrides the query's own 'limit').")
    var limit: Int?

    @Option(help: ArgumentHelp("A profile: a YAML file, a stored profile or a role slug.", valueName: "file|slug"))
    var profile: String?

    @Flag(help: "Print the parsed query, the SQL with its parameters and SQLite's query plan instead of results.")
    var explain = false

    @Flag(help: "Count every match for the total; by default counting stops past 1000 and says 'more than 1000'.")
    var exactTotal = false

    /// These options as plain values.
    var settings: ResultSettings {
        ResultSettings(format: format, limit: limit, profile: profile, explain: explain, exactTotal: exactTotal)
    }

    func validate() throws {
        if let limit, !ResultSettings.limits.contains(limit) { throw ValidationError("--limit must be a whole number from 1 to \(Query.maximumLimit)") }
    }

}

/// How results are shown, as plain values: what ``ResultOptions`` parses and what
/// ``QueryArguments`` reads without the argument parser.
struct ResultSettings: Equatable {
    var format: OutputFormat = .table
    var limit: Int?
    var profile: String?
    var explain = false
    var exactTotal = false

    /// The numbers `--limit` takes.
    static let limits = 1...Query.maximumLimit

    /// How far the total is counted (``TotalCount``).
    var total: TotalCount { exactTotal ? .exact : .standard }
}
