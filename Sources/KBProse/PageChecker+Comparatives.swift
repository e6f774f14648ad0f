import KBDomain

/// A comparative that names its groups before its numbers (issue 17, B7): "Men were called
/// back more often than women: 10.9% against 9%". The group before "than" takes the first
/// number, the group after it the second, as "respectively" pairs them. Each group is read in
/// the KB's terms — an arm of the crediting claim (``ClaimArms``), or the one claim of the work
/// that names that group (a register that gives each group its own claim) — and each number is
/// held to its group's: a number the KB gives the other group, or one its group's claim does not
/// state, is a mismatch naming the group's figure. Only when both groups are read, and read as
/// two different groups, is the page's pairing judged: the two readings confirm each other.
extension PageChecker {
    /// The words between two numbers that compare them ("10.9% against 9%", "vs.", "to").
    static let comparingLinks: Set<[String]> = [["against"], ["vs"], ["versus"], ["to"], ["and"], ["compared", "with"], ["compared", "to"],
                                               ["as", "against"], ["over"]]

    /// The two group phrases of a comparative before the number at `first` (0-based offset in
    /// `sentence`): the stretch before "than" back to the clause's start, and the stretch after
    /// it up to a clause break or the number. Nil when the sentence has no such "than".
    static func comparedGroups(in sentence: String, before first: Int) -> (String, String)? {
        let c = Array(sentence)
        guard first > 0, first <= c.count else { return nil }
        // The last whole word "than" before the number.
        var than: Int?
        var i = 0
        while i + 4 <= first {
            if String(c[i..<(i + 4)]).lowercased() == "than", i == 0 || !c[i - 1].isWordLetter, i + 4 >= c.count || !c[i + 4].isWordLetter { than = i }
            i += 1
        }
        guard let than else { return nil }
        let breaks: Set<Character> = [",", ";", ":", "(", ")"]
        var start = than
        while start > 0, !breaks.contains(c[start - 1]) { start -= 1 }
        var end = than + 4
        while end < first, !breaks.contains(c[end]) { end += 1 }
        let left = String(c[start..<than]), right = String(c[(than + 4)..<end])
        guard left.contains(where: \.isWordLetter), right.contains(where: \.isWordLetter) else { return nil }
        return (left, right)
    }

    /// Whether the words between two numbers compare them (``comparingLinks``), nothing else.
    static func comparesNumbers(_ sentence: String, from start: Int, to end: Int) -> Bool {
        let c = Array(sentence)
        guard start >= 0, end <= c.count, start <= end else { return false }
        let between = String(c[start..<end])
        guard !between.contains(where: { ",;:()".contains($0) }) else { return false }
        let words = between.lowercased().split { !$0.isWordLetter }.map(String.init)
        return comparingLinks.contains(words)
    }

    /// Holds the two numbers of each group-first comparative to their groups (see the extension's note).
    mutating func heldToComparedGroups(_ findings: [CheckFinding], sentences: [(text: String, range: ClosedRange<Int>)]) -> [CheckFinding] {
        var out = findings
        for sentence in sentences where sentence.text.range(of: "respectively", options: .caseInsensitive) == nil {
            let members = out.indices.filter { out[$0].subject == .number && sentence.range.contains(out[$0].column) && out[$0].number != nil }
                .sorted { out[$0].column < out[$1].column }
            guard members.count >= 2 else { continue }
            let origin = sentence.range.lowerBound
            for (a, b) in zip(members, members.dropFirst()) {
                guard let first = out[a].number, let second = out[b].number, first.kind == second.kind, first.kind != .sampleSize,
                      let source = out[a].source, out[b].source == source,
                      Self.comparesNumbers(sentence.text, from: out[a].column - origin + first.text.count, to: out[b].column - origin),
                      let groups = Self.comparedGroups(in: sentence.text, before: out[a].column - origin) else { continue }
                judgeCompared([a, b], groups: [groups.0, groups.1], &out)
            }
        }
        return out
    }

    /// The verdicts of one comparative's two numbers (findings `pair`), given its two group phrases.
    mutating func judgeCompared(_ pair: [Int], groups: [String], _ out: inout [CheckFinding]) {
        let credited = pair.compactMap { out[$0].claim.flatMap { claimBySlug[$0] } }
        guard let work = credited.first?.sourceID ?? out[pair[0]].source.flatMap({ slug in citedWorks.values.first { $0.slug == slug }?.id }),
              let siblings = claimsByWork[work], !siblings.isEmpty else { return }
        // The authors' names are no group ("White (2019)").
        let authors = Set((citedWorks[work]?.authors ?? []).flatMap { Self.letterWords($0) })
        let phrases = groups.map { phrase in
            phrase.split(separator: " ").filter { !authors.contains($0.lowercased().filter(\.isWordLetter)) }.joined(separator: " ")
        }
        // A claim with arms that writes either number: its arms are the groups.
        if let claim = credited.first(where: { arms(of: $0) != nil }), let arms = arms(of: claim) {
            let named = phrases.map { phrase -> Int? in
                let read = ClaimArms.namingTokens(phrase)
                return arms.naming(of: phrase, tokens: read.tokens.union(Self.everydayTokens(phrase)), bounds: read.bounds)?.arm
            }
            guard let g0 = named[0], let g1 = named[1], g0 != g1 else { return }
            for (offset, (index, arm)) in zip(pair, [g0, g1]).enumerated() {
                guard let number = out[index].number else { continue }
                let writing = arms.arms(writing: number)
                if writing.contains(arm) {
                    if out[index].verdict != .supported { confirm(&out[index], by: claim, number, of: work) }
                    continue
                }
                let label = { (arm: Int) in arms.name(of: arm) }
                let position = writing.first.flatMap { held in arms.arms[held].numbers.firstIndex { NumberMatch.writes([$0], number, level: true) } }
                let figures = arms.arms[arm].numbers
                let expected = position.flatMap { $0 < figures.count ? figures[$0].text : nil } ?? figures.map(\.text).joined(separator: " and ")
                out[index].judge(.mismatch, by: claim, expected: expected,
                    "the page gives \(number.text) to \"\(Self.groupWord(phrases[offset]))\" (\(label(arm))), for whom \(claim.slug) "
                        + "writes \(expected)"
                        + (writing.first.map { "; \(number.text) is what it writes for \(label($0))" } ?? ""))
            }
            return
        }
        // A register that gives each group its own claim: the one claim of the work, of the
        // number's kind, that names the group.
        guard let kind = out[pair[0]].number else { return }
        if groupLabels[siblings[0].id] == nil {
            for sibling in siblings { groupLabels[sibling.id] = Self.ownLabels(sibling, among: siblings) }
        }
        let candidates = siblings.filter { arms(of: $0) == nil && NumberMatch.isSameKind($0, kind) }
        let named = phrases.map { phrase -> EvidenceClaim? in
            let folded = Self.folded(phrase)
            let byLabel = candidates.filter { (groupLabels[$0.id] ?? []).contains { ClaimArms.contains(folded, words: $0) } }
            if byLabel.count == 1 { return byLabel[0] }
            let classes = Self.groupClassIndices(Self.letterWords(phrase))
            guard !classes.isEmpty else { return nil }
            let byClass = candidates.filter { classes.isSubset(of: statementGroupClasses($0)) }
            return byClass.count == 1 ? byClass[0] : nil
        }
        guard let s0 = named[0], let s1 = named[1], s0.id != s1.id else { return }
        for (offset, (index, claim)) in zip(pair, [s0, s1]).enumerated() {
            guard let number = out[index].number else { continue }
            if states(claim, number) {
                confirm(&out[index], by: claim, number, of: work)
                continue
            }
            let expected = NumberMatch.describe(claim, as: number)
            let holder = candidates.first { $0.id != claim.id && states($0, number) }
            let groupOf = { (held: EvidenceClaim) in Self.quotedGroups(held.statement).joined(separator: " and ") }
            out[index].judge(.mismatch, by: claim, expected: expected,
                "the page gives \(number.text) to \"\(Self.groupWord(phrases[offset]))\", but \(claim.slug) states \(expected) for "
                    + "\(groupOf(claim).isEmpty ? "that group" : groupOf(claim))"
                    + (holder.map { "; \(number.text) is what \($0.slug) states, for \(groupOf($0).isEmpty ? "another group" : groupOf($0))" } ?? ""))
        }
    }

    /// A number the comparative's groups give to `claim`: supported, or weak when the claim is
    /// (``weakness(_:_:)``); a number of a claim about another place stays unsupported, since
    /// reading the groups right does not make the page's place the claim's (issue 17 review).
    func confirm(_ finding: inout CheckFinding, by claim: EvidenceClaim, _ number: ProseNumber, of work: Int64) {
        guard finding.heldAs != .place else { return }
        if let weakness = Self.weakness(claim, citedWorks[work]) {
            finding.judge(.weak, by: claim, expected: nil, weakness)
        } else {
            finding.judge(.supported, by: claim, expected: nil, supportedMessage(claim, number))
        }
    }

    /// The words of a group phrase that name the group, for a message: its group words
    /// (``groupClasses``) when it has any, else the phrase.
    static func groupWord(_ phrase: String) -> String {
        let words = letterWords(phrase).filter { !groupClassIndices([$0]).isEmpty }
        return words.isEmpty ? phrase.trimmingCharacters(in: .whitespaces) : words.joined(separator: " ")
    }
}
