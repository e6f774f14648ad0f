import Foundation
import GRDB
import KBCore
import Testing

/// `kb serve --readers N` and the read-only pool it opens (README, "Serving", "Lanes").
struct ServeReadersTests {
    /// A read-only open with readers is a pool of read-only connections (a server's), so that
    /// requests are not answered one at a time; without, a command's single connection as before.
    @Test func aReadOnlyOpenWithReadersIsAPoolThatWritesNothing() throws {
        let directory = try KBProcess.temporaryDirectory()
        let path = directory.appendingPathComponent("kb.sqlite").path
        _ = try KBService.open(path: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        let pooled = try KBService.open(path: path, readOnly: true, readers: 3)
        let pool = try #require(pooled.knowledgeBase.writer as? DatabasePool)
        #expect(pool.configuration.maximumReaderCount == 3)
        #expect(pool.configuration.readonly)
        // Reads on several threads at once, each on a connection of the pool.
        let counts = LockedCounts()
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            counts.add((try? pooled.statistics().first { $0.0 == "claims" }?.1) ?? "failed")
        }
        #expect(Set(counts.all).count == 1)
        #expect(counts.all.first != "failed")
        #expect(throws: (any Error).self) { try pool.write { try $0.execute(sql: "CREATE TABLE intruder (a)") } }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)

        let plain = try KBService.open(path: path, readOnly: true)
        #expect(plain.knowledgeBase.writer is DatabaseQueue)
    }

    @Test func readersMustBeAtLeastOne() throws {
        let directory = try KBProcess.temporaryDirectory()
        let fewest = 3 * ProcessInfo.processInfo.activeProcessorCount + 1
        for readers in ["0", "\(fewest - 1)"] {
            let result = try KBProcess.run(["serve", "--readers", readers], in: directory)
            #expect(result.status != 0)
            #expect(result.stderr.contains("--readers must be at least \(fewest) (one per thread of the lanes"))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("kb.sqlite").path))
    }

    /// Review 11 m8: serve's refusals read `kb: error:` like every other kb error, not
    /// ArgumentParser's `Error:`.
    @Test func servesRefusalsAreKbErrors() throws {
        let directory = try KBProcess.temporaryDirectory()
        for arguments in [["serve", "--immutable"], ["serve", "--readers", "0"], ["serve", "--time-limit", "soon"], ["--read-only", "serve", "--write"]] {
            let result = try KBProcess.run(arguments, in: directory)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.hasPrefix("kb: error: "), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Error:"), "\(arguments)")
        }
    }

    /// Trial 21 M1: on PostgreSQL, a file's options are refused as such at once, not first asked
    /// to be combined with another option (nothing is connected to: no server is needed).
    @Test func aFilesOptionsOnPostgreSQLAreRefusedAsSuch() throws {
        let directory = try KBProcess.temporaryDirectory()
        let location = "postgresql://kb@127.0.0.1:1/kb"
        for arguments in [["--db", location, "serve", "--immutable"], ["--db", location, "--read-only", "serve", "--immutable"]] {
            let result = try KBProcess.run(arguments, in: directory)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr == "kb: error: --immutable is for an SQLite file; a PostgreSQL database is served as it is\n", "\(arguments): \(result.stderr)")
        }
        let readers = try KBProcess.run(["--db", location, "serve", "--readers", "40"], in: directory)
        #expect(readers.status == 2)
        #expect(readers.stderr.contains("--readers is for an SQLite file"), "\(readers.stderr)")
    }

    /// Trial 21 M5: a named file that does not exist is not served as a new KB made from the
    /// seeds (a mistyped path would take a team's writes); `./kb.sqlite`, named by nobody, still is.
    @Test func aNamedFileThatDoesNotExistIsNotCreatedToBeServed() throws {
        let directory = try KBProcess.temporaryDirectory()
        for (arguments, environment) in [(["--db", "team.sqlte", "serve", "--write", "--port", "0"], [:]),
                                         (["serve", "--port", "0"], ["KB_DB": "team.sqlte"])] {
            let result = try KBProcess.run(arguments, in: directory, environment: environment)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains("team.sqlte does not exist; kb serve serves a knowledge base, it does not create one: kb --db team.sqlte init creates it"),
                    "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("team.sqlte").path))
        }
        // Nothing is left behind by the refusal, not even the access log; a path with a space is
        // quoted in the command it suggests; a folder or an empty path is said to be one.
        let spaced = try KBProcess.run(["--db", "my team.sqlite", "serve", "--port", "0", "--access-log", "access.log"], in: directory)
        #expect(spaced.status == 2 && spaced.stderr.contains("kb --db 'my team.sqlite' init"), "\(spaced.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("access.log").path))
        let folder = try KBProcess.run(["--db", ".", "serve", "--port", "0"], in: directory)
        #expect(folder.status == 2 && folder.stderr.contains(". is a folder, not a knowledge base file"), "\(folder.stderr)")
        let empty = try KBProcess.run(["--db", "", "serve", "--port", "0"], in: directory)
        #expect(empty.status == 2 && empty.stderr.contains("--db needs a path"), "\(empty.stderr)")
    }

    /// `./kb.sqlite`, named by nobody, is still made from the seeds on first use, and served.
    @Test func theDefaultFileIsStillCreatedAndServed() throws {
        let directory = try KBProcess.temporaryDirectory()
        let process = Process()
        process.executableURL = KBProcess.binary
        process.arguments = ["serve", "--port", "0"]
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["KB_DB"] = nil
        process.environment = environment
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() }; process.waitUntilExit() }
        // It says it created the file, then where it listens.
        var said = ""
        let deadline = Date().addingTimeInterval(60)
        while !said.contains("listening on http://"), Date() < deadline, process.isRunning {
            let chunk = stderr.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            said += String(decoding: chunk, as: UTF8.self)
        }
        #expect(said.contains("created kb.sqlite from the bundled seeds"), "\(said)")
        #expect(said.contains("listening on http://127.0.0.1:"), "\(said)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("kb.sqlite").path))
    }
}

private final class LockedCounts: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String] = []
    func add(_ value: String) { lock.withLock { values.append(value) } }
    var all: [String] { lock.withLock { values } }
}
