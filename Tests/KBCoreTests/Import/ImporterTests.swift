import GRDB
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

struct ImporterTests {
    @Test func aSecondImportChangesNothingAndSaysSo() throws {
        let input = try Fixtures.input("import/latex.bib")
        let (knowledgeBase, first) = try importing([input, try Fixtures.input("import/repeated-tags.ris")])
        // latex.bib is new; both RIS records are works the seeds hold (by DOI; by title, year and author).
        #expect(first.byKind["source"]?.added == 1)
        #expect(first.matchedExisting == 2)
        let second = try Importer(knowledgeBase).run([input, try Fixtures.input("import/repeated-tags.ris")])
        #expect(second.summary.added == 0)
        #expect(second.summary.updated == 0)
        #expect(second.summary.unchanged == 3)
    }

    @Test func oneBrokenRecordMeansNothingIsWritten() throws {
        let knowledgeBase = try KnowledgeBase.seeded()
        let before = try count(knowledgeBase, "source")
        do {
            _ = try Importer(knowledgeBase).run([try Fixtures.input("import/latex.bib"), try Fixtures.input("import/broken-middle.bib")])
            Issue.record("expected an error")
        } catch let error as Diagnostic {
            #expect(error.location.file.hasSuffix("broken-middle.bib"))
            #expect(error.location.line == 2)
            #expect(error.message.contains("'broken'"))
        }
        #expect(try count(knowledgeBase, "source") == before)
        #expect(try count(knowledgeBase, "importRun") == 1)
    }

    @Test func skipInvalidImportsTheRestAndListsTheRecord() throws {
        let (knowledgeBase, report) = try importing([try Fixtures.input("import/broken-middle.bib")], options: ImportOptions(skipInvalid: true))
        #expect(report.skipped.count == 1)
        #expect(report.summary.skipped == 1)
        #expect(try sources(knowledgeBase, where: "title LIKE 'Good%'").count == 2)
    }

    @Test func dryRunWritesNothing() throws {
        let knowledgeBase = try KnowledgeBase.seeded()
        let report = try Importer(knowledgeBase).run([try Fixtures.input("import/latex.bib")], options: ImportOptions(dryRun: true))
        #expect(report.isDryRun)
        #expect(report.summary.added == 1)
        #expect(try count(knowledgeBase, "source") == 3)
    }

    @Test func oneDOIWrittenThreeWaysIsOneSource() throws {
        let (knowledgeBase, report) = try importing([try Fixtures.input("import/doi-three-ways.bib")])
        let found = try sources(knowledgeBase, where: "doi = '10.1234/abc.5'")
        #expect(found.count == 1)
        // Blanks filled from the later sightings; the first title kept, the different one reported.
        #expect(found.first?.volume == "3")
        #expect(found.first?.page == "1-2")
        #expect(found.first?.title == "Same work")
        #expect(report.merges.count == 2)
        #expect(report.conflicts.count == 1)
        #expect(report.conflicts.first?.contains("title") == true)
    }

    @Test func matchesWhatTheKBAlreadyHolds() throws {
        // The seed's Noy & Zhang, met again in a RIS file with a different DOI spelling, and the
        // WEF report (no DOI), met by title, year and author.
        let (knowledgeBase, report) = try importing([try Fixtures.input("import/repeated-tags.ris")])
        #expect(report.matchedExisting == 2)
        #expect(try sources(knowledgeBase, where: "doi = '10.1126/science.adh2586'").map(\.slug) == ["noy2023experimental"])
        #expect(try count(knowledgeBase, "source") == 3)
        // The RIS file adds what the seed lacked (a publisher) and keeps the rest.
        #expect(try sources(knowledgeBase, where: "slug = 'wef2025futurejobs'").first?.publisher == "World Economic Forum")
    }

    @Test func provenanceIsRecorded() throws {
        let (knowledgeBase, _) = try importing([try Fixtures.input("import/names.bib")])
        let andand = try #require(try sources(knowledgeBase, where: "title = 'Two authors and an empty one'").first)
        #expect(andand.origin?.file.hasSuffix("import/names.bib") == true)
        #expect(andand.origin?.line == 9)
        let keys = try knowledgeBase.reader.read { db in try String.fetchAll(db, sql: "SELECT key FROM sourceKey ORDER BY key") }
        #expect(keys == ["andand", "vonlast"])
        // The file's key finds the source in queries.
        let rows = try #require(try QueryEngine(knowledgeBase).run("sources where source = vonlast").rows.sources)
        #expect(rows.map(\.source.title) == ["Names"])
    }

    @Test func citationKeysAreReadableAndStable() throws {
        let (knowledgeBase, _) = try importing([try Fixtures.input("import/duplicate-keys.bib")])
        let slugs = try sources(knowledgeBase, where: "doi LIKE '10.1000/%'").map(\.slug)
        #expect(slugs == ["huang2014first", "huang2014second"])
        #expect(CitationKey.unique("noy2023experimental") { ["noy2023experimental", "noy2023experimentalb"].contains($0) } == "noy2023experimentalc")
    }

    /// A work without an author is keyed by its title's word and year, as reference managers
    /// key an anonymous work (it was `k2025skills`); without a title, `source` and the year; an
    /// organisation by its first word that is not a number; an id never starts with a digit.
    @Test(arguments: [
        (Source(slug: "", type: "report", title: "Skills in demand", issued: PartialDate(year: 2025)), "skills2025"),
        (Source(slug: "", type: "report", title: "The 2024 outlook", issued: PartialDate(year: 2024)), "outlook2024"),
        (Source(slug: "", type: "report", title: "2024", issued: PartialDate(year: 2024)), "source2024"),
        (Source(slug: "", type: "report", issued: PartialDate(year: 2016)), "source2016"),
        (Source(slug: "", type: "report"), "source"),
        (Source(slug: "", type: "report", title: "Grid report", issued: PartialDate(year: 2020),
                contributors: [Contributor(role: "author", literal: "100% Renewable Grid")]), "renewable2020grid"),
        (Source(slug: "", type: "report", title: "Grid report", issued: PartialDate(year: 2020),
                contributors: [Contributor(role: "author", literal: "2030 Commission")]), "commission2020grid"),
        (Source(slug: "", type: "report", title: "Grid report", contributors: [Contributor(role: "author", literal: "2030")]), "k2030grid"),
        (Source(slug: "", type: "article-journal", title: "Experimental evidence", issued: PartialDate(year: 2023),
                contributors: [Contributor(role: "author", family: "Noy", given: "S.")]), "noy2023experimental"),
    ])
    func aWorkWithoutAnAuthorIsKeyedByItsTitle(source: Source, key: String) {
        #expect(CitationKey.base(for: source) == key)
    }

    @Test func formatDetection() {
        #expect(ImportFormat.detect(name: "x.bib", bytes: []) == .bibtex)
        #expect(ImportFormat.detect(name: "-", bytes: Array("  @article{a,}".utf8)) == .bibtex)
        #expect(ImportFormat.detect(name: "-", bytes: Array("TY  - JOUR\n".utf8)) == .ris)
        #expect(ImportFormat.detect(name: "-", bytes: Array("[{\"id\":1}]".utf8)) == .cslJSON)
        #expect(ImportFormat.detect(name: "-", bytes: Array("sources:\n".utf8)) == .kb)
        #expect(ImportFormat.detect(name: "-", bytes: Array("just text".utf8)) == nil)
    }

    @Test func emptyFilesAreAClearError() {
        #expect(throws: Diagnostic.self) { try importing([ImportInput(name: "e.bib", bytes: Array("\n  \n".utf8))]) }
    }

    @Test func kbYAMLImportsCanReferToWhatTheKBHolds() throws {
        let yaml = """
            claims:
              - id: extra-claim
                statement: An extra claim about older workers.
                source: noy2023experimental
                about: [cohort:older-workers]
            """
        let (knowledgeBase, report) = try importing([ImportInput(name: "extra.yaml", bytes: Array(yaml.utf8))])
        #expect(report.byKind["claim"]?.added == 1)
        #expect(try QueryEngine(knowledgeBase).run("claims where cohort=older and source = noy2023experimental").count == 1)
    }

    // `kb import` read the KB's names without aliases while `kb add --from` read them with:
    // the same file was accepted by one and refused ("unknown cohort 'older'") by the other.
    @Test func kbYAMLImportsNameTaxonomyNodesByAliasAsAddFromDoes() throws {
        let yaml = """
            claims:
              - id: alias-claim
                statement: An extra claim about older workers.
                source: noy2023experimental
                about: [cohort:older]
            """
        let (knowledgeBase, report) = try importing([ImportInput(name: "alias.yaml", bytes: Array(yaml.utf8))])
        #expect(report.byKind["claim"]?.added == 1)
        #expect(try QueryEngine(knowledgeBase).run("claims where cohort=older-workers and source = noy2023experimental").count == 1)
    }
}

struct CSVMappingTests {
    func run(_ options: ImportOptions = ImportOptions()) throws -> (KnowledgeBase, ImportReport) {
        var options = options
        options.mapping = (Fixtures.url("import/dataset/mapping.yaml").path, try Fixtures.text("import/dataset/mapping.yaml"))
        options.skipInvalid = true
        return try importing([try Fixtures.input("import/dataset/tests.csv")], options: options)
    }

    @Test func rowsBecomeSourcesStudiesAndClaims() throws {
        let (knowledgeBase, report) = try run()
        // The stub row is skipped by a rule; the unmapped ground 'XYZ' is an invalid row.
        #expect(report.skipped.map(\.message) == ["stub row", "the value 'XYZ' has no entry in the mapping's map (\(Fixtures.url("import/dataset/mapping.yaml").path))"])
        #expect(report.byKind["claim"]?.added == 3)
        // Two rows of one study (same DOI in two spellings) are one source.
        let alpha = try #require(try sources(knowledgeBase, where: "doi = '10.1000/alpha'").first)
        #expect(alpha.authors.map(\.family) == ["Alpha"])
        #expect(SourceExtra.decode(alpha.extra)[SourceExtra.authorsIncomplete] as? Bool == true)
        #expect(alpha.page == "11-20")
        let engine = QueryEngine(knowledgeBase)
        let rows = try #require(try engine.run("claims where cohort = older and has n rank by n").rows.claims)
        #expect(rows.map(\.claim.slug) == ["c-alpha-et-al-2019-belgium", "c-alpha-et-al-2019-france"])
        #expect(rows[0].study?.n == 220)
        #expect(rows[0].claim.quantity?.value == 0.5)
        #expect(rows[0].claim.quantity?.direction == .decrease)
    }

    @Test func emptyCountsStayUnknown() throws {
        let (knowledgeBase, _) = try run()
        let rows = try #require(try QueryEngine(knowledgeBase).run("claims where cohort = disability").rows.claims)
        #expect(rows.count == 1)
        #expect(rows[0].study?.n == nil)
        #expect(rows[0].claim.quantity?.value == nil)
        // A source with no DOI is grouped by its label.
        #expect(rows[0].source?.authors.map(\.family) == ["Beta"])
    }

    @Test func reimportIsANoOp() throws {
        let (knowledgeBase, _) = try run()
        var options = ImportOptions(skipInvalid: true)
        options.mapping = (Fixtures.url("import/dataset/mapping.yaml").path, try Fixtures.text("import/dataset/mapping.yaml"))
        let again = try Importer(knowledgeBase).run([try Fixtures.input("import/dataset/tests.csv")], options: options)
        #expect(again.summary.added == 0)
        #expect(again.summary.updated == 0)
    }

    @Test func unknownColumnsAreMappingErrorsWithASuggestion() throws {
        let mapping = "sources:\n  s:\n    group: [\"{studdy}\"]\n"
        let options = ImportOptions(mapping: ("m.yaml", mapping))
        do {
            _ = try importing([try Fixtures.input("import/dataset/tests.csv")], options: options)
            Issue.record("expected an error")
        } catch let list as DiagnosticList {
            #expect(list.diagnostics.first?.location.file == "m.yaml")
            #expect(list.diagnostics.first?.location.line == 3)
            #expect(list.diagnostics.first?.help == "did you mean 'study'?")
        }
    }

    @Test func wrongWidthRowsAreErrorsAtTheirLine() throws {
        let options = ImportOptions(mapping: ("m.yaml", "sources:\n  s:\n    group: [\"{a}\"]\n"))
        do {
            _ = try importing([ImportInput(name: "w.csv", bytes: Array("a,b\n1,2\n3,4,5\n".utf8))], options: options)
            Issue.record("expected an error")
        } catch let error as Diagnostic {
            #expect(error.id == "csv.row-width")
            #expect(error.location.line == 3)
        }
    }

    @Test func declaredLegacyEncoding() throws {
        let mapping = "input:\n  encoding: windows-1252\nsources:\n  s:\n    group: [\"{t}\"]\n    title: \"{t}\"\n"
        var bytes = Array("t\nCaf".utf8)
        bytes += [0xE9, 0x84, 0x0A]
        let (knowledgeBase, _) = try importing([ImportInput(name: "l.csv", bytes: bytes)], options: ImportOptions(mapping: ("m.yaml", mapping)))
        #expect(try sources(knowledgeBase, where: "title LIKE 'Caf%'").first?.title == "Café„")
    }
}
