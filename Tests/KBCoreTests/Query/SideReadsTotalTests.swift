import Testing
@testable import KBDomain
@testable import KBQuery
@testable import KBStore

/// The engine's use of a session's other connection (``SideReads``): a query with a limit starts
/// its total there before reading its rows, takes that value when the answer is cut off, ignores
/// it when it is not, and counts on its own connection when the other one failed.
struct SideReadsTotalTests {
    final class FakeSide: SideReads {
        var started: [(statement: SQLFragment, limited: Bool)] = []
        let answer: Result<SQLValue?, any Error>

        init(_ answer: Result<SQLValue?, any Error>) { self.answer = answer }

        func start(_ statement: SQLFragment, limited: Bool) -> (any PendingValue)? {
            started.append((statement, limited))
            return Pending(answer: answer)
        }
    }

    final class Pending: PendingValue {
        let answer: Result<SQLValue?, any Error>
        init(answer: Result<SQLValue?, any Error>) { self.answer = answer }
        func value() throws -> SQLValue? { try answer.get() }
    }

    struct Unavailable: Error {}

    func run(_ text: String, total: TotalCount, side: FakeSide?) throws -> QueryOutcome {
        let query = try Parser.parse(text)
        return try Seeded.knowledgeBase.reader.read { db in
            let plain = QueryReadSession.sqlite(db)
            let session = QueryReadSession(executor: plain.executor, store: plain.store, graph: plain.graph, sideReads: side)
            return try QueryEngine.run(query, text: text, profile: nil, limit: query.limit, total: total, in: session)
        }
    }

    @Test func aCutOffAnswerTakesTheTotalCountedBeside() throws {
        let truth = try run("claims limit 3", total: .exact, side: nil)
        #expect(truth.isTruncated && truth.total == 16)
        // A value no real count gives, so the test sees whose total was used.
        let side = FakeSide(.success(.integer(12_345)))
        let exact = try run("claims limit 3", total: .exact, side: side)
        #expect(exact.total == 12_345 && exact.isTotalExact)
        #expect(side.started.count == 1 && side.started.first?.limited == false)
        let bounded = FakeSide(.success(.integer(7)))
        let outcome = try run("claims limit 3", total: .standard, side: bounded)
        #expect(outcome.total == 7 && outcome.isTotalExact)
        // The bounded count, one more than the standard bound, as total(…) would run it.
        #expect(bounded.started.first?.limited == true && bounded.started.first?.statement.arguments.last == .integer(1001), "\(bounded.started)")
    }

    @Test func anAnswerNotCutOffIgnoresIt() throws {
        let side = FakeSide(.success(.integer(12_345)))
        let outcome = try run("claims limit 100", total: .standard, side: side)
        #expect(!outcome.isTruncated && outcome.total == 16 && side.started.count == 1)
        let unlimited = FakeSide(.success(.integer(12_345)))
        #expect(try run("claims", total: .standard, side: unlimited).total == 16)
        #expect(unlimited.started.isEmpty, "without a limit nothing is cut off, so nothing is started")
    }

    @Test func aFailedSideCountIsCountedAgainHere() throws {
        let side = FakeSide(.failure(Unavailable()))
        for text in ["claims limit 3", "sources limit 1", "claims for ml-platform-engineer limit 1"] {
            let truth = try run(text, total: .standard, side: nil)
            let outcome = try run(text, total: .standard, side: side)
            #expect(outcome.isTruncated && outcome.total == truth.total && outcome.total > 1, "\(text)")
        }
    }
}
