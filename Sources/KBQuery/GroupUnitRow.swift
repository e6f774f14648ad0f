import GRDB
import KBStore

/// One row of a `group by`, `kb map` or facet statement as the in-memory aggregators read it,
/// by column position, whatever store returned it: GRDB's row on SQLite, kb's ``SQLRow`` on
/// PostgreSQL (DESIGN §13). Group values are compared as GRDB's `DatabaseValue`s, so both stores'
/// values group and order alike.
protocol UnitRow {
    func int64(at index: Int) -> Int64?
    func double(at index: Int) -> Double?
    func string(at index: Int) -> String?
    /// The value as a group key.
    func databaseValue(at index: Int) -> DatabaseValue
    /// A copy that outlives the statement's next step (GRDB's cursor reuses its row).
    func copied() -> any UnitRow
}

extension Row: UnitRow {
    func int64(at index: Int) -> Int64? { self[index] }
    func double(at index: Int) -> Double? { self[index] }
    func string(at index: Int) -> String? { self[index] }
    func databaseValue(at index: Int) -> DatabaseValue { self[index] }
    func copied() -> any UnitRow { copy() }
}

extension SQLRow: UnitRow {
    func int64(at index: Int) -> Int64? { self[index].int64 }
    func double(at index: Int) -> Double? { self[index].double }
    func string(at index: Int) -> String? { self[index].string }
    func databaseValue(at index: Int) -> DatabaseValue { self[index].databaseValue }
    func copied() -> any UnitRow { self }
}

/// Where the aggregators' statements run: on SQLite, GRDB's cursor, its row read in place (no
/// copy of a million rows into kb's values); on any other store, its ``StatementExecutor``.
enum UnitRowSource {
    case sqlite(Database)
    case executor(any StatementExecutor)

    /// The source for a read session's executor.
    init(_ executor: any StatementExecutor) {
        if let sqlite = executor as? SQLiteStatementExecutor {
            self = .sqlite(sqlite.db)
        } else {
            self = .executor(executor)
        }
    }

    /// Calls `body` with each row of `statement`, in order.
    func forEachRow(_ statement: SQLFragment, _ body: (any UnitRow) throws -> Void) throws {
        switch self {
        case let .sqlite(db):
            let cursor = try Row.fetchCursor(db, sql: statement.sql, arguments: statement.statementArguments)
            while let row = try cursor.next() { try body(row) }
        case let .executor(executor):
            try executor.forEachRow(statement) { row in
                try body(row)
                return true
            }
        }
    }
}
