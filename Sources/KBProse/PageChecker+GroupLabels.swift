/// A rate credited to whichever group's claim states it (trial 8, bug 2): a register that gives
/// each group its own claim ("applicants signalling 'black female' got callbacks at a rate of
/// 22.7%") names the group in quotes, and a clause that writes another group's label ("white
/// female applicants at 22.7%") is not about the group whose claim states the number.
extension PageChecker {
    /// The quoted phrases of a claim's statement that no other claim of its work quotes (the
    /// group, not the study's name every row repeats), folded; empty when the claim has arms
    /// (``ClaimArms`` holds those groups) or quotes none of its own.
    static func ownLabels(_ claim: EvidenceClaim, among siblings: [EvidenceClaim]) -> [String] {
        let mine = quotedPhrases(claim.statement)
        guard !mine.isEmpty else { return [] }
        let shared = Set(siblings.filter { $0.id != claim.id }.flatMap { quotedPhrases($0.statement) })
        return mine.filter { !shared.contains($0) }
    }

    /// The phrases a statement quotes with single or double marks, folded ("'black female'").
    static func quotedPhrases(_ statement: String) -> [String] {
        let c = Array(folded(statement))
        var out: [String] = []
        var i = 0
        while i < c.count {
            let mark = c[i]
            let opens = (mark == "'" || mark == "\"") && (i == 0 || !(c[i - 1].isWordLetter || c[i - 1].isNumber))
            if opens, let close = c[(i + 1)...].firstIndex(where: { $0 == mark }), close > i + 1 {
                let phrase = String(c[(i + 1)..<close]).trimmingCharacters(in: .whitespaces)
                if phrase.count >= 3 { out.append(phrase) }
                i = close + 1
            } else {
                i += 1
            }
        }
        return out
    }

    /// The sibling whose own label the clause writes as whole words, when the clause writes no
    /// label of `claim`'s own and only one other group's (nil otherwise). With the number's text
    /// (and its offset in the clause), only the words of the number's own phrase count
    /// (``ownPhrase(of:at:in:labels:)``).
    mutating func otherGroupNamed(_ claim: EvidenceClaim, among siblings: [EvidenceClaim], clause: String, number: String? = nil,
                                  at offset: Int? = nil) -> EvidenceClaim? {
        guard siblings.count > 1, arms(of: claim) == nil else { return nil }
        if groupLabels[claim.id] == nil {
            for sibling in siblings { groupLabels[sibling.id] = Self.ownLabels(sibling, among: siblings) }
        }
        let own = groupLabels[claim.id] ?? []
        guard !own.isEmpty else { return nil }
        let labels = siblings.flatMap { groupLabels[$0.id] ?? [] }
        let text = Self.folded(number.map { Self.ownPhrase(of: $0, at: offset, in: clause, labels: labels) } ?? clause)
        if own.contains(where: { ClaimArms.contains(text, words: $0) }) { return nil }
        let named = siblings.filter { other in
            other.id != claim.id && (groupLabels[other.id] ?? []).contains { ClaimArms.contains(text, words: $0) }
        }
        return named.count == 1 ? named[0] : nil
    }

    /// The words that end a number's "for …" phrase: the next comparison begins.
    static let phraseStops: Set<String> = ["to", "and", "against", "versus", "vs", "than", "while", "whereas", "but"]

    /// The words of `clause` that name the group of the number written `number` at `offset`
    /// (its first character's; found by its text when nil or not there). A number followed by
    /// "for" or "among" has a phrase of its own, up to the next "to", "and", "against",
    /// "versus" or "than" (or the clause's end): "fell from 5.6% for employed applicants to
    /// 4.3% for those unemployed …" (trial 10, B1). That phrase alone names the group when it
    /// writes one of `labels` (folded; the work's groups' labels); else the whole clause does,
    /// less the phrases of the numbers before it, so a label before the number names its group
    /// ("employed applicants were called back at 4.3% for the whole period": review 18, M4),
    /// and "for employed applicants" stays 5.6%'s.
    static func ownPhrase(of number: String, at offset: Int? = nil, in clause: String, labels: [String]) -> String {
        let c = Array(clause)
        let count = number.count
        var start: Int
        if let offset, offset >= 0, offset + count <= c.count, String(c[offset..<(offset + count)]) == number {
            start = offset
        } else if !number.isEmpty, let found = clause.range(of: number) {
            start = clause.distance(from: clause.startIndex, to: found.lowerBound)
        } else {
            return clause
        }
        // The words after the number, and its own "for …" phrase among them.
        let after = String(c[(start + count)...]).lowercased().split(separator: " ").map(String.init)
        var phrase: [String] = []
        if let first = after.first, ["for", "among"].contains(first) {
            for word in after {
                if !phrase.isEmpty, phraseStops.contains(word) { break }
                phrase.append(word)
            }
        }
        let own = phrase.joined(separator: " ")
        if !own.isEmpty, labels.contains(where: { ClaimArms.contains(folded(own), words: $0) }) { return own }
        // The words before it, less each earlier number's own "for …" phrase.
        let before = String(c[..<start]).split(separator: " ").map(String.init)
        var kept: [String] = []
        var skipping = false
        for (i, word) in before.enumerated() {
            let lower = word.lowercased()
            if skipping, phraseStops.contains(lower) { skipping = false }
            if !skipping, ["for", "among"].contains(lower), i > 0, before[i - 1].contains(where: \.isNumber) { skipping = true }
            if !skipping { kept.append(word) }
        }
        return (kept + [number] + (own.isEmpty ? after : phrase)).joined(separator: " ")
    }
}
