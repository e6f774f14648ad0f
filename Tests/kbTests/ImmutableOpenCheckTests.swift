import Foundation
import GRDB
import KBCore
import KBDomain
import KBStore
import Testing

/// What an immutable open checks (review 11 m5): that nothing has the KB open, and that the
/// `-wal` holds no change the database file lacks — not merely that the `-wal` is empty.
struct ImmutableOpenCheckTests {
    static let options = CurationOptions(context: ChangeContext(author: "t", command: "edit"))

    static func message(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// A KB whose `-wal` is left behind with `checkpointed` saying whether its pages were copied
    /// in: the writer closes while a reader holds the file, so SQLite neither folds nor deletes it.
    static func leftWAL(checkpointed: Bool) throws -> String {
        let directory = try KBProcess.temporaryDirectory()
        let path = directory.appendingPathComponent("kb.sqlite").path
        var writer: KBService? = try KBService.open(path: path, readers: 2)
        _ = try writer?.edit("page-cohort-outcomes-differ", fields: [FieldAssignment(field: "note", value: "in the WAL")], options: options)
        if checkpointed {
            _ = try writer?.knowledgeBase.writer.writeWithoutTransaction { try $0.checkpoint(.passive) }
        }
        var reader: KBService? = try KBService.open(path: path, readOnly: true, readers: 2)
        _ = try reader?.statistics()
        writer = nil
        reader = nil
        _ = (writer, reader)
        return path
    }

    @Test func aWALWhosePagesAreAllInTheFileIsNoObstacle() throws {
        let path = try Self.leftWAL(checkpointed: true)
        let walBytes = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? 0
        #expect(walBytes > 0, "the fixture needs a -wal left behind")
        let service = try KBService.open(path: path, readOnly: true, readers: 2, immutable: true)
        let note = try service.curator.record("page-cohort-outcomes-differ").map { record -> String? in
            if case let .claim(claim) = record.record { return claim.note }
            return nil
        }
        #expect(note == "in the WAL")
    }

    @Test func aWALWithPagesNotInTheFileIsRefusedSayingSo() throws {
        let path = try Self.leftWAL(checkpointed: false)
        let message = Self.message { _ = try KBService.open(path: path, readOnly: true, readers: 2, immutable: true) }
        #expect(message?.contains("pages of changes not yet copied into") == true, "\(message ?? "opened")")
    }

    /// A rollback journal beside the KB (a fresh KB's import killed midway leaves one, its
    /// pages already in the file): SQLite's immutable open would ignore it and read the
    /// interrupted import's rows, so the open is refused; an empty journal is none.
    @Test func aRollbackJournalLeftBesideTheKBIsRefusedSayingSo() throws {
        let directory = try KBProcess.temporaryDirectory()
        let path = directory.appendingPathComponent("kb.sqlite").path
        var service: KBService? = try KBService.open(path: path)
        _ = try service?.statistics()
        service = nil
        _ = service
        FileManager.default.createFile(atPath: path + "-journal", contents: Data())
        #expect(Self.message { _ = try KBService.open(path: path, readOnly: true, readers: 2, immutable: true) } == nil)
        FileManager.default.createFile(atPath: path + "-journal", contents: Data(repeating: 0xD9, count: 512))
        let message = Self.message { _ = try KBService.open(path: path, readOnly: true, readers: 2, immutable: true) }
        #expect(message?.contains("kb.sqlite-journal holds the pages of a write that has not ended (512 bytes") == true, "\(message ?? "opened")")
    }

    @Test func aKBOpenElsewhereIsRefusedEvenWithAnEmptyWAL() throws {
        let directory = try KBProcess.temporaryDirectory()
        let path = directory.appendingPathComponent("kb.sqlite").path
        let writer = try KBService.open(path: path, readers: 2)
        _ = try writer.statistics()
        _ = try writer.knowledgeBase.writer.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        #expect((try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) == 0)
        let message = Self.message { _ = try KBService.open(path: path, readOnly: true, readers: 2, immutable: true) }
        #expect(message?.contains("is open elsewhere") == true, "\(message ?? "opened")")
        _ = try writer.statistics()
    }
}
