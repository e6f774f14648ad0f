/// "Did you mean …?" — the nearest names to a misspelt word.
public enum Suggestions {
    /// Up to `limit` candidates closest to `word` by edit distance (Damerau–Levenshtein,
    /// case-insensitive), best first, within a distance that grows with the word's length.
    /// A candidate that starts with or contains the word also counts as near.
    public static func nearest(to word: String, in candidates: some Sequence<String>, limit: Int = 3) -> [String] {
        let target = Array(word.lowercased())
        guard !target.isEmpty else { return [] }
        let threshold = max(2, target.count / 3)
        // Made once: built per candidate, a 20,000-character unknown id behind `kb serve` took 21 s.
        let lowerWord = String(target)
        var scored: [(String, Int)] = []
        var seen = Set<String>()
        for candidate in candidates where seen.insert(candidate).inserted {
            let lowered = candidate.lowercased()
            var distance = editDistance(target, Array(lowered), cap: threshold + 1)
            if distance > threshold, target.count >= 3, lowered.count >= target.count, lowered.contains(lowerWord) {
                distance = threshold
            }
            if distance <= threshold { scored.append((candidate, distance)) }
        }
        scored.sort { $0.1 != $1.1 ? $0.1 < $1.1 : ($0.0.count != $1.0.count ? $0.0.count < $1.0.count : $0.0 < $1.0) }
        return scored.prefix(limit).map(\.0)
    }

    /// Optimal-string-alignment distance, giving up (returning `cap`) once it must exceed `cap`.
    static func editDistance(_ a: [Character], _ b: [Character], cap: Int) -> Int {
        if abs(a.count - b.count) >= cap { return cap }
        if a.isEmpty { return min(b.count, cap) }
        if b.isEmpty { return min(a.count, cap) }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMin = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
                rowMin = min(rowMin, value)
            }
            if rowMin >= cap { return cap }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return min(previous[b.count], cap)
    }
}
