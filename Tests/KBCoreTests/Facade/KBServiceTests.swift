import Foundation
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// The facade the faces share: opening, the default limit, what to say beside the results,
/// profile loading and the error categories the exit codes come from.
struct KBServiceTests {
    private func scratchPath(_ name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-service-\(getpid())-\(name)")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("kb.sqlite").path
    }

    @Test func openingAMissingFileBuildsItFromTheSeedsThenOpensIt() throws {
        let path = try scratchPath("open")
        let first = try KBService.open(path: path)
        guard case let .created(sources, claims) = first.opening else {
            Issue.record("expected .created, got \(first.opening)")
            return
        }
        #expect(sources > 0)
        #expect(claims > 0)
        #expect(try KBService.open(path: path).opening == .opened)
    }

    @Test func aDryRunAgainstAMissingFileCreatesNothing() throws {
        let path = try scratchPath("dry")
        let service = try KBService.openForDryRun(path: path)
        #expect(service.opening == .seededInMemory)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func theDefaultLimitAppliesOnlyWhenNeitherTheQueryNorTheRequestSetsOne() {
        #expect(KBService.effectiveLimit(requested: nil, queryLimit: nil) == KBService.defaultLimit)
        #expect(KBService.effectiveLimit(requested: nil, queryLimit: 5) == nil)
        #expect(KBService.effectiveLimit(requested: 3, queryLimit: 5) == 3)
        #expect(KBService.effectiveLimit(requested: 3, queryLimit: nil) == 3)
    }

    @Test func anEmptyAnswerSaysNothingMatchedWithTheHint() throws {
        let service = KBService(Seeded.knowledgeBase)
        let answer = try service.run(QueryRequest("claims where n > 100000000"))
        #expect(answer.outcome.count == 0)
        #expect(answer.notice == .nothingMatched(noun: "claim", hint: answer.outcome.emptyHint))
        #expect(answer.notice?.message.hasPrefix("no claims match") == true)
    }

    @Test func aWholeAnswerHasNoNotice() throws {
        let answer = try KBService(Seeded.knowledgeBase).run(QueryRequest("sources"))
        #expect(answer.outcome.count > 0)
        #expect(answer.notice == nil)
    }

    @Test func profilesComeFromAFileOrByName() throws {
        let service = KBService(Seeded.knowledgeBase)
        #expect(try service.loadProfile(nil) == nil)
        let missing = try scratchPath("profile") + ".yaml"
        #expect(throws: KBError.invalidInput("cannot read profile file \(missing): no such file, not readable, or not UTF-8")) { try service.loadProfile(missing) }
        #expect(throws: (any Error).self) { try service.loadProfile("no-such-profile-anywhere") }
    }

    @Test func errorsMapToCategoriesByTypeNotByText() throws {
        let queryError = try #require(throws: Diagnostic.self) { try Parser.parse("claims wher") }
        #expect(queryError.input == .query)
        #expect(ErrorCategory(of: queryError) == .usage)
        let location = SourceLocation(file: "f.bib", text: "x", range: 0..<1)
        // A data diagnostic whose id merely looks like a query's is still a data error.
        #expect(ErrorCategory(of: Diagnostic(id: "query.lookalike", message: "m", location: location)) == .invalidInput)
        #expect(ErrorCategory(of: DiagnosticList([])) == .invalidInput)
        #expect(ErrorCategory(of: KBError.usage("u")) == .usage)
        #expect(ErrorCategory(of: KBError.notFound(what: "role", name: "x", suggestions: [])) == .usage)
        #expect(ErrorCategory(of: KBError.invalidInput("i")) == .invalidInput)
        #expect(ErrorCategory(of: KBError.notAKnowledgeBase(path: "p", reason: "r")) == .database)
        #expect(ErrorCategory(of: AuditGate(count: 1, severity: .warning)) == .findings)
        #expect(ErrorCategory(of: CancellationError()) == nil)
        #expect(ErrorCategory.allCases.map(\.exitStatus) == [1, 2, 3, 4])
    }
}

/// "Empty" has one definition, shared by seeding on first open and ``KnowledgeBase/isEmpty()``.
struct EmptyKnowledgeBaseTests {
    @Test func aKBWithOnlyAnImportRunIsNotEmptyAndIsNotSeeded() throws {
        let knowledgeBase = try KnowledgeBase.inMemory()
        #expect(try knowledgeBase.isEmpty())
        try knowledgeBase.writer.write { db in
            try db.execute(sql: "INSERT INTO importRun (command, files, startedAt) VALUES ('init', '[]', '2026-01-01')")
        }
        #expect(try !knowledgeBase.isEmpty())
    }
}

/// The default-limit rule (``QueryLimit``): the request's limit, the query's, else the default;
/// chosen only when the user wrote one.
struct QueryLimitTests {
    @Test(arguments: [
        (nil, nil, QueryLimit.defaultLimit, false, QueryLimit.defaultLimit),
        (nil, 5, nil, true, 5),
        (3, 5, 3, true, 3),
        (3, nil, 3, true, 3),
    ] as [(Int?, Int?, Int?, Bool, Int)])
    func theLimitAndWhetherItWasChosen(requested: Int?, queryLimit: Int?, override: Int?, chosen: Bool, shown: Int) {
        let limit = QueryLimit(requested: requested, queryLimit: queryLimit)
        #expect(limit.override == override)
        #expect(limit.isChosen == chosen)
        #expect(limit.shown(queryLimit: queryLimit) == shown)
        #expect(KBService.effectiveLimit(requested: requested, queryLimit: queryLimit) == override)
    }
}
