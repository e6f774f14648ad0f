import Foundation
import Testing
@testable import KBCore

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

/// The scanners behind `text.html-entity` and `source.withdrawn-title`.
struct CurationScannerTests {
    @Test func entitiesAreFoundButAmpersandsAndURLsAreNot() {
        #expect(CurationScanner.entities(in: "Smith &amp; Jones") == "'&amp;' in 'Smith &amp; Jones'")
        #expect(CurationScanner.entities(in: "it&#x2019;s and &#233;t&#233;")?.components(separatedBy: "  |  ").count == 3)
        #expect(CurationScanner.entities(in: "&amp;amp;")?.hasPrefix("'&amp;'") == true)
        for plain in ["Smith & Jones", "https://x.org/?a=1&b=2;c", "R&D", "&#;", "&#xZZ;", "& ;", "AT&T"] {
            #expect(CurationScanner.entities(in: plain) == nil, "\(plain)")
        }
    }

    @Test func withdrawnMarkersButNotTitlesAboutWithdrawal() {
        let marked = ["WITHDRAWN: Effects of pay", "RETRACTED: Sense Creative!", "Retracted: Super Size Me", "[Retracted] A study",
                      "Withdrawn", "Notice of Retraction: Hiring bias", "Hiring bias (retracted article)", "Retraction notice to: X",
                      "Retracted article: Hiring bias"]
        for title in marked { #expect(CurationScanner.withdrawnMarker(in: title) != nil, "\(title)") }
        #expect(CurationScanner.withdrawnMarker(in: "RETRACTED: Sense Creative!") == "RETRACTED")
        let plain = ["Withdrawal from the labour market", "Withdrawn workers and their wages", "Retraction of labour supply",
                     "Why firms retract offers", "Retractions in economics: a survey"]
        for title in plain { #expect(CurationScanner.withdrawnMarker(in: title) == nil, "\(title)") }
    }
}

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

/// `--write-baseline` / `--baseline`: accepted findings stay accepted across runs and re-imports;
/// only new ones are reported.
struct AuditBaselineTests {
    /// A KB with two known problems, built from scratch each time (new row ids, as a re-import).
    static func knowledgeBase(extra: String = "") throws -> KnowledgeBase {
        try AuditRuleTests.knowledgeBase("UPDATE study SET design = NULL; UPDATE source SET title = 'Wages &amp; skills'" + extra)
    }

    @Test func acceptedFindingsStayAcceptedAndNewOnesAreReported() throws {
        let first = try Auditor(try Self.knowledgeBase()).report().findings
        #expect(Set(first.map(\.rule)) == ["study.missing-design", "text.html-entity"])
        let text = AuditBaseline.file(for: first)
        var baseline = try AuditBaseline(parsing: text, file: "baseline.txt")
        let again = try Auditor(try Self.knowledgeBase(extra: "; UPDATE study SET n = 0; UPDATE source SET originLine = 99")).report().findings
        let new = again.filter { baseline.admits($0) }
        #expect(new.map(\.rule) == ["study.nonpositive-n"])
        #expect(baseline.unmet(among: Auditor.catalogue) == 0)
    }

    @Test func aChangedEvidenceIsANewFinding() throws {
        var baseline = try AuditBaseline(parsing: AuditBaseline.file(for: try Auditor(try Self.knowledgeBase()).report().findings), file: "b")
        let changed = try Auditor(try AuditRuleTests.knowledgeBase("UPDATE study SET design = NULL; UPDATE source SET title = 'Wages &amp;amp; skills'")).report().findings
        #expect(changed.filter { baseline.admits($0) }.map(\.rule) == ["text.html-entity"])
        #expect(baseline.unmet(among: Auditor.catalogue) == 1)
        #expect(baseline.unmet(among: try Auditor.rules(named: ["study."])) == 0)
    }

    @Test func theFileIsSortedTextKeyedByRuleSubjectAndFingerprint() throws {
        let findings = try Auditor(try Self.knowledgeBase()).report().findings
        let lines = AuditBaseline.file(for: findings).split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
        #expect(lines.count == 2)
        #expect(lines.first == "study.missing-design\tstudy\tsmith2020wages-rct\t-")
        #expect(lines.last?.hasPrefix("text.html-entity\tsource\tsmith2020wages\t") == true)
        #expect(lines == lines.sorted())
    }

    @Test func fingerprintsIgnoreWhereTheFileLiesAndSpacing() {
        #expect(AuditBaseline.fingerprint("'k' names 2 entries of /home/a/refs.bib") == AuditBaseline.fingerprint("'k'  names 2 entries of ./refs.bib"))
        #expect(AuditBaseline.fingerprint("a") != AuditBaseline.fingerprint("b"))
        #expect(AuditBaseline.fingerprint(nil) == "-")
    }

    @Test func aMalformedLineIsAnErrorWithItsPosition() {
        #expect(throws: KBError.invalidInput("b.txt:3:1: an audit baseline line has 4 tab-separated fields (rule, subject kind, subject id, fingerprint); this one has 2")) {
            try AuditBaseline(parsing: "# header\n\nrule\tsubject\n", file: "b.txt")
        }
        #expect(throws: KBError.invalidInput("b.txt:1:8: 'thing' is not a subject kind (source, study, claim, entity, edge, alias, note)")) {
            try AuditBaseline(parsing: "a.rule\tthing\tx\t-\n", file: "b.txt")
        }
    }
}
