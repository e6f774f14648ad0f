import Foundation
import GRDB
import Testing
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBStore

/// An import into a KB with no records yet writes through a rollback journal, not the WAL
/// (``FreshImportJournal``): the same rows as any import, all or nothing, and the KB back in WAL
/// mode afterwards. The streamed imports here cross many batches with works recurring across
/// them, so the reconciler reads released records back from the KB (checked, in debug builds,
/// against the records it wrote: ``SourceReconciler/releasesRecords``).
struct FreshKBImportTests {
    static func directory(_ name: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-fresh-\(getpid())-\(name)")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func options(_ directory: URL, batchBytes: Int?, skipInvalid: Bool = true) -> ImportOptions {
        var options = ImportOptions(mapping: ("test.yaml", StreamingImportTests.mapping), skipInvalid: skipInvalid, baseDirectory: directory,
                                    changeContext: StreamingImportTests.context)
        options.streamBatchBytes = batchBytes
        return options
    }

    static func journalMode(_ knowledgeBase: KnowledgeBase) throws -> String? {
        try knowledgeBase.writer.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
    }

    /// Streamed (many batches) and whole: the fresh file KB gets, through the rollback journal,
    /// exactly what an in-memory KB (which has no WAL to leave) gets, and is in WAL mode after.
    @Test(arguments: [300, nil] as [Int?])
    func aFreshKBIsWrittenThroughARollbackJournal(batchBytes: Int?) throws {
        let directory = try Self.directory("ok-\(batchBytes ?? 0)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("kb.sqlite").path
        let text = StreamingImportTests.rows(seed: 31, count: 400, invalid: true)
        let fresh = try KnowledgeBase.open(path: path)
        let report = try Importer(fresh).run([ImportInput(name: "rows.csv", bytes: Array(text.utf8))], options: Self.options(directory, batchBytes: batchBytes))
        #expect(report.rollbackJournal)
        if batchBytes != nil { #expect(report.streamedBatches > 20) }
        #expect(try Self.journalMode(fresh) == "wal")
        #expect(!FileManager.default.fileExists(atPath: path + "-journal"))

        let memory = try KnowledgeBase.inMemory()
        let inMemory = try Importer(memory).run([ImportInput(name: "rows.csv", bytes: Array(text.utf8))], options: Self.options(directory, batchBytes: batchBytes))
        #expect(!inMemory.rollbackJournal)
        #expect(StreamingImportTests.firstDifference(StreamingImportTests.describe(report), StreamingImportTests.describe(inMemory)) == nil)
        #expect(StreamingImportTests.firstDifference(try StreamingImportTests.dump(fresh), try StreamingImportTests.dump(memory)) == nil)

        // Once it holds records, the next import goes through the WAL as before.
        let again = try Importer(fresh).run([ImportInput(name: "rows.csv", bytes: Array(text.utf8))], options: Self.options(directory, batchBytes: batchBytes))
        #expect(!again.rollbackJournal)
        #expect(again.summary.added == 0)
    }

    /// An invalid row late in the file, without `--skip-invalid`, after many batches written
    /// through the rollback journal: the KB file is as it was (every page; the header's change
    /// counter moved on), with no journal left beside it, and back in WAL mode.
    @Test func aFailedImportIntoAFreshKBLeavesItAsItWas() throws {
        let directory = try Self.directory("fail")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("kb.sqlite").path
        let fresh = try KnowledgeBase.open(path: path)
        try fresh.writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        let bytesBefore = try Data(contentsOf: URL(fileURLWithPath: path))
        let dumpBefore = try StreamingImportTests.dump(fresh)
        var text = StreamingImportTests.rows(seed: 32, count: 400, invalid: false)
        text += "c400,p1,\"Work 1\",10.5555/w1,2011,\"Doe, Jane\",101,yes,topic 1\n"
        let counter = Box(0)
        #expect {
            try Importer(fresh).run([ImportInput(name: "rows.csv", bytes: Array(text.utf8))],
                                    options: Self.options(directory, batchBytes: 512, skipInvalid: false)) { progress in
                if progress.phase == "writing" { counter.value += 1 }
            }
        } throws: { error in
            (error as? Diagnostic)?.id == "csv.row-width"
        }
        #expect(counter.value > 20, "the failure came after \(counter.value) written batches")
        #expect(!FileManager.default.fileExists(atPath: path + "-journal"))
        #expect(try Self.journalMode(fresh) == "wal")
        #expect(try StreamingImportTests.dump(fresh) == dumpBefore)
        try fresh.writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        // Byte for byte but for the header's file change counter and its copy (offsets 24 and
        // 92, four bytes each), which SQLite moves on when the journal mode is switched.
        let bytesAfter = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytesAfter.count == bytesBefore.count)
        let differing = zip(bytesAfter, bytesBefore).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
        #expect(differing.allSatisfy { (24..<28).contains($0) || (92..<96).contains($0) }, "bytes differing at \(differing.prefix(10))")
    }

    /// A fresh KB another connection has open (`kb serve`, another kb) stays in WAL mode, whose
    /// readers a writer never blocks: the import goes through the WAL, with the same result.
    @Test func aKBOpenElsewhereKeepsTheWAL() throws {
        let directory = try Self.directory("shared")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("kb.sqlite").path
        let fresh = try KnowledgeBase.open(path: path)
        let other = try DatabaseQueue(path: path)
        try other.read { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM source") }
        let text = StreamingImportTests.rows(seed: 33, count: 200, invalid: true)
        let report = try Importer(fresh).run([ImportInput(name: "rows.csv", bytes: Array(text.utf8))], options: Self.options(directory, batchBytes: 300))
        #expect(!report.rollbackJournal)
        #expect(report.summary.added > 100)
        #expect(try Self.journalMode(fresh) == "wal")
        #expect(try other.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM claim") } ?? 0 > 100)
        try other.close()
    }
}
