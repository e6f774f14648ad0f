import Foundation
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// The duplicates and leftovers a curator catches by eye (issue 12, item 16): each rule finds its
/// problem in the clean KB of ``AuditRuleTests`` changed in one place, and nothing before.
struct AuditCurationRuleTests {
    static let cases: [(rule: String, change: String, subject: String)] = [
        // The same work from a file without its DOI and with its author spelt differently.
        ("source.duplicate-without-doi", """
            INSERT INTO source (slug, type, title, titleKey, issuedYear) SELECT 'smith2020-nodoi', type, title, titleKey, issuedYear FROM source;
            INSERT INTO contributor (sourceId, role, position, literal, nameKey) SELECT id, 'author', 0, 'A. Smith et al.', 'a smith et al' FROM source WHERE slug = 'smith2020-nodoi'
            """, "smith2020-nodoi"),
        // An @incollection whose booktitle is its own title, next to the @book.
        ("source.book-and-chapter", """
            UPDATE source SET type = 'book';
            INSERT INTO source (slug, type, title, titleKey, containerTitle, issuedYear) SELECT 'smith2020-chapter', 'chapter', title, titleKey, title, issuedYear FROM source
            """, "smith2020-chapter"),
        ("source.withdrawn-title", "UPDATE source SET title = 'WITHDRAWN: Wages and skills'", "smith2020wages"),
        ("source.stray-brace", "UPDATE contributor SET family = 'Smith}'", "smith2020wages"),
        ("text.html-entity", "UPDATE claim SET statement = 'SQL raised analysts&#x2019; wages by 12%.'", "smith2020-uplift"),
        // The same result extracted by another dataset: same source and cohort, and this claim's
        // n (1,200) and count (12% of 1,200 = 144) are written in the other claim.
        ("claim.cross-dataset-duplicate", """
            INSERT INTO entity (kind, slug, name) VALUES ('cohort', 'older', 'Older workers');
            UPDATE claim SET originFile = '/data/extraction.csv';
            INSERT INTO claim (slug, statement, sourceId, originFile) SELECT 'register-row', 'Trained analysts: 144 raises from 1200 applications', id, '/data/register.csv' FROM source;
            INSERT INTO claimAbout (entityId, claimId) SELECT e.id, c.id FROM entity e, claim c WHERE e.slug = 'older'
            """, "smith2020-uplift"),
    ]

    @Test(arguments: cases.map(\.rule))
    func ruleFindsItsProblemAndNothingElse(rule: String) throws {
        let example = try #require(Self.cases.first { $0.rule == rule })
        #expect(try AuditRuleTests.findings(try AuditRuleTests.knowledgeBase(), rule).isEmpty)
        let changed = try AuditRuleTests.knowledgeBase(example.change)
        let found = try AuditRuleTests.findings(changed, rule)
        #expect(found.map(\.subject) == [example.subject], "\(rule): \(found.map(\.subject))")
        #expect(found.allSatisfy { $0.rule == rule && !$0.fix.isEmpty && $0.evidence?.isEmpty == false })
    }

    @Test func theOldDuplicateRuleMissedTheseAndTheNewOnesDoNotRepeatIt() throws {
        for example in Self.cases where example.rule.hasPrefix("source.duplicate") || example.rule == "source.book-and-chapter" {
            let changed = try AuditRuleTests.knowledgeBase(example.change)
            #expect(try AuditRuleTests.findings(changed, "source.duplicate").isEmpty, "\(example.rule)")
        }
        // A chapter and its book are not also "the same title without a DOI".
        let book = try AuditRuleTests.knowledgeBase(Self.cases[1].change)
        #expect(try AuditRuleTests.findings(book, "source.duplicate-without-doi").isEmpty)
    }

    @Test func differentDOIsAreDifferentWorksAndAnotherCohortIsAnotherTest() throws {
        let chapter = try AuditRuleTests.knowledgeBase(Self.cases[1].change + "; UPDATE source SET doi = '10.1234/chapter' WHERE slug = 'smith2020-chapter'")
        #expect(try AuditRuleTests.findings(chapter, "source.book-and-chapter").isEmpty)
        let otherCohort = try AuditRuleTests.knowledgeBase(Self.cases[5].change + """
            ; INSERT INTO entity (kind, slug, name) VALUES ('cohort', 'younger', 'Younger');
            DELETE FROM claimAbout WHERE claimId = (SELECT id FROM claim WHERE slug = 'register-row');
            INSERT INTO claimAbout (entityId, claimId) SELECT e.id, c.id FROM entity e, claim c WHERE e.slug = 'younger' AND c.slug = 'register-row'
            """)
        #expect(try AuditRuleTests.findings(otherCohort, "claim.cross-dataset-duplicate").isEmpty)
        let sameFile = try AuditRuleTests.knowledgeBase(Self.cases[5].change + "; UPDATE claim SET originFile = '/data/register.csv'")
        #expect(try AuditRuleTests.findings(sameFile, "claim.cross-dataset-duplicate").isEmpty)
    }

    @Test func theEvidenceNamesTheOtherRecord() throws {
        let duplicate = try AuditRuleTests.findings(try AuditRuleTests.knowledgeBase(Self.cases[0].change), "source.duplicate-without-doi")
        #expect(duplicate.first?.evidence == "smith2020wages (10.1234/wages.2020)")
        let withdrawn = try AuditRuleTests.findings(try AuditRuleTests.knowledgeBase(Self.cases[2].change), "source.withdrawn-title")
        #expect(withdrawn.first?.message == "its title says the work was withdrawn or retracted: 'WITHDRAWN', kb has no retraction notice for it")
        let claim = try AuditRuleTests.findings(try AuditRuleTests.knowledgeBase(Self.cases[5].change), "claim.cross-dataset-duplicate")
        #expect(claim.first?.evidence == "n = 1200, 144 written in register-row (register.csv)")
        let brace = try AuditRuleTests.findings(try AuditRuleTests.knowledgeBase(Self.cases[3].change), "source.stray-brace")
        #expect(brace.first?.evidence == "author 1: Smith}, Ana")
    }
}
