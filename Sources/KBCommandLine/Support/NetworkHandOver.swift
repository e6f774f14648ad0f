import ArgumentParser
import Foundation
import KBCore

/// `kb` without the network stacks (``NetworkStacks``): a command that needs them — `kb serve`,
/// or any command on a `postgresql://` database — is run by `kb-net`, the executable installed
/// beside kb that has them. kb-net replaces kb's process (exec) with the same arguments,
/// environment and standard streams, after kb has parsed the command and before it has read or
/// written anything, so the command runs exactly as if kb-net had been called.
package enum NetworkHandOver {
    /// The executable that has the stacks.
    static let companion = "kb-net"

    /// Set for the executable kb hands over to: one that hands over again is not kb-net (a copy
    /// of kb, or a link to it, under kb-net's name) and would otherwise run itself for ever.
    /// kb-net removes it as it starts (``forget()``), so nothing it runs inherits it.
    static let marker = "KB_HANDED_OVER"

    /// Whether `command` needs the stacks.
    static func isNeeded(by command: any ParsableCommand) -> Bool {
        if command is Serve { return true }
        guard let command = command as? any KBCommand else { return false }
        return StoreLocation.isPostgres(command.global.path)
    }

    /// Replaces this process with kb-net, found beside kb's own executable (symbolic links
    /// followed), and there only: not on `PATH`, where any program of that name would be given
    /// the command and its database's password. Returns only by throwing, when there is none or
    /// it cannot run.
    static func run() throws -> Never {
        if getenv(marker) != nil {
            throw KBError.usage("\(CommandLine.arguments[0]) was run as \(companion) but has no PostgreSQL nor kb serve: it is a copy of kb, or a link to it; install the \(companion) that was built with this kb")
        }
        guard let folder = ownFolder() else {
            throw KBError.usage("cannot tell the folder kb runs from, where \(companion) would be")
        }
        let path = folder + "/" + companion
        guard FileManager.default.fileExists(atPath: path) else {
            throw KBError.usage("kb serve and commands on a PostgreSQL database run in \(companion), which is not beside kb in \(folder): "
                                + "put the \(companion) built with this kb there ('swift build' builds both; 'swift run kb' builds kb alone)")
        }
        setenv(marker, "1", 1)
        var arguments = CommandLine.arguments
        arguments[0] = path
        let failure = exec(path, arguments)
        unsetenv(marker)
        throw KBError.usage("cannot run \(path): \(String(cString: strerror(failure)))")
    }

    /// kb-net's first step: the marker is kb's message to it alone.
    package static func forget() {
        unsetenv(marker)
    }

    /// The folder of the running executable, symbolic links followed.
    private static func ownFolder() -> String? {
        guard let executable = Bundle.main.executableURL else { return nil }
        return executable.resolvingSymlinksInPath().deletingLastPathComponent().path
    }

    /// `execv`: returns only when it failed, with `errno`, read before anything else can set it.
    private static func exec(_ path: String, _ arguments: [String]) -> Int32 {
        let words = arguments.map { strdup($0) } + [nil]
        defer { words.forEach { free($0) } }
        execv(path, words)
        return errno
    }
}
