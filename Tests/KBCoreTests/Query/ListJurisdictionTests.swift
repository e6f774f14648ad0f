import GRDB
import Testing
@testable import KBQuery
@testable import KBStore

/// `kb list jurisdictions` counted the claims linked to a jurisdiction only, while
/// `jurisdiction=X`, `group by jurisdiction` and the gap map also find claims about a boundary in it
/// and claims from a study in its country (trial 4, item 11: us 59 against 60).
struct ListJurisdictionTests {
    @Test func eachJurisdictionCountsWhatItsFilterFinds() throws {
        let knowledgeBase = try KnowledgeBase.seeded()
        let entries = try Catalog(knowledgeBase).list(.entities(.jurisdiction))
        #expect(!entries.isEmpty)
        let engine = QueryEngine(knowledgeBase)
        var found = 0
        for entry in entries {
            let total = try engine.run("claims where jurisdiction=\(entry.id) limit 1").total
            #expect(entry.claims == total, "\(entry.id): listed \(entry.claims), the filter finds \(total)")
            found += total
        }
        // Not vacuous: the seeds hold claims under jurisdictions, some only through a boundary.
        #expect(found > 0)
        let direct = try knowledgeBase.reader.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM claimAbout a JOIN entity e ON e.id = a.entityId WHERE e.kind = 'jurisdiction'") ?? 0
        }
        #expect(found > direct)
    }
}
