import Foundation
import GRDB
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// The review of issue 12's import matching: findings 1–3, 5–8 and 11, each shown to fail
/// without its fix.
struct ImportReviewTests {
    static func input(_ name: String, _ text: String) -> ImportInput {
        ImportInput(name: name, bytes: Array(text.utf8))
    }

    static let twoPages = """
        @misc{a3, title = {Same title}, author = {Roe, Ann}, year = {2024}, url = {https://example.org/one}}
        @misc{a4, title = {Same title}, author = {Roe, Ann}, year = {2024}, url = {https://example.org/two}}
        """
    static let keylessRIS = "TY  - GEN\nTI  - Same title\nAU  - Roe, Ann\nPY  - 2024\nER  - \n"

    // Finding 1: a record that fits two stored works makes its own source once; a re-import
    // finds that one (it matches it exactly), not a new duplicate each time.
    @Test func aKeylessRecordFittingTwoWorksIsAddedOnceAcrossReimports() throws {
        let (knowledgeBase, _) = try importing([Self.input("pages.bib", Self.twoPages)])
        let first = try Importer(knowledgeBase).run([Self.input("roe.ris", Self.keylessRIS)])
        #expect(first.summary.added == 1)
        for _ in 0..<3 {
            let again = try Importer(knowledgeBase).run([Self.input("roe.ris", Self.keylessRIS)])
            #expect(again.summary.added == 0 && again.summary.updated == 0, "\(again.changes)")
        }
        #expect(try count(knowledgeBase, "source WHERE title = 'Same title'") == 3)
    }

    // Finding 2: a KB written before imports decoded entities is brought up to date by
    // migration 7 — titles, keys, names, claims and the search index — so a re-import finds
    // its works again and reports no title conflict.
    @Test func migrationSevenDecodesEntitiesStoredByAnOlderKB() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-import-review-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("kb.sqlite").path
        let bib = """
            @article{j1, title = {Jobs &amp; skills}, author = {M&#252;ller, J&#252;rgen}, year = {2020}, doi = {10.1234/jobs.1}}
            @misc{j2, title = {R&amp;D budgets}, author = {Poe, Al}, year = {2021}, url = {https://example.org/rd}}
            """
        do {
            let knowledgeBase = try KnowledgeBase.open(path: path)
            _ = try Importer(knowledgeBase).run([Self.input("old.bib", bib)])
        }
        // What kb wrote before: the references as written, keys folded from them; migration 7 not run.
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: """
                UPDATE source SET title = 'Jobs &amp; skills', titleKey = 'jobs amp skills' WHERE doi = '10.1234/jobs.1';
                UPDATE source SET title = 'R&amp;amp;D budgets', titleKey = 'r amp amp d budgets' WHERE url = 'https://example.org/rd';
                UPDATE contributor SET family = 'M&#252;ller', nameKey = 'm 252 ller' WHERE family = 'Müller';
                DELETE FROM grdb_migrations WHERE identifier = '0007_decode_entities';
                PRAGMA user_version = 6;
                """)
            try db.execute(sql: "INSERT INTO claim (slug, statement, sourceId) SELECT 'c-jobs', 'Jobs &amp; skills rise', id FROM source WHERE doi = '10.1234/jobs.1'")
        }
        try queue.close()
        let knowledgeBase = try KnowledgeBase.open(path: path)
        let rows = try knowledgeBase.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT title, titleKey FROM source WHERE doi = '10.1234/jobs.1' OR url = 'https://example.org/rd' ORDER BY id")
        }
        #expect(rows.map { $0["title"] as String } == ["Jobs & skills", "R&D budgets"])
        #expect(rows.map { $0["titleKey"] as String } == [TitleKey.make("Jobs & skills"), TitleKey.make("R&D budgets")])
        #expect(try count(knowledgeBase, "contributor WHERE family = 'Müller' AND given = 'Jürgen' AND nameKey = '\(Contributor(family: "Müller", given: "Jürgen").nameKey)'") == 1)
        #expect(try count(knowledgeBase, "claim WHERE statement = 'Jobs & skills rise'") == 1)
        #expect(try count(knowledgeBase, "sourceSearch WHERE sourceSearch MATCH 'amp'") == 0)
        #expect(try count(knowledgeBase, "claimSearch WHERE claimSearch MATCH 'amp'") == 0)
        #expect(try count(knowledgeBase, "sourceSearch WHERE sourceSearch MATCH 'budgets'") == 1)
        // Re-imports: the decoded title finds the stored work; with a DOI, no title conflict.
        let again = try Importer(knowledgeBase).run([Self.input("other.bib", bib)])
        #expect(again.summary.added == 0 && again.summary.updated == 0, "\(again.changes)")
        #expect(again.conflicts.isEmpty, "\(again.conflicts)")
    }

    // Finding 3: "Lindqvist et al." against a complete one-author list is a contradiction. (A
    // made-up work under a made-up name, its DOI under Crossref's test prefix 10.5555.)
    @Test func anEtAlLabelContradictingAShorterCompleteListIsAConflict() throws {
        let knowledgeBase = try KnowledgeBase.seeded()
        _ = try Importer(knowledgeBase).run([Self.input("refs.bib", "@article{b, title = {A fictional field experiment}, author = {Lindqvist, Ada}, year = {2016}, doi = {10.5555/fictional.2016.1}}\n")])
        let register = "study,doi,year,tested_maj,tested_min,country\nLindqvist et al. (2016),10.5555/fictional.2016.1,2016,10,12,DEU\n"
        let report = try Importer(knowledgeBase).run([Self.input("/data/register.csv", register)], options: ImportOptions(mapping: ("register.yaml", WorkMatchingTests.mapping)))
        #expect(report.summary.updated == 0)
        #expect(report.conflicts.contains { $0.contains("authors: Lindqvist, Ada vs Lindqvist et al.") }, "\(report.conflicts)")
        let stored = try #require(try sources(knowledgeBase, where: "doi = '10.5555/fictional.2016.1'").first)
        #expect(stored.authors.map(\.family) == ["Lindqvist"])
        // Two names under "et al." are still fewer than it implies; three are not.
        #expect(!SourceMerge.labelFits([Contributor(family: "Lindqvist")], [Contributor(family: "Lindqvist"), Contributor(family: "Holm")], knownIncomplete: false))
        #expect(SourceMerge.labelFits([Contributor(family: "Lindqvist")], [Contributor(family: "Lindqvist"), Contributor(family: "Holm"), Contributor(family: "Sato")], knownIncomplete: false))
        #expect(SourceMerge.labelFits([Contributor(family: "Lindqvist")], [Contributor(family: "Lindqvist")], knownIncomplete: true))
    }

    // Finding 6: the URL clue finds an address however its scheme, `www.` and trailing slash
    // are written, as the identity comparison already treats them — in memory and through the index.
    @Test func theURLClueFindsAnAddressWrittenAnotherWay() throws {
        let (knowledgeBase, _) = try importing([Self.input("web.bib", "@misc{w1, title = {Open data}, year = {2020}, url = {http://osf.io/abc/}}\n")])
        let report = try Importer(knowledgeBase).run([Self.input("web.ris", "TY  - GEN\nTI  - Open data\nPY  - 2020\nUR  - https://www.osf.io/abc\nER  - \n")])
        #expect(report.summary.added == 0)
        #expect(report.matchedExisting == 1)
        let counts = try knowledgeBase.reader.read { db in
            let indexed = IndexedSources(db: db)
            return [try indexed.ids(comparableURL: "osf.io/abc").count, try indexed.ids(comparableURL: "osf.io/ab").count,
                    try PreloadedSources(db: db).ids(comparableURL: "osf.io/abc").count]
        }
        #expect(counts == [1, 0, 1])
    }

    // Finding 7: a record only its (file, key) identifies, whose stored work an earlier record
    // of the same import already pulled in, is that work — not a new one.
    @Test func theKeyClueFindsAWorkAnEarlierRecordOfTheImportHolds() throws {
        let (knowledgeBase, _) = try importing([Self.input("refs.bib", "@article{k1, title = {Alpha}, year = {2020}, doi = {10.1234/alpha}}\n")])
        let report = try Importer(knowledgeBase).run([
            Self.input("other.bib", "@article{z, title = {Alpha}, year = {2020}, doi = {10.1234/alpha}}\n"),
            Self.input("refs.bib", "@article{k1, title = {Alpha}, year = {2020}}\n"),
        ])
        #expect(report.summary.added == 0)
        #expect(try count(knowledgeBase, "source WHERE title = 'Alpha'") == 1)
    }

    // Finding 8: FReD's two "Analysis" (2025) reports as keyless RIS, then again.
    @Test func keylessTitleAndYearWithoutAuthorsStayApartAndReimportUnchanged() throws {
        let ris = """
            TY  - RPRT
            TI  - Analysis
            PY  - 2025
            UR  - https://osf.io/abcde
            ER  - 
            TY  - RPRT
            TI  - Analysis
            PY  - 2025
            UR  - https://osf.io/vwxyz
            ER  - 

            """
        let (knowledgeBase, report) = try importing([Self.input("fred.ris", ris)])
        #expect(report.merges.isEmpty)
        #expect(try sources(knowledgeBase, where: "title = 'Analysis'").map(\.url) == ["https://osf.io/abcde", "https://osf.io/vwxyz"])
        let again = try Importer(knowledgeBase).run([Self.input("fred.ris", ris)])
        #expect(again.summary.added == 0 && again.summary.updated == 0, "\(again.changes)")
        #expect(try count(knowledgeBase, "source WHERE title = 'Analysis'") == 2)
    }

    // Finding 8: a numeric column is checked only on rows where a field reading it applies.
    @Test func aNumberCheckSkipsCellsOnlyASwitchedOffFieldReads() throws {
        let counted = "  counted:\n    source: primary\n    when: country != 'CAN'\n    id: \"n-{row}\"\n    n: \"= tested_maj + tested_min\"\nclaims:"
        let mapping = WorkMatchingTests.mapping.replacingOccurrences(of: "    n: \"= tested_maj + tested_min\"\n", with: "")
            .replacingOccurrences(of: "claims:", with: counted)
        #expect(mapping.contains("when: country != 'CAN'"))
        let csv = """
            study,doi,year,tested_maj,tested_min,country
            Riach (2015),10.1234/r,2015,12o,30,USA
            Other (2018),10.1234/other,2018,see text,2,CAN

            """
        let (_, report) = try importing([Self.input("/data/register.csv", csv)], options: ImportOptions(mapping: ("register.yaml", mapping)))
        let notANumber = report.warnings.filter { $0.id == "mapping.not-a-number" }
        #expect(notANumber.map(\.location.line) == [2], "\(notANumber.map(\.message))")
    }

    // Finding 11: with a DOI, FReD's per-effect report URL is kept in the claim's note.
    @Test func fredKeepsThePerEffectReportURLInTheClaimNote() throws {
        let yaml = try Fixtures.text("mappings/fred-replications.yaml")
        let line = try #require(yaml.split(separator: "\n").first { $0.contains("note: \"{= concat('FReD '") })
        let root = try #require(try YAMLDocument(file: "note.yaml", text: String(line).trimmed).root)
        let spec = try ValueSpec.parse(try root.mapping(allowed: ["note"]).required("note"))
        func note(_ cells: [String: String]) throws -> String? {
            try spec.evaluate({ cells[$0].map(MappingValue.text) ?? .null }, unmapped: { _ in }, defaulted: { _, _ in }).text
        }
        let base = ["fred_id": "42", "reported_success_quote_source": "the paper"]
        #expect(try note(base.merging(["doi_r": "10.1126/x", "url_r": "https://osf.io/effect7"]) { $1 })
                == "FReD 42; replication verdict quoted from: the paper; replication report of this effect: https://osf.io/effect7")
        #expect(try note(base.merging(["url_r": "https://osf.io/work"]) { $1 }) == "FReD 42; replication verdict quoted from: the paper")
    }
}

/// The analyst trial: a mapping's `id:` for a work the KB already holds under another id (the
/// RP:P mapping's `osc2015estimating`, stored as `k2015estimating` by FReD's file) stays a way
/// to name that work: `source=ID` and `replicated-by=ID` find it.
struct ExplicitIDAsKeyTests {
    static let mapping = """
        sources:
          project:
            id: osc-project-2015
            type: article-journal
            title: "{title}"
            doi: "{doi}"
            issued: "{year}"
        claims:
          - id: "p-{row}"
            source: project
            statement: "{statement}"
            replication: unknown
            economy-wide: true
        """

    @Test func aMappingsIDOnAWorkStoredUnderAnotherIDFindsIt() throws {
        let bib = "@article{x1, title = {A reproducibility project}, year = {2015}, doi = {10.1234/project.1}}\n"
        let (knowledgeBase, _) = try importing([ImportReviewTests.input("first.bib", bib)])
        let stored = try #require(try sources(knowledgeBase, where: "doi = '10.1234/project.1'").first)
        #expect(stored.slug != "osc-project-2015")
        let csv = "row,title,doi,year,statement\n1,A reproducibility project,10.1234/project.1,2015,Effects were smaller\n"
        let report = try Importer(knowledgeBase).run([ImportReviewTests.input("project.csv", csv)], options: ImportOptions(mapping: ("project.yaml", Self.mapping)))
        #expect(report.summary.added >= 1)
        #expect(try sources(knowledgeBase, where: "doi = '10.1234/project.1'").count == 1)
        let found = try QueryEngine(knowledgeBase).run("sources where source = osc-project-2015")
        #expect(try #require(found.rows.sources).map(\.source.slug) == [stored.slug])
        // A re-import changes nothing.
        let again = try Importer(knowledgeBase).run([ImportReviewTests.input("project.csv", csv)], options: ImportOptions(mapping: ("project.yaml", Self.mapping)))
        #expect(again.summary.added == 0 && again.summary.updated == 0, "\(again.changes)")
    }
}
