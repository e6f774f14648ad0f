import GRDB
import KBDomain

/// The prepared statements of one write, by name, finalized together when the write ends.
package final class StatementSet {
    let db: Database
    private var statements: [String: PreparedStatement] = [:]

    package init(db: Database) {
        self.db = db
    }

    func callAsFunction(_ name: String, _ sql: @autoclosure () -> String) throws -> PreparedStatement {
        if let statement = statements[name] { return statement }
        let statement = try PreparedStatement(db, sql())
        statements[name] = statement
        return statement
    }

    /// An insert of `rows` rows at once into `table`'s `columns` (`INSERT … VALUES (…), (…)`):
    /// one statement run for a claim's scope or a source's contributors instead of one per row.
    package func multiRowInsert(_ verb: String = "INSERT", into table: String, columns: [String], rows: Int) throws -> PreparedStatement {
        try self("\(verb) \(table) (\(columns.joined(separator: ","))) × \(rows)", {
            let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
            return "\(verb) INTO \(table) (\(columns.joined(separator: ", "))) VALUES " + Array(repeating: row, count: rows).joined(separator: ", ")
        }())
    }

    package func finalizeAll() {
        for statement in statements.values { statement.finalize() }
        statements.removeAll()
    }
}
