import Foundation
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

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
