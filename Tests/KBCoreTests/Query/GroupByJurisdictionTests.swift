import Testing
@testable import KBQuery
@testable import KBStore

/// ``JurisdictionResolver``: a claim's jurisdictions from its jurisdiction and boundary links and
/// its study's country (folded as `jurisdiction=X` folds it), each once and sorted.
struct GroupByJurisdictionTests {
    /// Jurisdictions 1 (`us`) and 2 (`uk`); boundary 10 is in 1, boundary 11 in both.
    static var resolver: JurisdictionResolver {
        JurisdictionResolver(byNode: [1: [1], 2: [2], 10: [1], 11: [1, 2]], byKey: ["us": [1], "united-states": [1], "uk": [2]])
    }

    @Test func eachSourceOfAJurisdictionCountsAndEachJurisdictionOnce() {
        var resolver = Self.resolver
        // Claims 1…6: jurisdiction links (kind 1) and boundary links (kind 2).
        let jurisdictions = ClaimLinks(claims: [1, 3, 4, 6], nodes: [1, 2, 1, 2])
        let boundaries = ClaimLinks(claims: [2, 3, 4, 4, 5], nodes: [10, 10, 10, 11, 11])
        let links = [jurisdictions, boundaries]
        #expect(Array(resolver.jurisdictions(of: 1, links: links, country: nil)) == [1])
        #expect(Array(resolver.jurisdictions(of: 2, links: links, country: nil)) == [1], "a boundary's jurisdiction")
        #expect(Array(resolver.jurisdictions(of: 3, links: links, country: nil)) == [1, 2], "sorted")
        #expect(Array(resolver.jurisdictions(of: 4, links: links, country: "United States")) == [1, 2], "each once")
        #expect(Array(resolver.jurisdictions(of: 5, links: links, country: "UK")) == [1, 2])
        #expect(Array(resolver.jurisdictions(of: 6, links: links, country: "US")) == [1, 2], "the country folded")
        #expect(Array(resolver.jurisdictions(of: 7, links: links, country: "France")).isEmpty, "no jurisdiction: the (none) group")
        #expect(Array(resolver.jurisdictions(of: 7, links: links, country: nil)).isEmpty)
    }
}
