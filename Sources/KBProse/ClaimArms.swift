/// The arms of a claim whose statement gives each compared group its own numbers: "'Age 50,
/// age 55, or age 62' applicants got 196 callbacks from 4855 applications, 'Age 35 or age 45'
/// applicants 180 from 3147" (a register row) has two arms, each a label and the numbers
/// written with it. A page that writes a pair of these numbers in one clause is held to the arm
/// the pair belongs to, as the KB stores arms in no other field (value, unit and metric are
/// the comparison's ratio, not the arms' counts).
struct ClaimArms {
    struct Arm {
        /// The words before the arm's first number ("'Age 35 or age 45' applicants").
        var label: String
        var labelTokens: Set<String>
        var numbers: [ProseNumber]
    }

    var arms: [Arm]

    /// The arms of `statement`: its clauses (``segments(of:)``) that write a number, when there
    /// are two or more; nil otherwise.
    init?(statement written: String) {
        let statement = FloatArtefacts.tidied(written)
        let numbers = NumberReader.numbers(in: statement)
        guard numbers.count >= 2 else { return nil }
        let c = Array(statement)
        var arms: [Arm] = []
        for segment in Self.segments(of: statement) {
            let inside = numbers.filter { segment.range.contains($0.column - 1) }
            guard let first = inside.first else { continue }
            var label = String(c[segment.range.lowerBound..<max(segment.range.lowerBound, first.column - 1)])
                .trimmingCharacters(in: .whitespaces)
            // "… applicants got": the verb that leads to the numbers is not the group's name.
            while let last = label.split(separator: " ").last, label.contains(" "), Self.leads.contains(last.lowercased()) {
                label = String(label.dropLast(last.count)).trimmingCharacters(in: .whitespaces)
            }
            arms.append(Arm(label: label, labelTokens: Set(Self.tokens(label)), numbers: inside))
        }
        guard arms.count >= 2 else { return nil }
        self.arms = arms
    }

    /// The arm's label as a message names it ('Age 47' applicants), or "arm 2" when it has none.
    func name(of arm: Int) -> String {
        arms[arm].label.isEmpty ? "arm \(arm + 1)" : arms[arm].label
    }

    /// The arms that write `number` (as ``NumberMatch/writes(_:_:level:)`` reads it; a group's
    /// counts are levels).
    func arms(writing number: ProseNumber) -> [Int] {
        arms.indices.filter { NumberMatch.writes(arms[$0].numbers, number, level: true) }
    }

    /// The tokens of an arm's label that no other arm's label holds: what tells it apart
    /// ("50", "55", "62" against "35", "45"; "black", "hispanic" against "anglo", "saxon").
    func distinctive(_ index: Int) -> Set<String> {
        arms[index].labelTokens.subtracting(arms.indices.filter { $0 != index }.flatMap { arms[$0].labelTokens })
    }

    /// How a page's clause names an arm: `strong` when it writes the arm's whole label or two
    /// or more tokens only that arm's label holds; a single such token ("sounding" of
    /// "white-sounding", "50" of "aged 50 or more") or an age bound ("under 50") is weak — it
    /// may confirm the arm a pair comes from, but is too thin to call the pair a mismatch.
    struct Naming: Equatable {
        var arm: Int
        var strong: Bool
    }

    /// The one arm a page's clause names (see ``naming(of:tokens:bounds:)``).
    func arm(named clause: String, tokens: Set<String>) -> Int? {
        naming(of: clause, tokens: tokens)?.arm
    }

    /// The one arm a page's clause names with the KB's words: the arm whose whole label the
    /// clause writes, as whole words (a bare label within another's counts only as ``writes``
    /// allows, so "'Not married' applicants" is not "'Married' applicants"; two written labels
    /// name none), else the arm that tokens only its label holds name (or forms of them:
    /// "names" for "name"), when no other arm's are written; else the one arm whose label's
    /// numbers all fall within the clause's bounds ("under 50" of "Age 35 or age 45") and no
    /// other arm's do. Nil when the clause names none or several.
    func naming(of clause: String, tokens: Set<String>, bounds: [ClosedRange<Int>] = []) -> Naming? {
        let folded = PageChecker.folded(clause)
        // The label as stored, or without its quotes ("Dark phenotype applicants" for "'Dark
        // phenotype' applicants"): a page rarely quotes a group's name.
        // A bare label within another arm's ("married applicants" of "not married applicants")
        // names it only when the clause does not write the longer label.
        func bare(_ label: String) -> String {
            String(PageChecker.folded(label).filter { !"'\"\u{2018}\u{2019}\u{201C}\u{201D}".contains($0) })
        }
        // Whole words only: "male gender applicants" is not written by "Female gender
        // applicants", nor part of its label (trial 6, item 3).
        func writes(_ index: Int) -> Bool {
            let stored = PageChecker.folded(arms[index].label)
            if Self.contains(folded, words: stored) { return true }
            let own = bare(arms[index].label)
            guard own.count >= 4, Self.contains(folded, words: own) else { return false }
            // Within another arm's label only when the clause writes that label ("not married
            // applicants"): "married applicants" alone names 'Married' (trial 8, bug 9).
            return !arms.indices.contains { $0 != index && Self.contains(bare(arms[$0].label), words: own) && Self.contains(folded, words: bare(arms[$0].label)) }
        }
        let written = arms.indices.filter { arms[$0].label.count >= 4 && writes($0) }
        // A clause that writes two arms' whole labels ("'Male gender' applicants got 287 … and
        // 'Female gender' applicants 385") names neither: the longer label is not the one the
        // numbers are for (trial 11, B2). Each number's own stretch is then read (``PageChecker/judge``).
        if written.count == 1 { return Naming(arm: written[0], strong: true) }
        guard written.isEmpty else { return nil }
        let hits = arms.indices.map { index in
            distinctive(index).filter { held in tokens.contains { PageChecker.sameStem($0, held, strictly: true) } }
        }
        let named = arms.indices.filter { !hits[$0].isEmpty }
        if named.count == 1 { return Naming(arm: named[0], strong: hits[named[0]].count >= 2) }
        if named.isEmpty, let negated = negationNaming(folded) { return negated }
        guard named.isEmpty, !bounds.isEmpty else { return nil }
        func ages(_ index: Int) -> [Int] { distinctive(index).compactMap { Int($0) } }
        let fits = arms.indices.filter { index in
            !ages(index).isEmpty && ages(index).allSatisfy { age in bounds.allSatisfy { $0.contains(age) } }
        }
        let touched = arms.indices.filter { index in ages(index).contains { age in bounds.allSatisfy { $0.contains(age) } } }
        return fits.count == 1 && touched == fits ? Naming(arm: fits[0], strong: false) : nil
    }

    /// The words that deny a group's trait ("without one", "no affiliation", "non-disclosing").
    static let negations: Set<String> = ["no", "not", "without", "non", "never", "lacking"]
    /// The words that stand for the trait after a denial ("those without one").
    static let standIns: Set<String> = ["one", "it", "any", "such", "them", "that"]
    /// How many words a denial may stand before the trait it denies ("did not list an LGB+ affiliation").
    static let denialReach = 4

    /// The arm a clause names when two arms' labels differ only by a "No" ("'HIV infection'
    /// applicants" and "'No HIV infection' applicants": no word tells them apart). Read by the
    /// clause's structure, not its bag of words (review 19, M3): a denial ("without", "no",
    /// "not", "non", …) names the "No" arm only when it bears on the trait — a word of the
    /// trait's name within ``denialReach`` words after it ("without an LGB+ affiliation",
    /// "non-LGB+"), or a word standing for it right after it ("those without one"); a clause
    /// that writes the trait and denies nothing of it names the other arm ("listing an LGB+
    /// organisation affiliation", "with an LGB+ affiliation and no more than 518 callbacks").
    /// Weak: the page's grammar read loosely (review 18, M5, where a clause naming no arm leaves
    /// a count and its base unsupported).
    func negationNaming(_ folded: String) -> Naming? {
        guard arms.count == 2 else { return nil }
        func bare(_ label: String) -> String {
            String(PageChecker.folded(label).filter { !"'\"\u{2018}\u{2019}\u{201C}\u{201D}".contains($0) })
        }
        let labels = arms.map { bare($0.label) }
        guard let negated = labels.indices.first(where: { labels[$0].hasPrefix("no ") && String(labels[$0].dropFirst(3)) == labels[1 - $0] }) else { return nil }
        let trait = Self.traitWords(arms[1 - negated].label)
        guard !trait.isEmpty else { return nil }
        let words = folded.split { !$0.isWordLetter }.map(String.init)
        let isTrait = { (word: String) in trait.contains { PageChecker.sameStem($0, word, strictly: true) } }
        var writesTrait = false
        for (i, word) in words.enumerated() {
            if isTrait(word) { writesTrait = true }
            guard Self.negations.contains(word) else { continue }
            let next = words[(i + 1)..<min(words.count, i + 1 + Self.denialReach)]
            if next.first.map({ Self.standIns.contains($0) }) == true || next.contains(where: isTrait) { return Naming(arm: negated, strong: false) }
        }
        return writesTrait ? Naming(arm: 1 - negated, strong: false) : nil
    }

    /// The words of a label's quoted name that name its trait ("lgb", "organisation",
    /// "affiliation" of "'LGB+ organisation affiliation' applicants"): letters only, two or
    /// more, no stop word or denial.
    static func traitWords(_ label: String) -> Set<String> {
        let c = Array(label)
        guard let open = c.firstIndex(where: { quotes[$0] != nil }), let mark = quotes[c[open]],
              let close = c[(open + 1)...].lastIndex(of: mark) else { return [] }
        let skipped: Set<String> = ["of", "the", "and", "or", "a", "an", "in", "to", "with"]
        return Set(PageChecker.folded(String(c[(open + 1)..<close])).split { !$0.isWordLetter }.map(String.init)
            .filter { $0.count >= 2 && !skipped.contains($0) && !negations.contains($0) && !PageChecker.stopWords.contains($0) })
    }

    /// Whether `text` holds `phrase` as whole words: neither a letter nor a digit right before
    /// or right after it.
    static func contains(_ text: String, words phrase: String) -> Bool {
        guard !phrase.isEmpty else { return false }
        var from = text.startIndex
        while let found = text.range(of: phrase, range: from..<text.endIndex) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            let edge = { (ch: Character?) in ch.map { $0.isWordLetter || $0.isNumber } ?? false }
            if !(edge(before) && (phrase.first?.isWordLetter == true || phrase.first?.isNumber == true))
                && !(edge(after) && (phrase.last?.isWordLetter == true || phrase.last?.isNumber == true)) { return true }
            from = text.index(after: found.lowerBound)
        }
        return false
    }

    /// The tokens of a page's clause that can name a group, and the bounds it writes: a number
    /// after "under", "below", "over", "above", "than" or "up to", or before "+", bounds a
    /// group ("applicants under 50") rather than naming one of its ages.
    static func namingTokens(_ text: String) -> (tokens: Set<String>, bounds: [ClosedRange<Int>]) {
        let words = text.lowercased().split { !($0.isWordLetter || $0.isASCIIDigit || $0 == "+") }.map(String.init)
        var kept: [String] = []
        var bounds: [ClosedRange<Int>] = []
        for (i, word) in words.enumerated() {
            let digits = word.hasSuffix("+") ? String(word.dropLast()) : word
            guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let value = Int(digits) else {
                kept.append(word.filter { $0 != "+" })
                continue
            }
            let before = i > 0 ? words[i - 1] : ""
            let twoBefore = i > 1 ? words[i - 2] : ""
            if word.hasSuffix("+") || ["over", "above"].contains(before) || (before == "than" && ["more", "older", "greater"].contains(twoBefore)) {
                bounds.append((word.hasSuffix("+") ? value : value + 1)...Int.max)
            } else if ["under", "below"].contains(before) || (before == "than" && ["less", "fewer", "younger"].contains(twoBefore)) {
                bounds.append(Int.min...(value - 1))
            } else if before == "to" && twoBefore == "up" {
                bounds.append(Int.min...value)
            } else if before == "than" {
                continue
            } else {
                kept.append(digits)
                continue
            }
            // The bound's word ("under") names no group either.
            if !word.hasSuffix("+"), kept.last == before { kept.removeLast() }
        }
        return (Set(tokens(kept.joined(separator: " "))), bounds)
    }

    /// The lowercased tokens that can name a group: digit runs ("50") and words of four letters
    /// or more that are not stop words.
    static func tokens(_ text: String) -> [String] {
        text.lowercased().split { !($0.isWordLetter || $0.isASCIIDigit) }.map(String.init)
            .filter { $0.allSatisfy(\.isASCIIDigit) || ($0.count >= 4 && !PageChecker.stopWords.contains($0)) }
    }

    /// The words that lead from a group's name to its numbers ("applicants got 196").
    static let leads: Set<String> = ["got", "had", "received", "receive", "get", "were", "was", "with", "of", "at"]

    /// The quotation marks that open a group's name, with the mark that closes each.
    static let quotes: [Character: Character] = ["'": "'", "\"": "\"", "\u{2018}": "\u{2019}", "\u{201C}": "\u{201D}"]

    /// The words that join two findings in one sentence ("…, while younger ones …").
    static let conjunctions: Set<String> = ["while", "whereas", "but", "versus", "vs"]

    /// The clauses of `text`, with their 0-based character ranges: the stretches between
    /// commas, semicolons and colons (each followed by a space or the end) and the conjunctions
    /// that join two findings. A comma inside parentheses or quotes ("'Age 50, age 55, or age
    /// 62'", "(age 50, 55 or 62)") does not break a clause; a quote left open is read as none.
    static func segments(of text: String) -> [(text: String, range: Range<Int>)] {
        segments(of: Array(text), quotes: true) ?? segments(of: Array(text), quotes: false) ?? []
    }

    private static func segments(of c: [Character], quotes: Bool) -> [(text: String, range: Range<Int>)]? {
        var out: [(text: String, range: Range<Int>)] = []
        var start = 0
        var depth = 0
        var closing: Character?
        func cut(_ end: Int, next: Int) {
            if end > start { out.append((String(c[start..<end]), start..<end)) }
            start = next
        }
        var i = 0
        while i < c.count {
            let ch = c[i]
            let afterWord = i > 0 && (c[i - 1].isWordLetter || c[i - 1].isASCIIDigit)
            if let quote = closing {
                if ch == quote, i + 1 >= c.count || !c[i + 1].isWordLetter { closing = nil }
            } else if ch == "(" || ch == "[" {
                depth += 1
            } else if ch == ")" || ch == "]" {
                depth = max(0, depth - 1)
            } else if depth == 0 {
                if quotes, !afterWord, let quote = Self.quotes[ch] {
                    closing = quote
                } else if ch == "," || ch == ";" || ch == ":", i + 1 >= c.count || c[i + 1] == " " {
                    cut(i, next: i + 1)
                } else if ch == " " {
                    var j = i + 1
                    while j < c.count, c[j].isWordLetter { j += 1 }
                    if j < c.count, c[j] == " ", conjunctions.contains(String(c[(i + 1)..<j]).lowercased()) {
                        cut(i, next: j)
                        i = j
                        continue
                    }
                }
            }
            i += 1
        }
        if closing != nil { return nil }
        cut(c.count, next: c.count)
        return out
    }
}
