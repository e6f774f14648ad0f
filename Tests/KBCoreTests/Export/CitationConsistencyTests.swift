import Foundation
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// Issue 12, item 10: one reading of an incomplete author list ("Albert et al. (2011)" in the
/// Lippens register) in every export, and the register's own year letters kept.
struct IncompleteAuthorListTests {
    /// Six rows of the Lippens et al. (2023) register (shared/data/lippens-correspondence-register/
    /// register.csv), as they are there: one row each of Albert et al. (2011), Baert et al.
    /// (2016a), (2016b), (2016c), Baert (2016) and Baert & Vujić (2016).
    static let register = """
        ground_id,ground,ground_short,study,treatment_group_high,treatment_group_low,treat_id,treatment_class,class_short,control_group,country,country_iso3,region,region_4cat,region_3cat,subregion,year_off_pub,year_first_pub,year_research,effect_sign,effect_category,tested_maj,tested_min,callback_maj,callback_min,sensu,comments,url,doi
        2,Gender and motherhood status,GMO,Baert et al. (2016c),Female gender,Female gender,24,Female gender,Female,Male gender,Belgium,BEL,Europe,Europe,Europe,Western Europe,2016,2016,2015,0,None,288,288,20,17,stricto,,http://dx.doi.org/10.1016/j.joep.2016.10.002,10.1016/j.joep.2016.10.002
        1,Race and national origin,RNO,Baert & Vujić (2016),Turkish name,Turkish name,6,Western Asian,Asian (W),Native name,Belgium,BEL,Europe,Europe,Europe,Western Europe,2016,2016,2015,−,Negative,288,288,24,11,stricto,only considering the subset of applications where no volunteering acitivities are revealed,http://dx.doi.org/10.1016/j.econlet.2016.07.035,10.1016/j.econlet.2016.07.035
        2,Gender and motherhood status,GMO,Baert et al. (2016b),Female gender,Female gender,23,Female gender,Female,Male gender,Belgium,BEL,Europe,Europe,Europe,Western Europe,2016,2016,2015,0,None,144,144,31,24,stricto,,http://dx.doi.org/10.1016/j.socscimed.2016.06.033,10.1016/j.socscimed.2016.06.033
        2,Gender and motherhood status,GMO,Baert et al. (2016a),Female gender,Female gender,22,Female gender,Female,Male gender,Belgium,BEL,Europe,Europe,Europe,Western Europe,2016,2016,2014,0,None,576,576,63,57,stricto,,https://doi.org/10.1177%2F0019793915625213,10.1177/0019793915625213
        2,Gender and motherhood status,GMO,Albert et al. (2011),Female gender,Female gender,42,Female gender,Female,Male gender,Spain,ESP,Europe,Europe,Europe,Southern Europe,2011,2011,2006,+,Positive,5310,5310,397,534,stricto,,https://doi.org/10.1080/09585192.2011.540160,10.1080/09585192.2011.540160
        4,Disability,DIS,Baert (2016),"Autism, blindness, or deafness",Autism,4,Mental disability,Mental,No disability,Belgium,BEL,Europe,Europe,Europe,Western Europe,2016,2016,2013,−,Negative,128,128,53,24,stricto,,http://dx.doi.org/10.1007/s10198-014-0656-7,10.1007/s10198-014-0656-7

        """

    static func registerKB() throws -> KnowledgeBase {
        var options = ImportOptions()
        let mapping = "mappings/lippens-correspondence-register.yaml"
        options.mapping = (Fixtures.url(mapping).path, try Fixtures.text(mapping))
        let (knowledgeBase, report) = try importing([ImportInput(name: "register.csv", bytes: Array(register.utf8))], options: options)
        #expect(report.byKind["source"]?.added == 6)
        return knowledgeBase
    }

    static func export(_ knowledgeBase: KnowledgeBase, _ style: ExportStyle, _ query: String = "sources") throws -> String {
        var sink = StringSink()
        _ = try Exporter(knowledgeBase).export(query, style: style, to: &sink)
        return sink.text
    }

    static func lines(_ text: String, containing word: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { $0.contains(word) }
    }

    @Test func theLabelIsAFamilyNameAnEtAlAndTheRegistersLetter() {
        let parsed = NameFormat.label.parse("Albert et al. (2011)")
        #expect(parsed.people == [Contributor(family: "Albert")])
        #expect(parsed.incomplete)
        #expect(NameFormat.label.yearSuffix("Baert et al. (2016c)", year: 2016) == "c")
        #expect(NameFormat.label.yearSuffix("Baert et al. (2016d)", year: 2016) == "d")
        #expect(NameFormat.label.yearSuffix("Smith (n.d.-b)", year: nil) == "b")
        #expect(NameFormat.label.yearSuffix("Baert (2016)", year: 2016) == nil)
        #expect(NameFormat.label.yearSuffix("Baert & Vujić (2016)", year: 2016) == nil)
        #expect(NameFormat.semicolon.yearSuffix("Baert (2016c)", year: 2016) == nil)
        // The letter tells apart works of the label's year only.
        #expect(NameFormat.label.yearSuffix("Baert et al. (2016c)", year: 2017) == nil)
        #expect(NameFormat.label.yearSuffix("Baert et al. (2016c)", year: nil) == nil)
    }

    /// Before: "Albert. (2011)." and "Baert. (2016a)." … "Baert. (2016e)." — the label's
    /// "et al." lost and its letters renamed.
    @Test func apaPrintsEtAlAndKeepsTheRegistersLetters() throws {
        let knowledgeBase = try Self.registerKB()
        for style in [ExportStyle.apa, .markdown] {
            let text = try Self.export(knowledgeBase, style)
            let heads = Self.lines(text, containing: "register as").map { String($0.prefix { $0 != ")" }) + ")" }
            // An incomplete list sorts after the lists that share its known names.
            #expect(heads == ["Albert et al. (2011)", "Baert. (2016)", "Baert, & Vujić. (2016)", "Baert et al. (2016a)", "Baert et al. (2016b)",
                              "Baert et al. (2016c)"], "\(style)")
            // Each entry's letter is the register's own (its label is in the untitled description).
            for line in Self.lines(text, containing: "Baert et al. (2016") {
                let letter = line.dropFirst("Baert et al. (2016".count).prefix(1)
                #expect(line.contains("as 'Baert et al. (2016\(letter))'"), "\(line)")
            }
        }
    }

    @Test func everyFormatSaysTheListIsIncomplete() throws {
        let knowledgeBase = try Self.registerKB()
        let albert = try #require(try sources(knowledgeBase, where: "doi = '10.1080/09585192.2011.540160'").first)
        let bibtex = try Self.export(knowledgeBase, .bibtex)
        #expect(Self.lines(bibtex, containing: "author").filter { $0.hasSuffix("= {Albert and others},") }.count == 1)
        let ris = try Self.export(knowledgeBase, .ris)
        let record = try #require(ris.components(separatedBy: "ER  - \n").first { $0.contains("ID  - \(albert.slug)\n") })
        #expect(record.contains("AU  - Albert,\n"), "a family name alone keeps its comma, or RIS reads an organisation")
        #expect(record.contains("N1  - \(ExportFields.risIncompleteNote)\n"))
        let json = try Self.export(knowledgeBase, .cslJSON)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let item = try #require(items.first { $0["id"] as? String == albert.slug })
        #expect((item["author"] as? [[String: String]]) == [["family": "Albert"]])
        #expect((item["custom"] as? [String: Bool]) == [ExportFields.cslCustomIncomplete: true])
        #expect(items.first { $0["DOI"] as? String == "10.1016/j.joep.2016.10.002" }?["year-suffix"] as? String == "c")
        #expect(items.first { $0["DOI"] as? String == "10.1007/s10198-014-0656-7" }?["custom"] == nil, "Baert (2016) is complete")
        let csv = try Self.export(knowledgeBase, .csv)
        #expect(Self.lines(csv, containing: albert.slug).contains { $0.contains("Albert et al. (2011).") })
        let claims = try Self.export(knowledgeBase, .markdown, "claims where source = \(albert.slug)")
        #expect(claims.contains("| Albert et al. (2011) |"))
        #expect(APAStyle.inText(albert) == "Albert et al. (2011)")
        let baertC = try #require(try sources(knowledgeBase, where: "doi = '10.1016/j.joep.2016.10.002'").first)
        #expect(APAStyle.inText(baertC) == "Baert et al. (2016c)")
        #expect(Self.lines(csv, containing: baertC.slug).contains { $0.contains("Baert et al. (2016c).") })
    }

    /// RIS and CSL-JSON carry the mark back into kb (BibTeX's `and others` always did).
    @Test(arguments: [ExportStyle.ris, .cslJSON, .bibtex])
    func theMarkSurvivesExportAndImport(style: ExportStyle) throws {
        let first = try Self.export(try Self.registerKB(), style)
        let copy = try KnowledgeBase.inMemory()
        _ = try Importer(copy).run([ImportInput(name: "export.\(style.fileExtension)", bytes: Array(first.utf8))])
        let albert = try #require(try sources(copy).first { $0.authors.first?.family == "Albert" })
        #expect(ExportFields.authorsIncomplete(albert))
        #expect(albert.authors == [Contributor(family: "Albert")])
        #expect(albert.note?.contains(ExportFields.risIncompleteNote) != true)
        #expect(try Self.export(copy, style) == first)
    }

    @Test func incompleteListsEndInEtAlWithoutAnAmpersand() {
        func line(_ people: [Contributor]) -> String {
            APAStyle.reference(for: Source(slug: "s", title: "T", issued: PartialDate(year: 2020), extra: #"{"kb-authors-incomplete":true}"#,
                                           contributors: people)).plainText
        }
        #expect(line([Contributor(family: "Albert")]).hasPrefix("Albert et al. (2020). T."))
        #expect(line([Contributor(family: "Noy", given: "Shakked")]).hasPrefix("Noy, S., et al. (2020)."))
        #expect(line([Contributor(family: "Noy", given: "S."), Contributor(family: "Zhang", given: "W.")]).hasPrefix("Noy, S., Zhang, W., et al. (2020)."))
        // APA lists 20 authors, or 19, an ellipsis and the last: the last is unknown here.
        let many = line((1...25).map { Contributor(family: "Author\($0)", given: "A.") })
        #expect(many.hasPrefix((1...19).map { "Author\($0), A." }.joined(separator: ", ") + ", et al. (2020)."))
    }

    @Test func givenLettersAreKeptAndTheOthersTakeFreeOnes() {
        #expect(APAStyle.suffixes(given: ["c"]) == ["c"])
        #expect(APAStyle.suffixes(given: [nil]) == [""])
        #expect(APAStyle.suffixes(given: [nil, nil]) == ["a", "b"])
        #expect(APAStyle.suffixes(given: [nil, "a", "c"]) == ["b", "a", "c"])
        #expect(APAStyle.suffixes(given: ["a", "a"]) == ["a", "b"])
    }

    /// A letter is the label's while the authors are the label's family names; once a full
    /// list (with given names) is known, APA's rule assigns letters.
    @Test func aGivenLetterIsHonouredOnlyForTheLabelsNames() {
        let extra = #"{"year-suffix":"b"}"#
        let label = Source(slug: "d", title: "T", issued: PartialDate(year: 2010), extra: extra, contributors: [Contributor(family: "Drydakis")])
        #expect(APAStyle.reference(for: label).plainText.hasPrefix("Drydakis. (2010b)."))
        var full = label
        full.contributors = [Contributor(family: "Drydakis", given: "Nick")]
        #expect(APAStyle.reference(for: full).plainText.hasPrefix("Drydakis, N. (2010)."))
    }
}

/// Issue 12, item 12: names in scripts without initials (Han, kana, Hangul) are neither inverted
/// with a comma nor initialised, as citeproc-js prints them; alphabetic scripts are.
struct NameScriptTests {
    static func line(_ people: [Contributor]) -> String {
        APAStyle.reference(for: Source(slug: "s", title: "T", issued: PartialDate(year: 2012), contributors: people)).plainText
    }

    /// Before: "王, 小." — a Chinese given name reduced to an initial.
    @Test func cjkNamesPrintFamilyThenGivenWhole() {
        #expect(Self.line([Contributor(family: "王", given: "小明")]).hasPrefix("王小明. (2012). T."))
        #expect(Self.line([Contributor(family: "山田", given: "太郎"), Contributor(family: "Noy", given: "Shakked")]).hasPrefix("山田太郎, & Noy, S. (2012)."))
        #expect(APAReference.displayName(Contributor(family: "김", given: "민수")) == "김민수")
        #expect(APAReference.sortOrderName(Contributor(family: "王", given: "Xiaoming")) == "王 Xiaoming")
    }

    @Test func alphabeticScriptsAreInitialisedAndOthersKeptWhole() {
        #expect(APAReference.sortOrderName(Contributor(family: "Иванов", given: "Пётр")) == "Иванов, П.")
        #expect(APAReference.sortOrderName(Contributor(family: "Παπαδόπουλος", given: "Γιώργος")) == "Παπαδόπουλος, Γ.")
        #expect(APAReference.sortOrderName(Contributor(family: "Nguyễn", given: "Thị Minh")) == "Nguyễn, T. M.")
        #expect(APAReference.sortOrderName(Contributor(family: "Kim", given: "민수")) == "Kim, 민수")
    }
}
