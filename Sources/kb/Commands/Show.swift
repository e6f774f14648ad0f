import ArgumentParser
import KBCore

struct Show: ParsableCommand {
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
    var global: GlobalOptions { local.merged(with: root.global) }

    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    @Argument(help: "A claim, source, study or note id, or a taxonomy node as SLUG or KIND:SLUG.")
    var id: String

    func run() throws {
        let record = try Catalog(try global.open()).show(id)
        Console.write(format == .json || format == .jsonl ? RecordRenderer.json(record).pretty + "\n" : RecordRenderer.text(record))
    }
}
