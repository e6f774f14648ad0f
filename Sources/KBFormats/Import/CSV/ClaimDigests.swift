/// The claim ids earlier batches of a streamed CSV import made, each as its 128-bit
/// ``Fingerprint`` with the line it was made on: what a streamed import keeps per claim to refuse
/// a claim id made twice, with the first line, as a whole import does (issue 18, sixth round).
///
/// Why not a dictionary of the ids: at a million claims the ids with their lines were a
/// dictionary of 24-byte entries at up to 75% load (2^21 of them, 50 MB, and twice that while it
/// grew), and an id longer than 15 bytes was a heap string besides. Here each claim takes 20
/// bytes (a digest and a 32-bit line) in sorted runs, one per batch, merged when a run is as long
/// as the one before it (as a binary counter carries), so that about log2(batches) runs are
/// searched for each claim and a merge never copies more than the runs it joins.
struct ClaimDigests {
    private struct Run {
        var keys: [Fingerprint]
        var lines: [Int32]

        func line(of key: Fingerprint) -> Int? {
            var low = 0
            var high = keys.count
            while low < high {
                let middle = (low + high) / 2
                if keys[middle] < key { low = middle + 1 } else { high = middle }
            }
            return low < keys.count && keys[low] == key ? Int(lines[low]) : nil
        }

        static func merged(_ a: Run, _ b: Run) -> Run {
            var run = Run(keys: [], lines: [])
            run.keys.reserveCapacity(a.keys.count + b.keys.count)
            run.lines.reserveCapacity(a.keys.count + b.keys.count)
            var (i, j) = (0, 0)
            while i < a.keys.count || j < b.keys.count {
                if j == b.keys.count || (i < a.keys.count && a.keys[i] < b.keys[j]) {
                    run.keys.append(a.keys[i])
                    run.lines.append(a.lines[i])
                    i += 1
                } else {
                    run.keys.append(b.keys[j])
                    run.lines.append(b.lines[j])
                    j += 1
                }
            }
            return run
        }
    }

    private var runs: [Run] = []

    /// How many claim ids are kept.
    var count: Int { runs.reduce(0) { $0 + $1.keys.count } }

    /// Adds one batch's claim ids with their lines.
    mutating func add(_ claimLines: [String: Int]) {
        guard !claimLines.isEmpty else { return }
        let sorted = claimLines.map { (key: Fingerprint($0.key), line: Int32(clamping: $0.value)) }.sorted { $0.key < $1.key }
        var run = Run(keys: sorted.map(\.key), lines: sorted.map(\.line))
        while let last = runs.last, last.keys.count <= run.keys.count {
            runs.removeLast()
            run = Run.merged(last, run)
        }
        runs.append(run)
    }

    /// The line an earlier batch made `slug` on.
    func line(of slug: String) -> Int? {
        guard !runs.isEmpty else { return nil }
        let key = Fingerprint(slug)
        for run in runs.reversed() {
            if let line = run.line(of: key) { return line }
        }
        return nil
    }
}
