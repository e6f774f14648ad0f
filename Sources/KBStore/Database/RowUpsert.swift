import GRDB
import KBDomain

/// What writing one record did.
public enum UpsertOutcome: Sendable, Equatable {
    case added, updated, unchanged

    /// Combines the outcome of a record with that of its parts (authors, scope...).
    func merged(with other: UpsertOutcome) -> UpsertOutcome {
        switch (self, other) {
        case (.added, _): .added
        case (_, .updated), (.updated, _): .updated
        default: .unchanged
        }
    }
}

/// Insert-or-update of one row keyed by some columns, reporting whether anything changed.
///
/// Table and column names are always kb's own constants; every value is a bound argument.
struct RowUpsert {
    let table: String
    let key: [(String, (any DatabaseValueConvertible)?)]
    let values: [(String, (any DatabaseValueConvertible)?)]
    /// Columns written when the row is new and left alone after (where a record was first
    /// declared: a taxonomy node several mappings declare keeps its first origin, so that
    /// importing them in turn changes nothing).
    var insertOnly: [(String, (any DatabaseValueConvertible)?)] = []

    init(table: String, key: [(String, (any DatabaseValueConvertible)?)], values: [(String, (any DatabaseValueConvertible)?)],
         insertOnly: [(String, (any DatabaseValueConvertible)?)] = []) {
        self.table = table
        self.key = key
        self.values = values
        self.insertOnly = insertOnly
    }

    /// Writes the row. Returns its rowid (for rowid tables) and what happened.
    func run(_ db: Database, returningID: Bool = true) throws -> (id: Int64?, outcome: UpsertOutcome) {
        let result = try runReportingChanges(db, returningID: returningID)
        return (result.id, result.outcome)
    }

    /// Inserts a row known not to exist yet (no lookup first).
    func insert(_ db: Database) throws -> Int64 {
        let all = key + values + insertOnly
        let statement = try db.cachedStatement(sql: "INSERT INTO \(table) (\(all.map(\.0).joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: all.count).joined(separator: ", ")))")
        try statement.execute(arguments: StatementArguments(all.map(\.1)))
        return db.lastInsertedRowID
    }

    /// Writes the row; also returns the columns whose value changed with their previous values
    /// (every column, with no previous value, for a new row).
    func runReportingChanges(_ db: Database, returningID: Bool = true) throws -> (id: Int64?, outcome: UpsertOutcome, changed: [String: DatabaseValue]) {
        let columns = values.map(\.0)
        let selected = (returningID ? ["rowid"] : []) + columns
        let whereClause = key.map { "\($0.0) IS ?" }.joined(separator: " AND ")
        let keyArguments = StatementArguments(key.map(\.1))
        let statement = try db.cachedStatement(sql: "SELECT \(selected.joined(separator: ", ")) FROM \(table) WHERE \(whereClause)")
        if let row = try Row.fetchOne(statement, arguments: keyArguments) {
            let id: Int64? = returningID ? row[0] : nil
            let offset = returningID ? 1 : 0
            var changed: [(String, (any DatabaseValueConvertible)?)] = []
            for (index, (column, value)) in values.enumerated() {
                let old: DatabaseValue = row[index + offset]
                let new = value?.databaseValue ?? .null
                if !Self.same(old, new) { changed.append((column, value)) }
            }
            guard !changed.isEmpty else { return (id, .unchanged, [:]) }
            var previous: [String: DatabaseValue] = [:]
            for (index, (column, _)) in values.enumerated() where changed.contains(where: { $0.0 == column }) {
                previous[column] = row[index + offset]
            }
            // One cached statement per table: every value column is written.
            let assignments = values.map { "\($0.0) = ?" }.joined(separator: ", ")
            try db.cachedStatement(sql: "UPDATE \(table) SET \(assignments) WHERE \(whereClause)")
                .execute(arguments: StatementArguments(values.map(\.1)) + keyArguments)
            return (id, .updated, previous)
        }
        let all = key + values + insertOnly
        let insert = try db.cachedStatement(sql: "INSERT INTO \(table) (\(all.map(\.0).joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: all.count).joined(separator: ", ")))")
        try insert.execute(arguments: StatementArguments(all.map(\.1)))
        return (returningID ? db.lastInsertedRowID : nil, .added, Dictionary(values.map { ($0.0, DatabaseValue.null) }, uniquingKeysWith: { first, _ in first }))
    }

    /// SQLite compares 1 and 1.0 as equal; so does this.
    static func same(_ a: DatabaseValue, _ b: DatabaseValue) -> Bool {
        switch (a.storage, b.storage) {
        case let (.int64(x), .double(y)), let (.double(y), .int64(x)): return Double(x) == y
        default: return a == b
        }
    }
}
