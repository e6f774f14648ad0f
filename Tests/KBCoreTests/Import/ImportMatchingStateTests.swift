import GRDB
import Testing
@testable import KBDomain
@testable import KBFormats
@testable import KBStore

/// The compact matching state of a streamed import (issue 18, BENCHMARKS.md "Fifth round"): the
/// reconciler's works as slots that keep only a stub once released, and its indexes with one
/// position in place. The streamed equivalence tests check them in use; these pin what each
/// gives back.
struct ImportMatchingStateTests {
    @Test func positionIndexKeepsOrderAndListsAPositionOnce() {
        var index = PositionIndex<String>()
        #expect(index["a"] == [])
        index.insert(4, for: "a")
        index.insert(1, for: "a")
        index.insert(4, for: "a")
        index.insert(7, for: "a")
        index.insert(1, for: "a")
        index.insert(2, for: "b")
        #expect(index["a"] == [4, 1, 7])
        #expect(index["b"] == [2])
        #expect(index["c"] == [])
    }

    @Test func fingerprintKeysTellTextsApart() {
        var index = PositionIndex<Fingerprint>()
        index.insert(0, for: Fingerprint("a title|2020"))
        index.insert(1, for: Fingerprint("a title|2021"))
        #expect(index[Fingerprint("a title|2020")] == [0])
        #expect(index[Fingerprint("a title|2021")] == [1])
        #expect(index[Fingerprint("a title|")] == [])
    }

    @Test func releasedSlotKeepsWhatNamesTheWork() {
        var whole = Source(slug: "smith2020work", type: "report", title: "A work", doi: "10.1/x",
                           contributors: [Contributor(family: "Smith", given: "Ana")], origin: Origin(file: "a.csv", line: 3))
        whole.id = 12
        var other = Source(slug: "jones2021other", title: "Another", origin: Origin(file: "a.csv", line: 5))
        other.volume = "4"
        var slots = SourceSlots()
        slots.append(whole)
        slots.append(other)
        slots.release(0)
        slots.release(0)
        #expect(slots.count == 2)
        var stub = Source(slug: "smith2020work", type: "report", origin: Origin(file: "a.csv", line: 3))
        stub.id = 12
        #expect(slots[0] == stub)
        #expect(slots.slug(at: 0) == "smith2020work")
        #expect(slots[1] == other)
        #expect(slots.records(from: 1) == [other])
        // A record merged again is whole again.
        slots[0] = whole
        #expect(slots.records(from: 0) == [whole, other])
    }

    /// Works handed over go to the ledger on disk (issue 18): each gives back its stub and keys;
    /// one brought back whole is whole until let go of again, then its new stub is kept; one
    /// never let go of stays whole.
    @Test func settledWorksKeepTheirStubsAndKeys() throws {
        var first = Source(slug: "smith2020work", type: "report", title: "A work", issued: PartialDate(year: 2020), doi: "10.5555/x",
                           contributors: [Contributor(family: "Smith", given: "Ana")], origin: Origin(file: "a.csv", line: 3))
        first.id = 12
        let second = Source(slug: "jones2021other", title: "Another", origin: Origin(file: "b dir/b.csv", line: 5))
        let third = Source(slug: "kept", title: "Kept whole")
        var slots = WorkSlots()
        for source in [first, second, third] { slots.append(source, identity: IdentityKeys(source)) }
        try slots.release(0)
        try slots.release(1)
        try slots.settle(below: 3)
        #expect(slots.settled == 3 && slots.count == 3)
        var stub = Source(slug: "smith2020work", type: "report", origin: Origin(file: "a.csv", line: 3))
        stub.id = 12
        #expect(try slots.source(at: 0) == stub)
        #expect(try slots.source(at: 1) == Source(slug: "jones2021other", origin: Origin(file: "b dir/b.csv", line: 5)))
        #expect(try slots.identity(at: 0) == IdentityKeys(first))
        #expect(try slots.identity(at: 1) == IdentityKeys(second))
        #expect(slots.isReleased(0) && !slots.isReleased(2))
        #expect(try slots.source(at: 2) == third)
        // Brought back whole, with new keys, then let go of again.
        var merged = first
        merged.url = "https://example.org/x"
        try slots.setWhole(merged, at: 0)
        slots.setIdentity(IdentityKeys(merged), at: 0)
        #expect(!slots.isReleased(0))
        #expect(try slots.source(at: 0) == merged)
        try slots.release(0)
        #expect(slots.isReleased(0))
        #expect(try slots.identity(at: 0) == IdentityKeys(merged))
        #expect(try slots.slug(at: 0) == "smith2020work")
        // A later batch appends after the settled ones.
        slots.append(Source(slug: "later"), identity: IdentityKeys(Source(slug: "later")))
        #expect(try slots.slug(at: 3) == "later")
        #expect(try slots.records(from: 3).map(\.slug) == ["later"])
        #expect(try slots.records(from: 0).map(\.slug) == ["smith2020work", "jones2021other", "kept", "later"])
    }

    /// The reconciler's indexes across batches (issue 18): a key's positions in the order first
    /// listed, each once, however many batches listed them.
    @Test(arguments: [1, 1 << 16])
    func spilledPositionsListAsOneIndexWould(spillFrom: Int) throws {
        var index = SpilledPositions()
        var model = PositionIndex<Fingerprint>()
        let keys = (0..<5).map { Fingerprint("key \($0)") }
        var position = 0
        for batch in 0..<6 {
            for step in 0..<7 {
                let key = keys[(batch * 7 + step) % 5]
                // Now and then an earlier position again (a work merged and indexed anew).
                let listed = step == 3 ? max(0, position - 9) : position
                index.insert(listed, for: key)
                model.insert(listed, for: key)
                position += 1
            }
            try index.spill(spillFrom: spillFrom)
            for key in keys { #expect(try index.positions(key) == model[key]) }
        }
        #expect(try index.positions(Fingerprint("none")) == [])
        #expect(try index.first(keys[2]) == model[keys[2]].first)
    }

    /// Earlier batches' claim ids (sixth round): every id added is found with its line, however
    /// the runs were merged; an id never added is not.
    @Test func claimDigestsFindEveryEarlierIdWithItsLine() throws {
        var digests = ClaimDigests()
        #expect(try digests.line(of: "c1") == nil)
        var line = 2
        var expected: [String: Int] = [:]
        // Batches of uneven sizes, so that runs are merged at several depths.
        for size in [5, 1, 3, 8, 2, 2, 13, 1, 40, 7] {
            var batch: [String: Int] = [:]
            for _ in 0..<size {
                batch["c\(line * 7 % 1000)-\(line)"] = line
                line += 1
            }
            try digests.add(batch)
            expected.merge(batch) { first, _ in first }
            for (slug, at) in expected { #expect(try digests.line(of: slug) == at, "\(slug)") }
        }
        try digests.add([:])
        #expect(digests.count == expected.count)
        #expect(try digests.line(of: "c14-2x") == nil)
        #expect(try digests.line(of: "") == nil)
        #expect(try digests.line(of: "C14-2") == nil)
    }

    /// The identity keys keep digests (sixth round): they compare as the texts did.
    @Test func identityKeysCompareAsTheirTexts() {
        let smith = [Contributor(family: "Smith", given: "Ana")]
        let base = Source(slug: "a", title: "The Work", issued: PartialDate(year: 2020), doi: "10.1/x", contributors: smith)
        var refolded = base
        refolded.title = "THE WORK"
        #expect(TitleKey.make("THE WORK") == TitleKey.make("The Work"))
        #expect(IdentityKeys(base) == IdentityKeys(refolded))
        #expect(IdentityKeys(base).title == Fingerprint(TitleKey.make("The Work")))
        #expect(IdentityKeys(base, title: nil).title == nil)
        var otherDOI = base
        otherDOI.doi = "10.1/y"
        #expect(IdentityKeys(base).disagreement(with: IdentityKeys(otherDOI)) == "different DOIs")
        var otherTitle = base
        otherTitle.title = "Another work"
        otherTitle.doi = nil
        #expect(IdentityKeys(base).disagreement(with: IdentityKeys(otherTitle)) == "different titles")
        var otherAuthor = base
        otherAuthor.doi = nil
        otherAuthor.contributors = [Contributor(family: "Jones", given: "Ana")]
        #expect(IdentityKeys(base).disagreement(with: IdentityKeys(otherAuthor)) == "different first authors")
        #expect(!IdentityKeys(base).sameByTitle(IdentityKeys(otherAuthor)))
        var sameByTitle = base
        sameByTitle.doi = nil
        #expect(IdentityKeys(base).sameByTitle(IdentityKeys(sameByTitle)))
        var url = base
        url.url = "https://www.osf.io/abc/"
        var otherSpelling = base
        otherSpelling.url = "http://osf.io/abc"
        #expect(IdentityKeys(url) == IdentityKeys(otherSpelling))
        otherSpelling.url = "http://osf.io/abd"
        otherSpelling.doi = nil
        #expect(IdentityKeys(url).disagreement(with: IdentityKeys(otherSpelling)) == "different URLs")
    }

    /// A stored work's cheap columns rule a candidate out as the texts did (sixth round: the
    /// record's side is digests).
    @Test func storedKeysDisagreeAsTheTextsDo() {
        let stored = StoredKeys(row: Row(["slug": "w", "doi": "10.1/x", "url": "https://osf.io/abc/", "titleKey": TitleKey.make("The Work"), "issuedYear": 2020]))
        let smith = [Contributor(family: "Smith", given: "Ana")]
        let same = Source(slug: "a", title: "The work", issued: PartialDate(year: 2020), doi: "10.1/x", url: "http://www.osf.io/abc", contributors: smith)
        #expect(!stored.disagrees(with: IdentityKeys(same)))
        var other = same
        other.doi = "10.1/y"
        #expect(stored.disagrees(with: IdentityKeys(other)))
        other = same
        other.doi = nil
        other.url = "https://osf.io/abd"
        #expect(stored.disagrees(with: IdentityKeys(other)))
        other = same
        other.title = "Another"
        #expect(stored.disagrees(with: IdentityKeys(other)))
        other = same
        other.issued = PartialDate(year: 2021)
        #expect(stored.disagrees(with: IdentityKeys(other)))
        // The same DOI outweighs another address.
        other = same
        other.url = "https://osf.io/abd"
        #expect(!stored.disagrees(with: IdentityKeys(other)))
    }
}
