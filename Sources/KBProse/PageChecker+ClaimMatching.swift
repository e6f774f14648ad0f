import Foundation
import KBDomain

/// Which claims a sentence speaks of: full-text search by its rarest words, what a claim
/// states, its weakness, and how many of the sentence's words it holds.
extension PageChecker {
    /// The claims that share the most of `words`, best first: ranked over the sentence's
    /// selective words (each held by at most ``selectiveCap`` claims, the rarest first, within
    /// ``rankedBudget``); a sentence of common words only is held to the claims that hold the
    /// most of its rarest words (``claims(sharingMost:limit:)``). On a KB where every word is
    /// selective (the seed KB) this is the ranked
    /// search over all of them.
    mutating func claims(sharingWords words: [String], limit: Int) throws -> [EvidenceClaim] {
        let counted = try rarestWords(words)
        var selective: [String] = []
        var budget = Self.rankedBudget
        for word in counted {
            let count = frequencies[word] ?? 0
            guard count <= Self.selectiveCap, count <= budget else { break }
            selective.append(word)
            budget -= count
        }
        if !selective.isEmpty { return try index.claims(sharingAny: selective, limit: limit) }
        guard counted.count >= 2 else { return [] }
        return try claims(sharingMost: Array(counted.prefix(Self.commonTerms)), limit: limit)
    }

    /// How many of a sentence's rarest words a sentence of common words is searched with.
    static let commonTerms = 3

    /// The claims that hold the most of `terms` (the rarest first, each common): those that hold
    /// all of them first, then all but the last, down to the first two. The choice then follows
    /// how many of the sentence's rarest words a claim holds, not which claims were stored first
    /// (only claims that hold as many are taken in id order). Each step reads no more than
    /// `limit` matches, so common words cost little (ranking them by BM25 would read every
    /// match); when fewer than `limit` claims hold the first two, they are all of the candidates.
    /// The narrower steps are searched first: when they fill `limit`, the first two terms'
    /// matches (a superset, the terms being plain words or digit phrases) fill it too, so the
    /// answer is theirs and that search is not run (on a KB whose words are all common it was
    /// the larger half of a sentence's searches: issue 17). When they do not, both are run.
    mutating func claims(sharingMost terms: [String], limit: Int) throws -> [EvidenceClaim] {
        guard terms.count > 2 else { return try index.claims(sharingAll: Array(terms.prefix(2)), limit: limit) }
        var out: [EvidenceClaim] = []
        var seen = Set<Int64>()
        for count in stride(from: terms.count, through: 3, by: -1) where out.count < limit {
            for claim in try index.claims(sharingAll: Array(terms.prefix(count)), limit: limit)
            where out.count < limit && seen.insert(claim.id).inserted {
                out.append(claim)
            }
        }
        if out.count >= limit { return out }
        let pair = try index.claims(sharingAll: Array(terms.prefix(2)), limit: limit)
        guard pair.count >= limit else { return pair }
        for claim in pair where out.count < limit && seen.insert(claim.id).inserted { out.append(claim) }
        return out
    }

    /// The distinct searchable words of `words` that some claim holds, rarest first.
    mutating func rarestWords(_ words: [String]) throws -> [String] {
        var counted: [(word: String, count: Int)] = []
        for word in Set(words) where word.count >= 4 && word.allSatisfy(\.isWordLetter) {
            let count = try frequency(word)
            if count > 0 { counted.append((word, count)) }
        }
        return counted.sorted { ($0.count, $0.word) < ($1.count, $1.word) }.map(\.word)
    }

    /// How many claims hold `word` (up to just past ``selectiveCap``), looked up once a page.
    mutating func frequency(_ word: String) throws -> Int {
        if let known = frequencies[word] { return known }
        let count = try index.claimCount(containing: word, upTo: Self.selectiveCap)
        frequencies[word] = count
        return count
    }

    /// The number's digit groups as a claim's text would hold them: "-22.5%" is "22 5",
    /// "~2,900" is "2 900", "n=453" is "453".
    static func digitPhrase(_ number: ProseNumber) -> String? {
        let groups = number.text.split { !$0.isASCIIDigit }.map(String.init)
        return groups.isEmpty ? nil : groups.joined(separator: " ")
    }

    /// Whether a level claim (``NumberMatch/isLevel(_:)``) states the page's change as its
    /// level: the same digits, read without the change's sign.
    static func holdsAsLevel(_ claim: EvidenceClaim, _ number: ProseNumber) -> Bool {
        guard NumberMatch.isLevel(claim) else { return false }
        var level = number
        level.sign = .unstated
        level.isChange = false
        return NumberMatch.statesAsValue(claim, level, asSample: false)
    }

    /// Whether the claim states the number (``NumberMatch/states(_:_:)``), its text read once;
    /// a count as its study's n only `asSample` (``NumberMatch/statesAsValue(_:_:asSample:)``).
    /// A count the page writes neither as a sample's size nor as a pair's base (`asBase`
    /// false: "576 employer replies") is not stated by a number the claim's text writes as its
    /// sample or base ("from 576 applications"; trial 6, item 7).
    mutating func states(_ claim: EvidenceClaim, _ number: ProseNumber, asSample: Bool = true, asBase: Bool = true, sampleOnly: Bool = false) -> Bool {
        // "shifted writing time by 40%": a change whose direction is not read is stated only
        // by a claim whose own text writes it so ("changed by 18%", as a CSV import stores a
        // finding), not by a claim with a direction.
        if number.isDirectionUnread {
            if writtenByClaim[claim.id] == nil { writtenByClaim[claim.id] = index.written(by: claim) }
            return NumberMatch.writes((writtenByClaim[claim.id] ?? []).filter(\.isDirectionUnread), number, level: false)
        }
        if NumberMatch.statesAsValue(claim, number, asSample: asSample) { return !isTieStatedExactlyBySibling(claim, number) }
        guard number.upper == nil else { return false }
        if writtenByClaim[claim.id] == nil { writtenByClaim[claim.id] = index.written(by: claim) }
        let written = writtenByClaim[claim.id] ?? []
        let level = NumberMatch.readsAsLevel(claim, number)
        guard !asBase || sampleOnly, number.kind == .count else { return NumberMatch.writes(written, number, level: level) }
        if basesByClaim[claim.id] == nil { basesByClaim[claim.id] = Self.bases(claim) }
        let bases = basesByClaim[claim.id] ?? []
        if sampleOnly { return NumberMatch.writes(bases, number, level: level) }
        return NumberMatch.writes(written.filter { !bases.contains($0) }, number, level: level)
    }

    /// The numbers a claim's text writes as a sample's size ("576 applications") or as the
    /// base of a count ("405 from 2494").
    static func bases(_ claim: EvidenceClaim) -> [ProseNumber] {
        [claim.statement, claim.quote].compactMap { $0 }.flatMap { raw -> [ProseNumber] in
            let text = FloatArtefacts.tidied(raw)
            let c = Array(text)
            return NumberReader.numbers(in: text).filter { held in
                let before = NumberReader.words(before: held.column - 1, in: c, count: 1).last?.lowercased() ?? ""
                return countsSample(held, in: text) || before == "from" || before == "of"
            }
        }
    }

    /// Whether the page writes a count as a pair's count or base ("291 callbacks from 2494",
    /// "38 from 324") or as a sample's size: only then may it be a number the claim writes as
    /// a base.
    static func writtenAsBase(_ number: ProseNumber, in line: String) -> Bool {
        writtenAsBase(number, characters: Array(line))
    }

    /// ``writtenAsBase(_:in:)`` of a line already split into characters.
    static func writtenAsBase(_ number: ProseNumber, characters c: [Character]) -> Bool {
        guard number.kind == .count else { return true }
        let start = number.column - 1
        let end = start + number.text.count
        guard start >= 0, end <= c.count else { return true }
        if countsSample(number, characters: c) || NumberReader.isPairedCount(c, start: start, end: end) { return true }
        // "1924 from 4946": a base after "from" or "of", whatever the count before it looks like.
        if let before = NumberReader.words(before: start, in: c, count: 1).last?.lowercased(), before == "from" || before == "of" { return true }
        // "sent 4855 and 3147 applications": a list of counts with a sample noun after its last.
        let rest = String(c[end..<min(c.count, end + 60)])
        guard let list = rest.range(of: #"^(?:\s*(?:,|and|or)\s*\d[\d,]*)+\s+\p{L}+"#, options: .regularExpression) else { return false }
        let noun = rest[list].split { !$0.isWordLetter }.last.map { $0.lowercased() } ?? ""
        return sampleNouns.contains(noun)
    }

    /// Why a claim backs a statement only weakly, or nil.
    static func weakness(_ claim: EvidenceClaim, _ work: CitedWork?) -> String? {
        if work?.isRetracted == true { return "\(claim.slug) comes from a retracted work (\(work?.slug ?? ""))" }
        if claim.replication == .failed { return "\(claim.slug) failed to replicate" }
        if claim.grade == .veryLow, claim.sourceID != nil, claim.studyN == nil, work == nil {
            return "\(claim.slug) is very-low evidence"
        }
        return nil
    }

    /// The words around a number: those of its clause (the stretch between commas, semicolons,
    /// colons, parentheses and the conjunctions that join two findings) and of its sentence.
    struct Context {
        var clauseWords: [String]
        var sentenceWords: [String]

        init(clause: String, sentence: String) {
            clauseWords = Array(Set(PageChecker.words(clause))).sorted()
            sentenceWords = Array(Set(PageChecker.words(sentence))).sorted()
        }

        /// The context without `words` (a cited work's authors' names).
        func without(_ words: Set<String>) -> Context {
            var out = self
            out.clauseWords.removeAll { words.contains($0) }
            out.sentenceWords.removeAll { words.contains($0) }
            return out
        }
    }

    /// The claim the context is most about: the most clause words shared, then the most sentence
    /// words (at least `atLeast` in all), then the first stored — never the id order alone when
    /// the words tell the claims apart.
    mutating func best(_ claims: [EvidenceClaim], in context: Context, atLeast: Int = 0) -> EvidenceClaim? {
        var best: (claim: EvidenceClaim, clause: Int, sentence: Int)?
        for claim in claims {
            let clause = affinity(claim, context.clauseWords)
            let sentence = affinity(claim, context.sentenceWords)
            guard sentence >= atLeast || clause >= atLeast else { continue }
            if best.map({ (clause, sentence) > ($0.clause, $0.sentence) }) ?? true { best = (claim, clause, sentence) }
        }
        return best?.claim
    }

    /// How many of `words` the claim's text (statement, quote, metric, baseline) holds, a word
    /// counting when it shares its stem with one of the claim's ("transformed" and
    /// "transformation", "high" and "highest").
    /// Whether `words` (a clause's) hold a word of `claim` that not every other claim of its
    /// work holds ("output", "quality" of a writing-quality claim; not "ChatGPT", which each
    /// of the work's claims names).
    mutating func names(_ claim: EvidenceClaim, among claims: [EvidenceClaim], _ words: [String]) -> Bool {
        let others = claims.filter { $0.id != claim.id }
        return words.contains { word in held(by: claim, word) && (others.isEmpty || !others.allSatisfy { held(by: $0, word) }) }
    }

    mutating func affinity(_ claim: EvidenceClaim, _ words: [String]) -> Int {
        return words.count { held(by: claim, $0) }
    }

    /// Whether the claim's text holds `word` or a word of its stem (`strictly`: only with an
    /// inflection's ending, see ``sameStem(_:_:strictly:)``).
    mutating func held(by claim: EvidenceClaim, _ word: String, strictly: Bool = false) -> Bool {
        let held = contentWords(of: claim)
        return held.contains(word) || held.contains { Self.sameStem($0, word, strictly: strictly) }
    }

    /// The content words of the claim's text (statement, quote, metric, baseline), read once a page.
    mutating func contentWords(of claim: EvidenceClaim) -> Set<String> {
        if let known = claimWords[claim.id] { return known }
        let words = Set(Self.words([claim.statement, claim.quote ?? "", claim.metric ?? "", claim.baseline ?? ""].joined(separator: " ")))
        claimWords[claim.id] = words
        return words
    }

    /// Whether the claim's text holds the word in another form by ``roughStem(_:)``
    /// ("exposure" for "exposed").
    mutating func heldLoosely(by claim: EvidenceClaim, _ word: String) -> Bool {
        if held(by: claim, word) { return true }
        let stem = Self.roughStem(word)
        return stem.count >= 4 && (claimWords[claim.id] ?? []).contains { Self.roughStem($0) == stem }
    }

    /// A word without one common ending ("exposed", "exposure" → "expos"), at least four letters left.
    static func roughStem(_ word: String) -> String {
        for ending in ["ation", "ure", "ing", "ed", "es", "ly", "s", "e"] where word.hasSuffix(ending) && word.count - ending.count >= 4 {
            return String(word.dropLast(ending.count))
        }
        return word
    }

    /// The endings that make another form of one word ("face"/"faces", "high"/"highest").
    static let inflections: Set<String> = ["s", "es", "d", "ed", "ing", "er", "ers", "est", "ly"]

    /// Whether two words are one stem: one is the other with an inflection's ending ("face",
    /// "faces"; "high", "highest"), or — unless `strictly` — both open with the same seven
    /// letters and are of a like length ("transformed", "transformation"), which keeps apart
    /// "internal" and "international", "product" and "productivity", "transfer" and "transform".
    static func sameStem(_ a: String, _ b: String, strictly: Bool = false) -> Bool {
        if a == b { return true }
        // Either way the two share their first character: two words that open with different
        // ASCII letters are not one stem (most pairs; the test is a byte, not a grapheme).
        if let x = a.utf8.first, let y = b.utf8.first, x < 0x80, y < 0x80, x != y { return false }
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        if short.count >= 4, long.hasPrefix(short), inflections.contains(String(long.dropFirst(short.count))) { return true }
        // A word that names who does something ("employers", "workers") is one stem only with its
        // own inflections: "employers" is not "employed" (trial 13, item 7).
        guard !strictly, short.count >= 7, short.prefix(7) == long.prefix(7), !namesAnAgent(short), !namesAnAgent(long) else { return false }
        return Double(short.count) / Double(long.count) >= 0.75
    }

    /// Whether a word reads as one naming who does something: an "-er" or "-ee" noun ("-or" is
    /// left out: "behavior" and "behavioral" are one word).
    static func namesAnAgent(_ word: String) -> Bool {
        ["er", "ers", "ee", "ees"].contains { word.hasSuffix($0) }
    }

    /// The clause of `sentence` around the character at `offset` (0-based): the text inside the
    /// parentheses that hold it, else the stretch between clause breaks with parenthesised
    /// asides left out ("26% of jobs face high GenAI transformation (Indeed, ~2,900 skills)").
    static func clause(at offset: Int, in sentence: String) -> String {
        clauseAndStart(at: offset, in: sentence).text
    }

    /// The clause at `offset` (see ``clause(at:in:)``) and the offset in `sentence` of its first
    /// character, so a number's place in it is known (review 18, m2).
    static func clauseAndStart(at offset: Int, in sentence: String) -> (text: String, start: Int) {
        let c = Array(sentence)
        guard offset >= 0, offset < c.count else { return (sentence, 0) }
        var depth = 0
        var open: Int?
        for i in stride(from: offset - 1, through: 0, by: -1) {
            if c[i] == ")" { depth += 1 } else if c[i] == "(" {
                if depth == 0 { open = i; break }
                depth -= 1
            }
        }
        var text = c
        var lower = 0
        var upper = c.count
        if let open {
            lower = open + 1
            upper = c[lower...].firstIndex(of: ")") ?? c.count
        } else {
            // Asides in parentheses are not the clause's words.
            var level = 0
            for i in c.indices {
                if c[i] == "(" { level += 1 }
                if level > 0 { text[i] = " " }
                if c[i] == ")", level > 0 { level -= 1 }
            }
        }
        let breaks: Set<Character> = [";", ":", ","]
        var start = offset
        while start > lower, !(breaks.contains(text[start - 1]) && (start >= text.count || text[start] == " ")) { start -= 1 }
        var end = offset
        while end < upper, !(breaks.contains(text[end]) && (end + 1 >= text.count || text[end + 1] == " ")) { end += 1 }
        // "… time by 40% and raised quality by 18%": the conjunctions that join two findings, and
        // the words that set one group's figures against another's ("… got 138 callbacks from 952
        // applications against 85 from 952 for Anglo-Saxon names": trial 14, B1).
        var from = start
        var to = max(start, end)
        var i = start
        while i < to {
            guard text[i].isWordLetter, i == start || !text[i - 1].isWordLetter else { i += 1; continue }
            var j = i
            while j < text.count, text[j].isWordLetter { j += 1 }
            if ["and", "while", "whereas", "but", "against", "versus", "vs"].contains(String(text[i..<j]).lowercased()) {
                if j <= offset { from = j } else if i > offset { to = i; break }
            }
            i = j
        }
        return (String(text[from..<to]), from)
    }

    /// The claim whose words the sentence shares most (at least `atLeast` words).
    mutating func closest(_ claims: [EvidenceClaim], to sentence: String, atLeast: Int = 0) -> EvidenceClaim? {
        let words = Set(Self.words(sentence))
        var best: (EvidenceClaim, Int)?
        for claim in claims {
            let shared = contentWords(of: claim).intersection(words).count
            if shared >= atLeast, best.map({ shared > $0.1 }) ?? true { best = (claim, shared) }
        }
        return best?.0
    }

    static let stopWords: Set<String> = ["the", "and", "that", "this", "with", "from", "have", "were", "their", "they", "them", "than", "which",
                                         "into", "over", "more", "most", "less", "what", "when", "where", "reports", "following", "about",
                                         "every", "each", "only", "also", "been", "will", "would", "could", "should", "your", "such"]

    /// The lowercased content words of `text` (four letters or more, no stop words).
    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isWordLetter }.map(String.init).filter { $0.count >= 4 && !stopWords.contains($0) }
    }
}
