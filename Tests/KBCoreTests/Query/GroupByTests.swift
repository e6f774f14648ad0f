import Foundation
import GRDB
import Testing
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// `group by` (issue 15, item 2): counts, multi-valued fields, the (none) group, the aggregates
/// against values computed here from the claims themselves, limits and errors.
struct GroupByTests {
    /// Two cohorts and two boundaries; `g-both` is about both cohorts, `g-none` about none.
    /// Strengths come from the rubric: the rct studies are strongest, so grades differ by design.
    static let knowledgeBase: KnowledgeBase = {
        do {
            return try makeKnowledgeBase(["a.yaml": """
                roles:
                  - {id: analyst}
                cohorts:
                  - {id: older, name: older applicants}
                  - {id: women, name: women}
                  - {id: veterans, name: veterans}
                boundaries:
                  - {id: eeoc}
                  - {id: ico}
                """, "b.yaml": """
                sources:
                  - {id: s-rct, title: Trial, issued: 2020, studies: [{id: s-rct-st, design: rct, n: 400, preregistered: "yes"}]}
                  - {id: s-survey, title: Survey, issued: 2021, studies: [{id: s-survey-st, design: survey, n: 100}]}
                  - {id: s-audit, title: Audit, issued: 2021, studies: [{id: s-audit-st, design: audit-study, n: 2000}]}
                claims:
                  - {id: g-both, statement: Callbacks fell, source: s-rct, study: s-rct-st, replication: replicated, about: [cohort:older, cohort:women, boundary:eeoc]}
                  - {id: g-older, statement: Callbacks fell again, source: s-rct, study: s-rct-st, about: [cohort:older, boundary:eeoc]}
                  - {id: g-women, statement: Offers fell, source: s-survey, study: s-survey-st, about: [cohort:women, boundary:ico]}
                  - {id: g-none, statement: Wages rose, source: s-audit, study: s-audit-st, about: [role:analyst]}
                  - {id: g-older-2, statement: Interviews fell, source: s-audit, study: s-audit-st, about: [cohort:older]}
                """])
        } catch {
            fatalError("\(error)")
        }
    }()

    static func groups(_ text: String, in knowledgeBase: KnowledgeBase = knowledgeBase, limit: Int? = nil) throws -> GroupedOutcome {
        try QueryEngine(knowledgeBase).group(text, limit: limit)
    }

    static func counts(_ text: String, in knowledgeBase: KnowledgeBase = knowledgeBase) throws -> [String: Int] {
        Dictionary(uniqueKeysWithValues: try groups(text, in: knowledgeBase).rows.map { ($0.labels.joined(separator: "/"), $0.count) })
    }

    // MARK: Counting

    @Test(arguments: ["claims group by design", "claims group by grade", "claims group by replication", "claims group by year",
                      "claims where year >= 2021 group by design", "claims for ml-platform-engineer group by grade",
                      "sources group by type", "sources group by year", "claims group by preregistered", "claims group by source"])
    func groupsOfASingleValuedFieldSumToTheUngroupedCount(query: String) throws {
        let grouped = try Self.groups(query, in: Seeded.knowledgeBase, limit: 10_000)
        let ungrouped = try Seeded.run(query.replacingOccurrences(of: #" group by \w+"#, with: "", options: .regularExpression), limit: 10_000)
        #expect(grouped.rows.map(\.count).reduce(0, +) == ungrouped.total)
        #expect(ungrouped.total > 0)
        #expect(!grouped.isTruncated)
    }

    @Test func aClaimAboutTwoCohortsCountsInEachAndTheRestInNone() throws {
        let counts = try Self.counts("claims group by cohort")
        #expect(counts == ["older": 3, "women": 2, "(none)": 1])
        // Two fields: each combination of a claim's values once.
        #expect(try Self.counts("claims group by cohort, boundary") == [
            "older/eeoc": 2, "women/eeoc": 1, "women/ico": 1, "older/(none)": 1, "(none)/(none)": 1,
        ])
        // On sources, a source is in every group one of its claims is in.
        #expect(try Self.counts("sources group by cohort") == ["older": 2, "women": 2])
    }

    @Test func groupsAreOrderedByCountThenValueAndNoneComesLastAmongEquals() throws {
        let rows = try Self.groups("claims group by boundary").rows
        #expect(rows.map(\.labels) == [["eeoc"], ["(none)"], ["ico"]])
        #expect(rows.map(\.count) == [2, 2, 1])
        let tied = try Self.groups("claims group by design").rows
        // rct 2, audit-study 2, survey 1: equal counts in value order.
        #expect(tied.map(\.labels) == [["audit-study"], ["rct"], ["survey"]])
    }

    @Test func theLimitCountsGroupsAndTotalCountsThemAll() throws {
        let limited = try Self.groups("claims group by design limit 2")
        #expect(limited.rows.count == 2)
        #expect(limited.total == 3)
        #expect(limited.isTruncated)
        #expect(try Self.groups("claims group by design", limit: 1).rows.map(\.labels) == [["audit-study"]])
    }

    @Test func theFiltersAndSubjectsOfTheQueryApply() throws {
        #expect(try Self.counts("claims where boundary=ico group by cohort") == ["women": 1])
        #expect(try Self.counts("claims where not cohort=older group by design") == ["survey": 1, "audit-study": 1])
        #expect(try Self.counts("claims where year=2020 group by cohort") == ["older": 2, "women": 1])
    }

    // MARK: Aggregates

    /// Each grade's row against the same numbers computed here from `claims where grade=G`'s
    /// results: sources, best grade, median strength, sample sizes once per study, shares.
    @Test(arguments: [false, true])
    func aggregatesMatchTheClaimsOfEachGroup(seeded: Bool) throws {
        let knowledgeBase = seeded ? Seeded.knowledgeBase : Self.knowledgeBase
        let rows = try Self.groups("claims group by grade", in: knowledgeBase).rows
        #expect(!rows.isEmpty)
        for row in rows {
            let grade = try #require(row.values[0])
            let claims = try #require(try QueryEngine(knowledgeBase).run("claims where grade=\(grade)", limit: 10_000).rows.claims)
            #expect(row.count == claims.count)
            #expect(row.sources == Set(claims.compactMap(\.source?.slug)).count)
            #expect(row.bestGrade?.rawValue == grade)
            let strengths = claims.map(\.strength).sorted()
            let middle = strengths.count / 2
            let median = strengths.count % 2 == 1 ? strengths[middle] : (strengths[middle - 1] + strengths[middle]) / 2
            #expect(abs((row.medianStrength ?? -1) - median) < 1e-9, "grade \(grade)")
            var studies: [String: Int] = [:]
            for claim in claims { if let study = claim.study, let n = study.n { studies[study.slug] = n } }
            #expect(row.totalN == (studies.isEmpty ? nil : studies.values.reduce(0, +)))
            let preregistered = claims.filter { $0.study?.preregistered == .yes }.count
            #expect(abs(row.preregisteredShare - Double(preregistered) / Double(claims.count)) < 1e-9)
            let replicated = claims.filter { $0.claim.replication == .replicated }.count
            #expect(abs(row.replicatedShare - Double(replicated) / Double(claims.count)) < 1e-9)
        }
    }

    @Test func theMedianOfAnEvenGroupIsTheMeanOfTheMiddleTwo() throws {
        let older = try #require(try Self.groups("claims group by cohort").rows.first { $0.values == ["older"] })
        let claims = try #require(try QueryEngine(Self.knowledgeBase).run("claims where cohort=older").rows.claims)
        let strengths = claims.map(\.strength).sorted()
        #expect(strengths.count == 3)
        #expect(older.medianStrength == strengths[1])
        let women = try #require(try Self.groups("claims group by cohort").rows.first { $0.values == ["women"] })
        let womenStrengths = try #require(try QueryEngine(Self.knowledgeBase).run("claims where cohort=women").rows.claims).map(\.strength)
        #expect(abs((women.medianStrength ?? -1) - womenStrengths.reduce(0, +) / 2) < 1e-9)
        // g-both and g-older share one study of 400: counted once.
        #expect(older.totalN == 400 + 2000)
        #expect(older.sources == 2)
        #expect(older.replicatedShare == 1.0 / 3.0)
    }

    // MARK: Errors and other statements

    @Test func aFieldThatDoesNotGroupIsAnErrorListingThoseThatDo() throws {
        let error = renderedError { _ = try Self.groups("claims group by strength") }
        #expect(error.contains("cannot group by 'strength'"))
        #expect(error.contains("claims group by strength\n    |                 ^^^^^^^^"))
        #expect(error.contains("fields that group: cohort, boundary, jurisdiction"))
        for query in ["claims group by text", "claims group by n", "claims group by cohrt", "claims group cohort",
                      "citations group by cohort", "claims group by cohort, cohort", "claims group by cohort rank by strength", "claims group by"] {
            #expect(throws: Diagnostic.self, "\(query)") { _ = try Self.groups(query) }
        }
        #expect(renderedError { _ = try Parser.parse("claims group by cohrt") }.contains("did you mean 'cohort'?"))
    }

    @Test func statementsThatReturnResultsRefuseAGroupBy() throws {
        #expect(throws: Diagnostic.self) { _ = try QueryEngine(Self.knowledgeBase).run("claims group by cohort") }
        var sink = StringSink()
        #expect(throws: Diagnostic.self) { _ = try Exporter(Self.knowledgeBase).export("claims group by cohort", style: .csv, profile: nil, to: &sink) }
    }

    @Test func thePrintedQueryParsesBackWithItsGrouping() throws {
        let text = "claims for analyst where year >= 2020 group by cohort, design limit 5"
        let query = try Parser.parse(text)
        #expect(query.grouping.map(\.field) == [.cohort, .design])
        #expect(QueryPrinter.print(query) == text)
        #expect(try Parser.parse(QueryPrinter.print(query)) == query)
    }

    @Test func explainShowsTheGroupedStatement() throws {
        let explanation = try QueryEngine(Self.knowledgeBase).explain("claims where year >= 2020 group by cohort")
        // The cohort is joined in memory from the claims' links (`LinkedUnitRows`): not a column.
        #expect(explanation.sql.contains("SELECT unitId, sourceId") && explanation.sql.contains("FROM unit"))
        #expect(!explanation.sql.contains("claimAbout"))
        let byDesign = try QueryEngine(Self.knowledgeBase).explain("claims where year >= 2020 group by design")
        #expect(byDesign.sql.contains("SELECT g0, unitId"))
        #expect(explanation.arguments == ["2020.0"] || explanation.arguments == ["2020"])
        #expect(!explanation.plan.isEmpty)
    }
}

