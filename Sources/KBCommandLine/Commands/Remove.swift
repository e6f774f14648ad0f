import ArgumentParser
import Foundation
import KBCore

struct Remove: KBCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a source, study or claim (refused while something depends on it, unless --cascade).",
        discussion: """
            A source with studies or claims, a study with claims, or a claim with relations is \
            kept (exit 4) unless --cascade, which removes them too and lists each. kb undo brings \
            everything back.

            Examples:
              kb remove duplicate2024 --reason "same work as noy2023experimental"
              kb remove retracted2019 --cascade --reason "withdrawn by the authors"
            """
    )

    @ParentCommand var root: KB
    @OptionGroup var local: GlobalOptions
    @OptionGroup var writer: WriterOptions

    @Flag(help: "Also remove what depends on the record (each removal is listed).")
    var cascade = false

    @Option(name: .customLong("if-version"), parsing: .unconditional, help: ArgumentHelp("Refuse when the record is no longer at this version.", valueName: "n"))
    var ifVersion: Int?

    @Argument(help: "A source, study or claim id.")
    var id: String

    func validate() throws {
        if (writer.reason ?? "").isEmpty { throw ValidationError("say why: kb remove ID --reason TEXT") }
        try WriterOptions.validate(ifVersion: ifVersion)
    }

    func run() throws {
        let options = writer.options(command: "remove", ifVersion: ifVersion)
        let result = try curate("remove") {
            try $0.remove(id, cascade: cascade, options: options)
        } postgres: {
            try $0.remove(id, cascade: cascade, options: options)
        }
        for change in result.changes {
            // A kept claim the removal only edited (a replication dropped, its status rolled up) is
            // updated, not removed.
            if change.action == "edit" {
                Console.write("updated \(change.recordKind) \(change.recordId) (\(Self.describe(change)))\n")
            } else {
                Console.write("removed \(change.action == "unlink" ? "relation" : change.recordKind) \(change.recordId)\n")
            }
        }
        CurationPrinter.print(findings: result.findings)
        Console.error("\(result.changes.count) change\(result.changes.count == 1 ? "" : "s") logged" + (result.changes.first?.batch.map { " as batch \($0)" } ?? ""))
    }

    /// What an edit changed, as a curator reads it: `replication replicated -> unknown` for the
    /// shown status (the stated one kept apart from it is kb's bookkeeping), else the field names.
    static func describe(_ change: Change) -> String {
        func replication(_ text: String?) -> String {
            let object = text.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } as? [String: Any]
            return object?["replication"] as? String ?? "unknown"
        }
        let text = change.fields.filter { $0 != "statedReplication" }.map { field in
            field == "replication" ? "replication \(replication(change.before)) -> \(replication(change.after))" : field
        }.joined(separator: ", ")
        return text.isEmpty ? "stated replication" : text
    }
}
