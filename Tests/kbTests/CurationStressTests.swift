import Foundation
import GRDB
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Issue 14's stress acceptance through the `kb` binary: a SIGKILL in the middle of `kb add
/// --from` leaves all of the file's records or none (and the change log agrees with the tables),
/// two writer processes on different records lose no write and never see "database is locked",
/// and two writers racing on one record with `--if-version` end with exactly one winner.
/// Every record here is synthetic ("Synthetic source 00001"): no title, DOI or author is real.
/// The longer versions (10 s of writers, the release binary) are in `.ci/check-curation`.
@Suite(.serialized)
struct CurationStressTests {
    let directory: URL

    init() throws {
        directory = try KBProcess.temporaryDirectory()
    }

    // MARK: Helpers

    @discardableResult
    func kb(_ arguments: String..., author: String = "ana") throws -> KBProcess.Result {
        try KBProcess.run(arguments, in: directory, environment: ["KB_AUTHOR": author])
    }

    var database: String { directory.appendingPathComponent("kb.sqlite").path }

    /// The record counts of a file of `sources` sources, each with one study and two claims.
    struct Batch {
        var sources: Int
        var studies: Int { sources }
        var claims: Int { sources * 2 }
        var records: Int { sources + studies + claims }
    }

    /// kb's YAML for `batch`: synthetic sources, each with a study of invented `n` and two
    /// claims citing it.
    static func syntheticYAML(_ batch: Batch, prefix: String = "synthetic") -> String {
        var lines = ["sources:"]
        for i in 0..<batch.sources {
            let number = String(format: "%05d", i)
            lines += ["  - id: \(prefix)-source-\(number)", "    title: Synthetic source \(number)", "    issued: 2020",
                      "    studies:", "      - id: \(prefix)-study-\(number)", "        design: survey", "        n: \(100 + i)"]
        }
        lines.append("claims:")
        for i in 0..<batch.claims {
            let number = String(format: "%05d", i)
            lines += ["  - id: \(prefix)-claim-\(number)", "    statement: Synthetic claim \(number).",
                      "    source: \(prefix)-source-\(String(format: "%05d", i / 2))", "    about: [cohort:older-workers]"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What a crashed `add --from` left: the synthetic records per table, the `add --from`
    /// change rows per kind, the synthetic records without a change row, and the integrity check.
    struct Aftermath: Equatable, CustomStringConvertible {
        var sources = 0, studies = 0, claims = 0
        var changedSources = 0, changedStudies = 0, changedClaims = 0
        var unlogged = 0
        var integrity = ""

        var description: String {
            "tables \(sources)/\(studies)/\(claims), changes \(changedSources)/\(changedStudies)/\(changedClaims), unlogged \(unlogged), integrity \(integrity)"
        }

        static func read(_ path: String) throws -> Aftermath {
            // Opening the file read-write lets SQLite roll back what the killed process left in the WAL.
            let queue = try DatabaseQueue(path: path)
            defer { try? queue.close() }
            return try queue.read { db in
                func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? -1 }
                var result = Aftermath()
                result.sources = try count("SELECT count(*) FROM source WHERE slug LIKE 'synthetic-source-%'")
                result.studies = try count("SELECT count(*) FROM study WHERE slug LIKE 'synthetic-study-%'")
                result.claims = try count("SELECT count(*) FROM claim WHERE slug LIKE 'synthetic-claim-%'")
                let logged = "FROM changes WHERE batch LIKE 'add-%' AND action = 'add' AND recordKind = "
                result.changedSources = try count("SELECT count(*) \(logged) 'source'")
                result.changedStudies = try count("SELECT count(*) \(logged) 'study'")
                result.changedClaims = try count("SELECT count(*) \(logged) 'claim'")
                result.unlogged = try count("""
                    SELECT (SELECT count(*) FROM claim c WHERE c.slug LIKE 'synthetic-%' AND NOT EXISTS
                              (SELECT 1 FROM changes h WHERE h.recordKind = 'claim' AND h.recordId = c.slug AND h.action = 'add'))
                         + (SELECT count(*) FROM study s WHERE s.slug LIKE 'synthetic-%' AND NOT EXISTS
                              (SELECT 1 FROM changes h WHERE h.recordKind = 'study' AND h.recordId = s.slug AND h.action = 'add'))
                         + (SELECT count(*) FROM source s WHERE s.slug LIKE 'synthetic-%' AND NOT EXISTS
                              (SELECT 1 FROM changes h WHERE h.recordKind = 'source' AND h.recordId = s.slug AND h.action = 'add'))
                    """)
                result.integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
                return result
            }
        }

        static func none() -> Aftermath { Aftermath(integrity: "ok") }

        static func all(_ batch: Batch) -> Aftermath {
            Aftermath(sources: batch.sources, studies: batch.studies, claims: batch.claims, changedSources: batch.sources,
                      changedStudies: batch.studies, changedClaims: batch.claims, integrity: "ok")
        }
    }

    /// Starts `kb add --from file` on a copy of `template` with its output going to files (so
    /// nothing blocks on a full pipe), and SIGKILLs it after `seconds` — or, with `afterCommit`,
    /// as soon as it reports what it added. Returns whether the kill reached a live process and
    /// what it printed to stdout.
    func addKilled(from file: URL, template: URL, after seconds: Double, afterCommit: Bool = false) throws -> (killed: Bool, stdout: String) {
        let db = URL(fileURLWithPath: database)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db.path + suffix) }
        try FileManager.default.copyItem(at: template, to: db)
        let out = directory.appendingPathComponent("add.out"), err = directory.appendingPathComponent("add.err")
        for url in [out, err] { FileManager.default.createFile(atPath: url.path, contents: nil) }
        let process = Process()
        process.executableURL = KBProcess.binary
        process.arguments = ["--db", db.path, "add", "--from", file.path, "--reason", "crash test"]
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(["KB_AUTHOR": "crash", "NO_COLOR": "1"]) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        let deadline = Date().addingTimeInterval(afterCommit ? 120 : seconds)
        while process.isRunning, Date() < deadline {
            if afterCommit, let text = try? String(contentsOf: err, encoding: .utf8), text.contains("kb: added ") { break }
            usleep(5_000)
        }
        let killed = process.isRunning && kill(process.processIdentifier, SIGKILL) == 0
        process.waitUntilExit()
        return (killed, (try? String(contentsOf: out, encoding: .utf8)) ?? "")
    }

    /// An initialised KB holding the bundled seeds, copied before each crash.
    func template() throws -> URL {
        #expect(try kb("init").status == 0)
        let template = directory.appendingPathComponent("template.sqlite")
        try FileManager.default.copyItem(atPath: database, toPath: template.path)
        return template
    }

    // MARK: SIGKILL during add --from

    /// 10,000 records, killed at three random moments while the one transaction runs: each time
    /// all of them or none, the change log agreeing with the tables, the file intact, and the KB
    /// usable afterwards.
    @Test func aKillDuringAddFromLeavesAllOrNone() throws {
        let batch = Batch(sources: 2_500)
        #expect(batch.records == 10_000)
        let file = directory.appendingPathComponent("synthetic.yaml")
        try Data(Self.syntheticYAML(batch).utf8).write(to: file)
        let template = try template()
        // Parsing ends and the write transaction starts within a few tenths of a second; the
        // debug binary then writes for several seconds, so these moments land inside it.
        var kills = 0
        for range in [0.2...0.8, 0.8...1.6, 1.6...2.6] {
            let moment = Double.random(in: range)
            let (killed, stdout) = try addKilled(from: file, template: template, after: moment)
            if killed { kills += 1 }
            let state = try Aftermath.read(database)
            #expect(state == .none() || state == .all(batch), "killed at \(moment) s (\(killed ? "killed" : "had exited")): \(state)")
            // The ids are printed only once the transaction has committed.
            if !stdout.isEmpty { #expect(state == .all(batch), "printed ids but: \(state)") }
            let stats = try kb("stats")
            #expect(stats.status == 0, "\(stats.stderr)")
        }
        // At least one kill reached a running add (else the test proved nothing).
        #expect(kills > 0)
    }

    /// A kill just after the commit (as soon as the add reports its batch) keeps every record and
    /// its change row.
    @Test func aKillAfterTheCommitKeepsEverything() throws {
        let batch = Batch(sources: 2_500)
        let file = directory.appendingPathComponent("synthetic.yaml")
        try Data(Self.syntheticYAML(batch).utf8).write(to: file)
        let template = try template()
        _ = try addKilled(from: file, template: template, after: 0, afterCommit: true)
        #expect(try Aftermath.read(database) == .all(batch))
    }

    // MARK: Two writers

    /// Two writer processes, each editing its own five studies in turn for a few seconds: every
    /// edit exits 0, none mentions a lock, the change log holds exactly the edits made, and each
    /// study ends at the last value written to it.
    @Test func twoWritersForSecondsLoseNoWrite() throws {
        _ = try template()
        let file = directory.appendingPathComponent("writers.yaml")
        try Data(Self.syntheticYAML(Batch(sources: 10), prefix: "writer").utf8).write(to: file)
        #expect(try kb("add", "--from", file.path).status == 0)
        let writes = Writes()
        let group = DispatchGroup()
        let until = Date().addingTimeInterval(3)
        for (writer, author) in ["ana", "ben"].enumerated() {
            group.enter()
            DispatchQueue.global().async { [directory] in
                var value = 1_000 * (writer + 1)
                while Date() < until {
                    value += 1
                    let study = "writer-study-0000\(writer * 5 + value % 5)"
                    let result = try? KBProcess.run(["edit", study, "n=\(value)"], in: directory, environment: ["KB_AUTHOR": author])
                    writes.append(Write(study: study, n: value, status: result?.status ?? -1, stderr: result?.stderr ?? "did not run"))
                }
                group.leave()
            }
        }
        group.wait()
        let made = writes.values
        #expect(made.filter { $0.n < 2_000 }.count >= 2 && made.filter { $0.n > 2_000 }.count >= 2, "each writer wrote: \(made.count)")
        for write in made {
            #expect(write.status == 0, "\(write.study) n=\(write.n): \(write.stderr)")
            #expect(!write.stderr.lowercased().contains("locked"), "\(write.stderr)")
        }
        let queue = try DatabaseQueue(path: database)
        defer { try? queue.close() }
        try queue.read { db in
            let edits = try Int.fetchOne(db, sql: "SELECT count(*) FROM changes WHERE command = 'edit'")
            #expect(edits == made.count)
            // Every write is in the log with the value it wrote.
            let logged = try Row.fetchAll(db, sql: "SELECT recordId, json_extract(after, '$.n') AS n FROM changes WHERE command = 'edit'")
                .map { "\($0["recordId"] as String) \($0["n"] as Int)" }
            #expect(Set(logged) == Set(made.map { "\($0.study) \($0.n)" }))
            for (study, last) in Dictionary(grouping: made, by: \.study).mapValues({ $0.map(\.n).max() ?? 0 }) {
                #expect(try Int.fetchOne(db, sql: "SELECT n FROM study WHERE slug = ?", arguments: [study]) == last, "\(study)")
            }
        }
    }

    /// Two writers race on one study with the version both read: each round, exactly one wins,
    /// and the other exits 4 naming the winner and the time.
    @Test func aRaceOnOneRecordWithIfVersionHasOneWinner() throws {
        _ = try template()
        let study = "noy2023experimental-experiment"
        for round in 1...4 {
            let version = round
            let processes = try ["ana", "ben"].map { author in
                let process = Process()
                process.executableURL = KBProcess.binary
                process.arguments = ["edit", study, "n=\(round * 10 + (author == "ana" ? 1 : 2))", "--if-version", String(version)]
                process.currentDirectoryURL = directory
                process.environment = ProcessInfo.processInfo.environment.merging(["KB_AUTHOR": author, "NO_COLOR": "1"]) { $1 }
                let err = Pipe()
                process.standardError = err
                process.standardOutput = FileHandle.nullDevice
                try process.run()
                return (author, process, err)
            }
            let results = processes.map { author, process, err in
                let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                return (author: author, status: process.terminationStatus, stderr: text)
            }
            #expect(results.map(\.status).sorted() == [0, 4], "round \(round): \(results)")
            guard let winner = results.first(where: { $0.status == 0 }), let loser = results.first(where: { $0.status == 4 }) else { continue }
            let expected = "changed since version \(version) by \(winner.author) at "
            #expect(loser.stderr.contains(expected), "round \(round): \(loser.stderr)")
            #expect(loser.stderr.range(of: #"at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"#, options: .regularExpression) != nil, "\(loser.stderr)")
            let n = try DatabaseQueue(path: database).read { db in try Int.fetchOne(db, sql: "SELECT n FROM study WHERE slug = ?", arguments: [study]) }
            #expect(n == round * 10 + (winner.author == "ana" ? 1 : 2))
        }
        let edits = try DatabaseQueue(path: database).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM changes WHERE command = 'edit'") }
        #expect(edits == 4)
    }
}

/// One `kb edit` a writer made and how it ended.
struct Write: Sendable {
    var study: String
    var n: Int
    var status: Int32
    var stderr: String
}

/// Writes collected from several threads.
final class Writes: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Write] = []

    var values: [Write] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    func append(_ value: Write) {
        lock.lock()
        stored.append(value)
        lock.unlock()
    }
}
