import ArgumentParser
import Foundation
import KBCore

struct Log: KBCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "List the change log: who changed what, when, with which command and why.",
        discussion: """
            Every write is logged: kb add, edit, notice, link, remove, undo, import (one row per \
            record added or changed, in one batch) and init --force. JSON adds each record's \
            state before and after the change.

            Examples:
              kb log
              kb log noy2023-writing-time
              kb log --since 2026-11-01 --author ana --format json
            """
    )

    @ParentCommand var root: KB
    @OptionGroup var local: GlobalOptions

    @Argument(help: "Only the changes of this record (a source, study or claim id).")
    var id: String?

    @Option(help: ArgumentHelp("Only changes at or after this date or time (UTC): 2026-11-30 or 2026-11-30T04:10:00Z.", valueName: "date"))
    var since: String?

    @Option(help: ArgumentHelp("Only changes by this author.", valueName: "name"))
    var author: String?

    @Option(help: ArgumentHelp("Only the changes of one import or add --from (import-3, add-1a2b3c4d).", valueName: "batch"))
    var batch: String?

    @Option(help: "Output format: table or json.", transform: Choice.parse)
    var format: LogFormat = .table

    func validate() throws {
        if let since, !ChangeLog.validSince(since) {
            throw ValidationError("--since takes a date or a UTC time, such as 2026-11-30 or 2026-11-30T04:10:00Z; found '\(since)'")
        }
    }

    func run() throws {
        let filter = ChangeLog.Filter(record: id, since: since, author: author, batch: batch)
        let changes = StoreLocation.isPostgres(global.path) ? try NetworkStacks.postgres(global.path).log(filter) : try global.openForReading().log(filter)
        Console.write(LogRenderer.render(changes, format: format))
        if changes.isEmpty { Console.error("no changes match") }
    }
}

/// `kb log`'s formats.
enum LogFormat: String, CaseIterable, ExpressibleByArgument {
    case table, json
}

/// The change log as a table (one line per change) or JSON (with the record before and after).
enum LogRenderer {
    /// The width the table wraps to: ``Console/tableWidth`` on a terminal or when `$COLUMNS`
    /// gives it; unbounded when stdout is a file or a pipe and nobody chose a width, where
    /// wrapping would only split words for the next program.
    static var width: Int {
        Console.isTerminal || Console.tableWidth.origin == .environment ? Console.width : .max
    }

    static func render(_ changes: [Change], format: LogFormat) -> String {
        switch format {
        case .table:
            guard !changes.isEmpty else { return "" }
            let rows = changes.map { change in
                [String(change.id), change.time, change.author, change.command, "\(change.action) \(change.recordKind) \(change.recordId)",
                 change.fields.contains("*") ? "" : change.fields.joined(separator: ", "), change.version.map(String.init) ?? "",
                 change.shownReason]
            }
            return TextTable(headers: ["change", "time (UTC)", "author", "command", "what", "fields", "version", "reason"],
                             rows: rows, wrapping: [4, 5, 7]).render(width: width)
        case .json:
            return KBService.changesJSON(changes)
        }
    }
}
