/// A set of row ids for counting distinct sources, studies and claims per group: hashed while
/// sparse, one bit per id over the ids' range once that costs less.
///
/// Over 1M claims a `Set<Int64>` per group cost a fifth of `group by cohort`'s CPU (a cache miss
/// per insert into sets of 80k ids); ids are SQLite row ids, so a group's ids are often dense and
/// a bit array over their range is far smaller and faster. Which layout a set takes depends on
/// its density, not its size: bits only while the range they cover costs no more than the ids
/// would hashed (``hashedBytes`` each), so a set of a few ids spread over 10M ids stays hashed and
/// a dense one turns to bits early — a set's memory stays within about
/// min(count × ``hashedBytes``, range / 8) bytes. Ids the bits cannot reach without breaking that
/// bound stay hashed, so any id works.
struct IdSet {
    private var hashed = Set<Int64>()
    private var bits: [UInt64] = []
    /// The id of bit 0 of `bits` (a multiple of 64).
    private var base: Int64 = 0
    private var bitCount = 0
    /// The smallest and largest hashed id, while the set is only hashed.
    private var low = Int64.max
    private var high = Int64.min

    /// Bytes a hashed id costs (8 for the id, the rest the table's slack and metadata).
    static let hashedBytes = 16
    /// Below this many ids a set stays hashed whatever its density (a bit array is not worth it).
    static let smallest = 64

    var count: Int { hashed.count + bitCount }
    var isEmpty: Bool { count == 0 }
    /// The words of the bit layout (0 while hashed): for tests of the memory bound.
    var bitWords: Int { bits.count }

    /// Inserts `id`; true when it was not in the set.
    @discardableResult
    mutating func insert(_ id: Int64) -> Bool {
        if bits.isEmpty {
            guard hashed.insert(id).inserted else { return false }
            (low, high) = (Swift.min(low, id), Swift.max(high, id))
            if hashed.count >= Self.smallest, Self.affordable(from: low, to: high, count: hashed.count) { toBits() }
            return true
        }
        guard covers(id) || grow(toReach: id) else { return hashed.insert(id).inserted }
        return setBit(id)
    }

    func contains(_ id: Int64) -> Bool {
        guard covers(id) else { return hashed.contains(id) }
        let offset = id - base
        return bits[Int(offset >> 6)] & (UInt64(1) << UInt64(offset & 63)) != 0
    }

    /// Calls `body` with each id, in no particular order.
    func forEach(_ body: (Int64) -> Void) {
        hashed.forEach(body)
        for (index, word) in bits.enumerated() where word != 0 {
            var rest = word
            while rest != 0 {
                body(base + Int64(index) * 64 + Int64(rest.trailingZeroBitCount))
                rest &= rest - 1
            }
        }
    }

    /// Adds every id of `other`.
    mutating func formUnion(_ other: IdSet) {
        other.forEach { insert($0) }
    }

    /// Whether bits over `low…high` cost no more than `count` hashed ids.
    private static func affordable(from low: Int64, to high: Int64, count: Int) -> Bool {
        let (range, overflow) = high.subtractingReportingOverflow(low)
        guard !overflow, range >= 0 else { return false }
        return (range / 64 + 2) * 8 <= Int64(count) * Int64(hashedBytes)
    }

    private func covers(_ id: Int64) -> Bool {
        let (offset, overflow) = id.subtractingReportingOverflow(base)
        return !bits.isEmpty && !overflow && offset >= 0 && offset >> 6 < Int64(bits.count)
    }

    /// Moves every hashed id to bits over their range.
    private mutating func toBits() {
        base = low & ~63
        bits = Array(repeating: 0, count: Int((high - base) >> 6) + 1)
        let moving = hashed
        hashed = []
        for id in moving { setBit(id) }
    }

    /// Extends the bits to `id` when the wider range is still affordable (with slack, so that
    /// ids arriving in order extend it now and then, not every 64 ids).
    private mutating func grow(toReach id: Int64) -> Bool {
        let (end, overflow) = base.addingReportingOverflow(Int64(bits.count) * 64)
        let top = overflow ? Int64.max : end - 1
        let (low, high) = (Swift.min(base, id & ~63), Swift.max(top, id))
        guard Self.affordable(from: low, to: high, count: count + 1) else { return false }
        if id > top {
            let needed = Int((id - base) >> 6) + 1
            let slack = Swift.min(needed * 2, Self.affordableWords(count: count + 1, from: base))
            bits.append(contentsOf: repeatElement(0, count: Swift.max(needed, slack) - bits.count))
        } else {
            let words = Int((base - low) >> 6)
            bits.insert(contentsOf: repeatElement(0, count: words), at: 0)
            base = low
        }
        moveCoveredHashedIds()
        return true
    }

    /// The most words bits starting at `from` may have for `count` ids.
    private static func affordableWords(count: Int, from: Int64) -> Int {
        Swift.max(1, count * hashedBytes / 8 - 2)
    }

    /// Hashed ids the grown bits now cover move there, so that each id lives in one place.
    private mutating func moveCoveredHashedIds() {
        guard !hashed.isEmpty else { return }
        let covered = hashed.filter(covers)
        hashed.subtract(covered)
        for id in covered { setBit(id) }
    }

    @discardableResult
    private mutating func setBit(_ id: Int64) -> Bool {
        let offset = id - base
        let word = Int(offset >> 6), bit = UInt64(1) << UInt64(offset & 63)
        if bits[word] & bit != 0 { return false }
        bits[word] |= bit
        bitCount += 1
        return true
    }
}
