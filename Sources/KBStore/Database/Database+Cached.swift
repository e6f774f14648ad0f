import GRDB
import KBDomain

extension Database {
    /// Runs a statement kb runs many times, compiling it once per connection.
    func cachedExecute(_ sql: String, _ arguments: StatementArguments = StatementArguments()) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
