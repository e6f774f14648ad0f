import Foundation
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// What the analyst's trial KB (all shared data in one KB) showed the audit still missed: one
/// work or one result recorded twice in ways no exact match finds. Each rule finds its case in
/// the clean KB of ``AuditRuleTests`` changed in one place, and nothing before.
struct AuditIdentityRuleTests {
    /// A second source by the same first author in the same year.
    static func source(_ slug: String, title: String?, family: String = "Smith", extra: String = "") -> String {
        let key = title.map { "'" + $0.lowercased().replacingOccurrences(of: ":", with: "") + "'" } ?? "NULL"
        return """
            INSERT INTO source (slug, type, title, titleKey, issuedYear\(extra.isEmpty ? "" : ", " + extra.split(separator: "=")[0]))
                VALUES ('\(slug)', 'article-journal', \(title.map { "'\($0)'" } ?? "NULL"), \(key), 2020\(extra.isEmpty ? "" : ", " + extra.split(separator: "=")[1]));
            INSERT INTO contributor (sourceId, role, position, family, nameKey) SELECT id, 'author', 0, '\(family)', '\(Slug.fold(family))' FROM source WHERE slug = '\(slug)'
            """
    }

    static let cases: [(rule: String, change: String, subjects: [String])] = [
        // FReD's shortened title next to RPP's full one (Vul 2008: "Measuring the Crowd Within").
        ("source.likely-duplicate", source("smith2020wagesb", title: "Wages and skills: evidence from training"), ["smith2020wages", "smith2020wagesb"]),
        // Lahey (2008) in the Hausladen data and in the register, neither with a title.
        ("source.untitled-same-author-year", source("smith2020", title: nil), ["smith2020"]),
        // references.bib's smith2020 imported, then corrected (a new title) and imported again.
        ("source.key-reused", source("smith2020hiring", title: "Hiring and skills") + """
            ;
            INSERT INTO sourceKey (file, key, sourceId) SELECT 'references.bib', 'smith2020', id FROM source WHERE slug IN ('smith2020wages', 'smith2020hiring')
            """, ["smith2020hiring"]),
        // A register row edited (a new n) and imported again: the old claim stays.
        ("claim.superseded-row", """
            UPDATE claim SET originFile = '/data/register.csv', originLine = 7;
            INSERT INTO claim (slug, statement, sourceId, originFile, originLine) SELECT 'register-7', 'Wages rose by 13%', id, '/data/register.csv', 7 FROM source
            """, ["smith2020-uplift"]),
        // RPP and FReD both enter the original finding, both replicated by OSC (2015).
        ("claim.same-replication", """
            INSERT INTO source (slug, title, issuedYear, doi) VALUES ('osc2015', 'Estimating the reproducibility', 2015, '10.1126/science.aac4716');
            UPDATE claim SET originFile = '/data/rpp_data.csv';
            INSERT INTO claim (slug, statement, sourceId, originFile) SELECT 'fred-1', 'Wages rose', id, '/data/fred_effects.csv' FROM source WHERE slug = 'smith2020wages';
            INSERT INTO claimReplication (claimId, sourceId, outcome) SELECT c.id, s.id, 'replicated' FROM claim c, source s WHERE s.slug = 'osc2015'
            """, ["fred-1", "smith2020-uplift"]),
        ("text.markup", "UPDATE source SET title = 'Wages and <i>SQL</i> skills'", ["smith2020wages"]),
    ]

    static func subjects(_ change: String, _ rule: String) throws -> [String] {
        try AuditRuleTests.findings(try AuditRuleTests.knowledgeBase(change), rule).map(\.subject)
    }

    @Test(arguments: cases.map(\.rule))
    func ruleFindsItsProblemAndNothingElse(rule: String) throws {
        let example = try #require(Self.cases.first { $0.rule == rule })
        #expect(try AuditRuleTests.findings(try AuditRuleTests.knowledgeBase(), rule).isEmpty)
        let found = try AuditRuleTests.findings(try AuditRuleTests.knowledgeBase(example.change), rule)
        #expect(found.map(\.subject) == example.subjects, "\(rule): \(found.map(\.subject))")
        #expect(found.allSatisfy { $0.rule == rule && !$0.fix.isEmpty && $0.evidence?.isEmpty == false })
    }

    @Test func theEvidenceNamesTheOtherRecord() throws {
        let knowledgeBase = { (index: Int) in try AuditRuleTests.knowledgeBase(Self.cases[index].change) }
        let likely = try AuditRuleTests.findings(try knowledgeBase(0), "source.likely-duplicate")
        #expect(likely.first?.evidence == "smith2020wagesb")
        #expect(likely.first?.message == "likely the same work as another source: same first author and year, one title the start of the other")
        let key = try AuditRuleTests.findings(try knowledgeBase(2), "source.key-reused")
        #expect(key.first?.evidence == "references.bib's key smith2020 names smith2020wages and smith2020hiring")
        let row = try AuditRuleTests.findings(try knowledgeBase(3), "claim.superseded-row")
        #expect(row.first?.evidence == "register.csv:7 imported again as register-7")
        let replication = try AuditRuleTests.findings(try knowledgeBase(4), "claim.same-replication")
        #expect(replication.first?.evidence == "smith2020-uplift (rpp_data.csv), both replicated by osc2015")
        let markup = try AuditRuleTests.findings(try knowledgeBase(5), "text.markup")
        #expect(markup.first?.message == "HTML markup in the title: <i>")
    }

    /// Djärv (2018) in FReD's CSV as `Dj{\"a}rv` with `{A}n` in the title, and as `Djärv` in
    /// its BibTeX: other title keys, one journal, volume and pages.
    @Test func theSamePagesOfOneJournalAndALaTeXAuthorAreOneWork() throws {
        let pages = """
            UPDATE source SET volume = '21', page = '367-386';
            \(Self.source("smith2020wagesb", title: "Wages and {S}kills", family: #"Sm{\"i}th"#, extra: "containerTitle, volume, page='Journal of Labour', '21', '367--386'"))
            """
        #expect(try Self.subjects(pages, "source.likely-duplicate") == ["smith2020wages", "smith2020wagesb"])
        let findings = try AuditRuleTests.findings(try AuditRuleTests.knowledgeBase(pages), "source.likely-duplicate")
        #expect(findings.first?.message == "likely the same work as another source: same first author, year, journal, volume and pages")
        // Other pages, or another author, or DOIs that differ: other works.
        #expect(try Self.subjects(pages.replacingOccurrences(of: "'367--386'", with: "'387-400'"), "source.likely-duplicate").isEmpty)
        #expect(try Self.subjects(pages.replacingOccurrences(of: #"Sm{\"i}th"#, with: "Jones"), "source.likely-duplicate").isEmpty)
        #expect(try Self.subjects(Self.cases[0].change + "; UPDATE source SET doi = '10.1234/other' WHERE slug = 'smith2020wagesb'",
                                  "source.likely-duplicate").isEmpty)
        // A one-word title ("Wages") is the start of too many titles to say anything.
        #expect(try Self.subjects(Self.source("smith2020b", title: "Wages"), "source.likely-duplicate").isEmpty)
        // The same title is source.duplicate's, not this rule's.
        #expect(try Self.subjects(Self.source("smith2020b", title: "Wages and skills"), "source.likely-duplicate").isEmpty)
    }

    /// FReD's two 2025 OSF reports titled "Analysis", without authors and with other URLs, were
    /// "the same work"; and `Dj{\"a}rv` was not `Djärv`.
    @Test func theDuplicateRuleNeedsAFirstAuthorAndNoDisagreeingLocator() throws {
        let reports = """
            INSERT INTO source (slug, type, title, titleKey, issuedYear, url) VALUES ('k2025analysis', 'document', 'Analysis', 'analysis', 2025, 'https://osf.io/rzny2');
            INSERT INTO source (slug, type, title, titleKey, issuedYear, url) VALUES ('k2025analysisb', 'document', 'Analysis', 'analysis', 2025, 'https://osf.io/yva89')
            """
        #expect(try Self.subjects(reports, "source.duplicate").isEmpty)
        #expect(try Self.subjects(reports.replacingOccurrences(of: "yva89", with: "rzny2"), "source.duplicate").isEmpty)
        // Neither has a DOI and their URLs differ (with a DOI, the DOI decides).
        let otherURL = "UPDATE source SET doi = NULL; " + Self.source("smith2020b", title: "Wages and skills", extra: "url='https://example.org/other'")
        #expect(try Self.subjects(otherURL, "source.duplicate").isEmpty)
        let noURL = Self.source("smith2020b", title: "Wages and skills", family: #"Sm{\"i}th"#)
        #expect(try Self.subjects(noURL, "source.duplicate") == ["smith2020b", "smith2020wages"])
    }

    @Test func aKeyTheFileUsedTwiceIsTheDuplicateKeyRulesAndAnEditedRowIsNotTwoRows() throws {
        let both = Self.cases[2].change + #"; UPDATE source SET extra = '{"kb-duplicate-key": "''smith2020'' names 2 entries of references.bib (lines 1, 9)"}'"#
        #expect(try Self.subjects(both, "source.key-reused").isEmpty)
        let otherLine = Self.cases[3].change + "; UPDATE claim SET originLine = 8 WHERE slug = 'register-7'"
        #expect(try Self.subjects(otherLine, "claim.superseded-row").isEmpty)
    }

    @Test func anotherReplicationOrTheSameFileIsNotTheSameReplication() throws {
        let other = Self.cases[4].change + """
            ; INSERT INTO source (slug, title, issuedYear) VALUES ('jones2019', 'Another replication', 2019);
            DELETE FROM claimReplication WHERE claimId = (SELECT id FROM claim WHERE slug = 'fred-1');
            INSERT INTO claimReplication (claimId, sourceId, outcome) SELECT c.id, s.id, 'failed' FROM claim c, source s WHERE c.slug = 'fred-1' AND s.slug = 'jones2019'
            """
        #expect(try Self.subjects(other, "claim.same-replication").isEmpty)
        #expect(try Self.subjects(Self.cases[4].change + "; UPDATE claim SET originFile = '/data/rpp_data.csv'", "claim.same-replication").isEmpty)
    }

    @Test func markupIsATagNotAComparison() {
        #expect(CurationScanner.markupTags(in: "A <scp>replication</scp> of <i>X</i> and <i>Y</i>") == "<scp>, <i>")
        #expect(CurationScanner.markupTags(in: "When a < b > c holds") == nil)
        #expect(CurationScanner.markupTags(in: "Effects of x<1 on y") == nil)
    }
}
