import Foundation
import GRDB
import Testing
@testable import KBCore
@testable import KBProse
@testable import KBStore

/// `kb check` looks works and claims up through indexes: every statement a check of a page runs
/// (a DOI, a URL, authors and year, a work's claims, a sentence's words, a number's digits) is
/// planned by SQLite without scanning a table, on a KB with realistic statistics (the query-plan
/// tests' 6,000 claims, analysed as `kb import` does). A page then costs what its citations and
/// sentences cost, not what the KB holds.
struct CheckPlanTests {
    /// Statements recorded by a connection's trace (the trace runs on the connection's queue).
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var recorded: [String] = []
        func add(_ sql: String) { lock.withLock { recorded.append(sql) } }
        var statements: [String] { lock.withLock { recorded } }
    }

    static let page = """
        # Notes on wages

        Author5 (2000) report that wages and skills rose by 12%. As (Author7 & Author8, 2003) find, hiring fell by 4.5%.
        A study found the effect (https://doi.org/10.5555/plan.21), and practitioners agree (https://example.org/notes/1).
        Finding 4500 about wages, hiring and productivity is what this sentence repeats, word for word, without a number of its own.
        Elsewhere, hiring and screening moved by 37% for callbacks.
        The evidence on productivity and screening remains thin across occupations and firms.
        Umbrella insurers screened applicants with structured rubrics, the evidence says.

        ## References

        1. Author5, A. (2000). Work 5 on wages and skills. https://doi.org/10.5555/plan.5
        2. Author9, A. (2004). Work 9 on wages and skills.
        """

    /// Each SELECT the check ran, with the plan SQLite gives it.
    static func plans(of page: String) throws -> [(sql: String, plan: [String])] {
        let knowledgeBase = try KnowledgeBase.inMemory()
        var dataset = IndexedPlanTests.dataset(claims: 6000)
        // One claim in words no other claim uses, so that a sentence has selective words to rank.
        dataset.claims[0].statement = "Umbrella insurers screened applicants with structured rubrics"
        _ = try knowledgeBase.load(dataset, command: "test", files: [])
        try knowledgeBase.writer.write { db in try KnowledgeBase.analyze(db) }
        let recorder = Recorder()
        try knowledgeBase.writer.writeWithoutTransaction { db in
            db.trace(options: .statement) { event in
                if case let .statement(statement) = event { recorder.add(statement.expandedSQL) }
            }
        }
        let checks = try KBService(knowledgeBase).check([PageReader.page(page, name: "page.md", kind: .markdown)])
        #expect(checks.first?.findings.isEmpty == false)
        try knowledgeBase.writer.writeWithoutTransaction { db in db.trace(options: .statement, nil) }
        let selects = Array(Set(recorder.statements.filter { $0.uppercased().hasPrefix("SELECT") })).sorted()
        return try knowledgeBase.reader.read { db in
            try selects.map { sql in
                (sql, try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String })
            }
        }
    }

    /// A plan's full scans of tables: `SCAN x` of anything but a virtual table (the full-text
    /// index, searched by MATCH), a subquery's own rows or the one row of a select without a
    /// table (`SCAN CONSTANT ROW`, whose scalar subqueries are planned on their own).
    static func scans(_ plan: [String]) -> [String] {
        let subqueries = Set(plan.compactMap { detail -> String? in
            for prefix in ["CO-ROUTINE ", "MATERIALIZE "] where detail.hasPrefix(prefix) {
                return String(detail.dropFirst(prefix.count).split(separator: " ").first ?? "")
            }
            return nil
        })
        return plan.filter { detail in
            guard detail.hasPrefix("SCAN ") else { return false }
            let name = String(detail.dropFirst(5).split(separator: " ").first ?? "")
            return !detail.contains("VIRTUAL TABLE") && !subqueries.contains(name) && !name.hasPrefix("(subquery") && detail != "SCAN CONSTANT ROW"
        }
    }

    @Test func everyLookUpOfACheckIsAnIndexSearch() throws {
        let plans = try Self.plans(of: Self.page)
        let scanning = plans.filter { !Self.scans($0.plan).isEmpty }
        #expect(scanning.isEmpty, "\(scanning.map { "\($0.sql)\n  \(Self.scans($0.plan))" }.joined(separator: "\n"))")
        // The look-ups this page needs all ran: DOI, URL, author names (with and without a year),
        // a work's claims, the bounded word counts, the ranked and the unranked full-text search.
        let sql = plans.map(\.sql).joined(separator: "\n")
        for shape in ["s.doi = ", "s.url IN", "c.nameKey IN", "t.sourceId = ", "LIMIT 501", "ORDER BY rank", "claimSearch MATCH"] {
            #expect(sql.contains(shape), "no statement with \(shape)")
        }
        #expect(plans.contains { $0.sql.contains("AND s.issuedYear = ") && $0.plan.contains { $0.contains("INDEX") } })
    }

    @Test func aScanIsCaught() throws {
        // The detector itself: a scan of claim is one, a search of the full-text table or of a
        // subquery's rows is not.
        #expect(Self.scans(["SCAN t"]) == ["SCAN t"])
        #expect(Self.scans(["SCAN claimSearch VIRTUAL TABLE INDEX 0:M4"]).isEmpty)
        #expect(Self.scans(["CO-ROUTINE m", "SCAN m"]).isEmpty)
        #expect(Self.scans(["SEARCH c USING COVERING INDEX contributorByName (nameKey=?)"]).isEmpty)
        #expect(Self.scans(["SCAN CONSTANT ROW", "SCALAR SUBQUERY 1", "SEARCH claim"]).isEmpty)
    }

    @Test func aNumbersDigitsAreAPhrase() {
        func phrase(_ text: String) -> String? { NumberReader.numbers(in: text).first.flatMap(PageChecker.digitPhrase) }
        #expect(phrase("fell by -22.5% overall") == "22 5")
        #expect(phrase("roughly 2,900 skills") == "2 900")
        #expect(phrase("with n=453 writers") == "453")
    }
}
