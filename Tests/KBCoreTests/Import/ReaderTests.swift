import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

struct RISReaderTests {
    @Test func repeatedTagsContinuationLinesCRLFAndBOM() throws {
        let batch = try RISReader.read(SourceText(name: "r.ris", text: try TextEncoding.utf8.decode(try Fixtures.bytes("import/repeated-tags.ris"), file: "r.ris")), skipInvalid: false)
        let sources = batch.sources.map(\.source)
        #expect(sources.count == 2)
        #expect(sources[0].type == "article-journal")
        #expect(sources[0].authors.map(\.displayName) == ["Noy, S.", "Zhang, W."])
        #expect(sources[0].title == "Experimental evidence on the productivity effects of generative artificial intelligence")
        #expect(sources[0].containerTitle == "Science")
        #expect(sources[0].page == "187-192")
        #expect(sources[0].doi == "10.1126/science.adh2586")
        #expect(SourceExtra.decode(sources[0].extra)["keyword"] as? String == "productivity, writing")
        #expect(batch.sources[0].key == "noy")
        #expect(sources[1].type == "report")
        #expect(sources[1].authors == [Contributor(literal: "World Economic Forum")])
        #expect(sources[1].issued == PartialDate(year: 2025, month: 1, day: 7))
    }

    @Test func structuralErrors() {
        let cases: [(String, String, Int)] = [
            ("AU  - Smith, J.\nER  - \n", "ris.outside-record", 1),
            ("TY  - JOUR\nTI  - No end\n", "ris.missing-er", 1),
            ("TY  - JOUR\nER  - \nER  - \n", "ris.unexpected-er", 3),
            ("some text\nTY  - JOUR\nER  - \n", "ris.expected-tag", 1),
        ]
        for (text, id, line) in cases {
            do {
                _ = try RISReader.read(SourceText(name: "x.ris", text: text), skipInvalid: false)
                Issue.record("expected \(id)")
            } catch let error as Diagnostic {
                #expect(error.id == id, "\(text)")
                #expect(error.location.line == line, "\(text)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    /// Every invalid record of a file is told at once, each at its line and column: the reading
    /// goes on past a record not closed and past lines outside any record (up to the next `TY`
    /// or `ER`, so a record whose `TY` line is mangled is told once).
    @Test func everyInvalidRecordIsToldAtOnce() throws {
        let text = """
            TY  - JOUR
            TI  - Unclosed record
            TY  - JOUR
            TI  - Good record
            ER  - \nTY - JOUR
            TI  - Mangled type line
            AU  - Synthetic, A.
            ER  - \nTY  - JOUR
            TI  - Last unclosed record

            """
        do {
            _ = try RISReader.read(SourceText(name: "x.ris", text: text), skipInvalid: false)
            Issue.record("expected three errors")
        } catch let list as DiagnosticList {
            #expect(list.diagnostics.map(\.id) == ["ris.missing-er", "ris.expected-tag", "ris.missing-er"])
            #expect(list.diagnostics.map(\.location.line) == [1, 6, 10])
            #expect(list.diagnostics.map(\.location.column) == [1, 1, 1])
        }
        // --skip-invalid leaves out the unclosed records, but not the lines outside a record.
        #expect(throws: Diagnostic.self) { try RISReader.read(SourceText(name: "x.ris", text: text), skipInvalid: true) }
        let unclosed = text.replacingOccurrences(of: "TY - JOUR", with: "TY  - JOUR")
        let skipped = try RISReader.read(SourceText(name: "x.ris", text: unclosed), skipInvalid: true)
        #expect(skipped.skipped.map(\.location.line) == [1, 10])
        #expect(skipped.sources.map(\.source.title) == ["Good record", "Mangled type line"])
    }
}

struct CSLJSONReaderTests {
    @Test func zoteroExtrasAreTolerated() throws {
        let batch = try CSLJSONReader.read(SourceText(name: "z.json", text: try Fixtures.text("import/zotero-extras.json")), skipInvalid: false)
        let sources = batch.sources.map(\.source)
        #expect(batch.sources.map(\.key) == ["lee2022", "raw"])
        #expect(sources[0].issued == PartialDate(year: 2022, month: 5))
        #expect(sources[0].authors == [Contributor(family: "Lee", given: "Kim"), Contributor(literal: "The Lab")])
        #expect(sources[0].doi == "10.5555/xyz")
        let extra = SourceExtra.decode(sources[0].extra)
        #expect(extra["abstract"] as? String == "An abstract.")
        #expect(extra["custom-zotero-field"] == nil)
        #expect(sources[1].issued == PartialDate(year: 2019, month: 11, day: 2))
    }

    @Test func invalidItemsAreNamedWithTheirPosition() throws {
        let text = SourceText(name: "bad.json", text: try Fixtures.text("import/invalid-type.json"))
        do {
            _ = try CSLJSONReader.read(text, skipInvalid: false)
            Issue.record("expected errors")
        } catch let list as DiagnosticList {
            #expect(list.diagnostics.map(\.id) == ["csl.missing-type", "csl.unknown-type"])
            #expect(list.diagnostics[0].message == "item 1 (zero-based), id 'bad' has an empty 'type'")
            #expect(list.diagnostics[0].location.line == 3)
            #expect(list.diagnostics[1].help == "did you mean 'article-journal'?")
        }
        let skipped = try CSLJSONReader.read(text, skipInvalid: true)
        #expect(skipped.sources.count == 1)
        #expect(skipped.skipped.count == 2)
    }

    @Test func notAnArray() {
        #expect(throws: Diagnostic.self) { try CSLJSONReader.read(SourceText(name: "o.json", text: "{\"sources\": []}"), skipInvalid: false) }
        #expect(throws: Diagnostic.self) { try CSLJSONReader.read(SourceText(name: "o.json", text: "[{\"id\": 1,}"), skipInvalid: false) }
    }
}

struct CSVParserTests {
    func records(_ text: String) throws -> [[String]] {
        var parser = CSVParser(text: SourceText(name: "t.csv", text: text))
        var out: [[String]] = []
        while let record = try parser.next() { out.append(record.fields) }
        return out
    }

    @Test func rfc4180() throws {
        #expect(try records("a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n2,\"two\nlines\",\n") == [
            ["a", "b", "c"], ["1", "x, y", "say \"hi\""], ["2", "two\nlines", ""],
        ])
        #expect(try records("\u{FEFF}h\n\nv\n") == [["h"], ["v"]])
    }

    @Test func recordsKnowTheirLine() throws {
        var parser = CSVParser(text: SourceText(name: "t.csv", text: "h\n\"a\nb\"\nc\n"))
        _ = try parser.next()
        #expect(try parser.next()?.line == 2)
        #expect(try parser.next()?.line == 4)
    }

    @Test func malformedFieldsAreErrorsAtTheirColumn() {
        let cases: [(String, String, Int, Int)] = [
            ("a,b\n1,x\"y\n", "csv.stray-quote", 2, 4),
            ("a,b\n1,\"x\"y\n", "csv.text-after-quote", 2, 6),
            ("a,b\n1,\"never closed\n", "csv.unclosed-quote", 2, 3),
            // An unbalanced quote that runs on until a later line's quoted field closes it: told
            // where it opened, not where the text after the closing quote is (line 4).
            ("a,b\n1,\"unterminated\n2,x\n3,\"y\"z\n", "csv.unbalanced-quote", 2, 3),
        ]
        for (text, id, line, column) in cases {
            do {
                _ = try records(text)
                Issue.record("expected \(id)")
            } catch let error as Diagnostic {
                #expect(error.id == id)
                #expect(error.location.line == line)
                #expect(error.location.column == column)
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }
}

struct MappingExpressionTests {
    func evaluate(_ text: String, _ row: [String: String] = [:]) throws -> MappingValue {
        try MappingExpressionParser.parse(text).evaluate { name in row[name].map(MappingValue.text) ?? .null }
    }

    @Test func arithmeticOverColumns() throws {
        #expect(try evaluate("tested_maj + tested_min", ["tested_maj": "55", "tested_min": "67"]) == .number(122))
        #expect(try evaluate("round((a / b) / (c / d), 3)", ["a": "11", "b": "67", "c": "21", "d": "55"]) == .number(0.43))
        #expect(try evaluate("number(x)", ["x": "12,054"]) == .number(12054))
        #expect(try evaluate("-x * 2", ["x": "\u{2212}1.5"]) == .number(3))
    }

    @Test func emptyCellsStayUnknown() throws {
        #expect(try evaluate("a + b", ["a": "3"]) == .null)
        #expect(try evaluate("a / b", ["a": "3", "b": "0"]) == .null)
        #expect(try evaluate("empty(a) and not empty(b)", ["b": "x"]) == .bool(true))
    }

    @Test func functionsAndComparisons() throws {
        #expect(try evaluate("lower(trim(before(Author, ',')))", ["Author": " Acquisti, Alessandro; Fong"]) == .text("acquisti"))
        #expect(try evaluate("coalesce(a, b, 'z')", ["b": "y"]) == .text("y"))
        #expect(try evaluate("if(n >= 100, 'big', 'small')", ["n": "99"]) == .text("small"))
        #expect(try evaluate("`N (O)` > 10", ["N (O)": "24"]) == .bool(true))
        #expect(try evaluate("hash(a, b)", ["a": "x", "b": "y"]) == (try evaluate("hash(a, b)", ["a": "x", "b": "y"])))
        #expect(try evaluate("hash(a, b)", ["a": "x", "b": "y"]) != (try evaluate("hash(a, b)", ["a": "x", "b": "z"])))
        #expect(try evaluate("year(d)", ["d": "published 2019-05"]) == .number(2019))
    }

    @Test func syntaxErrorsHaveAnOffset() {
        for (text, offset) in [("a +", 3), ("frob(a)", 0), ("(a", 2), ("a $ b", 2)] {
            do {
                _ = try MappingExpressionParser.parse(text)
                Issue.record("expected an error for \(text)")
            } catch let failure as MappingExpressionParser.Failure {
                #expect(failure.offset == offset, "\(text)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }
}

struct TextEncodingTests {
    @Test func invalidUTF8IsAnErrorWithItsPlace() throws {
        let bytes: [UInt8] = Array("a,b\n1,caf".utf8) + [0xE9] + Array("\n".utf8)
        do {
            _ = try TextEncoding.utf8.decode(bytes, file: "x.csv")
            Issue.record("expected an error")
        } catch let error as Diagnostic {
            #expect(error.id == "import.invalid-utf8")
            #expect(error.location.line == 2)
            #expect(error.location.column == 6)
            #expect(error.help?.contains("--encoding windows-1252") == true)
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(try TextEncoding.windows1252.decode(bytes, file: "x.csv") == "a,b\n1,café\n")
        #expect(try TextEncoding.windows1252.decode([0x84, 0x93, 0x94], file: "x") == "„“”")
    }

    @Test func nulBytesAreRefused() {
        #expect(throws: Diagnostic.self) { try TextEncoding.utf8.decode([0x61, 0x00, 0x62], file: "x") }
    }
}
