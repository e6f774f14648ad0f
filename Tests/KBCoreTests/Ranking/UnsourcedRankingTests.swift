import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// Issue 12, item 4 — the property "an unsourced claim never ranks above a sourced one with the
/// same or better path", in the style of ``RankingPropertyTests``: one unsourced claim (id u, the
/// lower id, so only the rule can put it second) and one sourced claim (id v), for every path
/// pair, several strengths of the sourced claim (down to a failed replication clamped to 0),
/// every ranking the rule covers, with and without a limit (tiered statements).
struct UnsourcedRankingTests {
    /// The role analyst using sql, and a topic for economy-wide claims.
    static let taxonomy = RankingPropertyTests.taxonomy

    /// Paths, best first: direct, role-skill, economy-wide.
    static let paths: [(about: String, economyWide: Bool)] = [("role:analyst", false), ("skill:sql", false), ("topic:misc", true)]

    /// The sourced claim's evidence: strong (rct, n 1000), a forecast, a failed replication of
    /// an unknown design (strength clamped to 0).
    static let evidence: [(study: String, claim: String, strength: Double)] = [
        ("design: rct, n: 1000", "", 0.70), ("design: forecast", "", 0.10), ("n: 20", ", replication: failed", 0),
    ]

    static let rankings = ["", " rank by relevance", " rank by year", " rank by year asc", " rank by n", " rank by n asc"]

    struct Case: Sendable, CustomTestStringConvertible {
        var unsourcedPath: Int
        var sourcedPath: Int
        var evidence: Int
        var testDescription: String { "unsourced path \(unsourcedPath), sourced path \(sourcedPath), evidence \(evidence)" }
    }

    /// Every pair where the sourced claim's path is the same as or better than the unsourced one's.
    static let cases: [Case] = paths.indices.flatMap { unsourced in
        (0...unsourced).flatMap { sourced in evidence.indices.map { Case(unsourcedPath: unsourced, sourcedPath: sourced, evidence: $0) } }
    }

    func order(_ testCase: Case, query: String) throws -> [String] {
        let unsourced = Self.paths[testCase.unsourcedPath]
        let sourced = Self.paths[testCase.sourcedPath]
        let evidence = Self.evidence[testCase.evidence]
        let knowledgeBase = try makeKnowledgeBase(["a.yaml": Self.taxonomy, "b.yaml": """
            sources:
              - {id: s, title: Same, issued: 2020, studies: [{id: s-study, \(evidence.study)}]}
            claims:
              - {id: u, statement: Same finding, about: [\(unsourced.about)], economy-wide: \(unsourced.economyWide)}
              - {id: v, statement: Same finding, source: s, study: s-study, about: [\(sourced.about)], economy-wide: \(sourced.economyWide)\(evidence.claim)}
            """])
        guard case let .claims(rows) = try QueryEngine(knowledgeBase).run(query).rows else { Issue.record("expected claims"); return [] }
        let v = try #require(rows.first(where: { $0.claim.slug == "v" }), "the sourced claim is missing from \(query)")
        #expect(abs(v.strength - evidence.strength) < 1e-9)
        return rows.map(\.claim.slug)
    }

    @Test(arguments: cases)
    func anUnsourcedClaimNeverRanksAboveASourcedOneWithTheSameOrBetterPath(testCase: Case) throws {
        for ranking in Self.rankings {
            #expect(try order(testCase, query: "claims for analyst" + ranking) == ["v", "u"], "\(ranking)")
            // Limited: the tiered statements must give the same first row.
            #expect(try order(testCase, query: "claims for analyst" + ranking + " limit 1") == ["v"], "\(ranking) limit 1")
        }
    }

    @Test func withoutSubjectsTheSourcedClaimComesFirstToo() throws {
        for index in Self.evidence.indices {
            #expect(try order(Case(unsourcedPath: 0, sourcedPath: 0, evidence: index), query: "claims") == ["v", "u"])
        }
    }

    /// The trial's example: the seed page's direct, unsourced assertions ranked above the WEF's
    /// sourced, economy-wide forecasts.
    @Test func theSeedsForecastsRankAboveItsUnsourcedAssertions() throws {
        guard case let .claims(rows) = try Seeded.run("claims for ml-platform-engineer").rows else { Issue.record("expected claims"); return }
        let lastSourced = try #require(rows.lastIndex { $0.source != nil })
        let firstUnsourced = try #require(rows.firstIndex { $0.source == nil })
        #expect(lastSourced < firstUnsourced)
        #expect(rows.contains { $0.claim.slug == "wef2025-net-jobs" })
    }

    /// Tiered statements (one per relevance tier) give the single statement's rows when
    /// unsourced claims sit in every tier, for every limit.
    @Test(arguments: ["claims for analyst", "claims for analyst rank by relevance"])
    func tiersKeepSourcedClaimsFirst(query: String) throws {
        var sources = "sources:\n"
        var claims = "claims:\n"
        let abouts = ["role:analyst", "skill:sql", "topic:misc"]
        for index in 0..<12 {
            let about = abouts[index % 3]
            let economyWide = about == "topic:misc"
            if index % 2 == 0 {
                sources += "  - {id: s\(index), title: T\(index), studies: [{id: s\(index)-st, design: \(["rct", "forecast", "survey"][index % 3]), n: \(10 + index * 97)}]}\n"
                claims += "  - {id: c\(index), statement: Finding \(index), source: s\(index), study: s\(index)-st, about: [\(about)], economy-wide: \(economyWide)\(index % 4 == 0 ? ", replication: failed" : "")}\n"
            } else {
                claims += "  - {id: c\(index), statement: Finding \(index), about: [\(about)], economy-wide: \(economyWide)}\n"
            }
        }
        let knowledgeBase = try makeKnowledgeBase(["a.yaml": Self.taxonomy, "b.yaml": sources + claims])
        try knowledgeBase.reader.read { db in
            for limit in 1...13 {
                let text = query + " limit \(limit)"
                let compiled = try QueryCompiler(store: SQLiteQueryStore(db: db), text: text).compile(try Parser.parse(text))
                let tiers = try #require(compiled.tiers)
                #expect(tiers.count > 1)
                let single = try Row.fetchAll(db, sql: compiled.sql, arguments: StatementArguments(compiled.arguments)).map { $0["claimId"] as Int64 }
                #expect(try QueryEngine.claimRows(compiled, in: SQLiteStatementExecutor(db: db)).compactMap { $0.int64("claimId") } == single, "\(text)")
            }
        }
    }
}

import GRDB
