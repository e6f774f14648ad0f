import Foundation

/// Finds the numbers a line of prose states as findings, and leaves out those that are not
/// findings: years ("2023", "by 2030"), page and section numbers ("p. 12", "§3"), a journal's
/// volume(issue) ("381(6654)"), durations ("5-15 minute"), and numbers inside URLs and DOIs.
public enum NumberReader {
    static let approximations: Set<String> = ["roughly", "about", "around", "approximately", "nearly", "almost", "some", "circa", "~", "≈"]
    /// Stems of the verbs that say a number is a decrease or an increase ("cut", "reduced"),
    /// the verbs of the comparatives among them ("shortened", "strengthened"; review 15, M4).
    static let decreases = ["reduc", "decreas", "declin", "shrank", "shrink", "shrunk", "displac", "narrow", "lower", "dropp",
                            "shorten", "trim", "slash", "shave", "shaved", "curtail", "compress", "halv", "curb", "lessen", "diminish",
                            "weaken", "worsen", "deteriorat", "plung", "plummet", "tumbl", "sank", "sunk", "dipp", "contracted", "downgrad", "erod",
                            // What a loss of jobs or of quality is written with (trial 12, B5).
                            "eliminat", "destroy", "destruct", "remov", "erase", "erasing", "wiped", "wiping", "slump", "shortfall",
                            "penalt", "deficit", "contraction"]
    static let increases = ["rais", "increas", "boost", "improv", "gain", "higher", "grew", "grow",
                            "enhanc", "lift", "elevat", "bump", "strengthen", "upgrad", "doubl", "tripl", "lengthen", "extend", "expand",
                            "widen", "deepen", "climb", "soar", "surged", "spik", "jump", "amplif", "heighten", "augment"]
    /// ``decreases`` and ``increases`` by their first character: a word is held to the stems it
    /// could start with, not to all of them (each word of a number's lead is asked).
    static let decreaseStems = Dictionary(grouping: decreases, by: { $0.first ?? " " })
    static let increaseStems = Dictionary(grouping: increases, by: { $0.first ?? " " })

    /// Whether `word` starts with one of the stems (``decreaseStems``, ``increaseStems``).
    static func startsWithStem(_ word: String, _ stems: [Character: [String]]) -> Bool {
        guard let first = word.first, let candidates = stems[first] else { return false }
        return candidates.contains(where: word.hasPrefix)
    }
    /// Short words that say the same, matched whole.
    static let decreaseWords: Set<String> = ["cut", "cuts", "fell", "fall", "falls", "drop", "drops", "lost", "lose", "down", "fewer", "less", "loss",
                                                   "losses", "dip", "dips", "shed", "sheds", "axed"]
    static let increaseWords: Set<String> = ["rose", "rise", "rises", "up", "added", "adds"]
    /// The participles that, after a number and its noun, say it is a decrease ("78 million
    /// jobs lost", "170 million roles eliminated").
    static let decreaseParticiples: Set<String> = ["displaced", "lost", "cut", "fewer", "lower", "less", "eliminated", "destroyed", "removed",
                                                   "erased", "wiped", "shed", "axed", "slashed", "scrapped"]
    /// The nouns of a change, right after its number ("an 18% decline", "a 40% increase").
    static let decreaseNouns: Set<String> = ["decline", "declines", "reduction", "reductions", "decrease", "decreases", "drop", "drops", "fall",
                                             "falls", "cut", "cuts", "loss", "losses", "dip", "dips", "slump", "slumps", "contraction",
                                             "shortfall", "shortfalls", "penalty", "penalties", "deficit", "deficits", "deterioration"]
    static let increaseNouns: Set<String> = ["increase", "increases", "rise", "rises", "gain", "gains", "growth", "jump", "jumps", "boost",
                                             "boosts", "improvement", "improvements", "surge"]
    static let durations: Set<String> = ["yr", "yrs", "year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours",
                                         "minute", "minutes", "min", "mins", "second", "seconds"]
    static let scales: [String: Double] = ["k": 1e3, "K": 1e3, "thousand": 1e3, "M": 1e6, "million": 1e6, "mn": 1e6, "millions": 1e6,
                                           "bn": 1e9, "B": 1e9, "billion": 1e9, "billions": 1e9, "trillion": 1e12]
    static let currencies: Set<Character> = ["$", "£", "€", "¥"]
    static let dashes: Set<Character> = ["-", "\u{2013}", "\u{2014}", "\u{2212}"]

    /// The findings' numbers in `line`; characters in `masked` (1-based columns) are skipped.
    public static func numbers(in line: String, masked: [ClosedRange<Int>] = []) -> [ProseNumber] {
        let c = Array(line)
        var out: [ProseNumber] = []
        var i = 0
        var afterGlued = -1
        let blobs = longRuns(c)
        var blob = 0
        while i < c.count {
            // A run of characters too long for a word (base64, a data URI, a hash) holds no
            // finding's number: skipped whole, so such a line costs what its length costs.
            while blob < blobs.count, blobs[blob].upperBound <= i { blob += 1 }
            if blob < blobs.count, blobs[blob].contains(i) { i = blobs[blob].upperBound; continue }
            let startsNumber = c[i].isASCIIDigit || (c[i] == "." && i + 1 < c.count && c[i + 1].isASCIIDigit && (i == 0 || !c[i - 1].isASCIIDigit))
            guard startsNumber, i == 0 || i == afterGlued || !(c[i - 1].isASCIIDigit || c[i - 1].isWordLetter || c[i - 1] == "." && c[i].isASCIIDigit),
                  !masked.contains(where: { $0.contains(i + 1) }) else {
                i += 1
                continue
            }
            // "202526%", "20252030": a reference list that runs its year into the title; the
            // year is read as a year, and what follows as itself.
            if i != afterGlued, let glued = gluedYear(c, at: i) { i = glued; afterGlued = glued; continue }
            let (value, decimals, hasSeparator, end) = scan(c, from: i)
            var next = max(end, i + 1)
            if let value {
                if let number = reading(c, start: i, end: end, value: value, decimals: decimals, hasSeparator: hasSeparator) {
                    out.append(number.0)
                    next = max(next, number.1)
                } else if end + 1 < c.count, dashes.contains(c[end]), c[end + 1].isASCIIDigit {
                    // The upper end of a range that is not a finding ("pp. 187–192") is not one either.
                    next = end + 1
                    while next < c.count, c[next].isASCIIDigit { next += 1 }
                }
            }
            i = next
        }
        return out
    }

    /// The prefixes of a catalogue's identifier written before its digits ("arXiv:2303.10130",
    /// "PMID: 12345678", "ISBN 978…"): the number names a work, it is no finding.
    static let identifierPrefixes: Set<String> = ["arxiv", "pmid", "pmcid", "isbn", "issn", "hdl", "urn", "ssrn"]

    /// Whether the digits at `start` follow an identifier's prefix (``identifierPrefixes``),
    /// with a colon or a space between.
    static func isIdentifier(_ c: [Character], start: Int) -> Bool {
        var end = start
        while end > 0, c[end - 1] == " " || c[end - 1] == ":" { end -= 1 }
        guard end < start else { return false }
        var first = end
        while first > 0, c[first - 1].isWordLetter { first -= 1 }
        guard first < end else { return false }
        return identifierPrefixes.contains(String(c[first..<end]).lowercased())
    }

    /// The longest a run of characters without a space or a table's `|` may be and still be
    /// prose: longer ones are data (base64, a data URI, a hash), not words.
    static let longestWord = 200

    /// The runs of `c` longer than ``longestWord`` without a space or a `|`, in order.
    static func longRuns(_ c: [Character]) -> [Range<Int>] {
        // A text no longer than a word holds no such run (most claims' statements): no scan.
        guard c.count > longestWord else { return [] }
        var runs: [Range<Int>] = []
        var start = 0
        func breaks(_ character: Character) -> Bool {
            if let ascii = character.asciiValue { return ascii == 32 || (9...13).contains(ascii) || ascii == 124 }
            return character.isWhitespace
        }
        for index in 0...c.count where index == c.count || breaks(c[index]) {
            if index - start > longestWord { runs.append(start..<index) }
            start = index + 1
        }
        return runs
    }

    /// Where the number after a glued year starts: six to eight digits, the first four a
    /// year, followed by `%` or themselves a year.
    static func gluedYear(_ c: [Character], at start: Int) -> Int? {
        var end = start
        while end < c.count, c[end].isASCIIDigit { end += 1 }
        let count = end - start
        guard (6...8).contains(count), end == c.count || (c[end] != "," && c[end] != "."),
              let year = Int(String(c[start..<(start + 4)])), (1900...2100).contains(year) else { return nil }
        let rest = Int(String(c[(start + 4)..<end])) ?? 0
        let isPercent = end < c.count && c[end] == "%"
        return isPercent || (count == 8 && (1900...2100).contains(rest)) ? start + 4 : nil
    }

    /// Digits with thousands separators and a decimal point, from `start`.
    static func scan(_ c: [Character], from start: Int) -> (Double?, Int, Bool, Int) {
        var digits = ""
        var decimals = 0
        var seenPoint = false
        var hasSeparator = false
        var i = start
        while i < c.count {
            if c[i].isASCIIDigit {
                digits.append(c[i])
                if seenPoint { decimals += 1 }
            } else if c[i] == ".", !seenPoint, i + 1 < c.count, c[i + 1].isASCIIDigit {
                digits.append(".")
                seenPoint = true
            } else if c[i] == ",", !seenPoint, !digits.isEmpty, i + 3 < c.count, (1...3).allSatisfy({ c[i + $0].isASCIIDigit }),
                      i + 4 >= c.count || !c[i + 4].isASCIIDigit {
                hasSeparator = true
            } else {
                break
            }
            i += 1
        }
        return (Double(digits.hasPrefix(".") ? "0" + digits : digits), decimals, hasSeparator, i)
    }

    /// The number starting at `start`, read with what surrounds it, or nil when it is not a
    /// finding's number; with the index to continue from.
    static func reading(_ c: [Character], start: Int, end: Int, value: Double, decimals: Int, hasSeparator: Bool) -> (ProseNumber, Int)? {
        var first = start
        var last = end
        // Before: a sign, a currency, "n =", "~", "§", "p.".
        var sign = ProseNumber.Sign.unstated
        var signWritten = false
        var kind = ProseNumber.Kind.count
        var back = start - 1
        if back >= 0, currencies.contains(c[back]) { kind = .money; first = back; back -= 1 }
        if back >= 0, c[back] == "+" || (dashes.contains(c[back]) && c[back] != "\u{2013}"), back == 0 || !c[back - 1].isWordLetter && !c[back - 1].isASCIIDigit {
            sign = c[back] == "+" ? .plus : .minus
            signWritten = true
            first = back
            back -= 1
        }
        if back >= 0, c[back] == "§" || (back >= 1 && c[back] == " " && c[back - 1] == "§") { return nil }
        if isIdentifier(c, start: start) { return nil }
        let before = words(before: first, in: c, count: 6)
        if let previous = before.last?.lowercased(), ["p", "pp", "page", "pages", "vol", "volume", "no", "issue"].contains(previous) {
            return nil
        }
        // "Figure 3.2", "Table 2.1", "Fig. 4", "Section 4.3", "Web 2.0": the number names a part.
        if labelLeadPattern.matches(String(c[max(0, first - 12)..<first])) { return nil }
        var isApproximate = false
        if first > 0, c[first - 1] == "~" || c[first - 1] == "≈" { isApproximate = true; first -= 1 }
        if let previous = before.last?.lowercased(), approximations.contains(previous) { isApproximate = true }
        // "n=453", "n = 453", "(N=453)".
        var probe = first - 1
        while probe >= 0, c[probe] == " " { probe -= 1 }
        if probe >= 0, c[probe] == "=" {
            var letter = probe - 1
            while letter >= 0, c[letter] == " " { letter -= 1 }
            if letter >= 0, c[letter] == "n" || c[letter] == "N", letter == 0 || !c[letter - 1].isWordLetter {
                kind = .sampleSize
                first = letter
            }
        }
        // "in a sample of 45 people", "a sample size of 453": a sample's size in words, however
        // small (trial 11, B4).
        let lowered = before.map { $0.lowercased() }
        if kind == .count, lowered.suffix(2) == ["sample", "of"] || lowered.suffix(3) == ["sample", "size", "of"] { kind = .sampleSize }
        // "p. 12", "pp. 187–192", "page 3".
        if pageLead.matches(String(c[max(0, first - 7)..<first])) { return nil }
        // "381(6654), 187–192": the pages after a journal's volume and issue — the issue's
        // parenthesis right after the volume's digits. A citation's "(2023), 90%" or "(Noy &
        // Zhang, 2023), 90%" is not: its number is the sentence's (trial 12, B4).
        if let lead = issueLead.firstMatch(in: String(c[max(0, first - 20)..<first])), !lead.isEmpty { return nil }
        // "381(6654)": a journal's volume and issue.
        if last < c.count, c[last] == "(", last + 1 < c.count, c[last + 1].isASCIIDigit { return nil }
        if start > 0, c[start - 1] == "(", start >= 2, c[start - 2].isASCIIDigit { return nil }
        // A range: "30–40%", "5-15 minute".
        var upper: Double?
        if last + 1 < c.count, dashes.contains(c[last]), c[last + 1].isASCIIDigit {
            let (high, _, _, highEnd) = scan(c, from: last + 1)
            if let high, high > value {
                upper = high
                last = highEnd
            }
        }
        // After: "%", "percent", a scale, a unit.
        var scale = 1.0
        var after = last
        if after < c.count, c[after] == "%" {
            kind = .percent
            after += 1
        } else {
            var j = after
            while j < c.count, c[j] == " " { j += 1 }
            var word = ""
            var k = j
            while k < c.count, c[k].isWordLetter { word.append(c[k]); k += 1 }
            let nextWord = String(c[min(c.count, k + 1)..<min(c.count, k + 8)]).lowercased()
            if word.lowercased() == "percent" {
                kind = .percent
                after = k
            } else if ["pp", "points", "point"].contains(word.lowercased()) {
                // "4 pp", "18 points": points, not a percentage (trial 12, B9).
                kind = .points
                after = k
            } else if word.lowercased() == "percentage", k < c.count, c[k] == " ", nextWord.hasPrefix("point") {
                kind = .points
                after = k + 1 + (nextWord.hasPrefix("points") ? 6 : 5)
            } else if word == "per", String(c[k..<min(c.count, k + 5)]) == " cent" {
                kind = .percent
                after = k + 5
            } else if let factor = scales[word] ?? scales[word.lowercased()].flatMap({ word.count > 1 ? $0 : nil }),
                      j == after || word.count > 1 {
                scale = factor
                after = k
            } else if word == "m", kind == .money {
                scale = 1e6
                after = k
            } else if durations.contains(word.lowercased()), kind != .sampleSize {
                return nil
            }
        }
        if kind != .percent, after < c.count, c[after] == "%" { kind = .percent; after += 1 }
        // "by between 30% and 50%", "between 30 and 50%": a range in words, read as "30–50%"
        // (trial 12, B3).
        if upper == nil, before.last?.lowercased() == "between", let range = wordedRange(c, from: after, value: value, kind: kind) {
            upper = range.upper
            after = range.end
            kind = range.kind
        }
        // Whether a bare number is a finding's: a year is not, nor a small count with no unit; a
        // decimal is a ratio ("a correlation of .706", "ratio 0.9"), unless it is a version
        // ("3.11.2", "version 2.5") or a p-value's threshold ("p < .05").
        // "from 2000 applications": a noun of what a study counts right after it makes it a count.
        // A four-digit number is a year unless it is the base of a count ("52 callbacks from 2052")
        // or what a sampling verb sent or received ("sent 2000 applications"); "The 2019
        // applicants" and "From 2019 applications rose" stay years (review 9, M2, M3).
        // ("52 from 2052;" is how a register's statement ends a group's counts).
        let countNounAfter = countNouns.contains(words(after: after, in: c, count: 1).first?.lowercased() ?? "")
        let countLead = countNounAfter && countVerbs.contains(words(before: first, in: c, count: 1).last?.lowercased() ?? "")
        let base = (countNounAfter || (after < c.count && c[after] == ";")) && isBaseOfPairedCount(c, start: first)
        let isYear = decimals == 0 && !hasSeparator && value >= 1800 && value <= 2100 && value == value.rounded() && scale == 1
            && !countLead && !base && !hasBaseAfter(c, end: after)
        if kind == .count, scale == 1, decimals > 0, upper == nil {
            if isVersionOrThreshold(c, first: first, last: last, before: before) { return nil }
            kind = .ratio
        }
        if kind == .count, scale == 1, sign == .unstated || isYear {
            if isYear { return nil }
            // A small count is read when it is paired, drawn, or an outcome's count ("85
            // callbacks": trial 17, B3 and M5), not a bare small number ("3 studies").
            let outcomeAfter = outcomeNoun(words(after: after, in: c, count: 2)) != nil || isListedOutcomeCount(c, end: after)
            if !hasSeparator && value < 100 && !outcomeAfter && !isPairedCount(c, start: first, end: after) && !isDrawnSample(c, first: first, after: after)
                && !isGappedOutcomeCount(c, first: first, after: after) {
                return nil
            }
        }
        if kind == .count, scale == 1, isYear { return nil }
        // A direction word says a change only when the number is the change ("fell by 4%"), not
        // a level ("fell to .706", "at 40%", "from 50%"); a ratio or correlation is a level.
        var isChange = signWritten
        var isSignLoose = false
        var isDirectionUnread = false
        // Twelve words: "cut the time professionals took on writing tasks by 40%" (the lead
        // stops at a clause break and at the number before).
        let lead = clauseLead(before: first, in: c, count: 12)
        let byChange = kind != .ratio && isChangeBy(lead.words)
        if sign == .unstated, kind != .ratio, byChange || !isLevel(before: unhedged(lead.words)) {
            let trail = words(after: after, in: c, count: 5)
            // The hedge after "by" says no direction ("cut … by up to 40%").
            var signLead = lead
            if byChange, let by = lead.words.lastIndex(where: { $0.lowercased() == "by" }) {
                let dropped = lead.words.count - by - 1
                signLead = (Array(lead.words[...by]), max(0, lead.near - dropped), lead.previous)
            }
            var implied = impliedSign(before: signLead.words, near: signLead.near, after: trail)
            // "time fell 40% and quality 18%": a gapped number shares the direction of the
            // change before it, loosely (review 15, M3).
            var gapped = false
            if implied.sign == .unstated, kind == .percent, let previous = lead.previous, isGap(lead.words, after: trail),
               let shared = changeSign(endingAt: previous, in: c) {
                implied = (shared, true)
                gapped = true
            }
            sign = implied.sign
            let form = byChange || gapped || isChangeForm(before: unhedged(lead.words), after: trail)
            isChange = sign != .unstated && form
            isSignLoose = sign != .unstated && (implied.loose || !form)
            isDirectionUnread = sign == .unstated && byChange && kind == .percent
            if isDirectionUnread { isChange = true }
        }
        // A run of hundreds of digits is no finding's number (nor one a report could write).
        guard (value * scale).isFinite, (upper.map { ($0 * scale).isFinite } ?? true) else { return nil }
        let period = periodAfter(after, in: c)
        // "callback rates of 0.109 for women": a rate written as a proportion is a percentage
        // (10.9%), to the precision written (trial 16, M10); a ratio, odds or correlation is not.
        let proportion = isProportion(kind: kind, value: value, upper: upper, decimals: decimals, sign: sign, before: before,
                                      sentence: String(c[max(0, first - 80)..<first]))
        var number = ProseNumber(value: proportion ? (value * pow(10, Double(decimals))).rounded() / pow(10, Double(decimals - 2)) : value,
                                 upper: upper, scale: scale, decimals: proportion ? decimals - 2 : decimals, kind: proportion ? .percent : kind,
                                 sign: sign, isApproximate: isApproximate, period: period, column: first + 1, text: String(c[first..<after]),
                                 isSignWritten: signWritten)
        number.isProportion = proportion
        number.isChange = isChange
        number.isSignLoose = isSignLoose
        number.isDirectionUnread = isDirectionUnread
        return (number, after)
    }

    /// The words that make a bare decimal below 1 a proportion: the rate or share it is.
    static let proportionWords: Set<String> = ["rate", "rates", "proportion", "proportions", "share", "shares", "fraction", "probability"]
    /// The words that make it something else, whatever else the clause says.
    static let notProportionWords: Set<String> = ["ratio", "ratios", "odds", "correlation", "coefficient", "elasticity", "d", "r", "g", "beta",
                                                  "error", "errors", "deviation", "se", "sd", "interval", "estimate", "difference", "gap", "effect"]

    /// Whether a decimal below 1 with two or more decimals is a rate written as a proportion:
    /// one of ``proportionWords`` is among the words of its sentence before it (up to 80
    /// characters: "proportions of 0.109 (women) and 0.090 (men)") and none of
    /// ``notProportionWords`` among the six words before it.
    static func isProportion(kind: ProseNumber.Kind, value: Double, upper: Double?, decimals: Int, sign: ProseNumber.Sign, before: [String],
                             sentence: String) -> Bool {
        // "fell by 0.15" is a change, not a rate.
        guard kind == .ratio, upper == nil, value < 1, decimals >= 2, sign == .unstated, before.last?.lowercased() != "by" else { return false }
        let near = Set(before.map { $0.lowercased().trimmingCharacters(in: .punctuationCharacters) })
        var lead = sentence
        for mark in [". ", "; ", ": ", "! ", "? "] {
            if let found = lead.range(of: mark, options: .backwards) { lead = String(lead[found.upperBound...]) }
        }
        let words = Set(lead.lowercased().split { !$0.isLetter }.map(String.init))
        // The rate word among the six words before, or a proportion before it in a list:
        // "proportions of 0.109 (women) and 0.090 (men)".
        let listed = lead.range(of: #"0?\.\d{2,}\s*(\([^)]*\))?\s*(,|and|or)\s*$"#, options: .regularExpression) != nil
        return (!near.isDisjoint(with: proportionWords) || listed) && !words.isDisjoint(with: proportionWords)
            && near.isDisjoint(with: notProportionWords) && words.isDisjoint(with: ["ratio", "ratios", "odds"])
    }

    /// The upper end of a range in words after its lower end, which ends at `from`: " and 50%"
    /// after "between 30%" or "between 30"; the upper end is a percent ("between 300 and 500
    /// people" is two counts). Nil when no larger percent follows "and".
    static func wordedRange(_ c: [Character], from: Int, value: Double, kind: ProseNumber.Kind) -> (upper: Double, end: Int, kind: ProseNumber.Kind)? {
        guard kind == .percent || kind == .count else { return nil }
        var j = from
        while j < c.count, c[j] == " " { j += 1 }
        guard j + 4 < c.count, String(c[j..<j + 3]) == "and", c[j + 3] == " " else { return nil }
        j += 4
        while j < c.count, c[j] == " " { j += 1 }
        guard j < c.count, c[j].isASCIIDigit else { return nil }
        let (high, _, _, highEnd) = scan(c, from: j)
        guard let high, high > value else { return nil }
        if highEnd < c.count, c[highEnd] == "%" { return (high, highEnd + 1, .percent) }
        let rest = String(c[highEnd..<min(c.count, highEnd + 9)])
        for word in [" percent", " per cent"] where rest.hasPrefix(word) { return (high, highEnd + word.count, .percent) }
        return nil
    }

    /// Whether the count from `first` to `after`, with no noun of its own, is the gapped second
    /// count of an outcome counted earlier in its sentence (``gappedOutcome(_:first:after:)``).
    static func isGappedOutcomeCount(_ c: [Character], first: Int, after: Int) -> Bool {
        gappedOutcome(c, first: first, after: after) != nil
    }

    /// The outcome noun of the count before a gapped second count: "mothers got 21 callbacks
    /// and childless women 10", "25 callbacks for female applicants and 31 for male applicants"
    /// (trial 19, m2). Within the 100 characters before it and its sentence, the earlier count
    /// is written with its outcome noun, then, up to ten words in all with that noun, a joining
    /// word ("and", "against", "while", "whereas", "versus", "but"); the word right before the
    /// count is that joining word or a group's word, not a label or a function word ("but only
    /// in study 2", "in Experiment 1": review 27, B4); and the count ends its clause (a citation
    /// may follow it) or names its group ("for …"). Nil when the count is no such thing.
    static func gappedOutcome(_ c: [Character], first: Int, after: Int) -> String? {
        // "(2) childless women got 21": an enumeration's marker, not a count (review 28, M1).
        if first > 0, c[first - 1] == "(", after < c.count, c[after] == ")" { return nil }
        var next = after
        while next < c.count, c[next] == " " { next += 1 }
        // A clause's end, or a citation right after the count ("… childless women 10 (Correll et al., 2007).", "[3]").
        let ends = next == c.count || ".,;:)([".contains(c[next])
        guard ends || words(after: after, in: c, count: 1).first?.lowercased() == "for" else { return nil }
        var last = first - 1
        while last >= max(0, first - 100) {
            if ".;!?".contains(c[last]) { return nil }
            if c[last].isASCIIDigit {
                var start = last
                while start > 0, c[start - 1].isASCIIDigit || (c[start - 1] == "," && start > 1 && c[start - 2].isASCIIDigit) { start -= 1 }
                // An enumeration's marker between the counts ("… 10 callbacks and (2) childless women got 21") is passed over,
                // and so is the earlier count's base ("mothers got 10 callbacks from 320 applications and childless women 21", trial 20, B3).
                let marker = start > 0 && c[start - 1] == "(" && last + 1 < c.count && c[last + 1] == ")"
                let base = ["from", "of"].contains(words(before: start, in: c, count: 1).last?.lowercased() ?? "")
                guard marker || base else { break }
                last = start - 1
            }
            last -= 1
        }
        guard last >= 0, c[last].isASCIIDigit, last < first - 1 else { return nil }
        let gap = String(c[(last + 1)..<first]).lowercased().split { !$0.isWordLetter }.map(String.init)
        guard gap.count <= 10, let noun = outcomeNoun(gap), let at = gap.lastIndex(where: { outcomeNouns.contains($0) }),
              gap[(at + 1)...].contains(where: { gappedJoins.contains($0) }), let before = gap.last else { return nil }
        guard gappedJoins.contains(before) || !(gappedLeadBlockers.contains(before) || PageChecker.stopWords.contains(before)) else { return nil }
        return noun
    }

    /// Words that, right before a number, make it a label's or a place's, not a group's count.
    static let gappedLeadBlockers: Set<String> = labelWords.union([
        "study", "studies", "experiment", "experiments", "wave", "waves", "round", "rounds", "trial", "trials", "sample", "samples",
        "year", "years", "in", "at", "on", "of", "by", "to", "for", "as", "or", "after", "before", "within", "over", "under",
    ])

    /// The words that join a gapped count to the outcome count before it (``isGappedOutcomeCount(_:first:after:)``).
    static let gappedJoins: Set<String> = ["and", "against", "while", "whereas", "versus", "vs", "but"]

    /// Whether the count ending at `end` opens a list of counts of an outcome ("21 and 11
    /// callbacks", "5, 14 and 85 callbacks"): each is read, as the last one is (trial 19, B2).
    static func isListedOutcomeCount(_ c: [Character], end: Int) -> Bool {
        listedOutcome(c, end: end) != nil
    }

    /// The outcome noun (``outcomeNoun(_:)``) of the list of counts the count ending at `end`
    /// opens: "callbacks" for the 21 of "21 and 11 callbacks", "offers" for the 10 of "10 and
    /// 21 job offers" (review 28, M2); nil when it opens no list or the list counts no outcome.
    static func listedOutcome(_ c: [Character], end: Int) -> String? {
        guard end <= c.count else { return nil }
        let rest = String(c[end..<min(c.count, end + 60)])
        guard let list = rest.range(of: #"^(?:\s*(?:,\s*(?:and|or)?|and|or)\s*\d[\d,]*)+(?=\s+\p{L})"#, options: .regularExpression) else { return nil }
        return outcomeNoun(words(after: end + rest[..<list.upperBound].count, in: c, count: 2))
    }

    /// "21 callbacks from 55 applications", "11 from 67", "21 callbacks came from 55", "28 of
    /// 281", "28 out of 281": a small count written with the count it is out of (a compared
    /// group's callbacks and applications; up to two words before "from", "of" or "out of") is
    /// a finding's, unlike a bare "3 teams"; the other count may be small too. "from 2019" is a
    /// year, not a count; "from 2000 applications" is a count (``countNouns``).
    static func isPairedCount(_ c: [Character], start: Int, end: Int) -> Bool {
        let after = String(c[end..<min(c.count, end + 40)])
        if let match = baseAfter.firstMatch(in: after) {
            let digits = after[match].split(separator: " ").last.map(String.init) ?? ""
            let next = after[match.upperBound...].split(separator: " ").first.map { $0.lowercased().filter(\.isWordLetter) } ?? ""
            // "52 from 2052;": a register's statement ends a group's counts with a semicolon (review 9, M3).
            return !isYearText(digits) || countNouns.contains(next) || after[match.upperBound...].first == ";"
        }
        return isBaseOfPairedCount(c, start: start)
    }

    /// The verbs that draw a study's sample of people or firms: a count right after one ("we
    /// surveyed 45 managers", "interviewed 12 recruiters"), or one these verbs have in the
    /// passive ("45 managers were surveyed"), is the study's sample, however small (issue 17,
    /// B10) — unlike "the 45 people in the room" or "3 teams", which stay unread.
    static let drawingVerbs: Set<String> = ["surveyed", "interviewed", "recruited", "sampled", "enrolled", "polled", "questioned"]
    /// The words that may stand between such a verb and its count ("surveyed a total of 45",
    /// "interviewed only 12").
    static let drawingQualifiers: Set<String> = ["a", "an", "total", "of", "only", "just", "some", "about", "around", "roughly", "nearly",
                                                 "almost", "approximately", "exactly", "another", "further", "additional"]

    /// Whether the count from `first` to `after` is a sample a study drew (``drawingVerbs``):
    /// the verb before it (qualifiers skipped) or after its noun in the passive, and a noun of
    /// what was drawn right after it (not a duration or a unit).
    static func isDrawnSample(_ c: [Character], first: Int, after: Int) -> Bool {
        guard after <= c.count, after == c.count || c[after] == " " else { return false }
        let next = words(after: after, in: c, count: 4).map { $0.lowercased() }
        guard let noun = next.first, !durations.contains(noun), !["times", "percent", "per", "points", "pp"].contains(noun) else { return false }
        let before = wordsOfClause(before: first, in: c, count: 6).map { $0.lowercased() }
        if let verb = before.reversed().first(where: { !drawingQualifiers.contains($0) }), drawingVerbs.contains(verb) { return true }
        // "45 managers were surveyed", "12 senior recruiters were interviewed".
        if let be = next.firstIndex(where: { $0 == "were" || $0 == "was" }), be >= 1, be <= 2, be + 1 < next.count,
           drawingVerbs.contains(next[be + 1]) { return true }
        return false
    }

    /// Whether a count that is not a year follows the number at `end` as what it is out of
    /// ("1902 from 3427"): the number is a count even where it reads like a year.
    static func hasBaseAfter(_ c: [Character], end: Int) -> Bool {
        let after = String(c[end..<min(c.count, end + 40)])
        guard let match = baseAfter.firstMatch(in: after) else { return false }
        let digits = after[match].split(separator: " ").last.map(String.init) ?? ""
        return !isYearText(digits)
    }

    /// Whether the number at `start` is what a count before it is out of ("52 callbacks from
    /// 2052", "28 of 281").
    static func isBaseOfPairedCount(_ c: [Character], start: Int) -> Bool {
        let before = String(c[max(0, start - 40)..<start])
        guard let match = countBefore.firstMatch(in: before) else { return false }
        let digits = before[match].prefix { $0.isASCIIDigit || $0 == "," }
        return !isYearText(String(digits)) && !(before[..<match.lowerBound].last?.isASCIIDigit ?? false)
    }

    /// The verbs that make a four-digit number after them a count when a count noun follows it
    /// ("sent 2000 applications", "received 2000 callbacks").
    static let countVerbs: Set<String> = ["sent", "received", "submitted", "surveyed", "mailed", "made", "recorded", "collected", "analysed",
                                          "analyzed", "recruited", "sampled", "interviewed", "got"]

    /// The nouns that make a four-digit number before them a count, not a year ("from 2000
    /// applications", "2000 callbacks"): what a study samples and what it counts among its
    /// results (review 8, m1). "The 2020 elections" stays a year.
    static let countNouns: Set<String> = PageChecker.sampleNouns.union(outcomeNouns)
    /// What a field experiment counts of its applications: a count of them is a finding at any size.
    static let outcomeNouns: Set<String> = ["callbacks", "responses", "interviews", "invitations", "offers", "rejections"]
    /// The words that may stand between a count and its outcome noun ("10 job offers", "14
    /// interview invitations", "31 positive responses").
    static let outcomeQualifiers: Set<String> = ["job", "interview", "positive", "negative"]

    /// The outcome noun (``outcomeNouns``, lowercased) that `words`, the words right after a
    /// count, open with, after at most one qualifier (``outcomeQualifiers``); nil when none.
    /// "Negative responses" are rejections (review 27, B3).
    static func outcomeNoun(_ words: [String]) -> String? {
        guard let first = words.first?.lowercased() else { return nil }
        if outcomeNouns.contains(first) { return first }
        guard outcomeQualifiers.contains(first), words.count > 1 else { return nil }
        let second = words[1].lowercased()
        guard outcomeNouns.contains(second) else { return nil }
        return first == "negative" && second == "responses" ? "rejections" : second
    }

    static func isYearText(_ text: String) -> Bool {
        text.count == 4 && Int(text).map { (1800...2100).contains($0) } == true
    }

    /// The words that name a part of a document or a thing's version right before its number.
    static let labelLead = #"(?:^|[^\p{L}])(?:fig|figs|figure|figures|table|tables|tab|section|sections|sec|sect|chapter|chapters|ch|appendix|app|eq|eqs|equation|equations|step|steps|web|phase|stage|item|items|part)\.?\s*$"#
    static let labelLeadPattern = ProsePattern(labelLead, caseInsensitive: true) { lead in
        QuickRuleOut.mayEndWithWord(lead, in: labelWords, caseInsensitive: true)
    }
    /// The words of ``labelLead``.
    static let labelWords: Set<String> = ["fig", "figs", "figure", "figures", "table", "tables", "tab", "section", "sections", "sec", "sect",
                                          "chapter", "chapters", "ch", "appendix", "app", "eq", "eqs", "equation", "equations", "step", "steps",
                                          "web", "phase", "stage", "item", "items", "part"]
    /// "p. 12", "pp. 187", "page 3" before a number.
    static let pageLead = ProsePattern(#"(?:^|[^\p{L}])(?:p|pp|page|pages)\.?\s*$"#) { lead in
        QuickRuleOut.mayEndWithWord(lead, in: ["p", "pp", "page", "pages"], caseInsensitive: false)
    }
    /// "381(6654), " before a number: the pages after a volume and issue.
    static let issueLead = ProsePattern(#"\d\([^()\s]+\)\s*,\s*$"#, mayMatch: { QuickRuleOut.mayEndWithComma($0) })
    /// " callbacks from 55", " of 281" after a number: the count it is out of.
    static let baseAfter = ProsePattern(#"^ +(?:[\p{L}-]+ +){0,2}(?:from|out +of|of) +\d[\d,]*"#) { QuickRuleOut.mayOpenWithBase($0) }
    /// "52 callbacks from " before a number: the count it is the base of.
    static let countBefore = ProsePattern(#"\d[\d,]* +(?:[\p{L}-]+ +){0,2}(?:from|out +of|of) +$"#) { QuickRuleOut.mayEndWithBaseLead($0) }
    /// "p < ", "alpha = ", "a p-value of " before a number: a statistic's threshold or value.
    static let statisticLead = ProsePattern(#"(?:^|[^\p{L}])(?:p(?:[- ]?values?)?|alpha|α|significance(?: level)?|ci)\s*(?:[<>=≤≥]|of|was|is|were|at|below|under)?\s*$"#,
                                            caseInsensitive: true) { lead in
        QuickRuleOut.mayEndWithMarkOrWord(lead, marks: [UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "=")], words: statisticWords)
    }
    /// The words `statisticLead` may end with: an operator's word, or the statistic's own.
    static let statisticWords: Set<String> = ["of", "was", "is", "were", "at", "below", "under", "p", "value", "values", "pvalue", "pvalues",
                                              "alpha", "significance", "level", "ci"]

    /// The hedges a page writes between a change's "by" (or a level's "at") and its number:
    /// "by about 40%", "by nearly 18%", "by some 40%", "by more than 40%", "by an average of
    /// 18%" are changes as much as "by 40%" (review 12, B1).
    static let hedges: Set<String> = ["about", "nearly", "roughly", "some", "around", "approximately", "almost", "over", "under", "just",
                                      "circa", "~", "only", "barely", "fully"]

    /// `before` without the hedges (``hedges``, "more/less than", "an average of") that end it.
    static func unhedged(_ before: [String]) -> [String] {
        var words = before
        while let last = words.last?.lowercased() {
            if hedges.contains(last) {
                words.removeLast()
            } else if last == "than", let previous = words.dropLast().last?.lowercased(), ["more", "less", "fewer"].contains(previous) {
                words.removeLast(2)
            } else if last == "of", words.count >= 2, ["average", "estimated"].contains(words[words.count - 2].lowercased()) {
                words.removeLast(words.count >= 3 && ["an", "a"].contains(words[words.count - 3].lowercased()) ? 3 : 2)
            } else {
                break
            }
        }
        return words
    }

    /// The prepositions that make the number after them a level, not a change: "fell to .706",
    /// "stood at 40%", "from 50% to 30%". "of" is a level ("fell to 40% of its level", "a
    /// p-value of .03") unless a change's noun precedes it ("a reduction of 40%").
    static func isLevel(before: [String]) -> Bool {
        guard let last = before.last?.lowercased() else { return false }
        if ["to", "at", "from"].contains(last) { return true }
        guard last == "of" else { return false }
        guard let noun = before.dropLast().last?.lowercased() else { return true }
        // "a reduction of 40%", "a penalty of 18%": a change's noun (``decreaseNouns``, ``increaseNouns``).
        let changes = decreaseNouns.union(increaseNouns)
        return !changes.contains { noun == $0 || noun == $0 + "s" }
    }

    /// Whether a bare decimal is a version ("3.11.2", "GPT-3.5", "Python 3.11") or the threshold
    /// of a p-value ("p < .05", "p = .003"), neither of which is a finding.
    static func isVersionOrThreshold(_ c: [Character], first: Int, last: Int, before: [String]) -> Bool {
        if last + 1 < c.count, c[last] == ".", c[last + 1].isASCIIDigit { return true }
        if let previous = before.last?.lowercased(), ["version", "v", "release", "python", "swift", "ios", "macos", "step", "level"].contains(previous) {
            return true
        }
        // "GPT-3.5": a name's version.
        if first > 1, dashes.contains(c[first - 1]), c[first - 2].isWordLetter { return true }
        // "p < .05", "p = .003", "a p-value of .03", "p value was .2", "alpha = .05", "α of .05", "CI .2".
        let lead = String(c[max(0, first - 24)..<first])
        return statisticLead.matches(lead)
    }

    /// The comparatives that, right after a number, make it a change ("18% lower", "40% more").
    static let comparatives: Set<String> = ["lower", "higher", "less", "more", "fewer", "greater", "smaller", "larger", "bigger", "faster",
                                            "slower", "longer", "shorter", "better", "worse", "poorer", "weaker", "stronger"]
    /// The comparatives that, right after a number, say its direction ("40% longer" is +40%,
    /// "18% worse" −18%; review 12, m6). "faster" and "slower" say none: faster writing is
    /// less time.
    static let upComparatives: Set<String> = ["higher", "more", "greater", "larger", "bigger", "longer", "better", "stronger"]
    static let downComparatives: Set<String> = ["lower", "less", "fewer", "smaller", "shorter", "worse", "poorer", "weaker"]

    /// Whether the words around a number make it a change (``ProseNumber/isChange``): "by" right
    /// before it ("cut callbacks by 61%"), a direction word right before it ("dropped 18%", "up
    /// 40%"), a change's noun before "of" ("a reduction of 40%"), or a change's noun or a
    /// comparative right after it ("an 18% decline", "18% lower"). A direction word further
    /// off ("lowered callbacks with only 14% answered") is not: the number is a level there.
    static func isChangeForm(before: [String], after: [String]) -> Bool {
        let last = before.last?.lowercased() ?? ""
        if last == "by" || isDirectionWord(last) { return true }
        if last == "of", let noun = before.dropLast().last?.lowercased(),
           decreaseNouns.contains(noun) || increaseNouns.contains(noun) { return true }
        let candidates = changeNounCandidates(after)
        if let next = candidates.first, comparatives.contains(next) { return true }
        return candidates.contains { decreaseNouns.contains($0) || increaseNouns.contains($0) } || hasDecreaseParticiple(after)
    }

    /// A word that says a decrease or an increase ("cut", "dropped", "raised", "up").
    static func isDirectionWord(_ word: String) -> Bool {
        decreaseWords.contains(word) || increaseWords.contains(word) || startsWithStem(word, decreaseStems) || startsWithStem(word, increaseStems)
    }

    /// "cut … by 40%" is a decrease, "raised … by 18%" an increase. `before` is the number's
    /// own lead (``clauseLead(before:in:count:)``: it stops at the number before it, whose
    /// direction word is that number's, "quality rose 18% and time 40%"); a word across a comma
    /// (the lead's words before its last `near`) gives a `loose` sign. A change's noun right
    /// after the number, or after one word ("an 18% quality gain"), says its direction whatever
    /// precedes it; a comparative used as an adjective ("fears of lower quality", "lower-skilled
    /// writers") says none (review 14, M1).
    static func impliedSign(before: [String], near: Int, after: [String]) -> (sign: ProseNumber.Sign, loose: Bool) {
        // "an 18% decline in quality", "a 40% increase in time": the change's noun right after
        // the number says its direction whatever precedes it (trial 6, item 1).
        for noun in changeNounCandidates(after) {
            if decreaseNouns.contains(noun) || downComparatives.contains(noun) { return (.minus, false) }
            if increaseNouns.contains(noun) || upComparatives.contains(noun) { return (.plus, false) }
        }
        for (index, word) in before.enumerated().reversed() {
            let w = word.lowercased()
            let loose = index < before.count - near
            // "lower quality", "more output": a comparative before its noun qualifies the noun.
            if comparatives.contains(w), index + 1 < before.count, before[index + 1].lowercased() != "by" { continue }
            if decreaseWords.contains(w) || startsWithStem(w, decreaseStems) { return (.minus, loose) }
            if increaseWords.contains(w) || startsWithStem(w, increaseStems) { return (.plus, loose) }
        }
        if hasDecreaseParticiple(after) { return (.minus, false) }
        return (.unstated, false)
    }

    /// "78 million jobs lost", "170 million roles wiped out", "78 million jobs will be lost",
    /// "18% of writing quality was lost": a decrease's participle after the number and its
    /// noun, up to the clause's "and", says the number is a decrease, as a change's noun after
    /// it does (trial 12, B5).
    /// Past the third word only after an auxiliary ("was lost", "will be lost"): "453
    /// professionals: ChatGPT cut …" is another clause's verb.
    static func hasDecreaseParticiple(_ after: [String]) -> Bool {
        let words = after.prefix(5).map { $0.lowercased() }
        for (index, w) in words.enumerated() {
            if ["and", "or", "but", "while", "whereas", "than"].contains(w) { return false }
            guard decreaseParticiples.contains(w) else { continue }
            if index < 3 || ["be", "been", "was", "were", "is", "are", "being"].contains(words[index - 1]) { return true }
        }
        return false
    }

    /// The words after a number that may be its change's noun: the first ("an 18% gain"), and
    /// the second when the first is not a function word ("an 18% quality gain", not "18% of
    /// gains"); "percentage points" is skipped.
    static func changeNounCandidates(_ after: [String]) -> [String] {
        let words = after.drop { ["percentage", "point", "points", "pp"].contains($0.lowercased()) }.map { $0.lowercased() }
        guard let first = words.first else { return [] }
        let functionWords: Set<String> = ["of", "in", "on", "for", "from", "to", "and", "or", "than", "the", "a", "an", "at", "by", "with", "was", "were", "is", "are"]
        if words.count > 1, !functionWords.contains(first), !comparatives.contains(first) { return [first, words[1]] }
        return [first]
    }

    /// The words a page writes between a change's "by" and its number: closed-class hedges
    /// ("about", "up to", "close to", "as much as", "at least", "well over", "more than", "an
    /// average of"); an adverb in "-ly" and an adjective after "a"/"an" ("a full", "an
    /// estimated", "a striking") are read by rule, not listed.
    static let byFillers: Set<String> = hedges.union(["up", "to", "close", "as", "much", "at", "least", "most", "more", "less", "fewer",
                                                     "than", "of", "well", "upwards"])

    /// Whether "by" decides the number is a change across a short run of filler before it:
    /// "by up to 40%", "by an estimated 10.9%", "by well over 40%" are changes like "by 40%";
    /// "rose to 40%" and "cut by half to 40%" are not (review 14, M2). One word that is not a
    /// filler is allowed only after "a"/"an" ("a full", "a whopping").
    static func isChangeBy(_ lead: [String]) -> Bool {
        var open = false
        for word in lead.suffix(6).reversed() {
            let w = word.lowercased()
            if w == "by" { return !open }
            if w == "a" || w == "an" { open = false; continue }
            if byFillers.contains(w) || (w.count > 3 && w.hasSuffix("ly")) { continue }
            if open { return false }
            open = true
        }
        return false
    }

    /// Up to `count` words before `index`, in order, as ``words(before:in:count:)`` reads them,
    /// but stopping at the number before it too; `near` counts the words after the last comma.
    /// `previous` is where the number it stopped at ends (its last digit), if it stopped at one.
    static func clauseLead(before index: Int, in c: [Character], count: Int) -> (words: [String], near: Int, previous: Int?) {
        var out: [String] = []
        var near: Int?
        var previous: Int?
        var i = index - 1
        var word = ""
        while i >= 0, out.count < count {
            let ch = c[i]
            if ch == ";" || ch == "." && (i + 1 >= c.count || c[i + 1] == " ") || ch == ":" || ch == "(" { break }
            if ch.isASCIIDigit, word.isEmpty, i + 1 < index { previous = i; break }
            if ch.isWordLetter || ch == "~" {
                word = String(ch) + word
            } else {
                if !word.isEmpty {
                    out.insert(word, at: 0)
                    word = ""
                }
                if ch == ",", near == nil { near = out.count }
            }
            i -= 1
        }
        if !word.isEmpty, out.count < count { out.insert(word, at: 0) }
        return (out, near ?? out.count, previous)
    }

    /// The words that stop a gap: a verb of its own or a preposition of a level ("and
    /// satisfaction was 80%", "and 20% of users") says the number is not the change before it
    /// repeated for another thing.
    static let gapStops: Set<String> = ["was", "were", "is", "are", "be", "been", "reached", "stood", "remained", "stayed", "had", "has",
                                        "have", "of", "to", "at", "from", "with", "than", "among", "in", "for", "on", "that", "which"]

    /// Whether the lead from the number before ("and quality", "and writing time by") only
    /// names another thing for the same change: "time fell 40% and quality 18%" (review 15,
    /// M3). At most four words after a conjunction, none a verb or a level's preposition.
    static func isGap(_ lead: [String], after: [String]) -> Bool {
        if after.first?.lowercased() == "of" { return false }
        let words = lead.map { $0.lowercased() }.drop { ["and", "or", "but", "while", "whereas"].contains($0) }
        return words.count <= 4 && !words.contains { gapStops.contains($0) }
    }

    /// The direction of the percentage that ends at `last`, when it is a change: its written
    /// sign, or the one its own lead implies ("fell 40%", "cut … by 40%"); nil for a level or
    /// a number no word gives a direction. One step back only.
    static func changeSign(endingAt last: Int, in c: [Character]) -> ProseNumber.Sign? {
        // "40%", "40 percent", "40 per cent" (review 18, m1).
        let unitEnd: Int
        if last + 1 < c.count, c[last + 1] == "%" {
            unitEnd = last + 2
        } else if let unit = [" percent", " per cent"].first(where: { unit in
            last + unit.count < c.count && String(c[(last + 1)..<min(c.count, last + 1 + unit.count)]).lowercased() == unit
                && (last + 1 + unit.count == c.count || !c[last + 1 + unit.count].isWordLetter)
        }) {
            unitEnd = last + 1 + unit.count
        } else {
            return nil
        }
        var start = last
        while start > 0, c[start - 1].isASCIIDigit || c[start - 1] == "." || c[start - 1] == "," && start >= 2 && c[start - 2].isASCIIDigit { start -= 1 }
        if start > 0, c[start - 1] == "+" { return .plus }
        if start > 0, dashes.contains(c[start - 1]), c[start - 1] != "\u{2013}", start == 1 || !c[start - 2].isWordLetter && !c[start - 2].isASCIIDigit { return .minus }
        let lead = clauseLead(before: start, in: c, count: 12)
        let trail = words(after: unitEnd, in: c, count: 4)
        let byChange = isChangeBy(lead.words)
        guard byChange || !isLevel(before: unhedged(lead.words)) else { return nil }
        var signLead = (words: lead.words, near: lead.near)
        if byChange, let by = lead.words.lastIndex(where: { $0.lowercased() == "by" }) {
            signLead = (Array(lead.words[...by]), max(0, lead.near - (lead.words.count - by - 1)))
        }
        guard byChange || isChangeForm(before: unhedged(lead.words), after: trail) else { return nil }
        let sign = impliedSign(before: signLead.words, near: signLead.near, after: trail).sign
        return sign == .unstated ? nil : sign
    }

    /// "in 5yr", "within 5 years", "over 3 months" right after the number's clause.
    static func periodAfter(_ index: Int, in c: [Character]) -> String? {
        // A period's number is a digit in the clause: without one there is none to read.
        var probe = index
        var hasDigit = false
        while probe < min(c.count, index + 80), c[probe] != ";", c[probe] != ".", c[probe] != "," {
            if c[probe].isASCIIDigit { hasDigit = true; break }
            probe += 1
        }
        guard hasDigit else { return nil }
        let rest = String(c[index..<min(c.count, index + 80)])
        let clause = rest.prefix { $0 != ";" && $0 != "." && $0 != "," }
        let words = clause.split(separator: " ").map(String.init)
        for (n, word) in words.enumerated() where ["in", "within", "over"].contains(word.lowercased()) && n + 1 < words.count {
            let next = words[n + 1]
            let digits = next.prefix { $0.isASCIIDigit }
            guard !digits.isEmpty else { continue }
            let unit = next.dropFirst(digits.count).isEmpty && n + 2 < words.count ? words[n + 2] : String(next.dropFirst(digits.count))
            if durations.contains(unit.lowercased()) { return "\(word) \(next)\(next.count == digits.count ? " " + unit : "")" }
        }
        return nil
    }

    /// Up to `count` words before `index` in its own clause: as ``clauseLead(before:in:count:)``
    /// reads them, after the last comma. "Of the professionals we surveyed, 45 said …": the verb
    /// of another clause does not make 45 a sample (issue 17 review).
    static func wordsOfClause(before index: Int, in c: [Character], count: Int) -> [String] {
        let lead = clauseLead(before: index, in: c, count: count)
        return Array(lead.words.suffix(lead.near))
    }

    /// Up to `count` words before `index`, in order, stopping at a clause break.
    static func words(before index: Int, in c: [Character], count: Int) -> [String] {
        var out: [String] = []
        var i = index - 1
        var word = ""
        while i >= 0, out.count < count {
            let ch = c[i]
            if ch == ";" || ch == "." && (i + 1 >= c.count || c[i + 1] == " ") || ch == ":" || ch == "(" { break }
            if ch.isWordLetter || ch == "~" {
                word = String(ch) + word
            } else if !word.isEmpty {
                out.insert(word, at: 0)
                word = ""
            }
            i -= 1
        }
        if !word.isEmpty, out.count < count { out.insert(word, at: 0) }
        return out
    }

    /// Up to `count` words after `index`, stopping at a clause break.
    static func words(after index: Int, in c: [Character], count: Int) -> [String] {
        var out: [String] = []
        var word = ""
        var i = index
        while i < c.count, out.count < count {
            let ch = c[i]
            if ch == ";" || ch == "," || ch == "." || ch == ")" { break }
            if ch.isWordLetter { word.append(ch) } else if !word.isEmpty { out.append(word); word = "" }
            i += 1
        }
        if !word.isEmpty, out.count < count { out.append(word) }
        return out
    }
}
