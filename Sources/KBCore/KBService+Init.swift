import Foundation

extension KBService {
    /// What ``create(path:seedsFolder:replacing:)`` did.
    public struct Creation: Sendable, Equatable {
        public var sources: Int
        public var claims: Int
        public var taxonomyNodes: Int
    }

    /// Builds a knowledge base at `path` from the seed files in `seedsFolder` (the bundled seeds
    /// when nil). The new file is built aside and moved into place only when complete, so a
    /// failure leaves any existing file as it was. An existing file is replaced only when
    /// `replacing` is true; otherwise the error says what it holds. `willReplace` hears what an
    /// existing file holds ("3 sources, 16 claims, 1 import") before it is replaced.
    /// The new file's change log starts with the replaced file's (when it had one) and one `init`
    /// change by `context`'s author.
    public static func create(path: String, seedsFolder: String?, replacing: Bool, context: ChangeContext? = nil,
                              willReplace: (String) -> Void = { _ in }) throws -> Creation {
        try refuseMissingFolder(path)
        let seedFiles = try seedsFolder.map { try SeedFile.files(in: URL(fileURLWithPath: $0)) } ?? SeedFile.bundled
        guard !seedFiles.isEmpty else { throw KBError.usage("no seed files (*.yaml) in \(seedsFolder ?? "the bundle")") }
        let dataset = try SeedLoader.load(seedFiles)
        let manager = FileManager.default
        var held: String?
        if manager.fileExists(atPath: path) {
            guard replacing else {
                throw KBError.usage("\(path) already exists (\(try contents(path))); use --force to replace it")
            }
            held = try contents(path)
            willReplace(held ?? "")
        }
        let temporary = path + ".init-\(ProcessInfo.processInfo.processIdentifier)"
        try? manager.removeItem(atPath: temporary)
        do {
            let knowledgeBase = try KnowledgeBase.open(path: temporary)
            let summary = try knowledgeBase.load(dataset, command: "init", files: seedFiles.map(\.name))
            try logInit(in: knowledgeBase, path: path, replacing: held.map { (path, $0) }, seeds: seedFiles.map(\.name), summary: summary,
                        context: context ?? ChangeContext(author: ChangeContext.author(nil), command: "init"))
            try knowledgeBase.close()
            for suffix in KnowledgeBase.fileSuffixes { try? manager.removeItem(atPath: path + suffix) }
            for suffix in KnowledgeBase.fileSuffixes where !suffix.isEmpty { try? manager.removeItem(atPath: temporary + suffix) }
            try manager.moveItem(atPath: temporary, toPath: path)
            return Creation(sources: summary.addedByKind["source", default: 0], claims: summary.addedByKind["claim", default: 0],
                            taxonomyNodes: summary.addedByKind["entity", default: 0])
        } catch {
            for suffix in KnowledgeBase.fileSuffixes { try? manager.removeItem(atPath: temporary + suffix) }
            throw error
        }
    }

    /// Carries the replaced file's change log over (same ids, so `undoes` still points right) and
    /// logs the init itself: what the old file held, and what the new one holds.
    private static func logInit(in knowledgeBase: KnowledgeBase, path: String, replacing old: (path: String, held: String)?, seeds: [String],
                                summary: WriteSummary, context: ChangeContext) throws {
        try knowledgeBase.writer.writeWithoutTransaction { db in
            if let old {
                try db.execute(sql: "ATTACH DATABASE ? AS replaced", arguments: [old.path])
                defer { try? db.execute(sql: "DETACH DATABASE replaced") }
                if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM replaced.sqlite_master WHERE type = 'table' AND name = 'changes')") == true {
                    try db.execute(sql: """
                        INSERT INTO main.changes (id, time, author, command, reason, action, recordKind, recordId, batch, fields, version, before, after, undoes)
                        SELECT id, time, author, command, reason, action, recordKind, recordId, batch, fields, version, before, after, undoes
                        FROM replaced.changes ORDER BY id
                        """)
                }
            }
            try db.inTransaction {
                func json(_ object: [String: Any]) -> String {
                    String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8), as: UTF8.self)
                }
                let after = json(["sources": summary.addedByKind["source", default: 0], "claims": summary.addedByKind["claim", default: 0],
                                  "taxonomyNodes": summary.addedByKind["entity", default: 0], "seeds": seeds])
                try ChangeRecorder.append(context, action: "init", kind: .knowledgeBase, recordId: path, before: old.map { json(["held": $0.held]) },
                                          after: after, in: db)
                return .commit
            }
        }
    }

    /// "3 sources, 16 claims, 1 import" — what a replace would discard.
    private static func contents(_ path: String) throws -> String {
        let knowledgeBase = try KnowledgeBase.open(path: path, readOnly: true)
        defer { try? knowledgeBase.close() }
        let stats = try Catalog(knowledgeBase).statistics()
        return "\(stats.count("sources")) sources, \(stats.count("claims")) claims, \(stats.count("imports")) imports"
    }
}
