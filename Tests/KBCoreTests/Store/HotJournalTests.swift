import Foundation
import GRDB
import Testing
@testable import KBCore
@testable import KBStore

/// A KB left with a hot rollback journal — what a fresh KB's import (written through a rollback
/// journal, `FreshImportJournal`) leaves when kb is killed midway: the file already holds some of
/// the import's pages, and `-journal` the pages as they were. Made here the way the kill leaves
/// it: the two files copied while the write transaction is open.
struct HotJournalTests {
    /// The seed KB at `directory/name`, in rollback-journal mode, and a copy of it and its
    /// journal taken in the middle of a write that spilled pages into the file.
    static func interruptedWrite(in directory: URL) throws -> (path: String, before: Int) {
        let original = directory.appendingPathComponent("kb.sqlite").path
        _ = try KBService.open(path: original)
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = 8") }
        let queue = try DatabaseQueue(path: original, configuration: configuration)
        try queue.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE") }
        let before = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM claim") ?? -1 }
        let copy = directory.appendingPathComponent("copy.sqlite").path
        try queue.inTransaction { db in
            try db.execute(sql: "CREATE TABLE interrupted (body BLOB)")
            for _ in 0..<200 { try db.execute(sql: "INSERT INTO interrupted VALUES (zeroblob(4000))") }
            try db.execute(sql: "DELETE FROM claim")
            for suffix in ["", "-journal"] {
                try FileManager.default.copyItem(atPath: original + suffix, toPath: copy + suffix)
            }
            return .rollback
        }
        try queue.close()
        return (copy, before)
    }

    @Test func aReadOnlyOpenSaysHowToPutTheSavedPagesBackAndAWritableOneDoes() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-hot-journal-\(getpid())")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (path, before) = try Self.interruptedWrite(in: directory)
        let journalBytes = try FileManager.default.attributesOfItem(atPath: path + "-journal")[.size] as? Int ?? 0
        #expect(journalBytes > 0, "the fixture needs a hot journal")
        #expect(before > 0)
        do {
            _ = try KBService.open(path: path, readOnly: true)
            Issue.record("a read-only open of a KB with a hot journal succeeded")
        } catch {
            let message = ErrorCategory.message(for: error) ?? "\(error)"
            #expect(ErrorCategory(of: error)?.exitStatus == 4)
            #expect(message.contains("a write was interrupted and its saved pages wait in the -journal file beside the KB"), "\(message)")
            #expect(message.contains("run a kb command without --read-only (`kb stats` will do)"), "\(message)")
        }
        // What the message advises: a writable open puts the saved pages back.
        let service = try KBService.open(path: path)
        let after = try service.knowledgeBase.reader.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM claim") ?? -1,
             try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'interrupted')") ?? true)
        }
        #expect(after.0 == before)
        #expect(after.1 == false, "the interrupted write's table is gone")
    }
}
