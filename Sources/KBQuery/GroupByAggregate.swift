import GRDB
import KBDomain
import KBStore

/// One group's aggregates (DESIGN §10), however they were counted: in memory over the unit rows
/// (``GroupAggregator``) or by the server's `GROUP BY` (``ServerGroups``).
struct GroupTotals: Equatable {
    var count: Int
    /// Distinct sources.
    var sources: Int
    /// The best grade's rank (0 = high).
    var bestGrade: Int?
    var medianStrength: Double?
    /// The sample sizes of the distinct studies, summed.
    var totalN: Int?
    /// Units pre-registered, and replicated.
    var prereg: Int
    var replicated: Int

    /// The middle strength, or the mean of the two middle ones: one formula for both ways of
    /// counting, so that the medians agree to the last bit.
    static func median(lowMiddle: Double, highMiddle: Double) -> Double {
        (lowMiddle + highMiddle) / 2.0
    }
}

/// The aggregates of DESIGN §10 computed in one pass over the rows of `unit`, in memory.
///
/// SQLite's `GROUP BY` sorts: over 1M claims the counts, the strength histogram for the median
/// and the distinct studies for the sample sizes each cost a sort of a million rows (issue 15
/// measured 5–7 s of CPU). Reading the unit rows once and keeping, per group, a count, a set of
/// sources and of studies and the strengths to sort costs a hash look-up per row instead; the
/// result equals the SQL aggregates it replaces (`count(*)`, `count(DISTINCT sourceId)`,
/// `min(gradeRank)`, the median of the strengths, `sum(n)` once per study, `avg(prereg)`).
struct GroupAggregator {
    /// The columns after the group values, in the order ``GroupByCompiler/unitColumns`` selects them.
    enum UnitColumn: Int, CaseIterable {
        case unitId, sourceId, nKey, n, gradeRank, strength, prereg, replicated
    }

    struct Tally {
        var count = 0
        var sources = IdSet()
        var bestGrade: Int?
        var strengths: [Double] = []
        var studies = IdSet()
        var totalN: Int?
        var prereg = 0
        var replicated = 0

        mutating func add(_ unit: UnitValues) {
            count += 1
            if let source = unit.sourceId { sources.insert(source) }
            if let grade = unit.gradeRank { bestGrade = Swift.min(bestGrade ?? grade, grade) }
            if let strength = unit.strength { strengths.append(strength) }
            if let n = unit.n, let key = unit.nKey, studies.insert(key) {
                totalN = (totalN ?? 0) + n
            }
            prereg += unit.prereg ? 1 : 0
            replicated += unit.replicated ? 1 : 0
        }

        /// The middle strength, or the mean of the two middle ones (as the SQL histogram gave).
        var median: Double? {
            guard !strengths.isEmpty else { return nil }
            let sorted = strengths.sorted()
            let k = sorted.count
            return GroupTotals.median(lowMiddle: sorted[(k + 1) / 2 - 1], highMiddle: sorted[k / 2])
        }

        var totals: GroupTotals {
            GroupTotals(count: count, sources: sources.count, bestGrade: bestGrade, medianStrength: median, totalN: totalN,
                        prereg: prereg, replicated: replicated)
        }
    }

    let keys: GroupKeys
    /// Where each group value comes from; the unit columns follow the statement's key columns.
    let sources: [GroupByCompiler.KeySource]
    let offset: Int
    /// A sources query's per-source claim and study totals (nil: the rows carry them); set
    /// before the first row once the selected sources are known (``LinkedUnitRows``).
    var totals: SourceTotals?
    private(set) var tallies: [[DatabaseValue]: Tally] = [:]

    init(keys: GroupKeys, sources: [GroupByCompiler.KeySource], totals: SourceTotals? = nil) {
        self.keys = keys
        self.sources = sources
        self.totals = totals
        offset = GroupByCompiler.columnCount(sources)
    }

    /// A unit row with its claim's links of the taxonomy keys (``LinkedUnitRows``): it counts in
    /// each combination of its group values.
    mutating func add(_ row: some UnitRow, links: [ArraySlice<Int64>] = []) {
        let unit = UnitValues(row, offset: offset, totals: totals)
        LinkedUnitRows.forEachKey(sources, row: row, links: links) { key in
            tallies[key, default: Tally()].add(unit)
        }
    }

    /// The groups, largest first, then by value as SQLite orders them with `(none)` last.
    func rows(limit: Int?) -> (rows: [GroupRow], total: Int) {
        Self.rows(tallies.mapValues(\.totals), keys: keys, limit: limit)
    }

    /// Groups with their aggregates (by raw group values: node ids, not slugs), largest first,
    /// then by value as SQLite orders them with `(none)` last — counted here or by the server
    /// (``ServerGroups``), ordered and shown alike.
    static func rows(_ groups: [[DatabaseValue]: GroupTotals], keys: GroupKeys, limit: Int?) -> (rows: [GroupRow], total: Int) {
        let named = groups.map { (key: keys.named($0.key), value: $0.value) }
        let ordered = named.sorted { lhs, rhs in
            if lhs.value.count != rhs.value.count { return lhs.value.count > rhs.value.count }
            return Self.precedes(lhs.key, rhs.key)
        }
        let shown = limit.map { Array(ordered.prefix(Swift.max(0, $0))) } ?? ordered
        let rows = shown.map { key, group in
            GroupRow(values: key.map(GapMapAxes.text), count: group.count, sources: group.sources,
                     bestGrade: group.bestGrade.flatMap(GroupByCompiler.grade(rank:)), medianStrength: group.medianStrength, totalN: group.totalN,
                     preregisteredShare: Double(group.prereg) / Double(group.count), replicatedShare: Double(group.replicated) / Double(group.count))
        }
        return (rows, groups.count)
    }

    /// `ORDER BY g0 IS NULL, g0, g1 IS NULL, g1, …`.
    static func precedes(_ lhs: [DatabaseValue], _ rhs: [DatabaseValue]) -> Bool {
        for (a, b) in zip(lhs, rhs) {
            let order = compare(a, b)
            if order != 0 { return order < 0 }
        }
        return false
    }

    /// SQLite's order for values (numbers, then text by bytes, then blobs), with NULL last.
    static func compare(_ a: DatabaseValue, _ b: DatabaseValue) -> Int {
        func rank(_ value: DatabaseValue) -> Int {
            switch value.storage {
            case .int64, .double: 0
            case .string: 1
            case .blob: 2
            case .null: 3
            }
        }
        let (ra, rb) = (rank(a), rank(b))
        if ra != rb { return ra < rb ? -1 : 1 }
        switch (a.storage, b.storage) {
        case let (.string(x), .string(y)):
            if x == y { return 0 }
            return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1
        case let (.blob(x), .blob(y)):
            if x == y { return 0 }
            return x.lexicographicallyPrecedes(y) ? -1 : 1
        case (.null, .null):
            return 0
        default:
            let (x, y) = (number(a), number(b))
            return x == y ? 0 : (x < y ? -1 : 1)
        }
    }

    private static func number(_ value: DatabaseValue) -> Double {
        switch value.storage {
        case let .int64(int): Double(int)
        case let .double(double): double
        default: 0
        }
    }
}

/// The cells and totals of a gap map in one pass over `unit`: a cell counts its rows, a row's,
/// column's and the grand total count each unit once (a claim in two cells of a row counts once
/// in the row's total), each with the best grade.
struct MapAggregator {
    struct Total {
        var units = IdSet()
        var bestGrade: Int?

        mutating func add(unit: Int64, grade: Int?) {
            units.insert(unit)
            if let grade { bestGrade = Swift.min(bestGrade ?? grade, grade) }
        }
    }

    struct Pair: Hashable {
        var row: DatabaseValue
        var column: DatabaseValue
    }

    private(set) var cells: [Pair: (count: Int, bestGrade: Int?)] = [:]
    private(set) var rows: [DatabaseValue: Total] = [:]
    private(set) var columns: [DatabaseValue: Total] = [:]
    private(set) var total = Total()

    /// Where the row's and the column's value come from; the unit columns follow the key columns.
    let sources: [GroupByCompiler.KeySource]
    let offset: Int
    var totals: SourceTotals?

    /// The label each raw value of an axis shows (`axis` 0 is the rows, 1 the columns).
    let label: (DatabaseValue, _ axis: Int) -> String?
    /// Per axis, each raw value's stand-in: the first value seen with its label. Two values a map
    /// shows as one line (two nodes sharing a slug, a year stored as a number and as text) are one
    /// value here, so a unit about both counts once in their cell, as in their line's total.
    private var canonical: [[DatabaseValue: DatabaseValue]] = [[:], [:]]
    private var byLabel: [[String?: DatabaseValue]] = [[:], [:]]

    init(sources: [GroupByCompiler.KeySource], totals: SourceTotals? = nil, label: @escaping (DatabaseValue, _ axis: Int) -> String?) {
        self.sources = sources
        self.totals = totals
        self.label = label
        offset = GroupByCompiler.columnCount(sources)
    }

    /// A unit row with its claim's links of the taxonomy keys: it counts once in each of its cells.
    mutating func add(_ row: some UnitRow, links: [ArraySlice<Int64>] = []) {
        let values = UnitValues(row, offset: offset, totals: totals)
        let (unit, grade) = (values.id, values.gradeRank)
        // Most units have one pair; only a unit with several keeps a list (an empty one allocates nothing).
        var first: Pair?
        var more: [Pair] = []
        LinkedUnitRows.forEachKey(sources, row: row, links: links) { key in
            let pair = Pair(row: canonical(key[0], axis: 0), column: canonical(key[1], axis: 1))
            if let first {
                guard pair != first, !more.contains(pair) else { return }
                more.append(pair)
            } else {
                first = pair
            }
            add(row: pair.row, column: pair.column, unit: unit, grade: grade)
        }
    }

    private mutating func canonical(_ raw: DatabaseValue, axis: Int) -> DatabaseValue {
        if let known = canonical[axis][raw] { return known }
        let name = label(raw, axis)
        let value = byLabel[axis][name] ?? raw
        byLabel[axis][name] = value
        canonical[axis][raw] = value
        return value
    }

    private mutating func add(row r: DatabaseValue, column c: DatabaseValue, unit: Int64, grade: Int?) {
        var cell = cells[Pair(row: r, column: c)] ?? (0, nil)
        cell.count += 1
        if let grade { cell.bestGrade = Swift.min(cell.bestGrade ?? grade, grade) }
        cells[Pair(row: r, column: c)] = cell
        rows[r, default: Total()].add(unit: unit, grade: grade)
        columns[c, default: Total()].add(unit: unit, grade: grade)
        total.add(unit: unit, grade: grade)
    }
}

/// The group values as a `group by` shows them: the statement reads a taxonomy node's id (no
/// look-up of its slug per row), named here once per group.
struct GroupKeys {
    /// Per key column, the slugs of its kind's nodes by id; nil for a column read as it is.
    let names: [[Int64: String]?]

    var count: Int { names.count }

    init(fields: [Field], store: any QueryStore) throws {
        names = try fields.map { field in
            guard case let .entity(kind) = field.valueType else { return nil }
            return Dictionary(try store.nodes(of: kind).map { ($0.id, $0.slug) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// `raw`, read from key column `index`, as the value the group shows.
    func named(_ raw: DatabaseValue, at index: Int) -> DatabaseValue {
        guard let names = names[index], case let .int64(id) = raw.storage, let slug = names[id] else { return raw }
        return slug.databaseValue
    }

    func named(_ raw: [DatabaseValue]) -> [DatabaseValue] {
        raw.enumerated().map { named($0.element, at: $0.offset) }
    }
}
