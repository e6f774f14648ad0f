import Foundation
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// Every export style of the seed KB, as reviewed golden files: the seed APA list is also
/// checked against the shared validators' example in `.ci/check-exports`.
struct SeedExportTests {
    static func export(_ query: String, _ style: ExportStyle) throws -> String {
        var sink = StringSink()
        _ = try Exporter(Seeded.knowledgeBase).export(query, style: style, to: &sink)
        return sink.text
    }

    @Test(arguments: [(ExportStyle.apa, "sources.apa.txt"), (.markdown, "sources.apa.md"), (.bibtex, "sources.bib"), (.ris, "sources.ris"),
                      (.cslJSON, "sources.json"), (.csv, "sources.csv")])
    func sourceList(style: ExportStyle, file: String) throws {
        try assertSnapshot(try Self.export("sources", style), named: file)
    }

    @Test(arguments: [(ExportStyle.csv, "claims.csv"), (.markdown, "claims.md")])
    func evidenceTable(style: ExportStyle, file: String) throws {
        try assertSnapshot(try Self.export("claims for ml-platform-engineer", style), named: file)
    }

    @Test func aClaimsQueryExportsTheSourcesBehindIt() throws {
        let bibtex = try Self.export("claims for ml-platform-engineer where preregistered", .bibtex)
        #expect(bibtex.hasPrefix("@article{noy2023experimental,"))
        #expect(bibtex.components(separatedBy: "\n@").count == 1)
    }

    @Test func cslJSONIsAnArrayOfItemsWithoutKBExtras() throws {
        let data = Data(try Self.export("sources", .cslJSON).utf8)
        let items = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(items.count == 3)
        for item in items {
            #expect(item["id"] is String && item["type"] is String && item["title"] is String)
            #expect(!item.keys.contains { $0.hasPrefix("kb-") })
        }
    }
}

struct APAReferenceTests {
    static func person(_ family: String, _ given: String? = nil) -> Contributor { Contributor(family: family, given: given) }

    @Test func twentyOneAuthorsBecomeNineteenAnEllipsisAndTheLast() {
        let authors = (1...21).map { Self.person("Author\($0)", "A.") }
        let text = APAStyle.reference(for: Source(slug: "x", title: "Many hands", containerTitle: "Journal", issued: PartialDate(year: 2020),
                                                  contributors: authors)).plainText
        #expect(text.hasPrefix((1...19).map { "Author\($0), A., " }.joined() + "… Author21, A. (2020)."))
        let twenty = APAStyle.reference(for: Source(slug: "y", title: "Twenty", issued: PartialDate(year: 2020), contributors: Array(authors.prefix(20)))).plainText
        #expect(twenty.contains("Author19, A., & Author20, A. (2020)."))
    }

    @Test func sameAuthorsSameYearGetSuffixesInTitleOrderAndUndatedGetNDA() {
        let org = [Contributor.organisation("World Economic Forum")]
        let list = APAStyle.references(for: [
            Source(slug: "b", type: "report", title: "Future of jobs", issued: PartialDate(year: 2025), contributors: org),
            Source(slug: "a", type: "report", title: "Chief economists outlook", issued: PartialDate(year: 2025), contributors: org),
            Source(slug: "c", type: "report", title: "Undated one", contributors: org),
            Source(slug: "d", type: "report", title: "Undated two", contributors: org),
        ]).map(\.reference.plainText)
        #expect(list == ["World Economic Forum. (n.d.-a). Undated one.", "World Economic Forum. (n.d.-b). Undated two.",
                         "World Economic Forum. (2025a). Chief economists outlook.", "World Economic Forum. (2025b). Future of jobs."])
    }

    @Test func webPagesCarryTheFullDateAndRetrievedWhenUndated() {
        let dated = Source(slug: "w", type: "webpage", title: "AI at work", containerTitle: "Hiring Lab", issued: PartialDate(year: 2025, month: 9, day: 23),
                           url: "https://example.org/a", contributors: [.organisation("Indeed Hiring Lab")])
        #expect(APAStyle.reference(for: dated).plainText == "Indeed Hiring Lab. (2025, September 23). AI at work. Hiring Lab. https://example.org/a")
        let undated = Source(slug: "u", type: "webpage", title: "A page", url: "https://example.org/b", contributors: [Self.person("Roe", "Rita")])
        #expect(APAStyle.reference(for: undated).plainText == "Roe, R. (n.d.). A page. Retrieved https://example.org/b")
    }

    @Test func journalArticleWithVolumeIssuePagesAndDOI() {
        let source = Source(slug: "n", title: "Is it real?", containerTitle: "Science", volume: "381", issue: "6654", page: "187-192",
                            issued: PartialDate(year: 2023), doi: "10.1126/science.adh2586", contributors: [Self.person("Noy", "Shakked")])
        let reference = APAStyle.reference(for: source)
        #expect(reference.plainText == "Noy, S. (2023). Is it real? Science, 381(6654), 187–192. https://doi.org/10.1126/science.adh2586")
        #expect(reference.markdown == "Noy, S. (2023). Is it real? *Science*, *381*(6654), 187–192. https://doi.org/10.1126/science.adh2586")
    }

    @Test func editorsStandInForMissingAuthorsAndAreNotRepeated() {
        let editors = [Contributor(role: "editor", family: "Lipcoll", given: "D. J."), Contributor(role: "editor", family: "Lawrie", given: "D. H.")]
        let source = Source(slug: "e", type: "book", title: "High speed computing", publisher: "Academic Press", issued: PartialDate(year: 1977),
                            contributors: editors)
        #expect(APAStyle.reference(for: source).plainText == "Lipcoll, D. J., & Lawrie, D. H. (Eds.). (1977). High speed computing. Academic Press.")
    }

    @Test func untitledWorksGetABracketedDescriptionNeverAnInventedTitle() {
        let source = Source(slug: "u", type: "article-journal", issued: PartialDate(year: 2014), doi: "10.1111/irj.12078", note: "In a register as 'Baert (2014)'",
                            contributors: [Contributor(family: "Baert")])
        #expect(APAStyle.reference(for: source).plainText == "Baert. (2014). [Untitled work; In a register as 'Baert (2014)']. https://doi.org/10.1111/irj.12078")
    }

    @Test func sortingFoldsDiacriticsAndNothingPrecedesSomething() {
        let sources = [("smithjones", "Smith-Jones", "A."), ("alvarez", "Álvarez", "B."), ("smith", "Smith", "J."), ("brown", "Brown", "C.")].map {
            Source(slug: $0.0, title: "T", issued: PartialDate(year: 2020), contributors: [Self.person($0.1, $0.2)])
        }
        #expect(APAStyle.references(for: sources).map(\.source.slug) == ["alvarez", "brown", "smith", "smithjones"])
    }
}

struct BibTeXWriterTests {
    @Test func specialsAreEscapedAndUnicodeKept() {
        let source = Source(slug: "muller2020r", type: "report", title: "R&D at 100% for $5 {braces} ~ and ^ in C#_", publisher: "Forschung GmbH",
                            issued: PartialDate(year: 2020), contributors: [Contributor(family: "Müller", given: "Zoë")])
        let entry = BibTeXWriter.entry(source)
        #expect(entry.hasPrefix("@techreport{muller2020r,\n"))
        #expect(entry.contains("author      = {Müller, Zoë}"))
        #expect(entry.contains(##"title       = {{R\&D} at 100\% for \$5 \textbraceleft{}braces\textbraceright{} \textasciitilde{} and \textasciicircum{} in C\#\_}"##))
    }

    @Test func namesThatBibTeXWouldSplitAreProtected() {
        #expect(BibTeXWriter.name(Contributor(family: "Lopez Bóo")) == "Lopez Bóo,")
        #expect(BibTeXWriter.name(Contributor(family: "boyd", given: "danah")) == "{boyd}, {danah}")
        #expect(BibTeXWriter.name(Contributor(family: "Van den Berg", given: "J.")) == "{Van den Berg}, J.")
        #expect(BibTeXWriter.name(Contributor(family: "Berg", given: "Jan", particle: "van den")) == "van den Berg, Jan")
        #expect(BibTeXWriter.name(.organisation("Centre for Research and Development")) == "{Centre for Research and Development}")
    }

    @Test func aTypeBibTeXCannotSayFallsBackToMiscAndKeepsTheCSLType() {
        let page = Source(slug: "page", type: "webpage", title: "A page", issued: PartialDate(year: 2025), url: "https://example.org/a_b--c")
        let entry = BibTeXWriter.entry(page)
        #expect(entry.hasPrefix("@misc{page,"))
        #expect(entry.contains("url          = {https://example.org/a_b--c}"))
        #expect(entry.contains("entrysubtype = {webpage}"))
        let article = Source(slug: "art", title: "No author", containerTitle: "Journal", issued: PartialDate(year: 2020))
        #expect(BibTeXWriter.entry(article).hasPrefix("@misc{art,"), "an article without author lacks a required field")
    }

    @Test func pagesTakeTheDoubleDash() {
        let source = Source(slug: "p", title: "T", containerTitle: "J", page: "187-192", issued: PartialDate(year: 2023), contributors: [Contributor(family: "Noy", given: "S.")])
        #expect(BibTeXWriter.entry(source).contains("pages   = {187--192}"))
    }
}

struct RISWriterTests {
    @Test(arguments: [("article-journal", "JOUR"), ("report", "RPRT"), ("webpage", "ELEC"), ("book", "BOOK"), ("chapter", "CHAP"), ("thesis", "THES"),
                      ("dataset", "DATA"), ("paper-conference", "CPAPER"), ("article", "INPR"), ("post", "ICOMM")])
    func typeTag(type: String, tag: String) {
        let record = RISWriter.record(Source(slug: "x", type: type, title: "T"))
        #expect(record.hasPrefix("TY  - \(tag)\n"))
        #expect(record.hasSuffix("ID  - x\nER  - \n"))
        #expect(RISReader.typeMap[tag] == type, "the tag reads back as the same type")
    }

    @Test func authorsOnePerLineInSortOrder() {
        let source = Source(slug: "x", title: "T", contributors: [Contributor(family: "Noy", given: "Shakked"), Contributor(family: "King", given: "Martin", suffix: "Jr."),
                                                                  Contributor(family: "Solo", suffix: "III"), .organisation("World Economic Forum")])
        let lines = RISWriter.record(source).split(separator: "\n").filter { $0.hasPrefix("AU") }
        #expect(lines == ["AU  - Noy, Shakked", "AU  - King, Martin, Jr.", "AU  - Solo, , III", "AU  - World Economic Forum"])
    }
}

struct EvidenceCSVTests {
    @Test func formulaCellsAreNeutralisedInClaimExports() throws {
        let knowledgeBase = try makeKnowledgeBase(["claims.yaml": """
            claims:
              - id: formula-claim
                statement: "=HYPERLINK(\\"http://evil\\")"
                value: -0.4
            """])
        var sink = StringSink()
        _ = try Exporter(knowledgeBase).export("claims", style: .csv, to: &sink)
        let row = try #require(sink.text.split(separator: "\r\n").dropFirst().first)
        #expect(row.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""))
        #expect(row.contains(",-0.4,"), "a negative number stays a number")
    }
}

struct CSLTextTests {
    @Test(arguments: ["the future of jobs: a report", "AI at work:   how GenAI is rewiring the DNA of jobs", "of mice and men. and then?",
                      "(parenthesised) words and-hyphens", "x", "", "  leading and trailing  ", "iPhone eBay up down via yet"])
    func asciiTitleCaseMatchesTheGeneralRules(text: String) {
        #expect(CSLText.titleCaseASCII(text) == CSLText.titleCaseCharacters(text))
    }

    @Test func titleCase() {
        #expect(CSLText.titleCase("journal of personality and social psychology") == "Journal of Personality and Social Psychology")
        #expect(CSLText.titleCase("the british journal: an über review") == "The British Journal: An Über Review")
    }

    @Test func pageRanges() {
        #expect(CSLText.pageRange("187-192") == "187–192")
        #expect(CSLText.pageRange("e12345") == "e12345")
        #expect(CSLText.pageRange("1-2, 5-7") == "1–2, 5–7")
        #expect(CSLText.pageRange("11-jul") == "11–jul")
    }
}

struct APAListExportTests {
    /// A list longer than the in-memory limit spills to a temporary table sorted by SQLite; both
    /// paths give the same list, suffixes included.
    @Test func spillingToSQLiteSortsAsInMemory() throws {
        var generator = SourceGenerator(seed: 99)
        var sources = generator.sources(120)
        // Same organisation, same year: runs that need a/b suffixes.
        for index in 0..<6 { sources[index].contributors = [.organisation("World Economic Forum")]; sources[index].issued = PartialDate(year: 2025) }
        let knowledgeBase = try RoundTripTests.knowledgeBase(with: sources)
        let lists = try [Int.max, 7, 1].map { limit -> String in
            try knowledgeBase.reader.unsafeRead { db in
                var sink = StringSink()
                let ids: SQLFragment = "SELECT id FROM source ORDER BY id"
                _ = try APAListExport.write(ids, markdown: false, in: db, to: &sink, inMemoryLimit: limit)
                return sink.text
            }
        }
        #expect(lists[0].split(separator: "\n").count == 120)
        #expect(lists[0].contains("World Economic Forum. (2025a)"))
        #expect(lists[1] == lists[0])
        #expect(lists[2] == lists[0])
        // And the same order as sorting the sources in memory through APAStyle.
        #expect(lists[0] == APAStyle.references(for: sources).map { $0.reference.plainText + "\n" }.joined())
    }
}

struct InitialsTests {
    @Test(arguments: ["Shakked", "Jean-Paul", "W. Edwards", "J.D.E.", "F.-Xavier", "M. D. (Anne)", "danah", "J. R. R.", "Mary-Kate Anne",
                      "Shu-chi", "A.-B.-C. d", "  spaced   out ", "-x", "x-", "Q.", "", "(ed.)", "1st Name", "Ana  Maria"])
    func asciiInitialsMatchTheGeneralRules(given: String) {
        #expect(APAReference.initialsASCII(given) == APAReference.initialsCharacters(given))
    }
}
