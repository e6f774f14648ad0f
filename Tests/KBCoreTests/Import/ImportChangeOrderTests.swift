import GRDB
import Testing
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBStore

/// An import's `edit` rows in the change log follow the file's order, the same on every run: they
/// were written in a dictionary's order, which changes from one process to the next, so two runs
/// of the same import into the same KB logged the same edits in different orders.
struct ImportChangeOrderTests {
    /// Seed claims in an order neither alphabetical nor the seeds' own.
    static let order = [
        "wef2025-net-jobs", "noy2023-writing-time", "page-role-critical", "indeed2025-skills-exposed",
        "wef2025-roles-created", "noy2023-writer-gap", "page-cohort-outcomes-differ", "indeed2025-postings-transformed",
    ]

    @Test func editsAreLoggedInTheFilesOrder() throws {
        let knowledgeBase = try KnowledgeBase.seeded()
        let restated = try knowledgeBase.reader.read { db in
            try Self.order.map { slug in
                let statement = try #require(try String.fetchOne(db, sql: "SELECT statement FROM claim WHERE slug = ?", arguments: [slug]))
                return "  - id: \(slug)\n    statement: \"\(statement) (restated)\"\n"
            }
        }
        let yaml = "claims:\n" + restated.joined()
        let report = try Importer(knowledgeBase).run([ImportInput(name: "restated.yaml", bytes: Array(yaml.utf8))])
        #expect(report.byKind["claim"]?.updated == Self.order.count)
        let logged = try knowledgeBase.reader.read { db in
            try String.fetchAll(db, sql: "SELECT recordId FROM changes WHERE command LIKE 'import%' AND action = 'edit' AND recordKind = 'claim' ORDER BY id")
        }
        #expect(logged == Self.order)
    }
}
