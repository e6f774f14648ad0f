/// A set of row ids for counting distinct sources, studies and claims per group: hashed while
/// small, one bit per id once it holds many.
///
/// Over 1M claims a `Set<Int64>` per group cost a fifth of `group by cohort`'s CPU (a cache miss
/// per insert into sets of 80k ids); ids are SQLite row ids, dense from 1, so a large set is a
/// bit array as long as the largest id (125 kB for 1M claims). Ids outside the bit range stay
/// hashed, so any id works.
struct IdSet {
    private var hashed = Set<Int64>()
    private var bits: [UInt64] = []
    private var bitCount = 0
    private var spilled = false

    /// Ids hashed before the set turns to bits.
    static let threshold = 1024
    /// Ids at or above this stay hashed (the bits of one set stay under 8 MB).
    static let bitLimit: Int64 = 1 << 26

    var count: Int { hashed.count + bitCount }
    var isEmpty: Bool { count == 0 }

    /// Inserts `id`; true when it was not in the set.
    @discardableResult
    mutating func insert(_ id: Int64) -> Bool {
        if !spilled, hashed.count >= Self.threshold { spill() }
        guard spilled, id >= 0, id < Self.bitLimit else { return hashed.insert(id).inserted }
        let word = Int(id >> 6), bit = UInt64(1) << UInt64(id & 63)
        if word >= bits.count { bits.append(contentsOf: repeatElement(0, count: max(word + 1, bits.count * 2) - bits.count)) }
        if bits[word] & bit != 0 { return false }
        bits[word] |= bit
        bitCount += 1
        return true
    }

    func contains(_ id: Int64) -> Bool {
        guard spilled, id >= 0, id < Self.bitLimit else { return hashed.contains(id) }
        let word = Int(id >> 6)
        return word < bits.count && bits[word] & (UInt64(1) << UInt64(id & 63)) != 0
    }

    /// Moves the hashed ids in the bit range to bits; from now on those ids go there.
    private mutating func spill() {
        spilled = true
        let moving = hashed.filter { $0 >= 0 && $0 < Self.bitLimit }
        hashed.subtract(moving)
        for id in moving { insert(id) }
    }
}
