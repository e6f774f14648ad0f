import Foundation
import GRDB
import Testing
@testable import KBCore
@testable import KBCuration
@testable import KBDomain
@testable import KBStore

/// Review 13 m4: a claim's link changes are read through `changesByRecord` — its own links as a
/// range on the relation's first end, the links to it by their ids — never by scanning the log.
struct RelationChangesPlanTests {
    @Test func theFirstEndIsARangeOnTheIndex() throws {
        let knowledgeBase = try KnowledgeBase.seeded()
        let plan = try knowledgeBase.reader.read { db in
            var explain = SQLFragment(sql: "EXPLAIN QUERY PLAN ")
            explain += ChangeLogStatements.relationsFromStatement("some-claim", dialect: SQLiteDialect())
            return try SQLiteStatementExecutor(db: db).rows(explain).map { $0.string("detail") ?? "" }
        }
        #expect(plan.contains { $0.contains("SEARCH changes USING INDEX changesByRecord (recordId>? AND recordId<?)") }, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN changes") }, "\(plan)")
    }

    /// Review 16 m2: a record's newest changes are read along `changesByRecord` in id order and
    /// stop at the limit — no sort of all its changes, and `before` no walk down the log.
    @Test func theNewestAreReadAlongTheIndex() throws {
        let knowledgeBase = try KnowledgeBase.seeded()
        let plan = try knowledgeBase.reader.read { db in
            var explain = SQLFragment(sql: "EXPLAIN QUERY PLAN ")
            explain += ChangeLogStatements.newestIDsStatement("recordId = \("some-claim") AND recordKind = \("claim")", ["+id < \(Int64(1000))"], limit: 501)
            return try SQLiteStatementExecutor(db: db).rows(explain).map { $0.string("detail") ?? "" }
        }
        #expect(plan.contains { $0.contains("USING COVERING INDEX changesByRecord (recordId=? AND recordKind=?)") }, "\(plan)")
        #expect(!plan.contains { $0.contains("TEMP B-TREE") || $0.hasPrefix("SCAN") }, "\(plan)")
    }

    @Test func bothEndsAreFoundExactly() throws {
        let knowledgeBase = try KnowledgeBase.seeded()
        let curator = Curator(knowledgeBase)
        let options = CurationOptions(context: ChangeContext(author: "ana", command: "kb link"))
        let (a, b) = ("noy2023-writing-time", "wef2025-net-jobs")
        let link = try #require(try curator.link(a, kind: "supports", to: b, note: nil, options: options).changes.first)
        let other = try #require(try curator.link(b, kind: "contradicts", to: "wef2025-roles-created", note: nil, options: options).changes.first)
        let unlink = try #require(try curator.undo(link.id, force: false, options: options).changes.first)
        // The first end: its link and its undo; the second end, only by the ids it is given.
        #expect(try curator.relations(of: a).changes.map(\.id) == [link.id, unlink.id])
        #expect(try curator.relations(of: b).changes.map(\.id) == [other.id], "a link to it since removed needs its id")
        #expect(try curator.relations(of: b, incoming: ["\(a) supports \(b)"]).changes.map(\.id) == [link.id, other.id, unlink.id])
        // A claim whose id begins another's is not matched by the range.
        #expect(try curator.relations(of: "noy2023-writing").changes.isEmpty)
        #expect(try curator.history(ChangeLog.Filter(record: b, author: "nobody"), incoming: ["\(a) supports \(b)"]).isEmpty)
    }
}
