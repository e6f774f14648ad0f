import GRDB
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// The query front end under random input: 10,000+ cases that must never crash or hang, whose
/// errors always point inside the input, and whose valid queries print and parse back unchanged.
struct QueryFuzzTests {
    /// Parses and, when it parses, compiles against the seed KB, prepares every statement the
    /// compiler wrote (ranked, count, tiers) with its arguments, and runs the query end to end;
    /// returns the query error, if any. Only a ``Diagnostic`` or a clean ``KBError`` (an unknown
    /// profile) is an answer: anything else — SQLite rejecting the compiled SQL, a wrong
    /// argument count — is recorded as a failure, so invalid SQL from the compiler cannot pass.
    static func run(_ text: String) -> Diagnostic? {
        do {
            let query = try Parser.parse(text)
            try Seeded.knowledgeBase.reader.read { db in
                let compiled = try QueryCompiler(store: SQLiteQueryStore(db: db), text: text).compile(query)
                for (sql, arguments) in statements(of: compiled) {
                    let statement = try db.makeStatement(sql: sql)
                    try statement.setArguments(StatementArguments(arguments))
                    _ = try Row.fetchAll(statement)
                }
            }
            _ = try Seeded.engine.run(text)
            return nil
        } catch let diagnostic as Diagnostic {
            return diagnostic
        } catch KBError.notFound, KBError.usage {
            return nil
        } catch {
            Issue.record("not a query error but \(error), for \(text.debugDescription)")
            return nil
        }
    }

    /// Every statement a compiled query holds, with its arguments.
    static func statements(of compiled: CompiledQuery) -> [(String, [SQLValue])] {
        [(compiled.sql, compiled.arguments), (compiled.countSQL, compiled.countArguments)]
            + (compiled.tiers ?? []).map { ($0.sql, $0.arguments) }
    }

    /// A diagnostic, when the text had one (nil: the query ran), points inside the text.
    static func checkInside(_ diagnostic: Diagnostic?, _ text: String) {
        if let diagnostic {
            let count = text.count
            #expect(diagnostic.location.range.lowerBound >= 0 && diagnostic.location.range.upperBound <= count + 1,
                    "\(diagnostic.id) at \(diagnostic.location.range) outside \(count) characters: \(text.debugDescription)")
            #expect(!diagnostic.message.isEmpty)
        }
    }

    @Test func randomBytesNeverCrash() {
        var random = SeededRandom(seed: 1)
        for _ in 0..<4000 {
            let length = Int.random(in: 0...80, using: &random)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            let text = String(decoding: bytes, as: UTF8.self)
            Self.checkInside(Self.run(text), text)
            Self.checkInside(Self.run("claims where " + text), "claims where " + text)
        }
    }

    static let vocabulary = ["claims", "sources", "citations", "for", "where", "and", "or", "not", "in", "rank", "by", "limit", "missing", "has",
                             "asc", "desc", "(", ")", ",", "=", "!=", "<", "<=", ">", ">=", "cohort", "n", "year", "design", "rct", "older",
                             "ml-platform-engineer", "pytorch", "preregistered", "retracted", "replication", "failed", "\"writing\"", "\"a\\\"b\"",
                             "400", "-1", "0.5", "1e9", "profile:x", "source", "doi", "'", "\"", "%", "_", ";", "--", "*", "NEAR", "é", "😀", "\u{0}"]

    @Test func randomTokenStreamsNeverCrash() {
        var random = SeededRandom(seed: 2)
        for _ in 0..<4000 {
            let count = Int.random(in: 0...14, using: &random)
            let text = (0..<count).map { _ in Self.vocabulary[Int.random(in: 0..<Self.vocabulary.count, using: &random)] }.joined(separator: " ")
            Self.checkInside(Self.run(text), text)
        }
    }

    /// Random well-formed queries reach SQLite: most random text stops at the parser, so these
    /// make the compiler write SQL for every field, operator, ranking and shape, and `run`
    /// records any error SQLite (or anything but a query error) raises.
    @Test func generatedQueriesCompileToValidSQL() {
        var generator = QueryGenerator(seed: 4)
        var answered = 0
        for _ in 0..<1500 {
            let text = QueryPrinter.print(generator.query())
            if Self.run(text) == nil { answered += 1 }
        }
        // Most name only what the seed KB holds; a generator that stopped reaching the SQL would show here.
        #expect(answered > 300, "\(answered) of 1500 generated queries compiled and ran")
    }

    /// Random well-formed queries print and parse back to the same query.
    @Test func printedQueriesParseBack() throws {
        var generator = QueryGenerator(seed: 3)
        for _ in 0..<3000 {
            let query = generator.query()
            let text = QueryPrinter.print(query)
            let parsed = try Parser.parse(text)
            #expect(parsed == query, "\(text)")
            #expect(QueryPrinter.print(parsed) == text)
        }
    }
}

/// Random well-formed ASTs, every field with a value of its type.
struct QueryGenerator {
    var random: SeededRandom

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }

    mutating func query() -> Query {
        var query = Query(target: pick(Target.allCases))
        if Bool.random(using: &random) {
            query.subjects = (0..<Int.random(in: 1...3, using: &random)).map { _ in
                Subject(name: pick(["ml-platform-engineer", "pytorch", "Kubernetes", "GPU Infra", "data scientist", "x_y"]), isProfile: Int.random(in: 0..<6, using: &random) == 0)
            }
        }
        if Int.random(in: 0..<4, using: &random) > 0 { query.condition = condition(depth: 0) }
        if Bool.random(using: &random) {
            query.ranking = (0..<Int.random(in: 1...3, using: &random)).map { _ in RankKey(pick(RankKey.Key.allCases), descending: Bool.random(using: &random)) }
        }
        if Bool.random(using: &random) { query.limit = Int.random(in: 1...10_000, using: &random) }
        return query
    }

    mutating func condition(depth: Int) -> Condition {
        switch depth >= 4 ? 3 : Int.random(in: 0..<6, using: &random) {
        case 0: return .and(condition(depth: depth + 1), condition(depth: depth + 1))
        case 1: return .or(condition(depth: depth + 1), condition(depth: depth + 1))
        case 2: return .not(condition(depth: depth + 1))
        default: return .predicate(predicate())
        }
    }

    mutating func value(for field: Field) -> Value {
        switch field.valueType {
        case let .entity(kind): return Value(.word(pick(Field.exampleSlug[kind].map { [$0, "older", "non-native"] } ?? ["x"])))
        case let .vocabulary(values, _): return Value(.word(pick(values)))
        case .number: return Value(.number(pick([0, 1, 100, 2020, -40, 0.5, 453, 1_000_000])))
        case .text: return Value(.string(pick(["writing", "Noy", "a \"quoted\" word", "back\\slash", "%_;--", "日本語", "O'Brien"])))
        case .boolean: return Value(.boolean(Bool.random(using: &random)))
        }
    }

    mutating func predicate() -> Predicate {
        let field = pick(Field.allCases)
        switch Int.random(in: 0..<6, using: &random) {
        case 0 where field.isFlag: return Predicate(.flag(field))
        case 1 where field.hasPresence: return Predicate(.missing(field))
        case 2 where field.hasPresence: return Predicate(.has(field))
        case 3: return Predicate(.member(field, (0..<Int.random(in: 1...3, using: &random)).map { _ in value(for: field) }))
        case 4: return Predicate(.text(pick(["writing time", "GenAI", "\"exact\"", "older workers"])))
        default:
            let operators: [ComparisonOperator] = field.valueType == .number ? ComparisonOperator.allCases : [.equal, .notEqual]
            return Predicate(.compare(field, pick(operators), value(for: field)))
        }
    }
}
