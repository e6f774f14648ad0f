import Foundation
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// The project's own small test files under `Tests/Fixtures/`.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func url(_ path: String) -> URL { directory.appendingPathComponent(path) }

    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: url(path)))
    }

    static func input(_ path: String) throws -> ImportInput {
        ImportInput(name: url(path).path, bytes: try bytes(path))
    }

    static func text(_ path: String) throws -> String {
        String(decoding: try bytes(path), as: UTF8.self)
    }
}

/// Imports into a fresh seeded KB and returns both.
func importing(_ inputs: [ImportInput], options: ImportOptions = ImportOptions()) throws -> (KnowledgeBase, ImportReport) {
    let knowledgeBase = try KnowledgeBase.seeded()
    let report = try Importer(knowledgeBase).run(inputs, options: options)
    return (knowledgeBase, report)
}

func sources(_ knowledgeBase: KnowledgeBase, where condition: String = "1") throws -> [Source] {
    try knowledgeBase.reader.read { db in
        let ids = try Int64.fetchAll(db, sql: "SELECT id FROM source WHERE \(condition) ORDER BY id")
        let loaded = try GraphReader(db: db).sources(ids: ids)
        return ids.compactMap { loaded[$0] }
    }
}

func count(_ knowledgeBase: KnowledgeBase, _ table: String) throws -> Int {
    try knowledgeBase.reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
}

import GRDB

extension KnowledgeBase {
    /// An in-memory KB holding the dataset `build` fills, for a suite's `static let`; a fixture
    /// that does not load stops the run, named by `label`.
    static func fixture(_ label: String, _ build: (inout Dataset) throws -> Void) -> KnowledgeBase {
        do {
            var dataset = Dataset()
            try build(&dataset)
            let knowledgeBase = try KnowledgeBase.inMemory()
            _ = try knowledgeBase.load(dataset, command: "test", files: [])
            return knowledgeBase
        } catch {
            fatalError("\(label): \(error)")
        }
    }
}
