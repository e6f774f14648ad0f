import Foundation
import GRDB
import Testing
@testable import KBCore
@testable import KBFormats
@testable import KBPostgres
@testable import KBPostgresFacade
@testable import KBStore

/// `kb import` on PostgreSQL (issue 19): the same files imported one import at a time into a file
/// and into PostgreSQL loaded from the same init give the same reports (matches, merges,
/// warnings, counts, batch), the same rows in every table, the same change log, queries and
/// full-text answers; a re-import writes nothing new; a bad file, a row the server refuses and a
/// connection killed mid-COPY leave the server as it was. Needs KB_TEST_POSTGRES_URL.
@Suite(.serialized)
struct PostgresImportParityTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/import")

    static func input(_ name: String) throws -> ImportInput {
        let url = fixtures.appendingPathComponent(name)
        return ImportInput(name: url.path, bytes: Array(try Data(contentsOf: url)))
    }

    static func options(mapping: String? = nil, dryRun: Bool = false, skipInvalid: Bool = false) throws -> ImportOptions {
        let context = ChangeContext(author: "imp", command: "import", reason: "parity", time: Date(timeIntervalSince1970: 1_780_000_000))
        let map = try mapping.map { name -> (name: String, text: String) in
            let url = fixtures.appendingPathComponent(name)
            return (url.path, try String(contentsOf: url, encoding: .utf8))
        }
        return ImportOptions(mapping: map, dryRun: dryRun, skipInvalid: skipInvalid, changeContext: context)
    }

    /// A kb YAML file with a source, its study and two claims, one about a seeded cohort.
    static let yaml = """
        sources:
          - id: pg-import-work
            type: article-journal
            title: A Work Imported Into Both Stores
            authors:
              - {family: Quill, given: Q.}
            issued: 2022
            doi: 10.1000/pg-import
            studies:
              - id: pg-import-study
                n: 48
        claims:
          - id: pg-import-claim
            statement: Imports through COPY give the same rows on both stores.
            source: pg-import-work
            study: pg-import-study
            about: [cohort:older-workers]
          - id: pg-import-claim-2
            statement: A second claim with a tab\tand a backslash \\\\ in it.
            source: pg-import-work
        """

    /// One import: its inputs and options.
    struct Step: CustomStringConvertible, Sendable {
        let description: String
        let inputs: @Sendable () throws -> [ImportInput]
        let options: @Sendable () throws -> ImportOptions
    }

    static let steps: [Step] = [
        Step(description: "BibTeX, CSL-JSON and RIS", inputs: { try ["crossref.bib", "zotero-extras.json", "repeated-tags.ris", "doi-three-ways.bib"].map(input) }, options: { try options() }),
        Step(description: "CSV with a mapping", inputs: { [try input("dataset/tests.csv")] }, options: { try options(mapping: "dataset/mapping.yaml", skipInvalid: true) }),
        Step(description: "kb YAML", inputs: { [ImportInput(name: "more.yaml", bytes: Array(yaml.utf8))] }, options: { try options() }),
        Step(description: "the first files again", inputs: { try ["crossref.bib", "zotero-extras.json", "repeated-tags.ris", "doi-three-ways.bib"].map(input) }, options: { try options() }),
        Step(description: "the CSV again", inputs: { [try input("dataset/tests.csv")] }, options: { try options(mapping: "dataset/mapping.yaml", skipInvalid: true) }),
        Step(description: "a broken file", inputs: { [try input("broken-middle.bib")] }, options: { try options() }),
        Step(description: "a dry run", inputs: { [try input("names.bib")] }, options: { try options(dryRun: true) }),
    ]

    /// What an import reported, in an order that does not depend on the process (the importer
    /// lists some changes in a dictionary's order).
    static func summary(_ report: ImportReport) -> String {
        let kinds = report.byKind.keys.sorted().map { "\($0) \(report.byKind[$0]!)" }
        let files = report.files.map { "\($0.name) \($0.format) \($0.records) \($0.sources) \($0.studies) \($0.claims) \($0.skipped)" }
        let summary = report.summary
        let added = summary.addedByKind.keys.sorted().map { "\($0) \(summary.addedByKind[$0]!)" }.joined(separator: ", ")
        return [files.joined(separator: "; "), "\(summary.added)/\(summary.updated)/\(summary.unchanged)/\(summary.skipped) (\(added))", kinds.joined(separator: ", "),
                report.warnings.map { "\($0)" }.sorted().joined(separator: "; "), report.skipped.map { "\($0)" }.sorted().joined(separator: "; "),
                report.conflicts.sorted().joined(separator: "; "), report.merges.sorted().joined(separator: "; "),
                report.changes.sorted().joined(separator: "; "), report.cleared.sorted().joined(separator: "; "),
                "batch \(report.batch ?? "-")", "dry run \(report.isDryRun)", "matched \(report.matchedExisting)"].joined(separator: "\n")
    }

    /// The change log with ids and times left out, sorted (the importer logs a merge's edits in
    /// a dictionary's order, on a file too).
    static func log(_ changes: [Change]) -> [String] {
        changes.map { change in
            var change = change
            change.id = 0
            change.time = ""
            return "\(change)"
        }.sorted()
    }

    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func importAnswersAsOnAFile() async throws {
        try await withLoadedStores { location, postgres, sqlite in
            var outcomes: [String] = []
            for step in Self.steps {
                let lite = Result { try Importer(sqlite.knowledgeBase).run(try step.inputs(), options: try step.options()) }
                let live = Result { try postgres.importFiles(try step.inputs(), options: try step.options()) }
                switch (lite, live) {
                case let (.success(a), .success(b)):
                    #expect(Self.summary(b) == Self.summary(a), "\(step)")
                    outcomes.append("\(a.summary.added)/\(a.summary.updated)/\(a.summary.unchanged)")
                case let (.failure(a), .failure(b)):
                    #expect("\(type(of: b))" == "\(type(of: a))" && "\(b)" == "\(a)", "\(step)")
                    #expect(ErrorCategory(of: b)?.exitStatus == ErrorCategory(of: a)?.exitStatus, "\(step)")
                    #expect(ErrorCategory(of: a)?.exitStatus == 3, "\(step): refused as bad input")
                    outcomes.append("refused")
                default:
                    Issue.record("\(step): SQLite \(lite), PostgreSQL \(live)")
                }
                // After each import, every table holds the same rows on both stores.
                #expect(try tablesThatDiffer(location, sqlite) == [], "\(step)")
            }
            // Something was added by each of the first three; the re-imports add nothing.
            #expect(outcomes.count == 7 && outcomes[5] == "refused", "\(outcomes)")
            #expect(outcomes.prefix(3).allSatisfy { !$0.hasPrefix("0/") } && outcomes[3].hasPrefix("0/0/") && outcomes[4].hasPrefix("0/0/"), "\(outcomes)")
            #expect(Self.log(try postgres.log()) == Self.log(try sqlite.log()))
            #expect(try postgres.log().filter { $0.command == "import" }.count > 10)
            for id in ["pg-import-work", "pg-import-claim", "pg-import-claim-2", "noy2023experimental"] {
                #expect(RecordRenderer.render(try postgres.show(id), format: .json) == RecordRenderer.render(try sqlite.catalog.show(id), format: .json), "kb show \(id)")
            }
            // Queries and full text (the server's index of the rows COPY wrote) answer alike.
            for text in ["claims where source = pg-import-work", "claims where \"COPY\"", "claims where \"backslash\"",
                         "claims where cohort = older-workers", "sources where year >= 2019", "claims where \"applicants\""] {
                let query = QueryRequest(text)
                let ids = PostgresQueryParityTests.ids(try sqlite.run(query).outcome)
                #expect(PostgresQueryParityTests.ids(try postgres.run(query).outcome) == ids, "\(text)")
                #expect(!ids.isEmpty, "\(text) finds something")
            }
            // The new rows kept the copy's ids and the server's sequences moved past them.
            let executor = try PostgresExecutor.connect(location)
            defer { executor.close() }
            let high = try executor.value("SELECT max(id) FROM claim")?.int64 ?? 0
            try executor.run("INSERT INTO claim (slug, statement, sourceId) SELECT 'psql-added', 'x', min(id) FROM source")
            #expect(try executor.value("SELECT id FROM claim WHERE slug = 'psql-added'")?.int64 == high + 1)
        }
    }

    /// A kb YAML file with one source and `count` claims whose statements (and, for every
    /// third, quote) say `wording`: imported again with other words, each claim is revised.
    static func revision(_ wording: String, count: Int) -> String {
        var text = """
            sources:
              - id: pg-revised-work
                type: report
                title: A Work Whose Claims Are Revised
                issued: 2021
            claims:

            """
        for index in 0..<count {
            text += "  - id: pg-revised-\(index)\n    statement: Claim \(index) in its \(wording) wording.\n    source: pg-revised-work\n"
            if index % 3 == 0 { text += "    quote: \"quoted in its \(wording) wording\"\n" }
        }
        return text
    }

    /// Many claims revised by a second import (review of issue 19, B2: written back by key
    /// in a few statements, not one a row): the same report, rows, change log and full-text
    /// answers as on a file, the server's search index following the new words.
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func aRevisionOfManyClaimsWritesAsOnAFile() async throws {
        try await withLoadedStores { location, postgres, sqlite in
            var updated: [Int] = []
            for wording in ["aardvark", "bumblebee"] {
                let input = { [ImportInput(name: "revised.yaml", bytes: Array(Self.revision(wording, count: 300).utf8))] }
                let lite = try Importer(sqlite.knowledgeBase).run(input(), options: try Self.options())
                let live = try postgres.importFiles(input(), options: try Self.options())
                #expect(Self.summary(live) == Self.summary(lite), "\(wording)")
                updated.append(live.summary.updated)
                #expect(try tablesThatDiffer(location, sqlite) == [], "\(wording)")
            }
            #expect(updated == [0, 300], "\(updated)")
            #expect(Self.log(try postgres.log()) == Self.log(try sqlite.log()))
            for text in ["claims where \"bumblebee\"", "claims where \"aardvark\"", "claims where source = pg-revised-work"] {
                let query = QueryRequest(text, limit: 1000)
                #expect(PostgresQueryParityTests.ids(try postgres.run(query).outcome) == PostgresQueryParityTests.ids(try sqlite.run(query).outcome), "\(text)")
            }
            #expect(PostgresQueryParityTests.ids(try postgres.run(QueryRequest("claims where \"bumblebee\"", limit: 1000)).outcome).count == 300)
            #expect(PostgresQueryParityTests.ids(try postgres.run(QueryRequest("claims where \"aardvark\"", limit: 1000)).outcome).isEmpty)
        }
    }

    /// A row the server refuses in the middle of a COPY (a trigger raises on one claim): the
    /// import fails with the server's message and exit 4, and nothing of it is on the server.
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func aRowTheServerRefusesWritesNothing() async throws {
        try await TestServer.withFreshDatabase { location in
            let (sqlite, folder) = try PostgresQueryParityTests.sqliteService()
            defer { try? FileManager.default.removeItem(at: folder) }
            _ = try await onThread { try PostgresStore(location: location).initialize(from: sqlite.knowledgeBase, replacing: false) }
            try await TestServer.execute("""
                CREATE FUNCTION kb_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF NEW.slug = 'pg-import-claim-2' THEN RAISE EXCEPTION 'kb test: claim refused'; END IF; RETURN NEW; END $$
                """, on: location)
            try await TestServer.execute("CREATE TRIGGER kb_test_refuse BEFORE INSERT ON claim FOR EACH ROW EXECUTE FUNCTION kb_test_refuse()", on: location)
            try await onThread {
                let before = try Self.counts(location)
                let postgres = try PostgresService(location.url)
                let error = try #require(throws: PostgresStoreError.self) {
                    try postgres.importFiles([ImportInput(name: "more.yaml", bytes: Array(Self.yaml.utf8))], options: try Self.options())
                }
                #expect("\(error)".contains("kb test: claim refused") && "\(error)".contains("nothing of it was kept"), "\(error)")
                #expect(ErrorCategory(of: error)?.exitStatus == 4)
                #expect(try Self.counts(location) == before)
            }
            try await TestServer.execute("DROP TRIGGER kb_test_refuse ON claim", on: location)
            try await onThread {
                let report = try PostgresService(location.url).importFiles([ImportInput(name: "more.yaml", bytes: Array(Self.yaml.utf8))], options: try Self.options())
                #expect(report.summary.added == 4, "\(report.summary)")
            }
        }
    }

    /// A connection killed mid-COPY (`pg_terminate_backend` while a trigger holds the claims'
    /// COPY): a clear message, exit 4, nothing written, and the curation lock went with the
    /// session (the next import runs). Only this test's database's COPY is killed: the other
    /// tests run beside it on the same server (killing theirs made them fail, and postgres-nio
    /// trap, in CI).
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func aConnectionKilledMidCopyWritesNothing() async throws {
        try await TestServer.withFreshDatabase { location in
            let (sqlite, folder) = try PostgresQueryParityTests.sqliteService()
            defer { try? FileManager.default.removeItem(at: folder) }
            _ = try await onThread { try PostgresStore(location: location).initialize(from: sqlite.knowledgeBase, replacing: false) }
            try await TestServer.execute("""
                CREATE FUNCTION kb_test_stall() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF NEW.slug = 'pg-import-claim-2' THEN PERFORM pg_sleep(30); END IF; RETURN NEW; END $$
                """, on: location)
            try await TestServer.execute("CREATE TRIGGER kb_test_stall BEFORE INSERT ON claim FOR EACH ROW EXECUTE FUNCTION kb_test_stall()", on: location)
            let before = try await onThread { try Self.counts(location) }
            async let killed = onThread { () -> Bool in
                let executor = try PostgresExecutor.connect(location)
                defer { executor.close() }
                for _ in 0..<400 {
                    if let pid = try executor.value("SELECT pid FROM pg_stat_activity WHERE query LIKE 'COPY \"claim\"%' AND state = 'active' AND datname = current_database()")?.int64 {
                        try executor.run("SELECT pg_terminate_backend(\(pid)::int)")
                        return true
                    }
                    usleep(50_000)
                }
                return false
            }
            let outcome = try await onThread {
                Result { try PostgresService(location.url).importFiles([ImportInput(name: "more.yaml", bytes: Array(Self.yaml.utf8))], options: try Self.options()) }
            }
            #expect(try await killed, "the claims' COPY was seen and its backend terminated")
            switch outcome {
            case .success: Issue.record("the import succeeded although its connection was killed")
            case let .failure(error):
                #expect(error is PostgresStoreError && "\(error)".contains("nothing of it was kept"), "\(error)")
                #expect(ErrorCategory(of: error)?.exitStatus == 4, "\(error)")
            }
            try await TestServer.execute("DROP TRIGGER kb_test_stall ON claim", on: location)
            try await onThread {
                #expect(try Self.counts(location) == before)
                let report = try PostgresService(location.url).importFiles([ImportInput(name: "more.yaml", bytes: Array(Self.yaml.utf8))], options: try Self.options())
                #expect(report.summary.added == 4, "\(report.summary)")
            }
        }
    }

    /// Rows of the tables an import writes, and where the sequences are.
    static func counts(_ location: PostgresLocation) throws -> [Int64] {
        let executor = try PostgresExecutor.connect(location)
        defer { executor.close() }
        return try ["source", "study", "claim", "claimAbout", "contributor", "sourceKey", "changes", "importRun", "claimSearch", "sourceSearch", "kbSetting"].map {
            try executor.value(SQLFragment(sql: "SELECT count(*) FROM \($0)"))?.int64 ?? -1
        }
    }
}
