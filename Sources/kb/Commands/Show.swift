import ArgumentParser
import KBCore

struct Show: KBCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show one claim, source, study, note or taxonomy node in full.",
        discussion: """
            Examples:
              kb show noy2023-writing-time
              kb show noy2023experimental
              kb show cohort:older-workers
            """
    )

    @ParentCommand var root: KB
    @OptionGroup var local: GlobalOptions

    @Option(help: "Output format: table, json, jsonl, csv or markdown (CSV and Markdown: one field,value row per line of the table).",
            transform: Choice.parse)
    var format: OutputFormat = .table

    @Argument(help: "A claim, source, study or note id, or a taxonomy node as SLUG or KIND:SLUG.")
    var id: String

    func run() throws {
        let record = try Catalog(try global.open().knowledgeBase).show(id)
        Console.write(RecordRenderer.render(record, format: format))
    }
}
