import GRDB

/// The prepared statements of one write, by name, finalized together when the write ends.
final class StatementSet {
    let db: Database
    private var statements: [String: PreparedStatement] = [:]

    init(db: Database) {
        self.db = db
    }

    func callAsFunction(_ name: String, _ sql: @autoclosure () -> String) throws -> PreparedStatement {
        if let statement = statements[name] { return statement }
        let statement = try PreparedStatement(db, sql())
        statements[name] = statement
        return statement
    }

    func finalizeAll() {
        for statement in statements.values { statement.finalize() }
        statements.removeAll()
    }
}
