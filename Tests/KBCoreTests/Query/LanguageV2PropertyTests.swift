import GRDB
import Testing
@testable import KBCore
@testable import KBDomain
@testable import KBQuery
@testable import KBStore

/// The second edition's forms (DESIGN §10) mean what they are defined to mean, on the seed KB
/// and on a small hand-written one: any-of is `in` is `or`; a range is two comparisons; a
/// bounded subject follows at most N edges; `@NAME` is its saved condition in parentheses.
struct LanguageV2PropertyTests {
    /// A role using one skill, with a neighbouring role; the skill has an adjacent skill and
    /// recurs in a third role. One claim about each, one economy-wide, one about a cohort only.
    /// Years 2018–2024, samples 50–900, four replication statuses.
    static let fixture: KnowledgeBase = {
        do {
            return try makeKnowledgeBase(["a.yaml": """
                roles:
                  - {id: analyst, uses: [sql], neighbours: [statistician]}
                  - {id: statistician}
                  - {id: archivist}
                skills:
                  - {id: sql, adjacent: [spreadsheets], recurs-in: [archivist]}
                  - {id: spreadsheets}
                cohorts:
                  - {id: older}
                  - {id: women}
                """, "b.yaml": """
                sources:
                  - {id: s2018, title: First, issued: 2018, studies: [{id: s2018-st, design: rct, n: 50, preregistered: "yes"}]}
                  - {id: s2020, title: Second, issued: 2020, studies: [{id: s2020-st, design: survey, n: 120}]}
                  - {id: s2022, title: Third, issued: 2022, studies: [{id: s2022-st, design: audit-study, n: 400, preregistered: "yes"}]}
                  - {id: s2024, title: Fourth, issued: 2024, studies: [{id: s2024-st, design: meta-analysis, n: 900}]}
                  - {id: s2021, title: Fifth, issued: 2021}
                claims:
                  - {id: c-direct, statement: About the role, source: s2018, study: s2018-st, replication: replicated, value: 10, about: [role:analyst, cohort:older]}
                  - {id: c-skill, statement: About its skill, source: s2020, study: s2020-st, replication: failed, value: -5, about: [skill:sql, cohort:women]}
                  - {id: c-neighbour, statement: About a neighbour, source: s2022, study: s2022-st, replication: mixed, value: 3, about: [role:statistician, cohort:older]}
                  - {id: c-adjacent, statement: About an adjacent skill, source: s2024, study: s2024-st, replication: partial, about: [skill:spreadsheets]}
                  - {id: c-recurs, statement: About a role the skill recurs in, about: [role:archivist, cohort:women]}
                  - {id: c-economy, statement: About everyone, source: s2021, economy-wide: true}
                  - {id: c-other, statement: About older workers only, source: s2021, about: [cohort:older]}
                """])
        } catch {
            fatalError("\(error)")
        }
    }()

    static let knowledgeBases: [(name: String, kb: KnowledgeBase)] = [("seed", Seeded.knowledgeBase), ("fixture", fixture)]

    /// The ids a query answers, as a set (equivalent queries may order ties differently).
    static func answer(_ text: String, in knowledgeBase: KnowledgeBase) throws -> Set<String> {
        switch try QueryEngine(knowledgeBase).run(text).rows {
        case let .claims(rows): Set(rows.map(\.claim.slug))
        case let .sources(rows): Set(rows.map(\.source.slug))
        case let .citations(rows): Set(rows.compactMap(\.source.id).map(String.init))
        }
    }

    static func expectSame(_ queries: [String], only: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        for (name, knowledgeBase) in knowledgeBases where only == nil || only == name {
            let first = try #require(queries.first, "no queries to compare", sourceLocation: sourceLocation)
            let expected = try answer(first, in: knowledgeBase)
            for other in queries.dropFirst() {
                #expect(try answer(other, in: knowledgeBase) == expected, "\(name): '\(other)' differs from '\(first)'", sourceLocation: sourceLocation)
            }
        }
    }

    /// On sources, one predicate about a claim-level field is met by one claim, while a
    /// conjunction of two may be met by two different claims: the first query finds no more.
    static func expectWithin(_ narrower: String, _ wider: String, only: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        for (name, knowledgeBase) in knowledgeBases where only == nil || only == name {
            let (inner, outer) = (try answer(narrower, in: knowledgeBase), try answer(wider, in: knowledgeBase))
            #expect(inner.isSubset(of: outer), "\(name): '\(narrower)' finds more than '\(wider)'", sourceLocation: sourceLocation)
        }
    }

    // MARK: Any of

    /// Values that exist in the KB named first (a name a KB lacks is an error, not a no-match).
    @Test(arguments: [
        ("fixture", "cohort", "older", "women"), ("seed", "cohort", "older-workers", "neurodivergent-applicants"),
        ("fixture", "design", "rct", "survey"), ("seed", "design", "rct", "survey"), ("fixture", "replication", "failed", "replicated"),
        ("fixture", "year", "2020", "2022"), ("seed", "year", "2023", "2025"), ("fixture", "n", "50", "400"), ("seed", "n", "453", "2900"),
        ("fixture", "source", "s2018", "s2024"), ("seed", "source", "noy2023experimental", "indeed2025aiatwork"), ("seed", "topic", "ai-helps", "skill-economy"),
    ])
    func anyOfIsMembershipIsDisjunction(knowledgeBase: String, field: String, a: String, b: String) throws {
        for target in ["claims", "sources"] {
            try Self.expectSame(["\(target) where \(field)=\(a)|\(b)", "\(target) where \(field) in (\(a), \(b))",
                                 "\(target) where \(field)=\(a) or \(field)=\(b)"], only: knowledgeBase)
            let noneOf = "\(target) where \(field)!=\(a)|\(b)", both = "\(target) where \(field)!=\(a) and \(field)!=\(b)"
            if target == "claims" || Field.named(field)?.level == .source {
                try Self.expectSame([noneOf, both], only: knowledgeBase)
            } else {
                try Self.expectWithin(noneOf, both, only: knowledgeBase)
            }
        }
    }

    @Test func anyOfFindsWhatItShould() throws {
        #expect(try Self.answer("claims where cohort=older|women", in: Self.fixture) == ["c-direct", "c-skill", "c-neighbour", "c-recurs", "c-other"])
        #expect(try Self.answer("claims where year=2018|2024|1999", in: Self.fixture) == ["c-direct", "c-adjacent"])
        #expect(try Self.answer("claims where design!=rct|survey", in: Self.fixture) == ["c-neighbour", "c-adjacent"])
    }

    // MARK: Ranges

    @Test(arguments: [
        ("year", "2020", "2022"), ("year", "2018", "2018"), ("n", "100", "500"), ("n", "0", "1000000"), ("value", "-5", "3"),
        ("strength", "0.1", "0.6"), ("grade", "low", "moderate"), ("grade", "very-low", "high"),
        ("replication", "failed", "mixed"), ("replication", "mixed", "replicated"),
    ])
    func rangeIsTwoComparisons(field: String, low: String, high: String) throws {
        for target in ["claims", "sources"] {
            let range = "\(target) where \(field)=\(low)..\(high)", both = "\(target) where \(field)>=\(low) and \(field)<=\(high)"
            if target == "claims" || Field.named(field)?.level == .source {
                try Self.expectSame([range, both])
            } else {
                // On sources: one claim in the range, not one claim above L and another below H.
                try Self.expectWithin(range, both)
            }
            try Self.expectSame(["\(target) where \(field)=\(low)..", "\(target) where \(field)>=\(low)"])
            try Self.expectSame(["\(target) where \(field)=..\(high)", "\(target) where \(field)<=\(high)"])
            try Self.expectSame(["\(target) where \(field)!=\(low)..\(high)", "\(target) where \(field)<\(low) or \(field)>\(high)"])
        }
    }

    @Test func rangesFindWhatTheyShould() throws {
        #expect(try Self.answer("claims where year=2020..2022", in: Self.fixture) == ["c-skill", "c-neighbour", "c-economy", "c-other"])
        #expect(try Self.answer("claims where n=..120", in: Self.fixture) == ["c-direct", "c-skill"])
        #expect(try Self.answer("claims where replication=..mixed", in: Self.fixture) == ["c-skill", "c-neighbour"])
        #expect(try Self.answer("claims where year!=2019..2023", in: Self.fixture) == ["c-direct", "c-adjacent"])
        #expect(try Self.answer("claims where n = 100 .. 400", in: Self.fixture) == ["c-skill", "c-neighbour"], "spaces around '..'")
    }

    // MARK: Bounded subjects

    @Test func boundedSubjectsFollowAtMostNEdges() throws {
        func claims(_ text: String) throws -> Set<String> { try Self.answer(text, in: Self.fixture) }
        #expect(try claims("claims for analyst direct") == ["c-direct"])
        #expect(try claims("claims for analyst within 1 hop") == ["c-direct", "c-skill", "c-neighbour"])
        #expect(try claims("claims for analyst within 2 hops") == ["c-direct", "c-skill", "c-neighbour", "c-adjacent", "c-recurs"])
        #expect(try claims("claims for analyst") == ["c-direct", "c-skill", "c-neighbour", "c-adjacent", "c-recurs", "c-economy"])
        // A skill's roles (the roles using it, the roles it recurs in) are one edge away.
        #expect(try claims("claims for sql within 1 hops") == ["c-skill", "c-adjacent", "c-recurs", "c-direct"])
        #expect(try claims("claims for sql direct, statistician direct") == ["c-skill", "c-neighbour"])
        // One unbounded subject brings the economy-wide claims back.
        #expect(try claims("claims for sql direct, statistician") == ["c-skill", "c-neighbour", "c-direct", "c-economy"])
        #expect(try claims("sources for analyst within 1 hops") == ["s2018", "s2020", "s2022"])
        #expect(try claims("claims for analyst within 2 hops where cohort=women") == ["c-skill", "c-recurs"])
    }

    @Test func largerBoundsNeverFindLess() throws {
        let subjects = [("seed", "ml-platform-engineer"), ("seed", "pytorch"), ("seed", "profile:ml-platform-engineer-pytorch"), ("seed", "kubernetes"),
                        ("fixture", "analyst"), ("fixture", "sql"), ("fixture", "statistician")]
        for (name, subject) in subjects {
            let knowledgeBase = name == "seed" ? Seeded.knowledgeBase : Self.fixture
            for target in ["claims", "sources", "citations"] {
                let direct = try Self.answer("\(target) for \(subject) direct", in: knowledgeBase)
                let bounded = try (0...SubjectExpander.maximumHops).map { try Self.answer("\(target) for \(subject) within \($0) hops", in: knowledgeBase) }
                let unbounded = try Self.answer("\(target) for \(subject)", in: knowledgeBase)
                #expect(bounded[0] == direct, "\(subject): within 0 hops is direct")
                #expect(!direct.isEmpty || target != "claims" || name == "fixture", "\(subject) has claims about itself")
                for hops in 1..<bounded.count {
                    #expect(bounded[hops].isSuperset(of: bounded[hops - 1]), "\(target) for \(subject): \(hops) hops finds less than \(hops - 1)")
                }
                #expect(unbounded.isSuperset(of: bounded[bounded.count - 1]), "\(target) for \(subject): unbounded finds less than bounded")
            }
        }
        // On the seed KB the role's bounds differ: each step adds something.
        let seed = try (0...2).map { try Self.answer("claims for ml-platform-engineer within \($0) hops", in: Seeded.knowledgeBase).count }
        #expect(seed[0] < seed[1] || seed[1] < seed[2], "\(seed)")
    }

    @Test func boundsKeepTheRelevanceOfTheirPaths() throws {
        let outcome = try QueryEngine(Self.fixture).run("claims for analyst within 1 hops")
        let rows = try #require(outcome.rows.claims)
        let relevance = Dictionary(uniqueKeysWithValues: rows.map { ($0.claim.slug, $0.relevance) })
        #expect(relevance["c-direct"] == RelevanceModel.direct)
        #expect(relevance["c-skill"] == RelevanceModel.roleSkill)
        #expect(relevance["c-neighbour"] == RelevanceModel.neighbour)
    }

    // MARK: Saved conditions

    @Test func aSavedConditionIsItsTextInParentheses() throws {
        for saved in try SavedQuery.bundled {
            guard let condition = try Parser.parse(saved.query).condition else { continue }
            let pasted = "(" + QueryPrinter.print(condition) + ")"
            // The bundled queries name the seed's cohorts and boundaries.
            try Self.expectSame(["claims where @\(saved.name)", "claims where \(pasted)"], only: "seed")
            try Self.expectSame(["sources where not @\(saved.name) or year=2020..", "sources where not \(pasted) or year=2020.."], only: "seed")
            try Self.expectSame(["claims for ml-platform-engineer where cohort=older or @\(saved.name)",
                                 "claims for ml-platform-engineer where cohort=older or \(pasted)"], only: "seed")
        }
        try Self.expectSame(["claims for pytorch where @preregistered-large-samples and cohort=older",
                             "claims for pytorch where (preregistered and n >= 400) and cohort=older"], only: "seed")
    }

    static let catalog = SavedQueryCatalog.fixed([
        try! SavedQuery(name: "recent", file: "recent.kbq", text: "# Recent\nclaims where year >= 2021"),
        try! SavedQuery(name: "solid", file: "solid.kbq", text: "sources where @recent or replication=replicated\n"),
        try! SavedQuery(name: "loop-a", file: "loop-a.kbq", text: "claims where n > 1 or @loop-b"),
        try! SavedQuery(name: "loop-b", file: "loop-b.kbq", text: "claims where @loop-a"),
        try! SavedQuery(name: "self", file: "self.kbq", text: "claims where not @self"),
        try! SavedQuery(name: "bare", file: "bare.kbq", text: "claims for analyst"),
        try! SavedQuery(name: "broken", file: "broken.kbq", text: "claims where cohort="),
        try! SavedQuery(name: "typo", file: "typo.kbq", text: "claims where cohort=oldr"),
    ])

    static func compiledAnswer(_ text: String) throws -> Set<String> {
        try fixture.reader.read { db in
            var compiler = QueryCompiler(store: SQLiteQueryStore(db: db), text: text)
            compiler.savedQueries = catalog
            let compiled = try compiler.compile(try Parser.parse(text))
            return Set(try Row.fetchAll(db, sql: compiled.sql, arguments: StatementArguments(compiled.arguments)).compactMap { row -> String? in
                let id: Int64 = row["claimId"]
                return try String.fetchOne(db, sql: "SELECT slug FROM claim WHERE id = ?", arguments: [id])
            })
        }
    }

    @Test func savedConditionsNest() throws {
        #expect(try Self.compiledAnswer("claims where @solid and cohort=older") == Self.compiledAnswer("claims where ((year >= 2021) or replication=replicated) and cohort=older"))
        #expect(try Self.compiledAnswer("claims where @solid and cohort=older") == ["c-direct", "c-neighbour", "c-other"])
    }

    @Test func savedConditionErrorsPointAtTheReference() throws {
        let cases: [(String, String)] = [
            ("claims where year > 2000 and @loop-a", "query.saved-query-cycle"),
            ("claims where @self", "query.saved-query-cycle"),
            ("claims where @bare", "query.saved-query-without-condition"),
            ("claims where @broken", "query.saved-query-invalid"),
            ("claims where @typo", "query.unknown-cohort"),
            ("claims where @recnt", "query.unknown-saved-query"),
        ]
        for (text, id) in cases {
            do {
                _ = try Self.compiledAnswer(text)
                Issue.record("expected \(id) for \(text)")
            } catch let error as Diagnostic {
                #expect(error.id == id, "\(text)")
                let at = text.range(of: "@").map { text.distance(from: text.startIndex, to: $0.lowerBound) }
                #expect(error.location.range.lowerBound == at, "\(text): the caret is under the @NAME")
            }
        }
    }

    @Test func goldenSavedConditionDiagnostics() throws {
        let queries = ["claims where year > 2000 and @loop-a", "claims where @bare", "claims where @typo", "claims where @recnt"]
        let text = queries.map { query in "$ kb query '\(query)'\n" + renderedError { _ = try Self.compiledAnswer(query) } }.joined(separator: "\n")
        try assertSnapshot(text, named: "saved-condition-diagnostics.txt")
    }

    // MARK: Errors

    @Test func goldenLanguageV2Diagnostics() throws {
        let queries = [
            "claims where year=2025..2020",
            "claims where grade=high..low",
            "claims for ml-platform-engineer within -1 hops",
            "claims for ml-platform-engineer within 99 hops",
            "claims for ml-platform-engineer within 1.5 hops",
            "claims for ml-platform-engineer within 1 where cohort=older",
            "claims for ml-platform-engineer within two hops",
            "claims where @nosuch",
            "claims where @preregistered-large-sampels and cohort=older",
            "claims where @strongest-for-profile",
            "claims where cohort=older..women",
            "claims where year>=2020..2024",
            "claims where year=..",
            "claims where n > 100|200",
            "claims where cohort=older|2020..2024",
            "claims where year=2020...2024",
            "claims where year=2020..soon",
            "claims where grade=moderate..hihg",
            "claims where cohort=older|wmen",
            "claims for ml-platform-engineer withn 1 hops",
            "claims for ml-platform-engineer drect",
            "claims for ml-platform-engineer direct 1",
        ]
        let text = queries.map { query in "$ kb query '\(query)'\n" + renderedError { _ = try Seeded.run(query) } }.joined(separator: "\n")
        try assertSnapshot(text, named: "language-v2-diagnostics.txt")
    }

    @Test func explainShowsTheNewSQL() throws {
        let engine = QueryEngine(Seeded.knowledgeBase)
        let range = try engine.explain("claims where year=2020..2024 and grade=moderate..")
        #expect(range.sql.contains("s.issuedYear BETWEEN ? AND ?") && range.sql.contains("c.grade IN (?, ?)"), "\(range.sql)")
        #expect(range.arguments.prefix(4) == ["2020.0", "2024.0", "\"moderate\"", "\"high\""], "\(range.arguments)")
        #expect(!range.sql.contains("2020"))
        let direct = try engine.explain("claims for ml-platform-engineer direct")
        #expect(direct.canonicalQuery == "claims for ml-platform-engineer direct")
        #expect(direct.reach.count == 1 && direct.sql.contains("c.id IN (SELECT claimId FROM claimAbout WHERE entityId IN (?))"), "\(direct.sql)")
        let saved = try engine.explain("claims where @preregistered-large-samples")
        #expect(saved.canonicalQuery == "claims where @preregistered-large-samples")
        #expect(saved.sql.contains("st.n >= ?") && saved.sql.contains("st.preregistered = 'yes'"), "\(saved.sql)")
    }

    // MARK: Parsing and printing

    @Test func theNewFormsPrintAndParseBack() throws {
        let cases: [(String, String)] = [
            ("claims where cohort=older|women", "claims where cohort in (older, women)"),
            ("claims where design != rct|audit-study", "claims where design != rct|audit-study"),
            ("claims where title != \"a b\"|c", "claims where title != \"a b\"|c"),
            ("claims where year=2020..2024", "claims where year = 2020..2024"),
            ("claims where grade = moderate..", "claims where grade = moderate.."),
            ("claims where n != ..500", "claims where n != ..500"),
            ("claims where value = -5..0.5", "claims where value = -5..0.5"),
            ("CLAIMS FOR ml-platform-engineer WITHIN 1 HOPS, pytorch DIRECT, profile:x within 2 hop", "claims for ml-platform-engineer within 1 hop, pytorch direct, profile:x within 2 hops"),
            ("claims where @recent and not @solid", "claims where @recent and not @solid"),
            ("sources for direct direct", "sources for direct direct"),
        ]
        for (text, printed) in cases {
            let query = try Parser.parse(text)
            #expect(QueryPrinter.print(query) == printed)
            #expect(try Parser.parse(printed) == query, "\(printed)")
        }
        #expect(try Parser.parse("claims for x within 0 hops") == Parser.parse("claims for x direct"))
        #expect(try Parser.parse("claims where cohort=a|b") == Parser.parse("claims where cohort in (a, b)"))
        #expect(try Parser.parse("claims where title = \"a..b\"").condition.map(QueryPrinter.print) == "title = \"a..b\"", "quoted dots are text")
    }

    @Test func theLexerSplitsRangesAndBars() throws {
        let kinds = try Lexer("year=2020..2024 ..500 moderate.. a|b").tokenize().map(\.kind)
        #expect(kinds == [.word("year"), .op(.equal), .number(2020), .dotDot, .number(2024), .dotDot, .number(500),
                          .word("moderate"), .dotDot, .word("a"), .bar, .word("b"), .end])
        let ranges = try Lexer("n=1..20").tokenize().map(\.range)
        #expect(ranges == [0..<1, 1..<2, 2..<3, 3..<5, 5..<7, 7..<7])
    }
}
