import Foundation
import Testing
@testable import KBCore
@testable import KBCuration
@testable import KBFormats
@testable import KBPostgres
@testable import KBPostgresFacade
@testable import KBStore

/// `kb notice`, `kb link`, `kb remove` (with and without `--cascade`), `kb undo` and `kb add`
/// (each kind, and `--from FILE`) on a live PostgreSQL (issue 19): the same writes, made one by
/// one on a file and on PostgreSQL loaded from the same init, give the same results or the same
/// errors and exit codes, and leave the same records (`kb show` JSON), search answers and change
/// log. Batch names are random on each store, so they are compared with their random part left
/// out. Needs KB_TEST_POSTGRES_URL.
@Suite(.serialized)
struct PostgresCurationParityTests {
    /// One curation write, as the CLI makes it.
    enum Write: CustomStringConvertible {
        case notice(String, NoticeKind, date: String?, reason: String?)
        case link(String, String, String)
        case remove(String, cascade: Bool, ifVersion: Int? = nil)
        case undo(Int64, force: Bool = false)

        var description: String {
            switch self {
            case let .notice(source, kind, date, _): "notice \(source) \(kind) \(date ?? "-")"
            case let .link(from, kind, to): "link \(from) --\(kind) \(to)"
            case let .remove(id, cascade, version): "remove \(id)\(cascade ? " --cascade" : "")\(version.map { " --if-version \($0)" } ?? "")"
            case let .undo(change, force): "undo \(change)\(force ? " --force" : "")"
            }
        }
    }

    static func options(_ author: String, ifVersion: Int? = nil) -> CurationOptions {
        let time = Date(timeIntervalSince1970: 1_780_000_000)
        return CurationOptions(context: ChangeContext(author: author, command: "curate", reason: "parity", time: time), ifVersion: ifVersion, strict: false)
    }

    /// Change 1 is the init; each write that succeeds logs the changes numbered after it (a
    /// remove of a claim with a relation logs 2, the cascade of a source 6, their undos as many).
    static let writes: [Write] = [
        .notice("noy2023experimental", .correction, date: "2024-05-02", reason: "figure 2 fixed"),   // 2
        .notice("noy2023experimental", .retraction, date: "2099", reason: "future"),                 // refused
        .notice("noy2023experimental", .retraction, date: "2024", reason: nil),                      // refused
        .notice("nosuch-source", .retraction, date: "2024", reason: "x"),                            // refused
        .link("noy2023-writer-gap", "supports", "noy2023-writing-time"),                            // 3
        .link("noy2023-writer-gap", "supports", "noy2023-writing-time"),                            // nothing changed
        .link("noy2023-writer-gap", "replicates", "noy2023-writing-quality"),                       // refused: same study
        .link("noy2023-writer-gap", "contradicts", "nosuch-claim"),                                 // refused
        .remove("noy2023-writer-gap", cascade: false),                                              // refused: a relation
        .remove("noy2023-writer-gap", cascade: true, ifVersion: 7),                                 // refused: version
        .remove("noy2023-writer-gap", cascade: true),                                               // 4, 5
        .undo(5),                                                                                   // 6, 7 (the batch)
        .undo(4),                                                                                   // refused: undone
        .undo(2),                                                                                   // 8: the notice
        .undo(3),                                                                                   // 9: the link
        .remove("wef2025futurejobs", cascade: true),                                                // 10-15
        .undo(15),                                                                                  // 16-21: all put back
        .remove("wef2025-roles-created", cascade: false),                                           // 22
        .undo(1),                                                                                   // refused: the init
        .undo(99),                                                                                  // refused: no such change
    ]

    static func apply(_ write: Write, _ sqlite: KBService) throws -> CurationResult {
        switch write {
        case let .notice(source, kind, date, reason): try sqlite.notice(source, kind: kind, date: date, reason: reason, url: nil, options: options("ana"))
        case let .link(from, kind, to): try sqlite.link(from, kind: kind, to: to, note: "n", options: options("ben"))
        case let .remove(id, cascade, version): try sqlite.remove(id, cascade: cascade, options: options("cem", ifVersion: version))
        case let .undo(change, force): try sqlite.undo(change, force: force, options: options("dee"))
        }
    }

    static func apply(_ write: Write, _ postgres: PostgresService) throws -> CurationResult {
        switch write {
        case let .notice(source, kind, date, reason): try postgres.notice(source, kind: kind, date: date, reason: reason, url: nil, options: options("ana"))
        case let .link(from, kind, to): try postgres.link(from, kind: kind, to: to, note: "n", options: options("ben"))
        case let .remove(id, cascade, version): try postgres.remove(id, cascade: cascade, options: options("cem", ifVersion: version))
        case let .undo(change, force): try postgres.undo(change, force: force, options: options("dee"))
        }
    }

    /// A batch name without its random part (`remove-1a2b3c4d` → `remove-*`).
    static func unbatched(_ text: String) -> String {
        text.replacingOccurrences(of: #"-[0-9a-f]{8}\b"#, with: "-*", options: .regularExpression)
    }

    static func unbatched(_ changes: [Change]) -> [Change] {
        changes.map { change in
            var change = change
            change.batch = change.batch.map(unbatched)
            return change
        }
    }

    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func curationAnswersAsOnAFile() async throws {
        try await withLoadedStores { location, postgres, sqlite in
            var written = 0
            var refused = 0
            for write in Self.writes {
                let lite = Result { try Self.apply(write, sqlite) }
                let live = Result { try Self.apply(write, postgres) }
                switch (lite, live) {
                case let (.success(a), .success(b)):
                    #expect(Self.unbatched(b.changes) == Self.unbatched(a.changes), "\(write)")
                    #expect(b.ids == a.ids && b.notes == a.notes && b.findings == a.findings && b.totalChanges == a.totalChanges, "\(write)")
                    written += a.totalChanges
                case let (.failure(a), .failure(b)):
                    #expect("\(type(of: b))" == "\(type(of: a))" && Self.unbatched("\(b)") == Self.unbatched("\(a)"), "\(write)")
                    #expect(ErrorCategory(of: b)?.exitStatus == ErrorCategory(of: a)?.exitStatus, "\(write)")
                    refused += 1
                default:
                    Issue.record("\(write): SQLite \(lite), PostgreSQL \(live)")
                }
            }
            #expect(written == 21 && refused == 10, "the writes write and refuse as planned (\(written) changes, \(refused) refused)")
            for id in ["noy2023experimental", "noy2023-writer-gap", "noy2023-writing-time", "noy2023-writing-quality", "wef2025futurejobs",
                       "wef2025futurejobs-forecast", "wef2025-net-jobs", "wef2025-roles-displaced"] {
                let lite = try sqlite.catalog.show(id)
                #expect(RecordRenderer.render(try postgres.show(id), format: .json) == RecordRenderer.render(lite, format: .json), "kb show \(id)")
            }
            #expect(throws: KBError.self) { try postgres.show("wef2025-roles-created") }
            #expect(Self.unbatched(try postgres.log()) == Self.unbatched(try sqlite.log()))
            #expect(try tablesThatDiffer(location, sqlite) == [], "every table holds the same rows on both stores")
            // The claims put back are found again, by the server's full-text index too.
            let query = QueryRequest("claims where source = wef2025futurejobs")
            #expect(PostgresQueryParityTests.ids(try postgres.run(query).outcome) == PostgresQueryParityTests.ids(try sqlite.run(query).outcome))
            #expect(PostgresQueryParityTests.ids(try postgres.run(query).outcome).count == 3)
        }
    }

    /// One `kb add`, as the CLI makes it: a kind with its fields, or every record of a file.
    enum Add: CustomStringConvertible {
        case record(RecordKind, [(String, String)])
        case file(String)

        var description: String {
            switch self {
            case let .record(kind, fields): "add \(kind.rawValue) " + fields.map { "--\($0.0) \($0.1)" }.joined(separator: " ")
            case let .file(text): "add --from new.yaml (\(text.count) characters)"
            }
        }

        func apply(_ sqlite: KBService) throws -> CurationResult {
            switch self {
            case let .record(kind, fields): try sqlite.add(kind, fields: fields.map { FieldAssignment(field: $0.0, value: $0.1) }, options: options("eve"))
            case let .file(text): try sqlite.add(from: SeedFile(name: "new.yaml", text: text), options: options("eve"))
            }
        }

        func apply(_ postgres: PostgresService) throws -> CurationResult {
            switch self {
            case let .record(kind, fields): try postgres.add(kind, fields: fields.map { FieldAssignment(field: $0.0, value: $0.1) }, options: options("eve"))
            case let .file(text): try postgres.add(from: SeedFile(name: "new.yaml", text: text), options: options("eve"))
            }
        }
    }

    /// A file of several records: a source with its study, and a claim of each of two sources.
    static let newRecords = """
        sources:
          - id: pg-add-file-work
            type: article-journal
            title: A Second Work Added From A File
            authors:
              - {family: Quill, given: Q.}
            issued: 2022
            studies:
              - id: pg-add-file-study
                n: 48
        claims:
          - id: pg-add-file-claim
            statement: Files add claims on both stores.
            source: pg-add-file-work
            study: pg-add-file-study
          - id: pg-add-file-claim-2
            statement: A file's claim of a source added before.
            source: pg-add-work
        """

    /// Each `kb add` in turn; the comment says what it writes (changes after the init's 1).
    static let adds: [Add] = [
        .record(.source, [("id", "pg-add-work"), ("title", "A Parity Study Of Adding Records"),
                          ("authors", "Doe, Jane; Roe, Rick"), ("issued", "2024")]),                        // 2
        .record(.source, [("id", "pg-add-work"), ("title", "The Same Id Again")]),                         // refused: duplicate id
        .record(.study, [("id", "pg-add-study"), ("source", "pg-add-work"), ("n", "120")]),                 // 3
        .record(.study, [("source", "pg-add-work"), ("n", "many")]),                                        // refused: bad value
        .record(.claim, [("source", "pg-add-work"), ("study", "pg-add-study"),
                         ("statement", "Adding a claim works on both stores.")]),                          // 4 (id made)
        .record(.claim, [("source", "nosuch-source"), ("statement", "A claim of no source.")]),            // refused: unknown source
        .record(.source, [("title", "An Untitled Parity Work"), ("authors", "Poe, Edgar"), ("year", "2023")]), // 5 (id made)
        .file(newRecords),                                                                                  // 6-9, one batch
        .file(newRecords),                                                                                  // refused: ids taken
    ]

    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func addAnswersAsOnAFile() async throws {
        try await withLoadedStores { location, postgres, sqlite in
            var added: [String] = []
            var refused = 0
            for add in Self.adds {
                let lite = Result { try add.apply(sqlite) }
                let live = Result { try add.apply(postgres) }
                switch (lite, live) {
                case let (.success(a), .success(b)):
                    #expect(Self.unbatched(b.changes) == Self.unbatched(a.changes), "\(add)")
                    #expect(b.ids == a.ids && b.notes == a.notes && b.findings == a.findings && b.totalChanges == a.totalChanges, "\(add)")
                    added += a.ids
                case let (.failure(a), .failure(b)):
                    #expect("\(type(of: b))" == "\(type(of: a))" && Self.unbatched("\(b)") == Self.unbatched("\(a)"), "\(add)")
                    #expect(ErrorCategory(of: b)?.exitStatus == ErrorCategory(of: a)?.exitStatus, "\(add)")
                    #expect(ErrorCategory(of: a)?.exitStatus == 3, "\(add): refused as bad input")
                    refused += 1
                default:
                    Issue.record("\(add): SQLite \(lite), PostgreSQL \(live)")
                }
            }
            #expect(refused == 4, "the adds refuse as planned (\(refused) refused)")
            #expect(added.count == 8 && added.contains("pg-add-work-adding-claim-works") && added.contains("poe2023untitled") && added.contains("pg-add-file-claim-2"), "\(added)")
            for id in added + ["noy2023experimental"] {
                let lite = try sqlite.catalog.show(id)
                #expect(RecordRenderer.render(try postgres.show(id), format: .json) == RecordRenderer.render(lite, format: .json), "kb show \(id)")
            }
            #expect(Self.unbatched(try postgres.log()) == Self.unbatched(try sqlite.log()))
            #expect(try tablesThatDiffer(location, sqlite) == [], "every table holds the same rows on both stores")
            #expect(try postgres.log().filter { $0.action == "add" }.count == 8)
            // The claims added are found, by the server's full-text index too.
            for text in ["claims where source = pg-add-work", "claims where \"both stores\""] {
                let query = QueryRequest(text)
                #expect(PostgresQueryParityTests.ids(try postgres.run(query).outcome) == PostgresQueryParityTests.ids(try sqlite.run(query).outcome), "\(text)")
                #expect(PostgresQueryParityTests.ids(try postgres.run(query).outcome).count == 2, "\(text)")
            }
            // The new rows kept the copy's ids and the server's sequences moved past them.
            let executor = try PostgresExecutor.connect(location)
            defer { executor.close() }
            let high = try executor.value("SELECT max(id) FROM source")?.int64 ?? 0
            try executor.run("INSERT INTO source (slug, title) VALUES ('psql-added', 'x')")
            #expect(try executor.value("SELECT id FROM source WHERE slug = 'psql-added'")?.int64 == high + 1)
        }
    }

    /// A record `kb undo` puts back keeps the id the copy gave it, and the server's identity
    /// sequence moves past it: a row PostgreSQL numbers itself afterwards takes a free id.
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func aRecordPutBackMovesTheServersSequencePastIt() async throws {
        try await withLoadedStores { location, postgres, sqlite in
            let removed = try postgres.remove("wef2025futurejobs", cascade: true, options: Self.options("ana"))
            let last = try #require(removed.changes.last?.id)
            _ = try postgres.undo(last, force: false, options: Self.options("ana"))
            let executor = try PostgresExecutor.connect(location)
            defer { executor.close() }
            let high = try executor.value("SELECT max(id) FROM claim")?.int64 ?? 0
            try executor.run("INSERT INTO claim (slug, statement, sourceId) SELECT 'psql-added', 'x', min(id) FROM source")
            #expect(try executor.value("SELECT id FROM claim WHERE slug = 'psql-added'")?.int64 == high + 1)
        }
    }

    /// Writers racing to remove one claim (with its relation, `--cascade`) while others edit it:
    /// the writes follow each other under the curation lock, so exactly one removal wins, every
    /// other removal and every edit after it finds no claim, and the log holds one removal.
    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func racingRemovalsOfOneClaimLetExactlyOneWin() async throws {
        try await TestServer.withFreshDatabase { location in
            let (sqlite, folder) = try PostgresQueryParityTests.sqliteService()
            defer { try? FileManager.default.removeItem(at: folder) }
            _ = try await onThread {
                _ = try PostgresStore(location: location).initialize(from: sqlite.knowledgeBase, replacing: false)
                _ = try PostgresService(location.url).link("noy2023-writer-gap", kind: "supports", to: "noy2023-writing-time", note: nil, options: Self.options("ana"))
            }
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        try await onThread {
                            do {
                                let service = try PostgresService(location.url)
                                if writer % 2 == 0 {
                                    let result = try service.remove("noy2023-writer-gap", cascade: true, options: Self.options("r\(writer)"))
                                    return "removed \(result.changes.count)"
                                }
                                _ = try service.edit("noy2023-writer-gap", fields: [FieldAssignment(field: "note", value: "w\(writer)")], options: Self.options("e\(writer)"))
                                return "edited"
                            } catch let error as KBError {
                                if case .notFound = error { return "not found" }
                                return "other \(error)"
                            }
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == "removed 2" }.count == 1, "\(outcomes)")
            #expect(outcomes.allSatisfy { ["removed 2", "edited", "not found"].contains($0) }, "\(outcomes)")
            let log = try await onThread { try PostgresService(location.url).log() }
            #expect(log.filter { $0.action == "remove" }.map(\.recordId) == ["noy2023-writer-gap"])
            #expect(log.filter { $0.action == "unlink" }.count == 1)
            let edits = log.filter { $0.action == "edit" && $0.recordId == "noy2023-writer-gap" }.count
            #expect(edits == outcomes.filter { $0 == "edited" }.count)
        }
    }
}
