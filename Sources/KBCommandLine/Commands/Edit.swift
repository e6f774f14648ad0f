import ArgumentParser
import KBCore

struct Edit: KBCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Change fields of a source, study or claim (FIELD=VALUE; FIELD= clears one).",
        discussion: """
            The fields are those of kb add. Each value is checked as import checks it (exit 3, \
            nothing written); strength and grade are recomputed. With --if-version N the edit is \
            refused (exit 4) when the record changed since version N (kb show ID --history).

            Examples:
              kb edit noy2023experimental-study n=480 --reason "n from the paper's table 1"
              kb edit noy2023-writing-time cohort=older,early-career note= --if-version 3
            """
    )

    @ParentCommand var root: KB
    @OptionGroup var local: GlobalOptions
    @OptionGroup var writer: WriterOptions

    @Option(name: .customLong("if-version"), parsing: .unconditional, help: ArgumentHelp("Refuse when the record is no longer at this version.", valueName: "n"))
    var ifVersion: Int?

    @Argument(help: "A source, study or claim id.")
    var id: String

    @Argument(help: ArgumentHelp("FIELD=VALUE …", valueName: "field=value"))
    var assignments: [String]

    func validate() throws {
        if assignments.isEmpty { throw ValidationError("say what to change: kb edit ID FIELD=VALUE…") }
        try WriterOptions.validate(ifVersion: ifVersion)
    }

    func run() throws {
        let options = writer.options(command: "edit", ifVersion: ifVersion)
        let result = try curate("edit") { service in
            try service.edit(id, fields: try assignments.map(FieldAssignment.parse), options: options)
        } postgres: { service in
            try service.edit(id, fields: try assignments.map(FieldAssignment.parse), options: options)
        }
        CurationPrinter.print(result)
    }
}
