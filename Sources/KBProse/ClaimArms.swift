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
    init?(statement: String) {
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

    /// The arms that write `number` (as ``NumberMatch/writes(_:_:)`` reads it).
    func arms(writing number: ProseNumber) -> [Int] {
        arms.indices.filter { NumberMatch.writes(arms[$0].numbers, number) }
    }

    /// The tokens of an arm's label that no other arm's label holds: what tells it apart
    /// ("50", "55", "62" against "35", "45"; "black", "hispanic" against "anglo", "saxon").
    func distinctive(_ index: Int) -> Set<String> {
        arms[index].labelTokens.subtracting(arms.indices.filter { $0 != index }.flatMap { arms[$0].labelTokens })
    }

    /// The one arm a page's clause names with the KB's words: the arm whose whole label the
    /// clause writes (the longest such, so "'Not married' applicants" is not "'Married'
    /// applicants"), else the arm that a token only its label holds names (or a form of it:
    /// "names" for "name"); nil when the clause names none or several.
    func arm(named clause: String, tokens: Set<String>) -> Int? {
        let folded = PageChecker.folded(clause)
        let written = arms.indices.filter { arms[$0].label.count >= 4 && folded.contains(PageChecker.folded(arms[$0].label)) }
        if let longest = written.max(by: { arms[$0].label.count < arms[$1].label.count }),
           written.count { arms[$0].label.count == arms[longest].label.count } == 1 {
            return longest
        }
        let named = arms.indices.filter { index in
            distinctive(index).contains { held in tokens.contains { PageChecker.sameStem($0, held, strictly: true) } }
        }
        return named.count == 1 ? named[0] : nil
    }

    /// The lowercased tokens that can name a group: digit runs ("50") and words of four letters
    /// or more that are not stop words.
    static func tokens(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isASCIIDigit) }.map(String.init)
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
            let afterWord = i > 0 && (c[i - 1].isLetter || c[i - 1].isASCIIDigit)
            if let quote = closing {
                if ch == quote, i + 1 >= c.count || !c[i + 1].isLetter { closing = nil }
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
                    while j < c.count, c[j].isLetter { j += 1 }
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
