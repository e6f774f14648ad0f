/// A blocked Bloom filter over 128-bit digests (``Fingerprint``): whether a key may be in a run
/// of ``DigestRuns``, so that a key that is not (a new claim id, a work met for the first time:
/// most look-ups) costs one cache line, not a read of the file. Each key sets 6 bits in one
/// 512-bit block chosen by its digest (already uniform); 10 bits per key give about 1% false
/// positives.
struct DigestBloom {
    private var words: [UInt64]
    private let blocks: UInt64

    init(capacity: Int) {
        let count = max(1, (capacity * 10 + 511) / 512)
        blocks = UInt64(count)
        words = [UInt64](repeating: 0, count: count * 8)
    }

    mutating func insert(_ key: Fingerprint) {
        let (one, two) = key.words
        let base = Int(one % blocks) * 8
        var h = two
        for _ in 0..<6 {
            words[base + Int((h >> 6) & 7)] |= 1 << (h & 63)
            h = (h >> 9) | (h << 55)
        }
    }

    func mayContain(_ key: Fingerprint) -> Bool {
        let (one, two) = key.words
        let base = Int(one % blocks) * 8
        var h = two
        for _ in 0..<6 {
            if words[base + Int((h >> 6) & 7)] & (1 << (h & 63)) == 0 { return false }
            h = (h >> 9) | (h << 55)
        }
        return true
    }
}
