import GRDB
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

struct CompilerTests {
    func compile(_ text: String, limit: Int? = nil) throws -> CompiledQuery {
        let query = try Parser.parse(text)
        return try Seeded.knowledgeBase.reader.read { db in try QueryCompiler(store: SQLiteQueryStore(db: db), text: text).compile(query, limit: limit) }
    }

    @Test func placeholdersMatchArguments() throws {
        for text in ParserTests.designExamples.map(\.0) + [
            "claims where grade >= moderate and replication != failed and metric = \"writing-task time\"",
            "sources for pytorch where author = noy or doi = \"https://doi.org/10.1126/SCIENCE.ADH2586\"",
            "claims where jurisdiction = us and not (n < 100 or missing n)",
        ] {
            let compiled = try compile(text)
            for (sql, arguments) in QueryFuzzTests.statements(of: compiled) {
                #expect(sql.filter { $0 == "?" }.count == arguments.count, "\(text)")
            }
        }
    }

    /// Each `?` gets the value written for its own field, not just as many arguments as there are
    /// `?`s: the queries' values are distinct markers, and every placeholder must receive the
    /// markers of the column named last before it, in the order the query writes them.
    @Test(arguments: [
        ("claims where metric = \"m1\" and author = \"a2\" and (title = \"t3\" or country = \"c4\") and n >= 5 and year < 6 and \"word7\" limit 8",
         ["c.metric": ["m1"], "nameKey": ["a2"], "titleKey": ["t3"], "st.country": ["c4"], "st.n": ["5.0"], "s.issuedYear": ["6.0"],
          "MATCH": ["word7"], "LIMIT": ["8.0"]]),
        ("claims where year <= 2020 and n in (11, 12, 13) and metric != \"m2\" rank by year limit 4",
         ["s.issuedYear": ["2020.0"], "st.n": ["11.0", "12.0", "13.0"], "c.metric": ["m2"], "LIMIT": ["4.0"]]),
        ("sources where year in (2001, 2002) and author = \"a2\" and not (doi = \"10.1234/d3\" or url = \"u4\") and \"word5\" limit 6",
         ["s.issuedYear": ["2001.0", "2002.0"], "nameKey": ["a2"], "s.doi": ["10.1234/d3"], "s.url": ["u4"], "MATCH": ["word5"], "LIMIT": ["6.0"]]),
    ] as [(String, [String: [String]])])
    func placeholdersGetTheirOwnValues(text: String, markers: [String: [String]]) throws {
        let compiled = try compile(text)
        var seen: [String: Int] = [:]
        for (sql, arguments) in QueryFuzzTests.statements(of: compiled) {
            let placeholders = sql.indices.filter { sql[$0] == "?" }
            try #require(placeholders.count == arguments.count, "\(sql)")
            for (placeholder, argument) in zip(placeholders, arguments) {
                let before = sql[..<placeholder]
                let column = markers.keys.max { (before.range(of: $0, options: .backwards)?.lowerBound ?? before.startIndex, $0)
                                                < (before.range(of: $1, options: .backwards)?.lowerBound ?? before.startIndex, $1) }
                let key = try #require(column.flatMap { before.contains($0) ? $0 : nil }, "no known column before a ? in \(sql)")
                let expected = try #require(markers[key])
                let value = String.fromDatabaseValue(argument.databaseValue) ?? Double.fromDatabaseValue(argument.databaseValue).map { "\($0)" } ?? "\(argument)"
                #expect(value == expected[seen[key, default: 0] % expected.count], "\(key) got \(value): \(sql) \(arguments)")
                seen[key, default: 0] += 1
            }
        }
        #expect(Set(seen.keys) == Set(markers.keys), "every marker reaches the SQL")
    }

    /// Several searches rank by a pattern matching any of them: all of them, never only the last
    /// (the `try?` this replaced fell back to the last one), and a joined pattern SQLite rejects
    /// is a diagnostic with a caret at the search that could not be added.
    @Test func searchesJoinIntoOnePatternOrADiagnostic() throws {
        let text = "claims where \"writing\" and \"quality\" and \"time\""
        let terms = try ["writing", "quality", "time"].map { word in
            let start = try #require(text.range(of: "\"\(word)\"")).lowerBound.utf16Offset(in: text)
            return (pattern: try #require(SQLiteDialect().textPattern(matchingAllTokensIn: word)), range: start..<(start + word.count + 2))
        }
        let joined = try #require(try QueryCompiler.anyOf(terms, text: text, join: SQLiteDialect().textPattern(raw:)))
        for word in ["writing", "quality", "time"] { #expect(joined.rawPattern.contains(word), "\(joined.rawPattern)") }
        #expect(try QueryCompiler.anyOf([], text: text, join: SQLiteDialect().textPattern(raw:)) == nil)

        struct Rejected: Error {}
        let error = #expect(throws: Diagnostic.self) {
            try QueryCompiler.anyOf(terms, text: text) { raw in
                if raw.contains("time") { throw Rejected() }
                return try SQLiteDialect().textPattern(raw: raw)
            }
        }
        #expect(error?.id == "query.search-pattern")
        #expect(error?.input == .query, "a query error: exit status 2")
        #expect(error?.location.range == terms[2].range, "the caret is on \"time\"")
        #expect(error.map { DiagnosticRenderer().render($0) }?.contains("^^^^^^") == true)
    }

    /// Thousands of searches join into one flat pattern SQLite's FTS5 takes (nested parentheses
    /// overflowed its parser at a few hundred), and a rejected join puts the caret on the first
    /// search that could not be added, wherever it is.
    @Test func manySearchesJoinFlatAndTheFirstRejectedOneIsNamed() throws {
        let words = (0..<3_000).map { "w\($0)" }
        let text = "claims where " + words.map { "\"\($0)\"" }.joined(separator: " or ")
        var offset = "claims where ".count
        let terms = try words.map { word in
            defer { offset += word.count + 2 + " or ".count }
            return (pattern: try #require(SQLiteDialect().textPattern(matchingAllTokensIn: word)), range: offset..<(offset + word.count + 2))
        }
        let joined = try #require(try QueryCompiler.anyOf(terms, text: text, join: SQLiteDialect().textPattern(raw:)))
        for word in ["w0", "w1499", "w2999"] { #expect(joined.rawPattern.contains("(\(word))"), "\(word)") }
        let db = try DatabaseQueue()
        try db.write { db in
            try db.execute(sql: "CREATE VIRTUAL TABLE t USING fts5(x); INSERT INTO t VALUES ('w2999')")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM t WHERE t MATCH ?", arguments: [joined.rawPattern]) == 1)
        }

        struct Rejected: Error {}
        for rejected in [1, 2, 1_717, 2_999] {
            let error = #expect(throws: Diagnostic.self) {
                try QueryCompiler.anyOf(terms, text: text) { raw in
                    if raw.contains("(w\(rejected))") { throw Rejected() }
                    return try SQLiteDialect().textPattern(raw: raw)
                }
            }
            #expect(error?.location.range == terms[rejected].range, "the caret is on w\(rejected)")
            #expect(error?.input == .query)
        }
    }

    /// Hostile values: quotes, semicolons, comments, LIKE and FTS5 syntax stay arguments.
    @Test(arguments: [
        "x'; DROP TABLE claim; --",
        "\" OR 1=1 --",
        "100% _match_",
        "NEAR(writing quality) OR time*",
        "a\u{0}b",
    ])
    func hostileValuesStayBound(value: String) throws {
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        for text in ["claims where metric = \"\(escaped)\"", "claims where author = \"\(escaped)\" or country = \"\(escaped)\"",
                     "sources where url = \"\(escaped)\""] {
            let compiled = try compile(text)
            #expect(!compiled.sql.contains(value), "\(text)")
            #expect(!compiled.sql.contains("DROP"))
            #expect(compiled.sql.filter { $0 == "?" }.count == compiled.arguments.count)
            // And the query runs and matches nothing, rather than failing or matching everything.
            let outcome = try Seeded.run(text)
            #expect(outcome.count == 0, "\(text)")
        }
    }

    /// A value full of SQL, LIKE and FTS5 syntax finds the record that holds it, and only that.
    @Test func hostileValuesMatchLiterally() throws {
        let title = "100% _match_'; DROP TABLE claim; -- NEAR(a b)*"
        let knowledgeBase = try makeKnowledgeBase(["s.yaml": """
            sources:
              - {id: hostile, title: "100% _match_'; DROP TABLE claim; -- NEAR(a b)*", url: "https://example.org/a%20b_c"}
              - {id: plain, title: "One hundred percent match", url: "https://example.org/plain"}
            """])
        func slugs(_ query: String) throws -> [String] {
            let rows = try #require(try QueryEngine(knowledgeBase).run(query).rows.sources)
            return rows.map(\.source.slug)
        }
        #expect(try slugs("sources where title = \"\(title.replacingOccurrences(of: "\"", with: "\\\""))\"") == ["hostile"])
        #expect(try slugs("sources where url = \"https://example.org/a%20b_c\"") == ["hostile"])
        #expect(try slugs("sources where url = \"%\"") == [], "% is not a wildcard")
        #expect(try slugs("sources where url = \"https://example.org/a%20b_%\"") == [], "_ and % are not wildcards")
        #expect(try slugs("sources where \"NEAR(a b)*\"") == ["hostile"], "FTS5 syntax is searched as words")
        #expect(try slugs("sources") == ["hostile", "plain"], "and both tables are still there")
    }

    @Test func fullTextSearchOnlyMatchesTokens() throws {
        // FTS5 syntax in the string is just text: every token must match, `*`, `(` and `^` do nothing.
        #expect(try Seeded.claimSlugs("claims where \"quality* (writing)^\"") == ["noy2023-writing-quality"])
        // `OR` is a token like any other, not an operator: no claim holds "or".
        #expect(try Seeded.claimSlugs("claims where \"writing) OR (quality\"") == [])
    }

    @Test func exactSQLForASubjectQuery() throws {
        let compiled = try compile("claims for kubernetes where cohort=older and n >= 100 rank by year limit 3")
        try assertSnapshot(compiled.sql + "\n-- arguments: " + compiled.arguments.map(\.description).joined(separator: ", ") + "\n",
                           named: "subject-query.sql")
    }

    @Test func unknownNamesPointAtTheirValue() {
        let text = renderedError { _ = try Seeded.run("claims for ml-platform-engneer where cohort=olde and boundary=eu-ai-act") }
        #expect(text.contains("unknown role or skill 'ml-platform-engneer'"))
        #expect(text.contains("did you mean 'ml-platform-engineer'?"))
    }

    @Test func typeErrors() throws {
        let cases: [(String, String)] = [
            ("claims where n >= many", "query.expected-number"),
            ("claims where design > rct", "query.unordered-field"),
            ("claims where replication = replicatd", "query.unknown-value"),
            ("claims where cohort = oldr", "query.unknown-cohort"),
            ("claims where doi = 11.2/x", "query.invalid-doi"),
            ("claims where source = noy2023", "query.unknown-source"),
            ("claims where retracted = maybe", "query.expected-boolean"),
            ("claims for older", "query.subject-kind"),
            ("claims for nosuchrole", "query.unknown-subject"),
            ("claims for profile:nobody", "query.unknown-profile"),
            ("claims where \"!!!\"", "query.empty-search"),
        ]
        for (text, id) in cases {
            do {
                _ = try Seeded.run(text)
                Issue.record("expected \(id) for \(text)")
            } catch let error as Diagnostic {
                #expect(error.id == id, "\(text)")
                #expect(error.location.range.upperBound <= text.count)
            }
        }
    }

    @Test func goldenNameDiagnostics() throws {
        let queries = [
            "claims for ml-platform-engineer where cohort=oldr",
            "claims for pytroch",
            "claims for older",
            "claims where boundary = eu-ai-act-annex-3",
            "claims where design = rtc",
            "claims where n >= \"lots\"",
            "sources where source = noy2023",
        ]
        let text = queries.map { query in "$ kb query '\(query)'\n" + renderedError { _ = try Seeded.run(query) } }.joined(separator: "\n")
        try assertSnapshot(text, named: "name-diagnostics.txt")
    }
}

struct QueryPlanTests {
    /// Plan lines that read every row of the claim table (aliases `c` and `e` are claims).
    func fullClaimScans(_ text: String, in knowledgeBase: KnowledgeBase = Seeded.knowledgeBase) throws -> [String] {
        try QueryEngine(knowledgeBase).explain(text).plan.filter { line in
            let detail = line.trimmingCharacters(in: .whitespaces)
            return detail == "SCAN c" || detail == "SCAN e" || detail == "SCAN claim" || detail.hasPrefix("SCAN c ") || detail.hasPrefix("SCAN claim ")
        }
    }

    @Test(arguments: [
        "claims for ml-platform-engineer where cohort=older",
        "claims for ml-platform-engineer where cohort=older and n >= 100 rank by relevance limit 20",
        "claims for pytorch where preregistered and n >= 400",
        "claims for ml-platform-engineer, kubernetes where design in (rct, audit-study) rank by strength limit 5",
        "claims for ml-platform-engineer where boundary=eu-ai-act-annex-iii or boundary=eeoc",
        "claims for profile:ml-platform-engineer-pytorch where \"writing\"",
        "citations for ml-platform-engineer where not retracted",
    ])
    func subjectQueriesNeverScanEveryClaim(text: String) throws {
        #expect(try fullClaimScans(text) == [], "\(text)")
    }

    @Test func explainShowsParametersAndIndexes() throws {
        let explanation = try Seeded.engine.explain("claims for ml-platform-engineer where cohort=older")
        #expect(explanation.sql.contains("?"))
        #expect(!explanation.sql.contains("older"))
        #expect(explanation.plan.contains { $0.contains("USING PRIMARY KEY (entityId=?)") })
        #expect(explanation.plan.contains { $0.contains("claimEconomyWide") })
    }
}
