import KBCommandLine
import KBCore
import KBPostgresFacade

/// The stacks only kb-net links: ``PostgresService`` for a `postgresql://` database, and the
/// HTTP server for `kb serve` (``Serve/startServer()``, Serve+Server.swift).
struct NetworkStackOfKBNet: NetworkStack {
    func postgres(_ location: String) throws -> any PostgresKnowledgeBase {
        try PostgresService(location)
    }

    func serve(_ command: Serve) throws {
        try command.startServer()
    }
}
