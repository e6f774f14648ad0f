import GRDB
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// The compiled statement's columns are a contract (``CompiledQuery/OutputColumn``): the
/// statements the compiler writes return exactly those names.
struct OutputColumnTests {
    private func columns(_ text: String) throws -> (sql: [String], compiled: CompiledQuery) {
        try Seeded.knowledgeBase.reader.read { db in
            let compiled = try QueryCompiler(store: SQLiteQueryStore(db: db), text: text).compile(try Parser.parse(text))
            let row = try #require(try Row.fetchOne(db, sql: compiled.sql, arguments: StatementArguments(compiled.arguments)))
            return (Array(row.columnNames), compiled)
        }
    }

    @Test(arguments: ["claims", "claims for ml-platform-engineer", "claims where \"writing\"", "citations for ml-platform-engineer"])
    func claimStatementsReturnEveryOutputColumn(_ text: String) throws {
        let (names, _) = try columns(text)
        #expect(names == CompiledQuery.OutputColumn.allCases.map(\.name))
    }

    @Test(arguments: ["sources", "sources for ml-platform-engineer"])
    func sourceStatementsReturnAllButTheClaim(_ text: String) throws {
        let (names, _) = try columns(text)
        #expect(names == CompiledQuery.OutputColumn.allCases.filter { $0 != .claimId }.map(\.name))
    }

    @Test func selectingAColumnKeepsTheStatementsArguments() throws {
        let (_, compiled) = try columns("claims for ml-platform-engineer where n >= 100")
        let selected = compiled.selecting(.claimId)
        #expect(selected.arguments == compiled.arguments)
        let ids = try Seeded.knowledgeBase.reader.read { db in
            try Int64.fetchAll(db, sql: selected.sql, arguments: StatementArguments(selected.arguments))
        }
        let direct = try Seeded.knowledgeBase.reader.read { db in
            try Row.fetchAll(db, sql: compiled.sql, arguments: StatementArguments(compiled.arguments)).map { $0[CompiledQuery.OutputColumn.claimId] as Int64 }
        }
        #expect(ids == direct)
    }
}
