import ArgumentParser
import KBCore

struct Stats: KBCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Count what the knowledge base holds.",
        discussion: """
            Example:
              kb stats
            """
    )

    @ParentCommand var root: KB
    @OptionGroup var local: GlobalOptions

    @Option(help: "Output format: table, json, jsonl, csv or markdown.", transform: Choice.parse)
    var format: OutputFormat = .table

    func run() throws {
        let statistics = StoreLocation.isPostgres(global.path)
            ? try NetworkStacks.postgres(global.path).statistics()
            : try global.openForReading().catalog.statistics()
        Console.write(LabelledLines(statistics).render(format))
    }
}
