import GRDB
import Testing
@testable import KBFormats
@testable import KBStore

/// The copy another store's knowledge base is read into (PostgreSQL's audit, `kb check`,
/// curation writes, import staging) is a temporary file with a bounded page cache, not memory:
/// at ten million claims a copy in memory would take more than this machine has.
struct ScratchCopyTests {
    static let tables = ["entity", "source", "study", "claim"]

    @Test func aCopyIsAFileWithABoundedCacheAndEveryRow() throws {
        let original = Seeded.knowledgeBase
        let copy = try original.writer.read { db in
            try KnowledgeBase.snapshot(of: Self.tables, from: SQLiteStatementExecutor(db: db))
        }
        let (journal, cache) = try copy.writer.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA cache_size"))
        }
        // SQLite says "memory" for every database held in memory, whatever it was asked.
        #expect(journal != "memory")
        #expect(cache == -KnowledgeBase.scratchCacheKiB)
        for table in Self.tables {
            let count = "SELECT count(*) FROM \(table)"
            let copied = try copy.writer.read { try Int.fetchOne($0, sql: count) }
            let held = try original.writer.read { try Int.fetchOne($0, sql: count) }
            #expect(copied == held)
        }
    }

    @Test func anImportIntoACopyLeavesItsCacheAsItWas() throws {
        let copy = try KnowledgeBase.scratch()
        _ = try Importer(copy).run([try Fixtures.input("import/latex.bib")])
        let (cache, sources) = try copy.writer.read { db in
            (try Int.fetchOne(db, sql: "PRAGMA cache_size"), try Int.fetchOne(db, sql: "SELECT count(*) FROM source"))
        }
        #expect(cache == -KnowledgeBase.scratchCacheKiB)
        #expect(sources == 1)
    }
}
