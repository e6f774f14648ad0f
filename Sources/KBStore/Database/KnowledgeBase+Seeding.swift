import Foundation
import GRDB
import KBDomain

extension KnowledgeBase {
    /// What opening a knowledge base for a command did.
    public enum OpenOutcome: Sendable, Equatable {
        case opened
        /// The file did not exist (or held nothing) and was built from seeds.
        case created(WriteSummary)
    }

    /// Opens the database at `path` for a command that only reads it (`kb query`, `list`,
    /// `show`…): as ``openOrCreate(path:seeds:readOnly:readers:immutable:)`` opens it for any
    /// command, in one connection that writes nothing to a KB at this schema that holds something.
    public static func openForReading(path: String, seeds: [SeedFile] = SeedFile.bundled) throws -> (KnowledgeBase, OpenOutcome) {
        try openOrCreate(path: path, seeds: seeds)
    }

    /// Whether the file at `path` is an SQLite database in WAL mode (bytes 18 and 19 of its header are 2).
    static func isInWALMode(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 20), header.count == 20 else { return false }
        return header.starts(with: Array("SQLite format 3\u{0}".utf8)) && Array(header.suffix(2)) == [2, 2]
    }

    /// Opens the database at `path`; if it does not exist or is empty, creates it and loads
    /// `seeds` (the bundled ones by default) in one transaction. `readers`: see
    /// ``open(path:readOnly:readers:)``.
    ///
    /// Without `readers`, a file already in WAL mode is opened in one connection (a
    /// `DatabaseQueue`), for reading and writing alike: opening it writes nothing, so a command
    /// that fails, or only reads, leaves a KB at this schema byte for byte as it was, and its
    /// `-wal` and `-shm` files go when the command ends. A pool would not: on a writable open
    /// whose `-wal` file is missing or empty, GRDB sets the WAL up by creating and dropping a
    /// table (its issues 102 and 1383), which moves the schema version and the change counter and
    /// leaves a free page. A missing or empty file, or one in another journal mode, is opened
    /// through a pool, which puts it in WAL mode (one connection would leave it as it is); a
    /// command's second read connection, where it needs one, is ``secondReader()``.
    public static func openOrCreate(path: String, seeds: [SeedFile] = SeedFile.bundled, readOnly: Bool = false,
                                    readers: Int? = nil, immutable: Bool = false) throws -> (KnowledgeBase, OpenOutcome) {
        if immutable && !readOnly { throw KBError.usage("an immutable open is a read-only one") }
        let existed = FileManager.default.fileExists(atPath: path)
        if readOnly {
            guard existed else { throw KBError.usage("\(path) does not exist; a read-only open cannot create it") }
            return (try open(path: path, readOnly: true, readers: readers, immutable: immutable), .opened)
        }
        let dataset = existed ? nil : try SeedLoader.load(seeds)
        let knowledgeBase = try open(path: path, readers: readers, oneConnection: readers == nil && isInWALMode(path))
        // A KB that holds something is opened without a write transaction (every command opens one).
        if existed, !(try knowledgeBase.reader.read(Self.holdsNothing)) { return (knowledgeBase, .opened) }
        let summary: WriteSummary? = try knowledgeBase.writer.write { db in
            // Checked inside the write transaction, so two processes starting at once seed once.
            // A KB that `kb init` (or any import) has written to, even with nothing, is not seeded.
            guard try Self.holdsNothing(db) else { return nil }
            var graph = GraphWriter(db: db)
            let summary = try graph.write(try dataset ?? SeedLoader.load(seeds))
            try ImportRunLog.record(summary, command: "seed", files: seeds.map(\.name), in: db)
            // The log starts with the KB's birth, as after `kb init` (author: $KB_AUTHOR or the OS user).
            let held: [String: Any] = ["sources": summary.addedByKind["source", default: 0], "claims": summary.addedByKind["claim", default: 0],
                                       "taxonomyNodes": summary.addedByKind["entity", default: 0], "seeds": seeds.map(\.name)]
            let after = String(decoding: (try? JSONSerialization.data(withJSONObject: held, options: [.sortedKeys])) ?? Data("{}".utf8), as: UTF8.self)
            try ChangeRecorder.append(ChangeContext(author: ChangeContext.author(nil), command: "init",
                                                    reason: "built from the bundled seeds on first use"),
                                      action: "init", kind: .knowledgeBase, recordId: path, before: nil, after: after, in: db)
            return summary
        }
        return (knowledgeBase, summary.map(OpenOutcome.created) ?? .opened)
    }

    /// Builds a knowledge base in memory from seed files (the bundled ones by default).
    public static func seeded(_ seeds: [SeedFile] = SeedFile.bundled) throws -> KnowledgeBase {
        let knowledgeBase = try inMemory()
        try knowledgeBase.load(try SeedLoader.load(seeds), command: "seed", files: seeds.map(\.name))
        return knowledgeBase
    }
}
