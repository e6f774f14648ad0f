import Testing
@testable import KBPostgres
@testable import KBStore

/// The PostgreSQL dialect and executor pieces that need no server.
struct PostgresDialectTests {
    let dialect = PostgresDialect()

    @Test func aPhraseIsEveryWordQuotedAndRequired() throws {
        #expect(dialect.textPattern(matchingAllTokensIn: "older workers")?.rawPattern == "'older' & 'workers'")
        // Quotes, tsquery operators and placeholders are separators, never syntax.
        #expect(dialect.textPattern(matchingAllTokensIn: "O'Brien & !$1 | (x)")?.rawPattern == "'O' & 'Brien' & '1' & 'x'")
        #expect(dialect.textPattern(matchingAllTokensIn: "Café-société")?.rawPattern == "'Café' & 'société'")
        #expect(dialect.textPattern(matchingAllTokensIn: " -- ' ") == nil)
    }

    @Test func joinedPatternsBecomeAlternatives() throws {
        #expect(try dialect.textPattern(raw: "('a') OR ('b' & 'c')").rawPattern == "('a') | ('b' & 'c')")
        #expect(throws: PostgresDialectError.self) { try dialect.textPattern(raw: "('a'))") }
    }

    @Test func thePatternIsBoundNeverWritten() throws {
        let pattern = try #require(dialect.textPattern(matchingAllTokensIn: "writing"))
        let match = dialect.claimTextMatch("c.id", pattern: pattern)
        #expect(match.arguments == [.text("'writing'")])
        #expect(!match.sql.contains("writing"))
        let rank = dialect.claimTextRank(pattern: pattern)
        #expect(rank.arguments == [.text("'writing'"), .text("'writing'")])
        #expect(rank.sql.contains("ts_rank_cd"))
    }

    @Test func booleansAreNotNumbersInPostgreSQL() {
        #expect(dialect.notTrue("x = 1").sql == "NOT coalesce(x = 1, FALSE)")
        #expect(dialect.asNumber("x = 1").sql == "(x = 1)::int")
        // SQLite's pieces stay as they were.
        #expect(SQLiteDialect().notTrue("x = 1").sql == "NOT coalesce(x = 1, 0)")
        #expect(SQLiteDialect().asNumber("x = 1").sql == "(x = 1)")
    }

    @Test func placeholdersAreNumberedAndEachValueBound() {
        let name = "it's $1"
        let statement: SQLFragment = "SELECT id FROM claim WHERE metric = \(name) AND n >= \(400) AND value < \(0.5) AND note IS \(nil as String?)"
        let query = PostgresExecutor.query(statement)
        #expect(query.sql == "SELECT id FROM claim WHERE metric = $1 AND n >= $2 AND value < $3 AND note IS $4")
        #expect(query.binds.count == 4)
    }

    @Test func rowsAreReadWithoutRegardToCase() {
        let row = SQLRow(names: ["claimid", "Score"], values: [.integer(3), .real(0.5)])
        #expect(row.int64("claimId") == 3)
        #expect(row.double("score") == 0.5)
        #expect(row["missing"] == .null)
        #expect(SQLValue.real(3).int64 == 3 && SQLValue.real(3.5).int64 == nil && SQLValue.integer(2).double == 2)
    }

    @Test func idsAreOneArrayValue() {
        #expect(PostgresQueryStore.array([3, 1, 2]) == "{3,1,2}")
    }
}
