/// A small parser for the DDL subset kb's schemas are written in: CREATE TABLE (columns with
/// type, NOT NULL, DEFAULT, PRIMARY KEY, UNIQUE, CHECK, REFERENCES … ON DELETE, GENERATED …
/// AS IDENTITY; table PRIMARY KEY, UNIQUE, CHECK), CREATE [UNIQUE] INDEX … ON t [USING m] (…)
/// [WHERE …], CREATE VIEW and CREATE TRIGGER (names only). Other statements (functions,
/// extensions, text search configurations, inserts) are skipped. It reads Schema/postgresql/
/// whole, and SQLite's stored CREATE statements for what PRAGMAs do not give (CHECKs, WHERE).
struct DDLParser {
    typealias Failure = DDLTokens.Failure

    private var tokens: [DDLToken]
    private var position = 0

    /// The shape `sql` (any number of statements) defines.
    static func schema(_ sql: String) throws -> SchemaShape {
        var schema = SchemaShape()
        for statement in DDLTokens.statements(try DDLTokens.tokenize(sql)) {
            var parser = DDLParser(tokens: statement)
            try parser.statement(into: &schema)
        }
        return schema
    }

    /// The table one CREATE TABLE statement defines, with its name.
    static func table(_ sql: String) throws -> (name: String, table: TableShape) {
        let schema = try schema(sql)
        guard schema.tables.count == 1, let (name, table) = schema.tables.first else {
            throw Failure(description: "not one CREATE TABLE: \(sql.prefix(60))")
        }
        return (name, table)
    }

    private init(tokens: [DDLToken]) {
        self.tokens = tokens
    }

    private var current: DDLToken? { position < tokens.count ? tokens[position] : nil }

    private mutating func take(_ word: String) -> Bool {
        guard current?.isWord(word) == true else { return false }
        position += 1
        return true
    }

    private mutating func expect(_ token: DDLToken) throws {
        guard current == token else {
            throw Failure(description: "expected \(token.text), found \(current?.text ?? "the end") in \(DDLTokens.normalised(tokens).prefix(80))")
        }
        position += 1
    }

    private mutating func name() throws -> String {
        switch current {
        case .word(let word): position += 1; return word
        case .quotedName(let name): position += 1; return name
        default: throw Failure(description: "expected a name, found \(current?.text ?? "the end")")
        }
    }

    /// The tokens up to the parenthesis that closes the one just read, which is consumed.
    private mutating func parenthesised() throws -> [DDLToken] {
        var depth = 1
        var inside: [DDLToken] = []
        while let token = current {
            position += 1
            if token == .symbol("(") { depth += 1 }
            if token == .symbol(")") {
                depth -= 1
                if depth == 0 { return inside }
            }
            inside.append(token)
        }
        throw Failure(description: "unbalanced parentheses in \(DDLTokens.normalised(tokens).prefix(80))")
    }

    /// A parenthesised list of names.
    private mutating func names() throws -> [String] {
        try expect(.symbol("("))
        var result = [try name()]
        while current == .symbol(",") {
            position += 1
            result.append(try name())
        }
        try expect(.symbol(")"))
        return result
    }

    private mutating func statement(into schema: inout SchemaShape) throws {
        // A later migration's DROP INDEX takes an index back and ALTER INDEX … RENAME TO renames
        // one; other statements than CREATE say nothing of the schema.
        if take("drop") {
            // Only an index is ever dropped; any other DROP would change what is compared.
            guard take("index") else { throw Failure(description: "a DROP this comparison does not model: \(DDLTokens.normalised(tokens).prefix(80))") }
            if take("if") { _ = take("exists") }
            schema.indexes[try name()] = nil
            return
        } else if take("alter") {
            // ALTER INDEX a RENAME TO b: the index keeps its definition under its new name. A text
            // search configuration's mapping says nothing of the tables; any other ALTER would.
            if take("text") { return }
            guard take("index") else { throw Failure(description: "an ALTER this comparison does not model: \(DDLTokens.normalised(tokens).prefix(80))") }
            let old = try name()
            guard take("rename"), take("to") else { throw Failure(description: "ALTER INDEX \(old): only RENAME TO is modelled") }
            schema.indexes[try name()] = schema.indexes.removeValue(forKey: old)
            return
        } else if !take("create") {
            return
        } else if take("table") {
            let tableName = try name()
            try expect(.symbol("("))
            schema.tables[tableName] = try tableBody()
        } else if take("virtual") {
            return
        } else if take("index") {
            try index(isUnique: false, into: &schema)
        } else if take("unique"), take("index") {
            try index(isUnique: true, into: &schema)
        } else if take("view") {
            schema.views.insert(try name())
        } else if take("trigger") {
            schema.triggers.insert(try name())
        }
    }

    private mutating func index(isUnique: Bool, into schema: inout SchemaShape) throws {
        let indexName = try name()
        guard take("on") else { throw Failure(description: "index \(indexName): expected ON") }
        let table = try name()
        if take("using") { _ = try name() }
        try expect(.symbol("("))
        let inside = try parenthesised()
        let columns = inside.split(separator: .symbol(",")).map { DDLTokens.normalised(Self.withoutByteOrder(Array($0))) }
        var condition: String?
        if take("where") { condition = DDLTokens.normalised(Array(tokens[position...])) }
        schema.indexes[indexName] = IndexShape(table: table, columns: columns, isUnique: isUnique, condition: condition)
    }

    /// An index column without `COLLATE "C"`: PostgreSQL's byte order is SQLite's BINARY, the
    /// collation every SQLite index column has unless it says otherwise (migration 5).
    static func withoutByteOrder(_ column: [DDLToken]) -> [DDLToken] {
        guard column.count >= 2, column[column.count - 2].isWord("collate"), column[column.count - 1] == .quotedName("C") else { return column }
        return Array(column.dropLast(2))
    }

    /// The column and constraint list after `CREATE TABLE name (`, through its `)`.
    private mutating func tableBody() throws -> TableShape {
        let body = try parenthesised()
        var table = TableShape()
        for item in body.split(separator: .symbol(","), omittingEmptySubsequences: true).reduce(into: [[DDLToken]](), Self.rejoin) {
            var parser = DDLParser(tokens: item)
            try parser.tableItem(into: &table)
        }
        return table
    }

    /// Splitting at every comma cuts `IN ('a', 'b')` and `(a, b)` apart: glue a piece back onto
    /// the previous one while that one's parentheses are open.
    private static func rejoin(_ items: inout [[DDLToken]], _ piece: ArraySlice<DDLToken>) {
        if let last = items.last, last.filter({ $0 == .symbol("(") }).count > last.filter({ $0 == .symbol(")") }).count {
            items[items.count - 1] += [.symbol(",")] + piece
        } else {
            items.append(Array(piece))
        }
    }

    private static let constraintWords: Set<String> = ["constraint", "not", "null", "default", "primary", "unique", "check", "references", "generated", "collate"]

    private mutating func tableItem(into table: inout TableShape) throws {
        if take("constraint") { _ = try name() }
        if take("primary") {
            guard take("key") else { throw Failure(description: "expected KEY after PRIMARY") }
            table.primaryKey = try names()
        } else if take("unique") {
            table.uniques.insert(try names())
        } else if take("check") {
            try expect(.symbol("("))
            table.checks.insert(DDLTokens.normalised(try parenthesised()))
        } else if current?.isWord("foreign") == true {
            throw Failure(description: "table-level FOREIGN KEY is not in the subset")
        } else {
            try column(into: &table)
        }
    }

    private mutating func column(into table: inout TableShape) throws {
        let columnName = try name()
        var typeWords: [String] = []
        while case .word(let word) = current, !Self.constraintWords.contains(word) {
            typeWords.append(word)
            position += 1
        }
        var column = ColumnShape(name: columnName, affinity: ColumnShape.affinity(of: typeWords.joined(separator: " ")), isNotNull: false)
        while let token = current {
            if take("constraint") {
                _ = try name()
            } else if take("not") {
                guard take("null") else { throw Failure(description: "\(columnName): expected NULL after NOT") }
                column.isNotNull = true
            } else if take("null") {
                continue
            } else if take("default") {
                var expression: [DDLToken] = []
                while let next = current {
                    if case .word(let word) = next, Self.constraintWords.contains(word) { break }
                    expression.append(next)
                    position += 1
                }
                column.defaultValue = DDLTokens.normalised(expression)
            } else if take("primary") {
                guard take("key") else { throw Failure(description: "\(columnName): expected KEY after PRIMARY") }
                table.primaryKey = [columnName]
                column.isNotNull = true
            } else if take("unique") {
                table.uniques.insert([columnName])
            } else if take("check") {
                try expect(.symbol("("))
                table.checks.insert(DDLTokens.normalised(try parenthesised()))
            } else if take("references") {
                let referenced = try name()
                let referencedColumns = try names()
                var onDelete = "no action"
                if take("on") {
                    guard take("delete") else { throw Failure(description: "\(columnName): only ON DELETE is in the subset") }
                    if take("cascade") { onDelete = "cascade" }
                    else if take("set"), take("null") { onDelete = "set null" }
                    else if take("restrict") { onDelete = "restrict" }
                    else { throw Failure(description: "\(columnName): unknown ON DELETE action") }
                }
                table.foreignKeys.insert(ForeignKeyShape(columns: [columnName], table: referenced, referenced: referencedColumns, onDelete: onDelete))
            } else if take("generated") {
                // GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY: an integer key kb may also set.
                while let next = current, !next.isWord("identity") { position += 1 }
                guard take("identity") else { throw Failure(description: "\(columnName): only identity columns are generated in the subset") }
            } else {
                throw Failure(description: "\(columnName): unexpected \(token.text)")
            }
        }
        table.columns.append(column)
    }
}
