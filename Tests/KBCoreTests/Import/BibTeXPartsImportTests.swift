import Foundation
import GRDB
import Testing
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBStore

/// A BibTeX file is converted in parts while the parts before are matched (``ReadInput``): the
/// import must leave exactly what the file read whole first leaves — every row of every table,
/// and the report (counts, warnings in their order, skipped entries, conflicts, merges).
struct BibTeXPartsImportTests {
    /// Entries whose works recur all over the file (the same DOI; the same title, year and first
    /// author without a DOI), disagreeing on details (conflicts); citation keys used twice far
    /// apart; `crossref`s to a parent before and after the child, and to none; an unclosed entry
    /// when `broken` (skipped with `--skip-invalid`, else the import fails).
    static func entries(seed: UInt64, count: Int, broken: Bool) -> String {
        var random = SeededRandom(seed: seed)
        func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
        var out: [String] = ["@string{jrnl = {Journal of Tests}}", "@proceedings{proc0, title = {Proceedings Zero}, year = {2019}, publisher = {P}}"]
        for index in 0..<count {
            let work = Int.random(in: 0..<40, using: &random)
            let key = chance(4) && index > 10 ? "k\(Int.random(in: 0..<index, using: &random))" : "k\(index)"
            if broken, chance(2) {
                out.append("@article{\(key), title = {Never closed \(index), author = {Doe, Jane}, year = {2001}}")
                continue
            }
            if chance(8) {
                let parent = ["proc0", "proc1", "missing\(index)"][Int.random(in: 0..<3, using: &random)]
                out.append("@inproceedings{\(key), crossref = {\(parent)}, title = {Paper \(work) at the meeting}, author = {Roe, Richard and Poe, E. A.}}")
                continue
            }
            let doi = work % 5 == 2 ? "" : "  doi = {10.5555/W\(work)},\n"
            let title = chance(10) ? "Retitled {W}ork \(work)" : "Work \(work): a {S}tudy of Caf\\'e Workers"
            let pages = chance(20) ? "\(work)--\(work + 9)" : "1--10"
            let authors = chance(15) ? "von Doe, Jane and Roe, R." : "von Doe, Jane"
            out.append("""
                @article{\(key),
                  author = {\(authors)},
                  title = {\(title)},
                  journal = jrnl,
                  year = {20\(10 + work % 10)},
                \(doi)  pages = {\(pages)},
                }
                """)
        }
        out.append("@proceedings{proc1, title = {Proceedings One}, year = {2020}, publisher = {Q}}")
        return out.joined(separator: "\n") + "\n"
    }

    /// A file KB, seeded, holding an earlier import of part of the works (the import below
    /// matches stored works too).
    static func knowledgeBase(_ directory: URL, stored: String) throws -> KnowledgeBase {
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let knowledgeBase = try KnowledgeBase.open(path: directory.appendingPathComponent("kb.sqlite").path)
        try knowledgeBase.load(try SeedLoader.load(SeedFile.bundled), command: "seed", files: ["seed"])
        var options = ImportOptions(skipInvalid: true, changeContext: StreamingImportTests.context)
        options.entriesPerPart = nil
        _ = try Importer(knowledgeBase).run([ImportInput(name: "earlier.bib", bytes: Array(stored.utf8))], options: options)
        return knowledgeBase
    }

    /// Imports `files` read whole first and in parts of `entriesPerPart` into two like KBs.
    /// `readAgainFrom`: the bytes from which a file's parts are read again (``ReadInput/readAgainFrom``);
    /// `spillFrom`: the records from which matching keeps them aside on disk (``RecordArchive``).
    static func both(_ files: [(name: String, text: String)], skipInvalid: Bool, entriesPerPart: Int, readAgainFrom: Int = ReadInput.readAgainFrom,
                     spillFrom: Int = DigestRuns.defaultSpillFrom, dryRun: Bool = false, mappedDropDistance: Int? = nil,
                     name: String) throws -> (whole: [String], parts: [String]) {
        func run(_ entriesPerPart: Int?) throws -> [String] {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-bibparts-\(getpid())-\(name)-\(entriesPerPart ?? 0)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let knowledgeBase = try knowledgeBase(directory, stored: entries(seed: 99, count: 30, broken: false))
            var options = ImportOptions(dryRun: dryRun, skipInvalid: skipInvalid, changeContext: StreamingImportTests.context)
            options.entriesPerPart = entriesPerPart
            options.readAgainFrom = readAgainFrom
            options.spillFrom = spillFrom
            var inputs = files.map { ImportInput(name: $0.name, bytes: Array($0.text.utf8)) }
            // In parts, each file read from its path: mapped when it is large enough (``Importer/readMapped(_:options:)``).
            if let mappedDropDistance, entriesPerPart != nil {
                options.dropDistance = mappedDropDistance
                inputs = try files.enumerated().map { index, file in
                    let path = directory.appendingPathComponent("input-\(index)-\((file.name as NSString).lastPathComponent)")
                    try Data(file.text.utf8).write(to: path)
                    return ImportInput(name: file.name, path: path.path)
                }
            }
            var report: [String]
            do {
                let result = try Importer(knowledgeBase).run(inputs, options: options)
                if mappedDropDistance != nil, entriesPerPart != nil {
                    #expect(result.mappedFiles == files.map(\.name), "not every file was mapped")
                }
                report = StreamingImportTests.describe(result)
            } catch let problem as Diagnostic {
                report = ["error \(problem.id) \(problem.message) at \(problem.location.firstLineNumber)"]
            } catch let list as DiagnosticList {
                report = list.diagnostics.map { "error \($0.id) \($0.message) at \($0.location.firstLineNumber)" }
            }
            return report + (try StreamingImportTests.dump(knowledgeBase))
        }
        return (try run(nil), try run(entriesPerPart))
    }

    /// Parts of one entry, of a few and of more than the file, each part's entries kept from
    /// the first reading or read again (a large file's: ``BibTeXReader/Parsed``), and then the
    /// records matched kept aside on disk (a large import's: ``RecordArchive``): the same rows,
    /// ids and report.
    @Test(arguments: [(1, 1, false), (2, 7, false), (3, 64, false), (4, 10_000, false), (5, 1, true), (6, 7, true), (7, 64, true), (8, 10_000, true)])
    func aFileImportedInPartsEqualsItReadWhole(seed: Int, entriesPerPart: Int, readAgain: Bool) throws {
        let text = Self.entries(seed: UInt64(seed), count: 300, broken: true)
        let result = try Self.both([("refs.bib", text)], skipInvalid: true, entriesPerPart: entriesPerPart, readAgainFrom: readAgain ? 0 : Int.max,
                                   spillFrom: readAgain ? 1 : DigestRuns.defaultSpillFrom, name: "skip\(seed)")
        for wanted in ["warning bibtex.duplicate-key", "warning bibtex.missing-crossref", "skipped ", "conflict ", "merge ", "source: "] {
            #expect(result.whole.contains { $0.hasPrefix(wanted) }, "the file gives no \(wanted)")
        }
        #expect(result.whole.contains { $0.contains("names 2 entries of refs.bib") }, "no duplicate key marked for the audit")
        #expect(StreamingImportTests.firstDifference(result.parts, result.whole) == nil)
    }

    /// Two files (the second's keys recurring from the first), a dry run, and a file that fails
    /// without `--skip-invalid`: the same outcome either way, and the failure writes nothing.
    @Test func severalFilesADryRunAndAFailure() throws {
        let first = Self.entries(seed: 11, count: 120, broken: false)
        let second = Self.entries(seed: 12, count: 90, broken: false)
        let files = try Self.both([("a.bib", first), ("b.bib", second)], skipInvalid: false, entriesPerPart: 5, readAgainFrom: 0, spillFrom: 1, name: "two")
        #expect(files.whole.filter { $0.hasPrefix("file ") }.count == 2)
        #expect(StreamingImportTests.firstDifference(files.parts, files.whole) == nil)

        let dry = try Self.both([("a.bib", first)], skipInvalid: false, entriesPerPart: 5, dryRun: true, name: "dry")
        #expect(StreamingImportTests.firstDifference(dry.parts, dry.whole) == nil)

        let broken = Self.entries(seed: 13, count: 200, broken: true)
        let failed = try Self.both([("a.bib", first), ("c.bib", broken)], skipInvalid: false, entriesPerPart: 5, readAgainFrom: 0, name: "failed")
        #expect(failed.whole.first?.hasPrefix("error ") == true)
        #expect(StreamingImportTests.firstDifference(failed.parts, failed.whole) == nil)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-bibparts-\(getpid())-untouched")
        defer { try? FileManager.default.removeItem(at: directory) }
        let untouched = try StreamingImportTests.dump(try Self.knowledgeBase(directory, stored: Self.entries(seed: 99, count: 30, broken: false)))
        // Every unclosed entry is told, then the KB as it was.
        #expect(failed.parts.prefix { $0.hasPrefix("error ") }.count > 1)
        #expect(Array(failed.parts.drop { $0.hasPrefix("error ") }) == untouched)
    }

    /// `--verbose`'s phases: a file read in parts is converted and matched beside its write (a
    /// KB in WAL mode), or converted beside its matching (a fresh KB, written through a rollback
    /// journal: ``FreshImportJournal``).
    @Test func theConvertingPhaseIsNamed() throws {
        func phases(_ entriesPerPart: Int?, fresh: Bool = false, dryRun: Bool = false) throws -> [String] {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-bibparts-\(getpid())-phases-\(entriesPerPart ?? 0)-\(fresh)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let knowledgeBase = fresh ? try Self.freshKnowledgeBase(directory)
                : try Self.knowledgeBase(directory, stored: Self.entries(seed: 5, count: 3, broken: false))
            var options = ImportOptions(dryRun: dryRun, changeContext: StreamingImportTests.context)
            options.entriesPerPart = entriesPerPart
            let report = try Importer(knowledgeBase).run([ImportInput(name: "a.bib", bytes: Array(Self.entries(seed: 6, count: 20, broken: false).utf8))],
                                                         options: options)
            return report.timings.map(\.phase)
        }
        #expect(try phases(4) == ["read", "convert, match and write", "commit"])
        #expect(try phases(4, fresh: true) == ["read", "convert and match", "write", "commit"])
        #expect(try phases(nil) == ["read", "match", "write", "commit"])
        #expect(try phases(4, dryRun: true) == ["read", "convert, match and write", "roll back"])
    }

    /// A file KB with nothing in it: an import into it is written through a rollback journal.
    static func freshKnowledgeBase(_ directory: URL) throws -> KnowledgeBase {
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try KnowledgeBase.open(path: directory.appendingPathComponent("kb.sqlite").path)
    }

    /// Into a fresh KB (a rollback journal, no reader beside the write), parts are matched on the
    /// writing thread: the same rows and report as the file read whole.
    @Test func aFreshKBMatchesPartsBetweenWrites() throws {
        let text = Self.entries(seed: 21, count: 150, broken: true)
        func run(_ entriesPerPart: Int?) throws -> [String] {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-bibparts-\(getpid())-fresh-\(entriesPerPart ?? 0)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let knowledgeBase = try Self.freshKnowledgeBase(directory)
            var options = ImportOptions(skipInvalid: true, changeContext: StreamingImportTests.context)
            options.entriesPerPart = entriesPerPart
            let report = try Importer(knowledgeBase).run([ImportInput(name: "refs.bib", bytes: Array(text.utf8))], options: options)
            #expect(report.rollbackJournal)
            return StreamingImportTests.describe(report) + (try StreamingImportTests.dump(knowledgeBase))
        }
        let (whole, parts) = (try run(nil), try run(6))
        #expect(whole.contains { $0.hasPrefix("merge ") })
        #expect(StreamingImportTests.firstDifference(parts, whole) == nil)
    }

    /// A write that fails after several parts were written (a trigger refuses an entry of the
    /// second part, or of the last), or matching that fails on its own thread at the fourth part:
    /// the KB is left byte for byte as it was, and the threads converting and matching ahead end
    /// (the import returns; in the first case with parts still to match and hand over).
    @Test(arguments: [(Optional(8), nil), (Optional(205), nil), (nil, Optional(3))] as [(Int?, Int?)])
    func aFailureAfterSeveralPartsLeavesTheKBAsItWas(refused: Int?, failsAt: Int?) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-bibparts-\(getpid())-late-failure-\(refused ?? 0)-\(failsAt ?? 0)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let knowledgeBase = try Self.knowledgeBase(directory, stored: Self.entries(seed: 99, count: 30, broken: false))
        try knowledgeBase.writer.write { db in
            try db.execute(sql: "CREATE TRIGGER refuseOne BEFORE INSERT ON source WHEN NEW.title = 'The refused entry' BEGIN SELECT RAISE(ABORT, 'refused'); END")
        }
        let path = directory.appendingPathComponent("kb.sqlite").path
        try knowledgeBase.writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let dumped = try StreamingImportTests.dump(knowledgeBase)
        // The file's entries, with the refused one as the `refused`-th (parts of 5: 8 is in the second).
        var entries = Self.entries(seed: 31, count: 200, broken: false).components(separatedBy: "\n@").map { "@" + $0 }
        entries[0].removeFirst()
        if let refused {
            entries.insert("@book{refused, title = {The refused entry}, author = {Doe, Jane}, year = {2001}}", at: min(refused, entries.count))
        }
        #expect(entries.count > 200)
        let text = entries.joined(separator: "\n") + "\n"
        var options = ImportOptions(changeContext: StreamingImportTests.context)
        options.entriesPerPart = 5
        options.matchingFailsAtBatch = failsAt
        #expect(throws: (any Error).self) { _ = try Importer(knowledgeBase).run([ImportInput(name: "refs.bib", bytes: Array(text.utf8))], options: options) }
        #expect(try StreamingImportTests.dump(knowledgeBase) == dumped)
        try knowledgeBase.writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
}
