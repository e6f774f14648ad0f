import Foundation
import Testing
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery

/// Factor kinds and `kb stats` keys are typed; the strings output shows stay what they were.
struct TypedOutputKeysTests {
    static let kinds: [WhyFactor.Kind] = [.source, .design, .n, .preregistered, .peerReviewed, .replication, .notice, .path,
                                         .profileFacet("cohort older-workers"), .relevance, .strength, .textMatch, .score]

    @Test func factorLabelsAreTheOutputStrings() throws {
        #expect(Self.kinds.map(\.label) == ["source", "design", "n", "preregistered", "peer-reviewed", "replication", "notice", "path",
                                          "profile cohort older-workers", "relevance", "strength", "text match", "score"])
        #expect(Self.kinds.map { WhyFactor.Kind(label: $0.label) } == Self.kinds)
        #expect(WhyFactor.Kind(label: "profile ") == nil)
        #expect(WhyFactor.Kind(label: "Path") == nil)
    }

    @Test func factorsCodeAsOutputShowsThem() throws {
        let factor = WhyFactor(.textMatch, "bm25", effect: 0.75)
        let json = String(decoding: try JSONEncoder().encode(factor), as: UTF8.self)
        #expect(json.contains("\"factor\":\"text match\""))
        #expect(try JSONDecoder().decode(WhyFactor.self, from: Data(json.utf8)) == factor)
        #expect(ResultJSON.why(factor) == .object(["factor": .string("text match"), "value": .string("bm25"), "effect": .number(0.75)]))
    }

    /// The table's `why` column picks the path, matched facets and a ranking text match by kind.
    @Test func whySummaryReadsKinds() throws {
        let rows = try #require(try Seeded.engine.run("claims for ml-platform-engineer where \"writing\" limit 1").rows.claims)
        var row = try #require(rows.first)
        row.why = [WhyFactor(.path, "direct: role r", effect: 1), WhyFactor(.profileFacet("cohort c"), "matched"),
                   WhyFactor(.profileFacet("band b"), "not matched"), WhyFactor(.textMatch, "bm25", effect: 0.9),
                   WhyFactor(.relevance, "path: should not show", effect: 1)]
        #expect(ResultRenderer.whySummary(row) == "direct: role r; cohort c matched; text match 0.900")
    }

    @Test func statisticsKeysAreTheirOwn() throws {
        let statistics = try Catalog(Seeded.knowledgeBase).statistics()
        #expect(statistics.map(\.key) == ["database", "schema_version", "roles", "skills", "cohorts", "boundaries", "bands", "topics", "jurisdictions", "occupation-groups",
                                         "aliases", "taxonomy_edges", "sources", "retracted_sources", "studies", "claims", "retracted_claims", "unsourced_claims",
                                         "economy-wide_claims", "claim_relations", "notices", "page_notes", "profiles", "imports",
                                         "high_claims", "moderate_claims", "low_claims", "very-low_claims"])
        // Keys were once derived from labels; they still read the same.
        for statistic in statistics {
            #expect(statistic.key == statistic.label.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "_"))
        }
        #expect(statistics.count("claims") > 0)
        #expect(statistics.count("no such line") == 0)
        let rendered = LabelledLines(statistics).json
        guard case let .object(fields) = rendered else {
            Issue.record("expected an object")
            return
        }
        #expect(fields["claims"] == .number(Double(statistics.count("claims"))))
        #expect(fields["database"] == .string(Seeded.knowledgeBase.path))
    }
}
