import Foundation
import KBDomain

/// The verdict of one number (or one end of a range): held to the claims of the works cited near it, then to claims that share its words.
extension PageChecker {
    /// How many of its words a sentence that cites a work the KB lacks must share with a claim of
    /// another work for the claim to be taken as the sentence's finding.
    static let sharedWordsBesideAnUnknownCitation = 4

    mutating func endFinding(_ number: ProseNumber, in text: String, sentence: String, clause: String, works: [CitedWork], attributed: Bool = true,
                             namesakes: [CitedWork] = [], unknownCitation: String? = nil, inClause: Int? = nil, citedAfter: Bool = true,
                             file: String, line: Int) throws -> CheckFinding {
        func finding(_ verdict: CheckFinding.Verdict, claim: EvidenceClaim? = nil, source: CitedWork? = nil, expected: String? = nil,
                     heldAs: CheckFinding.HeldAs? = nil, _ message: String) -> CheckFinding {
            var out = CheckFinding(file: file, line: line, column: number.column, verdict: verdict, subject: .number, text: number.text, claim: claim?.slug,
                                   grade: claim?.grade, source: source?.slug, expected: expected, message: message, sentence: sentence, number: number)
            out.heldAs = heldAs
            return out
        }
        let context = Context(clause: clause, sentence: sentence)
        // A count equal to a study's n is that n only when the page writes it as a sample's
        // size ("8002 applications", "a sample of 8002"); "received 8002 callbacks" is not.
        let lineCharacters = characters(of: text)
        let asSample = number.kind != .count || Self.countsSample(number, characters: lineCharacters)
        let asBase = Self.writtenAsBase(number, characters: lineCharacters)
        // "sent 1745 applications": a sample's size is stated only as a sample's size or a base
        // ("from 7184 applications"), not by a callback count the claim writes (trial 8, bug 3).
        let sampleWritten = number.kind == .count && Self.countsSample(number, characters: lineCharacters)
        for work in works {
            let claims = try claims(of: work)
            let stating = claims.filter { states($0, number, asSample: asSample, asBase: asBase, sampleOnly: sampleWritten) }
            let matching = stating.filter { !Self.countsOtherThings($0, number, in: lineCharacters) }
            // "surveyed 2,900 workers" where the work's 2,900 are skills (trial 12, B6).
            if matching.isEmpty, let other = best(stating, in: context) {
                return finding(.unsupported, claim: other, source: work, "\(number.text) is what \(other.slug) states, but of "
                                   + "\(Self.countedNoun(other, number)), not of the \(Self.writtenNoun(number, in: lineCharacters)) the page counts")
            }
            guard let claim = best(matching, in: context) else { continue }
            // The number is this claim's; but a clause about another claim of the same work,
            // which states a different number of its kind, gives that claim's number the wrong
            // figure (two findings' numbers swapped).
            let stated = Set(matching.map(\.id))
            let others = claims.filter { !stated.contains($0.id) && NumberMatch.isSameKind($0, number) }
            let weakness = Self.weakness(claim, work)
            // A weak claim's number is still held to what the sentence is about: `weak` must
            // not hide a number of another claim (trial 6, item 5), so its whole sentence counts.
            if let own = best(others, in: context),
               isAbout(own, rather: claim, context.clauseWords) || (weakness != nil && isAbout(own, rather: claim, context.sentenceWords)) {
                let expected = NumberMatch.describe(own, as: number)
                return finding(.mismatch, claim: own, source: work, expected: expected,
                               "the sentence is about \(own.slug), which states \(expected); \(number.text) is what \(claim.slug) states"
                                   + (claim.metric.map { " (\($0))" } ?? "") + (Self.weakness(own, work).map { "; also, \($0)" } ?? ""))
            }
            // A clause that writes another group's quoted label, not the claim's own: "white
            // female applicants at 22.7%" when 22.7% is the 'black female' rate (trial 8, bug 2).
            // When that group's claim states the number too, it is that claim's (a later pass
            // credits it).
            if let other = otherGroupNamed(claim, among: claims, clause: clause, number: number.text, at: inClause), !states(other, number, asSample: asSample, asBase: asBase) {
                if NumberMatch.isSameKind(other, number) {
                    let expected = NumberMatch.describe(other, as: number)
                    return finding(.mismatch, claim: other, source: work, expected: expected,
                                   "the clause names the group of \(other.slug), which states \(expected); \(number.text) is what \(claim.slug) states")
                }
                return finding(.unsupported, claim: claim, source: work, "\(number.text) is what \(claim.slug) states, but the clause names the group of \(other.slug)")
            }
            // A country the page names that the claim is not about (trial 6, P:11).
            if let conflict = placeConflict(claim, sentence: sentence) {
                return finding(.unsupported, claim: claim, source: work, heldAs: .place, Self.placeMessage(claim, number, conflict))
            }
            if let weakness { return finding(.weak, claim: claim, source: work, weakness) }
            return finding(.supported, claim: claim, source: work, supportedMessage(claim, number))
        }
        // A citation that fits several works of the same authors and year ("Drydakis et al.
        // (2017)") does not say which the number is from: none of them stating it is no
        // mismatch against one, and no work is named, so `--emit-claims` makes no claim of it
        // (``CheckFinding/HeldAs/namesakes``) — unless only one of them states numbers of its
        // kind (a register's ratio, the other's rates: "Lahey (2008) … 0.9" is held to the
        // 0.706 ratio).
        var attributedTo = works.first
        if attributed, namesakes.count > 1 {
            var holding: [CitedWork] = []
            for work in namesakes where try claims(of: work).contains(where: { NumberMatch.isSameKind($0, number) }) { holding.append(work) }
            guard holding.count == 1 else {
                let names = namesakes.prefix(3).map(\.slug).joined(separator: " or ")
                return finding(.unsupported, heldAs: .namesakes,
                               "no claim of \(names) states \(number.text); the citation fits each of them, and gives no year suffix to tell which")
            }
            attributedTo = holding[0]
        }
        // The nearest work is what the page attributes the number to: a claim of it of the same
        // kind that says something else is a mismatch.
        if attributed, let work = attributedTo {
            let claims = try claims(of: work)
            // "a sample of 45 of the 453 professionals": a part of the study's n, not its n (review 19, M2).
            if let whole = Self.wholeOfSample(number, in: text) {
                return finding(.unsupported, source: work, "\(number.text) is a part of the \(whole) the page writes it with (a subsample), "
                    + "not a study's n; no claim of \(work.slug) states it")
            }
            // Of the claims of the number's kind, those about a group the clause names ("0.95 for
            // older applicants": the age comparison, not the gender one; trial 13, item 7).
            let sameKind = claimsAbout(groupsOf: clause, among: claims.filter { NumberMatch.isSameKind($0, number) })
            // The cited authors' names are no topic: "Kroft … (2013) found that 9.1% of the
            // employers answered" is not about the claims whose statements name study 'kroft'.
            let topical = context.without(Set(work.authors.flatMap { Self.words($0) }))
            if let claim = best(sameKind, in: topical, atLeast: 1) {
                // Words every such claim holds ("applicants", "callbacks") do not say which one the
                // page gives a wrong figure for: the number is none of theirs, and no claim is
                // named (trial 13, item 7: "0.95" was held to the gender comparison of a work
                // that compares ages too).
                // (A number one of them states with the other sign is judged below, by its sign.)
                if sameKind.count > 1, !names(claim, among: sameKind, topical.sentenceWords),
                   !sameKind.contains(where: { states($0, Self.unsigned(number), asSample: asSample) }) {
                    let listed = sameKind.prefix(4).map { "\(NumberMatch.describe($0, as: number)) (\($0.slug))" }
                    return finding(.mismatch, source: work, expected: listed.joined(separator: " or "), "no claim of \(work.slug) states \(number.text); "
                        + "its \(sameKind.count) claims of this kind state " + listed.joined(separator: ", ") + (sameKind.count > 4 ? ", …" : "")
                        + ", and the sentence does not say which it means")
                }
                let expected = NumberMatch.describe(claim, as: number)
                let signOnly = states(claim, Self.unsigned(number), asSample: asSample)
                    || (number.kind == .ratio && number.sign == .unstated && (claim.value ?? 0) < 0
                        && NumberMatch.equal(-(claim.value ?? 0), number.value, decimals: number.decimals))
                // A direction only implied, or not read at all, is not enough for an error: the
                // right number may be meant (review 14, M1, m3).
                if signOnly, number.isDirectionUnread {
                    return finding(.unsupported, claim: claim, source: work, expected: expected, heldAs: .direction,
                                   "no word says which way \(number.text) goes; \(claim.slug) states \(expected)")
                }
                if signOnly, number.isSignLoose {
                    return finding(.unsupported, claim: claim, source: work, expected: expected, heldAs: .direction,
                                   "the sentence's direction for \(number.text) is only implied, and is the opposite of \(claim.slug)'s (\(expected))")
                }
                // A sign is the claim's only when the sentence writes a word of it that not every
                // claim of the work holds: "ChatGPT expanded the sample of writers by 40%" is not
                // about writing time, whatever its digits (review 18, m6).
                if signOnly, !names(claim, among: claims, context.sentenceWords) {
                    return finding(.unsupported, claim: claim, source: work, expected: expected, heldAs: .direction,
                                   "\(number.text) is \(claim.slug)'s value with the opposite sign, but the sentence writes nothing that only it is about")
                }
                // The claim's value with its sign, "+" too, as the page's is the opposite (trial 8, bug 11).
                let signed = number.kind == .ratio || expected.hasPrefix("-") ? expected : "+" + expected
                var why = signOnly ? "the page's sign is the opposite of \(claim.slug)'s (\(signed))" : "\(claim.slug) states \(expected)"
                // Which claim states the number is read without the sign a word gives it, so a
                // swap keeps its hint ("170 million displaced" where 170 million is the roles
                // created; review 14, m4); the sign decides only the verdict.
                if !signOnly, number.saidDirection != nil,
                   let stating = claims.first(where: { $0.id != claim.id && states($0, Self.unsigned(number), asSample: asSample) }) {
                    why = "the sentence is about \(claim.slug), which states \(expected); \(number.text) is what \(stating.slug) states"
                        + (stating.metric.map { " (\($0))" } ?? "")
                }
                return finding(.mismatch, claim: claim, source: work, expected: expected, why + (Self.weakness(claim, work).map { "; also, \($0)" } ?? ""))
            }
            // "sent 8500 applications": a count of what a study sampled, held against its n —
            // when the work's studies agree on one n; else the page does not say which it means.
            // A sample however written ("n = 45", "we surveyed 45 managers") is held to it too,
            // when no word of the sentence points at one claim (B10).
            let sized = claims.filter { $0.studyN != nil }
            if number.kind == .sampleSize || (number.kind == .count && Self.countsSample(number, characters: lineCharacters)),
               let claim = best(sized, in: context, atLeast: 1) ?? (Set(sized.compactMap(\.studyN)).count == 1 ? sized.first : nil) {
                // "sent 4,870 résumés in total": the n of the work's groups summed (trial 13, item 10).
                if let total = Self.groupsTotal(claims, equal: number) {
                    return finding(.supported, claim: total.claim, source: work, "the n of \(total.count) groups of \(work.slug) summed "
                        + "(\(total.parts)) is \(number.text)")
                }
                let sizes = Set(claims.compactMap(\.studyN)).sorted()
                guard sizes.count == 1 else {
                    return finding(.unsupported, source: work, "no study of \(work.slug) has n = \(number.text); its studies have "
                        + sizes.map { "n = \($0)" }.joined(separator: ", ") + ", and the page does not say which it means")
                }
                let expected = "n = \(sizes[0])"
                return finding(.mismatch, claim: claim, source: work, expected: expected, "\(claim.slug)'s study has \(expected)")
            }
            // "received 1952 callbacks" when 1952 is the study's applications: the KB holds the
            // number as something else (a sample's size, a base), so the finding names that
            // claim, and `--emit-claims` does not make the page's reading a claim (trial 6, item 9).
            if let holder = claims.first(where: { states($0, number, asSample: true, asBase: true) }) {
                return finding(.unsupported, claim: holder, source: work, "no claim of \(work.slug) states \(number.text) as the page gives it; "
                    + "\(holder.slug) holds \(number.text) as its study's n or a base")
            }
            // "saw a 10.9% drop" when 10.9% is the group's callback rate: the KB holds the number
            // as a level, so the finding names that claim and `--emit-claims` does not certify
            // the page's change (review 12, M5). After the mismatch above: a claim the sentence
            // is about that says something else decides first (review 15, M2).
            if number.isChange, number.sign != .unstated || number.isDirectionUnread, let holder = claims.first(where: { Self.holdsAsLevel($0, number) }) {
                return finding(.unsupported, claim: holder, source: work, heldAs: .level, "no claim of \(work.slug) states \(number.text) as a change; "
                    + "\(holder.slug) holds it as a level, not a change")
            }
            return finding(.unsupported, source: work, "no claim of \(work.slug) states \(number.text)")
        }
        // Uncited: a claim that shares the sentence's words and states the number (as its text
        // writes it, which the audit's number-in-quote rule asks of every claim).
        let words = Self.words(sentence)
        var found = try claims(sharingWords: words, limit: 20)
        let rarest = try rarestWords(words)
        if let digits = Self.digitPhrase(number), !rarest.isEmpty {
            // Its digits with the most of the sentence's rarest words.
            found += try claims(sharingMost: [digits] + rarest.prefix(Self.commonTerms - 1), limit: 50)
        }
        found = found.filter { states($0, number, asSample: asSample, asBase: asBase, sampleOnly: sampleWritten) && !Self.countsOtherThings($0, number, in: lineCharacters) }
        // A group's figure only for a sentence about that group.
        found = found.filter { namesGroup(of: $0, in: sentence) }
        // A claim of the place the page names, before one of another place.
        let placed = found.filter { placeConflict($0, sentence: sentence) == nil }
        // A sentence that cites a work the KB lacks is about that work: another work's claim is
        // its finding only when it shares much more than a phrase ("at least 10%" of a genetics
        // claim is not Eloundou et al.'s exposure figure: trial 20, B2).
        let shared = unknownCitation == nil ? 2 : Self.sharedWordsBesideAnUnknownCitation
        if let claim = closest(placed, to: sentence, atLeast: shared) ?? closest(found, to: sentence, atLeast: shared) {
            // Known by slug, so the later passes hold its numbers to its own arms too: an uncited
            // "461 callbacks for women and 507 for men" is the swap it is cited (trial 15, B1).
            claimBySlug[claim.slug] = claim
            // Its work's other claims too, as a citation of the work would read them: the
            // groups' passes then know the work's other comparisons, whether or not a sentence
            // earlier on the page cited it (review 24, B1; trial 16, B2).
            if let id = claim.sourceID, claimsByWork[id] == nil, let work = try index.work(id: id) {
                _ = try claims(of: work)
            }
            if claim.sourceID == nil {
                return finding(.unsupported, claim: claim, "the KB holds this number only as an unsourced assertion (\(claim.slug))")
            }
            if let conflict = placeConflict(claim, sentence: sentence) {
                return finding(.unsupported, claim: claim, heldAs: .place, Self.placeMessage(claim, number, conflict) + "; the page cites no source for it")
            }
            let citing = unknownCitation.map { "; the page cites \($0), a work the KB lacks, for it" } ?? "; the page cites no source for it"
            if let weakness = Self.weakness(claim, nil) { return finding(.weak, claim: claim, weakness + citing) }
            return finding(.supported, claim: claim, supportedMessage(claim, number) + citing)
        }
        if let work = works.first {
            // No `source`: the page does not attribute the sentence to it, so `--emit-claims`
            // must not either.
            // Where the work is cited, truly (review 15, m3): a later sentence's own citation, or
            // a line near it.
            return finding(.unsupported, "its sentence cites nothing; no claim of \(work.slug), cited \(citedAfter ? "after" : "before") it, "
                + "states \(number.text), and no claim that shares its words does")
        }
        // The nearest citation names a work the KB lacks: the page does cite it (trial 13).
        if let unknownCitation {
            return finding(.unsupported, "it cites \(unknownCitation), a work the KB lacks, and no claim that shares its words states it")
        }
        return finding(.unsupported, "no citation near it, and no claim that shares its words states it")
    }
}
