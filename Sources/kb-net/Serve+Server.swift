import Foundation
import KBCommandLine
import KBCore
import KBDomain
import KBPostgresFacade
import KBServe

/// `kb serve`, run: the server over an SQLite file or a PostgreSQL database, with the options
/// ``Serve`` parsed (KBCommandLine).
extension Serve {
    func startServer() throws {
        guard let seconds = Self.seconds(timeLimit) else {
            throw KBError.usage("--time-limit: '\(timeLimit)' is not a duration (e.g. 2s, 500ms, 1.5)")
        }
        var configuration = ServeConfiguration(host: host, port: port, allowsWrites: write, token: token, timeLimit: seconds) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        if let refusal = configuration.refusal { throw KBError.usage(refusal) }
        if write && global.readOnly { throw KBError.usage("--write and --read-only contradict each other") }
        let onPostgres = StoreLocation.isPostgres(global.path)
        // The store first: an option that is for a file alone is refused as such, not first asked
        // to be combined with another one (trial 21 M1).
        if onPostgres, immutable { throw KBError.usage("--immutable is for an SQLite file; a PostgreSQL database is served as it is") }
        if onPostgres, readers != nil { throw KBError.usage("--readers is for an SQLite file; on PostgreSQL each read has its own connection") }
        if immutable && !global.readOnly { throw KBError.usage("--immutable needs --read-only: kb --read-only serve --immutable") }
        // Fewer readers than the lanes' threads would make a cheap request wait for a connection
        // held by expensive reads: what the lanes exist to prevent (review 10, m6).
        let fewest = configuration.lanes.readers
        if let readers, readers < fewest {
            throw KBError.usage("--readers must be at least \(fewest) (one per thread of the lanes: 3 x cores + 1)")
        }
        configuration.author = ChangeContext.author(author)
        // Before anything is created (the access log): a refusal leaves nothing behind.
        if !onPostgres { try refuseToCreate() }
        if let accessLog {
            // Appended to, never replaced: but not a folder, nor the knowledge base served.
            _ = try OutputFile(accessLog, option: "--access-log", knowledgeBase: global.path)
            do {
                configuration.accessLog = try AccessLog(path: accessLog)
            } catch {
                throw KBError.usage("--access-log: \(error)")
            }
        }
        let service: any ServedKnowledgeBase
        if onPostgres {
            // Reachable, kb's, migrated, writable if --write: said now rather than by the first request.
            service = try PostgresService(global.path).checkedForServing(writes: write)
        } else {
            service = try global.open(readers: readers ?? configuration.lanes.readers, immutable: immutable)
        }
        let server = KBServer(service: service, configuration: configuration)
        let outcome = ServeOutcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await server.application().runService()
            } catch {
                outcome.error = "\(error)"
            }
            done.signal()
        }
        done.wait()
        configuration.accessLog?.close()
        if let error = outcome.error { throw KBError.usage("cannot serve on \(host):\(port): \(error)") }
    }

    /// A server is not started on a KB made on the spot from the bundled seeds when a file was
    /// named (`--db`, `$KB_DB`) and does not exist: a mistyped path would be served, and written
    /// to with `--write`, as if it were the team's KB (trial 21 M5). `kb init` makes one; with
    /// no file named, `./kb.sqlite` is still created on first use, as by every command.
    private func refuseToCreate() throws {
        // An empty --db never gets here: GlobalOptions refuses it for every command.
        guard let named = global.db ?? KBService.namedPath() else { return }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: named, isDirectory: &isFolder) {
            if isFolder.boolValue { throw KBError.usage("\(named) is a folder, not a knowledge base file") }
            return
        }
        throw KBError.usage("\(named) does not exist; kb serve serves a knowledge base, it does not create one: "
                            + "kb --db \(ShellWord.quoted(named)) init creates it from the bundled seeds (or check the path)")
    }

    /// "2s", "500ms", "1.5" (seconds) → seconds.
    static func seconds(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let (number, scale): (Substring, Double) = trimmed.hasSuffix("ms") ? (trimmed.dropLast(2), 0.001)
            : trimmed.hasSuffix("s") ? (trimmed.dropLast(), 1) : (trimmed[...], 1)
        guard let value = Double(number), value > 0, value.isFinite else { return nil }
        return value * scale
    }
}

/// What the server task ended with, read after it signalled.
private final class ServeOutcome: @unchecked Sendable {
    var error: String?
}
