import ArgumentParser
import KBCore

struct Run: KBCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a saved query from Queries/ (a .kbq file with a title comment).",
        discussion: """
            NAME is looked up as ./Queries/NAME.kbq, then among the queries bundled with kb; \
            'kb list queries' lists them. A path to a .kbq file works too.

            Example:
              kb run mission
            """
    )

    @ParentCommand var root: KB
    @OptionGroup var local: GlobalOptions
    @OptionGroup var options: ResultOptions

    @Argument(help: "A saved query's name or a .kbq file.")
    var name: String

    func run() throws {
        let saved = try SavedQuery.find(name)
        if options.format == .table && !options.explain {
            // The query as a reminder; a runaway file shows only its start.
            let shown = saved.query.count > 300 ? String(saved.query.prefix(300)) + "… (\(saved.query.count) characters)" : saved.query
            Console.error("\(saved.title)\n    \(shown)")
        }
        try QueryPrinting.run(saved.query, options: options.settings, database: global.database)
    }
}
