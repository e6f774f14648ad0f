import ArgumentParser
import Foundation
import KBCore

/// kb — an evidence and citation knowledge base with a query language: the command tree that
/// both executables run (`kb`, and `kb-net`, which also has ``NetworkStacks``).
package struct KB: ParsableCommand {
    package init() {}

    package static let configuration = CommandConfiguration(
        commandName: "kb",
        abstract: "An evidence and citation knowledge base for skills, hiring and AI at work.",
        discussion: """
            Ask which findings bear on a role, skill or profile, for a cohort and under a regulatory boundary, \
            ranked by relevance and evidence strength, each with its citation and why.

            Example:
              kb query "claims for ml-platform-engineer where cohort=older"

            The database is --db PATH, else $KB_DB, else ./kb.sqlite; it is built from the bundled \
            seeds on first use. Exit codes: 0 success, 1 audit findings, 2 usage or query error, \
            3 invalid input data, 4 database error or a conflicting write.
            """,
        version: "0.1.0",
        subcommands: [Init.self, QueryCommand.self, Run.self, Map.self, Export.self, Import.self, Audit.self, Show.self, List.self, Stats.self,
                      Add.self, Edit.self, NoticeCommand.self, Link.self, Remove.self, Undo.self, Log.self, Serve.self, Check.self, Brief.self]
    )

    /// `kb --db PATH COMMAND`: options given before the command.
    @OptionGroup var global: GlobalOptions

    /// Parses, runs, and maps every error to kb's exit codes (DESIGN §5) in one place. Without
    /// the network stacks installed, a command that needs them is handed to kb-net once parsed.
    package static func main() {
        signal(SIGPIPE, SIG_IGN)
        // A large bibliography is read from its file mapped (`kb import`): cut short while it is
        // read, the next read of a page past its new end is a bus error. Say so, instead of the
        // shell's bare "Bus error"; the import's transaction was never committed.
        signal(SIGBUS) { _ in
            let message: StaticString = "kb: a file was cut short while kb read it (bus error); the command stopped and nothing was written\n"
            _ = Foundation.write(STDERR_FILENO, message.utf8Start, message.utf8CodeUnitCount)
            _exit(3)
        }
        do {
            let words = Array(CommandLine.arguments.dropFirst())
            if let empty = EmptyAttachedValue.first(in: words) { throw empty.error }
            let handsOver = !NetworkStacks.areInstalled
            if let query = QueryArguments.read(words) {
                if handsOver, StoreLocation.isPostgres(query.database.path) { try NetworkHandOver.run() }
                try QueryPrinting.run(query.text, options: query.options, database: query.database)
            } else {
                var command = try parseAsRoot()
                if handsOver, NetworkHandOver.isNeeded(by: command) { try NetworkHandOver.run() }
                try command.run()
            }
            Console.flush()
            Foundation.exit(Console.writeFailed ? ErrorCategory.usage.exitStatus : 0)
        } catch {
            Console.flush(failing: true)
            if let code = ErrorReporter.report(error) {
                Foundation.exit(code)
            }
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { Console.write(message + "\n") }
                Console.flush()
                Foundation.exit(0)
            }
            // The argument parser's "Error: …" said as kb says its own errors ("kb: error: …").
            Console.error(message.hasPrefix("Error: ") ? "error: " + message.dropFirst("Error: ".count) : message)
            Foundation.exit(ErrorCategory.usage.exitStatus)
        }
    }
}
