import Foundation
import GRDB
import KBDomain
import KBStore

/// A work the KB holds, as a page's citation is matched against it.
public struct CitedWork: Sendable, Equatable, Hashable {
    public var id: Int64
    public var slug: String
    public var title: String?
    public var year: Int?
    public var volume: String?
    public var issue: String?
    public var doi: String?
    public var url: String?
    /// Family names or organisation names, in order.
    public var authors: [String]
    /// The authors' folded name keys (``Contributor/nameKey``), as `author=` and citations match them.
    public var nameKeys: Set<String> = []
    public var isRetracted: Bool
}

/// A claim as a page's statement is matched against it.
public struct EvidenceClaim: Sendable, Equatable {
    public var id: Int64
    public var slug: String
    public var statement: String
    public var quote: String?
    public var metric: String?
    public var value: Double?
    public var unit: String?
    public var direction: Direction?
    public var baseline: String?
    public var grade: Grade
    public var replication: ReplicationStatus
    public var sourceID: Int64?
    public var studyN: Int?
    public var studyNText: String?
    /// What the study's n counts ("skills", "participants"), when the KB says.
    public var studyNUnit: String?
    /// Whether the claim's own statement or quote writes its value as a change ("changed by
    /// 10.8%", "rose 18%"): such a claim states a change even with no direction and a value
    /// that is not negative, as a CSV import leaves it (``NumberMatch/isLevel(_:)``).
    public var writesChange: Bool = false

    /// The value with the sign its direction gives it: 92 "decrease" is −92.
    public var signedValue: Double? {
        guard let value else { return nil }
        return direction == .decrease && value > 0 ? -value : value
    }

    /// A ratio (its unit says so): never negative, and never a count.
    public var isRatio: Bool { (unit ?? "").lowercased() == "ratio" }

    /// "million roles" scales the value by a million.
    public var scale: Double {
        let unit = (unit ?? "").lowercased()
        if unit.hasPrefix("million") { return 1e6 }
        if unit.hasPrefix("billion") { return 1e9 }
        if unit.hasPrefix("thousand") { return 1e3 }
        return 1
    }

    public var isPercent: Bool { ["percent", "%", "percentage points", "pp"].contains((unit ?? "").lowercased()) }
    /// A claim in percentage points, which a page's "28 percentage points" may state.
    public var isPoints: Bool { ["percentage points", "percentage point", "pp", "points"].contains((unit ?? "").lowercased()) }

    /// The claim with ``writesChange`` read from its statement and quote: one of the numbers
    /// they write is its value, in a change's form — a written sign, "by 18%", a direction word
    /// or a change's noun ("changed by 18%" has no direction, yet is a change).
    func readingItsText() -> EvidenceClaim {
        readingItsTextAndNumbers().claim
    }

    /// ``readingItsText()``, with the numbers its statement and quote write when it read them
    /// (``NumberMatch/written(_:)``, which a check asks of the same claim next: issue 17).
    func readingItsTextAndNumbers() -> (claim: EvidenceClaim, written: [ProseNumber]?) {
        guard direction == nil, let value, value >= 0 else { return (self, nil) }
        var claim = self
        let texts = [statement, quote].compactMap { $0 }.map { FloatArtefacts.tidied($0) }
        let numbers = texts.map { NumberReader.numbers(in: $0) }
        claim.writesChange = zip(texts, numbers).contains { tidied, numbers in
            let characters = Array(tidied)
            return numbers.contains { number in
                guard number.upper == nil, NumberMatch.equal(value * scale, number.value * number.scale, decimals: number.decimals, scale: number.scale) else {
                    return false
                }
                let start = number.column - 1
                return number.isChange || NumberReader.isChangeForm(
                    before: NumberReader.unhedged(NumberReader.words(before: start, in: characters, count: 8)),
                    after: NumberReader.words(after: start + number.text.count, in: characters, count: 4))
            }
        }
        return (claim, numbers.flatMap { $0 })
    }
}

/// Lookups of works and claims by what a page writes: DOI, URL, author names and year, a
/// source's claims, claims by their words and numbers. Each is an indexed lookup, so a page is
/// checked in time that grows with the page, not with the KB (CheckPlanTests holds every
/// statement to a plan without a table scan).
public struct EvidenceIndex {
    let db: Database
    /// The claims read so far, by id: a page's sentences look up the same works' claims again
    /// and again, and each claim's reading of its own text (``EvidenceClaim/readingItsText()``)
    /// parses its statement, so it is done once per claim and snapshot, not once per look-up.
    private let readClaims = ClaimMemo()

    /// The KB the index reads, when it may be read again on a second connection (``alongside(_:)``).
    private let knowledgeBase: KnowledgeBase?

    /// An index over the statements of one database connection.
    init(db: Database, knowledgeBase: KnowledgeBase? = nil) {
        self.db = db
        self.knowledgeBase = knowledgeBase
    }

    /// Runs `body` with an index that reads one snapshot of the KB through one connection, with
    /// a page cache large enough for a page's look-ups (64 MiB instead of SQLite's 2 MiB, so the
    /// full-text and index pages a page's sentences share are read from the file once) and the
    /// file memory-mapped for reading; both are restored afterwards.
    public static func reading<T>(_ knowledgeBase: KnowledgeBase, _ body: (EvidenceIndex) throws -> T) throws -> T {
        try knowledgeBase.reader.read { db in
            try tuned(db) { try body(EvidenceIndex(db: db, knowledgeBase: knowledgeBase)) }
        }
    }

    /// Runs `body` with an index over a second connection to the same KB (its own snapshot and
    /// memo), for work done on another thread beside this index's; nil when the KB has no file
    /// to open twice (``KnowledgeBase/secondReader()``). Called on the thread that does the work.
    func alongside<T>(_ body: (EvidenceIndex) throws -> T) throws -> T? {
        guard let knowledgeBase, let second = try knowledgeBase.secondReader() else { return nil }
        return try second.read { db in try Self.tuned(db) { try body(EvidenceIndex(db: db)) } }
    }

    /// Whether ``alongside(_:)`` has a second connection to open.
    var hasSecondReader: Bool { knowledgeBase?.isFile == true }

    /// Runs `body` with the connection's page cache at 64 MiB and the file memory-mapped, then
    /// restores both.
    private static func tuned<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
        let mmapSize = try Int.fetchOne(db, sql: "PRAGMA mmap_size") ?? 0
        try db.execute(sql: "PRAGMA cache_size = -65536")
        try db.execute(sql: "PRAGMA mmap_size = 1073741824")
        defer {
            try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)")
            try? db.execute(sql: "PRAGMA mmap_size = \(mmapSize)")
        }
        return try body()
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try body(db)
    }

    /// A work's columns. Its authors, in order, are read in one pass over its contributor rows:
    /// each author's name, a unit separator (U+001F) and its folded key, the authors joined by
    /// a record separator (U+001E), characters no name holds.
    static let workColumns = """
        s.id, s.slug, s.title, s.issuedYear, s.volume, s.issue, s.doi, s.url,
        (SELECT group_concat(coalesce(c.family, c.literal) || char(31) || c.nameKey, char(30))
         FROM (SELECT * FROM contributor c WHERE c.sourceId = s.id AND c.role = 'author' ORDER BY c.position) c) AS authors,
        EXISTS (SELECT 1 FROM notice n WHERE n.sourceId = s.id AND n.kind = 'retraction') AS retracted
        """

    static func work(_ row: Row) -> CitedWork {
        var authors: [String] = []
        var nameKeys: Set<String> = []
        if let listed = row[8] as String? {
            for author in listed.split(separator: "\u{1E}", omittingEmptySubsequences: false) {
                let parts = author.split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false)
                authors.append(String(parts[0]))
                if parts.count > 1 { nameKeys.insert(String(parts[1])) }
            }
        }
        return CitedWork(id: row[0], slug: row[1], title: row[2], year: row[3], volume: row[4], issue: row[5], doi: row[6], url: row[7],
                         authors: authors, nameKeys: nameKeys, isRetracted: row[9])
    }

    /// The work with this DOI (normalised as kb stores it).
    public func work(doi: String) throws -> CitedWork? {
        try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.workColumns) FROM source s WHERE s.doi = ? LIMIT 1"), arguments: [doi]).map(Self.work)
        }
    }

    /// The work at this URL (with or without a trailing slash).
    public func work(url: String) throws -> CitedWork? {
        let bare = url.hasSuffix("/") ? String(url.dropLast()) : url
        return try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.workColumns) FROM source s WHERE s.url IN (?, ?) LIMIT 1"), arguments: [bare, bare + "/"]).map(Self.work)
        }
    }

    /// Works with an author whose folded name is one of `keys` (and of `year`, when given; without a year when `undated`),
    /// each with how many of the keys it matched.
    public func works(nameKeys keys: [String], year: Int?, undated: Bool = false) throws -> [(work: CitedWork, matched: Set<String>)] {
        try works(nameKeys: keys, years: year.map { $0...$0 }, undated: undated)
    }

    /// Works with an author whose folded name is one of `keys`, issued in one of `years` (any
    /// year when nil; without a year when `undated`), each with the keys it matched. At most 500
    /// author rows are read, so the years narrow the search in the index, not after it: a
    /// common family name's works of other decades do not crowd out the years asked for.
    public func works(nameKeys keys: [String], years: ClosedRange<Int>?, undated: Bool = false) throws -> [(work: CitedWork, matched: Set<String>)] {
        guard !keys.isEmpty else { return [] }
        // A page cites the same authors again and again: one look-up per names and years.
        let key = "\(keys.joined(separator: "|"))#\(years.map { "\($0.lowerBound)-\($0.upperBound)" } ?? "")#\(undated)"
        if let known = readClaims.worksByNames[key] { return known }
        let marks = Array(repeating: "?", count: keys.count).joined(separator: ", ")
        var arguments = StatementArguments(keys)
        var yearFilter = ""
        if undated {
            yearFilter = " AND s.issuedYear IS NULL"
        } else if let years, years.lowerBound == years.upperBound {
            yearFilter = " AND s.issuedYear = ?"
            arguments += [years.lowerBound]
        } else if let years {
            yearFilter = " AND s.issuedYear BETWEEN ? AND ?"
            arguments += [years.lowerBound, years.upperBound]
        }
        let found: [(work: CitedWork, matched: Set<String>)] = try read { db in
            // The author rows first (the name index and the years only), then each work's
            // columns once: a work's authors are read per work, not per author row matched.
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT c.sourceId, c.nameKey FROM contributor c JOIN source s ON s.id = c.sourceId
                WHERE c.role = 'author' AND c.nameKey IN (\(marks))\(yearFilter) LIMIT 500
                """), arguments: arguments)
            var matched: [Int64: Set<String>] = [:]
            for row in rows { matched[row[0], default: []].insert(row[1]) }
            guard !matched.isEmpty else { return [] }
            // Each work's columns once a snapshot: a common name's works come back for each
            // year and co-author a page cites it with.
            let unread = matched.keys.filter { readClaims.worksByID[$0] == nil }.sorted()
            if !unread.isEmpty {
                // The rows decoded as the cursor reads them.
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT \(Self.workColumns) FROM source s WHERE s.id IN (\(Array(repeating: "?", count: unread.count).joined(separator: ", ")))
                    """, arguments: StatementArguments(unread))
                while let row = try rows.next() {
                    let work = Self.work(row)
                    readClaims.worksByID[work.id] = work
                }
            }
            return matched.keys.sorted().compactMap { id in readClaims.worksByID[id].map { ($0, matched[id] ?? []) } }
        }
        readClaims.worksByNames[key] = found
        return found
    }

    static let claimColumns = """
        t.id, t.slug, t.statement, t.quote, t.metric, t.value, t.unit, t.direction, t.baseline, t.grade, t.replication, t.sourceId, st.n, st.nText, st.nUnit
        """

    /// The claim of a row of ``claimColumns``, read once per id (the index reads one snapshot).
    func claim(_ row: Row) -> EvidenceClaim {
        let id: Int64 = row[0]
        if let known = readClaims.byID[id] { return known }
        let (claim, written) = Self.fields(row).readingItsTextAndNumbers()
        readClaims.byID[id] = claim
        if let written { readClaims.written[id] = written }
        return claim
    }

    /// The claim a row of ``claimColumns`` holds, its text not yet read.
    static func fields(_ row: Row) -> EvidenceClaim {
        EvidenceClaim(id: row[0], slug: row[1], statement: row[2], quote: row[3], metric: row[4], value: row[5], unit: row[6],
                      direction: (row[7] as String?).flatMap(Direction.init(rawValue:)), baseline: row[8],
                      grade: Grade(rawValue: row[9]) ?? .veryLow, replication: ReplicationStatus(rawValue: row[10]) ?? .unknown,
                      sourceID: row[11], studyN: row[12], studyNText: row[13], studyNUnit: row[14])
    }

    /// The numbers a claim read through this index writes (``NumberMatch/written(_:)``), read
    /// once a snapshot: reading the claim may have read them already.
    func written(by claim: EvidenceClaim) -> [ProseNumber] {
        if let known = readClaims.written[claim.id] { return known }
        let written = NumberMatch.written(claim)
        readClaims.written[claim.id] = written
        return written
    }

    /// The claims of a work, with the sample size of each claim's study.
    public func claims(of work: Int64) throws -> [EvidenceClaim] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT \(Self.claimColumns) FROM claim t LEFT JOIN study st ON st.id = t.studyId WHERE t.sourceId = ? ORDER BY t.id"),
                             arguments: [work]).map(claim)
        }
    }

    /// The sample sizes the work's studies state.
    public func sampleSizes(of work: Int64) throws -> [Int] {
        try read { db in try Int.fetchAll(db.cachedStatement(sql: "SELECT n FROM study WHERE sourceId = ? AND n IS NOT NULL"), arguments: [work]) }
    }

    /// How many claims' full text holds `term` (a word, or a phrase of digit groups such as
    /// "22 5"): exact up to `cap`; past it, estimated from where the match just past `cap` stands
    /// among the claims' ids (a term held by half the claims has its 501st match near id 1,000).
    /// Only `cap + 1` matches are read, enough to tell a selective term from a common one
    /// without reading a common term's whole list, and still to order common terms by how
    /// common they are (a word every claim holds is then searched last, or not at all).
    public func claimCount(containing term: String, upTo cap: Int) throws -> Int {
        guard Self.isSafeTerm(term) else { return 0 }
        return try read { db in
            let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT count(*), max(id) FROM (SELECT rowid AS id FROM claimSearch WHERE claimSearch MATCH ? LIMIT ?)
                """), arguments: ["\"\(term)\"", cap + 1])
            let count: Int = row?[0] ?? 0
            guard count > cap, let last: Int64 = row?[1] else { return count }
            let span = try claimIDSpan(db)
            let reached = max(1, last - span.lowerBound + 1)
            let all = span.upperBound - span.lowerBound + 1
            return max(count, Int((Double(count) * Double(all) / Double(reached)).rounded()))
        }
    }

    /// The claims' lowest and highest id, read once a snapshot (each its own subquery: `min` and `max` in one
    /// select scan the table).
    private func claimIDSpan(_ db: Database) throws -> ClosedRange<Int64> {
        if let known = readClaims.idSpan { return known }
        let row = try Row.fetchOne(db, sql: "SELECT (SELECT min(id) FROM claim), (SELECT max(id) FROM claim)")
        let low: Int64 = row?[0] ?? 1
        let span = low...max(low, row?[1] ?? low)
        readClaims.idSpan = span
        return span
    }

    /// The claims whose full text holds any of `terms`, best first (BM25), at most `limit`.
    /// Ranking reads every claim that matches, so callers pass selective terms only.
    public func claims(sharingAny terms: [String], limit: Int) throws -> [EvidenceClaim] {
        try claims(matching: terms, joinedBy: " OR ", ranked: true, limit: limit)
    }

    /// The claims whose full text holds every one of `terms`, in id order, at most `limit`: the
    /// search stops at the limit, so common terms cost little.
    public func claims(sharingAll terms: [String], limit: Int) throws -> [EvidenceClaim] {
        try claims(matching: terms, joinedBy: " AND ", ranked: false, limit: limit)
    }

    private func claims(matching terms: [String], joinedBy connective: String, ranked: Bool, limit: Int) throws -> [EvidenceClaim] {
        let terms = terms.filter(Self.isSafeTerm)
        guard !terms.isEmpty else { return [] }
        let pattern = terms.map { "\"\($0)\"" }.joined(separator: connective)
        // A sentence's numbers search with its words one after another: the same search, and
        // the same answer from one snapshot, so it is run once.
        let key = "\(ranked ? "ranked" : "first") \(limit) \(pattern)"
        if let known = readClaims.searches[key] { return known }
        let found = try read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT \(Self.claimColumns) FROM (SELECT rowid AS id FROM claimSearch WHERE claimSearch MATCH ?\(ranked ? " ORDER BY rank" : "") LIMIT ?) m
                JOIN claim t ON t.id = m.id LEFT JOIN study st ON st.id = t.studyId
                """), arguments: [pattern, limit]).map(claim)
        }
        readClaims.searches[key] = found
        return found
    }

    /// A term kb puts in a full-text pattern: letters, or digit groups separated by spaces
    /// (nothing FTS5 would read as syntax).
    static func isSafeTerm(_ term: String) -> Bool {
        !term.isEmpty && (term.allSatisfy(\.isWordLetter) || term.allSatisfy { $0.isASCIIDigit || $0 == " " })
    }

    /// The work with this slug.
    public func work(slug: String) throws -> CitedWork? {
        try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.workColumns) FROM source s WHERE s.slug = ?"), arguments: [slug]).map(Self.work)
        }
    }

    /// The work with this id.
    public func work(id: Int64) throws -> CitedWork? {
        try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.workColumns) FROM source s WHERE s.id = ?"), arguments: [id]).map(Self.work)
        }
    }
}

/// The claims an ``EvidenceIndex`` has read, by id (a reference, so the index stays a value).
private final class ClaimMemo {
    var byID: [Int64: EvidenceClaim] = [:]
    /// The numbers each claim's statement and quote write, by id (``EvidenceIndex/written(by:)``).
    var written: [Int64: [ProseNumber]] = [:]
    /// The claims each full-text search found, by its kind, limit and pattern.
    var searches: [String: [EvidenceClaim]] = [:]
    /// The works each author look-up found, by its name keys, year and undated flag.
    var worksByNames: [String: [(work: CitedWork, matched: Set<String>)]] = [:]
    /// The works an author look-up read, by id.
    var worksByID: [Int64: CitedWork] = [:]
    /// The claims' lowest and highest id (``EvidenceIndex/claimCount(containing:upTo:)``).
    var idSpan: ClosedRange<Int64>?
}
