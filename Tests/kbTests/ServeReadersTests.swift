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
}

private final class LockedCounts: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String] = []
    func add(_ value: String) { lock.withLock { values.append(value) } }
    var all: [String] { lock.withLock { values } }
}
