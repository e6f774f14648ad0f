import ArgumentParser
import Foundation
import KBCore

struct Init: KBCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the knowledge base from seed files (the bundled ones by default).",
        discussion: """
            Refuses to touch an existing knowledge base unless --force is given; with --force it \
            first says what the existing file holds, then replaces it. The new knowledge base is \
            built aside and moved into place only when complete.

            Examples:
              kb init
              kb init --seeds ./Seeds --force
            """
    )

    @ParentCommand var root: KB
    @OptionGroup var local: GlobalOptions

    @Option(help: ArgumentHelp("A folder of seed YAML files (default: the seeds bundled with kb).", valueName: "dir"))
    var seeds: String?

    @Flag(help: "Replace an existing knowledge base (its contents are lost; its change log is kept).")
    var force = false

    @Option(help: ArgumentHelp("Who builds it, for the change log (default: $KB_AUTHOR, else the OS user).", valueName: "name"))
    var author: String?

    @Option(help: ArgumentHelp("Why, for the change log.", valueName: "text"))
    var reason: String?

    func validate() throws {
        if global.readOnly { throw ValidationError("kb init writes a knowledge base; it cannot run with --read-only") }
    }

    func run() throws {
        let path = global.path
        let context = ChangeContext(author: ChangeContext.author(author), command: force ? "init --force" : "init", reason: reason)
        if StoreLocation.isPostgres(path) {
            let service = try NetworkStacks.postgres(path)
            let creation = try service.create(seedsFolder: seeds, replacing: force, context: context)
            Console.error("initialised \(service.redactedLocation) from \(seeds ?? "the bundled seeds"): \(creation.sources) sources, \(creation.claims) claims, \(creation.taxonomyNodes) taxonomy nodes")
            return
        }
        let creation = try KBService.create(path: path, seedsFolder: seeds, replacing: force, context: context) { held in
            Console.error("replacing \(path), which holds \(held)")
        }
        Console.error("created \(path) from \(seeds ?? "the bundled seeds"): \(creation.sources) sources, \(creation.claims) claims, \(creation.taxonomyNodes) taxonomy nodes")
    }
}
