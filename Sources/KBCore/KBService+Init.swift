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
    public static func create(path: String, seedsFolder: String?, replacing: Bool, willReplace: (String) -> Void = { _ in }) throws -> Creation {
        let seedFiles = try seedsFolder.map { try SeedFile.files(in: URL(fileURLWithPath: $0)) } ?? SeedFile.bundled
        guard !seedFiles.isEmpty else { throw KBError.usage("no seed files (*.yaml) in \(seedsFolder ?? "the bundle")") }
        let dataset = try SeedLoader.load(seedFiles)
        let manager = FileManager.default
        if manager.fileExists(atPath: path) {
            guard replacing else {
                throw KBError.usage("\(path) already exists (\(try contents(path))); use --force to replace it")
            }
            willReplace(try contents(path))
        }
        let temporary = path + ".init-\(ProcessInfo.processInfo.processIdentifier)"
        try? manager.removeItem(atPath: temporary)
        do {
            let knowledgeBase = try KnowledgeBase.open(path: temporary)
            let summary = try knowledgeBase.load(dataset, command: "init", files: seedFiles.map(\.name))
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

    /// "3 sources, 16 claims, 1 import" — what a replace would discard.
    private static func contents(_ path: String) throws -> String {
        let knowledgeBase = try KnowledgeBase.open(path: path, readOnly: true)
        defer { try? knowledgeBase.close() }
        let stats = try Catalog(knowledgeBase).statistics()
        return "\(stats.count("sources")) sources, \(stats.count("claims")) claims, \(stats.count("imports")) imports"
    }
}
