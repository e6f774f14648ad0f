import GRDB
import KBDomain

/// A piece of SQL and the values bound to its `?` placeholders, in order. Fragments compose
/// with `+`; the compiler builds statements from kb's own SQL text and user values only ever
/// travel in ``arguments``.
public struct SQLFragment: Sendable, Equatable {
    public var sql: String
    public var arguments: [DatabaseValue]

    public init(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?] = []) {
        self.sql = sql
        self.arguments = arguments.map { $0?.databaseValue ?? .null }
    }

    public static func + (lhs: SQLFragment, rhs: SQLFragment) -> SQLFragment {
        var result = lhs
        result.sql += rhs.sql
        result.arguments += rhs.arguments
        return result
    }

    public static func += (lhs: inout SQLFragment, rhs: SQLFragment) {
        lhs = lhs + rhs
    }

    public var statementArguments: StatementArguments { StatementArguments(arguments) }
}

extension Array where Element == SQLFragment {
    package func joined(separator: String) -> SQLFragment {
        var result = SQLFragment("")
        for (index, fragment) in enumerated() {
            if index > 0 { result.sql += separator }
            result += fragment
        }
        return result
    }
}
