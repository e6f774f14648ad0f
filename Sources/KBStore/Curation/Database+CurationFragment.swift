import GRDB

/// The curation store's statements as ``SQLFragment``s: each value is interpolated where its placeholder
/// goes (`\(slug)`, `\(list: ids)`), so no argument is matched to a `?` by hand (issue 13, D1).
extension Database {
    func fetchRows(_ fragment: SQLFragment) throws -> [Row] {
        try Row.fetchAll(self, sql: fragment.sql, arguments: fragment.statementArguments)
    }

    func fetchRow(_ fragment: SQLFragment) throws -> Row? {
        try Row.fetchOne(self, sql: fragment.sql, arguments: fragment.statementArguments)
    }

    func fetchValues<Value: DatabaseValueConvertible>(_ type: Value.Type, _ fragment: SQLFragment) throws -> [Value] {
        try Value.fetchAll(self, sql: fragment.sql, arguments: fragment.statementArguments)
    }

    func fetchValue<Value: DatabaseValueConvertible>(_ type: Value.Type, _ fragment: SQLFragment) throws -> Value? {
        try Value.fetchOne(self, sql: fragment.sql, arguments: fragment.statementArguments)
    }

    func run(_ fragment: SQLFragment) throws {
        try execute(sql: fragment.sql, arguments: fragment.statementArguments)
    }
}
