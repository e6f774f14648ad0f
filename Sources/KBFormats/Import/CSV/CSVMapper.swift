import Foundation
import KBDomain
import KBQuery
import KBStore

/// Runs a ``CSVMapping`` over a CSV file: every data row becomes the sources, studies and claims
/// the mapping describes. Rows with the same source `group` key share one source; a mapping's
/// `skip` rules leave rows out with a reason; any other problem is an error at the row's line.
struct CSVMapper {
    let mapping: CSVMapping
    let main: SourceText
    let directory: URL
    let known: SeedLoader.KnownNames
    let skipInvalid: Bool
    /// Entries of the streamed state's runs before they go to disk (``DigestRuns``; a test seam).
    var spillFrom = DigestRuns.defaultSpillFrom

    /// A loaded CSV: header names (duplicates as `name#2`), index by name, records.
    struct Table {
        var names: [String]
        var index: [String: Int]
        var records: [CSVParser.Record]
    }

    struct JoinIndex {
        var table: Table
        var rows: [String: [Int]]
    }

    /// A whole file in memory (joined files: looked up by key).
    static func load(_ text: SourceText, delimiter: UInt8) throws -> Table {
        var parser = CSVParser(text: text, delimiter: delimiter)
        var table = try header(&parser, text)
        while let record = try parser.next() { table.records.append(record) }
        return table
    }

    /// The header row: column names (a repeated name gets `#2`, `#3`…) and their positions.
    static func header(_ parser: inout CSVParser, _ text: SourceText) throws -> Table {
        guard let header = try parser.next() else {
            throw text.diagnostic("csv.empty", "the CSV file has no header row", at: 0)
        }
        return table(header: header)
    }

    /// The table a header row names.
    static func table(header: CSVParser.Record) -> Table {
        var names: [String] = []
        var index: [String: Int] = [:]
        var seen: [String: Int] = [:]
        for (position, raw) in header.fields.enumerated() {
            let name = raw.trimmed
            let count = (seen[name] ?? 0) + 1
            seen[name] = count
            let key = count == 1 ? name : "\(name)#\(count)"
            names.append(key)
            if index[key] == nil { index[key] = position }
        }
        return Table(names: names, index: index, records: [])
    }

    /// Maps every row. With `twin` (the same mapping read again, so that no object is shared
    /// between threads) and a file of at least `halvesFrom` bytes, the second half of the rows is
    /// mapped ahead on a second thread (see ``runInHalves``); the result is the same.
    func run(twin: CSVMapping? = nil, halvesFrom: Int = CSVMapper.halvesFrom) throws -> ImportBatch {
        // The main file streams: one record at a time, never all of them in memory.
        var parser = CSVParser(text: main, delimiter: mapping.delimiter)
        let table = try Self.header(&parser, main)
        let joins = try loadJoins()
        try checkColumns(table: table, joins: joins)
        var state = RowState(batch: ImportBatch(file: main.name, format: .csv), entities: initialEntities)
        state.batch.dataset = mapping.taxonomy
        if let twin, main.bytes.count >= halvesFrom,
           let split = parser.boundary(after: parser.cursor.position + (main.bytes.count - parser.cursor.position) / 2, from: parser.cursor) {
            try runInHalves(parser: parser, split: split, table: table, joins: joins, twin: twin, state: &state)
            return state.batch
        }
        while let record = try parser.next() {
            var row = RowOutput()
            try process(record, table: table, joins: joins, state: &state, row: &row)
        }
        return state.batch
    }

    var initialEntities: Set<EntityReference> {
        Set(mapping.taxonomy.entities.map(\.reference)).union(known.entities)
    }

    /// The joined files, each indexed by its join key.
    func loadJoins() throws -> [String: JoinIndex] {
        var joins: [String: JoinIndex] = [:]
        for join in mapping.joins {
            let url = directory.appendingPathComponent(join.file)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw join.at.error("mapping.join-file", "cannot read the joined file \(url.path)", help: "join files are read from the main CSV's folder")
            }
            let text = SourceText(name: url.path, text: try mapping.encoding.decode(Array(data), file: url.path))
            let joined = try Self.load(text, delimiter: mapping.delimiter)
            for column in join.on.flatMap({ $0.joined.columns }) + join.filter.map(\.column) where joined.index[column] == nil {
                throw join.at.error("mapping.unknown-column", "the joined file \(join.file) has no column '\(column)'",
                                    help: Suggestions.nearest(to: column, in: joined.names).first.map { "did you mean '\($0)'?" })
            }
            var rows: [String: [Int]] = [:]
            for (position, record) in joined.records.enumerated() {
                let value = { (name: String) in joined.index[name].map { Lookup.cell(record, $0) } ?? .null }
                if join.filter.contains(where: { column, expected in value(column).text != expected }) { continue }
                let key = join.on.map { joinedKey, _ in joinedKey.evaluate(value, unmapped: { _ in }).text ?? "" }
                rows[key.joined(separator: "\u{1F}"), default: []].append(position)
            }
            joins[join.name] = JoinIndex(table: joined, rows: rows)
        }
        return joins
    }

    /// One row's values by column name. A class: the mapping's expressions take `value` as a
    /// closure many times per row, and a closure over a class shares it instead of copying it.
    final class Lookup {
        let record: CSVParser.Record
        let table: Table
        let joins: [String: JoinIndex]
        let mapping: CSVMapping
        let file: String

        init(record: CSVParser.Record, table: Table, joins: [String: JoinIndex], mapping: CSVMapping, file: String) {
            self.record = record
            self.table = table
            self.joins = joins
            self.mapping = mapping
            self.file = file
        }

        func value(_ name: String) -> MappingValue {
            if let index = table.index[name] { return Self.cell(record, index) }
            switch name {
            case "row": return .number(Double(record.line))
            case "line": return .number(Double(record.line))
            case "file": return .text((file as NSString).lastPathComponent)
            default: break
            }
            guard let dot = name.firstIndex(of: "."), let join = mapping.joins.first(where: { $0.name == String(name[..<dot]) }),
                  let index = joins[join.name] else { return .null }
            let column = String(name[name.index(after: dot)...])
            let key = joinKey(join)
            guard let rows = index.rows[key], rows.count == 1, let position = index.table.index[column] else { return .null }
            return Self.cell(index.table.records[rows[0]], position)
        }

        /// The main row's key for a join.
        func joinKey(_ join: CSVMapping.Join) -> String {
            join.on.map { _, main in main.evaluate(self.value, unmapped: { _ in }).text ?? "" }.joined(separator: "\u{1F}")
        }

        static func cell(_ record: CSVParser.Record, _ index: Int) -> MappingValue {
            guard record.fields.indices.contains(index) else { return .null }
            let text = record.fields[index]
            return text.trimmed.isEmpty ? .null : .text(text)
        }
    }

    /// Every column a spec reads must exist (with a did-you-mean when it does not).
    func checkColumns(table: Table, joins: [String: JoinIndex]) throws {
        var problems: [Diagnostic] = []
        for (columns, at) in mapping.columnUses {
            for column in columns where table.index[column] == nil && !["row", "line", "file"].contains(column) {
                if let dot = column.firstIndex(of: "."), let join = joins[String(column[..<dot])] {
                    let name = String(column[column.index(after: dot)...])
                    if join.table.index[name] == nil {
                        problems.append(at.error("mapping.unknown-column", "the joined file has no column '\(name)'",
                                                 help: Suggestions.nearest(to: name, in: join.table.names).first.map { "did you mean '\($0)'?" }))
                    }
                    continue
                }
                problems.append(at.error("mapping.unknown-column", "\(main.name) has no column '\(column)'",
                                         help: Suggestions.nearest(to: column, in: table.names).first.map { "did you mean '\($0)'?" } ?? "columns: \(table.names.prefix(12).joined(separator: ", "))…"))
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
    }

    /// What a row said about a source or study it shares with an earlier row: the cells of every
    /// column the spec reads. A later row with the same cells adds nothing and is not mapped again
    /// (a source cited by three claims is built once, not three times and merged).
    static func fingerprint(_ columns: [String], _ lookup: Lookup) -> String {
        var out = ""
        for column in columns {
            out += lookup.value(column).text ?? ""
            out += "\u{1F}"
        }
        return out
    }
}
