import GRDB
import KBDomain
import KBStore

extension GroupByCompiler {
    /// Where a group value comes from: a column of the statement, (a taxonomy key of a claims
    /// query) the kind's links, or (a claims query's jurisdiction) the claim's links to
    /// jurisdictions and their boundaries with its study's country, read from column `Int` — all
    /// joined in memory with each row by ``LinkedUnitRows``.
    enum KeySource: Equatable {
        case column(Int)
        case links(EntityKind)
        case jurisdiction(Int)

        /// Whether the statement has a column for this key.
        var hasColumn: Bool {
            if case .links = self { return false }
            return true
        }

        /// Whether the values are joined in memory (one slice of node ids per row).
        var isLinked: Bool {
            if case .column = self { return false }
            return true
        }
    }

    /// Each key's source, in the clause's order; the statement's key columns are numbered in order.
    static func keySources(_ fields: [Field], target: Target) -> [KeySource] {
        var column = 0
        return fields.map { field in
            if target == .claims, field != .jurisdiction, case let .entity(kind) = field.valueType { return .links(kind) }
            defer { column += 1 }
            return target == .claims && field == .jurisdiction ? .jurisdiction(column) : .column(column)
        }
    }
}

/// The rows of a unit statement, each with its claim's links of the taxonomy keys' kinds.
///
/// The links come from ``QueryStore/claimLinks(of:claims:)``: when the statement returns many
/// rows, every link of the kind in one pass over `claimAbout`'s key; when it returns at most
/// ``fewRows`` (a query with subjects or a selective filter), those claims' links only, so a
/// small answer never reads a million links.
struct LinkedUnitRows {
    /// What each row gets a slice of node ids for, in order: a kind's links, or the claim's
    /// jurisdictions (``JurisdictionResolver``, the statement's column holding its study's country).
    enum Key: Equatable {
        case kind(EntityKind)
        case jurisdiction(country: Int)
    }

    let keys: [Key]
    /// The statement's column holding the claim's id (a sources statement's: the source's id).
    let claimColumn: Int
    /// Rows read ahead before deciding how to read the links (tests lower it to read every link).
    var fewRows = Self.fewRows

    /// The rows of a unit statement (``GroupByCompiler/unitRows(keys:)``) with the links of
    /// `sources`' taxonomy keys.
    init(sources: [GroupByCompiler.KeySource]) {
        keys = sources.compactMap { source in
            switch source {
            case .column: nil
            case let .links(kind): .kind(kind)
            case let .jurisdiction(column): .jurisdiction(country: column)
            }
        }
        claimColumn = GroupByCompiler.columnCount(sources) + GroupAggregator.UnitColumn.unitId.rawValue
    }

    init(kinds: [EntityKind], claimColumn: Int) {
        keys = kinds.map(Key.kind)
        self.claimColumn = claimColumn
    }

    /// The kinds whose links are read: the keys' own, and those that place a claim in a jurisdiction.
    var kinds: [EntityKind] {
        var kinds: [EntityKind] = []
        for key in keys {
            let needed: [EntityKind] = switch key {
            case let .kind(kind): [kind]
            case .jurisdiction: JurisdictionResolver.linkKinds
            }
            for kind in needed where !kinds.contains(kind) { kinds.append(kind) }
        }
        return kinds
    }

    /// Rows read ahead before deciding how to read the links: below this, a claim's links cost
    /// less read one claim at a time than all of them in one pass.
    static let fewRows = 50_000

    /// Calls `body` with each row and one slice of node ids per key. `selected` is called first,
    /// with the ids in ``claimColumn`` when the statement returns at most ``fewRows`` rows (nil
    /// when more): a sources query reads only those sources' claims (``SourceTotals``).
    func forEach(_ statement: SQLFragment, in rows: UnitRowSource, store: any QueryStore,
                 selected: (([Int64]?) throws -> Void)? = nil, _ body: (any UnitRow, [ArraySlice<Int64>]) throws -> Void) throws {
        guard !keys.isEmpty || selected != nil else {
            return try rows.forEachRow(statement) { try body($0, []) }
        }
        // The first rows are held until it is known whether the statement returns few.
        var ahead: [any UnitRow] = []
        var isPrepared = false
        let kinds = self.kinds
        var loaded: [ClaimLinks] = []
        var resolver: JurisdictionResolver?
        var jurisdictionLinks: [ClaimLinks] = []
        func links(of kind: EntityKind) -> ClaimLinks? { kinds.firstIndex(of: kind).map { loaded[$0] } }
        func prepare(claims: [Int64]?) throws {
            try selected?(claims)
            loaded = try kinds.map { try store.claimLinks(of: $0, claims: claims) }
            resolver = keys.contains { if case .jurisdiction = $0 { true } else { false } } ? try JurisdictionResolver(store: store) : nil
            jurisdictionLinks = JurisdictionResolver.linkKinds.compactMap { links(of: $0) }
            isPrepared = true
        }
        func visit(_ row: any UnitRow) throws {
            guard let id = row.int64(at: claimColumn) else { return try body(row, keys.map { _ in [] }) }
            let slices = keys.map { key -> ArraySlice<Int64> in
                switch key {
                case let .kind(kind):
                    return links(of: kind)?.nodes(of: id) ?? []
                case let .jurisdiction(country):
                    return resolver?.jurisdictions(of: id, links: jurisdictionLinks, country: row.string(at: country)) ?? []
                }
            }
            try body(row, slices)
        }
        try rows.forEachRow(statement) { row in
            if isPrepared { return try visit(row) }
            ahead.append(row.copied())
            guard ahead.count >= fewRows else { return }
            try prepare(claims: nil)
            for held in ahead { try visit(held) }
            ahead = []
        }
        guard !isPrepared else { return }
        try prepare(claims: Set(ahead.compactMap { $0.int64(at: claimColumn) }).sorted())
        for held in ahead { try visit(held) }
    }

    /// ``forEach(_:in:store:selected:_:)`` on an SQLite connection.
    func forEach(_ statement: SQLFragment, in db: Database, store: any QueryStore,
                 selected: (([Int64]?) throws -> Void)? = nil, _ body: (any UnitRow, [ArraySlice<Int64>]) throws -> Void) throws {
        try forEach(statement, in: .sqlite(db), store: store, selected: selected, body)
    }

    /// Calls `body` with each combination of a row's group values: a column's value, or one of
    /// its links (NULL, the `(none)` group, when it has none), as a `LEFT JOIN` per key would.
    static func forEachKey(_ sources: [GroupByCompiler.KeySource], row: some UnitRow, links: [ArraySlice<Int64>], _ body: ([DatabaseValue]) -> Void) {
        var key = [DatabaseValue](repeating: .null, count: sources.count)
        func fill(_ index: Int, _ link: Int) {
            guard index < sources.count else { return body(key) }
            switch sources[index] {
            case let .column(column):
                key[index] = row.databaseValue(at: column)
                fill(index + 1, link)
            case .links, .jurisdiction:
                let nodes = links[link]
                if nodes.isEmpty {
                    key[index] = .null
                    fill(index + 1, link + 1)
                }
                for node in nodes {
                    key[index] = node.databaseValue
                    fill(index + 1, link + 1)
                }
            }
        }
        fill(0, 0)
    }
}
