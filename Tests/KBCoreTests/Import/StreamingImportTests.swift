import Foundation
import GRDB
import Testing
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBStore

/// A streamed CSV import (``StreamingImport``: mapped, matched and written in batches inside one
/// transaction) must leave exactly what the same file imported whole leaves — every row of every
/// table, and the report — and a failure after some batches must leave nothing.
struct StreamingImportTests {
    static let mapping = """
        skip:
          - if: kind = 'skip'
            reason: marked to skip
        sources:
          paper:
            group: ["{paper}"]
            type: article-journal
            title: "{title}"
            doi: "{doi}"
            issued: "{year}"
            authors: {value: "{authors}", format: semicolon}
        studies:
          main:
            source: paper
            id: "st-{paper}"
            n: "= number(n)"
            preregistered: {value: "{prereg}", map: {"yes": "yes", "no": "no"}, default: unknown}
        claims:
          - id: "{id}"
            source: paper
            study: main
            statement: "Finding {id} on {topic}"
            about:
              - {kind: topic, value: "{topic}", create: true}
        """

    /// Rows whose works recur all over the file (and so across batches), with later rows of a
    /// work saying more (a year, a second author, a sample size) or disagreeing (a new title);
    /// two group keys sharing each DOI (merged by the reconciler); rows a rule skips; and, when
    /// `invalid`, repeated claim ids and rows of the wrong width.
    static func rows(seed: UInt64, count: Int, invalid: Bool, fills: Bool = false) -> String {
        var random = SeededRandom(seed: seed)
        func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
        var lines = ["id,paper,title,doi,year,authors,n,prereg,topic,kind"]
        for index in 0..<count {
            let number = Int.random(in: 0..<40, using: &random)
            let paper = "p\(number)"
            let id = invalid && chance(3) && index > 0 ? "c\(Int.random(in: 0..<index, using: &random))" : "c\(index)"
            // Works 0–9 and 30–39 share their DOIs (merged across groups) and say the same in all
            // their rows; the others' later rows retitle them or add an author (conflicts).
            let varies = (10..<30).contains(number) || fills
            let title = varies && chance(10) ? "Retitled \(paper)" : "Work \(number % 30)"
            // What identifies a work is the same in all its rows (some works have no DOI), unless
            // `fills`: then a later row may bring the DOI or year the first lacked.
            let doi = number % 9 == 4 || (fills && chance(20)) ? "" : "10.5555/w\(number % 30)"
            let year = number % 7 == 3 || (fills && chance(20)) ? "" : "20\(10 + number % 10)"
            let authors = varies && chance(15) ? "Doe, Jane; Roe, R." : "Doe, Jane"
            let n = chance(40) ? "" : "\(100 + number)"
            let prereg = ["yes", "no", "maybe"][Int.random(in: 0..<3, using: &random)]
            let kind = chance(5) ? "skip" : "keep"
            var fields = [id, paper, "\"\(title)\"", doi, year, "\"\(authors)\"", n, prereg, "topic \(Int.random(in: 0..<25, using: &random))", kind]
            if invalid, chance(2) { fields.removeLast() }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A file KB (so that it can be read back as bytes), seeded, with an earlier import of part
    /// of the works: the import below matches stored works too.
    static func knowledgeBase(_ directory: URL) throws -> KnowledgeBase {
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let knowledgeBase = try KnowledgeBase.open(path: directory.appendingPathComponent("kb.sqlite").path)
        try knowledgeBase.load(try SeedLoader.load(SeedFile.bundled), command: "seed", files: ["seed"])
        var options = ImportOptions(mapping: ("test.yaml", mapping), skipInvalid: true, baseDirectory: directory, changeContext: context)
        options.streamBatchBytes = nil
        // Works whose rows all agree (a late row of a stored work makes the import whole).
        let earlier = rows(seed: 99, count: 40, invalid: false).split(separator: "\n").filter { line in
            !line.split(separator: ",").dropFirst().first.map { $0.hasPrefix("p1") || $0.hasPrefix("p2") }!
        }
        _ = try Importer(knowledgeBase).run([ImportInput(name: "earlier.csv", bytes: Array((earlier.joined(separator: "\n") + "\n").utf8))], options: options)
        return knowledgeBase
    }

    static let context = ChangeContext(author: "test", command: "import", time: Date(timeIntervalSince1970: 1_700_000_000))

    /// Every row of every table, in rowid order (ids included), with the run log's clock masked.
    /// The change log's edits of one import are in no set order (a whole import too lists them
    /// from a dictionary): that table is compared without its ids, sorted.
    static func dump(_ knowledgeBase: KnowledgeBase) throws -> [String] {
        try knowledgeBase.reader.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            return try tables.flatMap { table in
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table.quotedDatabaseIdentifier)").map { row in
                    "\(table): " + row.description.replacingOccurrences(of: #"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?Z?"#, with: "TIME", options: .regularExpression)
                }
                guard table == "changes" else { return rows }
                return rows.map { $0.replacingOccurrences(of: #"^changes: \[id:\d+ "#, with: "changes: [", options: .regularExpression) }.sorted()
            }
        }
    }

    /// The report as text: everything but timings.
    static func describe(_ report: ImportReport) -> [String] {
        var out = ["summary \(report.summary.line) \(report.summary.addedByKind.sorted { $0.key < $1.key })"]
        out += report.byKind.sorted { $0.key < $1.key }.map { "kind \($0.key) \($0.value)" }
        out += report.files.map { "file \($0.name) \($0.format) records \($0.records) sources \($0.sources) studies \($0.studies) claims \($0.claims) skipped \($0.skipped)" }
        out += report.warnings.map { "warning \($0.id) \($0.message) at \($0.location.firstLineNumber)" }
        out += report.skipped.map { "skipped \($0.id) \($0.message) at \($0.location.firstLineNumber)" }
        out += report.conflicts.map { "conflict \($0)" }
        out += report.merges.map { "merge \($0)" }
        out += report.changes.map { "change \($0)" }
        out += ["matched existing \(report.matchedExisting)", "batch \(report.batch ?? "-")"]
        return out
    }

    /// What an import reported (as text), left in the KB, and how it streamed.
    typealias Outcome = (report: [String], dump: [String], batches: Int, streaming: String?)

    /// Imports `text` whole and in batches of `batchBytes` into two like KBs; both outcomes.
    /// - Parameter spillFrom: the streamed import's runs go to disk from this many entries
    ///   (``DigestRuns``; 1: every run, and every batch's works to the ledger).
    static func both(_ text: String, skipInvalid: Bool, batchBytes: Int, dryRun: Bool = false, storedFirst: String? = nil, spillFrom: Int = DigestRuns.defaultSpillFrom,
                     name: String) throws -> (whole: Outcome, streamed: Outcome) {
        func run(_ batchBytes: Int?) throws -> Outcome {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-streaming-\(getpid())-\(name)-\(batchBytes ?? 0)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let knowledgeBase = try knowledgeBase(directory)
            if let storedFirst {
                var whole = ImportOptions(mapping: ("test.yaml", mapping), skipInvalid: true, baseDirectory: directory, changeContext: context)
                whole.streamBatchBytes = nil
                _ = try Importer(knowledgeBase).run([ImportInput(name: "rows.csv", bytes: Array(storedFirst.utf8))], options: whole)
            }
            var options = ImportOptions(mapping: ("test.yaml", mapping), dryRun: dryRun, skipInvalid: skipInvalid, baseDirectory: directory, changeContext: context)
            options.streamBatchBytes = batchBytes
            options.spillFrom = spillFrom
            let report: [String]
            var batches = 0
            var streaming: String?
            do {
                let result = try Importer(knowledgeBase).run([ImportInput(name: "rows.csv", bytes: Array(text.utf8))], options: options)
                report = describe(result)
                batches = result.streamedBatches
                streaming = result.streaming
            } catch let problem as Diagnostic {
                report = ["error \(problem.id) \(problem.message) at \(problem.location.firstLineNumber)"]
            }
            return (report, try dump(knowledgeBase), batches, streaming)
        }
        return (try run(nil), try run(batchBytes))
    }

    static func firstDifference(_ streamed: [String], _ whole: [String]) -> String? {
        for (index, (left, right)) in zip(streamed, whole).enumerated() where left != right {
            return "line \(index): streamed \(left)\n whole \(right)"
        }
        return streamed.count == whole.count ? nil : "streamed \(streamed.count) lines, whole \(whole.count)"
    }

    /// Many batches (a few rows each), with invalid rows left out by `--skip-invalid`: the same
    /// rows, ids and report as one whole import — with the matching state in memory, and (even
    /// seeds) with every run of it on disk from the first batch on.
    @Test(arguments: [(1, 200), (2, 450), (3, 1), (4, 4096), (6, 1)])
    func aStreamedImportEqualsAWholeOne(seed: Int, batchBytes: Int) throws {
        let text = Self.rows(seed: UInt64(seed), count: 400, invalid: true)
        let result = try Self.both(text, skipInvalid: true, batchBytes: batchBytes, spillFrom: seed.isMultiple(of: 2) ? 1 : DigestRuns.defaultSpillFrom,
                                   name: "skip\(seed)")
        #expect(result.whole.report.contains { $0.hasPrefix("skipped mapping.duplicate-claim") })
        #expect(result.whole.report.contains { $0.hasPrefix("conflict ") })
        #expect(result.whole.report.contains { $0.hasPrefix("merge ") })
        #expect(result.whole.dump.count > 1000)
        #expect(result.whole.batches == 0)
        #expect(result.streamed.batches >= min(300, text.utf8.count / batchBytes / 2), "streamed in \(result.streamed.batches) batches")
        #expect(Self.firstDifference(result.streamed.report, result.whole.report) == nil)
        #expect(Self.firstDifference(result.streamed.dump, result.whole.dump) == nil)
    }

    /// Without `--skip-invalid`: a valid file gives the same; a file with an invalid row fails the
    /// same way, whole or after some batches, and leaves the KB as it was.
    @Test(arguments: [5, 6])
    func withoutSkipInvalid(seed: Int) throws {
        let valid = try Self.both(Self.rows(seed: UInt64(seed), count: 300, invalid: false), skipInvalid: false, batchBytes: 300, name: "valid\(seed)")
        #expect(valid.whole.report.first?.hasPrefix("summary") == true)
        #expect(valid.streamed.batches > 20)
        #expect(Self.firstDifference(valid.streamed.report, valid.whole.report) == nil)
        #expect(Self.firstDifference(valid.streamed.dump, valid.whole.dump) == nil)

        let invalid = try Self.both(Self.rows(seed: UInt64(seed), count: 300, invalid: true), skipInvalid: false, batchBytes: 300, name: "invalid\(seed)")
        #expect(invalid.whole.report.first?.hasPrefix("error ") == true)
        #expect(invalid.streamed.report == invalid.whole.report)
        #expect(Self.firstDifference(invalid.streamed.dump, invalid.whole.dump) == nil)
    }

    /// A re-import, in many batches, of a file whose works the KB already holds (stored from an
    /// earlier version of the file), with later rows of a work saying more or disagreeing with
    /// its first rows and with the stored work: streamed to the end (no whole import behind it),
    /// with the same rows and report — conflicts included, in a whole import's words and order.
    @Test(arguments: [(21, 300), (22, 1), (23, 2048), (24, 300)])
    func aStreamedReImportEqualsAWholeOne(seed: Int, batchBytes: Int) throws {
        let stored = Self.rows(seed: 7, count: 300, invalid: false)
        let text = Self.rows(seed: UInt64(seed), count: 400, invalid: true)
        let result = try Self.both(text, skipInvalid: true, batchBytes: batchBytes, storedFirst: stored,
                                   spillFrom: seed.isMultiple(of: 2) ? 1 : DigestRuns.defaultSpillFrom, name: "again\(seed)")
        #expect(result.streamed.batches >= min(300, text.utf8.count / batchBytes / 2), "streamed in \(result.streamed.batches) batches")
        #expect(result.whole.report.contains { $0.hasPrefix("conflict ") && $0.hasSuffix("kept the stored value") })
        #expect(result.whole.report.contains { $0.hasPrefix("change source ") })
        #expect(result.streamed.streaming == "\(result.streamed.batches) batches of \(batchBytes) bytes")
        #expect(Self.firstDifference(result.streamed.report, result.whole.report) == nil)
        #expect(Self.firstDifference(result.streamed.dump, result.whole.dump) == nil)
    }

    /// Later rows that bring a DOI or year their work's first rows lacked, or that change a work
    /// merged with another group's: the batches before could not have matched it as a whole
    /// import does, so the import is done whole — with the same result.
    @Test func rowsTheBatchesCannotTellAreImportedWhole() throws {
        let result = try Self.both(Self.rows(seed: 12, count: 300, invalid: true, fills: true), skipInvalid: true, batchBytes: 300, name: "fills")
        #expect(result.streamed.batches == 0)
        #expect(result.whole.streaming == nil)
        #expect(result.streamed.streaming?.hasPrefix("restarted whole: a later row of paper:") == true, "\(result.streamed.streaming ?? "nil")")
        #expect(Self.firstDifference(result.streamed.report, result.whole.report) == nil)
        #expect(Self.firstDifference(result.streamed.dump, result.whole.dump) == nil)
    }

    /// `--dry-run` reports what a whole import would do, and writes nothing.
    @Test func aDryRunReportsTheSame() throws {
        let result = try Self.both(Self.rows(seed: 8, count: 300, invalid: true), skipInvalid: true, batchBytes: 256, dryRun: true, name: "dry")
        #expect(Self.firstDifference(result.streamed.report, result.whole.report) == nil)
        #expect(Self.firstDifference(result.streamed.dump, result.whole.dump) == nil)
    }

    /// An invalid row late in the file, without `--skip-invalid`: the batches before it were
    /// written inside the transaction, and the failure takes them all back — the KB file is the
    /// same, byte for byte, and so is every row.
    @Test func aFailureAfterSeveralBatchesLeavesTheKBAsItWas() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-streaming-fail-\(getpid())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("kb.sqlite").path
        let knowledgeBase = try Self.knowledgeBase(directory)
        try knowledgeBase.writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        let bytesBefore = try Data(contentsOf: URL(fileURLWithPath: path))
        var text = Self.rows(seed: 11, count: 400, invalid: false)
        text += "c400,p1,\"Work 1\",10.5555/w1,2011,\"Doe, Jane\",101,yes,topic 1\n"
        let dumpBefore = try Self.dump(knowledgeBase)
        var options = ImportOptions(mapping: ("test.yaml", Self.mapping), baseDirectory: directory, changeContext: Self.context)
        options.streamBatchBytes = 512
        var batches = 0
        let counter = Box(0)
        #expect {
            try Importer(knowledgeBase).run([ImportInput(name: "rows.csv", bytes: Array(text.utf8))], options: options) { progress in
                if progress.phase == "writing" { counter.value += 1 }
            }
        } throws: { error in
            (error as? Diagnostic)?.id == "csv.row-width" && (error as? Diagnostic)?.location.firstLineNumber == 402
        }
        batches = counter.value
        #expect(batches > 20, "the failure came after \(batches) written batches")
        #expect(try Self.dump(knowledgeBase) == dumpBefore)
        try knowledgeBase.writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytesBefore)
    }

    /// A claim id made again many batches after its first row (the earlier batches' ids are kept
    /// as digests with their lines, ``ClaimDigests``): refused with the first row's line, as a
    /// whole import refuses it — skipped with `--skip-invalid` and the import streamed to the end;
    /// without it, the import fails as the whole import fails, and leaves the same rows.
    @Test(arguments: [false, true])
    func aClaimIdRepeatedManyBatchesLaterIsRefusedWithItsFirstLine(skipInvalid: Bool) throws {
        var text = Self.rows(seed: 13, count: 300, invalid: false)
        // The first row the skip rule keeps (its claim is made; row n is on line n + 2).
        let first = try #require(text.split(separator: "\n").dropFirst().firstIndex { $0.hasSuffix(",keep") })
        text += "c\(first - 1),p1,\"Work 1\",10.5555/w1,2011,\"Doe, Jane\",101,yes,topic 1,keep\n"
        text += "c300,p2,\"Work 2\",10.5555/w2,2012,\"Doe, Jane\",102,yes,topic 2,keep\n"
        let result = try Self.both(text, skipInvalid: skipInvalid, batchBytes: 300, name: "repeat\(skipInvalid)")
        let refusal = "mapping.duplicate-claim claim id 'c\(first - 1)' was already made from line \(first + 1) at 302"
        if skipInvalid {
            #expect(result.whole.report.contains("skipped " + refusal))
            #expect(result.streamed.batches > 20)
            #expect(result.streamed.streaming == "\(result.streamed.batches) batches of 300 bytes")
        } else {
            #expect(result.whole.report == ["error " + refusal])
        }
        #expect(Self.firstDifference(result.streamed.report, result.whole.report) == nil)
        #expect(Self.firstDifference(result.streamed.dump, result.whole.dump) == nil)
    }

    /// The reader hands over whole records: a quoted field with line breaks never straddles two
    /// batches, and the batches' bytes add up to the file's.
    @Test func batchesEndBetweenRecords() throws {
        let text = "id,paper,title,doi,year,authors,n,prereg,topic,kind\n"
            + (0..<50).map { "c\($0),p\($0 % 7),\"Work\nin \($0 % 7)\nlines\",,2011,\"Doe, Jane\",1,yes,topic 1,keep" }.joined(separator: "\n") + "\n"
        let known = SeedLoader.KnownNames()
        let mapper = CSVMapper(mapping: try CSVMapping(name: "test.yaml", text: Self.mapping, known: known), main: SourceText(name: "rows.csv", text: text),
                               directory: FileManager.default.temporaryDirectory, known: known, skipInvalid: false)
        var claims: [String] = []
        var bytes = 0
        var batches = 0
        try mapper.stream(batchBytes: 10) { batch, size in
            claims += batch.dataset.claims.map(\.slug)
            bytes += size
            batches += 1
        }
        #expect(claims == (0..<50).map { "c\($0)" })
        #expect(batches == 50)
        #expect(bytes == text.utf8.count)
    }
}
