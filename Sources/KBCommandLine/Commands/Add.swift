import ArgumentParser
import Foundation
import KBCore

struct Add: KBCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a source, study or claim — one flag per field, or every record of a kb YAML file.",
        discussion: """
            Fields are those of kb's YAML (Seeds/README.md): a source takes --title (required), \
            --authors "Family, Given; Organisation", --issued (or --year), --doi, --type, --container-title…; \
            a study --source (required), --design, --n, --n-unit, --preregistered…; a claim --statement \
            (required), --source, --study, --cohort, --role, --skill, --metric, --value, --unit… \
            Without --id, the id is made as import makes it. Every value is checked as import \
            checks it (exit 3, nothing written). The new ids are printed, one per line; the audit's \
            findings about the new records on stderr.

            Examples:
              kb add source --title "Generative AI at work" --authors "Brynjolfsson, Erik; Li, Danielle" --issued 2025 --doi 10.1093/qje/qjae044
              kb add study --source brynjolfsson2025generative --design field-experiment --n 5179 --n-unit agents
              kb add claim --source brynjolfsson2025generative --statement "…" --cohort older --reason "read the paper"
              kb add --from new-papers.yaml
            """
    )

    @ParentCommand var root: KB
    @OptionGroup var local: GlobalOptions
    @OptionGroup var writer: WriterOptions

    @Option(help: ArgumentHelp("A file in kb's YAML: all its records, all or nothing.", valueName: "file.yaml"))
    var from: String?

    @Argument(help: ArgumentHelp("source, study or claim", valueName: "kind"))
    var kind: String?

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("--FIELD VALUE …", valueName: "fields"))
    var fields: [String] = []

    func validate() throws {
        if from == nil, kind == nil { throw ValidationError("say what to add: kb add source|study|claim --FIELD VALUE…, or kb add --from FILE.yaml") }
        if from != nil, kind != nil || !fields.isEmpty { throw ValidationError("--from takes every record from the file; give no kind or fields with it") }
        if let kind, !["source", "study", "claim"].contains(kind) {
            throw ValidationError("kb add takes source, study or claim, not '\(kind)'")
        }
    }

    func run() throws {
        let options = writer.options(command: "add")
        if let from {
            guard let data = FileManager.default.contents(atPath: from), let text = String(data: data, encoding: .utf8) else {
                throw KBError.invalidInput("cannot read \(from): no such file, not readable, or not UTF-8")
            }
            let file = SeedFile(name: from, text: text)
            let result = try curate("add") { try $0.add(from: file, options: options) } postgres: { try $0.add(from: file, options: options) }
            CurationPrinter.print(result, ids: result.ids)
            Console.error("added \(result.changes.count) record\(result.changes.count == 1 ? "" : "s")"
                          + (result.changes.first?.batch.map { " as batch \($0)" } ?? ""))
            return
        }
        let assignments = try FieldAssignment.parseFlags(fields)
        let record = RecordKind(rawValue: kind ?? "") ?? .source
        let result = try curate("add") {
            try $0.add(record, fields: assignments, options: options)
        } postgres: {
            try $0.add(record, fields: assignments, options: options)
        }
        CurationPrinter.print(result, ids: result.ids)
    }
}
