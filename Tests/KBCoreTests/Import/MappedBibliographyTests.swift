import Foundation
import Testing
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBStore

/// A large bibliography is read from its file mapped, its pages let go as it is read
/// (``InputBytes``, ``Importer/readMapped(_:options:)``): the import must leave what the same
/// bytes read into memory leave, and every line number must be the file's.
struct MappedBibliographyTests {
    static func text(_ file: String, seed: UInt64, count: Int) -> String {
        if file.hasSuffix(".ris") { return BibliographyPartsImportTests.ris(seed: seed, count: count, broken: true) }
        if file.hasSuffix(".json") { return BibliographyPartsImportTests.csl(seed: seed, count: count, broken: true) }
        return BibTeXPartsImportTests.entries(seed: seed, count: count, broken: true)
    }

    /// Each format, its pages let go every kilobyte (hundreds of times an import) or never,
    /// the records matched in memory or on disk; then with a byte-order mark and CRLF line ends.
    /// Then (seed 4) BibTeX and CSL-JSON on one line, as minified JSON comes: the line table
    /// notes places within a long line too.
    @Test(arguments: ["refs.bib", "refs.ris", "refs.json"], [(1, 7, 1 << 10), (2, 64, 1 << 30), (3, 5, 1 << 12), (4, 9, 1 << 12)])
    func aMappedFileImportsAsItsBytesDo(file: String, run: (seed: Int, entriesPerPart: Int, dropDistance: Int)) throws {
        var text = Self.text(file, seed: UInt64(run.seed), count: 300)
        if run.seed == 3 { text = "\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n") }
        if run.seed == 4, !file.hasSuffix(".ris") { text = text.replacingOccurrences(of: "\n", with: " ") }
        let result = try BibTeXPartsImportTests.both([(file, text)], skipInvalid: true, entriesPerPart: run.entriesPerPart, readAgainFrom: 1,
                                                     spillFrom: run.seed == 2 ? 1 : DigestRuns.defaultSpillFrom, mappedDropDistance: run.dropDistance,
                                                     name: "mapped\(run.seed)\(file)")
        for wanted in ["skipped ", "conflict ", "source: "] {
            #expect(result.whole.contains { $0.hasPrefix(wanted) }, "the file gives no \(wanted)")
        }
        #expect(StreamingImportTests.firstDifference(result.parts, result.whole) == nil)
    }

    /// Which inputs are mapped: a bibliography read from its path, in UTF-8, of
    /// ``ImportOptions/readAgainFrom`` bytes or more; not one given as bytes, a smaller one, a
    /// CSV, one read whole (no parts) or in another encoding.
    @Test func whichInputsAreMapped() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-mapped-which-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let knowledgeBase = try KnowledgeBase.open(path: directory.appendingPathComponent("kb.sqlite").path)
        var options = ImportOptions(changeContext: StreamingImportTests.context)
        options.readAgainFrom = 2_000
        options.skipInvalid = true
        func mapped(_ name: String, _ text: String, _ options: ImportOptions, asBytes: Bool = false) throws -> Bool {
            let path = directory.appendingPathComponent(name).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            let input = asBytes ? ImportInput(name: name, bytes: Array(text.utf8)) : ImportInput(name: name, path: path)
            return try Importer(knowledgeBase).readMapped(input, options: options) != nil
        }
        for file in ["refs.bib", "refs.ris", "refs.json"] {
            #expect(try mapped(file, Self.text(file, seed: 4, count: 40), options), "\(file)")
            #expect(try !mapped(file, Self.text(file, seed: 4, count: 40), options, asBytes: true))
            #expect(try !mapped(file, Self.text(file, seed: 4, count: 2), options), "\(file) is below the size")
        }
        var whole = options
        whole.entriesPerPart = nil
        #expect(try !mapped("refs.bib", Self.text("refs.bib", seed: 4, count: 40), whole))
        var latin = options
        latin.encoding = .latin1
        #expect(try !mapped("refs.bib", Self.text("refs.bib", seed: 4, count: 40), latin))
        #expect(try !mapped("rows.csv", "a,b\n" + String(repeating: "1,2\n", count: 1_000), options))
    }

    /// A file that is not UTF-8, or only blank, is not mapped: it fails as its bytes do, at the
    /// same line; and a mapped file's invalid records are named as its bytes' are.
    @Test func filesThatFailFailAsTheirBytesDo() throws {
        let latin = "@article{a, title = {Caf\u{E9}}, year = {2001}}\n"
        let files: [[(String, String)]] = [
            [("blank.bib", "  \n\n\t\n")],
            [("bom-blank.json", "\u{FEFF} \n\n")],
            [("invalid.json", BibliographyPartsImportTests.csl(seed: 9, count: 60, broken: true))],
            [("open.ris", BibliographyPartsImportTests.ris(seed: 10, count: 60, broken: true))],
        ]
        for (index, set) in files.enumerated() {
            let result = try BibTeXPartsImportTests.both(set, skipInvalid: false, entriesPerPart: 4, readAgainFrom: 1, mappedDropDistance: 256, name: "mappedfail\(index)")
            #expect(result.whole.first?.hasPrefix("error ") == true, "\(set[0].0): \(result.whole.prefix(1))")
            #expect(StreamingImportTests.firstDifference(result.parts, result.whole) == nil)
        }
        // Latin-1 bytes: not mapped, read whole, and its decoding's error at its line.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-mapped-latin-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("latin.bib").path
        try Data("% a comment line\n".utf8 + Array(latin.unicodeScalars.map { UInt8($0.value) })).write(to: URL(fileURLWithPath: path))
        #expect(try TextEncoding.mappedSourceText(path: path, file: "latin.bib") == nil)
        let knowledgeBase = try KnowledgeBase.open(path: directory.appendingPathComponent("kb.sqlite").path)
        var options = ImportOptions(changeContext: StreamingImportTests.context)
        options.readAgainFrom = 1
        #expect { try Importer(knowledgeBase).run([ImportInput(name: "latin.bib", path: path)], options: options) } throws: { error in
            let diagnostic = (error as? Diagnostic) ?? (error as? DiagnosticList)?.diagnostics.first
            return diagnostic?.id == "import.invalid-utf8" && diagnostic?.location.firstLineNumber == 2
        }
    }

    /// A RIS file changed under the import, between its first reading and a part's: the part
    /// is not imported (a record read again must be the one found where it was).
    @Test func aRISFileChangedUnderTheImportIsRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-mapped-changed-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("c.ris").path
        let text = BibliographyPartsImportTests.ris(seed: 31, count: 20, broken: false)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let mapped = try #require(try TextEncoding.mappedSourceText(path: path, file: "c.ris", dropDistance: 1))
        let parsed = try RISReader.Parsed(mapped, skipInvalid: false)
        #expect(try parsed.part(0..<2).sources.count == 2)
        // The same length, the first record blanked out (its lines kept): read again, it is not there.
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        let end = try #require(text.range(of: "ER  - \n"))
        let first = text[..<end.upperBound].map { $0 == "\n" ? "\n" : " " }.joined()
        try handle.write(contentsOf: Data(first.utf8))
        try handle.close()
        #expect { try parsed.part(0..<2) } throws: { ($0 as? Diagnostic)?.id == "ris.read-again" }
    }

    /// The mapped text numbers lines, quotes them and places diagnostics as the text held in
    /// memory does (it notes a place every 32 lines and every 64 KB of a long line), and lets
    /// go of its pages as a reading moves on: the first reading and each part's again.
    @Test func aMappedTextLetsGoOfItsPagesAndKeepsItsLines() throws {
        // Short lines, CRLF, empty lines, and lines longer than ``SourceText/mappedMarkBytes``.
        let long = String(repeating: "% a long comment line ", count: 9_000)
        let text = BibTeXPartsImportTests.entries(seed: 21, count: 400, broken: false).replacingOccurrences(of: "}\n", with: "}\r\n\n")
            .replacingOccurrences(of: "@article{k20,", with: long + "\n" + long + long + "\n@article{k20,") + long
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-mapped-lines-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("m.bib").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let mapped = try #require(try TextEncoding.mappedSourceText(path: path, file: "m.bib", dropDistance: 4096))
        let held = SourceText(name: "m.bib", bytes: Array(text.utf8))
        #expect(mapped.bytes.isMapped && !held.bytes.isMapped)
        #expect(mapped.bytes.elementsEqual(held.bytes))
        let offsets = Array(stride(from: 0, through: held.bytes.count, by: 53)) + Array(held.bytes.count - 300...held.bytes.count)
        #expect(offsets.map { mapped.line(of: $0) } == offsets.map { held.line(of: $0) })
        let lines = held.line(of: held.bytes.count)
        #expect(lines > 2 * SourceText.mappedLineStride)
        #expect((0...(lines + 1)).map { mapped.lineText($0) } == (0...(lines + 1)).map { held.lineText($0) })
        for offset in stride(from: 0, through: held.bytes.count, by: 1009) {
            let (one, other) = (mapped.diagnostic("x", "y", at: offset, length: 3), held.diagnostic("x", "y", at: offset, length: 3))
            #expect(one.location.text == other.location.text && one.location.range == other.location.range && one.location.firstLineNumber == other.location.firstLineNumber)
        }
        let dropsBefore = mapped.bytes.drops
        let parsed = try BibTeXReader.Parsed(mapped, skipInvalid: false, readingPartsAgainEvery: 16)
        let whole = try BibTeXReader.read(held, skipInvalid: false)
        var sources: [Source] = []
        for start in stride(from: 0, to: parsed.recordCount, by: 16) {
            sources += try parsed.part(start..<min(parsed.recordCount, start + 16), markingDuplicateKeys: false).sources.map(\.source)
        }
        #expect(sources == whole.sources.map(\.source))
        #expect(mapped.bytes.drops - dropsBefore >= held.bytes.count / 4096, "\(mapped.bytes.drops - dropsBefore) drops over \(held.bytes.count) bytes")
    }
}
