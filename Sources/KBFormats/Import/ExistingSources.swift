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
    /// Every source whose URL is this one as ``WorkIdentity/comparableURL(_:)`` compares
    /// addresses (`http://osf.io/abc/` finds `https://osf.io/abc`), oldest first: works
    /// without a DOI may share an address.
    mutating func ids(comparableURL: String) throws -> [Int64]
    /// Every source a file's citation key named (two files of one name may reuse a key).
    mutating func ids(file: String, key: String) throws -> [Int64]
    /// A stored source's cheap identity columns, to rule a candidate out before reading it whole.
    mutating func keys(id: Int64) throws -> StoredKeys?
}

/// The columns of a stored source that decide most identity questions without reading its
/// contributors and notices.
struct StoredKeys {
    var slug: String
    var doi: String?
    /// ``WorkIdentity/comparableURL(_:)`` of the stored address.
    var url: String?
    var titleKey: String?
    var year: Int?

    init(row: Row) {
        slug = row["slug"]
        doi = row["doi"]
        url = (row["url"] as String?).flatMap(WorkIdentity.comparableURL)
        titleKey = (row["titleKey"] as String?).flatMap { $0.isEmpty ? nil : $0 }
        year = row["issuedYear"]
    }

    /// True when these columns alone show the stored work is not `source` — the cheap part of
    /// ``WorkIdentity/disagreement(_:_:)`` (never true where that finds no disagreement).
    func disagrees(with source: IdentityKeys) -> Bool {
        let doi = doi.map(Fingerprint.init)
        if let doi, let other = source.doi, doi != other { return true }
        if let url, let other = source.url, Fingerprint(url) != other, !(doi != nil && doi == source.doi) { return true }
        if let titleKey, let other = source.title, other != Fingerprint(titleKey) { return true }
        if let year, let other = source.year, year != other { return true }
        return false
    }

    static let columns = "slug, doi, url, titleKey, issuedYear"
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

    /// Through the `url` index, by every spelling ``WorkIdentity/urlSpellings(_:)`` gives, then
    /// kept only where the stored address compares equal.
    func ids(comparableURL: String) throws -> [Int64] {
        let spellings = WorkIdentity.urlSpellings(comparableURL)
        let marks = Array(repeating: "?", count: spellings.count).joined(separator: ", ")
        let rows = try Row.fetchAll(try db.cachedStatement(sql: "SELECT id, url FROM source WHERE url IN (\(marks)) ORDER BY id"), arguments: StatementArguments(spellings))
        return rows.compactMap { row in (row["url"] as String?).flatMap(WorkIdentity.comparableURL) == comparableURL ? row["id"] : nil }
    }

    func ids(file: String, key: String) throws -> [Int64] {
        try Int64.fetchAll(try db.cachedStatement(sql: "SELECT sourceId FROM sourceKey WHERE file = ? AND key = ? ORDER BY sourceId"), arguments: [file, key])
    }

    func keys(id: Int64) throws -> StoredKeys? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT \(StoredKeys.columns) FROM source WHERE id = ?"), arguments: [id]).map(StoredKeys.init)
    }
}

/// Every source's identifying keys, read once.
struct PreloadedSources: ExistingSources {
    private var byDOI: [String: Int64] = [:]
    private var bySlug: [String: Int64] = [:]
    private var byTitle: [String: [Int64]] = [:]
    private var byURL: [String: [Int64]] = [:]
    private var byKey: [String: [Int64]] = [:]
    private var byID: [Int64: StoredKeys] = [:]

    init(db: Database) throws {
        let cursor = try Row.fetchCursor(db, sql: "SELECT id, \(StoredKeys.columns) FROM source ORDER BY id")
        while let row = try cursor.next() {
            let id: Int64 = row["id"]
            let keys = StoredKeys(row: row)
            byID[id] = keys
            bySlug[keys.slug] = id
            if let doi = keys.doi, byDOI[doi] == nil { byDOI[doi] = id }
            if let titleKey: String = row["titleKey"] { byTitle[Self.titleKey(titleKey, keys.year), default: []].append(id) }
            if let url = keys.url { byURL[url, default: []].append(id) }
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
    func ids(comparableURL: String) -> [Int64] { byURL[comparableURL] ?? [] }
    func ids(file: String, key: String) -> [Int64] { byKey[file + "\u{0}" + key] ?? [] }
    func keys(id: Int64) -> StoredKeys? { byID[id] }
}
