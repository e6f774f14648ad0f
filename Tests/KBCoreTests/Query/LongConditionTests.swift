import Testing
@testable import KBCore
@testable import KBQuery

/// A long chain of `or`s (or `and`s) compiles flat: one pair of parentheses per operator nested
/// 90 deep and overflowed SQLite's parser stack ("database error: parser stack overflow", exit 4),
/// the analyst trial's query with 100 alternatives.
struct LongConditionTests {
    @Test func aHundredAlternativesAnswerAsTheirRangeDoes() throws {
        let engine = QueryEngine(Seeded.knowledgeBase)
        let alternatives = (0...99).map { "n = \($0)" }.joined(separator: " or ")
        let chained = try engine.run("claims where \(alternatives) or cohort=older", limit: 1)
        let ranged = try engine.run("claims where n=0..99 or cohort=older", limit: 1)
        #expect(chained.total == ranged.total && chained.total > 0)
        let conjuncts = Array(repeating: "n >= 0", count: 100).joined(separator: " and ")
        #expect(try engine.run("claims where \(conjuncts)", limit: 1).total == (try engine.run("claims where n >= 0", limit: 1).total))
    }

    /// Thousands of operands: a flat chain made SQLite's expression tree one level deeper per
    /// operator, and 1,000 levels is its limit ("Expression tree is too large", exit 4); the
    /// searches' joined ranking pattern nested parentheses and overflowed FTS5's parser at
    /// about 300. Both are grouped now, whatever the number of operands.
    @Test(arguments: [3_000, 7_000])
    func thousandsOfOperandsAnswerAsTheirRangeDoes(count: Int) throws {
        let engine = QueryEngine(Seeded.knowledgeBase)
        let alternatives = (0..<count).map { "n = \($0)" }.joined(separator: " or ")
        let ranged = try engine.run("claims where n=0..\(count - 1)", limit: 1).total
        #expect(try engine.run("claims where \(alternatives)", limit: 1).total == ranged)
        #expect(try engine.run("sources where \(alternatives)", limit: 1).total == (try engine.run("sources where n=0..\(count - 1)", limit: 1).total))
        let conjuncts = Array(repeating: "n >= 0", count: count).joined(separator: " and ")
        #expect(try engine.run("claims where \(conjuncts)", limit: 1).total == (try engine.run("claims where n >= 0", limit: 1).total))
        let excluded = (1..<count).map(String.init).joined(separator: "|")
        #expect(try engine.run("claims where n != \(excluded)", limit: 1).total == (try engine.run("claims where n < 1 or n > \(count - 1)", limit: 1).total))
    }

    /// Thousands of searches rank as the one that matches does alone (the others add nothing),
    /// and a near-longest query that matches nothing gets its hint (printing the relaxed query
    /// recursed once per `or` and overflowed the stack at 9,000).
    @Test func thousandsOfSearchesRankAsTheOneThatMatches() throws {
        let engine = QueryEngine(Seeded.knowledgeBase)
        let searches = (0..<3_000).map { "\"absent\($0)\"" } + ["\"writing\""]
        let answer = try engine.run("claims where \(searches.joined(separator: " or "))", limit: 5)
        let alone = try engine.run("claims where \"writing\"", limit: 5)
        #expect(answer.total == alone.total && answer.total > 0)
        let ranked = try #require(answer.rows.claims).map(\.claim.id)
        #expect(ranked == (try #require(alone.rows.claims)).map(\.claim.id))

        let nothing = (1...9_000).map { "\"w\($0)\"" }.joined(separator: " or ")
        let empty = try engine.run("claims where \(nothing)", limit: 5)
        #expect(empty.total == 0)
        #expect(empty.emptyHint?.contains("the last filter") == true)
    }
}
