import Testing
@testable import KBDomain
@testable import KBServe

/// Issue 14, item 3: a claim page names a linked replicating claim, and links a source only when
/// the attempt has one (an unsourced replicating claim, kept from before such links were refused,
/// rendered an empty link to /sources/).
struct CurationReplicationPageTests {
    @Test func aReplicatingClaimWithoutASourceGetsNoEmptySourceLink() {
        var claim = Claim(slug: "target", statement: "A finding.")
        claim.replications = [ClaimReplication(sourceSlug: "", outcome: .replicated, claimSlug: "unsourced-claim"),
                              ClaimReplication(sourceSlug: "other-work", outcome: .failed, claimSlug: "sourced-claim")]
        let page = RecordPages.claim(claim, source: nil, study: nil, strength: 0.5, grade: .low, replicatedBy: [:]).rendered
        #expect(!page.contains("href=\"/sources/\""), "\(page)")
        #expect(page.contains("<li><a href=\"/claims/unsourced-claim\">claim unsourced-claim</a>: replicated</li>"), "\(page)")
        #expect(page.contains("<a href=\"/claims/sourced-claim\">claim sourced-claim</a> of <a href=\"/sources/other-work\">other-work</a>: failed"), "\(page)")
    }
}
