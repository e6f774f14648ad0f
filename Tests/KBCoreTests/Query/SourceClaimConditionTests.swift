import GRDB
import Testing
@testable import KBCore
@testable import KBDomain
@testable import KBQuery
@testable import KBStore

/// A claim-level condition in a sources query (`sources where replication=unknown`) is tested
/// per source through its claims (`EXISTS … c.sourceId = s.id`), no longer as `s.id IN (every
/// matching claim's source)`: at 1M claims the saved query `sources where missing n or missing
/// doi or replication=unknown` read 600,000 claim rows in index order before its first source
/// (7 s). These tests hold the new statement to the old one's rows and count on a KB with
/// realistic statistics, and check the plan reaches claims only through `claimBySource`.
struct SourceClaimConditionTests {
    static let queries = [
        "sources where missing n or missing doi or replication=unknown",
        "sources where replication = failed",
        "sources where replication = unknown",
        "sources where not replication = unknown",
        "sources where grade = high and year >= 2010",
        "sources where cohort = women and boundary = eeoc",
        "sources where not (cohort = women)",
        "sources where replication = ..mixed and missing n",
        "sources for role-3 where replication = unknown",
        "sources for role-3 where not grade = high",
        "sources where design = rct or replication = failed rank by year",
        "sources where strength >= 0.5 or missing doi",
    ]

    /// The statement as it was compiled before: a claim-level predicate as `s.id IN (SELECT
    /// c.sourceId …)`. The two spellings have the same parentheses, so one replacement gives it.
    static func old(_ sql: String) -> String {
        sql.replacingOccurrences(of: "EXISTS (SELECT 1 FROM claim c LEFT JOIN study st ON st.id = c.studyId WHERE c.sourceId = s.id AND ",
                                 with: "s.id IN (SELECT c.sourceId FROM claim c LEFT JOIN study st ON st.id = c.studyId WHERE c.sourceId IS NOT NULL AND ")
    }

    @Test(arguments: queries)
    func theSameSourcesInTheSameOrderAsBefore(query: String) throws {
        try IndexedPlanTests.knowledgeBase.reader.read { db in
            let compiled = try QueryCompiler(store: SQLiteQueryStore(db: db), text: query).compile(Parser.parse(query))
            #expect(compiled.sql.contains("WHERE c.sourceId = s.id AND"), "\(compiled.sql)")
            #expect(Self.old(compiled.sql) != compiled.sql)
            let arguments = StatementArguments(compiled.arguments)
            let new = try Int64.fetchAll(db, sql: compiled.sql, arguments: arguments)
            let before = try Int64.fetchAll(db, sql: Self.old(compiled.sql), arguments: arguments)
            #expect(new == before, "\(query)")
            // Neither empty nor everything: the comparison says something.
            let sources = try Int.fetchOne(db, sql: "SELECT count(*) FROM source") ?? 0
            #expect(!new.isEmpty && new.count < sources, "\(query): \(new.count) of \(sources)")
            let countArguments = StatementArguments(compiled.countArguments)
            let count = try Int.fetchOne(db, sql: compiled.countSQL, arguments: countArguments)
            #expect(count == new.count)
            #expect(try Int.fetchOne(db, sql: Self.old(compiled.countSQL), arguments: countArguments) == count)
        }
    }

    @Test func theSavedQueryReachesClaimsThroughTheirSource() throws {
        let plan = try QueryEngine(IndexedPlanTests.knowledgeBase).explain("sources where missing n or missing doi or replication=unknown").plan
            .map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(plan.contains("SEARCH c USING INDEX claimBySource (sourceId=?)"), "\(plan.joined(separator: "\n"))")
        // Not every `unknown` claim by the replication index, listed before the first source.
        #expect(!plan.contains { $0.contains("claimByReplication") }, "\(plan.joined(separator: "\n"))")
        #expect(!plan.contains { IndexedPlanTests.isFullScan($0, ofEntitiesToo: false) }, "\(plan.joined(separator: "\n"))")
    }
}
