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
            let opens = (mark == "'" || mark == "\"") && (i == 0 || !(c[i - 1].isLetter || c[i - 1].isNumber))
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
    /// label of `claim`'s own and only one other group's (nil otherwise).
    mutating func otherGroupNamed(_ claim: EvidenceClaim, among siblings: [EvidenceClaim], clause: String, number: String? = nil) -> EvidenceClaim? {
        guard siblings.count > 1, arms(of: claim) == nil else { return nil }
        if groupLabels[claim.id] == nil {
            for sibling in siblings { groupLabels[sibling.id] = Self.ownLabels(sibling, among: siblings) }
        }
        let own = groupLabels[claim.id] ?? []
        guard !own.isEmpty else { return nil }
        let text = Self.folded(number.map { Self.ownPhrase(of: $0, in: clause) } ?? clause)
        if own.contains(where: { ClaimArms.contains(text, words: $0) }) { return nil }
        let named = siblings.filter { other in
            other.id != claim.id && (groupLabels[other.id] ?? []).contains { ClaimArms.contains(text, words: $0) }
        }
        return named.count == 1 ? named[0] : nil
    }

    /// The words of `clause` that name the group of the number written `number` (trial 10, B1):
    /// "fell from 5.6% for employed applicants to 4.3% for those unemployed for 18 months or
    /// more" names a group after each number, so "for employed applicants" is 5.6%'s and "for
    /// those unemployed …" 4.3%'s, not the whole clause's. A number followed by "for" or
    /// "among" owns the words up to the next "to", "and", "against", "versus" or "than" (or
    /// the clause's end); any other number keeps the whole clause, where a label before the
    /// number names its group ("black female applicants … at 22.7%").
    static func ownPhrase(of number: String, in clause: String) -> String {
        guard !number.isEmpty, let found = clause.range(of: number) else { return clause }
        let after = clause[found.upperBound...].lowercased()
        let words = after.split(separator: " ", omittingEmptySubsequences: true)
        guard let first = words.first, ["for", "among"].contains(String(first)) else { return clause }
        let stops: Set<String> = ["to", "and", "against", "versus", "vs", "than", "while", "whereas", "but"]
        var phrase: [Substring] = []
        for word in words {
            if !phrase.isEmpty, stops.contains(String(word)) { break }
            phrase.append(word)
        }
        return phrase.joined(separator: " ")
    }
}
