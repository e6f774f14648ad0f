import Foundation
import Hummingbird
import HummingbirdTesting
import KBCore
import Testing
@testable import KBServe

/// `kb --read-only serve --immutable` (trial 7 bug 9): serving leaves the file and its `-wal` and
/// `-shm` untouched — a plain read-only open writes SQLite's read marks into `-shm`.
struct ImmutableServeTests {
    /// Modification times and sizes of the KB's three files (a missing one as nil).
    static func stamps(_ path: String) -> [String: String] {
        var stamps: [String: String] = [:]
        for file in [path, path + "-wal", path + "-shm"] {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: file) else { continue }
            let date = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            stamps[file] = "\(date) \(attributes[.size] as? Int ?? -1)"
        }
        return stamps
    }

    /// A seeded KB at a new path, closed, then opened read-only once (so its `-wal` and `-shm`
    /// exist, as after any `kb --read-only` command).
    static func closedKB() throws -> String {
        let path = try ServeFixture.service().path
        _ = try KBService.open(path: path, readOnly: true, readers: 2).statistics()
        #expect(FileManager.default.fileExists(atPath: path + "-shm"))
        return path
    }

    static func serve(_ service: KBService) async throws {
        try await ServeFixture.withClient(service: service) { client in
            for uri in [URLText.results("claims"), "/api/query?q=claims", "/claims/page-cohort-outcomes-differ", "/api/audit"] {
                try await client.execute(uri: uri, method: .get) { #expect($0.status == .ok, "\(uri)") }
            }
        }
    }

    @Test func anImmutableServerTouchesNoneOfTheFiles() async throws {
        let path = try Self.closedKB()
        let before = Self.stamps(path)
        try await Task.sleep(for: .milliseconds(50))
        try await Self.serve(try KBService.open(path: path, readOnly: true, readers: 4, immutable: true))
        #expect(Self.stamps(path) == before)
    }

    /// What `immutable` avoids: a plain read-only server writes into `-shm`.
    @Test func aPlainReadOnlyServerWritesItsReadMarksIntoShm() async throws {
        let path = try Self.closedKB()
        let before = Self.stamps(path)
        try await Task.sleep(for: .milliseconds(50))
        try await Self.serve(try KBService.open(path: path, readOnly: true, readers: 4))
        let after = Self.stamps(path)
        #expect(after[path] == before[path])
        #expect(after[path + "-shm"] != before[path + "-shm"])
    }

    @Test func anImmutableOpenIsRefusedWhileTheWALHoldsChanges() throws {
        let writer = try ServeFixture.service()
        _ = try writer.edit("page-cohort-outcomes-differ", fields: [FieldAssignment(field: "note", value: "in the WAL")],
                            options: CurationOptions(context: ChangeContext(author: "t", command: "edit")))
        #expect(throws: KBError.self) { try KBService.open(path: writer.path, readOnly: true, readers: 2, immutable: true) }
        #expect(throws: KBError.self) { try KBService.open(path: writer.path, readers: 2, immutable: true) }
    }
}
