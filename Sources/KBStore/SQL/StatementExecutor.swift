import GRDB

/// Runs kb's compiled statements on one store's connection: the seam the query engine reads
/// through, so that it needs no driver's type (GRDB's `Database` for SQLite, a postgres-nio
/// connection for PostgreSQL, DESIGN §13). Each store writes the placeholders its engine takes
/// (`?` for SQLite, `$1…$n` for PostgreSQL) and binds the fragment's values to them.
package protocol StatementExecutor {
    /// Calls `body` with each row of `statement`, in order, until it returns false: a reader
    /// that needs only the first rows (``QueryEngine``'s cited sources) stops the statement early.
    func forEachRow(_ statement: SQLFragment, _ body: (SQLRow) throws -> Bool) throws
    /// The rows of a statement that stops at a `LIMIT` (a total counted up to a bound, or its
    /// `EXPLAIN`): a server may plan it without parallel workers, which each start and build
    /// their hash tables in full before the limit can stop them. ``rows(_:)`` by default.
    func limitedRows(_ statement: SQLFragment) throws -> [SQLRow]
    /// The rows of the strength walk's window statement (``StrengthWalk``), which hashes a tier's
    /// members: a server may give it the memory to (``rows(_:)`` by default).
    func hashingRows(_ statement: SQLFragment) throws -> [SQLRow]
    /// Calls `body` with each row of a statement that may return millions (a table copied
    /// whole, ``KnowledgeBase/snapshot(of:from:into:)``), holding at most `rowsPerPart` of them
    /// at once; inside a transaction. ``forEachRow(_:_:)`` by default (SQLite's cursor reads a
    /// row at a time).
    func forEachRowInParts(_ statement: SQLFragment, rowsPerPart: Int, _ body: (SQLRow) throws -> Bool) throws
}

extension StatementExecutor {
    /// Every row of `statement`.
    package func rows(_ statement: SQLFragment) throws -> [SQLRow] {
        var rows: [SQLRow] = []
        try forEachRow(statement) { row in
            rows.append(row)
            return true
        }
        return rows
    }

    package func limitedRows(_ statement: SQLFragment) throws -> [SQLRow] {
        try rows(statement)
    }

    package func hashingRows(_ statement: SQLFragment) throws -> [SQLRow] {
        try rows(statement)
    }

    package func forEachRowInParts(_ statement: SQLFragment, rowsPerPart: Int, _ body: (SQLRow) throws -> Bool) throws {
        try forEachRow(statement, body)
    }

    /// The first column of the first row of ``limitedRows(_:)``.
    package func limitedValue(_ statement: SQLFragment) throws -> SQLValue? {
        try limitedRows(statement).first?.values.first
    }

    /// The first column of the first row, when there is one.
    package func value(_ statement: SQLFragment) throws -> SQLValue? {
        var first: SQLValue?
        try forEachRow(statement) { row in
            first = row.values.first
            return false
        }
        return first
    }
}

/// One row as the store returned it: its column names and values. Names are looked up without
/// regard to case, as SQLite does and as PostgreSQL needs (it folds unquoted names: a column
/// `claimId` comes back as `claimid`).
package struct SQLRow: Sendable, Equatable {
    package let names: [String]
    package let values: [SQLValue]

    package init(names: [String], values: [SQLValue]) {
        self.init(lowercasedNames: names.map { $0.lowercased() }, values: values)
    }

    /// A row whose names are already lower case: a statement's rows share one array of names.
    package init(lowercasedNames names: [String], values: [SQLValue]) {
        self.names = names
        self.values = values
    }

    /// The value of column `name`; `.null` when there is no such column.
    package subscript(_ name: String) -> SQLValue {
        let key = name.lowercased()
        guard let index = names.firstIndex(of: key) else { return .null }
        return values[index]
    }

    package subscript(_ index: Int) -> SQLValue {
        index < values.count ? values[index] : .null
    }

    package func int64(_ name: String) -> Int64? { self[name].int64 }
    package func int(_ name: String) -> Int? { self[name].int64.map(Int.init) }
    package func double(_ name: String) -> Double? { self[name].double }
    package func string(_ name: String) -> String? { self[name].string }
    /// A 0/1 flag (an integer in both stores' schemas).
    package func bool(_ name: String) -> Bool? { self[name].int64.map { $0 != 0 } }
}

extension SQLValue {
    /// The value as an integer: integers as they are, reals only when whole.
    package var int64: Int64? {
        switch self {
        case let .integer(value): value
        case let .real(value): value.rounded() == value ? Int64(exactly: value) : nil
        case let .text(value): Int64(value)
        case .null: nil
        }
    }

    /// The value as a real: integers widened, as SQLite's REAL columns hand them back.
    package var double: Double? {
        switch self {
        case let .integer(value): Double(value)
        case let .real(value): value
        case let .text(value): Double(value)
        case .null: nil
        }
    }

    package var string: String? {
        switch self {
        case let .text(value): value
        case let .integer(value): String(value)
        case let .real(value): String(value)
        case .null: nil
        }
    }

    package var isNull: Bool { self == .null }
}

/// The SQLite store's executor: GRDB on the connection the query runs on, inside its snapshot.
package struct SQLiteStatementExecutor: StatementExecutor {
    /// The connection, for readers that take GRDB's rows in place (``UnitRowSource`` in KBQuery).
    package let db: Database

    package init(db: Database) { self.db = db }

    package func forEachRow(_ statement: SQLFragment, _ body: (SQLRow) throws -> Bool) throws {
        let cursor = try Row.fetchCursor(db, sql: statement.sql, arguments: statement.statementArguments)
        // The names once per statement (from its first row), not once per row.
        var names: [String]?
        while let row = try cursor.next() {
            let rowNames = names ?? row.columnNames.map { $0.lowercased() }
            names = rowNames
            guard try body(SQLRow(lowercasedNames: rowNames, values: row.databaseValues.map { SQLValue.fromDatabaseValue($0) ?? .null })) else { return }
        }
    }
}

extension SQLRow {
    /// A GRDB row's names and values (a blob, which kb's statements never return, reads as NULL).
    package init(_ row: Row) {
        self.init(names: Array(row.columnNames), values: row.databaseValues.map { SQLValue.fromDatabaseValue($0) ?? .null })
    }
}
