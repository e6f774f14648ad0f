import ArgumentParser
import KBCore

struct Undo: KBCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Reverse a change (kb log lists them): a new change that restores what it replaced.",
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

    @Argument(help: "A change id (kb log).")
    var change: Int64

    func run() throws {
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
