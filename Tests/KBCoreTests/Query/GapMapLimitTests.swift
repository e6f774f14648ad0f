import Foundation
import Testing
@testable import KBCore
@testable import KBQuery
@testable import KBStore

/// A gap map's size limit (review B1): the axes are counted before anything is drawn, and a map
/// of more cells than allowed is refused with its sizes, as a usage error (exit 2, HTTP 400).
struct GapMapLimitTests {
    @Test func aMapAboveTheLimitIsRefusedWithItsSizes() throws {
        let engine = QueryEngine(Seeded.knowledgeBase)
        let map = try engine.gapMap(rows: "cohort", columns: "boundary")
        // The known values are counted (a "(none)" line, for claims without the field, is only
        // known once they are counted).
        let (rows, columns) = (map.rowValues.compactMap { $0 }.count, map.columnValues.compactMap { $0 }.count)
        let cells = rows * columns
        #expect(cells > 1 && cells <= GapMapTooLarge.defaultLimit)
        // Exactly at the limit it draws; one cell fewer and it is refused, naming the sizes.
        #expect(try engine.gapMap(rows: "cohort", columns: "boundary", maxCells: cells).total == map.total)
        let error = try #require(throws: GapMapTooLarge.self) { try engine.gapMap(rows: "cohort", columns: "boundary", maxCells: cells - 1) }
        #expect(error.rows == rows && error.columns == columns && error.limit == cells - 1)
        #expect(error.description.contains("cohort × boundary would be \(rows) × \(columns) = \(cells) cells, more than the \(cells - 1) a map draws"))
        #expect(ErrorCategory(of: error) == .usage)
        #expect(ErrorCategory(of: error)?.exitStatus == 2)
        #expect(ErrorCategory.httpStatus(for: error) == 400)
        // Without a limit, any size draws.
        #expect(try engine.gapMap(rows: "cohort", columns: "boundary", maxCells: nil).total == map.total)
    }

    @Test func theRefusalComesBeforeTheQueryRuns() throws {
        // Under a deadline already passed, a refused map still answers "too large", not the
        // time limit: nothing was counted. On a KB of its own: SQLite's progress handler counts a
        // prepared statement's steps across its runs, so on the shared KB GRDB's cached
        // `PRAGMA query_only` itself reached a check after enough other tests' reads.
        let engine = QueryEngine(try KnowledgeBase.seeded())
        #expect(throws: GapMapTooLarge.self) {
            try QueryDeadline.withLimit(1e-9) { try engine.gapMap(rows: "skill", columns: "role", query: "claims where year >= 2020", maxCells: 1) }
        }
    }

    @Test func largeNumbersAreGrouped() {
        #expect(GapMapTooLarge.grouped(5_060_000) == "5,060,000")
        #expect(GapMapTooLarge.grouped(999) == "999")
        #expect(GapMapTooLarge.grouped(50_000) == "50,000")
        let error = GapMapTooLarge(rowField: .skill, columnField: .role, rows: 2_300, columns: 2_200, limit: 50_000)
        #expect(error.description == "the gap map skill × role would be 2,300 × 2,200 = 5,060,000 cells, more than the 50,000 a map draws")
    }

    @Test func spellingsOfOneQueryShareACanonicalText() {
        let canonical = QueryEngine.canonicalMapQuery("claims where year >= 2020")
        #expect(canonical != nil)
        #expect(QueryEngine.canonicalMapQuery("  claims   where  year>=2020 ") == canonical)
        #expect(QueryEngine.canonicalMapQuery("where year >= 2020") == canonical)
        #expect(QueryEngine.canonicalMapQuery("") == QueryEngine.canonicalMapQuery("claims"))
        #expect(QueryEngine.canonicalMapQuery("claims where year >= 2021") != canonical)
        #expect(QueryEngine.canonicalMapQuery("claims where (") == nil)
        let identity = KBService.mapIdentity(rows: "Cohort", columns: "boundary", query: "claims ")
        #expect(identity.rows == "cohort" && identity.columns == "boundary" && identity.query == QueryEngine.canonicalMapQuery("claims"))
    }

    @Test func theAssemblyAfterTheSQLChecksTheDeadline() throws {
        #expect(throws: Never.self) { try QueryDeadline.check() }
        #expect(throws: Never.self) { try QueryDeadline.withLimit(60) { try QueryDeadline.check() } }
        let error = try #require(throws: (any Error).self) {
            try QueryDeadline.withLimit(1e-9) {
                Thread.sleep(forTimeInterval: 0.001)
                try QueryDeadline.check()
            }
        }
        #expect(QueryDeadline.isInterruption(error))
    }
}
