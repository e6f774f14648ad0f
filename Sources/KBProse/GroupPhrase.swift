/// The words with which a page, or a claim, names one group: "applicants aged 57 or 58",
/// "white men", "those unemployed for 18 months or more", 'unemployment duration (>=18 months)'.
/// A register's label is rarely the page's wording ("men" for 'male', "aged 57 or 58" for 'age
/// 57 or age 58', "18 months or more" for '>=18 months'), so a label is held to a phrase by
/// parts: its words (or another form of them), the everyday class a word names
/// (``PageChecker/groupClasses``), its numbers, and the side of a bound it is on (trial 16, B1).
struct GroupTerms: Equatable {
    /// Lowercased letter words, less stop words and the words every register row repeats.
    var words: Set<String>
    /// Whole numbers written ("57", "18").
    var digits: Set<String>
    /// "under" for "<", "under", "less than", "below"; "over" for ">", "≥", "or more",
    /// "more than", "at least", "above", "over".
    var bounds: Set<String>
    /// The everyday classes the words name (indices into ``PageChecker/groupClasses``).
    var classes: Set<Int>

    /// Words that name no group: a register's template ("applicants signalling … got
    /// callbacks at a rate of") and the words around a page's groups.
    static let template: Set<String> = [
        "applicants", "applicant", "name", "names", "sounding", "signalling", "signaling", "those", "people", "workers", "candidates",
        "study", "callbacks", "callback", "rate", "rates", "got", "for", "among", "at", "of", "or", "a", "an", "in", "on", "was", "were",
        "is", "are", "who", "had", "with", "applications", "application", "report", "reports", "reported", "found", "respectively",
        "received", "get", "gets", "by", "to", "as", "all", "group", "groups", "months", "month", "years", "year", "duration", "gender", "sex",
    ]

    /// The words as written together: "anglo-saxon" is one unit of two words, named when
    /// either is ("white" names 'Anglo-Saxon name' by its class).
    var units: [Set<String>]

    init(_ text: String) {
        // "non-parents" is the 'nonparent' group (trial 20, B4).
        let lower = Self.joiningNon(text.lowercased())
        // "without", "not", "non" deny as "no" does ('No LGB+ organisation affiliation').
        let letters = PageChecker.letterWords(lower).map { Self.denials.contains($0) ? "no" : $0 }
        func kept(_ word: String) -> Bool { word.count > 1 && !Self.template.contains(word) && !PageChecker.stopWords.contains(word) }
        words = Set(letters.filter(kept))
        units = lower.split { $0.isWhitespace || ",;:()[]/'\"\u{2018}\u{2019}\u{201C}\u{201D}".contains($0) }
            .map { Set(PageChecker.letterWords(String($0)).map { Self.denials.contains($0) ? "no" : $0 }.filter(kept)) }.filter { !$0.isEmpty }
        digits = Set(lower.split { !$0.isASCII || !$0.isNumber }.map(String.init))
        var bounds = Set<String>()
        let spaced = " " + letters.joined(separator: " ") + " "
        if lower.contains("<") || lower.contains("≤") || [" under ", " less than ", " below ", " fewer than ", " younger than ", " or younger ", " or less ", " up to ", " at most "].contains(where: spaced.contains) {
            bounds.insert("under")
        }
        if lower.contains(">") || lower.contains("≥")
            || [" or more ", " more than ", " at least ", " above ", " over ", " or longer ", " older than ", " and over ", " or older "].contains(where: spaced.contains) {
            bounds.insert("over")
        }
        // "younger applicants", "older ones": the side of an age bound ('under 40', 'over 40').
        if letters.contains(where: { ["younger", "young", "youngest"].contains($0) }) { bounds.insert("under") }
        if letters.contains(where: { ["older", "elderly", "oldest"].contains($0) }) { bounds.insert("over") }
        self.bounds = bounds
        classes = PageChecker.groupClassIndices(letters)
    }

    /// The groups a register names in one word that pages write with a hyphen: "non-parents"
    /// is the 'nonparent' arm, not the 'parent' one (trial 20, B4).
    /// So are their denials in words ("applicants who are not parents", "without children").
    static let hyphenatedGroups = [
        ("non-parent", "nonparent"), ("non parent", "nonparent"), ("non-white", "nonwhite"), ("not parents", "nonparents"),
        ("not a parent", "a nonparent"), ("without children", "nonparents"), ("no children", "nonparents"),
    ]

    /// `lowered` with ``hyphenatedGroups`` written as one word.
    static func joiningNon(_ lowered: String) -> String {
        guard lowered.contains("non") || lowered.contains("not ") || lowered.contains(" children") else { return lowered }
        var out = lowered
        for (written, word) in hyphenatedGroups where out.contains(written) { out = out.replacingOccurrences(of: written, with: word) }
        return out
    }

    /// Words that deny, read as "no".
    static let denials: Set<String> = ["no", "not", "non", "without"]

    /// Whether the text names anything a group could be told by.
    var isEmpty: Bool { words.isEmpty && digits.isEmpty && bounds.isEmpty }

    /// How well `phrase` names the group these terms (a claim's label) are: 2 for each word
    /// the phrase writes (or another form of it), 1 for a word whose class the phrase names
    /// ("men" for 'male'), 2 for each number and each bound it writes; less 1 for each word,
    /// number or bound of the label the phrase does not write ("married applicants" names
    /// 'Married' better than 'Not married').
    func score(of phrase: GroupTerms) -> Int {
        var score = 0
        for unit in units {
            if unit.contains(where: { word in phrase.words.contains { PageChecker.sameStem($0, word) } }) {
                score += 2
            } else if !PageChecker.groupClassIndices(unit).isDisjoint(with: phrase.classes) {
                score += 1
            } else {
                score -= 1
            }
        }
        let digitsWritten = digits.intersection(phrase.digits).count
        let boundsWritten = bounds.intersection(phrase.bounds).count
        score += 3 * (digitsWritten + boundsWritten) - digits.count - bounds.count
        return score
    }

    /// Whether the phrase names any part of this group: a word (or its class), a number or a bound.
    func isNamed(by phrase: GroupTerms) -> Bool {
        units.contains { unit in
            unit.contains { word in phrase.words.contains { PageChecker.sameStem($0, word) } }
                || !PageChecker.groupClassIndices(unit).isDisjoint(with: phrase.classes)
        } || !digits.isDisjoint(with: phrase.digits) || !bounds.isDisjoint(with: phrase.bounds)
    }

    /// Whether the phrase names this group beyond doubt: two of its words, numbers or bounds
    /// as written (or other forms of its words), or every part of it with one of them as
    /// written ("white men" for 'white male'); a single word of a longer label ("Hispanic" of
    /// 'Black- or Hispanic-sounding name', "50" of 'Age 50, age 55, or age 62') or a class alone
    /// ("women" for 'Female gender') is not.
    func isStronglyNamed(by phrase: GroupTerms) -> Bool {
        let exact = units.filter { unit in unit.contains { word in phrase.words.contains { PageChecker.sameStem($0, word) } } }.count
        let byClass = units.filter { unit in
            !unit.contains { word in phrase.words.contains { PageChecker.sameStem($0, word) } }
                && !PageChecker.groupClassIndices(unit).isDisjoint(with: phrase.classes)
        }.count
        let written = exact + digits.intersection(phrase.digits).count + bounds.intersection(phrase.bounds).count
        let whole = exact + byClass == units.count && digits.isSubset(of: phrase.digits) && bounds.isSubset(of: phrase.bounds)
        return written >= 2 || (whole && written >= 1)
    }

    /// The phrase's words, numbers and bounds that name this group (for a message).
    func naming(in phrase: GroupTerms) -> [String] {
        let said = phrase.words.filter { word in
            words.contains { PageChecker.sameStem(word, $0) || !PageChecker.groupClassIndices([$0]).isDisjoint(with: PageChecker.groupClassIndices([word])) }
        }
        let bounds = self.bounds.intersection(phrase.bounds).map { $0 == "under" ? "under" : "or more" }
        return said.sorted() + digits.intersection(phrase.digits).sorted { $0.count != $1.count ? $0.count < $1.count : $0 < $1 } + bounds.sorted()
    }
}

/// Where a sentence gives each of its numbers a group: a "respectively" list paired by
/// position ("12.2%, 16.3% and 11.6% for straight, gay and lesbian applicants, respectively"),
/// else the number's own "for …" phrase, else the words since the number before it ("women
/// got callbacks at 15% and men at 16%"; "Of the 6343 applications sent for women, 569 got a
/// callback").
enum GroupPhrase {
    /// A number as it stands in its sentence: its 0-based offset and its text.
    typealias Placed = (offset: Int, text: String)

    /// The words that end a group in a list ("for straight, gay and lesbian applicants,
    /// respectively"; "Muslim and Christian applicants got …").
    static let stops: Set<String> = [
        "were", "was", "are", "is", "got", "get", "gets", "had", "have", "has", "received", "receive", "respectively", "at", "to",
        "by", "saw", "faced", "and", "against", "versus", "vs", "while", "whereas", "but", "report", "reports",
        "reported", "found", "find", "finds", "show", "shows", "showed", "of", "that", "which", "for", "among",
    ]

    /// The words that end a number's own phrase after it ("for applicants with Arab names and
    /// 5.3% for …"): the next comparison, or the verb of another clause.
    static let afterStops: Set<String> = [
        "and", "against", "versus", "vs", "while", "whereas", "but", "respectively", "compared", "were", "was", "are", "is", "got",
        "had", "received", "which", "that", "saw", "faced",
    ]

    /// Each number's phrase (by its index in `numbers`) when the sentence pairs a list of
    /// numbers with a list of as many groups by position. With "respectively" (`implicit`
    /// false), the list of numbers is the one that ends nearest before the word and the groups
    /// are written before or after it; without it (`implicit`), only groups written before
    /// their numbers pair ("For Black men and white men, the rates were 24.7% and 23.4%").
    /// A list of groups longer than the numbers' keeps its last items ("In the yemane study,
    /// Muslim, Christian and unaffiliated applicants … at 20.4%, 10.2% and 19.5%").
    static func respective(_ sentence: String, numbers: [Placed], implicit: Bool = false,
                           citations readCitations: () -> [Range<Int>] = { [] }) -> [Int: String]? {
        pairedList(sentence, numbers: numbers, implicit: implicit, citations: readCitations)?.pairs
    }

    /// The pairs of ``respective(_:numbers:implicit:citations:)``, and whether the groups are
    /// written after their numbers. Without "respectively", groups after the numbers pair only
    /// when their list opens with "for" right after the numbers' ("callback rates of 24.5% and
    /// 24% for applicants under and over 40": trial 18, B4 and M3).
    static func pairedList(_ sentence: String, numbers: [Placed], implicit: Bool = false,
                           citations readCitations: () -> [Range<Int>] = { [] }) -> (pairs: [Int: String], groupsAfter: Bool)? {
        guard numbers.count >= 2 else { return nil }
        let c = Array(sentence)
        let word = sentence.range(of: "respectively", options: .caseInsensitive).map { sentence.distance(from: sentence.startIndex, to: $0.lowerBound) }
        guard implicit || word != nil else { return nil }
        // Runs of numbers with only commas, spaces, "and" or "or" between them, and the noun
        // they count ("11 callbacks and 21 callbacks": trial 19, M2).
        var runs: [[Int]] = [[0]]
        for index in numbers.indices.dropFirst() {
            let a = numbers[index - 1], b = numbers[index]
            let end = a.offset + a.text.count
            let between = end <= b.offset ? String(c[end..<b.offset]).lowercased() : "x"
            let joined = between.split { $0 == " " || $0 == "," }.allSatisfy { $0 == "and" || $0 == "or" || NumberReader.outcomeNouns.contains(String($0)) }
            if joined { runs[runs.count - 1].append(index) } else { runs.append([index]) }
        }
        let lists = runs.filter { $0.count >= 2 }
        let run: [Int]?
        if let word {
            run = lists.last { numbers[$0[$0.count - 1]].offset < word }
        } else {
            run = lists.first
        }
        guard let run else { return nil }
        let first = numbers[run[0]], last = numbers[run[run.count - 1]]
        let listSpan = first.offset..<(last.offset + last.text.count)
        let spans = numbers.map { $0.offset..<($0.offset + $0.text.count) }
        let tokens = Self.tokens(c)
        // The citations' spans, read only for a sentence with a list of numbers.
        let citations = readCitations()
        // Each "and" outside the numbers and the citations may join the groups' list; the list
        // nearest the numbers is theirs ("Kline and colleagues report that for white women and
        // Black women the rates were 22.7% and 25.5%, respectively": trial 18, B2).
        var nearest: (distance: Int, items: [String], after: Bool)?
        for (index, token) in tokens.enumerated() where token.text.lowercased() == "and" {
            let after = token.range.lowerBound >= listSpan.upperBound
            guard !listSpan.contains(token.range.lowerBound), !citations.contains(where: { $0.contains(token.range.lowerBound) }),
                  !implicit || !after || Self.opensWithFor(c, from: listSpan.upperBound, to: token.range.lowerBound, avoiding: spans),
                  let items = list(around: index, tokens, avoiding: spans), items.count >= run.count else { continue }
            let distance = after ? token.range.lowerBound - listSpan.upperBound : listSpan.lowerBound - token.range.upperBound
            if nearest.map({ distance < $0.distance }) ?? true { nearest = (distance, Array(items.suffix(run.count)), after) }
        }
        guard let nearest else { return nil }
        return (Dictionary(uniqueKeysWithValues: zip(run, shared(nearest.items))), nearest.after)
    }

    /// Whether the text from `start` to `end` opens with "for" and writes no number: the
    /// groups' list right after the numbers' ("24.5% and 24% for applicants under and over 40").
    static func opensWithFor(_ c: [Character], from start: Int, to end: Int, avoiding numbers: [Range<Int>]) -> Bool {
        guard start < end, end <= c.count, !numbers.contains(where: { $0.overlaps(start..<end) }) else { return false }
        return String(c[start..<end]).lowercased().split(separator: " ").first == "for"
    }

    /// A token: a word (letters, digits, and "-", "'", "<", ">", "=", "≥", "≤" within it) or one
    /// punctuation mark that ends a group ("," ";" ":" "(" ")").
    static func tokens(_ c: [Character]) -> [(text: String, range: Range<Int>)] {
        var out: [(text: String, range: Range<Int>)] = []
        func inWord(_ ch: Character) -> Bool { ch.isLetter || ch.isNumber || "-'<>=≥≤".contains(ch) }
        var i = 0
        while i < c.count {
            if inWord(c[i]) {
                var j = i
                while j < c.count, inWord(c[j]) || (c[j] == "." && j + 1 < c.count && c[j + 1].isNumber && j > i && c[j - 1].isNumber) { j += 1 }
                out.append((String(c[i..<j]), i..<j))
                i = j
            } else {
                if ",;:()".contains(c[i]) { out.append((String(c[i]), i..<(i + 1))) }
                i += 1
            }
        }
        return out
    }

    /// The items of the list whose last "and" is `tokens[and]`: the item after it up to a stop
    /// word or mark, and those before it back to each comma, up to a stop word, a mark or the
    /// sentence's start. Nil when an item is empty or crosses the numbers' list.
    static func list(around and: Int, _ tokens: [(text: String, range: Range<Int>)], avoiding numbers: [Range<Int>]) -> [String]? {
        func ends(_ token: (text: String, range: Range<Int>)) -> Bool {
            stops.contains(token.text.lowercased()) || ",;:()".contains(token.text) || numbers.contains { $0.overlaps(token.range) }
        }
        var last: [String] = []
        var k = and + 1
        while k < tokens.count, !ends(tokens[k]) { last.append(tokens[k].text); k += 1 }
        guard !last.isEmpty else { return nil }
        var items = [last.joined(separator: " ")]
        var k2 = and - 1
        // An Oxford comma: "white men, Black men, white women, and Black women".
        if k2 >= 0, tokens[k2].text == "," { k2 -= 1 }
        while k2 >= 0 {
            var item: [String] = []
            while k2 >= 0, !ends(tokens[k2]) { item.insert(tokens[k2].text, at: 0); k2 -= 1 }
            guard !item.isEmpty else { return nil }
            items.insert(item.joined(separator: " "), at: 0)
            guard k2 >= 0, tokens[k2].text == "," else { break }
            k2 -= 1
        }
        return items
    }

    /// A noun the last item shares with the one-word items before it: "Black and white men"
    /// gives "Black men" and "white men" (a last item of two words only: "Muslim, Christian and
    /// applicants with no religious affiliation" shares nothing).
    static func shared(_ items: [String]) -> [String] {
        let lastWords = items[items.count - 1].split(separator: " ")
        guard lastWords.count == 2 else { return items }
        let tail = lastWords.dropFirst().joined(separator: " ")
        return items.enumerated().map { index, item in
            index < items.count - 1 && !item.contains(" ") ? item + " " + tail : item
        }
    }

    /// The number's own phrase after it: an aside right after it ("325 (aged 37 or 42)"), or
    /// "for", "among" or "of" within its first three words, up to a stop word, a mark or the next number
    /// ("10.7% for applicants aged 57 or 58 and …", "6567 applications for women and …");
    /// empty when there is none.
    /// With the offset in the sentence where the phrase ends (the number's end when there is
    /// none): the words before the next number start there.
    static func afterSpan(_ number: Placed, in sentence: String, next: Int?) -> (text: String, end: Int) {
        let c = Array(sentence)
        let start = min(c.count, number.offset + number.text.count)
        let end = min(c.count, next ?? c.count)
        guard start < end else { return ("", start) }
        let tokens = Self.tokens(Array(c[start..<end]))
        // "325 (aged 37 or 42)": an aside right after the number names its group.
        if tokens.first?.text == "(", let close = tokens.firstIndex(where: { $0.text == ")" }), close > 1 {
            return (tokens[1..<close].map(\.text).joined(separator: " "), start + tokens[close].range.upperBound)
        }
        // "24.5% under 40 against 24% over 40": a bound of age right after the number is its
        // group, as "for applicants under 40" is (trial 20, B3).
        if tokens.count >= 2, Self.boundLeads.contains(tokens[0].text.lowercased()), tokens[1].text.first?.isNumber == true,
           !(tokens.count >= 3 && Self.spans.contains(tokens[2].text.lowercased())) {
            var out: [String] = []
            var last = 0
            for token in tokens {
                if afterStops.contains(token.text.lowercased()) || ",;:()".contains(token.text) { break }
                out.append(token.text)
                last = token.range.upperBound
            }
            return (out.joined(separator: " "), start + last)
        }
        guard let lead = tokens.prefix(3).firstIndex(where: { ["for", "among", "of"].contains($0.text.lowercased()) }),
              tokens[..<lead].allSatisfy({ !",;:()".contains($0.text) && !stops.contains($0.text.lowercased()) }) else { return ("", start) }
        var out: [String] = []
        var last = tokens[lead].range.upperBound
        for token in tokens[(lead + 1)...] {
            if afterStops.contains(token.text.lowercased()) || ",;:()".contains(token.text) { break }
            out.append(token.text)
            last = token.range.upperBound
        }
        return (out.joined(separator: " "), out.isEmpty ? start : start + last)
    }

    /// The words that open a group's bound right after its number ("24% over 40").
    static let boundLeads: Set<String> = ["under", "over", "below", "above", "aged"]
    /// The units of a span of time, which no such bound is ("24.5% over 12 months").
    static let spans: Set<String> = ["months", "month", "years", "year", "weeks", "week", "days", "day", "hours", "hour", "minutes", "decades", "waves", "rounds"]

    /// Whether `base` is the base of `count`: only a noun and "from", "of" or "out of" stand
    /// between them ("85 callbacks from 952", "85 of 952").
    static func joinsBase(_ count: Placed, _ base: Placed, in sentence: String) -> Bool {
        let c = Array(sentence)
        let end = count.offset + count.text.count
        guard end <= base.offset, base.offset <= c.count else { return false }
        let words = String(c[end..<base.offset]).lowercased().split(separator: " ").map(String.init)
        guard let last = words.last, ["from", "of"].contains(last), words.count <= 3 else { return false }
        return words.dropLast().allSatisfy { $0.allSatisfy(\.isLetter) && !stops.contains($0) || $0 == "out" }
    }

    /// The words between `start` — the end of the number before and of its own phrase
    /// (``afterSpan(_:in:next:)``), or the sentence's start — and the number.
    /// A phrase that names the group the number's group is compared with ("compared with
    /// childless women, mothers got 10 callbacks") is left out: it is the other group's
    /// (review 28).
    static func before(_ number: Placed, in sentence: String, from start: Int) -> String {
        let c = Array(sentence)
        guard start < number.offset, number.offset <= c.count else { return "" }
        let text = String(c[max(0, start)..<number.offset])
        guard text.range(of: comparedWith, options: .regularExpression) != nil else { return text }
        return text.replacingOccurrences(of: comparedWith, with: " ", options: .regularExpression)
    }

    /// "compared with …,", "relative to …,", "unlike …,": up to the comma that closes it.
    /// Only a phrase its comma closes: without one, where it ends is not read ("relative to
    /// childless women mothers got 21" keeps its words).
    static let comparedWith = #"(?i)\b(?:compared (?:with|to)|in comparison (?:with|to)|relative to|unlike|as opposed to)\b[^,;:]*,"#
}
