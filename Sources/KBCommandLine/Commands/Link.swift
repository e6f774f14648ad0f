import ArgumentParser
import KBCore

struct Link: KBCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Relate two claims: one replicates, fails to replicate, supports or contradicts the other.",
        discussion: """
            Example:
              kb link smith2024-replication --fails-to-replicate noy2023-writing-time --reason "FReD entry 812"
            """
    )

    @ParentCommand var root: KB
    @OptionGroup var local: GlobalOptions
    @OptionGroup var writer: WriterOptions

    @Argument(help: "The claim the relation is from.")
    var claim: String

    @Option(help: ArgumentHelp("The claim this one replicates.", valueName: "claim")) var replicates: String?
    @Option(name: .customLong("fails-to-replicate"), help: ArgumentHelp("The claim this one fails to replicate.", valueName: "claim"))
    var failsToReplicate: String?
    @Option(help: ArgumentHelp("The claim this one supports.", valueName: "claim")) var supports: String?
    @Option(help: ArgumentHelp("The claim this one contradicts.", valueName: "claim")) var contradicts: String?

    @Option(help: ArgumentHelp("A note on the relation.", valueName: "text"))
    var note: String?

    var relations: [(String, String)] {
        [("replicates", replicates), ("fails-to-replicate", failsToReplicate), ("supports", supports), ("contradicts", contradicts)]
            .compactMap { kind, target in target.map { (kind, $0) } }
    }

    func validate() throws {
        if relations.count != 1 {
            throw ValidationError("give exactly one of --replicates, --fails-to-replicate, --supports, --contradicts")
        }
    }

    func run() throws {
        let (kind, target) = relations[0]
        let options = writer.options(command: "link")
        let result = try curate("link") {
            try $0.link(claim, kind: kind, to: target, note: note, options: options)
        } postgres: {
            try $0.link(claim, kind: kind, to: target, note: note, options: options)
        }
        CurationPrinter.print(result)
    }
}
