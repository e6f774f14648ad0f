/// What a row said about a source or study (``CSVMapper/fingerprint(_:_:)``: the cells of every
/// column its spec reads), kept as 128 bits instead of the text: the mapper keeps one for each
/// source and study of the file, to tell whether a later row says anything new, and at ten
/// million claims the texts alone would be gigabytes (issue 18). Two texts are told apart unless
/// two 64-bit SipHash digests of them, differently keyed, both collide. The same digest stands
/// for keys kept per work (the mapper's source and study keys, the reconciler's title and
/// file-and-key indexes), where a text would be a heap string each.
struct Fingerprint: Hashable, Comparable, Sendable {
    private let first: Int
    private let second: Int

    init(_ text: String) {
        var one = Hasher()
        one.combine(text)
        var two = Hasher()
        two.combine(0x9E37_79B9_7F4A_7C15 as UInt64)
        two.combine(text)
        first = one.finalize()
        second = two.finalize()
    }

    /// Stands for no text where a digest is kept without an optional (``IdentityKeys``): a text's
    /// digest is this one with odds of 2^-128.
    static let absent = Fingerprint(first: 0, second: 0)

    private init(first: Int, second: Int) {
        self.first = first
        self.second = second
    }

    /// The digest's 128 bits, as kept on disk (``DigestRuns``).
    var words: (UInt64, UInt64) { (UInt64(bitPattern: Int64(first)), UInt64(bitPattern: Int64(second))) }

    init(words: (UInt64, UInt64)) {
        first = Int(Int64(bitPattern: words.0))
        second = Int(Int64(bitPattern: words.1))
    }

    /// A digest standing for a number (a line, a position), where ``DigestRuns`` keeps a value.
    init(number: Int) {
        first = number
        second = 0
    }

    /// The number a digest made by ``init(number:)`` stands for.
    var number: Int { first }

    /// An order with no meaning but a fixed one, for sorted runs of digests (``ClaimDigests``).
    static func < (a: Fingerprint, b: Fingerprint) -> Bool {
        a.first != b.first ? a.first < b.first : a.second < b.second
    }
}
