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
}
