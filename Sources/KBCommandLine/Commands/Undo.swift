import ArgumentParser
import KBCore

struct Undo: KBCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Reverse a change (kb log lists them): a new change that restores what it replaced.",
        usage: "kb undo [--db <path>] [--read-only] [--author <name>] [--reason <text>] [--strict] [--force] <change>",
        discussion: """
            A change that is part of an import or an add --from is undone with its whole batch. \
            Refused (exit 4) when a later change touched the same fields of the same record, unless \
            --force; a change already undone is not undone twice.

            Examples:
              kb undo 42 --reason "the paper's n was right after all"
              kb undo 17 --force
            """
    )

    @ParentCommand var root: KB
    @OptionGroup var local: GlobalOptions
    @OptionGroup var writer: WriterOptions

    @Flag(help: "Restore the fields even when a later change touched them.")
    var force = false

    @Argument(help: ArgumentHelp("A change id (kb log).", valueName: "change"))
    var change: Int64?

    /// The argument parser takes `-3` for an option it does not know and leaves ``change``
    /// empty; the number is found among the command's words to be refused for what it is.
    func validate() throws {
        let range = "the change id must be a whole number from 1 (kb log lists the changes)"
        guard let change else {
            let words = CommandLine.arguments.drop { $0 != "undo" }.dropFirst()
            if let negative = words.first(where: { $0.hasPrefix("-") && Int64($0) != nil }) {
                throw ValidationError("\(range); found '\(negative)'")
            }
            throw ValidationError("missing the change to undo: \(range)")
        }
        if change < 1 { throw ValidationError("\(range); found '\(change)'") }
    }

    func run() throws {
        guard let change else { throw ValidationError("missing the change to undo") }
        let options = writer.options(command: "undo")
        let result = try curate("undo") {
            try $0.undo(change, force: force, options: options)
        } postgres: {
            try $0.undo(change, force: force, options: options)
        }
        CurationPrinter.print(result)
        Console.error("undid \(result.totalChanges) change\(result.totalChanges == 1 ? "" : "s")")
    }
}
