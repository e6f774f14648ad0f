import Foundation
import GRDB
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// The audit of a few records (after a curation write, or under a query) runs each rule's
/// scoped SQL, which looks the records up by row id instead of reading whole tables (issue 14:
/// an edit on a million-claim KB spent 50 s in the audit). Scoped, a rule must find exactly what
/// the whole-KB audit finds about those records: checked for every record of every rule's
/// example KB, one record at a time.
struct AuditScopedRuleTests {
    static let changes: [(rule: String, change: String)] =
        AuditRuleTests.cases.map { ($0.rule, $0.change) } + AuditCurationRuleTests.cases.map { ($0.rule, $0.change) }
        + AuditIdentityRuleTests.cases.map { ($0.rule, $0.change) }

    /// A finding as compared: everything the analyst sees of it.
    static func key(_ finding: AuditFinding) -> String {
        "\(finding.rule) \(finding.subjectKind.rawValue) \(finding.subject) | \(finding.message) | \(finding.evidence ?? "-")"
    }

    @Test(arguments: Array(changes.indices))
    func aRuleScopedToOneRecordFindsWhatTheWholeAuditFindsAboutIt(index: Int) throws {
        let example = Self.changes[index]
        let knowledgeBase = try AuditRuleTests.knowledgeBase(example.change)
        let all = try Auditor(knowledgeBase).report().findings
        #expect(all.contains { $0.rule == example.rule }, "\(example.rule): the example finds nothing")
        let whole = all.filter { AuditScope.scopable.contains($0.subjectKind) }
        try knowledgeBase.writer.write { db in
            for (kind, table) in [(AuditSubject.claim, "claim"), (.study, "study"), (.source, "source")] {
                for row in try Row.fetchAll(db, sql: "SELECT id, slug FROM \(table)") {
                    let id: Int64 = row["id"], slug: String = row["slug"]
                    let scoped = try Auditor.findings(claims: kind == .claim ? [id] : [], studies: kind == .study ? [id] : [],
                                                      sources: kind == .source ? [id] : [], in: db)
                    let expected = whole.filter { $0.subjectKind == kind && $0.subject == slug }
                    #expect(scoped.map(Self.key).sorted() == expected.map(Self.key).sorted(), "\(example.rule): \(kind) \(slug)")
                }
            }
        }
    }

    /// Every rule whose whole-KB SQL reads whole tables has a scoped form, and the scoped form
    /// is used: the scoped statement never holds the unscoped SQL of a rule that has one.
    @Test func theScopedStatementUsesTheScopedSQL() {
        let rules = Auditor.catalogue.filter { $0.scopedSQL != nil }
        #expect(Set(rules.map(\.id)) == ["source.duplicate", "source.duplicate-without-doi", "source.stray-brace",
                                          "source.likely-duplicate", "source.untitled-same-author-year", "source.key-reused",
                                          "claim.superseded-row", "claim.same-replication", "claim.cross-dataset-duplicate",
                                          "text.placeholder-number", "text.html-entity"])
        let scoped = Auditor.statement(for: rules, scoped: true)
        let whole = Auditor.statement(for: rules, scoped: false)
        for rule in rules {
            #expect(rule.scopedSQL != rule.sql)
            #expect(rule.scopedSQL.map { scoped.contains($0) } == true, "\(rule.id)")
            #expect(!scoped.contains(rule.sql), "\(rule.id)")
            #expect(whole.contains(rule.sql) && rule.scopedSQL.map { !whole.contains($0) } == true, "\(rule.id)")
            #expect(rule.scopedSQL?.contains("temp.audit") == true, "\(rule.id)")
        }
    }
}
