import Foundation
import Testing
@testable import KBCore
@testable import KBCuration
@testable import KBFormats
@testable import KBPostgres
@testable import KBPostgresFacade
@testable import KBStore

/// `kb edit` on a live PostgreSQL (issue 19, DESIGN §9, §13): the same edits, made on a file
/// and on PostgreSQL loaded from the same init, give the same outcome one by one (changes,
/// notes, findings, or the same error and message) and leave the same records (`kb show` in
/// JSON), search answers and change log. Needs KB_TEST_POSTGRES_URL, as ``PostgresMigratorTests``.
@Suite(.serialized)
struct PostgresEditParityTests {
    /// One context per author, its time fixed, so that both stores log the same times.
    static func options(_ author: String, reason: String? = nil, ifVersion: Int? = nil, strict: Bool = false) -> CurationOptions {
        let time = Date(timeIntervalSince1970: 1_780_000_000)
        return CurationOptions(context: ChangeContext(author: author, command: "edit", reason: reason, time: time), ifVersion: ifVersion, strict: strict)
    }

    static func fields(_ text: [String]) throws -> [FieldAssignment] {
        try text.map(FieldAssignment.parse)
    }

    /// Every kind of record and the fields that feed strength and grade (a study's design and
    /// n, a source's peer review), taxonomy, a move to another source and study, clearing,
    /// and the refusals: bad values, an unknown record, a study that keeps its claims, an
    /// id, `--if-version` conflicts (stale and never reached), `--strict`.
    static let edits: [(id: String, fields: [String], options: CurationOptions)] = [
        ("noy2023experimental-experiment", ["n=480", "design=rct", "preregistered=yes"], options("ana", reason: "table 1")),
        ("noy2023experimental", ["doi=10.1126/science.adh2586", "title=Experimental evidence, retitled", "authors=Noy, Shakked; Zhang, Whitney; Org Lab",
                                 "peer-reviewed=false"], options("ben")),
        ("noy2023-writer-gap", ["cohort=older-workers", "quote=a new 'quote' $1 ?", "value=0.4", "interval=0.1,0.7", "direction=increase"], options("cem")),
        ("noy2023-writer-gap", ["cohort=", "note="], options("cem", ifVersion: 2)),
        ("wef2025-net-jobs", ["source=noy2023experimental", "study=noy2023experimental-experiment"], options("dee")),
        ("page-role-critical", ["replication=replicated", "economy-wide=true"], options("eve")),
        ("noy2023experimental-experiment", ["n=-3", "design=rtc"], options("ana")),
        ("noy2023-writing-time", ["cohort=olderr"], options("ana")),
        ("nosuch-claim", ["note=x"], options("ana")),
        ("noy2023experimental-experiment", ["source=wef2025futurejobs"], options("ana")),
        ("noy2023-writing-time", ["note=checked"], options("ana", ifVersion: 1)),
        ("noy2023-writing-time", ["note=stale"], options("ben", ifVersion: 1)),
        ("noy2023-writing-time", ["note=ahead"], options("ben", ifVersion: 9)),
        ("noy2023-writing-time", ["note=checked"], options("ben")),
        ("noy2023-writing-time", ["id=another-id"], options("ben")),
        ("claim:noy2023-writing-quality", ["note=strict", "locator=p. 2"], options("fay", strict: true)),
    ]

    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func editsAnswerAsOnAFile() async throws {
        try await withLoadedStores { location, postgres, sqlite in
            var written = 0
            var refused = 0
            for edit in Self.edits {
                let fields = try Self.fields(edit.fields)
                let lite = Result { try sqlite.edit(edit.id, fields: fields, options: edit.options) }
                let live = Result { try postgres.edit(edit.id, fields: fields, options: edit.options) }
                switch (lite, live) {
                case let (.success(a), .success(b)):
                    #expect(b.changes == a.changes, "\(edit)")
                    #expect(b.ids == a.ids && b.notes == a.notes && b.findings == a.findings, "\(edit)")
                    written += a.changes.count
                case let (.failure(a), .failure(b)):
                    #expect("\(type(of: b))" == "\(type(of: a))" && "\(b)" == "\(a)", "\(edit)")
                    #expect(ErrorCategory(of: b)?.exitStatus == ErrorCategory(of: a)?.exitStatus, "\(edit)")
                    refused += 1
                default:
                    Issue.record("\(edit): SQLite \(lite), PostgreSQL \(live)")
                }
            }
            #expect(written == 8 && refused == 7, "the edits write and refuse as planned (\(written) written, \(refused) refused)")
            let records = Set(Self.edits.map { $0.id.replacingOccurrences(of: "claim:", with: "") }).subtracting(["nosuch-claim"]).sorted() + ["wef2025futurejobs"]
            for id in records {
                let lite = try sqlite.catalog.show(id)
                #expect(RecordRenderer.render(try postgres.show(id), format: .json) == RecordRenderer.render(lite, format: .json), "kb show \(id)")
            }
            #expect(try postgres.log() == sqlite.log())
            #expect(try tablesThatDiffer(location, sqlite) == [], "every table holds the same rows on both stores")
            #expect(try postgres.log(.init(record: "noy2023-writing-time")).map(\.version) == [2])
            // The full-text index follows an edited quote on the server (its triggers).
            let query = QueryRequest("claims where \"new quote\"")
            #expect(PostgresQueryParityTests.ids(try postgres.run(query).outcome) == ["noy2023-writer-gap"])
        }
    }

    /// Writers racing on one record with the version they all read: exactly one wins, the
    /// others get the conflict (exit 4) naming the winner's change, and the log holds one edit.
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func racingEditsOfOneVersionLetExactlyOneWin() async throws {
        try await TestServer.withFreshDatabase { location in
            let (sqlite, folder) = try PostgresQueryParityTests.sqliteService()
            defer { try? FileManager.default.removeItem(at: folder) }
            _ = try await onThread { try PostgresStore(location: location).initialize(from: sqlite.knowledgeBase, replacing: false) }
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        try await onThread {
                            do {
                                let result = try PostgresService(location.url).edit("noy2023-writing-time", fields: [FieldAssignment(field: "note", value: "writer \(writer)")],
                                                                                     options: Self.options("w\(writer)", ifVersion: 1))
                                return "won \(result.changes.first?.version ?? 0)"
                            } catch let conflict as CurationConflict {
                                return conflict.description.contains("changed since version 1 by w") ? "conflict" : "other \(conflict)"
                            }
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.sorted() == ["conflict", "conflict", "conflict", "won 2"], "\(outcomes)")
            let log = try await onThread { try PostgresService(location.url).log(.init(record: "noy2023-writing-time")) }
            #expect(log.map(\.version) == [2])
        }
    }

    /// A row someone changed outside kb (psql, no advisory lock) after the copy read it is not
    /// overwritten: the write-back matches it by its version, fails, and asks for a retry.
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func aRowChangedOutsideKBSinceTheCopyIsNotOverwritten() async throws {
        try await TestServer.withFreshDatabase { location in
            try await onThread {
                let (sqlite, folder) = try PostgresQueryParityTests.sqliteService()
                defer { try? FileManager.default.removeItem(at: folder) }
                let store = PostgresStore(location: location)
                _ = try store.initialize(from: sqlite.knowledgeBase, replacing: false)
                let copy = try store.snapshot()
                let delta = try RowDelta.capture(["claim"], in: copy) {
                    try copy.writer.write { db in
                        try db.execute(sql: "UPDATE claim SET note = 'kb', version = version + 1 WHERE slug = 'noy2023-writing-time'")
                    }
                }
                #expect(delta.changes.tables.first?.added.count == 1)
                let executor = try PostgresExecutor.connect(location)
                defer { executor.close() }
                try executor.run("UPDATE claim SET note = 'psql', version = version + 1 WHERE slug = 'noy2023-writing-time'")
                #expect(throws: PostgresWriteRetry.self) { try delta.changes.write(to: executor) }
                #expect(try executor.rows("SELECT note, version FROM claim WHERE slug = 'noy2023-writing-time'").first?.values == [.text("psql"), .integer(2)])
            }
        }
    }
}
