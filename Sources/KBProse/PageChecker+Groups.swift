import KBDomain

/// A group the page names that belongs to another comparison of the work (trial 5, item 5;
/// the Saeed swap): "Flake (2019) found a callback ratio of 1.424 for Black-sounding name
/// applicants" writes the ratio of Flake's Hispanic-sounding comparison, 0.547 being the
/// Black-sounding one's. A register's comparison names its groups in its statement (its
/// arms' labels, ``ClaimArms``), and no other field says which groups a number is of.
extension PageChecker {
    /// The words of a claim's groups: its arms' quoted labels' tokens, letters only (an age's
    /// digits name a group too weakly, "under 50", to stand against a claim).
    mutating func groupWords(_ claim: EvidenceClaim) -> Set<String> {
        guard let arms = arms(of: claim) else { return [] }
        return Set(arms.arms.flatMap { Self.quotedTokens($0.label) })
    }

    /// The letter tokens of the quoted group name in an arm's label ("'Female gender'
    /// applicants" gives "female", "gender"): a register quotes its groups; the words around
    /// the quotes are the statement's, not a group's.
    static func quotedTokens(_ label: String) -> Set<String> {
        let c = Array(label)
        guard let open = c.firstIndex(where: { ClaimArms.quotes[$0] != nil }), let mark = ClaimArms.quotes[c[open]],
              let close = c[(open + 1)...].lastIndex(of: mark) else { return [] }
        return Set(ClaimArms.tokens(String(c[(open + 1)..<close])).filter { $0.allSatisfy(\.isWordLetter) })
    }

    /// The words that tell a claim's groups apart (as ``ClaimArms/distinctive(_:)``, quoted, letters only):
    /// "black" and "anglo" of "'Black-sounding name' applicants" against "'Anglo-Saxon name'
    /// applicants", not the "name" and "applicants" both hold.
    mutating func distinctiveGroupWords(_ claim: EvidenceClaim) -> Set<String> {
        guard let arms = arms(of: claim) else { return [] }
        let quoted = arms.arms.map { Self.quotedTokens($0.label) }
        return Set(quoted.indices.flatMap { index in
            quoted[index].subtracting(quoted.indices.filter { $0 != index }.flatMap { quoted[$0] })
        })
    }

    /// Holds each supported number to the groups its clause names: when the clause writes a
    /// word that tells apart the groups of another claim of the same work and that no group of
    /// the crediting claim (one whose statement names its groups) holds, in any form, and names
    /// none of the groups only the crediting claim has, the number is not that claim's. It is a `mismatch` against
    /// the other claim when the number is the crediting claim's value and the other claim has
    /// a value of that kind (it states what the page gives that group); else `unsupported`.
    mutating func heldToNamedGroups(_ clauses: [(finding: CheckFinding, clause: String)]) -> [(finding: CheckFinding, clause: String)] {
        var out = clauses
        for i in out.indices {
            let finding = out[i].finding
            guard finding.subject == .number, finding.verdict == .supported, let number = finding.number, number.kind != .sampleSize,
                  let claim = finding.claim.flatMap({ claimBySlug[$0] }), let work = claim.sourceID,
                  let siblings = claimsByWork[work], siblings.count > 1 else { continue }
            let clause = String(out[i].clause.split(separator: "\u{0}", omittingEmptySubsequences: false).last ?? "")
            let written = Set(ClaimArms.tokens(clause).filter { $0.allSatisfy(\.isWordLetter) })
            // Only a claim that names its groups is held to them.
            let own = groupWords(claim)
            guard !own.isEmpty else { continue }
            func foreign(_ other: EvidenceClaim) -> Set<String> {
                let theirs = distinctiveGroupWords(other)
                return written.filter { word in
                    theirs.contains { Self.sameStem($0, word, strictly: true) } && !own.contains { Self.sameStem($0, word, strictly: true) }
                }
            }
            let naming = siblings.filter { $0.id != claim.id && !foreign($0).isEmpty }
            guard !naming.isEmpty else { continue }
            // A clause that also names a group only the crediting claim has ("0.815 for Muslim
            // applicants against Christian applicants with native names") is about that claim:
            // the other comparison's word is context, not the group the number is of (review 9, B2).
            var othersWords = Set<String>()
            for other in naming { othersWords.formUnion(distinctiveGroupWords(other)) }
            let ownOnly = distinctiveGroupWords(claim).subtracting(othersWords)
            if written.contains(where: { word in ownOnly.contains { Self.sameStem($0, word, strictly: true) } }) { continue }
            let words = Set(naming.flatMap { foreign($0) }).sorted().joined(separator: ", ")
            let context = Context(clause: clause, sentence: clause)
            if NumberMatch.statesAsValue(claim, number), let other = best(naming.filter { NumberMatch.isSameKind($0, number) }, in: context),
               !states(other, number) {
                let expected = NumberMatch.describe(other, as: number)
                out[i].finding.judge(.mismatch, by: other, expected: expected,
                    "the page names \(words), a group of \(other.slug), which states \(expected); \(finding.text) is what "
                        + "\(claim.slug) states, whose groups the page does not name")
            } else {
                out[i].finding.verdict = .unsupported
                out[i].finding.message = "\(finding.text) is what \(claim.slug) states, but the page names \(words), a group of another comparison "
                    + "of the work (\(naming.map(\.slug).prefix(3).joined(separator: ", "))), so the KB cannot tell which the page means"
            }
        }
        return out
    }
}
