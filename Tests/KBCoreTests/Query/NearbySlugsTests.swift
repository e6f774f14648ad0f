import GRDB
import Testing
@testable import KBDomain
@testable import KBStore

/// The did-you-mean of an unknown id reads every id of a small table and only the ids near it in
/// a large one (trial 7: an unknown id at 1M claims took 27–150 s before its 404).
@Suite struct NearbySlugsTests {
    /// A `claim` table of `count` slugs `c0000000`, `c0000001`, … and a small `source` table.
    private func database(claims count: Int) throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE claim (id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE)")
            try db.execute(sql: "CREATE TABLE source (id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE)")
            let insert = try db.makeStatement(sql: "INSERT INTO claim (slug) VALUES (?)")
            for number in 0..<count {
                let digits = String(number)
                try insert.execute(arguments: ["c" + String(repeating: "0", count: 7 - digits.count) + digits])
            }
            try db.execute(sql: "INSERT INTO source (slug) VALUES ('noy2023'), ('acemoglu2022'), ('brynjolfsson2023')")
        }
        return queue
    }

    private func candidates(_ id: String, in queue: DatabaseQueue) throws -> [String] {
        try queue.read { db in
            try NearbySlugs.candidates(for: id, tables: ["claim", "source"], in: SQLiteStatementExecutor(db: db))
        }
    }

    @Test func aSmallKBGivesEveryID() throws {
        let queue = try database(claims: 50)
        let found = try candidates("c00000x", in: queue)
        #expect(found.count == 53)
        #expect(found == found.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    @Test func aLargeTableGivesTheIDsNextToTheUnknownOne() throws {
        let queue = try database(claims: NearbySlugs.wholeTableLimit + 5_000)
        // A typo in the last character, a character too many, an id cut short.
        for (typed, meant) in [("c0012346x", "c0012346"), ("c001234", "c0012340"), ("c0020001", "c0020001")] {
            let found = try candidates(typed, in: queue)
            #expect(found.contains(meant), "\(typed)")
            // Bounded: three reads of `neighbours` from the large table, the small table whole.
            #expect(found.count <= 3 * NearbySlugs.neighbours + 3)
        }
        let found = try candidates("c0012346x", in: queue)
        #expect(Suggestions.nearest(to: "c0012346x", in: found).first == "c0012346")
        // The small table is still read whole.
        #expect(found.contains("acemoglu2022"))
    }
}
