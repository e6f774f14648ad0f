import Testing
@testable import KBDomain
@testable import KBFormats

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
}
