import ArgumentParser
import Foundation
import KBCore

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
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
    var global: GlobalOptions { local.merged(with: root.global) }

    @Option(help: ArgumentHelp("A folder of seed YAML files (default: the seeds bundled with kb).", valueName: "dir"))
    var seeds: String?

    @Flag(help: "Replace an existing knowledge base (its contents are lost).")
    var force = false

    func validate() throws {
        if global.readOnly { throw ValidationError("kb init writes a knowledge base; it cannot run with --read-only") }
    }

    func run() throws {
        let path = global.path
        let seedFiles = try seeds.map { try SeedFile.files(in: URL(fileURLWithPath: $0)) } ?? SeedFile.bundled
        guard !seedFiles.isEmpty else { throw KBError.usage("no seed files (*.yaml) in \(seeds ?? "the bundle")") }
        let dataset = try SeedLoader.load(seedFiles)
        let manager = FileManager.default
        if manager.fileExists(atPath: path) {
            guard force else {
                throw KBError.usage("\(path) already exists (\(try describe(path))); use --force to replace it")
            }
            Console.error("replacing \(path), which holds \(try describe(path))")
        }
        let temporary = path + ".init-\(ProcessInfo.processInfo.processIdentifier)"
        try? manager.removeItem(atPath: temporary)
        do {
            let knowledgeBase = try KnowledgeBase.open(path: temporary)
            let summary = try knowledgeBase.load(dataset, command: "init", files: seedFiles.map(\.name))
            try knowledgeBase.close()
            for suffix in ["", "-wal", "-shm"] { try? manager.removeItem(atPath: path + suffix) }
            for suffix in ["-wal", "-shm"] { try? manager.removeItem(atPath: temporary + suffix) }
            try manager.moveItem(atPath: temporary, toPath: path)
            Console.error("created \(path) from \(seeds ?? "the bundled seeds"): \(summary.addedByKind["source", default: 0]) sources, \(summary.addedByKind["claim", default: 0]) claims, \(summary.addedByKind["entity", default: 0]) taxonomy nodes")
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? manager.removeItem(atPath: temporary + suffix) }
            throw error
        }
    }

    /// "3 sources, 16 claims, 1 import" — what a replace would discard.
    func describe(_ path: String) throws -> String {
        let knowledgeBase = try KnowledgeBase.open(path: path, readOnly: true)
        defer { try? knowledgeBase.close() }
        let stats = try Catalog(knowledgeBase).statistics()
        let value = { (label: String) in stats.first { $0.0 == label }?.1 ?? "0" }
        return "\(value("sources")) sources, \(value("claims")) claims, \(value("imports")) imports"
    }
}
