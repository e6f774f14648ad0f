/// What a row said about a source or study (``CSVMapper/fingerprint(_:_:)``: the cells of every
/// column its spec reads), kept as 128 bits instead of the text: the mapper keeps one for each
/// source and study of the file, to tell whether a later row says anything new, and at ten
/// million claims the texts alone would be gigabytes (issue 18). Two texts are told apart unless
/// two 64-bit SipHash digests of them, differently keyed, both collide. The same digest stands
/// for keys kept per work (the mapper's source and study keys, the reconciler's title and
/// file-and-key indexes), where a text would be a heap string each.
struct Fingerprint: Hashable, Sendable {
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
}
