import Foundation
import Testing
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBStore

/// RIS and CSL-JSON files are checked whole, then converted in parts, each part's records read
/// again from the file (``RecordsInParts``): the import must leave exactly what the file read
/// whole leaves — every row, and the report — as a BibTeX file's parts do (``BibTeXPartsImportTests``).
struct BibliographyPartsImportTests {
    /// One work of the generated files: works recur (the same DOI; the same title, year and first
    /// author without one) and disagree on details.
    struct Work {
        var title: String
        var year: Int
        var doi: String?
        var pages: String
        var authors: [(family: String, given: String)]

        static func make(_ random: inout SeededRandom) -> Work {
            let work = Int.random(in: 0..<40, using: &random)
            let retitled = Int.random(in: 0..<100, using: &random) < 10
            let coauthor = Int.random(in: 0..<100, using: &random) < 15
            return Work(title: retitled ? "Retitled work \(work)" : "Work \(work): a study of café workers", year: 2010 + work % 10,
                        doi: work % 5 == 2 ? nil : "10.5555/W\(work)", pages: Int.random(in: 0..<100, using: &random) < 20 ? "\(work)-\(work + 9)" : "1-10",
                        authors: [("Doe", "Jane")] + (coauthor ? [("Roe", "Richard")] : []))
        }
    }

    /// RIS records, keys (`ID`) used twice far apart, a record not closed by `ER` when `broken`.
    static func ris(seed: UInt64, count: Int, broken: Bool) -> String {
        var random = SeededRandom(seed: seed)
        var lines: [String] = []
        for index in 0..<count {
            let work = Work.make(&random)
            let key = Int.random(in: 0..<100, using: &random) < 4 && index > 10 ? "k\(Int.random(in: 0..<index, using: &random))" : "k\(index)"
            lines += ["TY  - JOUR", "ID  - \(key)", "TI  - \(work.title)"] + work.authors.map { "AU  - \($0.family), \($0.given)" }
            lines += ["PY  - \(work.year)", "JO  - Journal of Tests", "SP  - \(work.pages)"] + (work.doi.map { ["DO  - \($0)"] } ?? [])
            if broken, Int.random(in: 0..<100, using: &random) < 3 { continue }
            lines.append("ER  - ")
            lines.append("")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// CSL-JSON items, keys (`id`, or a `citation-key` beside it) used twice, numeric ids, an
    /// item without a type when `broken`.
    static func csl(seed: UInt64, count: Int, broken: Bool) -> String {
        var random = SeededRandom(seed: seed)
        var items: [String] = []
        for index in 0..<count {
            let work = Work.make(&random)
            let roll = Int.random(in: 0..<100, using: &random)
            let key = roll >= 88 && roll < 94 && index > 10 ? "k\(Int.random(in: 0..<index, using: &random))" : "k\(index)"
            let id = roll < 8 ? "\(index)" : "\"\(key)\""
            let citationKey = roll >= 8 && roll < 12 ? ", \"citation-key\": \"\(key)\"" : ""
            let type = broken && roll >= 96 ? "" : "\"type\": \"article-journal\", "
            let authors = work.authors.map { "{\"family\": \"\($0.family)\", \"given\": \"\($0.given)\"}" }.joined(separator: ", ")
            let doi = work.doi.map { ", \"DOI\": \"\($0)\"" } ?? ""
            items.append("""
                {\(type)"id": \(id)\(citationKey), "title": "\(work.title)", "author": [\(authors)],
                 "issued": {"date-parts": [[\(work.year)]]}, "container-title": "Journal of Tests", "page": "\(work.pages)"\(doi)}
                """)
        }
        return "[\n" + items.joined(separator: ",\n") + "\n]\n"
    }

    /// Parts of one record, of a few and of more than the file, the records matched kept in
    /// memory or (even seeds) aside on disk: the same rows, ids and report as the file read whole.
    @Test(arguments: ["refs.ris", "refs.json"], [(1, 1), (2, 7), (3, 64), (4, 10_000)])
    func aFileImportedInPartsEqualsItReadWhole(file: String, parts: (seed: Int, entriesPerPart: Int)) throws {
        let text = file.hasSuffix(".ris") ? Self.ris(seed: UInt64(parts.seed), count: 300, broken: true) : Self.csl(seed: UInt64(parts.seed), count: 300, broken: true)
        let result = try BibTeXPartsImportTests.both([(file, text)], skipInvalid: true, entriesPerPart: parts.entriesPerPart,
                                                     spillFrom: parts.seed % 2 == 0 ? 1 : DigestRuns.defaultSpillFrom, name: "\(file)\(parts.seed)")
        for wanted in ["skipped ", "conflict ", "merge ", "source: "] {
            #expect(result.whole.contains { $0.hasPrefix(wanted) }, "the file gives no \(wanted)")
        }
        #expect(result.whole.contains { $0.contains("names 2 entries of \(file)") }, "no duplicate key marked for the audit")
        #expect(StreamingImportTests.firstDifference(result.parts, result.whole) == nil)
    }

    /// Without `--skip-invalid`, every invalid item of the file is named, in order, whichever
    /// part it is in, and nothing is written; so is every RIS record left open.
    @Test func invalidRecordsFailTheImportAsReadingWholeDoes() throws {
        let csl = try BibTeXPartsImportTests.both([("a.json", Self.csl(seed: 7, count: 200, broken: true))], skipInvalid: false, entriesPerPart: 9, name: "cslfail")
        #expect(csl.whole.prefix { $0.hasPrefix("error ") }.count > 2, "the file has too few invalid items")
        #expect(StreamingImportTests.firstDifference(csl.parts, csl.whole) == nil)
        let ris = try BibTeXPartsImportTests.both([("a.ris", Self.ris(seed: 8, count: 200, broken: true))], skipInvalid: false, entriesPerPart: 9, name: "risfail")
        let risErrors = ris.whole.prefix { $0.hasPrefix("error ") }
        #expect(risErrors.count > 1, "every record left open is told")
        #expect(risErrors.allSatisfy { $0.hasPrefix("error ris.missing-er") })
        #expect(StreamingImportTests.firstDifference(ris.parts, ris.whole) == nil)
        // and nothing is written: the KB as it was
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-bibparts-\(getpid())-risuntouched")
        defer { try? FileManager.default.removeItem(at: directory) }
        let untouched = try StreamingImportTests.dump(try BibTeXPartsImportTests.knowledgeBase(directory, stored: BibTeXPartsImportTests.entries(seed: 99, count: 30, broken: false)))
        #expect(Array(ris.parts.drop { $0.hasPrefix("error ") }) == untouched)
    }

    /// A CSL-JSON file's invalid items fail its reading, before a later file's error is met,
    /// as reading it whole does (review of b6103c5).
    @Test func invalidItemsAreNamedBeforeALaterFilesError() throws {
        let files = [("a.json", #"[{"id":"a","title":"no type"},{"id":"b","type":"book"}]"#), ("b.bib", "@article{x, title = {never closed, year = {2001}\n")]
        let result = try BibTeXPartsImportTests.both(files, skipInvalid: false, entriesPerPart: 1, name: "laterError")
        #expect(result.whole.first?.hasPrefix("error csl.missing-type") == true, "\(result.whole.prefix(2))")
        #expect(StreamingImportTests.firstDifference(result.parts, result.whole) == nil)
    }

    /// Three formats in one import, recurring works across them, a dry run: the same outcome.
    @Test func threeFormatsInOneImport() throws {
        let files = [("a.ris", Self.ris(seed: 11, count: 80, broken: false)), ("b.json", Self.csl(seed: 12, count: 80, broken: false)),
                     ("c.bib", BibTeXPartsImportTests.entries(seed: 13, count: 80, broken: false))]
        let result = try BibTeXPartsImportTests.both(files, skipInvalid: false, entriesPerPart: 6, readAgainFrom: 0, spillFrom: 1, name: "three")
        #expect(result.whole.filter { $0.hasPrefix("file ") }.count == 3)
        #expect(StreamingImportTests.firstDifference(result.parts, result.whole) == nil)
        let dry = try BibTeXPartsImportTests.both(files, skipInvalid: false, entriesPerPart: 6, readAgainFrom: 0, spillFrom: 1, dryRun: true, name: "threedry")
        #expect(StreamingImportTests.firstDifference(dry.parts, dry.whole) == nil)
    }

    /// The members a CSL-JSON item's key and validity are read from without parsing it: strings
    /// with escapes, numbers, nested values skipped, a name given twice (the last, as Foundation).
    @Test func membersAreReadAsFoundationReadsThem() throws {
        let json = #"{"note": {"id": "inner", "x": [1, {"type": "book"}]}, "id": 12, "title": "a \"quoted\", title", "typ\u0065": "book", "citation-key": "k\u00e9", "id": 13}"#
        let bytes = Array(json.utf8)
        let members = try #require(JSONItemLocator.members(["id", "type", "citation-key"], ofObjectAt: 0, before: bytes.count, in: InputBytes(bytes)))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect((members["id"] as? NSNumber)?.stringValue == (parsed["id"] as? NSNumber)?.stringValue)
        #expect(members["type"] as? String == "book")
        #expect(members["citation-key"] as? String == "ké")
        #expect(JSONItemLocator.members(["id"], ofObjectAt: 0, before: 3, in: InputBytes(Array("[1]".utf8))) == nil)
    }
}
