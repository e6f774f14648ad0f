import GRDB
import KBDomain
import KBQuery
import KBStore

/// How the reconciler looks up what the KB already holds. A small KB (or a large import) is read
/// into memory once; a large KB taking a small import is asked row by row through its indexes.
protocol ExistingSources {
    mutating func id(doi: String) throws -> Int64?
    mutating func id(slug: String) throws -> Int64?
    mutating func ids(titleKey: String, year: Int?) throws -> [Int64]
    /// Every source with this URL, oldest first (works without a DOI may share an address).
    mutating func ids(url: String) throws -> [Int64]
    /// Every source a file's citation key named (two files of one name may reuse a key).
    mutating func ids(file: String, key: String) throws -> [Int64]
}

enum ExistingSourcesFactory {
    /// Preload when the KB holds no more than `max(20 000, 2 × incoming)` sources.
    static func make(db: Database, incoming: Int) throws -> any ExistingSources {
        let existing = try Int.fetchOne(db, sql: "SELECT count(*) FROM source") ?? 0
        if existing <= max(20_000, 2 * incoming) { return try PreloadedSources(db: db) }
        return IndexedSources(db: db)
    }
}

/// Row-by-row lookups through the source indexes.
struct IndexedSources: ExistingSources {
    let db: Database

    func id(doi: String) throws -> Int64? {
        try Int64.fetchOne(try db.cachedStatement(sql: "SELECT id FROM source WHERE doi = ? ORDER BY id LIMIT 1"), arguments: [doi])
    }

    func id(slug: String) throws -> Int64? {
        try Int64.fetchOne(try db.cachedStatement(sql: "SELECT id FROM source WHERE slug = ?"), arguments: [slug])
    }

    func ids(titleKey: String, year: Int?) throws -> [Int64] {
        try Int64.fetchAll(try db.cachedStatement(sql: "SELECT id FROM source WHERE titleKey = ? AND issuedYear IS ? ORDER BY id"), arguments: [titleKey, year])
    }

    func ids(url: String) throws -> [Int64] {
        try Int64.fetchAll(try db.cachedStatement(sql: "SELECT id FROM source WHERE url = ? ORDER BY id"), arguments: [url])
    }

    func ids(file: String, key: String) throws -> [Int64] {
        try Int64.fetchAll(try db.cachedStatement(sql: "SELECT sourceId FROM sourceKey WHERE file = ? AND key = ? ORDER BY sourceId"), arguments: [file, key])
    }
}

/// Every source's identifying keys, read once.
struct PreloadedSources: ExistingSources {
    private var byDOI: [String: Int64] = [:]
    private var bySlug: [String: Int64] = [:]
    private var byTitle: [String: [Int64]] = [:]
    private var byURL: [String: [Int64]] = [:]
    private var byKey: [String: [Int64]] = [:]

    init(db: Database) throws {
        let cursor = try Row.fetchCursor(db, sql: "SELECT id, slug, doi, titleKey, issuedYear, url FROM source ORDER BY id")
        while let row = try cursor.next() {
            let id: Int64 = row[0]
            bySlug[row[1]] = id
            if let doi: String = row[2], byDOI[doi] == nil { byDOI[doi] = id }
            if let titleKey: String = row[3] { byTitle[Self.titleKey(titleKey, row[4]), default: []].append(id) }
            if let url: String = row[5] { byURL[url, default: []].append(id) }
        }
        let keys = try Row.fetchCursor(db, sql: "SELECT file, key, sourceId FROM sourceKey ORDER BY sourceId")
        while let row = try keys.next() {
            byKey[(row[0] as String) + "\u{0}" + (row[1] as String), default: []].append(row[2])
        }
    }

    static func titleKey(_ key: String, _ year: Int?) -> String { key + "|" + (year.map(String.init) ?? "") }

    func id(doi: String) -> Int64? { byDOI[doi] }
    func id(slug: String) -> Int64? { bySlug[slug] }
    func ids(titleKey: String, year: Int?) -> [Int64] { byTitle[Self.titleKey(titleKey, year)] ?? [] }
    func ids(url: String) -> [Int64] { byURL[url] ?? [] }
    func ids(file: String, key: String) -> [Int64] { byKey[file + "\u{0}" + key] ?? [] }
}
