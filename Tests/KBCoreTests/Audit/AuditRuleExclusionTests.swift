import Foundation
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// `--rule '!ID'` and `--rule '!PREFIX.'`: everything but those.
struct AuditRuleExclusionTests {
    @Test func anExclusionRunsEveryOtherRule() throws {
        let rules = try Auditor.rules(named: ["!study.missing-design"]).map(\.id)
        #expect(rules == Auditor.catalogue.map(\.id).filter { $0 != "study.missing-design" })
        let noTaxonomy = try Auditor.rules(named: ["!taxonomy."]).map(\.id)
        #expect(noTaxonomy == Auditor.catalogue.map(\.id).filter { !$0.hasPrefix("taxonomy.") })
    }

    @Test func anExclusionNarrowsAnInclusion() throws {
        // An id excludes that rule only (not source.duplicate-key); a prefix ends in '.'.
        let rules = try Auditor.rules(named: ["source.", "!source.uncited", "!source.duplicate"]).map(\.id)
        #expect(rules == Auditor.catalogue.map(\.id).filter { $0.hasPrefix("source.") && $0 != "source.uncited" && $0 != "source.duplicate" })
        #expect(rules.contains("source.duplicate-key"))
    }

    @Test func anUnknownExclusionSuggestsTheNearest() {
        for (name, nearest) in [("!study.missing-desing", "!study.missing-design"), ("!taxonomy", "!taxonomy.")] {
            do {
                _ = try Auditor.rules(named: [name])
                Issue.record("\(name) should be an error")
            } catch let KBError.notFound(what, found, suggestions) {
                #expect(what == "audit rule" && found == name)
                #expect(suggestions.first == nearest, "\(suggestions)")
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    @Test func anExcludedRuleFindsNothing() throws {
        let knowledgeBase = try AuditRuleTests.knowledgeBase("UPDATE study SET design = NULL, n = NULL")
        let rules = try Auditor.rules(named: ["!study.missing-design"])
        let found = try Auditor(knowledgeBase).report(rules: rules).findings.map(\.rule)
        #expect(found == ["study.missing-n"])
    }
}
