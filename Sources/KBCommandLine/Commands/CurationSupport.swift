import ArgumentParser
import Foundation
import KBCore

/// Options every curation command takes: who writes, why, and whether findings block.
struct WriterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Who makes the change (default: $KB_AUTHOR, else the OS user).", valueName: "name"))
    var author: String?

    @Option(help: ArgumentHelp("Why: kept in the change log (kb log).", valueName: "text"))
    var reason: String?

    @Flag(help: "Refuse the write (exit 3, nothing written) when the audit finds a warning or an error about the records it touches.")
    var strict = false

    /// Refuses an `--if-version` no record can be at: versions start at 1.
    static func validate(ifVersion: Int?) throws {
        if let ifVersion, ifVersion < 1 { throw ValidationError("--if-version must be a version: a whole number from 1") }
    }

    func options(command: String, ifVersion: Int? = nil) -> CurationOptions {
        CurationOptions(context: ChangeContext(author: ChangeContext.author(author), command: command, reason: reason),
                        ifVersion: ifVersion, strict: strict)
    }
}

extension KBCommand {
    /// Opens the knowledge base for a write, refusing `--read-only`.
    func openForWriting(_ command: String) throws -> KBService {
        if global.readOnly { throw ValidationError("kb \(command) writes to the knowledge base; it cannot run with --read-only") }
        return try global.open()
    }

    /// Runs a curation write on the store `--db` names: PostgreSQL's (issue 19) or the file's.
    func curate(_ command: String, file: (KBService) throws -> CurationResult,
                postgres: (any PostgresKnowledgeBase) throws -> CurationResult) throws -> CurationResult {
        guard StoreLocation.isPostgres(global.path) else { return try file(try openForWriting(command)) }
        if global.readOnly { throw ValidationError("kb \(command) writes to the knowledge base; it cannot run with --read-only") }
        return try postgres(try NetworkStacks.postgres(global.path))
    }
}

/// What a curation command prints: the ids it wrote on stdout (one per line, for scripts), the
/// change log rows and the audit's findings on stderr.
enum CurationPrinter {
    static func print(_ result: CurationResult, ids: [String]? = nil) {
        for note in result.notes { Console.error(note) }
        for id in ids ?? [] { Console.write(id + "\n") }
        let shown = 5
        for change in result.changes.prefix(shown) {
            Console.error("change \(change.id): \(change.action) \(change.recordKind) \(change.recordId)"
                          + (change.fields.contains("*") ? "" : " (\(change.fields.joined(separator: ", ")))")
                          + (change.version.map { ", version \($0)" } ?? ""))
        }
        if result.totalChanges > shown {
            Console.error("… and \(result.totalChanges - shown) more changes" + (result.changes.first?.batch.map { " in batch \($0) (kb log --batch \($0))" } ?? ""))
        }
        print(findings: result.findings)
    }

    /// The audit's findings about what was written, one per line.
    static func print(findings: [AuditFinding]) {
        for finding in findings {
            Console.error("\(finding.severity.rawValue): \(finding.subjectKind.rawValue) \(finding.subject): \(finding.message) [\(finding.rule)]")
        }
    }
}
