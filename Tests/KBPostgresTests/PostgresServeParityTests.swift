import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import KBCore
@testable import KBPostgres
@testable import KBPostgresFacade
@testable import KBServe
@testable import KBStore

/// `kb serve` on a live PostgreSQL (issue 19): after the same `kb init` and the same curation
/// writes, every page and API answer is the file's, byte for byte but for the database's own
/// name — results with facets, claims with their relations and history, sources with their
/// citations in every style, taxonomy nodes, the change log, the gap map, exports, the audit and
/// the errors; a write through the API lands as on a file; a query past the time limit is the
/// same 503. Needs KB_TEST_POSTGRES_URL, as ``PostgresMigratorTests``.
@Suite(.serialized)
struct PostgresServeParityTests {
    static let mission = "claims for ml-platform-engineer where cohort=older"

    /// What a reader opens: every read route, some with a query, and some errors.
    static let pages: [String] = [
        "/",
        URLText.link("/query", [("q", mission)]),
        URLText.link("/query", [("q", "claims rank by strength")]),
        URLText.link("/query", [("q", "sources where year >= 2023")]),
        URLText.link("/query", [("q", "claims group by cohort")]),
        URLText.link("/query", [("q", "claims whre cohort=older")]),
        URLText.link("/api/query", [("q", mission)]),
        URLText.link("/api/query", [("q", "claims rank by strength"), ("limit", "5"), ("offset", "5")]),
        URLText.link("/api/query", [("q", "claims group by design")]),
        URLText.link("/api/query", [("q", "claims where cohortt=older")]),
        "/claims/noy2023-writing-time",
        "/claims/noy2023-writer-gap",
        "/api/claims/noy2023-writing-time",
        "/claims/noy2023-writing-tme",
        "/sources/noy2023experimental",
        "/api/sources/noy2023experimental",
        "/nodes/role/ml-platform-engineer",
        "/nodes/cohort/older-workers",
        "/changes",
        "/api/changes",
        URLText.link("/api/changes", [("record", "noy2023-writing-time")]),
        "/map",
        URLText.link("/api/map", [("rows", "cohort"), ("columns", "design")]),
        URLText.link("/api/export", [("q", "claims for ml-platform-engineer"), ("style", "bibtex")]),
        URLText.link("/api/export", [("q", "sources"), ("style", "csl-json")]),
        "/audit",
        "/api/audit",
    ]

    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func everyReadAnswersAsOnAFile() async throws {
        try await TestServer.withSeededDatabase { location, sqlite in
            let postgres = try await onThread {
                let postgres = try PostgresService(location.url)
                // The same history on both: a link between two claims and an edit, at one time.
                let options = CurationOptions(context: ChangeContext(author: "ana", command: "kb link", reason: "same study",
                                                                     time: Date(timeIntervalSince1970: 1_790_000_000)))
                for store in [sqlite as any ServedKnowledgeBase, postgres] {
                    _ = try store.link("noy2023-writing-time", kind: "supports", to: "noy2023-writer-gap", note: "one experiment", options: options)
                    _ = try store.edit("noy2023-writer-gap", fields: [try FieldAssignment.parse("note=checked")], options: options)
                }
                return postgres
            }
            let lite = try await Self.answers(sqlite)
            let live = try await Self.answers(postgres)
            let name = location.redacted
            for (index, uri) in Self.pages.enumerated() {
                #expect(live[index].status == lite[index].status, "\(uri)")
                let difference = Self.firstDifference(Self.normalised(live[index].body, database: name),
                                                      Self.normalised(lite[index].body, database: sqlite.path))
                #expect(difference == nil, "\(uri): \(difference ?? "")")
            }
            #expect(lite.filter { $0.status == 200 }.count >= 20, "the pages are answers, not errors: the comparison proves something")
            #expect(lite[Self.pages.firstIndex(of: "/claims/noy2023-writer-gap") ?? 0].body.contains("one experiment"), "the claim page shows the relation")
            let facets = lite[1].body.components(separatedBy: "<aside class=\"facets\"").dropFirst().first?.components(separatedBy: "</aside>").first ?? ""
            #expect(facets.contains("<h2>grade</h2>") && facets.contains("class=\"selected\"") && facets.contains("older-workers"), "the results page has its facets: \(facets.prefix(200))")
            // An edit form's record and version, read without a copy on PostgreSQL, are the file's.
            for id in ["noy2023-writer-gap", "noy2023experimental", "noy2023experimental-experiment", "source:noy2023experimental", "nothing-here"] {
                let (liteRecord, liveRecord) = try await onThread { (try sqlite.curatedRecord(id), try postgres.curatedRecord(id)) }
                #expect(liveRecord?.record == liteRecord?.record && liveRecord?.version == liteRecord?.version, "\(id)")
                #expect((liteRecord == nil) == (id == "nothing-here"), "\(id)")
                let (liteVersion, liveVersion) = try await onThread { (try sqlite.recordVersion(id), try postgres.recordVersion(id)) }
                #expect(liveVersion?.kind == liteVersion?.kind && liveVersion?.version == liteVersion?.version && liteVersion?.kind == liteRecord?.record.kind, "\(id)")
            }
        }
    }

    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func writesThroughTheAPILandAsOnAFile() async throws {
        try await TestServer.withSeededDatabase { location, sqlite in
            let postgres = try await onThread { try PostgresService(location.url).checkedForServing(writes: true) }
            var configuration = ServeConfiguration(allowsWrites: true, timeLimit: 60)
            configuration.author = "tester"
            var records: [String] = []
            for store in [sqlite as any ServedKnowledgeBase, postgres] {
                let record = try await KBServer(service: store, configuration: configuration).application().test(.router) { client in
                    try await client.execute(uri: "/api/claims/noy2023-writer-gap", method: .patch, headers: [.contentType: "application/json"],
                                             body: ByteBuffer(string: #"{"fields": {"note": "checked", "value": "0.48"}, "if_version": 1}"#)) { response in
                        #expect(response.status == .ok, "\(String(buffer: response.body))")
                    }
                    // Stale now: the same 409 on both.
                    try await client.execute(uri: "/api/claims/noy2023-writer-gap", method: .patch, headers: [.contentType: "application/json"],
                                             body: ByteBuffer(string: #"{"fields": {"note": "again"}, "if_version": 1}"#)) { response in
                        #expect(response.status == .conflict)
                    }
                    try await client.execute(uri: "/claims/noy2023-writer-gap/edit", method: .get) { response in
                        #expect(response.status == .ok)
                        #expect(String(buffer: response.body).contains("checked"), "the edit form shows the stored note")
                    }
                    return try await client.execute(uri: "/api/claims/noy2023-writer-gap", method: .get) { String(buffer: $0.body) }
                }
                records.append(record)
            }
            #expect(records[0].contains("0.48"))
            #expect(records[1] == records[0])
        }
    }

    /// A statement past the request's time limit is stopped by the server (`statement_timeout`)
    /// and reported as the interruption a server's 503 is made of.
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func aStatementPastTheTimeLimitIsTheTimeLimitsInterruption() async throws {
        try await TestServer.withSeededDatabase { location, _ in
            try await onThread {
                let store = PostgresStore(location: location)
                let started = Date()
                do {
                    _ = try QueryDeadline.withLimit(0.3) { try store.read { try $0.executor.rows("SELECT pg_sleep(5)") } }
                    Issue.record("a five-second statement ran to its end under a 0.3 s limit")
                } catch {
                    #expect(KBService.isTimeLimitInterruption(error), "\(error)")
                }
                #expect(Date().timeIntervalSince(started) < 4, "stopped at the limit, not after the sleep")
                // The limit is the read's, not each statement's: three statements of 0.2 s each
                // under 0.5 s stop in the third.
                do {
                    _ = try QueryDeadline.withLimit(0.5) {
                        try store.read { session in try (0..<3).map { _ in try session.executor.rows("SELECT pg_sleep(0.2)") } }
                    }
                    Issue.record("three statements of 0.2 s each ran to their end under a 0.5 s limit")
                } catch {
                    #expect(KBService.isTimeLimitInterruption(error), "\(error)")
                }
                // Without a limit the same session runs as long as it needs.
                let slow = try store.read { try $0.executor.value("SELECT 1 FROM pg_sleep(0.4)")?.int64 }
                #expect(slow == 1)
            }
        }
    }

    /// `body` with the database's name as `DB` and the schema version (SQLite's migrations
    /// and PostgreSQL's are numbered apart, as `kb stats` says) as `N`.
    static func normalised(_ body: String, database: String) -> String {
        body.replacingOccurrences(of: database, with: "DB")
            .replacingOccurrences(of: #"<dt>schema version</dt><dd>\d+</dd>"#, with: "<dt>schema version</dt><dd>N</dd>", options: .regularExpression)
    }

    /// A server's reads reuse the connection an earlier read left (the same backend), and a read
    /// that failed leaves none behind (the next read has another backend).
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func aServersReadsReuseTheirConnectionsButNotAFailedOnes() async throws {
        try await TestServer.withSeededDatabase { location, _ in
            try await onThread {
                let store = PostgresStore(location: location).serving()
                func backend() throws -> Int64? { try store.read { try $0.executor.value("SELECT pg_backend_pid()")?.int64 } }
                let first = try backend()
                let second = try backend()
                #expect(first != nil && second == first, "the second read ran on the first's connection")
                #expect(throws: (any Error).self) { try store.read { try $0.executor.rows("SELECT no_such_column FROM claim") } }
                #expect(try backend() != first, "the failed read's connection was closed, not reused")
                // The pooled connection's timeout follows each read's limit, and none without one.
                _ = try QueryDeadline.withLimit(5) { try backend() }
                #expect(try store.read { try $0.executor.value("SHOW statement_timeout")?.string } == "0")
            }
        }
    }

    /// The session's timeout is set again only when what is left of the limit moved away from it.
    @Test func theStatementTimeoutIsSetWhenTheLimitMovesAwayFromIt() {
        let timeout = StatementTimeout()
        #expect(timeout.setting(for: nil) == nil, "a new session has none")
        #expect(timeout.setting(for: 2.0)?.sql { "$\($0)" } == "SET statement_timeout = 2000")
        #expect(timeout.setting(for: 1.95) == nil, "within the tolerance")
        #expect(timeout.setting(for: 1.85)?.sql { "$\($0)" } == "SET statement_timeout = 1850")
        timeout.forget()
        #expect(timeout.setting(for: 1.85)?.sql { "$\($0)" } == "SET statement_timeout = 1850", "unknown after a failure or a rollback")
        #expect(timeout.setting(for: nil)?.sql { "$\($0)" } == "SET statement_timeout = 0")
        #expect(timeout.setting(for: nil) == nil)
    }

    /// The first line where `live` and `lite` differ, both sides shown; nil when they are equal.
    static func firstDifference(_ live: String, _ lite: String) -> String? {
        guard live != lite else { return nil }
        let (a, b) = (live.split(separator: "\n", omittingEmptySubsequences: false), lite.split(separator: "\n", omittingEmptySubsequences: false))
        let line = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
        func shown(_ lines: [Substring]) -> String { line < lines.count ? String(lines[line].prefix(400)) : "(ends)" }
        return "line \(line + 1): PostgreSQL «\(shown(a))» file «\(shown(b))»"
    }

    /// The status and body of every page of ``pages`` from a server over `store`.
    static func answers(_ store: any ServedKnowledgeBase) async throws -> [(status: Int, body: String)] {
        // Limits no busy machine reaches: the comparison is of answers, not of who ran out of time.
        var configuration = ServeConfiguration(timeLimit: 60)
        configuration.auditWait = 60
        return try await KBServer(service: store, configuration: configuration).application().test(.router) { client in
            var answers: [(status: Int, body: String)] = []
            for uri in pages {
                answers.append(try await client.execute(uri: uri, method: .get) { (Int($0.status.code), String(buffer: $0.body)) })
            }
            return answers
        }
    }
}
