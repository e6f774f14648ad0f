import Foundation
import GRDB
import Testing
@testable import KBCore
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// kb's read-only connections run without GRDB's statement authorizer
/// (``ReadOnlyConnection/removeAuthorizer(from:)``): they answer as a connection that can write
/// does, and SQLite still refuses them a write.
struct ReadOnlyConnectionTests {
    static let queries = [
        "claims for role-3 where cohort=older-workers and n >= 100 rank by relevance limit 20",
        "claims where \"bafoyo\" limit 7", "claims where grade = high limit 3", "sources limit 4",
        "claims for role-1 where not cohort = mothers limit 2", "claims group by cohort",
        "claims for role-0 group by cohort, grade limit 3",
    ]

    /// The same rows, totals and groups on the read-only open as on a writable connection, which
    /// keeps the authorizer (one connection: a pool's reads run on read-only connections too),
    /// and the same export (whose order is sorted in a TEMP table the read-only connection creates).
    @Test func aReadOnlyConnectionAnswersAsAWritableOneDoes() throws {
        let (readOnly, path, cleanUp) = try SideCountTests.fileKnowledgeBase()
        defer { cleanUp() }
        let writable = try KnowledgeBase.open(path: path, oneConnection: true)
        defer { try? writable.close() }
        #expect(try writable.reader.read { db in try !db.makeStatement(sql: "SELECT slug FROM claim").databaseRegion.isEmpty },
                "the reference connection has lost its authorizer too")
        for text in Self.queries {
            if KBService(readOnly).isGrouped(QueryRequest(text)) {
                let own = try KBService(readOnly).group(QueryRequest(text))
                let other = try KBService(writable).group(QueryRequest(text))
                #expect(GroupRenderer(format: .json, width: 100).render(own.outcome) == GroupRenderer(format: .json, width: 100).render(other.outcome), "\(text)")
                continue
            }
            let own = try QueryEngine(readOnly).run(text)
            let other = try QueryEngine(writable).run(text)
            #expect(own.total == other.total && own.isTruncated == other.isTruncated, "\(text)")
            #expect(ResultRenderer(format: .json, width: 100).render(own) == ResultRenderer(format: .json, width: 100).render(other), "\(text)")
        }
        for style in [ExportStyle.apa, .bibtex] {
            let own = try KBService(readOnly).export("citations for role-3", style: style)
            let other = try KBService(writable).export("citations for role-3", style: style)
            #expect(!own.text.isEmpty && own.text == other.text, "\(style)")
        }
    }

    /// Without the authorizer, GRDB records no region for a read-only connection's statements
    /// (a pool's readers are read-only connections too); a pool's writing connection keeps it.
    /// SQLite still refuses a write on a read-only connection (`SQLITE_READONLY`).
    @Test func theAuthorizerIsOffOnlyWhereNothingCanBeWritten() throws {
        let (readOnly, path, cleanUp) = try SideCountTests.fileKnowledgeBase()
        defer { cleanUp() }
        let writable = try KnowledgeBase.open(path: path)
        defer { try? writable.close() }
        let sql = "SELECT slug, statement FROM claim"
        #expect(try readOnly.reader.read { db in try db.makeStatement(sql: sql).databaseRegion.isEmpty })
        #expect(try writable.writer.writeWithoutTransaction { db in try !db.makeStatement(sql: sql).databaseRegion.isEmpty })
        let second = try #require(try readOnly.secondReader())
        #expect(try second.read { db in try db.makeStatement(sql: sql).databaseRegion.isEmpty })
        #expect(throws: DatabaseError.self) {
            try readOnly.reader.unsafeReentrantRead { db in try db.execute(sql: "UPDATE claim SET note = 'x'") }
        }
        do {
            try readOnly.reader.unsafeReentrantRead { db in try db.execute(sql: "UPDATE claim SET note = 'x'") }
        } catch let error as DatabaseError {
            #expect(error.resultCode == .SQLITE_READONLY || error.extendedResultCode == .SQLITE_READONLY, "\(error)")
        }
    }
}
