import ArgumentParser
import Foundation
import KBCore

extension ExportStyle: ExpressibleByArgument {}

struct Export: KBCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the sources behind a query as APA 7, BibTeX, RIS, CSL-JSON, CSV or Markdown.",
        discussion: """
            A claims or citations query exports the distinct sources behind its claims — the \
            sources 'kb query' shows for the same text, limit and rank by included: APA, \
            Markdown and CSV lists in APA order, BibTeX, RIS and CSL-JSON files in citation-key \
            order. With --style markdown or csv, a claims query exports an evidence table of the \
            claims themselves (claim, value, n, design, pre-registration, replication, grade, \
            citation), and Markdown adds the reference list. CSV cells that start with = + - @ \
            (other than plain numbers) are neutralised with a leading '. With -o the file is \
            replaced only when the export is complete.

            Examples:
              kb export "citations for ml-platform-engineer" --style bibtex -o refs.bib
              kb export "claims where cohort=older" --style markdown
              kb export "sources where year >= 2020" --style csl-json -o refs.json
            """
    )

    @ParentCommand var root: KB
    @OptionGroup var local: GlobalOptions

    @Argument(help: "The query whose sources (or claims) to export.")
    var query: String

    @Option(help: "apa, bibtex, ris, csl-json, csv or markdown.", transform: Choice.parse)
    var style: ExportStyle

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file (replaced only when the export is complete) instead of standard output.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("A profile: a YAML file, a stored profile or a role slug.", valueName: "file|slug"))
    var profile: String?

    func run() throws {
        let file = try output.map { try OutputFile($0, option: "-o", knowledgeBase: global.path, inputs: OutputFile.profileFile(profile)) }
        let from: Store
        if StoreLocation.isPostgres(global.path) {
            from = .postgres(try NetworkStacks.postgres(global.path))
        } else {
            let service = try global.openForReading()
            from = .file(service.knowledgeBase, try service.loadProfile(profile))
        }
        let summary: ExportSummary
        if let file {
            summary = try file.write { try export(from: from, to: &$0) }
        } else {
            var sink = ConsoleSink()
            summary = try export(from: from, to: &sink)
        }
        var parts: [String] = []
        if summary.claims > 0 { parts.append("\(summary.claims) claim\(summary.claims == 1 ? "" : "s")") }
        if summary.sources > 0 || summary.claims == 0 { parts.append("\(summary.sources) source\(summary.sources == 1 ? "" : "s")") }
        Console.error("exported " + parts.joined(separator: " and ") + " as \(style.rawValue)" + (output.map { " to \($0)" } ?? ""))
        if summary.sources == 0 && summary.claims == 0 { Console.error("nothing matched the query; the export is empty") }
    }
}

/// Export text to standard output.
extension Export {
    /// The knowledge base exported from: a file (with the profile loaded from it), or PostgreSQL.
    enum Store {
        case file(KnowledgeBase, ProfileSpec?)
        case postgres(any PostgresKnowledgeBase)
    }

    func export(from store: Store, to sink: inout some ExportSink) throws -> ExportSummary {
        switch store {
        case let .file(knowledgeBase, profileSpec): try Exporter(knowledgeBase).export(query, style: style, profile: profileSpec, to: &sink)
        case let .postgres(service): try service.export(query, style: style, profile: profile, to: &sink)
        }
    }
}

struct ConsoleSink: ExportSink {
    mutating func write(_ text: String) throws { Console.write(text) }
}
