import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

struct ParserTests {
    /// Every example DESIGN.md §3 promises, with its canonical form.
    static let designExamples: [(String, String)] = [
        ("claims for ml-platform-engineer where cohort=older",
         "claims for ml-platform-engineer where cohort = older"),
        ("claims for pytorch where preregistered and n >= 400",
         "claims for pytorch where preregistered and n >= 400"),
        ("claims for ml-platform-engineer, kubernetes where design in (rct, audit-study) rank by strength limit 5",
         "claims for ml-platform-engineer, kubernetes where design in (rct, audit-study) rank by strength desc limit 5"),
        ("claims where \"writing\" and year >= 2023",
         "claims where \"writing\" and year >= 2023"),
        ("claims for ml-platform-engineer where boundary=eu-ai-act-annex-iii or boundary=eeoc",
         "claims for ml-platform-engineer where boundary = eu-ai-act-annex-iii or boundary = eeoc"),
        ("sources where missing n or replication=unknown",
         "sources where missing n or replication = unknown"),
        ("citations for ml-platform-engineer where not retracted",
         "citations for ml-platform-engineer where not retracted"),
    ]

    @Test(arguments: designExamples)
    func designExamplesParse(text: String, canonical: String) throws {
        let query = try Parser.parse(text)
        #expect(QueryPrinter.print(query) == canonical)
        #expect(try Parser.parse(canonical) == query)
    }

    @Test func keywordsAreCaseInsensitiveAndWhitespaceFree() throws {
        let loose = try Parser.parse("  CLAIMS   FOR ml-platform-engineer   WHERE cohort=older AND n>=100 RANK BY n ASC LIMIT 3 ")
        let tight = try Parser.parse("claims for ml-platform-engineer where cohort = older and n >= 100 rank by n asc limit 3")
        #expect(loose == tight)
    }

    @Test func precedence() throws {
        let query = try Parser.parse("claims where preregistered or n > 1 and year > 2")
        guard case let .or(lhs, rhs)? = query.condition else { Issue.record("expected or at the top"); return }
        #expect(lhs == .predicate(Predicate(.flag(.preregistered))))
        guard case .and = rhs else { Issue.record("expected and under or"); return }
        let grouped = try Parser.parse("claims where (preregistered or n > 1) and year > 2")
        guard case .and? = grouped.condition else { Issue.record("expected and at the top"); return }
    }

    @Test func notAppliesToOneFactor() throws {
        let query = try Parser.parse("claims where not retracted and preregistered")
        #expect(query.condition == .and(.not(.predicate(Predicate(.flag(.retracted)))), .predicate(Predicate(.flag(.preregistered)))))
    }

    @Test func subjectsAndProfiles() throws {
        let query = try Parser.parse("claims for profile:ml-platform-engineer-pytorch, \"GPU Infra\", kubernetes")
        #expect(query.subjects == [Subject(name: "ml-platform-engineer-pytorch", isProfile: true), Subject(name: "GPU Infra"), Subject(name: "kubernetes")])
    }

    @Test func ordinalAndMembershipValues() throws {
        let query = try Parser.parse("claims where grade >= moderate and replication != failed and n in (100, 200) and doi = 10.1126/science.adh2586")
        let predicates = query.condition?.predicates().map(\.0.kind)
        #expect(predicates == [
            .compare(.grade, .greaterOrEqual, Value(.word("moderate"))),
            .compare(.replication, .notEqual, Value(.word("failed"))),
            .member(.n, [Value(.number(100)), Value(.number(200))]),
            .compare(.doi, .equal, Value(.word("10.1126/science.adh2586"))),
        ])
    }

    /// Malformed queries: the diagnostic id, and the range it points at (inside the query).
    static let invalid: [(String, String, Range<Int>)] = [
        ("", "query.expected-target", 0..<0),
        ("claim for x", "query.expected-target", 0..<5),
        ("claims where yaer >= 2020", "query.unknown-field", 13..<17),
        ("claims where (cohort=older and n > 3", "query.unbalanced-parenthesis", 36..<36),
        ("claims where cohort=older)", "query.unbalanced-parenthesis", 25..<26),
        ("claims where year >= and design = rct", "query.expected-value", 21..<24),
        ("claims where year >=", "query.expected-value", 20..<20),
        ("claims for x where cohort=older 400", "query.unexpected-token", 32..<35),
        ("claims where", "query.expected-condition", 12..<12),
        ("claims for", "query.expected-subject", 10..<10),
        ("claims where n 400", "query.expected-operator", 15..<18),
        ("claims where design in rct", "query.expected-list", 23..<26),
        ("claims where design in (rct", "query.unbalanced-parenthesis", 27..<27),
        ("claims rank strength", "query.expected-by", 12..<20),
        ("claims rank by strenght", "query.unknown-rank-key", 15..<23),
        ("claims limit 0", "query.expected-limit", 13..<14),
        ("claims limit many", "query.expected-limit", 13..<17),
        ("claims where missing grade", "query.no-presence", 21..<26),
        ("claims wher n > 1", "query.unexpected-token", 7..<11),
        ("claims where n > 1 and", "query.expected-predicate", 22..<22),
        ("claims group by design where n > 1", "query.clause-order", 23..<28),
        ("claims limit 5 rank by year", "query.clause-order", 15..<19),
    ]

    // Analyst trial: `claims group by design where …` said "unexpected 'where'; expected 'for',
    // 'where', …" and "did you mean 'where'?". A clause out of order says the order instead, and
    // what is expected is only what can still come.
    @Test func aClauseOutOfOrderSaysTheOrder() {
        do {
            _ = try Parser.parse(#"claims group by design where "zzzq""#)
            Issue.record("expected an error")
        } catch let error as Diagnostic {
            #expect(error.message == "'where' cannot come here; expected 'rank by', 'limit' or end of query", "\(error.message)")
            #expect(error.help == "a query's clauses come in this order: claims for …, where …, group by …, rank by …, limit N")
        } catch {
            Issue.record("unexpected \(error)")
        }
        do {
            _ = try Parser.parse("claims limit 5 extra")
            Issue.record("expected an error")
        } catch let error as Diagnostic {
            #expect(error.message == "unexpected 'extra'; expected end of query", "\(error.message)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test(arguments: invalid)
    func malformedQueriesPointAtTheProblem(text: String, id: String, range: Range<Int>) {
        do {
            _ = try Parser.parse(text)
            Issue.record("expected \(id) for \(text)")
        } catch let error as Diagnostic {
            #expect(error.id == id, "\(text)")
            #expect(error.location.range == range, "\(text)")
            #expect(error.location.range.upperBound <= text.count)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let text = "claims where " + String(repeating: "(", count: 10_000) + "preregistered" + String(repeating: ")", count: 10_000)
        do {
            _ = try Parser.parse(text)
            Issue.record("expected an error")
        } catch let error as Diagnostic {
            #expect(error.id == "query.too-deep")
        } catch {
            Issue.record("unexpected \(error)")
        }
        let nots = "claims where " + String(repeating: "not ", count: 10_000) + "preregistered"
        #expect(throws: Diagnostic.self) { try Parser.parse(nots) }
    }

    /// The rendered messages, reviewed: caret, expectation and suggestion.
    @Test func goldenDiagnostics() throws {
        let queries = [
            "claims for ml-platform-engineer where yaer >= 2020",
            "claims where (cohort=older and n > 3",
            "claims where year >= and design = rct",
            "claims for ml-platform-engineer where cohort=older 400",
            "claim for ml-platform-engineer",
            "claims where design in (rct, audit-study",
            "claims wher n > 1",
            "claims where preregistred",
            "claims where n > 1; drop table claim",
            "claims where cohort=older and \"unterminated",
        ]
        let text = queries.map { query in "$ kb query '\(query)'\n" + renderedError { _ = try Parser.parse(query) } }.joined(separator: "\n")
        try assertSnapshot(text, named: "parser-diagnostics.txt")
    }
}
