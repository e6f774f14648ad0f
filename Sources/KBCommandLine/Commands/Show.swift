import ArgumentParser
import KBCore

struct Show: KBCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
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

    @Flag(help: "The record's change log instead (who changed what, when, why; json: with each state before and after).")
    var history = false

    func run() throws {
        if StoreLocation.isPostgres(global.path) {
            let service = try NetworkStacks.postgres(global.path)
            guard history else {
                Console.write(RecordRenderer.render(try service.show(id), format: format))
                return
            }
            let changes = try service.log(ChangeLog.Filter(record: id))
            if changes.isEmpty { _ = try service.show(id) }
            Console.write(LogRenderer.render(changes, format: format == .json ? .json : .table))
            if changes.isEmpty { Console.error("\(id) has no changes logged (it was written before kb kept a change log, or by the seeds)") }
            return
        }
        if history {
            let service = try global.openForReading()
            let changes = try service.log(ChangeLog.Filter(record: id))
            if changes.isEmpty { _ = try Catalog(service.knowledgeBase).show(id) }
            Console.write(LogRenderer.render(changes, format: format == .json ? .json : .table))
            if changes.isEmpty { Console.error("\(id) has no changes logged (it was written before kb kept a change log, or by the seeds)") }
            return
        }
        let record = try Catalog(try global.openForReading().knowledgeBase).show(id)
        Console.write(RecordRenderer.render(record, format: format))
    }
}
