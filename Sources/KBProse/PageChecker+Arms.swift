import Foundation
import KBDomain

/// Numbers a sentence ties together: a value and its sample size across claims, the arms of one
/// claim, counts with their bases, and whether a count is the sample a study drew.
extension PageChecker {
    /// "a callback ratio of 0.85 with n = 653": one clause's value and sample size, each
    /// supported by a different claim of one work, pair numbers of two comparisons. The sample
    /// size is then a mismatch naming the n of the claim that states the value (only a sample
    /// size is held this way: two values of two claims may well share a clause).
    ///
    /// A number several claims write is credited to one of them, so the pairing holds only when
    /// no claim of the work with that n states one of the clause's other numbers: "38 callbacks from 324
    /// applications with n = 653" is Kleykamp's second comparison, which writes the control
    /// arm's "38 from 324" as the first does.
    mutating func pairedAcrossClaims(_ clauses: [(finding: CheckFinding, clause: String)]) -> [CheckFinding] {
        let sizes = clauses.filter { $0.finding.verdict == .supported && $0.finding.number?.kind == .sampleSize }
        guard !sizes.isEmpty, clauses.count > 1 else { return clauses.map(\.finding) }
        let bySlug = claimBySlug
        var out: [CheckFinding] = []
        for item in clauses {
            var finding = item.finding
            guard finding.verdict == .supported, finding.number?.kind == .sampleSize, let source = finding.source,
                  let own = finding.claim.flatMap({ bySlug[$0] }) else { out.append(finding); continue }
            let others = clauses.filter { other in
                other.clause == item.clause && other.finding.number?.kind != .sampleSize && other.finding.number != nil
            }
            // Any claim of the work whose study has this n — not only the one credited with
            // it — may be the comparison the clause writes (review 8, M1).
            let siblings = (own.sourceID.flatMap { claimsByWork[$0] } ?? [own]).filter { $0.studyN == own.studyN }
            let ownStatesOne = siblings.contains { sibling in
                others.contains { other in other.finding.number.map { states(sibling, $0) } ?? false }
            }
            let partner = others.first { other in
                other.finding.verdict == .supported && other.finding.source == source && other.finding.claim != own.slug
            }
            guard !ownStatesOne, let partner, let stating = partner.finding.claim.flatMap({ bySlug[$0] }),
                  let n = stating.studyN, n != own.studyN else { out.append(finding); continue }
            finding.judge(.mismatch, by: stating, expected: "n = \(n)",
                "\(partner.finding.text) is what \(stating.slug) states, whose study has n = \(n); "
                    + "\(finding.text) is the n of another comparison (\(own.slug))")
            out.append(finding)
        }
        return out
    }

    /// A pair of numbers one clause writes, both from one arm of a claim's statement
    /// (``ClaimArms``), and the arm the clause names.
    struct ArmPair {
        var segment: Int
        var claim: EvidenceClaim
        var arms: ClaimArms
        /// The findings' indices, each with the arm that writes its number.
        var members: [(index: Int, arm: Int)]
        var named: ClaimArms.Naming?
        /// The sentence, and the page column of its first character.
        var sentence: String
        var origin: Int
        /// One member and a base every arm writes ("734 callbacks from 2720" when both arms
        /// are of 2720 applications): the base is from no one group, so only a strong naming
        /// of another arm than the member's judges the pair (a mismatch).
        var sharedBase = false
    }

    /// Holds a pair of numbers that one clause writes to the arm of the claim it is written
    /// with: "older applicants got 180 callbacks from 3147 applications" when the claim gives
    /// 180 from 3147 to "'Age 35 or age 45' applicants". The clause names an arm with words
    /// only that arm's label holds ("age 50, 55 or 62", "Anglo-Saxon names"), with a bound
    /// ("under 50"), in a lead-in clause with no number ("For Anglo-Saxon names, …"), or — of
    /// a claim with two arms — by elimination, when another clause of the sentence names the
    /// other arm. Only the misreadings the KB can be sure of are mismatches, as a right number
    /// must never be one: members of another arm than one named strongly
    /// (``ClaimArms/Naming``) when no member is from it, and a count and its base from two
    /// arms ("196 callbacks from 3147"). Same-role numbers of two arms ("196 and 180", "196 vs.
    /// 180") are a comparison. A pair whose arm the page names weakly against it, or does not
    /// name in the KB's words ("older", "younger"), is `unsupported`, as the KB cannot tell
    /// whether the page gives the numbers to the right group. A single number, a claim's value
    /// and a study's n are not held this way.
    mutating func heldToArms(_ findings: [CheckFinding], sentences: [(text: String, range: ClosedRange<Int>)]) -> [CheckFinding] {
        var out = findings
        let candidates = out.indices.filter { out[$0].subject == .number && out[$0].verdict == .supported && out[$0].claim != nil }
        guard !candidates.isEmpty else { return out }
        for sentence in sentences {
            let segments = ClaimArms.segments(of: sentence.text).map { segment in
                (text: segment.text, columns: (sentence.range.lowerBound + segment.range.lowerBound)..<(sentence.range.lowerBound + segment.range.upperBound))
            }
            var pairs: [ArmPair] = []
            var unnamedAlone: [(claim: EvidenceClaim, arms: ClaimArms, member: (index: Int, arm: Int))] = []
            for (offset, segment) in segments.enumerated() {
                var byClaim: [String: [(index: Int, arm: Int)]] = [:]
                var order: [String] = []
                for index in candidates where segment.columns.contains(out[index].column) {
                    guard let slug = out[index].claim, let claim = claimBySlug[slug], let number = out[index].number,
                          !NumberMatch.statesAsValue(claim, number), let arms = arms(of: claim) else { continue }
                    let writing = arms.arms(writing: number)
                    guard writing.count == 1 else { continue }
                    if byClaim[slug] == nil { order.append(slug) }
                    byClaim[slug, default: []].append((index, writing[0]))
                }
                for slug in order {
                    guard let members = byClaim[slug], let claim = claimBySlug[slug], let arms = arms(of: claim) else { continue }
                    let sharedBase = members.count == 1 && Self.hasSharedBase(members[0].index, arms: arms, in: segment.columns, sentence: sentence.text,
                                                                        origin: sentence.range.lowerBound, out)
                    // One arm's count alone ("'Male gender' applicants got 1543 callbacks") is
                    // held to the group its clause names too (trial 8, bug 1).
                    let alone = members.count == 1 && out[members[0].index].number?.kind == .count
                    guard members.count >= 2 || sharedBase || alone else { continue }
                    let written = Set(members.compactMap { out[$0.index].number }.flatMap { ClaimArms.tokens($0.text) })
                    let read = ClaimArms.namingTokens(segment.text)
                    var named = arms.naming(of: segment.text, tokens: read.tokens.subtracting(written), bounds: read.bounds)
                    // "For Anglo-Saxon names, Kleykamp (2009) counted 38 …": the clause right
                    // before, when it writes no number, names the group the numbers are for.
                    if named == nil, offset > 0 {
                        let lead = segments[offset - 1]
                        if !out.contains(where: { $0.subject == .number && lead.columns.contains($0.column) }) {
                            let leadRead = ClaimArms.namingTokens(lead.text)
                            named = arms.naming(of: lead.text, tokens: leadRead.tokens, bounds: leadRead.bounds)
                        }
                    }
                    // "men got 291 …", "mothers 65 from 288": a group named in everyday words
                    // (``groupClasses``) names the arm whose label holds a word of its class —
                    // weakly, as they are not the KB's words (trial 6, item 2).
                    if named == nil {
                        let everyday = Self.everydayTokens(segment.text)
                        if !everyday.isEmpty, let found = arms.naming(of: segment.text, tokens: read.tokens.subtracting(written).union(everyday)) {
                            named = ClaimArms.Naming(arm: found.arm, strong: false)
                        }
                    }
                    // A count alone (or with a base every arm writes) is judged only against a
                    // group its clause names, or when the sentence gives another arm's numbers
                    // and names no group there either (below).
                    if sharedBase, named == nil { unnamedAlone.append((claim, arms, members[0])) }
                    if alone, !sharedBase, named == nil {
                        unnamedAlone.append((claim, arms, members[0]))
                        continue
                    }
                    pairs.append(ArmPair(segment: offset, claim: claim, arms: arms, members: members, named: named,
                                         sentence: sentence.text, origin: sentence.range.lowerBound, sharedBase: sharedBase))
                }
            }
            // One arm named by two clauses: a strong naming stands against weak ones; else
            // the naming is unreliable ("Black applicants …, compared with 38 from 324 for
            // white-sounding names").
            for p in pairs.indices {
                guard let arm = pairs[p].named?.arm else { continue }
                let same = pairs.indices.filter { pairs[$0].claim.id == pairs[p].claim.id && pairs[$0].named?.arm == arm }
                guard same.count > 1 else { continue }
                let strong = same.filter { pairs[$0].named?.strong == true }
                if strong.count != 1 || pairs[p].named?.strong != true { pairs[p].named = nil }
            }
            // Of two arms, a clause that names neither is the other of one its sentence names
            // (weakly: elimination alone makes no mismatch).
            let named = pairs
            for p in pairs.indices where pairs[p].named == nil && pairs[p].arms.arms.count == 2 {
                let others = named.filter { $0.claim.id == pairs[p].claim.id && $0.segment != pairs[p].segment && $0.named != nil }
                if others.count == 1, let other = others[0].named { pairs[p].named = ClaimArms.Naming(arm: 1 - other.arm, strong: false) }
            }
            for pair in pairs { Self.judge(pair, &out) }
            // "older applicants got 566 callbacks from 1836 applications, younger ones 222": a
            // count whose clause names no group (with or without a base every arm writes), in a
            // sentence that gives another arm of the claim its numbers and names no group there
            // either, may be swapped (review 18, M5); a count alone ("counted 734 callbacks from
            // 2720") is not judged.
            for alone in unnamedAlone {
                let otherArm = unnamedAlone.contains { $0.claim.id == alone.claim.id && $0.member.arm != alone.member.arm }
                    || pairs.contains { $0.claim.id == alone.claim.id && $0.named == nil && $0.members.contains { $0.arm != alone.member.arm } }
                guard otherArm, out[alone.member.index].verdict == .supported else { continue }
                out[alone.member.index].verdict = .unsupported
                out[alone.member.index].message = "\(alone.claim.slug) writes \(out[alone.member.index].text) for "
                    + "\(alone.arms.name(of: alone.member.arm)); the page does not name that group in the KB's words, "
                    + "so the KB cannot tell whether it gives the numbers to the right one"
            }
        }
        return out
    }

    /// Whether the number of finding `member` is a count whose base, right after it in the
    /// clause ("734 callbacks from 2720"), every arm of the claim writes: a base of the same
    /// size in each arm, the usual design of a correspondence test.
    static func hasSharedBase(_ member: Int, arms: ClaimArms, in columns: Range<Int>, sentence: String, origin: Int, _ out: [CheckFinding]) -> Bool {
        guard let count = out[member].number else { return false }
        return out.indices.contains { index in
            guard index != member, out[index].subject == .number, columns.contains(out[index].column),
                  out[index].column > out[member].column, let base = out[index].number,
                  arms.arms(writing: base).count == arms.arms.count else { return false }
            return isCountAndBase(sentence, from: out[member].column - origin + count.text.count, to: out[index].column - origin)
        }
    }

    /// The verdicts of one ``ArmPair``'s numbers (see ``heldToArms(_:sentences:)``).
    static func judge(_ pair: ArmPair, _ out: inout [CheckFinding]) {
        let slug = pair.claim.slug
        func label(_ arm: Int) -> String { pair.arms.name(of: arm) }
        func written(_ arm: Int) -> String { pair.arms.arms[arm].numbers.map(\.text).joined(separator: " and ") }
        let texts = pair.members.map { out[$0.index].text }.joined(separator: " and ")
        let armsWritten = Set(pair.members.map(\.arm))
        func unsupported(_ arm: Int) {
            for member in pair.members {
                out[member.index].verdict = .unsupported
                out[member.index].message = "\(slug) writes \(texts) for \(label(arm)); the page does not name that group in the KB's words, "
                    + "so the KB cannot tell whether it gives the numbers to the right one"
            }
        }
        let against = pair.named.flatMap { armsWritten.contains($0.arm) ? nil : $0 }
        if pair.sharedBase, against?.strong != true {
            // A weak naming of the other arm ("male applicants got 291 callbacks from 2494"
            // when 291 is the female arm's): the KB cannot tell the page gives it to the right group.
            if against != nil, let arm = armsWritten.first { unsupported(arm) }
            return
        }
        if let named = against, !named.strong, armsWritten.count == 1, let arm = armsWritten.first {
            unsupported(arm)
        } else if let named = against, named.strong {
            for member in pair.members {
                out[member.index].verdict = .mismatch
                out[member.index].expected = written(named.arm)
                out[member.index].message = "\(slug) writes \(out[member.index].text) for \(label(member.arm)), not for \(label(named.arm)), "
                    + "for whom it writes \(written(named.arm))"
            }
        } else if armsWritten.count > 1 {
            // Where a member's number stands among its arm's numbers (a count first, its base next).
            func position(_ member: (index: Int, arm: Int)) -> Int? {
                guard let number = out[member.index].number else { return nil }
                return pair.arms.arms[member.arm].numbers.firstIndex { NumberMatch.writes([$0], number, level: true) }
            }
            // Only a count and its base from two arms ("196 callbacks from 3147"): numbers at
            // the same place in their arms ("196 and 180") are the page comparing the groups.
            let ordered = pair.members.sorted { out[$0.index].column < out[$1.index].column }
            for (a, b) in zip(ordered, ordered.dropFirst()) where a.arm != b.arm {
                guard let first = out[a.index].number, let second = out[b.index].number,
                      let at = pair.arms.arms[a.arm].numbers.firstIndex(where: { NumberMatch.writes([$0], first, level: true) }),
                      let bt = pair.arms.arms[b.arm].numbers.firstIndex(where: { NumberMatch.writes([$0], second, level: true) }),
                      at != bt, isCountAndBase(pair.sentence, from: out[a.index].column - pair.origin + first.text.count,
                                               to: out[b.index].column - pair.origin) else { continue }
                for member in [a, b] {
                    out[member.index].verdict = .mismatch
                    out[member.index].expected = written(member.arm)
                    out[member.index].message = "\(out[a.index].text) and \(out[b.index].text) come from different groups of \(slug): "
                        + "it writes \(out[member.index].text) for \(label(member.arm)), with \(written(member.arm))"
                }
            }
            // "sent 2004 applications with an LGB+ affiliation and got 518 callbacks" (B8): a
            // clause that names one arm and writes, with that arm's number, another arm's number
            // of another role (a base with a count) gives it to the named group: a mismatch
            // naming the group's own figure. Numbers of one role ("287 against 385") compare.
            if let named = pair.named, armsWritten.contains(named.arm) {
                let ownPositions = Set(pair.members.filter { $0.arm == named.arm }.compactMap(position))
                for member in pair.members where member.arm != named.arm && out[member.index].verdict == .supported {
                    guard let at = position(member), !ownPositions.contains(at) else { continue }
                    let figures = pair.arms.arms[named.arm].numbers
                    let expected = at < figures.count ? figures[at].text : written(named.arm)
                    out[member.index].verdict = .mismatch
                    out[member.index].expected = expected
                    out[member.index].message = "the clause gives \(out[member.index].text) to \(label(named.arm)) with "
                        + pair.members.filter { $0.arm == named.arm }.map { out[$0.index].text }.joined(separator: " and ")
                        + "; \(slug) writes \(out[member.index].text) for \(label(member.arm)), and \(expected) for \(label(named.arm))"
                }
            }
            // "childless women got 69 callbacks from 288 applications and mothers 65 from 288":
            // both groups in one clause, each number's own stretch (up to the "and" that joins
            // them) names a group; a number given to the other arm's group is not supported —
            // not a mismatch on its own, as the stretch is the page's grammar read loosely (trial 6,
            // item 2), but when each of two groups' numbers is given to the other (below).
            if pair.named == nil {
                var swapped: [(member: (index: Int, arm: Int), named: Int)] = []
                for member in pair.members where out[member.index].verdict == .supported {
                    guard let number = out[member.index].number else { continue }
                    // Under "respectively" each number's group is the one in its place (trial 14, B2).
                    let offset = out[member.index].column - pair.origin
                    let respective = respectiveClause(pair.sentence, numberAt: offset)
                    let stretch = respective != pair.sentence ? respective : clause(at: offset, in: pair.sentence)
                    guard let named = armNamed(in: stretch, of: pair.arms, besides: [number]), named.arm != member.arm else { continue }
                    out[member.index].verdict = .unsupported
                    out[member.index].message = "\(slug) writes \(out[member.index].text) for \(label(member.arm)), but the page's clause names "
                        + "\(label(named.arm)), so the KB cannot tell whether it gives the number to the right group"
                    swapped.append((member, named.arm))
                }
                // Two groups' counts each given to the other group, as the claim writes them ("mothers got 21
                // callbacks and childless women 10" for 10 and 21): the page swapped them, a mismatch of each
                // (trial 19, m2), where one number alone read loosely is not.
                let positions = swapped.compactMap { position($0.member) }
                if swapped.count == 2, swapped.count == pair.members.count, swapped[0].member.arm == swapped[1].named,
                   swapped[1].member.arm == swapped[0].named, positions.count == 2, positions[0] == positions[1] {
                    for swap in swapped {
                        let figures = pair.arms.arms[swap.named].numbers
                        let expected = positions[0] < figures.count ? figures[positions[0]].text : written(swap.named)
                        out[swap.member.index].verdict = .mismatch
                        out[swap.member.index].expected = expected
                        out[swap.member.index].message = "the page gives \(out[swap.member.index].text) to \(label(swap.named)) and the other "
                            + "group's figure to \(label(swap.member.arm)); \(slug) writes \(out[swap.member.index].text) for "
                            + "\(label(swap.member.arm)) and \(expected) for \(label(swap.named))"
                    }
                }
            }
        } else if pair.named == nil, let arm = armsWritten.first {
            unsupported(arm)
        }
    }

    /// Whether the page's words between a count and the next number make it that count's base:
    /// "196 callbacks from 3147", "196 callbacks came from 3147", "196 of 3147", "196 out of
    /// 3147" (at most two words, then "from", "of" or "out of"; as ``NumberReader/isPairedCount``).
    static func isCountAndBase(_ sentence: String, from start: Int, to end: Int) -> Bool {
        let c = Array(sentence)
        guard start >= 0, end <= c.count, start <= end else { return false }
        var words = String(c[start..<end]).lowercased().split(separator: " ").map(String.init)
        guard let last = words.popLast(), last == "from" || last == "of" else { return false }
        if last == "of", words.last == "out" { words.removeLast() }
        return words.count <= 2
    }

    /// The claim's arms, read once a page.
    mutating func arms(of claim: EvidenceClaim) -> ClaimArms? {
        if let known = armsByClaim[claim.id] { return known }
        let arms = ClaimArms(statement: claim.statement)
        armsByClaim[claim.id] = arms
        return arms
    }

    /// The number with no sign, to ask whether a claim states it but for its sign.
    static func unsigned(_ number: ProseNumber) -> ProseNumber {
        ProseNumber(value: number.value, upper: number.upper, scale: number.scale, decimals: number.decimals,
                    kind: number.kind, sign: .unstated, isApproximate: false, column: 0, text: "")
    }

    /// The nouns that, right after a count, say it counts a study's sample ("8500 applications").
    /// What a study counts among its results ("callbacks", "firms" called back) is not one.
    /// The words a sample's description does not run across ("453 of the professionals").
    static let bridgeStops: Set<String> = ["of", "from", "to", "in", "per", "for", "among", "at", "by", "with", "and", "or", "the", "a", "an",
                                           "than", "who", "that", "were", "was"]

    static let sampleNouns: Set<String> = ["applications", "applicants", "participants", "respondents", "workers", "employees", "subjects",
                                           "observations", "resumes", "résumés", "individuals", "people", "persons", "cvs", "students",
                                           "patients", "interviewees", "households", "adults", "children", "writers", "professionals",
                                           "jobseekers", "seekers", "candidates", "graduates", "volunteers", "consultants", "teachers",
                                           "nurses", "managers"]

    /// The verbs that make the count after them a sample's size: what a study sent out or
    /// drew, never what it got back ("received 8002 callbacks" is a result).
    static let samplingVerbs: Set<String> = ["sent", "tested", "recruited", "studied", "surveyed", "sampled", "enrolled", "mailed", "submitted",
                                             "interviewed", "observed", "followed"]
    /// What a study counts among its results, which a sample noun after it does not make a sample.
    static let countNounsOfResults: Set<String> = ["callbacks", "responses", "replies", "interviews", "invitations", "offers", "of", "from", "out"]

    /// Whether the page says the count is a sample's size: a sample noun right after it ("sent
    /// 8500 applications"), "sample of" right before it, or "in total" right after it ("8500 in
    /// total", "8500 applications in total"); whole words only. "250 callbacks in total", "for
    /// example" and "sampled" elsewhere in the clause do not make a count a sample's size.
    static func countsSample(_ number: ProseNumber, in line: String) -> Bool {
        countsSample(number, characters: Array(line))
    }

    /// ``countsSample(_:in:)`` of a line already split into characters (a long line's numbers
    /// each ask: ``characters(of:)``).
    static func countsSample(_ number: ProseNumber, characters c: [Character]) -> Bool {
        let start = number.column - 1
        let end = start + number.text.count
        guard start >= 0, end <= c.count else { return false }
        let after = NumberReader.words(after: end, in: c, count: 3).map { $0.lowercased() }
        let before = NumberReader.words(before: start, in: c, count: 3).map { $0.lowercased() }
        if let next = after.first, sampleNouns.contains(next) { return true }
        // "tested 1237 older applicants", "recruited 1543 women": a sampling verb before it, or
        // a sample noun after one word (trial 8, bug 3).
        if let verb = NumberReader.wordsOfClause(before: start, in: c, count: 1).last?.lowercased(), samplingVerbs.contains(verb) { return true }
        // "we surveyed a total of 45 managers", "45 managers were surveyed" (B10).
        if NumberReader.isDrawnSample(c, first: start, after: end) { return true }
        if after.count >= 2, sampleNouns.contains(after[1]), !countNounsOfResults.contains(after[0]) { return true }
        // "with 453 college-educated professionals": two words of description before the noun
        // (trial 11, B5), none a result's noun or a word that starts another phrase.
        if after.count >= 3, sampleNouns.contains(after[2]),
           !after[..<2].contains(where: { countNounsOfResults.contains($0) || Self.bridgeStops.contains($0) }) { return true }
        if after.starts(with: ["job", "seekers"]) { return true }
        if after.starts(with: ["in", "total"]) { return true }
        if before.suffix(2) == ["sample", "of"] || before.suffix(3) == ["sample", "size", "of"] { return true }
        return false
    }
}
