import Foundation
import GRDB
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBPostgres
@testable import KBPostgresFacade
@testable import KBStore

/// `kb audit` on a live PostgreSQL (issue 19, DESIGN §7 and §13): a seeded file KB with problems
/// for the rules whose SQL calls kb's Swift functions (placeholders, numbers in quotes, DOIs,
/// markup, entities, withdrawn titles, LaTeX in names), loaded into PostgreSQL row for row,
/// audits to the same findings and the same JSON — whole, under a query, per rule and through
/// a baseline. Needs KB_TEST_POSTGRES_URL, as ``PostgresMigratorTests``.
@Suite(.serialized)
struct PostgresAuditParityTests {
    /// The copy drops its secondary indexes before its rows and builds them after: its schema is
    /// then a fresh KB's, index for index (names, tables, partial conditions), and its rows
    /// pass SQLite's foreign-key check (review 39 m9).
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func theCopysSchemaIsAFreshKBs() async throws {
        try await TestServer.withSeededDatabase { location, _ in
            try await onThread {
                let copy = try PostgresStore(location: location).snapshot()
                let fresh = try KnowledgeBase.inMemory()
                let schema = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name"
                let copied = try copy.writer.read { try Row.fetchAll($0, sql: schema) }.map { "\($0)" }
                let made = try fresh.writer.read { try Row.fetchAll($0, sql: schema) }.map { "\($0)" }
                #expect(copied == made)
                #expect(copied.filter { $0.contains("type:\"index\"") }.count >= 20, "\(copied.count)")
                #expect(try copy.writer.read { try Row.fetchAll($0, sql: "PRAGMA foreign_key_check") }.isEmpty)
                #expect(try copy.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM claim") } == 16)
            }
        }
    }

    /// Problems written into the seeded KB, one or more per function the rules call.
    static let problems = [
        // kb_is_doi
        "UPDATE source SET doi = 'wages.2020' WHERE id = (SELECT min(id) FROM source WHERE doi IS NOT NULL)",
        // kb_doi_quirk
        #"UPDATE source SET extra = '{"kb-doi-as-written": "10.1234/wages.2020 "}' WHERE id = (SELECT max(id) FROM source)"#,
        // kb_withdrawn_marker
        "UPDATE source SET title = 'RETRACTED: ' || title WHERE id = (SELECT min(id) + 1 FROM source)",
        // kb_markup, kb_html_entity
        "UPDATE source SET title = title || ': <i>in vivo</i> &amp; more' WHERE id = (SELECT min(id) + 2 FROM source)",
        // kb_placeholder
        "UPDATE claim SET note = 'rose by – weeks, k–k in USA' WHERE id = (SELECT min(id) FROM claim)",
        // kb_number_in_text, kb_number_text
        "UPDATE claim SET value = 987.5 WHERE id = (SELECT min(id) FROM claim WHERE quote IS NOT NULL AND value IS NOT NULL)",
        // kb_name_key: the first author in LaTeX, and a twin of its work
        #"UPDATE contributor SET family = 'Dj{\"a}rv' WHERE role = 'author' AND position = 0 AND sourceId = (SELECT min(sourceId) FROM contributor)"#,
        // Unicode and quotes in free text survive the copy.
        "UPDATE claim SET baseline = 'l''écart « de 12 % » \u{2014} 0.183' WHERE id = (SELECT max(id) FROM claim)",
    ]

    /// The rules at least these problems make fire: each calls one of kb's Swift functions.
    static let functionRules: Set = [
        "source.invalid-doi", "source.doi-as-written", "source.withdrawn-title", "text.markup", "text.html-entity",
        "text.placeholder-number", "claim.number-not-in-quote",
    ]

    static func json(_ report: AuditReport) throws -> String {
        var text = ""
        var renderer = AuditRenderer(format: .json) { text += $0 }
        try renderer.begin(query: report.query)
        for finding in report.findings { try renderer.add(finding) }
        var counts: [String: Int] = [:]
        for finding in report.findings { counts[finding.rule, default: 0] += 1 }
        try renderer.finish(counts: counts, rules: report.rules, baseline: nil)
        return text
    }

    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func auditFindsTheSameAsOnAFile() async throws {
        try await TestServer.withFreshDatabase { location in
            try await onThread {
                let (sqlite, folder) = try PostgresQueryParityTests.sqliteService()
                defer { try? FileManager.default.removeItem(at: folder) }
                try sqlite.knowledgeBase.writer.write { db in
                    for problem in Self.problems { try db.execute(sql: problem) }
                }
                _ = try PostgresStore(location: location).initialize(from: sqlite.knowledgeBase, replacing: false)
                let postgres = try PostgresService(location.url).snapshotService()

                let lite = try Auditor(sqlite.knowledgeBase).report()
                let live = try Auditor(postgres.knowledgeBase).report()
                let fired = Set(lite.findings.map(\.rule))
                #expect(Self.functionRules.isSubset(of: fired), "missing: \(Self.functionRules.subtracting(fired).sorted())")
                #expect(fired.count >= 12, "many rules fire on SQLite: the comparison proves something (\(fired.sorted()))")
                #expect(live.findings == lite.findings)
                #expect(try Self.json(live) == Self.json(lite))

                // Under a query (the scope's temporary tables), and one rule at a time.
                for query in ["claims for ml-platform-engineer", "sources where year >= 2020", "claims where \"writing\""] {
                    let scopedLite = try Auditor(sqlite.knowledgeBase).report(query: query)
                    #expect(try Auditor(postgres.knowledgeBase).report(query: query).findings == scopedLite.findings, "\(query)")
                }
                for rule in Self.functionRules.sorted() {
                    let rules = try Auditor.rules(named: [rule])
                    #expect(try Auditor(postgres.knowledgeBase).report(rules: rules).findings == Auditor(sqlite.knowledgeBase).report(rules: rules).findings, "\(rule)")
                }

                // A baseline written from the file's findings accepts every one of PostgreSQL's.
                var baseline = AuditBaseline(keys: Set(lite.findings.map(AuditBaseline.key(for:))))
                #expect(live.findings.allSatisfy { !baseline.admits($0) })
                #expect(baseline.unmet(among: Auditor.catalogue) == 0)
            }
        }
    }

    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func theSnapshotHoldsEveryRowButTheChangeLog() async throws {
        try await withSeededStores { location, postgres, sqlite in
            let copy = try postgres.snapshotService().knowledgeBase
            for table in ["source", "contributor", "study", "claim", "claimAbout", "entity", "alias", "edge", "note", "notice", "sourceKey"] {
                let columns = try sqlite.knowledgeBase.reader.read { try String.fetchAll($0, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table]) }
                let select = "SELECT \(columns.joined(separator: ", ")) FROM \(table) ORDER BY " + columns.indices.map { String($0 + 1) }.joined(separator: ", ")
                let original = try sqlite.knowledgeBase.reader.read { try Row.fetchAll($0, sql: select) }
                let copied = try copy.reader.read { try Row.fetchAll($0, sql: select) }
                #expect(copied == original, "\(table)")
            }
            // The full-text index is built: a text query answers on the copy as on the file.
            let search = "SELECT count(*) FROM claimSearch WHERE claimSearch MATCH 'writing'"
            #expect(try copy.reader.read { try Int.fetchOne($0, sql: search) } == sqlite.knowledgeBase.reader.read { try Int.fetchOne($0, sql: search) })
            #expect(try copy.reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM changes") } == 0)
            _ = location
        }
    }
}
