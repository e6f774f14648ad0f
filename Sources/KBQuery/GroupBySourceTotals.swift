import GRDB
import KBDomain
import KBStore

/// Per source, what a `sources … group by` counts of its claims and studies: the best grade, the
/// highest strength, whether a claim is replicated, the studies' summed sample size and whether
/// one is pre-registered — from one pass over `claim` and one over `study`, in stored order.
///
/// As SQL (`GROUP BY sourceId` per table, joined to each source) SQLite read the claims in
/// `claimBySource`'s order, a page read per claim, and built a temporary index per aggregate
/// (2.2 s of CPU for `sources group by design` at 1M claims); aggregated here by source id, each
/// table is read once in row-id order.
struct SourceTotals {
    struct Entry {
        var gradeRank: Int?
        var strength: Double?
        var replicated = false
        var n: Int?
        var prereg = false
    }

    /// Entries by source id (row ids, dense from 1); ids beyond ``denseLimit`` in `sparse`.
    private var dense: [Entry] = []
    private var sparse: [Int64: Entry] = [:]
    /// Every entry in `sparse` (the totals of a few selected sources).
    private var isSparse = false
    static let denseLimit: Int64 = 1 << 24

    /// The claims' per-row values, as the statement reads them.
    static let claimsSQL = "SELECT sourceId, \(GroupByCompiler.gradeRank("grade")), strength, replication = 'replicated' FROM claim WHERE sourceId IS NOT NULL"
    static let studiesSQL = "SELECT sourceId, n, preregistered = 'yes' FROM study WHERE sourceId IS NOT NULL"

    /// The totals of every source, or (`sources` given: a selective query's few) only those
    /// sources', read through `claimBySource` and `studyBySource`: `sources where year=2019
    /// group by design` no longer reads a million claims for ten thousand sources.
    init(_ rows: UnitRowSource, sources: [Int64]? = nil) throws {
        guard let sources else {
            try add(claims: SQLFragment(sql: Self.claimsSQL), studies: SQLFragment(sql: Self.studiesSQL), from: rows)
            return
        }
        // Few sources: by id in a dictionary, not an array as long as the largest id.
        isSparse = true
        for chunk in sources.chunked(into: 500) {
            try add(claims: SQLFragment(sql: Self.claimsSQL) + " AND sourceId IN \(list: chunk)",
                    studies: SQLFragment(sql: Self.studiesSQL) + " AND sourceId IN \(list: chunk)", from: rows)
        }
    }

    /// ``init(_:sources:)`` on an SQLite connection.
    init(_ db: Database, sources: [Int64]? = nil) throws {
        try self.init(.sqlite(db), sources: sources)
    }

    private mutating func add(claims: SQLFragment, studies: SQLFragment, from rows: UnitRowSource) throws {
        try rows.forEachRow(claims) { row in
            guard let id = row.int64(at: 0) else { return }
            let (grade, strength, replicated) = (row.int64(at: 1).map(Int.init), row.double(at: 2), (row.int64(at: 3) ?? 0) != 0)
            update(id) { entry in
                if let grade { entry.gradeRank = Swift.min(entry.gradeRank ?? grade, grade) }
                if let strength { entry.strength = Swift.max(entry.strength ?? strength, strength) }
                entry.replicated = entry.replicated || replicated
            }
        }
        try rows.forEachRow(studies) { row in
            guard let id = row.int64(at: 0) else { return }
            let (n, prereg) = (row.int64(at: 1).map(Int.init), (row.int64(at: 2) ?? 0) != 0)
            update(id) { entry in
                if let n { entry.n = (entry.n ?? 0) + n }
                entry.prereg = entry.prereg || prereg
            }
        }
    }

    private mutating func update(_ id: Int64, _ change: (inout Entry) -> Void) {
        guard !isSparse, id >= 0, id < Self.denseLimit else { return change(&sparse[id, default: Entry()]) }
        if Int(id) >= dense.count { dense.append(contentsOf: repeatElement(Entry(), count: Swift.max(Int(id) + 1, dense.count * 2) - dense.count)) }
        change(&dense[Int(id)])
    }

    subscript(id: Int64) -> Entry {
        guard !isSparse, id >= 0, id < Self.denseLimit else { return sparse[id] ?? Entry() }
        return Int(id) < dense.count ? dense[Int(id)] : Entry()
    }
}

/// One unit row's values (``GroupAggregator/UnitColumn``), a source's claim and study totals
/// taken from ``SourceTotals`` when the statement leaves them to memory.
struct UnitValues {
    var id: Int64
    var sourceId: Int64?
    var nKey: Int64?
    var n: Int?
    var gradeRank: Int?
    var strength: Double?
    var prereg: Bool
    var replicated: Bool

    init(_ row: some UnitRow, offset: Int, totals: SourceTotals?) {
        typealias Column = GroupAggregator.UnitColumn
        id = row.int64(at: offset + Column.unitId.rawValue) ?? 0
        sourceId = row.int64(at: offset + Column.sourceId.rawValue)
        nKey = row.int64(at: offset + Column.nKey.rawValue)
        if let totals {
            let entry = totals[id]
            (n, gradeRank, strength, prereg, replicated) = (entry.n, entry.gradeRank, entry.strength, entry.prereg, entry.replicated)
            return
        }
        n = row.int64(at: offset + Column.n.rawValue).map(Int.init)
        gradeRank = row.int64(at: offset + Column.gradeRank.rawValue).map(Int.init)
        strength = row.double(at: offset + Column.strength.rawValue)
        prereg = (row.int64(at: offset + Column.prereg.rawValue) ?? 0) != 0
        replicated = (row.int64(at: offset + Column.replicated.rawValue) ?? 0) != 0
    }
}
