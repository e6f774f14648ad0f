import ArgumentParser
import Foundation
import KBCore

extension ImportFormat: ExpressibleByArgument {}

struct Import: KBCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import BibTeX, RIS, CSL-JSON, CSV (with a mapping) or kb YAML files — all or nothing.",
        discussion: """
            Sources are matched against what the KB holds by DOI (in any spelling), then by title + \
            year + first author, then by URL, then by file and citation key — the weaker clues only \
            when nothing (DOI, URL, title, year, first author) disagrees: a work already there is \
            merged (blanks filled, known values kept, disagreements reported with both file:line), \
            and two works are never made one. A second import of the same files changes nothing; \
            --verbose names every field an import changes. Any error — reported as file:line:column \
            — means nothing is written.

            Examples:
              kb import refs.bib library.json
              kb import register.csv --map lippens.yaml --dry-run
              cat export.ris | kb import - --format ris
              zcat register.csv.gz | kb import - --map lippens.yaml --as register.csv
            """
    )

    @ParentCommand var root: KB
    @OptionGroup var local: GlobalOptions

    @Argument(help: ArgumentHelp("Files to import; '-' reads standard input.", valueName: "file"))
    var files: [String]

    @Option(help: "The format of every file (default: from the extension, else the content).", transform: Choice.parse)
    var format: ImportFormat?

    @Option(help: ArgumentHelp("A YAML mapping that says what each CSV row becomes.", valueName: "mapping.yaml"))
    var map: String?

    @Option(help: ArgumentHelp("Text encoding of the files: utf-8 (default), windows-1252 or latin-1.", valueName: "encoding"))
    var encoding: String?

    @Flag(help: "Show what would change, and write nothing.")
    var dryRun = false

    @Flag(help: "Leave out invalid records (each is listed with its reason) instead of failing the whole import.")
    var skipInvalid = false

    @Flag(help: "List every warning, merge and skipped record (by default: the first few of each).")
    var verbose = false

    @Option(name: .customLong("as"),
            help: ArgumentHelp("Import the one input as the file NAME: its name in messages and provenance, its format by extension, the folder a mapping's joined files are read from, and the name its citation keys are remembered under (a piped input is otherwise '-').",
                               valueName: "name"))
    var importedAs: String?

    @Option(help: ArgumentHelp("Who imports, for the change log (default: $KB_AUTHOR, else the OS user).", valueName: "name"))
    var author: String?

    @Option(help: ArgumentHelp("Why, for the change log.", valueName: "text"))
    var reason: String?

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one file to import") }
        if global.readOnly { throw ValidationError("kb import writes to the knowledge base; it cannot run with --read-only") }
        if files.filter(CitationKeyFiles.isStandardInput).count > 1 {
            throw ValidationError("standard input can be read once; name it ('-' or /dev/stdin) once")
        }
        if importedAs != nil, files.count != 1 { throw ValidationError("--as names one input; import the files one at a time") }
        if let importedAs, importedAs.isEmpty || importedAs.hasSuffix("/") || CitationKeyFiles.isStreamName(importedAs) {
            throw ValidationError("--as takes a file name, such as register.csv")
        }
        if let encoding, TextEncoding(name: encoding) == nil {
            throw ValidationError("unknown encoding '\(encoding)'; use utf-8, windows-1252 or latin-1")
        }
    }

    func run() throws {
        for warning in ImportTuning.warnings() { Console.error(warning) }
        let reader = ImportFileInput()
        var inputs: [ImportInput] = []
        for file in files { inputs.append(try reader.input(for: file, as: importedAs)) }
        var mapping: (name: String, text: String)?
        if let map {
            guard let data = FileManager.default.contents(atPath: map), let text = String(data: data, encoding: .utf8) else {
                throw KBError.invalidInput("cannot read mapping \(map): no such file, not readable, or not UTF-8")
            }
            mapping = (map, text)
        }
        let options = ImportOptions(format: format, mapping: mapping, encoding: encoding.flatMap(TextEncoding.init(name:)),
                                    dryRun: dryRun, skipInvalid: skipInvalid,
                                    changeContext: ChangeContext(author: ChangeContext.author(author), command: "import", reason: reason))
        let bar = ProgressBar()
        let report: ImportReport
        do {
            if StoreLocation.isPostgres(global.path) {
                report = try NetworkStacks.postgres(global.path).importFiles(consume inputs, options: options, progress: { bar.update($0) })
            } else {
                let knowledgeBase = try (dryRun ? global.openForDryRun() : global.open()).knowledgeBase
                report = try Importer(knowledgeBase).run(consume inputs, options: options, progress: { bar.update($0) })
            }
        } catch let problem as Diagnostic where problem.input != .query {
            // One error in a file is reported as several are: "1 error; nothing was written".
            throw DiagnosticList([problem])
        }
        withExtendedLifetime(reader) {}
        bar.finish()
        ImportReportPrinter(verbose: verbose).print(report)
        if let batch = report.batch, report.summary.added + report.summary.updated > 0 {
            Console.error("logged as batch \(batch) (kb log --batch \(batch); kb undo of any of its changes undoes the import)")
        }
    }
}

/// The import summary on stderr: per file, then warnings, merges, conflicts, skipped records,
/// then one line of counts.
struct ImportReportPrinter {
    var verbose: Bool
    let shown = 5

    func print(_ report: ImportReport) {
        for file in report.files {
            var parts = ["\(file.records) record\(file.records == 1 ? "" : "s") read"]
            if file.sources > 0 { parts.append("\(file.sources) source\(file.sources == 1 ? "" : "s")") }
            if file.studies > 0 { parts.append("\(file.studies) stud\(file.studies == 1 ? "y" : "ies")") }
            if file.claims > 0 { parts.append("\(file.claims) claim\(file.claims == 1 ? "" : "s")") }
            if file.skipped > 0 { parts.append("\(file.skipped) skipped") }
            Console.error("\(file.name) (\(file.format.rawValue)): " + parts.joined(separator: ", "))
        }
        list("warning", report.warnings.map { "\($0.location.file):\($0.location.line):\($0.location.column): \($0.message)" })
        list("merged", report.merges)
        list("conflict", report.conflicts)
        list("changed", report.changes)
        list("cleared", report.cleared)
        list("skipped", report.skipped.map { "\($0.location.file):\($0.location.line):\($0.location.column): \($0.message)" })
        let kinds = ["source", "study", "claim", "entity", "edge", "note", "profile"].compactMap { kind -> String? in
            guard let counts = report.byKind[kind], counts.added + counts.updated + counts.unchanged > 0 else { return nil }
            return "\(kind == "study" ? "studies" : kind == "entity" ? "taxonomy nodes" : kind + "s") \(counts.added)/\(counts.updated)/\(counts.unchanged)"
        }
        if !kinds.isEmpty { Console.error("added/updated/unchanged: " + kinds.joined(separator: ", ")) }
        let skipped = report.skipped.isEmpty ? "" : ", \(report.skipped.count) skipped"
        let line = "\(report.summary.added) added, \(report.summary.updated) updated, \(report.summary.unchanged) unchanged\(skipped)"
        Console.error(report.isDryRun ? "dry run: would write \(line); nothing was written" : line)
        if verbose {
            Console.error("time: " + report.timings.map { "\($0.phase) \(String(format: "%.3f", $0.seconds)) s" }.joined(separator: ", "))
            Console.error("write: " + report.writeSteps.map { "\($0.step) \(String(format: "%.3f", $0.seconds)) s" }.joined(separator: ", "))
            if let streaming = report.streaming { Console.error("streaming: " + streaming) }
            if !report.mappedFiles.isEmpty { Console.error("read from the file, mapped: \(report.mappedFiles.joined(separator: ", "))") }
            if report.rollbackJournal { Console.error("journal: rollback (a KB with no records yet: the write went to the file, not through the WAL)") }
            if let onDisk = report.indexesSortedOnDisk { Console.error("indexes: built at the end, sorted \(onDisk ? "on disk" : "in memory")") }
        }
    }

    private func list(_ label: String, _ items: [String]) {
        guard !items.isEmpty else { return }
        let limit = verbose ? items.count : min(items.count, shown)
        for item in items.prefix(limit) { Console.error("\(label): \(item)") }
        if items.count > limit { Console.error("… and \(items.count - limit) more \(label) lines (--verbose lists them all)") }
    }
}

/// A one-line progress bar on stderr, shown only on a terminal, only after a second, never with NO_COLOR.
final class ProgressBar: @unchecked Sendable {
    private let start = Date()
    private var shown = false
    private let enabled = Console.isErrorTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    private let lock = NSLock()

    func update(_ progress: ImportProgress) {
        guard enabled, Date().timeIntervalSince(start) > 1 else { return }
        lock.lock()
        defer { lock.unlock() }
        shown = true
        let fraction = progress.total > 0 ? Double(progress.done) / Double(progress.total) : 0
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        Console.errorControl("\r\u{1B}[2K", "kb: [\(bar)] \(progress.phase) \(progress.done)/\(progress.total)")
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown { Console.errorControl("\r\u{1B}[2K") }
    }
}
