import Foundation
import Testing
@testable import KBCore
@testable import KBCuration
@testable import KBPostgres
@testable import KBPostgresFacade
@testable import KBStore

/// `kb log` and `kb show --history` on a live PostgreSQL (issue 19): a knowledge base curated on
/// a file (add, edit with `--if-version`, link, notice, remove, undo), loaded into PostgreSQL
/// row for row (``PostgresStore/initialize(from:replacing:rewrite:)``), answers every filter of
/// the change log with the same changes — ids, times, authors, fields, versions, states — as
/// the file does. Needs KB_TEST_POSTGRES_URL, as ``PostgresMigratorTests``.
@Suite(.serialized)
struct PostgresChangeLogParityTests {
    static func options(_ author: String, reason: String? = nil, ifVersion: Int? = nil) -> CurationOptions {
        CurationOptions(context: ChangeContext(author: author, command: "test", reason: reason), ifVersion: ifVersion)
    }

    /// A file KB with a curation history of every kind of change.
    static func curated(_ sqlite: KBService) throws -> (batch: String, edit: Change) {
        let claim = "noy2023-writing-time"
        let edit = try #require(try sqlite.edit(claim, fields: [FieldAssignment(field: "note", value: "checked")],
                                                options: options("ana", reason: "read the paper", ifVersion: 1)).changes.first)
        let added = try sqlite.add(.claim, fields: [FieldAssignment(field: "id", value: "pg-log-claim"),
                                                    FieldAssignment(field: "statement", value: "A claim added to curate"),
                                                    FieldAssignment(field: "source", value: "noy2023experimental")], options: options("ben"))
        #expect(added.ids == ["pg-log-claim"])
        _ = try sqlite.link("pg-log-claim", kind: "supports", to: claim, note: "same experiment", options: options("ben"))
        _ = try sqlite.notice("noy2023experimental", kind: .correction, date: "2024-01", reason: "a typo in table 2", url: nil, options: options("cem"))
        let second = try #require(try sqlite.edit(claim, fields: [FieldAssignment(field: "locator", value: "p. 3")], options: options("cem")).changes.first)
        _ = try sqlite.undo(second.id, force: false, options: options("ana"))
        // A batch: `add --from` logs its records together (a taxonomy node and its edge).
        let file = SeedFile(name: "new.yaml", text: """
            cohorts:
              - id: pg-log-cohort
                name: pg log cohort
                narrower: [older-workers]
            """)
        let batch = try #require(try sqlite.add(from: file, options: options("ben")).changes.first?.batch)
        return (batch, edit)
    }

    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func theChangeLogAnswersAsOnAFile() async throws {
        try await TestServer.withFreshDatabase { location in
            try await onThread {
                let (sqlite, folder) = try PostgresQueryParityTests.sqliteService()
                defer { try? FileManager.default.removeItem(at: folder) }
                let (batch, edit) = try Self.curated(sqlite)
                _ = try PostgresStore(location: location).initialize(from: sqlite.knowledgeBase, replacing: false)
                let postgres = try PostgresService(location.url)
                let all = try sqlite.log()
                #expect(Set(all.map(\.action)).isSuperset(of: ["add", "edit", "link"]), "the comparison covers every kind of change")
                #expect(all.contains { $0.undoes != nil } && all.contains { $0.reason == "read the paper" })
                let filters: [ChangeLog.Filter] = [
                    .init(),
                    .init(record: "noy2023-writing-time"),
                    .init(record: "noy2023experimental"),
                    .init(record: "no-such-record"),
                    .init(author: "ben"),
                    .init(batch: batch),
                    .init(since: edit.time),
                    .init(since: String(edit.time.prefix(10))),
                    .init(since: "2999-01-01"),
                    .init(record: "noy2023-writing-time", since: edit.time, author: "ana"),
                ]
                for filter in filters {
                    let file = try sqlite.log(filter)
                    let server = try postgres.log(filter)
                    #expect(server == file, "\(filter)")
                }
                #expect(try postgres.log(.init(record: "noy2023-writing-time")).map(\.version) == [2, 3, 4])
                #expect(try postgres.log(.init(since: "2999-01-01")).isEmpty)
                #expect(try postgres.log().count == all.count && all.count > 5)
            }
        }
    }

    /// The statements every store runs, on SQLite without a server: the undo and later-change
    /// questions `kb undo` asks give what the curator's own rules expect.
    @Test func theSharedStatementsAnswerOnSQLite() throws {
        let knowledgeBase = try KnowledgeBase.seeded()
        let curator = Curator(knowledgeBase)
        let claim = "noy2023-writing-time"
        let first = try #require(try curator.edit(claim, fields: [FieldAssignment(field: "note", value: "a")], options: Self.options("ana")).changes.first)
        let later = try #require(try curator.edit(claim, fields: [FieldAssignment(field: "note", value: "b")], options: Self.options("ben")).changes.first)
        let undo = try #require(try curator.undo(later.id, force: false, options: Self.options("ana")).changes.first)
        let third = try #require(try curator.edit(claim, fields: [FieldAssignment(field: "locator", value: "p. 9")], options: Self.options("cem")).changes.first)
        try knowledgeBase.reader.read { db in
            try Self.expect(ChangeLogStatements(executor: SQLiteStatementExecutor(db: db), dialect: SQLiteDialect()),
                            claim: claim, first: first, later: later, undo: undo, third: third)
        }
    }

    static func expect(_ log: ChangeLogStatements, claim: String, first: Change, later: Change, undo: Change, third: Change) throws {
        #expect(try log.lastChangeID() == third.id)
        #expect(try log.changeCount(after: first.id) == 3)
        #expect(try log.undo(ofChange: later.id, batch: nil)?.id == undo.id)
        #expect(try log.undo(ofChange: first.id, batch: nil) == nil)
        // The later edit and its undo cancel out: of the changes after the first, only the third stands.
        #expect(try log.laterChanges(batch: nil, change: first.id).map(\.later) == [third.id])
        #expect(try log.latestChange(kind: .claim, recordId: claim)?.id == third.id)
        #expect(try log.changes(after: first.id, limit: 1).map(\.id) == [later.id])
        #expect(try log.change(later.id) == later)
    }

    /// Migration 5: the change log's statements compare `recordId` in byte order on PostgreSQL —
    /// every statement the log's reads send (recorded as they go), so that each can use
    /// `changesByRecord`, which is in byte order; and the index serves them: a claim's relation
    /// changes (a byte range) and a record's own (an equality) are bounded by the record id in the
    /// plan, not only filtered by it (at 1M claims the range walked the whole log: 80 ms a claim
    /// page). Sequential scans are priced out so that the plan says whether the index can serve.
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func theLogsRecordLookupsUseItsIndexInByteOrder() async throws {
        try await TestServer.withSeededDatabase { location, _ in
            try await onThread {
                try PostgresStore(location: location).read { session in
                    _ = try session.executor.rows("SET LOCAL enable_seqscan = off")
                    let recorder = RecordingExecutor(session.executor)
                    let log = ChangeLogStatements(executor: recorder, dialect: PostgresDialect())
                    let claim = "noy2023-writing-time"
                    _ = try log.changes(record: claim, since: nil, author: nil, batch: nil)
                    _ = try log.relationChanges(of: claim, incoming: ["other supports \(claim)"])
                    _ = try log.newest(record: claim, incoming: ["other supports \(claim)"], since: nil, author: nil, batch: nil, before: nil, limit: 10)
                    _ = try log.latestChange(kind: .claim, recordId: claim)
                    let texts = recorder.statements.map { $0.sql { "$\($0)" }.replacingOccurrences(of: ChangeLogStatements.columns, with: "") }
                    #expect(texts.filter { $0.contains("recordId") }.count >= 8, "\(texts)")
                    for text in texts {
                        let bare = text.ranges(of: "recordId").filter { !text[$0.upperBound...].hasPrefix(" COLLATE \"C\"") }
                        #expect(bare.isEmpty, "recordId compared in the database's collation: \(text)")
                    }
                    let plans: [SQLFragment] = [
                        ChangeLogStatements.relationsFromStatement(claim, dialect: PostgresDialect()),
                        "SELECT id FROM changes WHERE \(sql: PostgresDialect().binaryOrder("recordId")) = \(claim) AND recordKind = \("claim")",
                    ]
                    for statement in plans {
                        let plan = try session.executor.rows("EXPLAIN " + statement).compactMap { $0.values.first?.string }.joined(separator: "\n")
                        #expect(plan.split(separator: "\n").contains { $0.contains("Index Cond") && $0.contains("recordid") }, "\(plan)")
                        #expect(plan.contains("changesbyrecord"), "\(plan)")
                    }
                }
            }
        }
    }
}

/// A statement executor that keeps what it sends (for tests of the SQL a reader writes).
final class RecordingExecutor: StatementExecutor {
    let inner: any StatementExecutor
    private(set) var statements: [SQLFragment] = []

    init(_ inner: any StatementExecutor) {
        self.inner = inner
    }

    func forEachRow(_ statement: SQLFragment, _ body: (SQLRow) throws -> Bool) throws {
        statements.append(statement)
        try inner.forEachRow(statement, body)
    }
}
