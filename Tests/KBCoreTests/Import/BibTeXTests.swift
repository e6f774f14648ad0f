import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

struct BibTeXTests {
    func read(_ text: String, name: String = "test.bib") throws -> ImportBatch {
        try BibTeXReader.read(SourceText(name: name, text: text), skipInvalid: false)
    }

    func readFixture(_ name: String) throws -> [Source] {
        try BibTeXReader.read(SourceText(name: name, text: Fixtures.text("import/\(name)")), skipInvalid: false).sources.map(\.source)
    }

    @Test func stringMacrosMonthsAndConcatenation() throws {
        let sources = try readFixture("strings-and-months.bib")
        #expect(sources.count == 2)
        #expect(sources[0].containerTitle == "Journal of Personality and Social Psychology")
        #expect(sources[0].title == "A study of concatenation")
        #expect(sources[0].issued == PartialDate(year: 2020, month: 3))
        #expect(sources[0].page == "1-10")
        #expect(sources[0].volume == "12")
        #expect(sources[1].title == "Dated Review")
        #expect(sources[1].issued == PartialDate(year: 2021, month: 1, day: 10))
    }

    @Test func latexBecomesUnicodeAndProtectedWordsAreKept() throws {
        let source = try #require(try readFixture("latex.bib").first)
        #expect(source.authors.map(\.family) == ["Müller", "Dudík", "Straße", "Østergaard", "García"])
        #expect(source.authors.map(\.given) == ["Jörg", "Miroslav", "Anna", "Lars", "José"])
        #expect(source.title == "AI and the GenAI — from Bayesian models to DNA: a “survey” of 10–20 tools\u{00A0}now")
        #expect(source.containerTitle == "Café & Bar Quarterly")
        #expect(source.note == "Costs 100% more, uses _ and $")
        let extra = SourceExtra.decode(source.extra)
        // Kept: only what the writer would not brace by itself ({B}ayesian); AI, GenAI and DNA
        // it braces anyway, so recording them made an export read back change its source.
        #expect(extra[SourceExtra.protectedWords] as? [String] == ["B"])
        let written = BibTeXWriter.title(try #require(source.title), protected: ExportFields.protectedWords(source))
        #expect(["{AI}", "{GenAI}", "{B}ayesian", "{DNA}"].allSatisfy(written.contains), "\(written)")
    }

    @Test(arguments: [
        (#"{\"u}"#, "ü"), (#"\'e"#, "é"), (#"{\ss}"#, "ß"), (#"{\'\i}"#, "í"), (#"\c{c}"#, "ç"), (#"\v{s}"#, "š"), (#"\H{o}"#, "ő"),
        (#"\~n"#, "ñ"), (#"{\aa}"#, "å"), (#"\o"#, "ø"), ("a--b", "a–b"), ("a---b", "a—b"), (#"\&"#, "&"), (#"\emph{x}"#, "x"),
        (#"\url{http://a.b/c}"#, "http://a.b/c"), (#"{\noopsort{1973b}}1973"#, "1973"), ("$x^2$", "x^2"), ("``q''", "“q”"),
    ])
    func latexConversions(latex: String, unicode: String) {
        #expect(LaTeX.text(latex) == unicode)
    }

    @Test func namesInEveryBibTeXForm() throws {
        let sources = try readFixture("names.bib")
        let first = sources[0]
        let authors = first.authors
        #expect(authors.count == 5)
        #expect(authors[0] == Contributor(family: "Berg", given: "Jan", particle: "van der", suffix: "Jr."))
        #expect(authors[1] == Contributor(family: "Beethoven", given: "Ludwig", particle: "van"))
        #expect(authors[2] == Contributor(literal: "World Health Organization"))
        #expect(authors[3] == Contributor(family: "boyd", given: "danah"))
        #expect(authors[4] == Contributor(family: "Fontaine", given: "Jean", particle: "de la"))
        #expect(SourceExtra.decode(first.extra)[SourceExtra.authorsIncomplete] as? Bool == true)
        #expect(first.contributors.filter { $0.role == "editor" } == [Contributor(role: "editor", family: "Knuth", given: "Donald E.")])
        // "and and": no empty author.
        #expect(sources[1].authors.map(\.family) == ["Madaio", "Stark"])
    }

    @Test func crossrefInheritsFromTheParent() throws {
        let child = try #require(try readFixture("crossref.bib").first)
        #expect(child.type == "paper-conference")
        #expect(child.containerTitle == "Proceedings of the Conference")
        #expect(child.publisher == "ACM")
        #expect(child.issued?.year == 1999)
        #expect(child.publisherPlace == "New York")
    }

    @Test func duplicateKeysAreReportedNotMerged() throws {
        let batch = try read(try Fixtures.text("import/duplicate-keys.bib"), name: "dup.bib")
        #expect(batch.sources.count == 2)
        #expect(batch.warnings.map(\.id) == ["bibtex.duplicate-key"])
        #expect(batch.warnings.first?.location.line == 2)
    }

    @Test func duplicateKeysAreMarkedForTheAudit() throws {
        var batch = try read(try Fixtures.text("import/duplicate-keys.bib"), name: "dup.bib")
        batch.markDuplicateKeys()
        let marks = batch.sources.map { SourceExtra.decode($0.source.extra)[SourceExtra.duplicateKey] as? String }
        #expect(marks.allSatisfy { $0?.hasSuffix("names 2 entries of dup.bib (lines 1, 2)") == true }, "\(marks)")
    }

    @Test func aKeyWithSpacesIsReadToTheComma() throws {
        let batch = try read("@misc{de leeuw_parsons_2025, title = {Replication}, year = 2025}\n@misc{b, title = {Other}}")
        #expect(batch.sources.map(\.key) == ["de leeuw_parsons_2025", "b"])
        #expect(batch.warnings.map(\.id) == ["bibtex.key-with-space"])
    }

    @Test func aDOIWrittenWithStrayCharactersIsKeptForTheAudit() throws {
        let batch = try read("@article{a, title = {T}, doi = { 10.1086/704008 }}")
        #expect(batch.sources.first?.source.doi == "10.1086/704008")
        #expect(SourceExtra.decode(batch.sources.first?.source.extra)[SourceExtra.doiAsWritten] as? String == " 10.1086/704008 ")
    }

    @Test func errorsNameLineAndColumn() {
        let cases: [(String, String, Int, Int)] = [
            ("@article{a, title={x}\n@article{b, title = {y}}", "bibtex.unclosed-entry", 1, 1),
            ("@article{a, title={x} year = {2000}}", "bibtex.expected-comma", 1, 23),
            ("@article{a,\n  title = {never closed,\n  year = 2000}\n", "bibtex.unbalanced-brace", 2, 11),
            ("@inbook{Srull_2004, Jr._2004, title={T}}", "bibtex.expected-equals", 1, 29),
            ("@article{a, journal = undefinedmacro}", "bibtex.undefined-macro", 1, 23),
            ("@article{a, title = \"open}", "bibtex.unbalanced-brace", 1, 26),
        ]
        for (text, id, line, column) in cases {
            do {
                _ = try read(text)
                Issue.record("expected \(id)")
            } catch let error as Diagnostic {
                #expect(error.id == id, "\(text)")
                #expect(error.location.line == line, "\(text)")
                #expect(error.location.column == column, "\(text)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    /// Every invalid entry of a file is told at once (the reading resumes after each, as
    /// `--skip-invalid` does), so that the file is mended in one go; a single one alone.
    @Test func everyInvalidEntryIsToldAtOnce() throws {
        let text = "@article{a, title = {x} year = {2000}}\n@article{good, title = {Good}}\n@article{b, journal = undefinedmacro}\n"
        do {
            _ = try read(text)
            Issue.record("expected two errors")
        } catch let list as DiagnosticList {
            #expect(list.diagnostics.map(\.id) == ["bibtex.expected-comma", "bibtex.undefined-macro"])
            #expect(list.diagnostics.map(\.location.line) == [1, 3])
        }
        let skipped = try BibTeXReader.read(SourceText(name: "b.bib", text: text), skipInvalid: true)
        #expect(skipped.skipped.map(\.id) == ["bibtex.expected-comma", "bibtex.undefined-macro"])
        #expect(skipped.sources.map(\.source.title) == ["Good"])
    }

    @Test func skipInvalidResumesAtTheNextEntry() throws {
        let batch = try BibTeXReader.read(SourceText(name: "b.bib", text: try Fixtures.text("import/broken-middle.bib")), skipInvalid: true)
        #expect(batch.sources.map(\.source.title) == ["Good one", "Good two"])
        #expect(batch.skipped.count == 1)
        #expect(batch.skipped.first?.location.line == 2)
        #expect(batch.skipped.first?.message == "entry 'broken' is not closed before the next entry (line 3)")
    }

    @Test func doisFromEveryPlace() throws {
        let batch = try read("""
            @misc{a, title={A}, url={https://doi.org/10.1000/AB}}
            @techreport{b, title={B}, institution={I}, note={DOI:  10.3886/ICPSR05404 (accessed February 8, 2011).}}
            @article{c, title={C}, doi={not a doi}}
            @article{d, title={D}, DOI={10.1037/0003-066x.54.6.408}, url={http://dx.doi.org/10.1037/0003-066x.54.6.408}}
            """)
        let sources = batch.sources.map(\.source)
        #expect(sources.map(\.doi) == ["10.1000/ab", "10.3886/icpsr05404", nil, "10.1037/0003-066x.54.6.408"])
        #expect(sources[3].url == nil)
        #expect(SourceExtra.decode(sources[2].extra)[SourceExtra.invalidDOI] as? String == "not a doi")
        #expect(batch.warnings.map(\.id) == ["bibtex.invalid-doi"])
    }
}
