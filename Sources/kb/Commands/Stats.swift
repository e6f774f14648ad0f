import ArgumentParser
import KBCore

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Count what the knowledge base holds.",
        discussion: """
            Example:
              kb stats
            """
    )

    @ParentCommand var root: KB
    @OptionGroup var local: GlobalOptions
    var global: GlobalOptions { local.merged(with: root.global) }

    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    func run() throws {
        let rows = try Catalog(try global.open()).statistics()
        if format == .json || format == .jsonl {
            var fields: [String: JSONValue] = [:]
            for (label, value) in rows {
                fields[label.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "_")] = Double(value).map(JSONValue.number) ?? .string(value)
            }
            Console.write(JSONValue.object(fields).pretty + "\n")
            return
        }
        let width = rows.map(\.0.count).max() ?? 0
        Console.write(rows.map { $0.0 + String(repeating: " ", count: width - $0.0.count) + "  " + $0.1 + "\n" }.joined())
    }
}
