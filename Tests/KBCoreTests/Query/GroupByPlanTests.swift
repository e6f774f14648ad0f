import Foundation
import Testing
@testable import KBCore
@testable import KBQuery

/// A grouped query with subjects or a selective filter answers from indexes, as the same query
/// without `group by` does: grouping adds one look-up per selected claim, never a pass over all
/// claims (issue 15, item 5).
struct GroupByPlanTests {
    @Test(arguments: [
        "claims for role-3 group by cohort",
        "claims for role-3 where cohort = older-workers group by boundary, design",
        "claims where cohort = women group by boundary",
        "claims where source = src12 group by grade",
        "claims where replication = failed group by cohort",
    ])
    func noFullScanOfClaims(query: String) throws {
        let plan = try QueryEngine(IndexedPlanTests.knowledgeBase).explain(query).plan
        let scans = plan.filter { IndexedPlanTests.isFullScan($0.trimmingCharacters(in: .whitespaces), ofEntitiesToo: true) }
        #expect(scans.isEmpty, "\(query):\n\(plan.joined(separator: "\n"))")
        #expect(plan.contains { $0.contains("claimAbout") || $0.contains("claimBy") }, "\(query):\n\(plan.joined(separator: "\n"))")
    }
}
