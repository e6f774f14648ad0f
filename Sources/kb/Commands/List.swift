import ArgumentParser
import KBCore

struct List: KBCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List roles, skills, cohorts, boundaries, bands, topics, jurisdictions, sources, profiles, notes or saved queries.",
        discussion: """
            Example:
              kb list cohorts
            """
    )

    @ParentCommand var root: KB
    @OptionGroup var local: GlobalOptions

    @Option(help: "Output format: table, json, jsonl, csv or markdown.", transform: Choice.parse)
    var format: OutputFormat = .table

    @Argument(help: ArgumentHelp("What to list.", valueName: Catalog.listable.joined(separator: "|")))
    var what: String

    func validate() throws {
        guard Catalog.Listing(what) != nil else {
            let near = Suggestions.nearest(to: what, in: Catalog.listable)
            throw ValidationError("cannot list '\(what)'" + (near.first.map { "; did you mean '\($0)'?" } ?? "") + " (choose one of: \(Catalog.listable.joined(separator: ", ")))")
        }
    }

    func run() throws {
        // validate() has checked the name.
        guard let listing = Catalog.Listing(what) else { throw ValidationError("cannot list '\(what)'") }
        let entries = PostgresService.isLocation(global.path)
            ? try PostgresService(global.path).list(listing)
            : try Catalog(try global.openForReading().knowledgeBase).list(listing)
        switch format {
        case .json, .jsonl:
            let values = entries.map { JSONValue.object(["id": .string($0.id), "name": .string($0.name), "detail": .string($0.detail), "claims": .number(Double($0.claims))]) }
            Console.write(format == .json ? JSONValue.array(values).pretty + "\n" : values.map { $0.compact + "\n" }.joined())
        case .csv:
            Console.write(CSVWriter.row(["id", "name", "detail", "claims"]) + entries.map { CSVWriter.row([$0.id, $0.name, $0.detail, String($0.claims)]) }.joined())
        case .markdown:
            Console.write("| id | name | detail | claims |\n|---|---|---|---|\n" + entries.map {
                "| \($0.id) | \($0.name) | \($0.detail) | \($0.claims) |\n"
            }.joined())
        case .table:
            Console.write(TextTable(headers: ["id", "name", "detail", "claims"], rows: entries.map { [$0.id, $0.name, $0.detail, String($0.claims)] },
                                    wrapping: [1, 2]).render(width: Console.width))
        }
    }
}
