import Testing
@testable import KBQuery

/// ``IdSet`` counts what a `Set<Int64>` counts whichever layout its density gives it — bits over a
/// dense range, hashed when sparse, both with outliers — and its memory stays within the bound:
/// bits never cost more than the ids would hashed.
struct GroupByIdSetTests {
    /// Inserts `ids` into an ``IdSet`` and a `Set<Int64>`, checking each answer; returns both.
    static func filled(_ ids: [Int64]) -> (IdSet, Set<Int64>) {
        var set = IdSet(), reference = Set<Int64>()
        for id in ids {
            #expect(set.insert(id) == reference.insert(id).inserted, "insert \(id)")
        }
        return (set, reference)
    }

    static func expectSame(_ set: IdSet, _ reference: Set<Int64>, probes: [Int64]) {
        #expect(set.count == reference.count)
        #expect(set.isEmpty == reference.isEmpty)
        for id in reference.union(probes) { #expect(set.contains(id) == reference.contains(id), "contains \(id)") }
        var listed: [Int64] = []
        set.forEach { listed.append($0) }
        #expect(listed.count == reference.count && Set(listed) == reference, "forEach lists each id once")
    }

    /// The memory bound: the bits cost at most what the ids would hashed.
    static func expectBounded(_ set: IdSet) {
        #expect(set.bitWords * 8 <= max(set.count, IdSet.smallest) * IdSet.hashedBytes, "\(set.bitWords) words for \(set.count) ids")
    }

    @Test func aDenseSetTurnsToBitsAndCountsAsASetDoes() {
        var random = SeededRandom(seed: 7)
        let ids = (0..<20_000).map { _ in Int64(random.next() % 30_000) + 1 }
        let (set, reference) = Self.filled(ids)
        #expect(set.bitWords > 0, "dense ids are bits")
        Self.expectBounded(set)
        Self.expectSame(set, reference, probes: [0, -1, 30_001, 1 << 40])
    }

    /// A few ids spread over ten million (or the whole Int64 range) stay hashed: bits over their
    /// range would take megabytes for a few kilobytes of ids.
    @Test(arguments: [Int64(10_000_000), Int64.max])
    func aSparseSetStaysHashed(spread: Int64) {
        var random = SeededRandom(seed: 3)
        var ids = (0..<5_000).map { _ in Int64(truncatingIfNeeded: random.next()) % spread }
        ids += [.min, .max, 0, -1]
        let (set, reference) = Self.filled(ids)
        #expect(set.bitWords == 0, "sparse ids stay hashed")
        Self.expectSame(set, reference, probes: [1, 2, spread - 1])
    }

    /// Dense ids, then far outliers (hashed beside the bits), then ids below the bits' start
    /// (they grow to the left while that stays affordable), then ids filling the gap to an
    /// outlier: same answers throughout, the bound kept.
    @Test func outliersAndGrowthInBothDirectionsKeepTheAnswers() {
        var ids = Array(Int64(100_000)..<Int64(102_000))
        ids += [Int64(50_000_000), -7, .max, .min]
        ids += Array(Int64(99_000)..<Int64(100_000)).reversed()
        ids += Array(Int64(102_000)..<Int64(110_000))
        ids += Array(Int64(100_000)..<Int64(100_100))
        let (set, reference) = Self.filled(ids)
        #expect(set.bitWords > 0)
        Self.expectBounded(set)
        Self.expectSame(set, reference, probes: [98_999, 110_000, 49_999_999, 50_000_001])
    }

    /// The same ids give the same answers in either layout, and a union (a map's lines with one
    /// label, merged) is the union of the ids.
    @Test func bothLayoutsAndTheirUnionAgree() {
        let dense = Array(Int64(1)...Int64(5_000))
        let sparse = stride(from: Int64(1), through: 5_000 * 1_000_000, by: 1_000_000).map { $0 }
        let (bits, bitsReference) = Self.filled(dense)
        let (hashed, hashedReference) = Self.filled(sparse)
        #expect(bits.bitWords > 0 && hashed.bitWords == 0)
        var union = bits
        union.formUnion(hashed)
        Self.expectSame(union, bitsReference.union(hashedReference), probes: [0, 5_001, 2_000_000])
        Self.expectBounded(union)
    }
}
