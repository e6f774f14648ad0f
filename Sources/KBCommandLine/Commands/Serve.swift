import ArgumentParser
import Foundation
import KBCore

/// `kb serve`: its options here, so that `kb --help` and `kb serve --help` show them in `kb`
/// itself; it runs in `kb-net` (`Serve+Server.swift`), which links the HTTP server.
package struct Serve: KBCommand {
    package init() {}

    package static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the knowledge base as pages and a JSON API (README, \"Serving\").",
        discussion: """
            Pages: home, query results with facets, claims, sources (citations in every style), \
            taxonomy nodes, audit. API: /api/query, /api/claims/ID, /api/sources/ID, /api/export, \
            /api/audit, described at /openapi.json. Serves on loopback unless --host says \
            otherwise; any other host needs --token. One line per request goes to standard \
            error (and, with --access-log FILE, to FILE with its query string); SIGINT or \
            SIGTERM stops it after the requests in flight.

            Examples:
              kb serve
              kb serve --port 9000 --time-limit 5s
              kb serve --access-log kb-access.log
              kb --read-only serve --readers 12
              kb serve --host 0.0.0.0 --token "$(openssl rand -hex 16)"
            """
    )

    @ParentCommand package var root: KB
    @OptionGroup package var local: GlobalOptions

    @Option(help: "The address to listen on (loopback by default; any other needs --token).")
    package var host = "127.0.0.1"

    @Option(parsing: .unconditional, help: "The port to listen on (0: any free port, said on standard error).")
    package var port = 8080

    @Flag(help: "Allow writes: the forms and API endpoints of kb add, edit, notice, link, remove and undo.")
    package var write = false

    @Option(help: ArgumentHelp("Who the change log names for writes (default: $KB_AUTHOR, else the OS user; a name given at the login wins).", valueName: "name"))
    package var author: String?

    @Option(help: ArgumentHelp("A secret: the API takes it as 'Authorization: Bearer TOKEN', pages after a login form.", valueName: "token"))
    package var token: String?

    @Option(name: .customLong("time-limit"), help: ArgumentHelp("Stop a request's query after this long (503): 2s, 500ms, 1.5.", valueName: "duration"))
    package var timeLimit = "2s"

    @Option(parsing: .unconditional, help: ArgumentHelp("SQLite read connections (at least and by default the lanes' threads, 3 x cores + 1; README, \"Lanes\").", valueName: "n"))
    package var readers: Int?

    @Flag(help: "With --read-only, for a KB nothing writes while it is served: open it immutable, so that not even its -shm file is touched (refused while anything else has the KB open, or its -wal file holds pages not yet copied into it).")
    package var immutable = false

    @Option(name: .customLong("access-log"), help: ArgumentHelp("Append one line per request to this file: time, method, path with query, status, milliseconds (buffered).", valueName: "file"))
    package var accessLog: String?

    package func run() throws {
        try NetworkStacks.installed().serve(self)
    }
}
