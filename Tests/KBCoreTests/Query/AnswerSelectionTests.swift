import Foundation
import GRDB
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// Issue 12, items 1, 2, 3 and 13: `citations` honours `rank by` and `limit`; `kb export` selects
/// the sources `kb query` shows; ties at strength 0 still break meaningfully; `total` counts what
/// the limit cut off.
struct AnswerSelectionTests {
    static let taxonomy = """
        roles:
          - {id: analyst, uses: [sql]}
        skills:
          - {id: sql}
        """

    /// Five sources in an import order that is neither their strength nor their year order.
    /// Every study has n = 100, so n adds nothing and the design alone sets the strength:
    /// survey .25, rct .65, meta-analysis .70, qualitative .20, experiment .55.
    /// `s-meta` has three claims, so a limit that counted claims would give fewer sources.
    static let knowledgeBase: KnowledgeBase = {
        do {
            return try makeKnowledgeBase(["a.yaml": taxonomy, "b.yaml": """
                sources:
                  - {id: s-survey, title: Survey of wages, issued: 2010, studies: [{id: s-survey-st, design: survey, n: 100}]}
                  - {id: s-rct, title: Trial of wages, issued: 2020, studies: [{id: s-rct-st, design: rct, n: 100}]}
                  - {id: s-meta, title: Meta-analysis of wages, issued: 2015, studies: [{id: s-meta-st, design: meta-analysis, n: 100}]}
                  - {id: s-qual, title: Interviews about wages, issued: 2022, studies: [{id: s-qual-st, design: qualitative, n: 100}]}
                  - {id: s-exp, title: Experiment on wages, issued: 2005, studies: [{id: s-exp-st, design: experiment, n: 100}]}
                claims:
                  - {id: c-survey, statement: Wages rose, source: s-survey, study: s-survey-st, about: [role:analyst]}
                  - {id: c-rct, statement: Wages rose, source: s-rct, study: s-rct-st, about: [role:analyst]}
                  - {id: c-meta-1, statement: Wages rose, source: s-meta, study: s-meta-st, about: [role:analyst]}
                  - {id: c-meta-2, statement: Wages fell, source: s-meta, study: s-meta-st, about: [role:analyst]}
                  - {id: c-meta-3, statement: Wages held, source: s-meta, study: s-meta-st, about: [skill:sql]}
                  - {id: c-qual, statement: Wages rose, source: s-qual, study: s-qual-st, about: [role:analyst]}
                  - {id: c-exp, statement: Wages rose, source: s-exp, study: s-exp-st, about: [skill:sql]}
                """])
        } catch {
            fatalError("\(error)")
        }
    }()

    static func citations(_ text: String, in knowledgeBase: KnowledgeBase = knowledgeBase) throws -> [(rank: Int, slug: String)] {
        guard case let .citations(rows) = try QueryEngine(knowledgeBase).run(text).rows else { Issue.record("expected citations"); return [] }
        return rows.map { ($0.rank, $0.source.slug) }
    }

    /// The slugs in rank order.
    static func ranked(_ text: String, in knowledgeBase: KnowledgeBase = knowledgeBase) throws -> [String] {
        try citations(text, in: knowledgeBase).sorted { $0.rank < $1.rank }.map(\.slug)
    }

    // MARK: Item 1

    @Test func citationsHonourRankByAndLimit() throws {
        #expect(try Self.ranked("citations rank by strength limit 3") == ["s-meta", "s-rct", "s-exp"])
        #expect(try Self.ranked("citations rank by year desc limit 3") == ["s-qual", "s-rct", "s-meta"])
        #expect(try Self.ranked("citations rank by year asc limit 2") == ["s-exp", "s-survey"])
        // The default ranking: score (relevance × strength); the skill path weighs 0.8.
        #expect(try Self.ranked("citations for analyst limit 2") == ["s-meta", "s-rct"])
        // The limit counts sources: s-meta's three claims take one place.
        #expect(try Self.citations("citations rank by strength limit 4").count == 4)
    }

    @Test func citationsAreShownInAPAOrderWithTheirRanks() throws {
        let rows = try Self.citations("citations rank by strength limit 3")
        // A reference list: APA order (by title here: the sources have no authors).
        #expect(rows.map(\.slug) == ["s-exp", "s-meta", "s-rct"])
        #expect(rows.map(\.rank) == [3, 1, 2])
        let outcome = try QueryEngine(Self.knowledgeBase).run("citations rank by strength limit 3")
        // JSON and CSV are data: rank order, with the rank.
        let csv = ResultRenderer(format: .csv).render(outcome).split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",").prefix(2).joined(separator: ",") }
        #expect(csv == ["1,s-meta", "2,s-rct", "3,s-exp"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ResultRenderer(format: .json).render(outcome).utf8)) as? [String: Any])
        let results = try #require(json["results"] as? [[String: Any]])
        #expect(results.compactMap { $0["id"] as? String } == ["s-meta", "s-rct", "s-exp"])
        #expect(results.compactMap { $0["rank"] as? Int } == [1, 2, 3])
        #expect(json["query"] as? String == "citations rank by strength desc limit 3")
        #expect(try QueryEngine(Self.knowledgeBase).explain("citations rank by strength limit 3").canonicalQuery == "citations rank by strength desc limit 3")
    }

    // MARK: Item 2

    static let sameAnswerQueries = [
        "citations limit 3", "citations rank by strength limit 3", "citations rank by strength asc limit 2", "citations rank by year desc limit 2",
        "citations rank by n limit 3", "citations for analyst limit 2", "citations for sql limit 1", "citations where year >= 2010 limit 2",
        "sources limit 2", "sources rank by year desc limit 3", "sources for analyst limit 2", "sources for analyst rank by strength limit 3",
        "claims rank by strength limit 2", "claims for analyst limit 3", "claims for analyst rank by year limit 4",
        "citations", "sources where year < 2016", "claims for sql",
    ]

    /// What `kb export` writes, as source slugs (BibTeX keys are kb's ids).
    static func exported(_ text: String, style: ExportStyle = .bibtex, in knowledgeBase: KnowledgeBase) throws -> Set<String> {
        var sink = StringSink()
        _ = try Exporter(knowledgeBase).export(text, style: style, to: &sink)
        if style == .csv {
            return Set(sink.text.split(whereSeparator: \.isNewline).dropFirst().compactMap { $0.split(separator: ",").first.map(String.init) })
        }
        let keys = try Regex(#"@\w+\{([^,\n]+),"#)
        return Set(sink.text.matches(of: keys).compactMap { $0.output[1].substring.map(String.init) })
    }

    /// What `kb query` shows, as source slugs: the citations, the sources, or the claims' sources.
    static func queried(_ text: String, in knowledgeBase: KnowledgeBase) throws -> Set<String> {
        switch try QueryEngine(knowledgeBase).run(text).rows {
        case let .citations(rows): Set(rows.map(\.source.slug))
        case let .sources(rows): Set(rows.map(\.source.slug))
        case let .claims(rows): Set(rows.compactMap(\.source?.slug))
        }
    }

    @Test(arguments: sameAnswerQueries)
    func exportSelectsTheSourcesQueryShows(query: String) throws {
        let shown = try Self.queried(query, in: Self.knowledgeBase)
        #expect(!shown.isEmpty)
        #expect(try Self.exported(query, in: Self.knowledgeBase) == shown)
        if !query.hasPrefix("claims") {
            #expect(try Self.exported(query, style: .csv, in: Self.knowledgeBase) == shown)
        }
    }

    @Test func theTrialsQueryExportsWhatItShows() throws {
        // The seed: the query showed three sources, the export two.
        let query = "citations for ml-platform-engineer where not retracted limit 3"
        let shown = try Self.queried(query, in: Seeded.knowledgeBase)
        #expect(shown.count == 3)
        #expect(try Self.exported(query, in: Seeded.knowledgeBase) == shown)
        #expect(try Self.exported(query, style: .csv, in: Seeded.knowledgeBase) == shown)
    }

    // MARK: Item 13

    @Test(arguments: ["claims limit 2", "claims for analyst limit 1", "claims for sql limit 1", "sources limit 2", "sources for sql limit 1",
                      "citations limit 2", "citations for sql limit 1", "claims where \"fell\" limit 1", "claims where year >= 2015 limit 2",
                      "sources for analyst where year >= 2015 limit 1", "citations rank by year asc limit 3"])
    func totalCountsWhatTheLimitCutOff(query: String) throws {
        let engine = QueryEngine(Self.knowledgeBase)
        let outcome = try engine.run(query)
        let unlimited = try engine.run(query.replacingOccurrences(of: #" limit \d+$"#, with: "", options: .regularExpression))
        #expect(unlimited.count > 0)
        #expect(outcome.total == unlimited.count)
        #expect(unlimited.total == unlimited.count)
        #expect(outcome.isTruncated == (outcome.total > outcome.count))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ResultRenderer(format: .json).render(outcome).utf8)) as? [String: Any])
        #expect(json["total"] as? Int == unlimited.count)
        #expect(json["count"] as? Int == outcome.count)
    }

    /// The count statement of every plan-test shape reads claims through indexes too (a query
    /// with no filter at all must count every claim, and does).
    @Test(arguments: IndexedPlanTests.shapes.filter { $0 != "claims rank by strength limit 20" })
    func theCountStatementIsIndexed(query: String) throws {
        try IndexedPlanTests.knowledgeBase.reader.read { db in
            let compiled = try QueryCompiler(store: SQLiteQueryStore(db: db), text: query).compile(try Parser.parse(query))
            let plan = try QueryPlan.lines(sql: compiled.countSQL, arguments: StatementArguments(compiled.countArguments), in: db)
            let scans = plan.filter { line in
                let text = line.trimmingCharacters(in: .whitespaces)
                return IndexedPlanTests.isFullScan(text, ofEntitiesToo: true)
            }
            #expect(scans.isEmpty, "\(query):\n\(plan.joined(separator: "\n"))")
            // And it counts what the ranked statement returns.
            let ranked = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(compiled.sql))", arguments: StatementArguments(compiled.arguments))
            let counted = try Int.fetchOne(db, sql: compiled.countSQL, arguments: StatementArguments(compiled.countArguments))
            if compiled.query.target != .citations, compiled.limit == nil { #expect(counted == ranked, "\(query)") }
        }
    }
}

/// Issue 12, item 3: with strengths clamped to 0 (failed replications), ties break by text
/// match, then n, then id — for claims; ranked sources by n, then id.
struct ClampedStrengthTieTests {
    /// Every claim failed to replicate with an unknown design: .10 + n − .30 < 0, clamped to 0.
    static let knowledgeBase: KnowledgeBase = {
        do {
            return try makeKnowledgeBase(["a.yaml": AnswerSelectionTests.taxonomy, "b.yaml": """
                sources:
                  - {id: f-a, title: First, studies: [{id: f-a-st, n: 5000}]}
                  - {id: f-b, title: Second, studies: [{id: f-b-st, n: 50}]}
                  - {id: f-c, title: Third, studies: [{id: f-c-st, n: 900}]}
                  - {id: f-d, title: Fourth, studies: [{id: f-d-st, n: 900}]}
                claims:
                  - {id: t-a, statement: "Priming changed wages in a large and long and winding study of many other things", source: f-a, study: f-a-st, replication: failed, about: [role:analyst]}
                  - {id: t-b, statement: "Priming wages priming wages", source: f-b, study: f-b-st, replication: failed, about: [role:analyst]}
                  - {id: t-c, statement: "Anchoring moved offers", source: f-c, study: f-c-st, replication: failed, about: [role:analyst]}
                  - {id: t-d, statement: "Anchoring moved offers", source: f-d, study: f-d-st, replication: failed, about: [role:analyst]}
                  - {id: t-e, statement: "Anchoring moved offers", source: f-a, study: f-a-st, replication: failed, about: [role:analyst]}
                """])
        } catch {
            fatalError("\(error)")
        }
    }()

    static func slugs(_ text: String) throws -> [String] {
        guard case let .claims(rows) = try QueryEngine(knowledgeBase).run(text).rows else { Issue.record("expected claims"); return [] }
        #expect(rows.allSatisfy { $0.strength == 0 })
        return rows.map(\.claim.slug)
    }

    @Test(arguments: ["", " rank by strength", " rank by strength asc", " rank by relevance", " rank by year"])
    func aBetterTextMatchComesFirst(ranking: String) throws {
        // t-b matches "priming" best (short, twice) though its n is the smallest and its id later.
        #expect(try Self.slugs("claims where \"priming\"" + ranking) == ["t-b", "t-a"])
        #expect(try Self.slugs("claims for analyst where \"priming\"" + ranking + " limit 1") == ["t-b"])
    }

    @Test(arguments: ["", " rank by strength", " rank by strength asc", " rank by relevance", " rank by year desc"])
    func thenTheLargerSampleThenTheID(ranking: String) throws {
        // Equal text: n 5000 (t-e), then 900 twice (t-c before t-d by id).
        #expect(try Self.slugs("claims where \"anchoring\"" + ranking) == ["t-e", "t-c", "t-d"])
    }

    @Test(arguments: ["rank by strength", "rank by strength asc", "rank by year"])
    func rankedSourcesBreakTiesByN(ranking: String) throws {
        guard case let .sources(rows) = try QueryEngine(Self.knowledgeBase).run("sources " + ranking).rows else { Issue.record("expected sources"); return }
        #expect(rows.map(\.source.slug) == ["f-a", "f-c", "f-d", "f-b"])
    }
}
