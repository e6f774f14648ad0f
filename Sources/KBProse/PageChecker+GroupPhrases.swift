import KBDomain

/// Each number held to the group its own phrase names (trial 16, B1, B3, M11): "23.4% for white
/// men" is not supported by the claim that 23.4% is 'black male''s rate, and in "12.2%, 16.3%
/// and 11.6% for straight, gay and lesbian applicants, respectively" 11.6% is the lesbian
/// applicants'. The earlier passes read a clause's group words; this one reads the one phrase
/// that gives the number its group (``GroupPhrase``) and holds it to every group of the work
/// the number could be of: the groups of the work's one-group claims ('black male', 'age 57 or
/// age 58'), or the arms of the crediting claim ('Female gender' and 'Male gender' of "717
/// callbacks from 6567 applications, … 569 from 6343").
extension PageChecker {
    /// A group the number could be of: a one-group claim, or one arm of a claim.
    struct GroupCandidate {
        var claim: EvidenceClaim
        var arm: Int?
        var label: String
        var terms: GroupTerms
    }

    /// The last say on the line's supported numbers (and, under "respectively", on every number
    /// credited to a group): when the number's phrase names one group of its work better than
    /// any other, and that is not the group whose claim (or arm) credits the number, the number
    /// goes to that group's claim when it states it, else it is a `mismatch` against what that
    /// group's claim states (or `unsupported` when it states nothing of the kind).
    mutating func heldToGroupPhrases(_ findings: [CheckFinding], sentences: [(text: String, range: ClosedRange<Int>)]) -> [CheckFinding] {
        var out = findings
        let numbered = Set(out.indices.filter { out[$0].subject == .number && out[$0].claim != nil && out[$0].number != nil })
        guard !numbered.isEmpty else { return out }
        for sentence in sentences {
            let inside = out.indices.filter { out[$0].subject == .number && sentence.range.contains(out[$0].column) }
                .sorted { out[$0].column < out[$1].column }
            guard inside.contains(where: { numbered.contains($0) }) else { continue }
            let placed: [GroupPhrase.Placed] = inside.map { (out[$0].column - sentence.range.lowerBound, out[$0].text) }
            // A list of groups paired with a list of numbers: under "respectively", the pairing
            // is the numbers' phrase; without it, groups written before their numbers are read
            // after each number's own phrase (trial 17, B1).
            let explicit = sentence.text.range(of: "respectively", options: .caseInsensitive) != nil
            let mayPair = explicit || sentence.text.contains(" and ")
            let pairing = !mayPair ? nil : GroupPhrase.pairedList(sentence.text, numbers: placed, implicit: !explicit) {
                CitationReader.citations(in: sentence.text).map { ($0.column - 1)..<($0.column - 1 + $0.text.count) }
            }
            let pairs = pairing?.pairs
            var afters: [String] = []
            var afterEnds: [Int] = []
            for (k, number) in placed.enumerated() {
                let span = GroupPhrase.afterSpan(number, in: sentence.text, next: k + 1 < placed.count ? placed[k + 1].offset : nil)
                afters.append(span.text)
                afterEnds.append(span.end)
            }
            // "85 callbacks from 952 applications for Black-sounding names": a count and its
            // base share the phrase after the base.
            for k in placed.indices.dropLast().reversed() where afters[k].isEmpty && GroupPhrase.joinsBase(placed[k], placed[k + 1], in: sentence.text) {
                afters[k] = afters[k + 1]
            }
            for (k, index) in inside.enumerated() where numbered.contains(index) {
                let finding = out[index]
                guard let number = finding.number, number.kind != .sampleSize, let slug = finding.claim, let credited = claimBySlug[slug],
                      let work = credited.sourceID else { continue }
                // A supported number is held here, and one an earlier pass left unsupported for
                // its group; a number of a list paired with a list of groups, with or without
                // "respectively", is read again whatever an earlier pass said of its nearest
                // group word (M11).
                let paired = pairs?[k]
                let respective = explicit && paired != nil
                guard finding.verdict == .supported || (paired != nil && finding.verdict != .weak)
                    || (finding.verdict == .unsupported && finding.heldAs == nil) else { continue }
                let authors = Set((citedWorks[work]?.authors ?? []).flatMap { Self.letterWords($0) })
                func terms(_ text: String) -> GroupTerms {
                    // A phrase that quotes a group ("applicants signalling 'current'", as the KB
                    // and a brief write it) is that group; the study's aside ("In study
                    // 'figinski' (military service or affiliation)") is not.
                    let quoted = Self.quotedGroups(text)
                    var terms = GroupTerms(quoted.isEmpty ? text : quoted.joined(separator: " "))
                    terms.words.subtract(authors)
                    terms.classes = Self.groupClassIndices(terms.words)
                    return terms
                }
                let phrases: [String]
                if let paired, respective {
                    phrases = [paired]
                } else {
                    let before = GroupPhrase.before(placed[k], in: sentence.text, from: k > 0 ? afterEnds[k - 1] : 0)
                    // Groups listed after their numbers ("24.5% and 24% for applicants under and
                    // over 40") come before the last number's own cut-off phrase.
                    let own = [afters[k]], listed = paired.map { [$0] } ?? []
                    phrases = (pairing?.groupsAfter == true ? listed + own : own + listed) + [before, sentence.text]
                }
                guard let judged = judgeByPhrase(finding, number: number, credited: credited, work: work, phrases: phrases, terms: terms)
                else { continue }
                out[index] = judged
            }
        }
        return out
    }

    /// A claim's one group: the one group its statement quotes, when it has no arms.
    struct OneGroup {
        var label: String
        var terms: GroupTerms
    }

    /// The one group `claim` is about (see ``OneGroup``), read once a page.
    mutating func oneGroup(of claim: EvidenceClaim) -> OneGroup? {
        if let known = oneGroupByClaim[claim.id] { return known }
        let groups = Self.quotedGroups(claim.statement)
        let group = groups.count == 1 && arms(of: claim) == nil ? OneGroup(label: groups[0], terms: GroupTerms(groups[0])) : nil
        oneGroupByClaim[claim.id] = group
        return group
    }

    /// The groups `number` could be of, and the one that credits it: the arms of `credited`
    /// when it has arms and one of them writes the number; else the work's one-group claims
    /// that state a number of its kind, when `credited` is one of them.
    mutating func groupCandidates(for number: ProseNumber, credited: EvidenceClaim, work: Int64, finding: CheckFinding)
        -> (all: [GroupCandidate], holder: Int)? {
        if let arms = arms(of: credited) {
            // A pair the arms' pass judged stands: only a number it left supported is held here.
            guard finding.verdict == .supported, !NumberMatch.statesAsValue(credited, number) else { return nil }
            let writing = arms.arms(writing: number)
            guard writing.count == 1 else { return nil }
            let all = arms.arms.indices.map { index in
                let label = Self.quotedGroups(arms.arms[index].label).first ?? arms.arms[index].label
                return GroupCandidate(claim: credited, arm: index, label: label, terms: GroupTerms(label))
            }
            return (all, writing[0])
        }
        guard oneGroup(of: credited) != nil, let siblings = claimsByWork[work], siblings.count > 1 else { return nil }
        var all: [GroupCandidate] = []
        var holder: Int?
        for sibling in siblings {
            guard let group = oneGroup(of: sibling) else { continue }
            if sibling.id == credited.id {
                holder = all.count
            } else if !NumberMatch.isSameKind(sibling, number) {
                continue
            }
            all.append(GroupCandidate(claim: sibling, arm: nil, label: group.label, terms: group.terms))
        }
        guard let holder, all.count > 1 else { return nil }
        return (all, holder)
    }

    /// The finding as the first of `phrases` that names a group tells it (nil: unchanged).
    /// A group named strongly (``GroupTerms/isStronglyNamed(by:)``) that is not the crediting
    /// one makes the number a `mismatch` against what that group's claim (or arm) states; a
    /// group named by one word or its class only makes it `unsupported`, as the word may be the
    /// page's loose name for either (trial 6, item 2; review 8). A number the group's claim
    /// states is that claim's.
    mutating func judgeByPhrase(_ finding: CheckFinding, number: ProseNumber, credited: EvidenceClaim, work: Int64, phrases texts: [String],
                                terms: (String) -> GroupTerms) -> CheckFinding? {
        // A number of a list that an earlier pass judged against another group's claim is read
        // from that claim: its place in the list says whose it is.
        var finding = finding
        guard let (all, holder) = groupCandidates(for: number, credited: credited, work: work, finding: finding) else { return nil }
        var namedBefore = false
        // Each phrase's terms are read only when the phrases before it did not decide.
        let phrases = texts.lazy.map(terms)
        for (order, phrase) in phrases.enumerated() where !phrase.isEmpty {
            // The first phrase that names one group better than the rest decides. The whole
            // sentence is the last resort, read only when no narrower phrase named any group
            // ("180 for younger ones" names an age, not which; the sentence's other groups are
            // not its) and when it names one group alone: "Of the 6343 applications sent for
            // women, 569 got a callback".
            let isSentence = order == phrases.count - 1 && phrases.count > 1
            guard all.contains(where: { $0.terms.isNamed(by: phrase) }) else { continue }
            if isSentence, namedBefore { return nil }
            namedBefore = true
            let scores = all.map { $0.terms.score(of: phrase) }
            guard let top = scores.max(), top > 0 else { continue }
            if isSentence, scores.filter({ $0 > 0 }).count > 1 { return nil }
            let best = scores.indices.filter { scores[$0] == top }
            guard best.count == 1 else { continue }
            let named = all[best[0]]
            let strong = named.terms.isStronglyNamed(by: phrase)
            if best[0] == holder {
                // A group named strongly by the number's own phrase (or its place in a
                // "respectively" list, M11) is the number's after all, when its claim states it:
                // an earlier pass that read the clause's other words ("younger") is overruled.
                // Not the whole sentence: its other clauses' groups are not the number's
                // ("White applicants got callbacks at 10.5% (…); men got callbacks at 9.2% (…)").
                guard finding.verdict == .unsupported, strong, !isSentence, named.arm == nil,
                      states(credited, number, asSample: false, asBase: false) else { return nil }
                finding.judge(.supported, by: credited, expected: nil, supportedMessage(credited, number))
                return finding
            }
            if scores[holder] > 0, !strong { return nil }
            let phraseWords = named.terms.naming(in: phrase).joined(separator: " ")
            let holderLabel = all[holder].label
            if named.arm == nil, states(named.claim, number) {
                guard finding.verdict != .supported || finding.claim != named.claim.slug else { return nil }
                finding.judge(.supported, by: named.claim, expected: nil, supportedMessage(named.claim, number))
                return finding
            }
            guard strong else {
                guard finding.verdict == .supported else { return nil }
                finding.verdict = .unsupported
                finding.message = "\(finding.text) is what \(credited.slug) states for \(holderLabel), but the page gives it to \(phraseWords), "
                    + "a word of \(named.label); the KB cannot tell that the number is that group's"
                return finding
            }
            if let arm = named.arm, let arms = arms(of: named.claim), let held = all[holder].arm {
                // The same place in the other arm: callbacks for callbacks, applications for applications.
                guard let position = arms.arms[held].numbers.firstIndex(where: { NumberMatch.writes([$0], number, level: true) }),
                      position < arms.arms[arm].numbers.count else { return nil }
                let expected = arms.arms[arm].numbers[position].text
                finding.judge(.mismatch, by: named.claim, expected: expected,
                    "the page gives \(finding.text) to the group it names (\(phraseWords)); \(named.claim.slug) writes \(expected) for "
                        + "\(named.label) and \(finding.text) for \(holderLabel)")
                return finding
            }
            let expected = NumberMatch.describe(named.claim, as: number)
            let stating = states(credited, number) ? "; \(finding.text) is what \(credited.slug) states, for \(holderLabel)" : ""
            finding.judge(.mismatch, by: named.claim, expected: expected,
                "the page gives \(finding.text) to the group it names (\(phraseWords)); \(named.claim.slug) states \(expected) for \(named.label)" + stating)
            return finding
        }
        return nil
    }
}
