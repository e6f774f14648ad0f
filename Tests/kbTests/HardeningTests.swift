import Foundation
import GRDB
import Testing

/// What kb guarantees under abuse (SECURITY.md): limits, hostile imports, a killed import,
/// concurrent writers and readers, old and new schemas, read-only opens.
@Suite(.serialized)
struct HardeningTests {
    let directory: URL

    init() throws {
        directory = try KBProcess.temporaryDirectory()
    }

    func kb(_ arguments: String...) throws -> KBProcess.Result {
        try KBProcess.run(arguments, in: directory)
    }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func count(_ table: String, db: String = "kb.sqlite") throws -> Int {
        let result = try kb("--db", db, "stats", "--format", "json")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return object?[table] as? Int ?? -1
    }

    // MARK: Limits

    @Test func hugeQueriesAreAClearErrorNotACrash() throws {
        let cases = [
            ("claims where " + String(repeating: "(", count: 10_000) + "preregistered" + String(repeating: ")", count: 10_000), "nests too deeply"),
            ("claims where " + Array(repeating: "n > 1", count: 100_000).joined(separator: " and "), "too long"),
            ("claims where \"" + String(repeating: "x", count: 10_000_000) + "\"", "too long"),
        ]
        for (index, (query, message)) in cases.enumerated() {
            // Through argv when it fits (Linux allows 128 KB per argument), else as a saved query.
            let result: KBProcess.Result
            if query.utf8.count < 100_000 {
                result = try kb("query", query)
            } else {
                let file = try write("huge-\(index).kbq", Array(query.utf8))
                result = try kb("run", file)
            }
            #expect(result.status == 2)
            #expect(result.stderr.contains(message), "\(result.stderr.prefix(300))")
            #expect(result.stderr.count < 2_000, "the error quotes a window of the query, not all of it")
        }
    }

    // MARK: Hostile imports

    /// A limit past kb's largest (a billion rows), in the query or as `--limit`, is a usage error
    /// naming the range; `--limit` of 2^59 trapped the strength range's arithmetic (exit 132, no
    /// message) before. Within the range, a large limit answers.
    @Test func hugeLimitsAreAClearErrorNotACrash() throws {
        for arguments in [["query", "claims", "--limit", "576460752303423487"], ["query", "claims where n >= 100", "--limit", "9223372036854775807"]] {
            let result = try KBProcess.run(arguments, in: directory)
            #expect(result.status == 2, "\(arguments): exit \(result.status)")
            #expect(result.stderr.contains("--limit must be a whole number from 1 to 1000000000"), "\(result.stderr.prefix(300))")
        }
        let inQuery = try kb("query", "claims limit 2000000000")
        #expect(inQuery.status == 2)
        #expect(inQuery.stderr.contains("expected a whole number from 1 to 1000000000 after 'limit'"), "\(inQuery.stderr.prefix(300))")
        let largest = try kb("query", "claims", "--limit", "1000000000", "--format", "json")
        #expect(largest.status == 0, "\(largest.stderr.prefix(300))")
    }

    @Test func hostileFilesFailWithALocationAndWriteNothing() throws {
        _ = try kb("stats")
        let before = try count("sources")
        var big = Array("@article{big, title = {".utf8)
        big += [UInt8](repeating: UInt8(ascii: "a"), count: 10_000_000)
        big += Array("}, year = 2020\n".utf8)
        let cases: [(String, [UInt8], String)] = [
            ("invalid.bib", Array("@article{a, title = {Caf".utf8) + [0xC3, 0x28] + Array("}, year = 2020}\n".utf8), "invalid.bib:1:"),
            ("nul.ris", Array("TY  - JOUR\nTI  - A\u{0}B\nER  - \n".utf8), "nul.ris:2:"),
            ("truncated.json", Array("[{\"id\": \"a\", \"type\": \"book\", \"title\": \"T\"}, {\"id\": \"b\", \"ty".utf8), "truncated.json:1:"),
            ("unbalanced.bib", Array("@article{a,\n  title = {never {closed},\n  year = 2020\n}\n".utf8), "unbalanced.bib:2:"),
            ("garbage.bib", (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }, "garbage.bib:"),
            ("empty.ris", [], "empty.ris"),
            ("big.bib", big, "big.bib:1:"),
        ]
        for (name, bytes, location) in cases {
            let path = try write(name, bytes)
            let result = try kb("import", path)
            #expect(result.status == 3, "\(name): exit \(result.status) \(result.stderr.prefix(300))")
            #expect(result.stderr.contains(location), "\(name): \(result.stderr.prefix(400))")
        }
        // A CSV whose row has the wrong width, through a mapping.
        let csv = try write("rows.csv", Array("id,title\n1,First\n2,Second,extra\n".utf8))
        let mapping = try write("rows.yaml", Array("""
            sources:
              work:
                group: ["{id}"]
                title: "{title}"
            claims:
              - {id: "c{id}", source: work, statement: "{title}"}
            """.utf8))
        let width = try kb("import", csv, "--map", mapping)
        #expect(width.status == 3)
        #expect(width.stderr.contains("rows.csv:3:"), "\(width.stderr)")
        #expect(width.stderr.contains("3 fields; the header has 2"))
        // One error is said as several are.
        #expect(width.stderr.contains("kb: 1 error; nothing was written"), "\(width.stderr)")
        #expect(try count("sources") == before, "nothing was written")
    }

    // MARK: Crash safety

    /// A large import killed with SIGKILL at random moments: the KB is intact and holds all of
    /// that import or none of it.
    @Test func aKilledImportLeavesAllOrNothing() throws {
        _ = try kb("stats")
        let before = try count("sources")
        var text = ""
        let entries = 20_000
        for index in 0..<entries {
            text += "@article{k\(index), author = {Author\(index % 97), A.}, title = {Killed import work \(index)}, journal = {J}, year = {\(1990 + index % 30)}, doi = {10.9999/kill.\(index)}}\n"
        }
        let path = try write("big.bib", Array(text.utf8))
        var random = SystemRandomNumberGenerator()
        var sawBoth = Set<Bool>()
        for attempt in 0..<6 {
            let process = Process()
            process.executableURL = KBProcess.binary
            process.arguments = ["--db", "kb.sqlite", "import", path]
            process.currentDirectoryURL = directory
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 50_000...1_500_000, using: &random))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let check = try kb("--db", "kb.sqlite", "stats", "--format", "json")
            #expect(check.status == 0, "attempt \(attempt): \(check.stderr)")
            let sources = try count("sources")
            #expect(sources == before || sources == before + entries, "attempt \(attempt): \(sources) sources")
            sawBoth.insert(sources == before)
            if sources != before { break }
        }
        let integrity = try DatabaseQueue(path: directory.appendingPathComponent("kb.sqlite").path).read { db in
            try String.fetchOne(db, sql: "PRAGMA integrity_check")
        }
        #expect(integrity == "ok")
    }

    // MARK: Concurrency

    /// Two imports and four query loops at once: nobody sees "database is locked", no row is lost.
    @Test func concurrentWritersAndReaders() throws {
        _ = try kb("stats")
        let before = try count("sources")
        var paths: [String] = []
        for file in 0..<2 {
            var text = ""
            for index in 0..<3000 {
                text += "@article{w\(file)x\(index), author = {Writer\(file), B.}, title = {Concurrent work \(file)-\(index)}, journal = {J}, year = {2001}, doi = {10.9999/conc.\(file).\(index)}}\n"
            }
            paths.append(try write("concurrent-\(file).bib", Array(text.utf8)))
        }
        let results = ResultBox()
        let group = DispatchGroup()
        let directory = self.directory
        for path in paths {
            DispatchQueue.global().async(group: group) {
                let result = try? KBProcess.run(["--db", "kb.sqlite", "import", path], in: directory)
                results.append(result)
            }
        }
        for _ in 0..<4 {
            DispatchQueue.global().async(group: group) {
                for _ in 0..<15 {
                    results.append(try? KBProcess.run(["--db", "kb.sqlite", "query", "sources where year = 2001", "--format", "json", "--limit", "1"], in: directory))
                }
            }
        }
        group.wait()
        #expect(results.items.count == 2 + 60)
        for result in results.items {
            #expect(result?.status == 0, "\(result?.stderr ?? "did not run")")
            #expect(result?.stderr.contains("locked") == false)
        }
        #expect(try count("sources") == before + 6000)
    }

    // MARK: Schemas and read-only opens

    /// A KB made by the first schema (the SQL of migration 1, as kb 1 wrote it) opens, upgrades
    /// in place and keeps its data.
    @Test func aFirstSchemaKBUpgradesInPlace() throws {
        let schema = try String(contentsOf: Self.repository.appendingPathComponent("Schema/0001_evidence_graph.sql"), encoding: .utf8)
        let fixture = try String(contentsOf: Self.repository.appendingPathComponent("Tests/Fixtures/schema-v1-data.sql"), encoding: .utf8)
        let setup = """
            \(schema)
            PRAGMA user_version = 1;
            CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
            INSERT INTO grdb_migrations VALUES ('0001_evidence_graph');
            \(fixture)
            """
        try DatabaseQueue(path: directory.appendingPathComponent("old.sqlite").path).writeWithoutTransaction { db in
            try db.execute(sql: setup)
        }
        let query = try kb("--db", "old.sqlite", "query", "claims where \"legacy\"", "--format", "json")
        #expect(query.status == 0, "\(query.stderr)")
        #expect(query.stdout.contains("v1-claim"))
        // The latest migration in Schema/, whatever its number.
        let latest = try FileManager.default.contentsOfDirectory(atPath: Self.repository.appendingPathComponent("Schema").path)
            .filter { $0.hasSuffix(".sql") }.compactMap { Int($0.prefix { $0.isNumber }) }.max() ?? 0
        let stats = try kb("--db", "old.sqlite", "stats")
        #expect(stats.stdout.contains("schema version         \(latest)"))
        let version = try DatabaseQueue(path: directory.appendingPathComponent("old.sqlite").path).read { db in
            try Int.fetchOne(db, sql: "PRAGMA user_version")
        }
        #expect(version == latest)
    }

    /// A dry run on a KB that needs a schema upgrade works on an upgraded copy in memory: the
    /// file keeps its schema and its bytes (issue 12, item 14: a dry run writes nothing).
    @Test func aDryRunDoesNotUpgradeAnOldKB() throws {
        let schema = try String(contentsOf: Self.repository.appendingPathComponent("Schema/0001_evidence_graph.sql"), encoding: .utf8)
        let fixture = try String(contentsOf: Self.repository.appendingPathComponent("Tests/Fixtures/schema-v1-data.sql"), encoding: .utf8)
        let path = directory.appendingPathComponent("old.sqlite").path
        try DatabaseQueue(path: path).writeWithoutTransaction { db in
            try db.execute(sql: """
                \(schema)
                PRAGMA user_version = 1;
                CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                INSERT INTO grdb_migrations VALUES ('0001_evidence_graph');
                \(fixture)
                """)
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let bib = directory.appendingPathComponent("new.bib")
        try Data("@article{ada2020, title = {A work never seen}, author = {Lovelace, Ada}, journal = {J}, year = {2020}}\n".utf8).write(to: bib)
        let result = try kb("--db", "old.sqlite", "import", bib.path, "--dry-run")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("needs a schema upgrade"), "\(result.stderr)")
        #expect(result.stderr.contains("would write 1 added"), "\(result.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "the dry run changed the file")
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("old.sqlite-") }
        #expect(left.isEmpty, "a dry run left \(left)")
    }

    @Test func aNewerSchemaIsRefusedAndReadOnlyWritesNothing() throws {
        _ = try kb("stats")
        let file = directory.appendingPathComponent("kb.sqlite")
        let before = try Data(contentsOf: file)
        let readOnly = try kb("--read-only", "query", "claims where \"writing\"")
        #expect(readOnly.status == 0)
        #expect(try kb("--read-only", "import", "nothing.bib").status == 2)
        #expect(try Data(contentsOf: file) == before, "a read-only query leaves the file byte for byte")
        try DatabaseQueue(path: file.path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('9999_from_the_future')")
        }
        let newer = try kb("stats")
        #expect(newer.status == 4)
        #expect(newer.stderr.contains("newer version of kb"))
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// Results collected from several threads.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var items: [KBProcess.Result?] = []

    func append(_ item: KBProcess.Result?) {
        lock.lock()
        items.append(item)
        lock.unlock()
    }
}
