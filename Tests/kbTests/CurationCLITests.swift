import Foundation
import GRDB
import Testing

/// Issue 14's acceptance through the `kb` binary (every record, author and number in it is invented
/// for the test): the curation round trip, every bad input
/// (a clear message, the documented exit code, the KB unchanged), a KB of the previous schema
/// edited in place, and two writers at once.
@Suite(.serialized)
struct CurationCLITests {
    let directory: URL

    init() throws {
        directory = try KBProcess.temporaryDirectory()
    }

    func kb(_ arguments: String...) throws -> KBProcess.Result {
        try KBProcess.run(arguments, in: directory, environment: ["KB_AUTHOR": "ana"])
    }

    func kb(_ arguments: [String], author: String = "ana") throws -> KBProcess.Result {
        try KBProcess.run(arguments, in: directory, environment: ["KB_AUTHOR": author])
    }

    /// Every row of every table (the search indexes' too), for "nothing was written".
    func dump(_ name: String = "kb.sqlite") throws -> [String] {
        let queue = try DatabaseQueue(path: directory.appendingPathComponent(name).path)
        defer { try? queue.close() }
        return try queue.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            return try tables.flatMap { table in
                try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"").map { "\(table): \($0)" }.sorted()
            }
        }
    }

    func state() throws -> (stats: String, dump: [String]) {
        (try kb("stats").stdout, try dump())
    }

    /// A source, a study and a claim as a curator adds them.
    func addThree() throws {
        let source = try kb("add", "source", "--title", "An Invented Test Work", "--authors", "Testwright, Ada; Example, Ben",
                            "--issued", "2023", "--doi", "10.9999/kb.test.1", "--reason", "read the paper")
        #expect(source.status == 0, "\(source.stderr)")
        #expect(source.stdout == "testwright2023invented\n")
        let study = try kb("add", "study", "--source", "testwright2023invented", "--id", "test-study", "--design", "field-experiment",
                           "--n", "5179", "--n-unit", "agents", "--reason", "table 1")
        #expect(study.status == 0, "\(study.stderr)")
        let claim = try kb("add", "claim", "--source", "testwright2023invented", "--id", "test-claim",
                           "--statement", "An invented tool raised invented output.", "--cohort", "older",
                           "--role", "ml-platform-engineer", "--reason", "abstract")
        #expect(claim.status == 0, "\(claim.stderr)")
    }

    // MARK: Acceptance round trip

    @Test func addEditQueryLogUndoRoundTrip() throws {
        _ = try kb("init")
        try addThree()
        let shown = try kb("show", "test-claim", "--format", "json")
        let shownStudy = try kb("show", "test-study", "--format", "json")
        #expect(shownStudy.status == 0, "\(shownStudy.stderr)")
        #expect(shown.stdout.contains("\"grade\": \"moderate\""), "\(shown.stdout)")
        let edit = try kb("edit", "test-study", "n=480", "preregistered=yes", "--reason", "the preregistered sample")
        #expect(edit.status == 0, "\(edit.stderr)")
        let query = try kb("query", "claims where source=testwright2023invented", "--format", "json")
        #expect(query.stdout.contains("test-claim"))
        #expect(query.stdout.contains("\"grade\": \"high\""), "the grade follows the study's new evidence: \(query.stdout)")
        let log = try kb("log", "--format", "json")
        let changes = try #require(try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]])
        let curated = changes.filter { ($0["command"] as? String) != "init" }
        #expect(curated.count == 4)
        #expect(curated.allSatisfy { $0["author"] as? String == "ana" })
        #expect(curated.map { $0["reason"] as? String } == ["read the paper", "table 1", "abstract", "the preregistered sample"])
        let editID = try #require(curated.last?["id"] as? Int)
        #expect(curated.last?["fields"] as? [String] == ["n", "preregistered"])
        let undo = try kb("undo", String(editID), "--reason", "wrong table")
        #expect(undo.status == 0, "\(undo.stderr)")
        #expect(try kb("show", "test-claim", "--format", "json").stdout == shown.stdout, "undo restores the record byte for byte")
        #expect(try kb("show", "test-study", "--format", "json").stdout == shownStudy.stdout, "undo restores the edited study byte for byte")
        let again = try kb("undo", String(editID))
        #expect(again.status == 4)
        #expect(again.stderr.contains("already undone"))
        let history = try kb("show", "test-study", "--history")
        #expect(history.status == 0)
        #expect(history.stdout.contains("undoes \(editID); wrong table"), "\(history.stdout)")
        // An undo without a reason shows "undoes N" alone, not "undoes N; " (trial 21 m4).
        #expect(try kb("edit", "test-study", "n=481").status == 0)
        let edits = try #require(try JSONSerialization.jsonObject(with: Data(try kb("log", "--format", "json").stdout.utf8)) as? [[String: Any]])
        let secondID = try #require(edits.last?["id"] as? Int)
        #expect(try kb("undo", String(secondID)).status == 0)
        let plain = try kb("log", "test-study")
        #expect(plain.stdout.contains("undoes \(secondID)") && !plain.stdout.contains("undoes \(secondID);"), "\(plain.stdout)")
    }

    // Trial 10: off a terminal, `kb log` split words ("prereg/istere/d") to fit 120 columns.
    @Test func theLogTableDoesNotWrapOffATerminal() throws {
        _ = try kb("init")
        try addThree()
        let reason = "pages and volume from fairlearn_refs.bib, checked against the publisher's page"
        #expect(try kb("edit", "test-study", "n=480", "preregistered=yes", "--reason", reason).status == 0)
        let log = try KBProcess.run(["log"], in: directory, environment: ["KB_AUTHOR": "ana", "COLUMNS": ""])
        let lines = log.stdout.split(separator: "\n")
        #expect(lines.contains { $0.contains("n, preregistered") && $0.hasSuffix(reason) }, "\(log.stdout)")
        // One line per change, under the header and its rule.
        #expect(lines.count == 2 + (try kb("log", "--format", "json").stdout.components(separatedBy: "\"id\"").count - 1))
        // On a terminal of $COLUMNS it still wraps to fit.
        #expect(try kb("log").stdout.split(separator: "\n").allSatisfy { $0.count <= 120 })
    }

    @Test func undoOfAnImportRemovesExactlyWhatItAdded() throws {
        _ = try kb("init")
        try addThree()
        let before = try state()
        let bib = directory.appendingPathComponent("new.bib")
        try Data("""
            @article{ada2020, title = {A work never seen}, author = {Lovelace, Ada}, journal = {J}, year = {2020}}
            @book{babbage2019, title = {Engines}, author = {Babbage, Charles}, publisher = {P}, year = {2019}}
            """.utf8).write(to: bib)
        let imported = try kb("import", bib.path, "--reason", "two more")
        #expect(imported.status == 0, "\(imported.stderr)")
        let batch = try #require(imported.stderr.split(separator: " ").first { $0.hasPrefix("import-") }.map(String.init))
        let log = try kb("log", "--batch", batch, "--format", "json")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 2)
        #expect(Set(rows.compactMap { $0["record"] as? String }) == ["ada2020", "babbage2019"])
        let undo = try kb("undo", String(try #require(rows.first?["id"] as? Int)))
        #expect(undo.status == 0, "\(undo.stderr)")
        let after = try state()
        // Everything is as before but the import run itself and the log, which only grow.
        let growing = ["changes:", "importRun:", "claimSearch_", "sourceSearch_", "sourceKey:"]
        #expect(after.dump.filter { row in !growing.contains { row.hasPrefix($0) } } == before.dump.filter { row in !growing.contains { row.hasPrefix($0) } })
        #expect(after.stats.replacingOccurrences(of: "imports                2", with: "imports                1") == before.stats)
        // The full-text indexes (left out above, as their shadow rows grow) find none of the removed works.
        let queue = try DatabaseQueue(path: directory.appendingPathComponent("kb.sqlite").path)
        defer { try? queue.close() }
        try queue.read { db in
            // (The bib adds sources only; the stemming index would match 'engines' to the seeds' 'engineer'.)
            for (table, terms) in [("sourceSearch", ["\"never seen\""]), ("sourceTrigram", ["\"never seen\"", "Engines"])] {
                for word in terms {
                    let hits = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table) WHERE \(table) MATCH ?", arguments: [word])
                    #expect(hits == 0, "\(table) still finds '\(word)'")
                }
            }
        }
        try queue.write { try $0.execute(sql: "INSERT INTO sourceSearch(sourceSearch) VALUES ('integrity-check')") }
    }

    // MARK: Bad input: a clear message, the documented exit code, nothing written

    func expectRefused(_ arguments: [String], status: Int32, message: String, help: String? = nil) throws {
        let before = try state()
        let result = try kb(arguments)
        #expect(result.status == status, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        if let help { #expect(result.stderr.contains(help), "\(arguments): \(result.stderr)") }
        let after = try state()
        #expect(after.stats == before.stats, "\(arguments) changed kb stats")
        #expect(after.dump == before.dump, "\(arguments) changed the database")
    }

    @Test func badInputIsRefusedAndWritesNothing() throws {
        _ = try kb("init")
        try addThree()
        try expectRefused(["edit", "test-study", "nn=5"], status: 3, message: "unknown field 'nn' for a study", help: "did you mean 'n'?")
        try expectRefused(["add", "claim", "--statement", "x", "--cohort", "oldr"], status: 3, message: "unknown cohort 'oldr'", help: "did you mean")
        try expectRefused(["add", "source", "--title", "T", "--doi", "10.12/"], status: 3, message: "'10.12/' is not a DOI")
        try expectRefused(["edit", "test-study", "n=-5"], status: 3, message: "a sample size must be positive, found -5")
        try expectRefused(["add", "claim", "--source", "testwright2023invented"], status: 3, message: "a new claim needs 'statement'")
        try expectRefused(["add", "source", "--title", "T", "--issued", "2999"], status: 3, message: "the year 2999 is in the future")
        // A day its month does not have is not a date (a trial found 2024-02-30 stored and exported).
        try expectRefused(["add", "source", "--title", "T", "--issued", "2024-02-30"], status: 3, message: "expected a date such as 2023, 2025-09 or 2025-09-23, found '2024-02-30'")
        try expectRefused(["notice", "testwright2023invented", "--type", "correction", "--date", "2023-02-29", "--reason", "x"], status: 3,
                          message: "--date: expected a date such as 2023, 2025-09 or 2025-09-23, found '2023-02-29'")
        try expectRefused(["add", "claim", "--statement", "x", "--source", "testwrigt2023invented"], status: 3,
                          message: "unknown source 'testwrigt2023invented'", help: "did you mean 'testwright2023invented'?")
        let file = directory.appendingPathComponent("three.yaml")
        try Data("""
            sources:
              - id: good-one
                title: A good source
                issued: 2020
              - id: bad-one
                title: A bad source
                doi: not-a-doi
            claims:
              - id: good-claim
                statement: A good claim.
                source: good-one
            """.utf8).write(to: file)
        try expectRefused(["add", "--from", file.path], status: 3, message: "three.yaml:7:")
        // A version the record never reached says so (trial 5), rather than "changed since".
        try expectRefused(["edit", "test-study", "n=100", "--if-version", "7"], status: 4,
                          message: "is at version 1; you gave 7")
        try expectRefused(["remove", "testwright2023invented", "--reason", "test"], status: 4,
                          message: "cannot be removed: 2 records depend on it")
        #expect(try kb("edit", "test-study", "n=200", "--if-version", "1").status == 0)
        #expect(try kb("edit", "test-study", "n=300", "--if-version", "2").status == 0)
        try expectRefused(["edit", "test-study", "n=100", "--if-version", "1"], status: 4,
                          message: "changed since version 1 by ana at")
        let changes = try JSONSerialization.jsonObject(with: Data(try kb("log", "test-study", "--format", "json").stdout.utf8)) as? [[String: Any]]
        let overridden = try #require(changes?.dropLast().last?["id"] as? Int)
        try expectRefused(["undo", String(overridden)], status: 4, message: "was overridden by change \(overridden + 1)")
        // --force restores the field anyway, as a new change.
        #expect(try kb("undo", String(overridden), "--force").status == 0)
        #expect(try kb("show", "test-study").stdout.contains("n              5179 agents"))
    }

    @Test func addFromAFileIsAllOrNothingAndOneUndo() throws {
        _ = try kb("init")
        let file = directory.appendingPathComponent("two.yaml")
        try Data("""
            sources:
              - id: good-one
                title: A good source
                issued: 2020
                studies:
                  - id: good-study
                    design: survey
                    n: 300
            claims:
              - id: good-claim
                statement: A good claim.
                source: good-one
                about: [cohort:older-workers]
            """.utf8).write(to: file)
        let before = try state()
        let added = try kb("add", "--from", file.path, "--reason", "batch")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout == "good-one\ngood-study\ngood-claim\n")
        #expect(try kb("show", "good-claim").stdout.contains("good-study"))
        let log = try JSONSerialization.jsonObject(with: Data(try kb("log", "good-study", "--format", "json").stdout.utf8)) as? [[String: Any]]
        let id = try #require(log?.first?["id"] as? Int)
        #expect(try kb("undo", String(id)).status == 0)
        let after = try state()
        #expect(after.stats == before.stats)
        #expect(after.dump.filter { !$0.hasPrefix("changes:") && !$0.contains("Search_") } == before.dump.filter { !$0.hasPrefix("changes:") && !$0.contains("Search_") })
    }

    @Test func removeWithCascadeListsWhatGoesAndUndoBringsItBack() throws {
        _ = try kb("init")
        try addThree()
        #expect(try kb("link", "test-claim", "--supports", "noy2023-writing-time").status == 0)
        let shown = try kb("show", "test-claim", "--format", "json").stdout
        let removed = try kb("remove", "testwright2023invented", "--cascade", "--reason", "duplicate")
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout == """
            removed relation test-claim supports noy2023-writing-time
            removed claim test-claim
            removed study test-study
            removed source testwright2023invented

            """)
        let last = try JSONSerialization.jsonObject(with: Data(try kb("log", "--format", "json").stdout.utf8)) as? [[String: Any]]
        #expect(try kb("undo", String(try #require(last?.last?["id"] as? Int))).status == 0)
        #expect(try kb("show", "test-claim", "--format", "json").stdout == shown)
        #expect(try kb("stats").stdout.contains("claim relations        1"))
    }

    /// Issue 14, item 4: a kept claim whose replication the removal rolled back is "updated",
    /// not "removed"; and a claim of the replicated claim's own study is no replication (exit 3).
    @Test func removeSaysUpdatedForAClaimItOnlyEditedAndLinkRefusesASelfReplication() throws {
        _ = try kb("init")
        try addThree()
        let same = try kb("add", "claim", "--source", "noy2023experimental", "--id", "test-same", "--statement", "Again.", "--reason", "test")
        #expect(same.status == 0, "\(same.stderr)")
        let refused = try kb("link", "test-same", "--replicates", "noy2023-writing-time")
        #expect(refused.status == 3 && refused.stderr.contains("same study"), "\(refused.stderr)")
        #expect(try kb("link", "test-claim", "--replicates", "noy2023-writing-time").status == 0)
        #expect(try kb("show", "noy2023-writing-time", "--format", "json").stdout.contains("\"replication\": \"replicated\""))
        let removed = try kb("remove", "testwright2023invented", "--cascade", "--reason", "duplicate")
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout.contains("updated claim noy2023-writing-time (replication replicated -> unknown)\n"), "\(removed.stdout)")
        #expect(!removed.stdout.contains("removed claim noy2023-writing-time"), "\(removed.stdout)")
        #expect(removed.stdout.contains("removed claim test-claim\n"))
        #expect(try kb("show", "noy2023-writing-time", "--format", "json").stdout.contains("\"replication\": \"unknown\""))
    }

    @Test func noticeLowersTheGradeOfTheSourcesClaims() throws {
        _ = try kb("init")
        try addThree()
        let notice = try kb("notice", "testwright2023invented", "--type", "retraction", "--date", "2024-05-02", "--reason", "data fabrication")
        #expect(notice.status == 0, "\(notice.stderr)")
        let shown = try kb("show", "test-claim", "--format", "json").stdout
        #expect(shown.contains("\"grade\": \"very-low\""), "\(shown)")
        #expect(shown.contains("\"retracted\": true"), "\(shown)")
    }

    // MARK: Schema and concurrency

    /// A KB made by the previous schema (migrations 1–7, as the last release wrote it) is edited
    /// in place: the upgrade adds versions and the change log and keeps every row.
    @Test func aKBOfThePreviousSchemaIsEditedInPlace() throws {
        let schemas = try FileManager.default.contentsOfDirectory(atPath: Self.repository.appendingPathComponent("Schema").path)
            .filter { $0.hasSuffix(".sql") && $0 < "0008" }.sorted()
        #expect(schemas.count == 7)
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // What the migrations' back-fills call; the KB holds no rows yet when they run.
            for name in ["kb_unspaced"] { db.add(function: DatabaseFunction(name, pure: true) { _ in false }) }
            for name in ["kb_decode_entities", "kb_title_key", "kb_fold"] {
                db.add(function: DatabaseFunction(name, argumentCount: 1, pure: true) { $0[0] })
            }
        }
        let path = directory.appendingPathComponent("old.sqlite").path
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            for schema in schemas {
                try db.execute(sql: try String(contentsOf: Self.repository.appendingPathComponent("Schema/\(schema)"), encoding: .utf8))
                try db.execute(sql: "INSERT INTO grdb_migrations VALUES (?)", arguments: [String(schema.dropLast(4))])
            }
            try db.execute(sql: "PRAGMA user_version = 7")
            try db.execute(sql: try String(contentsOf: Self.repository.appendingPathComponent("Tests/Fixtures/schema-v1-data.sql"), encoding: .utf8))
        }
        try queue.close()
        let edit = try kb(["--db", "old.sqlite", "edit", "v1-study", "n=150", "--if-version", "1", "--reason", "corrected"])
        #expect(edit.status == 0, "\(edit.stderr)")
        #expect(try kb(["--db", "old.sqlite", "show", "v1-study"]).stdout.contains("150"))
        let log = try kb(["--db", "old.sqlite", "log", "v1-study"])
        #expect(log.stdout.contains("corrected"))
        #expect(try kb(["--db", "old.sqlite", "query", "claims where \"legacy\""]).stdout.contains("legacy finding"))
        let changes = try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT version FROM study WHERE slug = 'v1-study'") }
        #expect(changes == 2)
    }

    /// The change log is append-only: SQLite itself refuses to rewrite or delete it.
    @Test func theChangeLogCannotBeRewritten() throws {
        _ = try kb("init")
        try addThree()
        let queue = try DatabaseQueue(path: directory.appendingPathComponent("kb.sqlite").path)
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "UPDATE changes SET author = 'mallory'") } }
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "DELETE FROM changes") } }
    }

    /// Two processes editing different records at once both succeed; nobody sees "locked".
    @Test func twoWritersOnDifferentRecordsBothSucceed() throws {
        _ = try kb("init")
        try addThree()
        let results = Box()
        let group = DispatchGroup()
        for (id, author) in [("test-study", "ana"), ("noy2023experimental-experiment", "ben")] {
            group.enter()
            DispatchQueue.global().async { [directory] in
                for n in 1...8 {
                    let result = try? KBProcess.run(["edit", id, "n=\(100 + n)"], in: directory, environment: ["KB_AUTHOR": author])
                    results.append(result.map { "\($0.status) \($0.stderr)" } ?? "failed to run")
                }
                group.leave()
            }
        }
        group.wait()
        #expect(results.values.count == 16)
        for result in results.values { #expect(result.hasPrefix("0 "), "\(result)") }
        let log = try JSONSerialization.jsonObject(with: Data(try kb("log", "--format", "json").stdout.utf8)) as? [[String: Any]]
        #expect(log?.filter { $0["command"] as? String == "edit" }.count == 16)
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// Results collected from several threads.
final class Box: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [String] = []

    func append(_ value: String) {
        lock.lock()
        values.append(value)
        lock.unlock()
    }
}
