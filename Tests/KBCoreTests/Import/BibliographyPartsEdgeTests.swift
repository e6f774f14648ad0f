import Foundation
import Testing
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBStore

/// Edge cases of bibliographies read in parts (from the review of b6103c5): RIS against the
/// reader it replaced, CSL-JSON's odd shapes and strings, BibTeX `@string`s redefined between
/// checkpoints, and which error two broken files report.
struct BibliographyPartsEdgeTests {
    /// `RISReader.read` as it was before the parts (35a85a9), verbatim: the reference the
    /// byte scanner must agree with (the equivalence tests' "whole" reading is the scanner too).
    static func oldRIS(_ text: SourceText, skipInvalid: Bool) throws -> ImportBatch {
        var batch = ImportBatch(file: text.name, format: .ris)
        var records: [RISReader.Record] = []
        var current: RISReader.Record?
        let content = String(decoding: text.bytes, as: UTF8.self)
        var lineNumber = 0
        for rawLine in content.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            var line = rawLine
            if line.hasSuffix("\r") { line = line.dropLast() }
            if lineNumber == 1, line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            if let (tag, value) = RISReader.tag(of: line) {
                let trimmed = value.trimmed
                if tag == "TY" {
                    if let open = current {
                        let problem = text.diagnostic("ris.missing-er", "the record starting at line \(open.line) has no 'ER  - ' before the next 'TY'",
                                                      line: open.line, length: 2, help: "end every record with a line 'ER  - '")
                        guard skipInvalid else { throw problem }
                        batch.skipped.append(problem)
                    }
                    current = RISReader.Record(line: lineNumber, tags: [(tag, trimmed, lineNumber)])
                } else if tag == "ER" {
                    guard let record = current else {
                        throw text.diagnostic("ris.unexpected-er", "'ER' with no record open (no 'TY' before it)", line: lineNumber, length: 2)
                    }
                    records.append(record)
                    current = nil
                } else if current != nil {
                    current?.tags.append((tag, trimmed, lineNumber))
                } else if !trimmed.isEmpty || tag != "ER" {
                    throw text.diagnostic("ris.outside-record", "'\(tag)' outside a record; a record starts with 'TY  - '", line: lineNumber, length: 2,
                                          help: "start each record with a line such as 'TY  - JOUR'")
                }
            } else if !line.trimmed.isEmpty {
                guard current != nil, let last = current?.tags.indices.last else {
                    throw text.diagnostic("ris.expected-tag", "expected a tag line such as 'TY  - JOUR', found text", line: lineNumber,
                                          length: line.count, help: "RIS lines are 'XX  - value' (two letters, two spaces, a hyphen, a space)")
                }
                current?.tags[last].value += " " + line.trimmed
            }
        }
        if let open = current {
            let problem = text.diagnostic("ris.missing-er", "the record starting at line \(open.line) is not closed by 'ER  - ' (the file ends)",
                                          line: open.line, length: 2, help: "end every record with a line 'ER  - '")
            guard skipInvalid else { throw problem }
            batch.skipped.append(problem)
        }
        batch.recordsRead = records.count + batch.skipped.count
        for (index, record) in records.enumerated() {
            let source = RISReader.convert(record, file: text, warnings: &batch.warnings)
            batch.sources.append(IncomingSource(source: source, reference: "#\(index)", key: record.first("ID"), hasExplicitSlug: false))
        }
        return batch
    }

    static func show(_ body: () throws -> ImportBatch) -> [String] {
        do {
            let batch = try body()
            return ["read \(batch.recordsRead)"] + batch.sources.map { "\($0.key ?? "-") \($0.reference) \($0.source)" }
                + batch.warnings.map { "warning \($0.id) \($0.message) \($0.location.firstLineNumber)" }
                + batch.skipped.map { "skipped \($0.id) \($0.message) \($0.location.firstLineNumber)" }
        } catch let d as Diagnostic {
            return ["error \(d.id) \(d.message) \(d.location.firstLineNumber) \(d.location.range)"]
        } catch {
            return ["error \(error)"]
        }
    }

    @Test(arguments: [
        "TY  - JOUR\r\nID  - \r\n  cont-key\r\nTI  - A\r\nER  - \r\n\r\nTY  - JOUR\r\nID  - cont-key\r\nER  - ",
        "\u{FEFF}TY  - JOUR\nTI  - Café\r\r\nAU  - X\r\r\nER  - \r\n",
        "\u{FEFF}\nTY  - BOOK\nTI  - t\nTY  - JOUR\nTI  - u\nER  - \n",
        "TY  - JOUR\nTI  - a\rb\nER  -\nTY  - ZZZ\nTI  - b\n\n",
        "TY  - JOUR\n\u{301}TI  - a\nER  - \n",
        "TY  - JOUR\nTI  - \u{2028}x\nER  - \n",
    ])
    func risOldAndNewAgree(_ input: String) throws {
        for skip in [true, false] {
            for bom in [false, true] {
                let bytes = (bom ? [0xEF, 0xBB, 0xBF] : []) + Array(input.utf8)
                let text = try TextEncoding.utf8.sourceText(bytes, file: "x.ris")
                let old = Self.show { try Self.oldRIS(text, skipInvalid: skip) }
                let new = Self.show { try RISReader.read(text, skipInvalid: skip) }
                #expect(old == new, "skip \(skip) bom \(bom)")
                // and in parts
                let parts = Self.show {
                    let parsed = try RISReader.Parsed(text, skipInvalid: skip)
                    var all = ImportBatch(file: "x.ris", format: .ris)
                    for i in 0..<max(1, parsed.recordCount) {
                        let p = try parsed.part(i..<min(i + 1, parsed.recordCount), markingDuplicateKeys: false)
                        if i == 0 { all.recordsRead = p.recordsRead; all.skipped = p.skipped }
                        all.sources += p.sources; all.warnings += p.warnings
                    }
                    return all
                }
                #expect(old == parts, "parts skip \(skip) bom \(bom)")
            }
        }
    }

    static func cslMinified(count: Int) -> String {
        var items: [String] = []
        for i in 0..<count {
            let key = i % 37 == 5 ? "k\(i / 2)" : "k\(i)"
            let odd = i % 11 == 3 ? #", "note": "x [1, 2], \"q\" ] } {", "custom": {"id": "inner", "type": "zzz", "a": [[1], {"b": "]"}]}"# : ""
            let type = i % 53 == 7 ? "" : #""type": "book", "#
            items.append(#"{\#(type)"id": "\#(key)", "title": "Work \#(i % 40) [x]"\#(odd), "issued": {"date-parts": [[2010]]}}"#)
        }
        return "[" + items.joined(separator: ",") + "]"
    }

    @Test(arguments: [1, 5, 512])
    func cslOneLineWithBOMAndOddStrings(entriesPerPart: Int) throws {
        let text = "\u{FEFF}" + Self.cslMinified(count: 700)
        let result = try BibTeXPartsImportTests.both([("refs.json", text)], skipInvalid: true, entriesPerPart: entriesPerPart, name: "rvcsl\(entriesPerPart)")
        #expect(result.whole.contains { $0.contains("names 2 entries of refs.json") })
        #expect(StreamingImportTests.firstDifference(result.parts, result.whole) == nil)
        let failing = try BibTeXPartsImportTests.both([("refs.json", text)], skipInvalid: false, entriesPerPart: entriesPerPart, name: "rvcslf\(entriesPerPart)")
        #expect(StreamingImportTests.firstDifference(failing.parts, failing.whole) == nil)
    }

    @Test func cslEdgeShapes() throws {
        for (index, text) in ["[]", " [ ]\n", "[[{\"id\":\"a\",\"type\":\"book\"}], 3, \"s\", null, {}]", "{\"a\": 1}", "\"x\"", "[{\"id\":\"a\",\"type\":\"book\",\"id\":\"b\"},{\"id\":\"b\",\"type\":\"book\"}]"].enumerated() {
            for skip in [true, false] {
                let result = try BibTeXPartsImportTests.both([("e.json", text)], skipInvalid: skip, entriesPerPart: 2, name: "rvedge\(index)\(skip)")
                #expect(StreamingImportTests.firstDifference(result.parts, result.whole) == nil, "\(text) skip \(skip)")
            }
        }
    }

    /// Two files: the first with invalid CSL items, the second a broken BibTeX file.
    @Test func whichErrorIsReportedForTwoBadFiles() throws {
        let csl = #"[{"id":"a","title":"no type"},{"id":"b","type":"book"}]"#
        let bib = "@article{x, title = {never closed, year = {2001}\n"
        let result = try BibTeXPartsImportTests.both([("a.json", csl), ("b.bib", bib)], skipInvalid: false, entriesPerPart: 1, name: "rvtwo")
        #expect(StreamingImportTests.firstDifference(result.parts, result.whole) == nil)
        let ris = "TY  - JOUR\nTI  - x\n"
        let result2 = try BibTeXPartsImportTests.both([("a.json", csl), ("c.ris", ris)], skipInvalid: false, entriesPerPart: 1, name: "rvtwo2")
        #expect(StreamingImportTests.firstDifference(result2.parts, result2.whole) == nil)
    }

    static func bibWithStrings(count: Int) -> String {
        var out = ["@string{jr = {Journal A}}"]
        for i in 0..<count {
            if i % 5 == 2 { out.append("@string{jr = {Journal \(i)}}") }
            if i % 9 == 4 { out.append("@article{bad\(i), title = {Never closed, year = {2001}") }
            if i % 13 == 0 { out.append("@proceedings{p\(i), title = {Proc \(i) @ x}, publisher = jr, year = {2019}}") }
            let parent = i % 4 == 1 ? ", crossref = {p\((i / 13 + (i % 8 == 1 ? 1 : 0)) * 13)}" : ""
            out.append("@inproceedings{k\(i % 50 == 7 ? 3 : i), title = {Work \(i % 30)}, booktitle = jr # { x}, year = {2011}\(parent)}")
        }
        return out.joined(separator: "\n") + "\n"
    }

    @Test(arguments: [1, 2, 3, 7])
    func bibtexReadAgainWithStringsBetweenCheckpoints(entriesPerPart: Int) throws {
        let text = Self.bibWithStrings(count: 120)
        let result = try BibTeXPartsImportTests.both([("refs.bib", text)], skipInvalid: true, entriesPerPart: entriesPerPart, readAgainFrom: 0,
                                                     spillFrom: 1, name: "rvbib\(entriesPerPart)")
        #expect(result.whole.contains { $0.hasPrefix("skipped ") })
        #expect(StreamingImportTests.firstDifference(result.parts, result.whole) == nil)
    }
}
