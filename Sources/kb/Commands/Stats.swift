import ArgumentParser
import KBCore

struct Stats: KBCommand {
    static let configuration = CommandConfiguration(
        abstract: "Count what the knowledge base holds.",
        discussion: """
            Example:
              kb stats
            """
    )

    @ParentCommand var root: KB
    @OptionGroup var local: GlobalOptions

    @Option(help: "Output format: table, json, jsonl, csv or markdown.", transform: Choice.parse)
    var format: OutputFormat = .table

    func run() throws {
        let rows = try global.open().catalog.statistics()
        var fields: [String: JSONValue] = [:]
        for (label, value) in rows {
            fields[label.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "_")] = Double(value).map(JSONValue.number) ?? .string(value)
        }
        Console.write(LabelledLines(lines: rows, json: .object(fields)).render(format))
    }
}
