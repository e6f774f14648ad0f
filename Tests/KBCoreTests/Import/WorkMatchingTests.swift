import GRDB
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// Issue 12, items 5–9 and 11: an import never merges two works on weak evidence, a re-import
/// changes nothing, and what it cannot take as written it says (file:line).
struct WorkMatchingTests {
    static func input(_ name: String, _ text: String) -> ImportInput {
        ImportInput(name: name, bytes: Array(text.utf8))
    }

    static let alpha = "@article{smith2020,\n  title = {Alpha effects},\n  author = {Smith, Jane},\n  year = {2020}\n}\n"
    static let beta = "@article{smith2020,\n  title = {Beta effects in other markets},\n  author = {Jones, Kim},\n  year = {2021}\n}\n"

    // Item 5: the key of a second `references.bib` names another work.
    @Test func aKeyReusedByAnotherFileOfTheSameNameIsAnotherWork() throws {
        let knowledgeBase = try KnowledgeBase.seeded()
        let first = try Importer(knowledgeBase).run([Self.input("/zotero/one/references.bib", Self.alpha)])
        #expect(first.summary.added == 1)
        let second = try Importer(knowledgeBase).run([Self.input("/zotero/two/references.bib", Self.beta)])
        #expect(second.summary.added == 1)
        #expect(second.matchedExisting == 0)
        #expect(try sources(knowledgeBase, where: "title LIKE 'Beta%'").count == 1)
        #expect(try sources(knowledgeBase, where: "title LIKE 'Alpha%'").first?.authors.first?.family == "Smith")
        // Each file finds its own work again.
        for (name, text) in [("/zotero/one/references.bib", Self.alpha), ("/zotero/two/references.bib", Self.beta)] {
            let again = try Importer(knowledgeBase).run([Self.input(name, text)])
            #expect(again.summary.added == 0 && again.summary.updated == 0 && again.summary.unchanged == 1)
        }
    }

    // Item 5: stdin twice, works with nothing but a key, a title and a year.
    @Test func standardInputTwiceKeepsBothWorks() throws {
        let knowledgeBase = try KnowledgeBase.seeded()
        let one = "@misc{notes, title = {Field notes}, year = {2019}}\n"
        let two = "@misc{notes, title = {Interview transcripts}, year = {2019}}\n"
        _ = try Importer(knowledgeBase).run([Self.input("-", one)])
        let second = try Importer(knowledgeBase).run([Self.input("-", two)])
        #expect(second.summary.added == 1)
        #expect(try sources(knowledgeBase, where: "title IN ('Field notes', 'Interview transcripts')").count == 2)
        let again = try Importer(knowledgeBase).run([Self.input("-", two)])
        #expect(again.summary.added == 0 && again.summary.updated == 0)
    }

    // Item 6: FReD's two "Analysis" (2025) reports, no authors, two OSF addresses.
    @Test func titleAndYearWithoutAuthorsDoNotMakeOneWork() throws {
        let text = """
            @misc{a1, title = {Analysis}, year = {2025}, url = {https://osf.io/abcde}}
            @misc{a2, title = {Analysis}, year = {2025}, url = {https://osf.io/vwxyz}}
            @misc{a3, title = {Same title}, author = {Roe, Ann}, year = {2024}, url = {https://example.org/one}}
            @misc{a4, title = {Same title}, author = {Roe, Ann}, year = {2024}, url = {https://example.org/two}}
            @misc{a5, title = {Same title}, author = {Roe, Ann}, year = {2024}}
            """
        let (knowledgeBase, report) = try importing([Self.input("fred.bib", text)])
        #expect(try sources(knowledgeBase, where: "title = 'Analysis'").map(\.url) == ["https://osf.io/abcde", "https://osf.io/vwxyz"])
        // Same title, year and first author, but two addresses: two works. The third names no
        // address: it agrees with both, so which it is cannot be told, and it stays apart.
        #expect(try sources(knowledgeBase, where: "title = 'Same title'").count == 3)
        #expect(report.merges.isEmpty)
        // And across imports: the second "Analysis" is not the stored one.
        let other = try Importer(knowledgeBase).run([Self.input("more.bib", "@misc{b1, title = {Analysis}, year = {2025}, url = {https://osf.io/qqqqq}}\n")])
        #expect(other.summary.added == 1)
    }

    static let mapping = """
        sources:
          primary:
            group: ["{doi}", "{study}"]
            type: document
            doi: "{doi}"
            issued: "{year}"
            authors: {value: "{study}", format: label}
        studies:
          test:
            source: primary
            id: "t-{row}"
            design: audit-study
            n: "= tested_maj + tested_min"
        claims:
          - id: "c-{row}"
            source: primary
            study: test
            statement: "{study}, row {row}"
            replication: unknown
            about:
              - kind: jurisdiction
                value: "{country}"
                map: {DEU: eu, USA: us, CAN: null}
                default: null
        """

    static func csv(_ text: String) throws -> (KnowledgeBase, ImportReport) {
        let knowledgeBase = try KnowledgeBase.seeded()
        let report = try Importer(knowledgeBase).run([input("/data/register.csv", text)], options: ImportOptions(mapping: ("register.yaml", mapping)))
        return (knowledgeBase, report)
    }

    // Item 7: the register's "et al." label after a complete list from another file.
    @Test func anEtAlLabelLeavesACompleteListAloneAndAReimportChangesNothing() throws {
        let knowledgeBase = try KnowledgeBase.seeded()
        let bib = "@article{baert2016, title = {Do employers discriminate?}, author = {Baert, Stijn and Cockx, Bart and Verhaest, Dieter}, year = {2016}, doi = {10.1234/lab.2016.1}}\n"
        _ = try Importer(knowledgeBase).run([Self.input("refs.bib", bib)])
        let register = "study,doi,year,tested_maj,tested_min,country\nBaert et al. (2016),10.1234/lab.2016.1,2016,10,12,DEU\n"
        let options = ImportOptions(mapping: ("register.yaml", Self.mapping))
        _ = try Importer(knowledgeBase).run([Self.input("/data/register.csv", register)], options: options)
        let stored = try #require(try sources(knowledgeBase, where: "doi = '10.1234/lab.2016.1'").first)
        #expect(stored.authors.map(\.family) == ["Baert", "Cockx", "Verhaest"])
        #expect(SourceExtra.decode(stored.extra)[SourceExtra.authorsIncomplete] == nil)
        for name in ["/data/register.csv", "refs.bib"] {
            let again = try Importer(knowledgeBase).run([Self.input(name, name.hasSuffix(".csv") ? register : bib)], options: name.hasSuffix(".csv") ? options : ImportOptions())
            #expect(again.summary.added == 0 && again.summary.updated == 0, "\(name): \(again.changes)")
        }
    }

    // Item 7: --verbose names every field an import changes.
    @Test func anUpdateNamesTheFieldsItChanged() throws {
        let knowledgeBase = try KnowledgeBase.seeded()
        _ = try Importer(knowledgeBase).run([Self.input("refs.bib", "@article{k, title = {A study}, author = {Poe, Al}, year = {2020}, doi = {10.1234/x.1}}\n")])
        let report = try Importer(knowledgeBase).run([Self.input("other.bib", "@article{z, title = {A study}, author = {Poe, Al}, year = {2020}, doi = {10.1234/x.1}, volume = {7}, publisher = {Acme}}\n")])
        #expect(report.summary.updated == 1)
        #expect(report.changes.count == 1)
        #expect(report.changes.first?.hasSuffix(": publisher, volume") == true)
    }

    // Item 8: two rows of one DOI, 2017 and 2019.
    @Test func aDisagreementInsideOneFileNamesBothLines() throws {
        let (_, report) = try Self.csv("""
            study,doi,year,tested_maj,tested_min,country
            Carlsson & Eriksson (2019),10.1016/j.labeco.2019.03.002,2017,10,12,USA
            Other (2018),10.1234/other,2018,1,2,USA
            Carlsson & Eriksson (2019),10.1016/j.labeco.2019.03.002,2019,5,6,DEU

            """)
        let conflict = try #require(report.conflicts.first { $0.contains("year") })
        #expect(conflict.contains("2017 vs 2019"))
        #expect(conflict.contains("/data/register.csv:2 vs /data/register.csv:4"))
    }

    // Item 9: "12o" where the mapping adds numbers, and a code the map does not list.
    @Test func aCellThatIsNotANumberOrNotInTheMapIsAWarningAtItsCell() throws {
        let (knowledgeBase, report) = try Self.csv("""
            study,doi,year,tested_maj,tested_min,country
            Riach (2015),10.1234/r,2015,12o,30,GER
            Other (2018),10.1234/other,2018,NA,2,CAN

            """)
        let notANumber = report.warnings.filter { $0.id == "mapping.not-a-number" }
        #expect(notANumber.count == 1)
        #expect(notANumber.first?.location.line == 2)
        #expect(notANumber.first?.location.column == 29)
        #expect(notANumber.first?.message.contains("column 'tested_maj' is '12o'") == true)
        let defaulted = report.warnings.filter { $0.id == "mapping.defaulted-value" }
        #expect(defaulted.count == 1)
        #expect(defaulted.first?.location.line == 2)
        #expect(defaulted.first?.message.contains("'country' has 'GER'") == true)
        // The row is kept; its n stays unknown.
        #expect(try count(knowledgeBase, "study WHERE slug = 't-2' AND n IS NULL") == 1)
    }

    // Item 11: entities from every reader are decoded; what names no character stays.
    @Test func htmlEntitiesAreDecodedInEveryFormat() throws {
        let bib = "@article{e1, title = {Jobs &amp; skills &amp;amp; wages}, author = {M&#252;ller, J&#xFC;rgen}, year = {2020}}\n"
        let ris = "TY  - JOUR\nTI  - Caf&eacute; work &#38; pay\nAU  - Roe, Ann\nPY  - 2021\nER  - \n"
        let json = #"[{"id": "e3", "type": "report", "title": "R&amp;D &unknownentity; budgets", "issued": {"date-parts": [[2022]]}}]"#
        let register = "study,doi,year,tested_maj,tested_min,country\nLee &amp; Park (2019),10.1234/lp,2019,1,2,USA\n"
        let (knowledgeBase, _) = try importing([Self.input("a.bib", bib), Self.input("b.ris", ris), Self.input("c.json", json)])
        _ = try Importer(knowledgeBase).run([Self.input("/data/register.csv", register)], options: ImportOptions(mapping: ("register.yaml", Self.mapping)))
        let titles = try sources(knowledgeBase, where: "slug NOT IN ('noy2023experimental', 'wef2025futurejobs') AND title IS NOT NULL").compactMap(\.title)
        #expect(titles.contains("Jobs & skills & wages"))
        #expect(titles.contains("Café work & pay"))
        #expect(titles.contains("R&D &unknownentity; budgets"))
        #expect(try sources(knowledgeBase, where: "title LIKE 'Jobs%'").first?.authors.first.map { "\($0.family ?? "") \($0.given ?? "")" } == "Müller Jürgen")
        #expect(try sources(knowledgeBase, where: "doi = '10.1234/lp'").first?.authors.map(\.family) == ["Lee", "Park"])
        #expect(try count(knowledgeBase, "claim WHERE statement = 'Lee & Park (2019), row 2'") == 1)
        #expect(HTMLEntities.decode("&#0; &#xD800; &lt;b&gt; &amp") == "&#0; &#xD800; <b> &amp")
    }

    // Acceptance: no source holds two input records with different DOIs, or different URLs and
    // no DOI — whatever order the files come in and however often they are imported again.
    @Test func noSourceHoldsRecordsOfTwoWorks() throws {
        let files: [(String, String)] = [
            ("/x/one/references.bib", """
                @article{k1, title = {Shared title}, author = {Ng, Li}, year = {2020}, doi = {10.1234/aaa}}
                @article{k2, title = {Analysis}, year = {2025}, url = {https://osf.io/one}}
                @article{k3, title = {Web only}, year = {2020}, url = {https://example.org/a}}
                """),
            ("/x/two/references.bib", """
                @article{k1, title = {Shared title}, author = {Ng, Li}, year = {2020}, doi = {10.1234/bbb}}
                @article{k2, title = {Analysis}, year = {2025}, url = {https://osf.io/two}}
                @article{k3, title = {Web only}, year = {2020}, url = {https://example.org/b}}
                @article{k4, title = {Shared title}, author = {Ng, Li}, year = {2020}}
                """),
            ("-", "@article{k1, title = {Shared title}, author = {Ng, Li}, year = {2020}, url = {https://example.org/c}}\n"),
        ]
        let knowledgeBase = try KnowledgeBase.seeded()
        for (name, text) in files { _ = try Importer(knowledgeBase).run([Self.input(name, text)]) }
        for (name, text) in files.reversed() {
            let again = try Importer(knowledgeBase).run([Self.input(name, text)])
            #expect(again.summary.added == 0 && again.summary.updated == 0, "\(name): \(again.changes)")
        }
        // Two DOIs, two OSF pages, two web pages: six works, never one id for two of them.
        #expect(try count(knowledgeBase, "source WHERE doi IN ('10.1234/aaa', '10.1234/bbb')") == 2)
        #expect(try count(knowledgeBase, "source WHERE url IN ('https://osf.io/one', 'https://osf.io/two', 'https://example.org/a', 'https://example.org/b')") == 4)
        // k4 and the stdin record (a URL, no DOI) agree with both works that have a DOI: which
        // one they are cannot be told, so each is a source of its own (the audit flags them).
        #expect(try sources(knowledgeBase, where: "title = 'Shared title'").map { $0.doi ?? $0.url ?? "-" } == ["10.1234/aaa", "10.1234/bbb", "-", "https://example.org/c"])
        // Every key a file gave is remembered for the work it named, and each work's keys
        // come from records that agree with it.
        let keyRows = try knowledgeBase.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT k.key, s.doi, s.url FROM sourceKey k JOIN source s ON s.id = k.sourceId WHERE k.file = 'references.bib' ORDER BY k.key, s.id")
        }
        #expect(keyRows.map { "\($0[0] as String) \(($0[1] as String?) ?? ($0[2] as String?) ?? "-")" } == [
            "k1 10.1234/aaa", "k1 10.1234/bbb", "k2 https://osf.io/one", "k2 https://osf.io/two",
            "k3 https://example.org/a", "k3 https://example.org/b", "k4 -",
        ])
    }
}
