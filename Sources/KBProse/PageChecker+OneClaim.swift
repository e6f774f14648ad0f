import KBDomain

/// Numbers a page ties together are held to one claim (DESIGN §12; trial 5, item 2). Each
/// number is first matched on its own, so a clause that mixes two comparisons of one work
/// ("a callback ratio of 0.881 with 547 callbacks from 2720 applications", where 0.881 is one
/// comparison's ratio and 547 the other's count) would have every number `supported`, each by
/// another claim. The page ties numbers together when it writes a count with its base ("20
/// callbacks from 200", "28 of 281"), a value "with" a count, or the arms of one comparison
/// in one sentence (claims of the work whose statements name the same groups).
extension PageChecker {
    /// One run of tied numbers: the findings' indices.
    typealias Tied = [Int]

    /// Holds each run of tied numbers (see the extension's note) to one claim: when a claim of
    /// the work states them all, every number is credited to it; else, unless `creditOnly`,
    /// the numbers the claim that states most of them does not state are a mismatch (that
    /// claim named), or — when two claims state as many — `unsupported`, as the KB cannot tell
    /// which comparison the page means.
    mutating func heldToOneClaim(_ findings: [CheckFinding], sentences: [(text: String, range: ClosedRange<Int>)], line: String,
                                 creditOnly: Bool) -> [CheckFinding] {
        var out = findings
        for sentence in sentences {
            let members = out.indices.filter { index in
                out[index].subject == .number && out[index].verdict == .supported && out[index].number != nil
                    && out[index].source != nil && out[index].claim.flatMap { claimBySlug[$0] } != nil
                    && sentence.range.contains(out[index].column)
            }.sorted { out[$0].column < out[$1].column }
            guard members.count >= 2 else { continue }
            for (run, worded) in tiedRuns(members, sentence: sentence, out) {
                hold(run, line: line, creditOnly: creditOnly, worded: worded, &out)
            }
        }
        return out
    }

    /// The runs of tied numbers among `members` (one work's, in page order): joined when
    /// adjacent as a count and its base or a value "with" a count, or when their claims are two
    /// comparisons that name the same groups (the page writes one comparison's arms). `worded`:
    /// the page's own words tie all of the run (a count and its base, "with", an appended
    /// ratio); a run tied in part by the claims' groups may be two samples the page tells apart
    /// ("116 from 686 in one sample and 240 from 1372 in the other"), so it is never a mismatch
    /// (review 9, B1).
    mutating func tiedRuns(_ members: [Int], sentence: (text: String, range: ClosedRange<Int>), _ out: [CheckFinding])
        -> [(run: Tied, worded: Bool)] {
        var parent = Array(members.indices)
        func root(_ i: Int) -> Int { parent[i] == i ? i : root(parent[i]) }
        func join(_ a: Int, _ b: Int) { parent[root(a)] = root(b) }
        let origin = sentence.range.lowerBound
        var wordedPairs: [(Int, Int)] = []
        for i in members.indices.dropLast() {
            let a = out[members[i]], b = out[members[i + 1]]
            guard a.source == b.source, let first = a.number else { continue }
            let from = a.column - origin + first.text.count
            let to = b.column - origin
            if Self.isCountAndBase(sentence.text, from: from, to: to) || Self.isWith(sentence.text, from: from, to: to)
                || (first.kind == .count && [.ratio, .sampleSize].contains(b.number?.kind) && Self.isAppended(sentence.text, from: from, to: to)) {
                join(i, i + 1)
                wordedPairs.append((i, i + 1))
            }
        }
        for i in members.indices {
            for j in members.indices where j > i && out[members[i]].source == out[members[j]].source {
                guard let a = out[members[i]].claim.flatMap({ claimBySlug[$0] }), let b = out[members[j]].claim.flatMap({ claimBySlug[$0] }),
                      a.id != b.id, let na = out[members[i]].number, let nb = out[members[j]].number,
                      !NumberMatch.statesAsValue(a, na), !NumberMatch.statesAsValue(b, nb),
                      let armsA = arms(of: a), let armsB = arms(of: b),
                      armsA.arms.map(\.label) == armsB.arms.map(\.label) else { continue }
                join(i, j)
            }
        }
        var runs: [Int: Tied] = [:]
        for i in members.indices { runs[root(i), default: []].append(members[i]) }
        // A run is worded when the page's own words alone tie all of it.
        var wordedParent = Array(members.indices)
        func wordedRoot(_ i: Int) -> Int { wordedParent[i] == i ? i : wordedRoot(wordedParent[i]) }
        for (i, j) in wordedPairs { wordedParent[wordedRoot(i)] = wordedRoot(j) }
        let position = Dictionary(uniqueKeysWithValues: members.enumerated().map { ($0.element, $0.offset) })
        return runs.values.filter { $0.count >= 2 }.sorted { $0[0] < $1[0] }.map { run in
            let roots = Set(run.compactMap { position[$0] }.map(wordedRoot))
            return (run: run, worded: roots.count == 1)
        }
    }

    /// Whether the page's words between two numbers are "with" and at most two more ("0.881
    /// with 547", "0.85 with n = 653"), no clause break among them.
    static func isWith(_ sentence: String, from start: Int, to end: Int) -> Bool {
        let c = Array(sentence)
        guard start >= 0, end <= c.count, start <= end else { return false }
        let between = String(c[start..<end])
        guard !between.contains(where: { ",;:()".contains($0) }) else { return false }
        let words = between.lowercased().split(separator: " ")
        return words.contains("with") && words.count <= 3
    }

    /// Whether a ratio or a sample size follows the counts before it after a comma or a
    /// semicolon, with at most five words between ("354 callbacks from 4248 applications, a
    /// ratio of 0.59", "…; the callback ratio was 0.59", "…, n = 605"): the page gives it as
    /// those counts' comparison's (trial 6, item 6).
    static func isAppended(_ sentence: String, from start: Int, to end: Int) -> Bool {
        let c = Array(sentence)
        guard start >= 0, end <= c.count, start <= end else { return false }
        let between = String(c[start..<end])
        let breaks = between.filter { ",;".contains($0) }
        guard breaks.count == 1, !between.contains(where: { ":()".contains($0) }) else { return false }
        let words = between.split { !$0.isWordLetter }.map { $0.lowercased() }
        // The first clause's count noun ("applications") may stand before the break.
        let lead = between.prefix { !",;".contains($0) }.split { !$0.isWordLetter }
        return lead.count <= 1 && words.count <= 6 && !words.contains { ["and", "while", "whereas", "but", "than", "versus", "vs"].contains($0) }
    }

    /// The verdicts of one run of tied numbers (see ``heldToOneClaim``).
    mutating func hold(_ run: Tied, line: String, creditOnly: Bool, worded: Bool, _ out: inout [CheckFinding]) {
        let credited = run.compactMap { out[$0].claim.flatMap { claimBySlug[$0] } }
        guard credited.count == run.count, Set(credited.map(\.id)).count >= 2, let work = credited[0].sourceID,
              credited.allSatisfy({ $0.sourceID == work }) else { return }
        let claims = claimsByWork[work] ?? credited
        func stated(by claim: EvidenceClaim) -> [Int] {
            run.filter { index in
                guard let number = out[index].number else { return false }
                return states(claim, number, asSample: number.kind != .count || Self.countsSample(number, in: line))
            }
        }
        let counted = claims.map { (claim: $0, stated: stated(by: $0)) }
        if let whole = counted.filter({ $0.stated.count == run.count })
            .max(by: { a, b in credited.count { $0.id == a.claim.id } < credited.count { $0.id == b.claim.id } })?.claim {
            for index in run where out[index].claim != whole.slug {
                guard let number = out[index].number else { continue }
                out[index].claim = whole.slug
                out[index].grade = whole.grade
                out[index].message = supportedMessage(whole, number)
            }
            return
        }
        guard !creditOnly, let most = counted.map(\.stated.count).max() else { return }
        let top = counted.filter { $0.stated.count == most }
        let texts = run.map { out[$0].text }.joined(separator: ", ")
        if top.count == 1, worded, let reference = top.first?.claim {
            // Each claim named with the numbers it states, as one may state several (review 9, m6).
            let referenceTexts = top[0].stated.map { out[$0].text }.joined(separator: ", ")
            for index in run where !top[0].stated.contains(index) {
                let own = out[index].claim ?? ""
                let ownTexts = counted.first { $0.claim.slug == own }.map { $0.stated.map { out[$0].text }.joined(separator: ", ") } ?? out[index].text
                out[index].judge(.mismatch, by: reference, expected: nil,
                    "the page writes \(texts) together, but no one claim states them all: \(reference.slug) states \(referenceTexts), "
                        + "not \(out[index].text); \(own) states \(ownTexts)")
            }
        } else {
            let common = Set(run.filter { index in top.allSatisfy { $0.stated.contains(index) } })
            // The claims the numbers were credited to, each once in page order.
            var slugList: [String] = []
            for slug in run.compactMap({ out[$0].claim }) where !slugList.contains(slug) { slugList.append(slug) }
            let slugs = slugList.joined(separator: " and ")
            for index in run where !common.contains(index) {
                out[index].verdict = .unsupported
                out[index].message = "the page writes \(texts) together, but no one claim states them all (they are split between \(slugs)), "
                    + "so the KB cannot tell which comparison the page means"
            }
        }
    }

    /// The message of a supported number: the claim, its grade and what it states — the KB's
    /// own value when the page writes it in another form ("states 0.859 (page: 0.9)"), so an
    /// editor sees the rounding (trial 5, item 8).
    func supportedMessage(_ claim: EvidenceClaim, _ number: ProseNumber) -> String {
        "\(claim.slug) (\(claim.grade.rawValue)) states \(Self.statedForm(claim, number))"
    }

    /// What the claim states for the page's number: the page's text, or the KB's value with the
    /// page's in parentheses when they differ (a value rounded on the page, a range).
    static func statedForm(_ claim: EvidenceClaim, _ written: ProseNumber) -> String {
        let number = NumberMatch.levelReading(claim, written)
        // A range holds the claim's value: the KB states that value, not the range (trial 12, B3).
        if number.upper != nil, claim.value != nil, number.kind != .sampleSize {
            return "\(NumberMatch.describe(claim, as: number)) (page: \(number.text))"
        }
        guard number.upper == nil, let value = claim.value, let signed = claim.signedValue else { return number.text }
        // Only a number the claim's own value states (not its n, baseline or text).
        let isValue = switch number.kind {
        case .sampleSize: false
        case .points: claim.isPoints && NumberMatch.valueMatches(signed, number, scale: 1)
        case .percent: claim.isPercent && NumberMatch.valueMatches(signed, number, scale: 1)
        case .ratio: !claim.isPercent && claim.scale == 1 && NumberMatch.valueMatches(signed, number, scale: 1)
        case .count, .money: !claim.isPercent && (NumberMatch.valueMatches(signed * claim.scale, number, scale: number.scale)
                                                  || NumberMatch.valueMatches(signed, number, scale: 1))
        }
        guard isValue else { return number.text }
        func same(_ a: Double, _ b: Double) -> Bool { abs(abs(a) - abs(b)) <= 1e-9 * max(1, abs(b)) }
        guard !same(value, number.value), !same(value * claim.scale, number.value * number.scale) else { return number.text }
        return "\(NumberMatch.describe(claim, as: number)) (page: \(number.text))"
    }
}
