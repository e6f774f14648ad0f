import GRDB

// Binding kb's SQL values with GRDB: the SQLite store's side of ``SQLFragment``.

extension SQLValue: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case let .integer(value): value.databaseValue
        case let .real(value): value.databaseValue
        case let .text(value): value.databaseValue
        }
    }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> SQLValue? {
        switch dbValue.storage {
        case .null: .null
        case let .int64(value): .integer(value)
        case let .double(value): .real(value)
        case let .string(value): .text(value)
        case .blob: nil
        }
    }
}

extension SQLFragment {
    /// The fragment's values as GRDB binds them.
    package var statementArguments: StatementArguments { StatementArguments(arguments) }
}
