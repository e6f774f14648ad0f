import Foundation
import GRDB
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// A test per rule: a small KB with nothing wrong, and the same KB with one change that makes
/// exactly that problem.
struct AuditRuleTests {
    /// Nothing in it is a problem: every rule finds nothing.
    static let clean = [
        "a.yaml": """
            roles:
              - {id: analyst, name: Analyst, uses: [sql]}
            skills:
              - {id: sql, name: SQL, aliases: [structured query language]}
            boundaries:
              - {id: regulator, name: Regulator, translates-to: [{boundary: employer, note: "narrower in practice"}]}
              - {id: employer, name: Employer}
            """,
        "b.yaml": """
            sources:
              - id: smith2020wages
                type: article-journal
                title: Wages and skills
                authors: [{family: Smith, given: Ana}]
                container-title: Journal of Labour
                issued: 2020
                doi: 10.1234/wages.2020
                url: https://example.org/wages
                studies:
                  - {id: smith2020wages-rct, design: rct, n: 1200, preregistered: "yes"}
            """,
        "c.yaml": """
            claims:
              - id: smith2020-uplift
                statement: SQL raised analysts' wages by 12%.
                source: smith2020wages
                study: smith2020wages-rct
                quote: "wages rose by 12% for those who learnt SQL"
                metric: wage change
                value: 12
                unit: percent
                replication: replicated
                about: [role:analyst]
            """,
        "d.yaml": """
            notes:
              - {id: method, kind: methodology, text: "Wages were measured two years after training."}
            """,
    ]

    static func knowledgeBase(_ change: String? = nil) throws -> KnowledgeBase {
        let knowledgeBase = try makeKnowledgeBase(clean)
        if let change {
            try knowledgeBase.writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                try db.execute(sql: change)
                try db.execute(sql: "PRAGMA foreign_keys = ON")
            }
        }
        return knowledgeBase
    }

    static func findings(_ knowledgeBase: KnowledgeBase, _ rule: String) throws -> [AuditFinding] {
        try Auditor(knowledgeBase).report(rules: Auditor.rules(named: [rule])).findings
    }

    @Test func theCleanKBHasNoFindings() throws {
        let report = try Auditor(try Self.knowledgeBase()).report()
        #expect(report.findings.isEmpty, "\(report.findings.map { "\($0.rule) \($0.subject)" })")
    }

    static let cases: [(rule: String, change: String, subject: String)] = [
        ("source.missing-title", "UPDATE source SET title = NULL", "smith2020wages"),
        ("source.missing-author", "DELETE FROM contributor", "smith2020wages"),
        ("source.missing-year", "UPDATE source SET issuedYear = NULL", "smith2020wages"),
        ("source.missing-locator", "UPDATE source SET doi = NULL, url = NULL", "smith2020wages"),
        ("source.missing-doi", "UPDATE source SET doi = NULL", "smith2020wages"),
        ("source.invalid-doi", "UPDATE source SET doi = 'wages.2020'", "smith2020wages"),
        ("source.doi-as-written", #"UPDATE source SET extra = '{"kb-doi-as-written": "10.1234/wages.2020 "}'"#, "smith2020wages"),
        ("source.duplicate-key", #"UPDATE source SET extra = '{"kb-duplicate-key": "''Smith_2020'' names 2 entries of a.bib (lines 1, 9)"}'"#, "smith2020wages"),
        ("source.duplicate", """
            INSERT INTO source (slug, type, title, titleKey, issuedYear, doi) SELECT 'copy', type, title, titleKey, issuedYear, doi FROM source
            """, "copy"),
        ("source.uncited", "INSERT INTO source (slug, title, issuedYear, doi) VALUES ('lonely', 'Lonely', 2021, '10.1234/lonely')", "lonely"),
        ("source.suspicious-year", "UPDATE source SET issuedYear = 3020", "smith2020wages"),
        ("study.missing-n", "UPDATE study SET n = NULL", "smith2020wages-rct"),
        ("study.missing-design", "UPDATE study SET design = NULL", "smith2020wages-rct"),
        ("study.unknown-preregistration", "UPDATE study SET preregistered = 'unknown'", "smith2020wages-rct"),
        ("study.nonpositive-n", "UPDATE study SET n = 0", "smith2020wages-rct"),
        ("claim.unsourced", "UPDATE claim SET studyId = NULL, sourceId = NULL", "smith2020-uplift"),
        ("claim.unknown-replication", "UPDATE claim SET replication = 'unknown'", "smith2020-uplift"),
        ("claim.failed-replication", "UPDATE claim SET replication = 'failed'", "smith2020-uplift"),
        ("claim.retracted-source", "INSERT INTO notice (sourceId, kind, date) SELECT id, 'retraction', '2022-01-01' FROM source", "smith2020-uplift"),
        ("claim.number-not-in-quote", "UPDATE claim SET value = 21", "smith2020-uplift"),
        ("text.placeholder-number", "UPDATE claim SET quote = 'wages rose by % for those who learnt SQL', value = NULL", "smith2020-uplift"),
        ("taxonomy.dangling-edge", "INSERT INTO edge (fromId, kind, toId) SELECT id, 'uses', 9999 FROM entity WHERE slug = 'analyst'",
         "role:analyst -uses-> #9999"),
        ("taxonomy.contradictory-edge", "INSERT INTO edge (fromId, kind, toId) SELECT s.id, 'uses', r.id FROM entity s, entity r WHERE s.slug = 'sql' AND r.slug = 'analyst'",
         "skill:sql -uses-> role:analyst"),
        ("taxonomy.alias-collision", "INSERT INTO alias (key, entityId, alias) SELECT 'sql', id, 'SQL' FROM entity WHERE slug = 'analyst'; INSERT INTO entity (kind, slug, name) VALUES ('skill', 'sequel', 'Sequel'); INSERT INTO alias (key, entityId, alias) SELECT 'sql', id, 'SQL' FROM entity WHERE slug = 'sequel'",
         "skill:sequel"),
        ("taxonomy.translation-without-note", "UPDATE edge SET note = NULL WHERE kind = 'translates-to'", "boundary:regulator -translates-to-> boundary:employer"),
    ]

    @Test(arguments: cases.map(\.rule))
    func ruleFindsItsProblemAndNothingElse(rule: String) throws {
        let example = try #require(Self.cases.first { $0.rule == rule })
        #expect(try Self.findings(try Self.knowledgeBase(), rule).isEmpty)
        let found = try Self.findings(try Self.knowledgeBase(example.change), rule)
        #expect(found.map(\.subject).contains(example.subject), "\(rule): \(found.map(\.subject))")
        #expect(found.allSatisfy { $0.rule == rule && !$0.fix.isEmpty })
    }

    @Test func everyRuleHasATest() {
        #expect(Set(Self.cases.map(\.rule) + AuditCurationRuleTests.cases.map(\.rule) + AuditIdentityRuleTests.cases.map(\.rule)) == Set(Auditor.catalogue.map(\.id)))
    }

    @Test func aCaveatInTheNoteSilencesAFailedReplication() throws {
        let noted = try Self.knowledgeBase("UPDATE claim SET replication = 'failed', note = 'Failed to replicate in Jones (2022).'")
        #expect(try Self.findings(noted, "claim.failed-replication").isEmpty)
        let unrelated = try Self.knowledgeBase("UPDATE claim SET replication = 'failed', note = 'Measured in 2019.'")
        #expect(try Self.findings(unrelated, "claim.failed-replication").count == 1)
    }

    @Test func unknownRuleNamesSuggestTheNearest() {
        #expect(throws: KBError.notFound(what: "audit rule", name: "study.missing-m", suggestions: ["study.missing-n"])) {
            try Auditor.rules(named: ["study.missing-m"])
        }
        #expect((try? Auditor.rules(named: ["taxonomy."]).count) == 4)
    }

    @Test func aQueryLimitsTheAuditToItsClaimsAndWhatIsBehindThem() throws {
        let knowledgeBase = try Self.knowledgeBase("""
            UPDATE study SET n = NULL;
            INSERT INTO source (slug, title, issuedYear) VALUES ('other', 'Other', 2021);
            INSERT INTO claim (slug, statement, sourceId) SELECT 'other-claim', 'Something else', id FROM source WHERE slug = 'other'
            """)
        let scoped = try Auditor(knowledgeBase).report(query: "claims for analyst")
        #expect(Set(scoped.findings.map(\.subject)) == ["smith2020wages-rct"])
        let everything = try Auditor(knowledgeBase).report()
        #expect(everything.findings.contains { $0.subject == "other" })
    }
}

/// `missing FIELD` in the query language and the rule that shares its definition select the same
/// subjects, on the seed KB with generated sources (missing titles, authors, years, DOIs) added.
struct AuditAgreesWithMissingTests {
    static let knowledgeBase: KnowledgeBase = {
        do {
            let knowledgeBase = try KnowledgeBase.seeded()
            var generator = SourceGenerator(seed: 7)
            var dataset = Dataset()
            dataset.sources = generator.sources(80)
            // A study with nothing known about it, and one fully described.
            dataset.studies = [Study(slug: "gen3-study", sourceSlug: "gen3"),
                               Study(slug: "gen4-study", sourceSlug: "gen4", design: .survey, n: 300, preregistered: .no)]
            _ = try knowledgeBase.load(dataset, command: "test", files: [])
            return knowledgeBase
        } catch {
            fatalError("\(error)")
        }
    }()

    @Test(arguments: Auditor.catalogue.filter { $0.sameAs != nil }.map(\.id))
    func ruleAndQueryAgree(rule id: String) throws {
        let rule = try #require(Auditor.catalogue.first { $0.id == id })
        let query = try #require(rule.sameAs)
        let findings = try Auditor(Self.knowledgeBase).report(rules: [rule]).findings
        let engine = QueryEngine(Self.knowledgeBase)
        let outcome = try engine.run(query, profile: nil, limit: 100_000)
        let expected: Set<String>
        switch outcome.rows {
        case let .claims(rows): expected = Set(rows.map(\.claim.slug))
        case let .sources(rows): expected = Set(rows.map(\.source.slug))
        case .citations: expected = []
        }
        var found = Set(findings.map(\.subject))
        if rule.subject == .study {
            // A study rule flags studies; the query lists the sources behind them.
            found = try Self.knowledgeBase.reader.read { db in
                Set(try String.fetchAll(db, sql: "SELECT DISTINCT s.slug FROM study st JOIN source s ON s.id = st.sourceId WHERE st.slug IN (SELECT value FROM json_each(?))",
                                        arguments: [String(decoding: try JSONSerialization.data(withJSONObject: Array(found)), as: UTF8.self)]))
            }
        }
        #expect(!found.isEmpty, "\(id) should find something in this KB")
        #expect(found == expected, "\(id): rule only \(found.subtracting(expected)), query only \(expected.subtracting(found))")
    }
}
