import KBDomain

/// Counts the page writes against what a study's groups hold together or one by one (trial 13,
/// items 8 and 10): a total n that is the groups' n summed, and a group's mistyped count whose
/// base and group the page gives right.
extension PageChecker {
    /// The arm of `arms` that `clause` names with the KB's words (its label's), else in everyday
    /// words (``groupClasses``), the tokens of the numbers `besides` left out; nil when it names
    /// none or several.
    static func armNamed(in clause: String, of arms: ClaimArms, besides numbers: [ProseNumber]) -> ClaimArms.Naming? {
        let read = ClaimArms.namingTokens(clause)
        let tokens = numbers.reduce(read.tokens) { $0.subtracting(ClaimArms.tokens($1.text)) }
        let everyday = everydayTokens(clause)
        return arms.naming(of: clause, tokens: tokens, bounds: read.bounds)
            ?? (everyday.isEmpty ? nil : arms.naming(of: clause, tokens: tokens.union(everyday)))
    }

    /// The claims of `claims` about a group `clause` names (``groupClasses``): all of them when
    /// the clause names none, or none of them is about one it names.
    mutating func claimsAbout(groupsOf clause: String, among claims: [EvidenceClaim]) -> [EvidenceClaim] {
        guard claims.count > 1 else { return claims }
        let named = Self.groupClassIndices(Self.letterWords(clause))
        guard !named.isEmpty else { return claims }
        let about = claims.filter { !statementGroupClasses($0).isDisjoint(with: named) }
        return about.isEmpty ? claims : about
    }

    /// The claims of one metric and sample unit (a study's groups, one claim each) whose n
    /// summed is `number`, with the first of them and the sum written out; nil when no such
    /// set of two or more claims sums to it.
    ///
    /// Only claims that are one group's figure count (a statement with no arms, ``ClaimArms``): a
    /// register row's n already holds both its groups' (review 23, B1), and one study's n is
    /// counted once.
    static func groupsTotal(_ claims: [EvidenceClaim], equal number: ProseNumber) -> (claim: EvidenceClaim, count: Int, parts: String)? {
        var seen = Set<String>()
        let single = claims.filter { claim in
            guard claim.studyN != nil, ClaimArms(statement: claim.statement) == nil else { return false }
            // One group, one statement: the same statement twice is one study's claims.
            return seen.insert(claim.statement).inserted
        }
        let groups = Dictionary(grouping: single) { [$0.metric ?? "", $0.studyNUnit ?? ""] }
        for key in groups.keys.sorted(by: { $0.joined() < $1.joined() }) {
            guard let members = groups[key], members.count >= 2, let first = members.first else { continue }
            let sizes = members.compactMap(\.studyN)
            guard Double(sizes.reduce(0, +)) == number.value * number.scale else { continue }
            return (first, members.count, sizes.map(String.init).joined(separator: " + "))
        }
        return nil
    }

    /// "Black-sounding names got 326 callbacks from 952 applications" when the claim that
    /// writes the 952 writes 85 from 952 for that group: a count no claim states, written with
    /// a base a claim's arm writes (``ClaimArms``), is that arm's count mistyped — a mismatch
    /// naming the arm's figure — when the base or the clause's group words say which arm; when
    /// several arms write the base and the clause names none, it stays `unsupported`, naming
    /// the arms' counts.
    mutating func heldToBaseArms(_ findings: [CheckFinding], sentences: [(text: String, range: ClosedRange<Int>)]) -> [CheckFinding] {
        var out = findings
        for index in out.indices {
            guard out[index].subject == .number, out[index].verdict == .unsupported, out[index].claim == nil, out[index].source != nil,
                  let count = out[index].number, count.kind == .count,
                  let sentence = sentences.first(where: { $0.range.contains(out[index].column) }) else { continue }
            let column = out[index].column
            let later = out.indices.filter { out[$0].subject == .number && out[$0].column > column && sentence.range.contains(out[$0].column) }
            guard let next = later.min(by: { out[$0].column < out[$1].column }), out[next].verdict == .supported,
                  let slug = out[next].claim, let claim = claimBySlug[slug], let base = out[next].number,
                  Self.isCountAndBase(sentence.text, from: column - sentence.range.lowerBound + count.text.count,
                                      to: out[next].column - sentence.range.lowerBound),
                  let arms = arms(of: claim) else { continue }
            let writing = arms.arms(writing: base)
            guard !writing.isEmpty else { continue }
            var arm = writing.count == 1 ? writing[0] : nil
            if arm == nil {
                let clause = Self.clause(at: column - sentence.range.lowerBound, in: sentence.text)
                if let named = Self.armNamed(in: clause, of: arms, besides: [count, base]), writing.contains(named.arm) { arm = named.arm }
            }
            func countBefore(_ arm: Int) -> ProseNumber? {
                let numbers = arms.arms[arm].numbers
                guard let at = numbers.firstIndex(where: { NumberMatch.writes([$0], base, level: true) }), at > 0 else { return nil }
                return numbers[at - 1]
            }
            func label(_ arm: Int) -> String { arms.name(of: arm) }
            guard let arm else {
                let counts = writing.compactMap { arm in countBefore(arm).map { "\($0.text) from \(base.text) for \(label(arm))" } }
                guard !counts.isEmpty else { continue }
                out[index].message += "; \(slug) writes " + counts.joined(separator: " and ") + ", and the clause does not say which group it gives"
                continue
            }
            guard let expected = countBefore(arm) else { continue }
            out[index].judge(.mismatch, by: claim, expected: expected.text,
                             "\(slug) writes \(expected.text) from \(base.text) for \(label(arm)), not \(count.text)")
        }
        return out
    }

    /// "got 28 callbacks from 218 applications" when the claim that states the 28 writes 28
    /// from 281: a base no claim states, written after a count a claim's arm writes with another
    /// base, is that arm's base mistyped — a mismatch naming it (trial 20, B6), as a mistyped
    /// count before a stated base is (``heldToBaseArms(_:sentences:)``). Every arm that writes
    /// the count must give it the same base.
    mutating func heldToCountsArms(_ findings: [CheckFinding], sentences: [(text: String, range: ClosedRange<Int>)]) -> [CheckFinding] {
        var out = findings
        for index in out.indices {
            // Unsupported, or held to the study's n as a sample's size ("'s study has n = 605"):
            // after a count, "from 218 applications" is the count's base, not the study's n.
            let asStudyN = out[index].verdict == .mismatch && out[index].expected?.hasPrefix("n = ") == true
            guard out[index].subject == .number, out[index].verdict == .unsupported && out[index].claim == nil || asStudyN, out[index].source != nil,
                  let base = out[index].number, base.kind == .count || base.kind == .sampleSize, base.upper == nil,
                  let sentence = sentences.first(where: { $0.range.contains(out[index].column) }) else { continue }
            let column = out[index].column
            let earlier = out.indices.filter { out[$0].subject == .number && out[$0].column < column && sentence.range.contains(out[$0].column) }
            guard let previous = earlier.max(by: { out[$0].column < out[$1].column }), out[previous].verdict == .supported,
                  let slug = out[previous].claim, let claim = claimBySlug[slug], let count = out[previous].number, count.kind == .count,
                  Self.isCountAndBase(sentence.text, from: out[previous].column - sentence.range.lowerBound + count.text.count,
                                      to: column - sentence.range.lowerBound),
                  let arms = arms(of: claim) else { continue }
            // A base of applications (or with no noun of a known kind): "from 120 employers", "from 2 of
            // the 4 occupations" count other things than the arm's base.
            let characters = Array(sentence.text)
            let after = column - sentence.range.lowerBound + base.text.count
            if after <= characters.count, let kind = Self.countedKind(NumberReader.words(after: after, in: characters, count: 3)), kind != "documents" { continue }
            let bases = arms.arms(writing: count).compactMap { arm -> (arm: Int, base: ProseNumber)? in
                let numbers = arms.arms[arm].numbers
                guard let at = numbers.firstIndex(where: { NumberMatch.writes([$0], count, level: true) }), at + 1 < numbers.count else { return nil }
                return (arm, numbers[at + 1])
            }
            guard let first = bases.first, bases.allSatisfy({ $0.base.value == first.base.value }),
                  !NumberMatch.writes([first.base], base, level: true) else { continue }
            out[index].judge(.mismatch, by: claim, expected: first.base.text,
                             "\(slug) writes \(count.text) from \(first.base.text) for \(arms.name(of: first.arm)), not from \(base.text)")
        }
        return out
    }
}
