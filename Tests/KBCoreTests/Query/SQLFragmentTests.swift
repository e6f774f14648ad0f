import GRDB
import Testing
@testable import KBStore

/// kb's SQL literal: each value stays next to its placeholder, whatever the nesting.
struct SQLFragmentTests {
    @Test func valuesBindWhereTheyAreWritten() {
        let metric = "time"
        let fragment: SQLFragment = "c.metric = \(metric) AND st.n >= \(100.0) AND c.id = \(Int64(7))"
        #expect(fragment.sql == "c.metric = ? AND st.n >= ? AND c.id = ?")
        #expect(fragment.arguments == [.text("time"), .real(100), .integer(7)])
    }

    @Test func listsExpandToOnePlaceholderEach() {
        let ids: [Int64] = [3, 5, 8]
        let fragment: SQLFragment = "c.id IN \(list: ids) OR s.slug IN \(list: ["a", "b"])"
        #expect(fragment.sql == "c.id IN (?, ?, ?) OR s.slug IN (?, ?)")
        #expect(fragment.arguments == [.integer(3), .integer(5), .integer(8), .text("a"), .text("b")])
        let empty: SQLFragment = "x IN \(list: [Int64]())"
        #expect(empty.sql == "x IN ()")
        #expect(empty.arguments.isEmpty)
    }

    /// A chain is flat up to 64 operands and grouped 64 to a pair of parentheses beyond, its
    /// values in the operands' order; SQLite takes 10,000 alternatives so written.
    @Test func chainsAreFlatUpToSixtyFourAndGroupedBeyond() throws {
        func chain(_ count: Int) -> SQLFragment { (0..<count).map { "x = \(Int64($0))" as SQLFragment }.chained("OR") }
        #expect(chain(1).sql == "(x = ?)")
        #expect(chain(3).sql == "(x = ? OR x = ? OR x = ?)")
        let flat = chain(64)
        #expect(flat.sql == "(" + Array(repeating: "x = ?", count: 64).joined(separator: " OR ") + ")")
        let group = "(" + Array(repeating: "x = ?", count: 64).joined(separator: " OR ") + ")"
        #expect(chain(65).sql == "(" + group + " OR (x = ?))")
        #expect(chain(128).sql == "(" + group + " OR " + group + ")")
        // 4,097 operands: groups of 65 (⌈4,097 / 64⌉), themselves grouped 64 and one.
        let deep = chain(4_097)
        #expect(deep.arguments == (0..<4_097).map { .integer(Int64($0)) })
        var depth = 0, deepest = 0
        for character in deep.sql {
            if character == "(" { depth += 1; deepest = max(deepest, depth) } else if character == ")" { depth -= 1 }
        }
        #expect(deepest == 3 && depth == 0)
        let tenThousand = chain(10_000)
        let matches = try DatabaseQueue().read { db in
            try Int.fetchOne(db, sql: "WITH t(x) AS (VALUES (9999), (10000)) SELECT count(*) FROM t WHERE \(tenThousand.sql)",
                             arguments: StatementArguments(tenThousand.arguments.map { value -> (any DatabaseValueConvertible)? in
                                 if case let .integer(number) = value { number } else { nil }
                             }))
        }
        #expect(matches == 1)
    }

    @Test func nestedFragmentsKeepTheirValuesInPlace() {
        let inner: SQLFragment = "b = \(2)"
        let outer: SQLFragment = "a = \(1) AND (\(inner)) AND c = \(3)"
        #expect(outer.sql == "a = ? AND (b = ?) AND c = ?")
        #expect(outer.arguments == [.integer(1), .integer(2), .integer(3)])
        let joined = [inner, "d = \(4)", "e IS NULL"].joined(separator: " OR ")
        #expect(joined.sql == "b = ? OR d = ? OR e IS NULL")
        #expect(joined.arguments == [.integer(2), .integer(4)])
    }

    @Test func rawSQLIsTextNotAValue() {
        let column = "st.n"
        let fragment: SQLFragment = "\(sql: column) IS NULL AND \(column) = 1"
        #expect(fragment.sql == "st.n IS NULL AND ? = 1")
        #expect(fragment.arguments == [.text("st.n")])
    }

    @Test func placeholdersCanBeNumbered() {
        let fragment: SQLFragment = "a = \(1) AND b IN \(list: ["x", "y"]) AND '?' <> \(nil as String?)"
        #expect(fragment.sql(placeholder: { "$\($0)" }) == "a = $1 AND b IN ($2, $3) AND '?' <> $4")
        #expect(fragment.arguments.last == .null)
    }

    @Test func equalStatementsAreEqualHoweverAssembled() {
        let whole: SQLFragment = "SELECT 1 WHERE a = \(1)"
        let pieces = SQLFragment(sql: "SELECT 1") + " WHERE " + "a = \(1)"
        #expect(whole == pieces)
    }

    /// `--explain` lists arguments as GRDB described them before kb had its own values.
    @Test func valuesDescribeThemselvesAsGRDBDoes() {
        let values: [SQLValue] = [.null, .integer(-3), .real(0.85), .real(5), .text("say \"hi\"\n")]
        #expect(values.map(\.description) == values.map(\.databaseValue.description))
        #expect(values.map { SQLValue.fromDatabaseValue($0.databaseValue) } == values)
    }
}
