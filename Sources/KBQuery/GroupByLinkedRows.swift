import GRDB
import KBDomain
import KBStore

extension GroupByCompiler {
    /// Where a group value comes from: a column of the statement, or (a taxonomy key of a claims
    /// query) the kind's links, joined in memory with each row by ``LinkedUnitRows``.
    enum KeySource: Equatable {
        case column(Int)
        case links(EntityKind)
    }

    /// Each key's source, in the clause's order; the statement's key columns are numbered in order.
    static func keySources(_ fields: [Field], target: Target) -> [KeySource] {
        var column = 0
        return fields.map { field in
            if target == .claims, field != .jurisdiction, case let .entity(kind) = field.valueType { return .links(kind) }
            defer { column += 1 }
            return .column(column)
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
    /// The kinds whose links each row gets, in order.
    let kinds: [EntityKind]
    /// The statement's column holding the claim's id.
    let claimColumn: Int
    /// Rows read ahead before deciding how to read the links (tests lower it to read every link).
    var fewRows = Self.fewRows

    /// The rows of a unit statement (``GroupByCompiler/unitRows(keys:)``) with the links of
    /// `sources`' taxonomy keys.
    init(sources: [GroupByCompiler.KeySource]) {
        kinds = sources.compactMap { if case let .links(kind) = $0 { kind } else { nil } }
        claimColumn = GroupByCompiler.columnCount(sources) + GroupAggregator.UnitColumn.unitId.rawValue
    }

    init(kinds: [EntityKind], claimColumn: Int) {
        self.kinds = kinds
        self.claimColumn = claimColumn
    }

    /// Rows read ahead before deciding how to read the links: below this, a claim's links cost
    /// less read one claim at a time than all of them in one pass.
    static let fewRows = 50_000

    func forEach(_ statement: SQLFragment, in db: Database, store: any QueryStore, _ body: (Row, [ArraySlice<Int64>]) throws -> Void) throws {
        let cursor = try Row.fetchCursor(db, sql: statement.sql, arguments: StatementArguments(statement.arguments))
        guard !kinds.isEmpty else {
            while let row = try cursor.next() { try body(row, []) }
            return
        }
        var ahead: [Row] = []
        var finished = false
        while ahead.count < fewRows {
            guard let row = try cursor.next() else {
                finished = true
                break
            }
            ahead.append(row.copy())
        }
        let claims: [Int64]? = finished ? Set(ahead.compactMap { $0[claimColumn] as Int64? }).sorted() : nil
        let links = try kinds.map { try store.claimLinks(of: $0, claims: claims) }
        func visit(_ row: Row) throws {
            guard let id = row[claimColumn] as Int64? else { return try body(row, links.map { _ in [] }) }
            try body(row, links.map { $0.nodes(of: id) })
        }
        for row in ahead { try visit(row) }
        ahead = []
        while let row = try cursor.next() { try visit(row) }
    }

    /// Calls `body` with each combination of a row's group values: a column's value, or one of
    /// its links (NULL, the `(none)` group, when it has none), as a `LEFT JOIN` per key would.
    static func forEachKey(_ sources: [GroupByCompiler.KeySource], row: Row, links: [ArraySlice<Int64>], _ body: ([DatabaseValue]) -> Void) {
        var key = [DatabaseValue](repeating: .null, count: sources.count)
        func fill(_ index: Int, _ link: Int) {
            guard index < sources.count else { return body(key) }
            switch sources[index] {
            case let .column(column):
                key[index] = row[column]
                fill(index + 1, link)
            case .links:
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
