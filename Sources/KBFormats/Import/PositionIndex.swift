/// Positions by key, for the reconciler's title, URL and key indexes: most keys name one work,
/// so the first position is kept in place and only a key's further positions in an array (an
/// array per key was about 48 bytes of heap for each of a million works; issue 18).
struct PositionIndex<Key: Hashable> {
    private var first: [Key: Int] = [:]
    private var more: [Key: [Int]] = [:]

    /// The positions listed under `key`, in the order they were listed.
    subscript(key: Key) -> [Int] {
        guard let position = first[key] else { return [] }
        guard let others = more[key] else { return [position] }
        return [position] + others
    }

    /// Lists `position` under `key`, once.
    mutating func insert(_ position: Int, for key: Key) {
        guard let known = first[key] else {
            first[key] = position
            return
        }
        guard known != position, !(more[key]?.contains(position) ?? false) else { return }
        more[key, default: []].append(position)
    }
}
