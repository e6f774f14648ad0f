import ArgumentParser
import KBCore

extension NoticeKind: ExpressibleByArgument {}

struct NoticeCommand: KBCommand {
    static let configuration = CommandConfiguration(
        commandName: "notice",
        abstract: "Record a retraction, correction, expression of concern or reinstatement of a source.",
        discussion: """
            The grade of every claim of the source follows (a retracted source's claims grade very-low).

            Example:
              kb notice smith2021 --type retraction --date 2024-05-02 --reason "data fabrication" --url https://retractionwatch.com/…
            """
    )

    @ParentCommand var root: KB
    @OptionGroup var local: GlobalOptions
    @OptionGroup var writer: WriterOptions

    @Option(name: .customLong("type"), help: "retraction, correction, expression-of-concern or reinstatement.")
    var type: NoticeKind

    @Option(help: ArgumentHelp("When the notice appeared: 2024, 2024-05 or 2024-05-02.", valueName: "date"))
    var date: String?

    @Option(help: ArgumentHelp("Where the notice is published.", valueName: "url"))
    var url: String?

    @Option(name: .customLong("if-version"), parsing: .unconditional, help: ArgumentHelp("Refuse when the source is no longer at this version.", valueName: "n"))
    var ifVersion: Int?

    @Argument(help: "A source id.")
    var source: String

    func validate() throws {
        try WriterOptions.validate(ifVersion: ifVersion)
    }

    func run() throws {
        let options = writer.options(command: "notice", ifVersion: ifVersion)
        let result = try curate("notice") {
            try $0.notice(source, kind: type, date: date, reason: writer.reason, url: url, options: options)
        } postgres: {
            try $0.notice(source, kind: type, date: date, reason: writer.reason, url: url, options: options)
        }
        CurationPrinter.print(result)
    }
}
