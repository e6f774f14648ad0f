import Foundation
import Testing
@testable import KBPostgres
@testable import KBStore

/// A table copied whole from PostgreSQL (the scratch copy of ``KnowledgeBase/snapshot(of:from:into:)``)
/// is read through a cursor a part at a time, not held whole. Needs KB_TEST_POSTGRES_URL
/// (.ci/check-postgres sets it).
@Suite(.serialized)
struct PostgresPartsReadTests {
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func partsGiveEveryRowInOrderAndCloseTheirCursor() async throws {
        try await TestServer.withFreshDatabase { location in
            try await onThread {
                let executor = try PostgresExecutor.connect(location)
                defer { executor.close() }
                try executor.run("START TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                let series: SQLFragment = "SELECT n FROM generate_series(1, \(SQLValue.integer(25))) AS n ORDER BY n"
                for part in [1, 7, 25, 1000] {
                    var (read, openCursors): ([Int64], [Int64]) = ([], [])
                    try executor.forEachRowInParts(series, rowsPerPart: part) { row in
                        read.append(row.int64("n") ?? -1)
                        // Read through a cursor (a part's rows are all in before the first is given,
                        // so the connection is free for this).
                        if read.count == 1 { openCursors.append(try executor.value("SELECT count(*) FROM pg_cursors WHERE name LIKE 'kb_part_%'")?.int64 ?? -1) }
                        return true
                    }
                    #expect(read == Array(1...25), "\(part) rows a part")
                    #expect(openCursors == [1], "\(part) rows a part")
                }
                // A reader that stops early gets no more rows, and the cursor is closed either way.
                var first: [Int64] = []
                try executor.forEachRowInParts(series, rowsPerPart: 7) { row in
                    first.append(row.int64("n") ?? -1)
                    return first.count < 10
                }
                #expect(first == Array(1...10))
                #expect(try executor.value("SELECT count(*) FROM pg_cursors WHERE name LIKE 'kb_part_%'")?.int64 == 0)
                try executor.run("ROLLBACK")
            }
        }
    }
}
