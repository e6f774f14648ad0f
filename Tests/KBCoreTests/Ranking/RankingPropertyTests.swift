import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// The four properties DESIGN §4 demands, each on a small KB where all else is equal.
struct RankingPropertyTests {
    static let taxonomy = """
        roles:
          - {id: analyst, uses: [sql]}
        skills:
          - {id: sql}
        topics:
          - {id: misc}
        """

    /// Two sources that differ only in what `vary` gives each, each with one claim about the role.
    func ranking(_ vary: (Int) -> (study: String, claim: String), about: [String] = ["role:analyst", "role:analyst"],
                 economyWide: [Bool] = [false, false]) throws -> [String] {
        var sources = "sources:\n"
        var claims = "claims:\n"
        for index in 0..<2 {
            let (study, claim) = vary(index)
            sources += "  - {id: s\(index), title: Same, studies: [{id: s\(index)-study, design: rct\(study)}]}\n"
            claims += "  - {id: c\(index), statement: Same finding, source: s\(index), about: [\(about[index])], economy-wide: \(economyWide[index])\(claim)}\n"
        }
        let knowledgeBase = try makeKnowledgeBase(["a.yaml": Self.taxonomy, "b.yaml": sources, "c.yaml": claims])
        let rows = try #require(try QueryEngine(knowledgeBase).run("claims for analyst").rows.claims)
        return rows.map(\.claim.slug)
    }

    @Test(arguments: [(10, 11), (100, 5000), (453, 454), (2, 100_000), (99_999, 100_000)])
    func largerSampleNeverRanksLower(small: Int, large: Int) throws {
        // c0 has the smaller n and the lower id: the larger sample (c1) must still come first,
        // also where the rubric's n bonus is capped and the scores are equal.
        #expect(try ranking { index in (", n: \(index == 0 ? small : large)", "") } == ["c1", "c0"])
        #expect(try ranking { index in (", n: \(index == 0 ? large * 10 : large * 20)", "") } == ["c1", "c0"])
        #expect(StrengthRubric.sampleSizeEffect(large) >= StrengthRubric.sampleSizeEffect(small))
    }

    @Test func unknownSampleSizeNeverOutranksAKnownLargeOne() throws {
        #expect(try ranking { index in (index == 0 ? "" : ", n: 1000", "") } == ["c1", "c0"])
    }

    @Test(arguments: ReplicationStatus.allCases.filter { $0 != .failed })
    func failedReplicationNeverRanksAboveOtherStatuses(other: ReplicationStatus) throws {
        // c0 failed; c1 has the other status. c0 has the lower id, so only its score could put it first.
        let order = try ranking { index in ("", ", replication: \(index == 0 ? "failed" : other.rawValue)") }
        #expect(order == ["c1", "c0"])
    }

    @Test func directMatchNeverRanksBelowEconomyWide() throws {
        // c0 is economy-wide only, c1 is about the role: c1 must come first although c0 has the lower id.
        let order = try ranking({ _ in ("", "") }, about: ["topic:misc", "role:analyst"], economyWide: [true, false])
        #expect(order == ["c1", "c0"])
    }

    @Test func directMatchOutranksTheRolesSkill() throws {
        let order = try ranking({ _ in ("", "") }, about: ["skill:sql", "role:analyst"])
        #expect(order == ["c1", "c0"])
    }

    @Test func tiesBreakByID() throws {
        let order = try ranking { _ in ("", "") }
        #expect(order == ["c0", "c1"])
        // And the same query gives the same order every time.
        #expect(try ranking { _ in ("", "") } == order)
    }

    @Test func retractedSourcesAreLeftOutUnlessAskedFor() throws {
        let knowledgeBase = try makeKnowledgeBase(["a.yaml": Self.taxonomy, "b.yaml": """
            sources:
              - {id: gone, title: Gone, notices: [{kind: retraction, date: 2024-01-01, reason: fabricated data}]}
              - {id: back, title: Back, notices: [{kind: retraction, date: 2023-01-01}, {kind: reinstatement, date: 2023-06-01}]}
            claims:
              - {id: c-gone, statement: x, source: gone, about: [role:analyst]}
              - {id: c-back, statement: y, source: back, about: [role:analyst]}
            """])
        let engine = QueryEngine(knowledgeBase)
        guard case let .claims(plain) = try engine.run("claims for analyst").rows,
              case let .claims(asked) = try engine.run("claims for analyst where retracted").rows,
              case let .claims(all) = try engine.run("claims for analyst where retracted or not retracted").rows else {
            Issue.record("expected claims"); return
        }
        #expect(plain.map(\.claim.slug) == ["c-back"])
        #expect(asked.map(\.claim.slug) == ["c-gone"])
        #expect(asked.first?.strength == 0)
        #expect(all.map(\.claim.slug) == ["c-back", "c-gone"])
    }

    @Test func profileFacetsRewardMatchingClaims() throws {
        let knowledgeBase = try makeKnowledgeBase(["a.yaml": Self.taxonomy + "\ncohorts:\n  - {id: older-workers, aliases: [older]}\n", "b.yaml": """
            sources:
              - {id: s, title: S, studies: [{id: s-study, design: rct, n: 100}]}
            claims:
              - {id: c0, statement: x, source: s, about: [role:analyst]}
              - {id: c1, statement: y, source: s, about: [role:analyst, cohort:older-workers]}
            """])
        let profile = ProfileSpec(name: "me", role: "analyst", cohort: "older")
        let rows = try #require(try QueryEngine(knowledgeBase).run("claims for analyst", profile: profile).rows.claims)
        #expect(rows.map(\.claim.slug) == ["c1", "c0"])
        #expect(rows[0].relevance == 1.0)
        #expect(rows[1].relevance == 0.75)
        #expect(rows[0].why.contains(WhyFactor(.profileFacet("cohort older-workers"), "matched")))
    }
}

struct StrengthRubricTests {
    @Test func seedClaimsGradeAsTheREADMESays() throws {
        let grades = try Seeded.knowledgeBase.reader.read { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT slug, grade FROM claim").map { ($0["slug"] as String, $0["grade"] as String) })
        }
        #expect(grades["noy2023-writing-time"] == "moderate")
        #expect(grades["indeed2025-skills-exposed"] == "low")
        #expect(grades["wef2025-net-jobs"] == "very-low")
        #expect(grades["page-ai-amplifies-cohort-differences"] == "very-low")
    }

    @Test func storedStrengthEqualsTheRubric() throws {
        let rows = try #require(try Seeded.run("claims").rows.claims)
        for row in rows {
            let facts = EvidenceFacts(hasSource: row.source != nil, design: row.study?.design, n: row.study?.n,
                                      preregistered: row.study?.preregistered ?? .unknown, isPeerReviewed: row.source?.isPeerReviewed,
                                      replication: row.claim.replication)
            #expect(StrengthRubric.assess(facts).strength == row.strength, "\(row.claim.slug)")
        }
    }

    @Test func gradeThresholds() {
        #expect(StrengthRubric.grade(0.70) == .high)
        #expect(StrengthRubric.grade(0.6999) == .moderate)
        #expect(StrengthRubric.grade(0.50) == .moderate)
        #expect(StrengthRubric.grade(0.30) == .low)
        #expect(StrengthRubric.grade(0.2999) == .veryLow)
    }

    @Test func strengthIsClampedToZeroOne() {
        let best = StrengthRubric.assess(EvidenceFacts(design: .metaAnalysis, n: 10_000_000, preregistered: .yes, isPeerReviewed: true, replication: .replicated))
        #expect(best.strength == 1)
        let worst = StrengthRubric.assess(EvidenceFacts(design: nil, n: 1, isPeerReviewed: false, replication: .failed, hasExpressionOfConcern: true))
        #expect(worst.strength == 0)
    }
}

import GRDB
