import Foundation
import Testing
@testable import KBCore
@testable import KBPostgres
@testable import KBPostgresFacade
@testable import KBProse
@testable import KBStore

/// `kb check` and `kb brief` on a live PostgreSQL (issue 19): run on the knowledge base copied
/// from one read snapshot into memory, as `kb audit` runs, they give a file's findings and a
/// file's page after the same `kb init`. Needs KB_TEST_POSTGRES_URL, as ``PostgresMigratorTests``.
@Suite(.serialized)
struct PostgresProseParityTests {
    /// The seed page's first finding, as the seed page writes it (numbers the seeds hold), a
    /// near-miss, a cohort assertion nobody cites and a placeholder.
    static let page = """
        # Generative AI at work

        Noy and Zhang (2023) found that ChatGPT cut writing time by 40% and raised quality by 18% (n = 453).
        A later estimate put the time saved at 37%.
        Older workers gain the most from these tools.
        Hiring rose by – weeks in USA.

        ## References

        1. Noy, S., & Zhang, W. (2023). Experimental evidence on the productivity effects of generative artificial intelligence. Science, 381(6654), 187–192.
        """

    @Test(.enabled(if: TestServer.isAvailable, TestServer.skipReason))
    func checkAndBriefAnswerAsOnAFile() async throws {
        try await TestServer.withFreshDatabase { location in
            try await onThread {
                let (sqlite, folder) = try PostgresQueryParityTests.sqliteService()
                defer { try? FileManager.default.removeItem(at: folder) }
                _ = try PostgresStore(location: location).initialize(from: sqlite.knowledgeBase, replacing: false)
                let postgres = try PostgresService(location.url).snapshotService()

                let page = PageReader.page(Self.page, name: "page.md", kind: .markdown)
                let lite = try sqlite.check([page])
                let live = try postgres.check([page])
                let verdicts = Set(lite.flatMap(\.findings).map { "\($0.verdict)" })
                #expect(verdicts.count >= 3, "the page's findings are of several kinds: the comparison proves something (\(verdicts.sorted()))")
                for format in [CheckRenderer.Format.json, .table, .markdown, .sarif] {
                    #expect(CheckRenderer.render(live, format: format) == CheckRenderer.render(lite, format: format), "\(format)")
                }
                #expect(ClaimEmitter.emit(live).yaml == ClaimEmitter.emit(lite).yaml)

                for format in BriefWriter.Format.allCases {
                    let brief = try sqlite.brief(subjects: ["ml-platform-engineer", "pytorch"], profile: nil, format: format, top: 5)
                    #expect(brief.contains("Noy"), "the brief cites the seeds' works")
                    #expect(try postgres.brief(subjects: ["ml-platform-engineer", "pytorch"], profile: nil, format: format, top: 5) == brief, "\(format)")
                }
            }
        }
    }
}
