import GRDB
import KBDomain
import KBStore

/// An evidence gap map: the claims (or sources) a query matches, counted for every pair of a
/// row field's and a column field's values — all the values the knowledge base knows, so that a
/// pair nothing is about shows as an empty cell, a gap.
///
/// Each cell is the matching `group by ROWS, COLS` row (count and best grade); a row's total is
/// its `group by ROWS` row, so a claim about two of the columns counts once in its row's total.
public struct GapMap: Sendable {
    public struct Cell: Sendable, Equatable {
        public var count: Int
        public var bestGrade: Grade?

        public init(count: Int = 0, bestGrade: Grade? = nil) {
            self.count = count
            self.bestGrade = bestGrade
        }

        public var isGap: Bool { count == 0 }
    }

    /// The query mapped, canonical, without its `group by`.
    public var query: String
    public var target: Target
    public var rowField: Field
    public var columnField: Field
    /// The axes' values in the taxonomy's (or vocabulary's) order; nil is `(none)`, present only
    /// when some unit lacks the field.
    public var rowValues: [String?]
    public var columnValues: [String?]
    public var cells: [[Cell]]
    public var rowTotals: [Cell]
    public var columnTotals: [Cell]
    public var total: Cell

    /// "Evidence gap map: cohort × boundary — claims where year >= 2020".
    public var title: String { "Evidence gap map: \(rowField.rawValue) × \(columnField.rawValue) — \(query)" }

    /// The unit counted: "claims" or "sources".
    public var noun: String { target == .sources ? "sources" : "claims" }

    public func cell(row: String?, column: String?) -> Cell {
        guard let r = rowValues.firstIndex(of: row), let c = columnValues.firstIndex(of: column) else { return Cell() }
        return cells[r][c]
    }

    public static func label(_ value: String?) -> String { value ?? GroupValue.none }
}

extension QueryEngine {
    /// The gap map of `rows` × `columns` over what `text` matches (`claims` when empty; a text
    /// starting with `for` or `where` is read as a claims query).
    /// - Parameter maxCells: the most cells the map may have (nil: no limit); a larger one is
    ///   refused before anything is counted.
    /// - Throws: ``Diagnostic`` for an axis that cannot group, the same field twice, or a query
    ///   error; ``GapMapTooLarge`` for a map of more than `maxCells` cells.
    public func gapMap(rows: String, columns: String, query text: String = "claims", profile: ProfileSpec? = nil,
                       maxCells: Int? = GapMapTooLarge.defaultLimit) throws -> GapMap {
        try knowledgeBase.reader.read { db in
            try Self.gapMap(rows: rows, columns: columns, query: text, profile: profile, maxCells: maxCells, in: .sqlite(db, store: store))
        }
    }

    /// ``gapMap(rows:columns:query:profile:maxCells:)`` in one read of any store (SQLite's, PostgreSQL's).
    package static func gapMap(rows: String, columns: String, query text: String, profile: ProfileSpec?, maxCells: Int?,
                               in session: QueryReadSession) throws -> GapMap {
        let text = GapMapAxes.queryText(text)
        var query = try Parser.parse(text)
        try GroupField.requireNoGrouping(query, text: text)
        guard query.target != .citations else {
            throw Diagnostic(id: "query.group-citations", message: "a gap map counts claims or sources, not citations",
                             location: SourceLocation(file: "query", text: text, range: 0..<min(9, text.count)), help: "write 'claims …' or 'sources …'", input: .query)
        }
        if query.limit != nil {
            // A map counts every match; taking the first N would draw gaps that are not there.
            let at = text.range(of: "limit", options: [.backwards, .caseInsensitive]).map {
                text.distance(from: text.startIndex, to: $0.lowerBound)..<text.distance(from: text.startIndex, to: $0.upperBound)
            } ?? text.count..<text.count
            throw Diagnostic(id: "query.map-limit", message: "a gap map counts every match, so 'limit' does not apply",
                             location: SourceLocation(file: "query", text: text, range: at),
                             help: "drop 'limit N': each cell counts all the claims of its pair", input: .query)
        }
        let axes = GapMapAxes.Words(rows: rows, columns: columns)
        let rowField = try GapMapAxes.field(rows, role: "rows", at: axes.rowsRange, of: axes)
        let columnField = try GapMapAxes.field(columns, role: "columns", at: axes.columnsRange, of: axes)
        guard rowField != columnField else {
            throw KBError.usage("the rows and columns are both '\(rowField.rawValue)': map two different fields, e.g. kb map cohort boundary")
        }
        query.grouping = [GroupField(rowField), GroupField(columnField)]
        let store = session.store
        let source = UnitRowSource(session.executor)
        // Every value the knowledge base knows gets a line, so the axes' sizes are known
        // before anything is counted: a map too large to draw is refused in milliseconds. (A
        // "(none)" line, for units without the field, is known only once they are counted.)
        var rowValues = GapMapAxes.once(try GapMapAxes.values(of: rowField, in: store))
        var columnValues = GapMapAxes.once(try GapMapAxes.values(of: columnField, in: store))
        if let maxCells, rowValues.count * columnValues.count > maxCells {
            throw GapMapTooLarge(rowField: rowField, columnField: columnField, rows: rowValues.count, columns: columnValues.count, limit: maxCells)
        }
        let keys = try GroupKeys(fields: [rowField, columnField], store: store)
        // One statement: the units with their row and column values, counted in one pass.
        let (statement, sources) = try GroupByCompiler(store: store, text: text).compileMap(query, profile: profile)
        var aggregator = MapAggregator(sources: sources) { GapMapAxes.text(keys.named($0, at: $1)) }
        // A sources query's totals: of the selected sources only when they are few.
        var totals: SourceTotals?
        let selected: (([Int64]?) throws -> Void)? = query.target == .sources ? { totals = try SourceTotals(source, sources: $0) } : nil
        try LinkedUnitRows(sources: sources).forEach(statement, in: source, store: store, selected: selected) { row, links in
            if aggregator.totals == nil, totals != nil { aggregator.totals = totals }
            aggregator.add(row, links: links)
        }
        func cell(_ total: MapAggregator.Total) -> GapMap.Cell {
            GapMap.Cell(count: total.units.count, bestGrade: total.bestGrade.flatMap(GroupByCompiler.grade(rank:)))
        }
        let (rowName, columnName) = ({ GapMapAxes.text(keys.named($0, at: 0)) }, { GapMapAxes.text(keys.named($0, at: 1)) })
        // The aggregator already made values of one label one value, so each label is one line.
        let byRow = MapAggregator.Total.byLabel(aggregator.rows, rowName).mapValues(cell)
        let byColumn = MapAggregator.Total.byLabel(aggregator.columns, columnName).mapValues(cell)
        let total = aggregator.total.units.isEmpty ? GapMap.Cell() : cell(aggregator.total)
        // Values the taxonomy does not list (a text field's, or (none)) still get their line.
        var rowIndex = GapMapAxes.positions(rowValues)
        var columnIndex = GapMapAxes.positions(columnValues)
        for value in byRow.keys.sorted(by: GapMapAxes.order) where rowIndex[value] == nil {
            rowIndex[value] = rowValues.count
            rowValues.append(value)
        }
        for value in byColumn.keys.sorted(by: GapMapAxes.order) where columnIndex[value] == nil {
            columnIndex[value] = columnValues.count
            columnValues.append(value)
        }
        try QueryDeadline.check()
        var cells = Array(repeating: Array(repeating: GapMap.Cell(), count: columnValues.count), count: rowValues.count)
        for (done, (pair, tally)) in aggregator.cells.enumerated() {
            // The assembly runs after the SQL, out of the progress handler's sight.
            if done % 4096 == 4095 { try QueryDeadline.check() }
            guard let r = rowIndex[rowName(pair.row)], let c = columnIndex[columnName(pair.column)] else { continue }
            cells[r][c] = GapMap.Cell(count: tally.count, bestGrade: tally.bestGrade.flatMap(GroupByCompiler.grade(rank:)))
        }
        query.grouping = []
        return GapMap(query: QueryPrinter.print(query), target: query.target, rowField: rowField, columnField: columnField,
                      rowValues: rowValues, columnValues: columnValues, cells: cells,
                      rowTotals: rowValues.map { byRow[$0] ?? GapMap.Cell() }, columnTotals: columnValues.map { byColumn[$0] ?? GapMap.Cell() },
                      total: total)
    }

    /// The query text a gap map of `text` maps, canonical (as its title shows it), or nil when it
    /// does not parse: equal texts, one map (what a server keys the maps it keeps by).
    public static func canonicalMapQuery(_ text: String) -> String? {
        guard var query = try? Parser.parse(GapMapAxes.queryText(text)) else { return nil }
        query.grouping = []
        return QueryPrinter.print(query)
    }
}

extension MapAggregator.Total {
    /// `totals` by the label `name` gives each value, totals of values with the same label merged
    /// (their units counted once).
    static func byLabel(_ totals: [DatabaseValue: Self], _ name: (DatabaseValue) -> String?) -> [String?: Self] {
        var merged: [String?: Self] = [:]
        for (value, total) in totals {
            let label = name(value)
            guard var existing = merged[label] else {
                merged[label] = total
                continue
            }
            existing.units.formUnion(total.units)
            if let grade = total.bestGrade { existing.bestGrade = Swift.min(existing.bestGrade ?? grade, grade) }
            merged[label] = existing
        }
        return merged
    }
}

/// The axes of a gap map: which fields can be one, and the values each has.
public enum GapMapAxes {
    static func queryText(_ text: String) -> String {
        let trimmed = text.trimmed
        if trimmed.isEmpty { return "claims" }
        let first = trimmed.prefix { !$0.isWhitespace }.lowercased()
        return first == "for" || first == "where" ? "claims " + trimmed : trimmed
    }

    /// The name of the text a map's axes are shown in by a diagnostic (``Words``).
    public static let locationName = "map"

    /// A map's two axes as one line, `ROWS COLS`, for a diagnostic's caret.
    struct Words {
        var rows: String
        var columns: String
        var text: String { rows + " " + columns }
        var rowsRange: Range<Int> { 0..<rows.count }
        var columnsRange: Range<Int> { (rows.count + 1)..<(rows.count + 1 + columns.count) }
    }

    /// The field `name` names, one of `axes` at `range`; a usage ``Diagnostic`` with a caret under
    /// it and the nearest field that maps, when it names none that does.
    static func field(_ name: String, role: String, at range: Range<Int>, of axes: Words) throws -> Field {
        let groupable = Field.groupable.map(\.rawValue)
        let location = SourceLocation(file: locationName, text: axes.text, range: range)
        let fields = "fields that map: \(groupable.joined(separator: ", "))"
        guard let field = Field.named(name) else {
            let near = Suggestions.nearest(to: name.lowercased(), in: groupable)
            throw Diagnostic(id: "map.unknown-field", message: "unknown field '\(name)' for the \(role)", location: location,
                             help: near.first.map { "did you mean '\($0)'? (\(fields))" } ?? fields, input: .query)
        }
        guard field.isGroupable else {
            throw Diagnostic(id: "map.not-groupable", message: "cannot map '\(field.rawValue)' (\(role)): it has a value of its own for almost every claim",
                             location: location, help: fields, input: .query)
        }
        return field
    }

    /// Every value the knowledge base knows for `field`, in its own order: taxonomy nodes in the
    /// order they were defined, a vocabulary's order, else the distinct values stored.
    static func values(of field: Field, in store: any QueryStore) throws -> [String?] {
        switch field.valueType {
        case let .entity(kind):
            return try store.nodes(of: kind).map(\.slug)
        case .boolean:
            return ["yes", "no"]
        case .vocabulary where field == .grade:
            return Grade.allCases.reversed().map(\.rawValue)
        case let .vocabulary(values, _) where field != .type:
            return values
        default:
            let (table, column): (String, String) = switch field.level {
            case .study: ("study st", GroupByCompiler.column(field))
            case .claim: ("claim c", GroupByCompiler.column(field))
            case .source: ("source s", GroupByCompiler.column(field))
            }
            return try store.distinctValues(of: column, in: table)
        }
    }

    /// Each value's line.
    static func positions(_ values: [String?]) -> [String?: Int] {
        Dictionary(values.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
    }

    /// `values` in order, each once (one line per label).
    static func once(_ values: [String?]) -> [String?] {
        var seen = Set<String?>()
        return values.filter { seen.insert($0).inserted }
    }

    /// A group value as text; nil for `(none)`.
    static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: nil
        case let .int64(number): String(number)
        case let .double(number): JSONValue.format(number)
        case let .string(string): string
        case .blob: value.description
        }
    }

    /// Values outside the known ones, in order, `(none)` last.
    static func order(_ lhs: String?, _ rhs: String?) -> Bool {
        switch (lhs, rhs) {
        case let (a?, b?): a < b
        case (_?, nil): true
        default: false
        }
    }
}
