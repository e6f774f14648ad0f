import Foundation
import GRDB
import Testing
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBStore

/// A CSV streamed from its file in windows (``CSVFileWindows``: never held whole, issue 18) must
/// leave exactly what the same bytes imported whole leave — rows, ids, report, errors and their
/// lines — whatever the windows cut: quoted fields with line breaks, CRLF line ends, a byte-order
/// mark, a record longer than a window.
struct StreamingFileImportTests {
    typealias Outcome = StreamingImportTests.Outcome

    /// Imports `bytes` into a fresh KB like ``StreamingImportTests/both``'s: whole from memory
    /// (`windowBytes` nil), or streamed from a file in windows of `windowBytes`.
    static func run(_ bytes: [UInt8], windowBytes: Int?, batchBytes: Int = 700, skipInvalid: Bool = true, name: String) throws -> Outcome {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-file-streaming-\(getpid())-\(name)-\(windowBytes ?? 0)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let knowledgeBase = try StreamingImportTests.knowledgeBase(directory)
        var options = ImportOptions(mapping: ("test.yaml", StreamingImportTests.mapping), skipInvalid: skipInvalid, baseDirectory: directory,
                                    changeContext: StreamingImportTests.context)
        let input: ImportInput
        if let windowBytes {
            let path = directory.appendingPathComponent("input.csv").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            input = ImportInput(name: "rows.csv", path: path)
            options.streamBatchBytes = batchBytes
            options.fileWindowBytes = windowBytes
        } else {
            input = ImportInput(name: "rows.csv", bytes: bytes)
            options.streamBatchBytes = nil
        }
        do {
            let result = try Importer(knowledgeBase).run([input], options: options)
            return (StreamingImportTests.describe(result), try StreamingImportTests.dump(knowledgeBase), result.streamedBatches, result.streaming)
        } catch let problem as Diagnostic {
            return (["error \(problem.id) \(problem.message) at \(problem.location.firstLineNumber):\(problem.location.range)"],
                    try StreamingImportTests.dump(knowledgeBase), 0, nil)
        }
    }

    /// The benchmark-like rows with quoted line breaks in some titles (records of several lines),
    /// optionally with CRLF line ends throughout.
    static func text(seed: UInt64, crlf: Bool = false, invalid: Bool = true) -> String {
        let rows = StreamingImportTests.rows(seed: seed, count: 300, invalid: invalid)
        let multiline = rows.replacingOccurrences(of: "\"Work 1", with: "\"Work\n on\n1").replacingOccurrences(of: "\"Retitled p2", with: "\"Re-\ntitled p2")
        return crlf ? multiline.replacingOccurrences(of: "\n", with: "\r\n") : multiline
    }

    /// Windows of 1 byte (every record longer than a window), of a prime number of bytes (cuts
    /// everywhere: inside quoted line breaks, between CR and LF), and larger than the file.
    @Test(arguments: [(31, 1, false), (32, 37, false), (33, 37, true), (34, 250, true), (35, 1 << 20, false)])
    func aFileReadInWindowsEqualsAWholeImport(seed: Int, windowBytes: Int, crlf: Bool) throws {
        let bytes = Array(Self.text(seed: UInt64(seed), crlf: crlf).utf8)
        let whole = try Self.run(bytes, windowBytes: nil, name: "w\(seed)")
        let streamed = try Self.run(bytes, windowBytes: windowBytes, name: "w\(seed)")
        #expect(whole.report.first?.hasPrefix("summary") == true, "\(whole.report.first ?? "")")
        #expect(whole.report.contains { $0.hasPrefix("skipped mapping.duplicate-claim") })
        // A title of several lines was stored (the source table's text is otherwise one line).
        #expect(whole.dump.contains { $0.hasPrefix("source: ") && $0.contains(" on") })
        #expect(streamed.batches > 10, "streamed in \(streamed.batches) batches")
        #expect(streamed.streaming?.hasPrefix("restarted") == false)
        #expect(StreamingImportTests.firstDifference(streamed.report, whole.report) == nil)
        #expect(StreamingImportTests.firstDifference(streamed.dump, whole.dump) == nil)
    }

    /// The reader itself: the records of a file read in windows of every size from 1 to 64 bytes
    /// are those of the whole text, fields and lines, with a quoted field of line breaks and a
    /// CRLF crossing window ends.
    @Test func windowedRecordsAreTheWholeTextsRecords() throws {
        let text = "\u{FEFF}a,b,c\r\n1,\"x\r\ny\",z\r\n\r\n2,\"q\"\"uote\",\"\"\n3,,\"long \(String(repeating: "w", count: 90))\nend\"\r\n4,last,row"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kb-windows-\(getpid()).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        var whole = CSVParser(text: SourceText(name: "t.csv", text: try TextEncoding.utf8.decode(Array(text.utf8), file: "t.csv")))
        var expected: [String] = []
        while let record = try whole.next() { expected.append("\(record.line) \(record.fields)") }
        #expect(expected.count == 5)
        #expect(expected[1] == "2 [\"1\", \"x\\r\\ny\", \"z\"]")
        for windowBytes in 1...64 {
            let windows = try CSVFileWindows(path: path, name: "t.csv", windowBytes: windowBytes)
            var records = try CSVMapper.WindowedRecords(windows: windows, delimiter: UInt8(ascii: ","))
            var got: [String] = []
            while let record = try records.next() { got.append("\(record.line) \(record.fields)") }
            #expect(got == expected, "windows of \(windowBytes) bytes")
            #expect(records.position == windows.size)
        }
    }

    /// A row of the wrong width late in the file, without `--skip-invalid`: the same error at the
    /// same line and column as a whole import, and nothing written.
    @Test func anErrorInALaterWindowIsTheWholeImportsError() throws {
        var text = Self.text(seed: 36, invalid: false)
        text += "c999,p1,\"Work\n1\",10.5555/w1,2011,\"Doe, Jane\",101,yes,topic 1\n"
        let bytes = Array(text.utf8)
        let whole = try Self.run(bytes, windowBytes: nil, skipInvalid: false, name: "err")
        let streamed = try Self.run(bytes, windowBytes: 64, skipInvalid: false, name: "err")
        #expect(whole.report.first?.hasPrefix("error csv.row-width") == true, "\(whole.report)")
        #expect(streamed.report == whole.report)
        #expect(StreamingImportTests.firstDifference(streamed.dump, whole.dump) == nil)
    }

    /// A byte that is not UTF-8 in a late window: the import is done again with the file read
    /// whole, which reports it at its line as before (and a byte-order mark is dropped as before).
    @Test func aLaterWindowThatIsNotUTF8IsReadWhole() throws {
        let good = Array(("\u{FEFF}" + Self.text(seed: 37, invalid: false)).utf8)
        let whole = try Self.run(good, windowBytes: nil, name: "bom")
        let streamed = try Self.run(good, windowBytes: 100, name: "bom")
        #expect(whole.report.first?.hasPrefix("summary") == true)
        #expect(streamed.streaming?.hasPrefix("restarted") == false)
        #expect(StreamingImportTests.firstDifference(streamed.report, whole.report) == nil)
        #expect(StreamingImportTests.firstDifference(streamed.dump, whole.dump) == nil)

        let bad = good + Array("c999,p1,\"Caf".utf8) + [0xE9] + Array("\",,2011,\"Doe, Jane\",1,yes,topic 1,keep\n".utf8)
        let wholeBad = try Self.run(bad, windowBytes: nil, skipInvalid: false, name: "latin")
        let streamedBad = try Self.run(bad, windowBytes: 100, skipInvalid: false, name: "latin")
        #expect(wholeBad.report.first?.hasPrefix("error import.invalid-utf8") == true, "\(wholeBad.report)")
        #expect(streamedBad.report == wholeBad.report)
        #expect(StreamingImportTests.firstDifference(streamedBad.dump, wholeBad.dump) == nil)
    }
}
