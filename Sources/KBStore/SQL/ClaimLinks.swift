/// A kind's claim → node links held in memory: for each claim, the ids of the kind's nodes it
/// is about (`claimAbout`), in two flat arrays.
///
/// `group by`, `kb map` and the results page's facets over (nearly) every claim read each kind's
/// links once, in one pass over `claimAbout`'s key (1M links in a few hundredths of a second),
/// and join them with the claim rows here: a join in SQL seeks `claimAboutByClaim` once per
/// claim and tests each link against the kind's node list (70 % of `kb map cohort boundary`).
/// Claim ids are SQLite row ids, dense from 1, so the links are laid out by claim id (an offset
/// per id, 4 bytes); ids far sparser than the links fall back to a dictionary.
package struct ClaimLinks: Sendable {
    /// `nodes[starts[id] ..< starts[id + 1]]` are claim `id`'s nodes (dense layout).
    private let starts: [Int32]
    private let nodes: [Int64]
    /// The links by claim when the ids are too sparse for the dense layout.
    private let sparse: [Int64: [Int64]]

    /// The links given as pairs, `claims[i]` about `nodes[i]`, in any order.
    package init(claims: [Int64], nodes: [Int64]) {
        precondition(claims.count == nodes.count, "one node per claim in a link")
        let largest = claims.max() ?? -1
        let smallest = claims.min() ?? 0
        // Dense when the offsets cost no more than a few per link (and fit in Int32).
        guard smallest >= 0, largest < Int64(max(4 * claims.count, 1 << 16)), claims.count < Int(Int32.max) else {
            var byClaim: [Int64: [Int64]] = [:]
            for (claim, node) in zip(claims, nodes) { byClaim[claim, default: []].append(node) }
            (starts, self.nodes, sparse) = ([], [], byClaim)
            return
        }
        var starts = [Int32](repeating: 0, count: Int(largest) + 2)
        for claim in claims { starts[Int(claim) + 1] += 1 }
        for index in 1..<starts.count { starts[index] += starts[index - 1] }
        var next = starts
        var laid = [Int64](repeating: 0, count: nodes.count)
        for (claim, node) in zip(claims, nodes) {
            laid[Int(next[Int(claim)])] = node
            next[Int(claim)] += 1
        }
        (self.starts, self.nodes, sparse) = (starts, laid, [:])
    }

    /// Claim `id`'s nodes (empty when it is about none of the kind's).
    package func nodes(of id: Int64) -> ArraySlice<Int64> {
        guard starts.isEmpty else {
            guard id >= 0, id + 1 < Int64(starts.count) else { return [] }
            return nodes[Int(starts[Int(id)])..<Int(starts[Int(id) + 1])]
        }
        return sparse[id].map { $0[...] } ?? []
    }

    /// Links in all.
    package var count: Int { starts.isEmpty ? sparse.values.reduce(0) { $0 + $1.count } : nodes.count }
}
