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
        let entries = StoreLocation.isPostgres(global.path)
            ? try NetworkStacks.postgres(global.path).list(listing)
            : try Catalog(try global.openForReading().knowledgeBase).list(listing)
        // A listing whose things hold no claims (profiles, notes, saved queries) has no claims column.
        let counted = listing.countsClaims
        let headers = ["id", "name", "detail"] + (counted ? ["claims"] : [])
        let cells = entries.map { [$0.id, $0.name, $0.detail] + (counted ? [String($0.claims ?? 0)] : []) }
        switch format {
        case .json, .jsonl:
            let values = entries.map { entry in
                var fields: [String: JSONValue] = ["id": .string(entry.id), "name": .string(entry.name), "detail": .string(entry.detail)]
                if counted { fields["claims"] = .number(Double(entry.claims ?? 0)) }
                return JSONValue.object(fields)
            }
            Console.write(format == .json ? JSONValue.array(values).pretty + "\n" : values.map { $0.compact + "\n" }.joined())
        case .csv:
            Console.write(CSVWriter.row(headers) + cells.map { CSVWriter.row($0) }.joined())
        case .markdown:
            Console.write("| " + headers.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: headers.count) + "\n"
                + cells.map { "| " + $0.joined(separator: " | ") + " |\n" }.joined())
        case .table:
            Console.write(TextTable(headers: headers, rows: cells, wrapping: [1, 2]).render(width: Console.width))
        }
    }
}
