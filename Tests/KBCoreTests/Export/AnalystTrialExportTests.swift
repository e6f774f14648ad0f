import Foundation
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// Issue 12, the analyst trial on all shared data: Crossref's rich text in titles, register
/// letters in citation keys, untitled descriptions in Markdown, "First Last III" names in
/// BibTeX, and URLs stored without a scheme.
struct AnalystTrialExportTests {
    /// Titles as Crossref gives them (real ones from the shared FReD data: Chen et al. 2022,
    /// Gnambs 2020, Wansink et al. 2005, Yu et al. 2016).
    static let scp = "A replication of “an experimental test of the <scp>expectancy‐disconfirmation</scp> theory of citizen satisfaction”"
    static let italicWord = "Processing the Word <i>Red</i> and Intellectual Performance: Four Replication Attempts"
    static let superscript = "Bottomless Bowls: Why Visual Cues of Portion Size May Influence Intake<sup>**</sup>"
    static let intraword = "Word<i>n</i> + 2 preview effects in three-character Chinese idioms and phrases"

    static func article(_ title: String, slug: String = "s") -> Source {
        Source(slug: slug, title: title, containerTitle: "Journal", issued: PartialDate(year: 2020),
               contributors: [Contributor(family: "Roe", given: "Rita")])
    }

    // MARK: 1. Rich text in titles

    /// Before: "… the <scp>expectancy‐disconfirmation</scp> theory …" in APA, Markdown and BibTeX.
    @Test func apaPlainTextDropsTheTagsAndKeepsTheText() {
        let line = APAStyle.reference(for: Self.article(Self.scp)).plainText
        #expect(line.contains("of the expectancy‐disconfirmation theory of citizen"))
        #expect(!line.contains("<"))
        #expect(APAStyle.reference(for: Self.article(Self.superscript)).plainText.contains("Influence Intake**. Journal"))
    }

    @Test func markdownItalicisesBoldsAndFlipsInsideAnItalicTitle() {
        #expect(APAStyle.reference(for: Self.article(Self.italicWord)).markdown.contains("Processing the Word *Red* and Intellectual"))
        #expect(APAStyle.reference(for: Self.article(Self.intraword)).markdown.contains("(2020). Word*n* + 2 preview"))
        #expect(APAStyle.reference(for: Self.article(Self.superscript)).markdown.contains("Intake<sup>\\*\\*</sup>. *Journal*"))
        #expect(APAStyle.reference(for: Self.article("A <b>bold</b> claim")).markdown.contains("A **bold** claim"))
        // A book title is italic: the species name in it is set in roman (CSL's flip-flop).
        var book = Self.article("Effects of fluency (or why <i>New York</i> is a jungle)")
        book.containerTitle = nil
        book.type = "book"
        #expect(APAStyle.reference(for: book).markdown.contains("*Effects of fluency (or why* New York *is a jungle)*."))
        #expect(APAStyle.reference(for: Self.article(Self.scp)).markdown.contains("of the expectancy‐disconfirmation theory"))
    }

    @Test func textThatOnlyLooksLikeATagIsText() {
        #expect(RichText.segments("a <b c and a < b") == [RichText.Segment(text: "a <b c and a < b", styles: [])])
        #expect(RichText.plain("x</i> y") == "x</i> y")
        #expect(APAStyle.reference(for: Self.article("If a < b")).plainText.contains("If a < b. Journal"))
    }

    @Test func bibTeXWritesLaTeXCommandsAndReadsThemBack() throws {
        let written = [Self.article(Self.scp, slug: "a"), Self.article(Self.italicWord, slug: "b"), Self.article(Self.superscript, slug: "c"),
                       Self.article("CO<sub>2</sub> and the <span class=\"nocase\">iPhone</span>", slug: "d")]
        let bibtex = written.map(BibTeXWriter.entry).joined(separator: "\n")
        #expect(bibtex.contains("of the \\textsc{expectancy‐disconfirmation} theory"))
        #expect(bibtex.contains("the Word \\textit{Red} and"))
        #expect(bibtex.contains("Intake\\textsuperscript{**}}"))
        #expect(bibtex.contains("{CO}\\textsubscript{2} and the {{iPhone}}"))
        #expect(!bibtex.contains("<"))
        let knowledgeBase = try KnowledgeBase.inMemory()
        _ = try Importer(knowledgeBase).run([ImportInput(name: "in.bib", bytes: Array(bibtex.utf8))])
        let titles = Set(try sources(knowledgeBase).compactMap(\.title))
        #expect(titles.contains(Self.italicWord))
        #expect(titles.contains(Self.superscript))
        #expect(titles.contains(Self.scp.replacingOccurrences(of: "<scp>", with: RichText.smallCapsSpan).replacingOccurrences(of: "</scp>", with: "</span>")))
    }

    @Test func risIsPlainAndCSLJSONUsesCSLsOwnTags() throws {
        let ris = RISWriter.record(Self.article(Self.scp))
        #expect(ris.contains("TI  - A replication of “an experimental test of the expectancy‐disconfirmation theory"))
        let item = CSLJSONWriter.item(Self.article(Self.scp))
        guard case let .object(fields) = item, case let .string(title)? = fields["title"] else {
            Issue.record("no title")
            return
        }
        #expect(title.contains("the <span style=\"font-variant:small-caps;\">expectancy‐disconfirmation</span> theory"))
        guard case let .object(other) = CSLJSONWriter.item(Self.article(Self.italicWord)), case let .string(kept)? = other["title"] else {
            Issue.record("no title")
            return
        }
        #expect(kept == Self.italicWord)
    }

    // MARK: 2. Citation keys from register letters

    /// Before: "Baert et al. (2016c)" got `baert2016d`, and `baert2016c` was its "(2016b)".
    @Test func aRegisterWorkIsKeyedByItsLabelsLetter() throws {
        let knowledgeBase = try IncompleteAuthorListTests.registerKB()
        let slug = { (doi: String) in try sources(knowledgeBase, where: "doi = '\(doi)'").first?.slug }
        #expect(try slug("10.1177/0019793915625213") == "baert2016a")
        #expect(try slug("10.1016/j.socscimed.2016.06.033") == "baert2016b")
        #expect(try slug("10.1016/j.joep.2016.10.002") == "baert2016c")
        #expect(try slug("10.1080/09585192.2011.540160") == "albert2011")
    }

    // MARK: 3. Untitled descriptions

    /// Before: "*\[Untitled work; …\]*" — APA does not italicise a bracketed description.
    @Test func anUntitledDescriptionIsNotItalic() {
        let source = Source(slug: "u", type: "article-journal", issued: PartialDate(year: 2014), doi: "10.1111/irj.12078",
                            note: "In a register as 'Baert (2014)'", contributors: [Contributor(family: "Baert")])
        #expect(APAStyle.reference(for: source).markdown == "Baert. (2014). \\[Untitled work; In a register as 'Baert (2014)'\\]. https://doi.org/10.1111/irj.12078")
        let authorless = Source(slug: "v", type: "report", issued: PartialDate(year: 2014))
        #expect(APAStyle.reference(for: authorless).markdown == "\\[Untitled work\\]. (2014).")
    }

    // MARK: 4. Suffixes in "First Last Suffix" names

    /// Before: "Hal Daumé III" was family "III", given "Hal Daumé": "III, H. D.".
    @Test func aTrailingGenerationIsASuffix() {
        let people = BibTeXNames.parse("Hal Daumé III and Martin Luther King Jr. and Jane Roe IV and Bao V and Mary Li and John Vi", role: "author").people
        #expect(people[0] == Contributor(family: "Daumé", given: "Hal", suffix: "III"))
        #expect(people[1] == Contributor(family: "King", given: "Martin Luther", suffix: "Jr."))
        #expect(people[2] == Contributor(family: "Roe", given: "Jane", suffix: "IV"))
        #expect(people[3] == Contributor(family: "V", given: "Bao"), "two words stay BibTeX's First Last")
        #expect(people[4] == Contributor(family: "Li", given: "Mary"))
        #expect(people[5] == Contributor(family: "Vi", given: "John"))
        let source = Source(slug: "d", title: "T", issued: PartialDate(year: 2006), contributors: [people[0]])
        #expect(APAStyle.reference(for: source).plainText.hasPrefix("Daumé, H., III. (2006)."))
    }

    // MARK: 5. URLs without a scheme

    /// Before: "… osf.io/9v6er" (as FReD stores it) in APA and Markdown. The data formats keep
    /// the stored value (``ExportFields/url(_:)`` says why).
    @Test func aHostWithoutSchemeGetsHTTPSInAPA() {
        var source = Self.article("T")
        source.url = "osf.io/9v6er"
        #expect(APAStyle.reference(for: source).plainText.hasSuffix(". https://osf.io/9v6er"))
        #expect(APAStyle.reference(for: source).markdown.hasSuffix(". https://osf.io/9v6er"))
        source.issued = nil
        #expect(APAStyle.reference(for: source).plainText.hasSuffix(" Retrieved https://osf.io/9v6er"))
        #expect(BibTeXWriter.entry(source).contains("{osf.io/9v6er}"))
        for (stored, exported) in [("https://osf.io/x", "https://osf.io/x"), ("http://a.org", "http://a.org"), ("www.example.org", "https://www.example.org"),
                                   ("example.org:8080/a?b", "https://example.org:8080/a?b"), ("mailto:a@b.org", "mailto:a@b.org"),
                                   ("doi:10.1/x", "doi:10.1/x"), ("see the appendix", "see the appendix"),
                                   ("v1.2", "v1.2"), ("10.1000/x", "10.1000/x")] {
            source.url = stored
            #expect(ExportFields.url(source) == exported, "\(stored)")
        }
    }
}
