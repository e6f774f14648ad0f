import Foundation

/// How far a citation on one line reaches the lines around it, worked out once a page in one
/// pass each way (review 19, M1: a scan per number walked the whole paragraph and made a
/// 1,000-line paragraph of numbers quadratic).
///
/// Upward (``coveringLine``): a citation on an earlier line covers a line only when the text
/// between them is one paragraph written on (review 19, B1). The reach stops at
/// - a blank line, and at a line that opens a block of its own: a list item (`-`, `*`, `+`,
///   `1.`, `1)`), a table row (`|`), a heading (`#`, or an HTML `<h1>`–`<h6>`, `<li>`); and a
///   line after a heading, a table row or a rule (`---`) starts afresh;
/// - the first line without a citation that ends a sentence: a citation covers the sentence it
///   is in, the ones written on after it until a full sentence cites nothing, and no further.
///   The bound is the nearest of these, so a list, a table or a run of uncited sentences
///   never carries a citation down to a number far below it;
/// - on an HTML page, any line that ends a sentence: its blanked tags (`<p>`, `<td>`, `<div>`)
///   do not say where a block ends, so only a sentence wrapped across lines is followed.
///
/// Downward (``nextCitedLine``): the next line of the paragraph (up to a blank line) with any
/// citation, as ``PageChecker/citedOnlyLater`` has read it since review 18.
struct ParagraphReach {
    /// For each line (0-based), the nearest earlier line whose citation of a work (or of a
    /// wrong year the KB's works fit) covers it; nil when none does.
    private(set) var coveringLine: [Int?]
    /// For each line, the nearest later line of its paragraph with any citation.
    private(set) var nextCitedLine: [Int?]
    /// For each line, the nearest later line with any citation that the text runs on to
    /// without a new block (a list item, a table row, a heading) between: where a wrapped
    /// sentence's citation may stand (review 19, M4).
    private(set) var nextCitedRunOn: [Int?]
    /// The lines visited to build this and to read the next citation's sentence: a page's
    /// attribution does work linear in its lines (review 19, M1; counted by a test).
    private(set) var visits = 0
    /// Per later cited line, its first citation's ``PageChecker/Lead`` and whether the sentence it
    /// opens gives numbers of its own, read once a line.
    private var openings: [Int: (lead: PageChecker.Lead, ownNumbers: Bool)?] = [:]
    /// Whether each line continues the one before it (the same paragraph written on: neither a
    /// blank line nor a new block between them), and whether it ends with a sentence's stop.
    private var continues: [Bool] = []
    private var endsSentence: [Bool] = []
    /// The numbers of the lines a wrapped sentence was read across, read once a line.
    private var numbersByLine: [Int: [ProseNumber]] = [:]
    /// Each citation's standing (by line, then column), read once: a line's numbers each ask
    /// about the same later citation.
    private var standings: [Int: [Int: (lead: PageChecker.Lead, ownNumbers: Bool)?]] = [:]

    /// For each line, the columns whose numbers are no findings' (URLs, DOIs, a reference
    /// entry's parts), masked as the checker masks them, so a line reads the same numbers
    /// whether a number of its own or one of another line asks (issue 17 review).
    private let masks: [[ClosedRange<Int>]]

    init(_ page: Page, placed: [[PageChecker.Placed]], masks: [[ClosedRange<Int>]]) {
        self.masks = masks
        let lines = page.lines
        let count = lines.count
        let trimmed = lines.map(\.trimmingSpaces)
        let blank = trimmed.map(\.isEmpty)
        let endsSentence = trimmed.map { $0.last.map { ".!?".contains($0) } ?? false }
        let knows = placed.map { $0.contains { $0.work != nil || !$0.yearCandidates.isEmpty } }
        coveringLine = Array(repeating: nil, count: count)
        nextCitedLine = Array(repeating: nil, count: count)
        nextCitedRunOn = Array(repeating: nil, count: count)
        var continues = Array(repeating: false, count: count)
        for line in 0..<count {
            visits += 1
            let text = trimmed[line]
            guard line > 0, !blank[line - 1], !blank[line], !Self.opensBlock(text), !page.headings.contains(line), !page.listItems.contains(line),
                  !Self.standsAlone(trimmed[line - 1]) else { continue }
            let above = line - 1
            // An HTML page's blanked tags do not say where a block ends: only a sentence wrapped
            // across lines runs on (nor does a later paragraph's citation reach back).
            if page.kind == .html, endsSentence[above] { continue }
            continues[line] = true
            if knows[above] { coveringLine[line] = above } else if !endsSentence[above] { coveringLine[line] = coveringLine[above] }
        }
        for line in stride(from: count - 2, through: 0, by: -1) where !blank[line + 1] {
            visits += 1
            nextCitedLine[line] = placed[line + 1].isEmpty ? nextCitedLine[line + 1] : line + 1
            if continues[line + 1] { nextCitedRunOn[line] = placed[line + 1].isEmpty ? nextCitedRunOn[line + 1] : line + 1 }
        }
        self.continues = continues
        self.endsSentence = endsSentence
    }

    /// A line that opens a block of its own (a list item, a table row, a heading).
    static func opensBlock(_ text: String) -> Bool {
        if text.hasPrefix("|") || text.hasPrefix("#") { return true }
        if let first = text.first, "-*+".contains(first), text.dropFirst().first == " " { return true }
        let digits = text.prefix { $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9 else { return false }
        let rest = text.dropFirst(digits.count)
        return (rest.first == "." || rest.first == ")") && (rest.dropFirst().first == " " || rest.count == 1)
    }

    /// A line that is a block of one line (a heading, a table row, a rule or a setext
    /// underline): the line after it starts afresh.
    static func standsAlone(_ text: String) -> Bool {
        text.hasPrefix("|") || text.hasPrefix("#") || (text.count >= 3 && text.allSatisfy { "-=*_ ".contains($0) })
    }

    /// The lead and own-numbers flag of the first citation on `line`, read once.
    mutating func opening(of line: Int, in lines: [String], placed: [[PageChecker.Placed]]) -> (lead: PageChecker.Lead, ownNumbers: Bool)? {
        if let known = openings[line] { return known }
        visits += 1
        guard let first = placed[line].min(by: { $0.citation.column < $1.citation.column }) else {
            openings[line] = .some(nil)
            return nil
        }
        let found = standing(at: first.citation.column, line: line, in: lines)
        openings[line] = .some(found)
        return found
    }

    /// The citations that end the sentence `sentence` (1-based columns) of `line` opens when it
    /// is wrapped on to the lines below: those in the first sentence of the nearest later line
    /// with a citation, when every line between runs on without ending a sentence. "… looked
    /// at roughly 2,900 skills and found⏎that 26% … are likely to be highly⏎transformed [2]."
    /// is [2]'s sentence, whatever an earlier sentence of its first line cites (trial 13).
    func citationsLater(inSentence sentence: ClosedRange<Int>, of line: Int, in lines: [String],
                        placed: [[PageChecker.Placed]]) -> [PageChecker.Placed] {
        // The line's last sentence only (trailing spaces aside).
        guard sentence.upperBound >= lines[line].trimmingSpaces.count else { return [] }
        var below = line
        while below + 1 < lines.count, continues[below + 1], !endsSentence[below] {
            below += 1
            let sentences = PageChecker.sentences(lines[below])
            let first = sentences.first?.range
            let cited = placed[below].filter { first?.contains($0.citation.column) ?? false }
            if !cited.isEmpty { return cited }
            if sentences.count > 1 { break }
        }
        return []
    }

    /// The numbers of `line` (its ``masks`` left out), read once, each with the words a wrapped
    /// sentence carries over from the line above and on to the line below: "raised writing
    /// time by⏎40%" is the increase it is on one line (trial 13). The checker reads a line's
    /// numbers here too, so every reader of a line sees the same numbers.
    mutating func numbers(of line: Int, in lines: [String]) -> [ProseNumber] {
        if let cached = numbersByLine[line] { return cached }
        let read = readNumbers(of: line, in: lines)
        numbersByLine[line] = read
        return read
    }

    private func readNumbers(of line: Int, in lines: [String]) -> [ProseNumber] {
        let own = lines[line]
        let mask = { (index: Int) in index < self.masks.count ? self.masks[index] : [] }
        let carriesFrom = line > 0 && continues[line] && !endsSentence[line - 1]
        let carriesOn = line + 1 < lines.count && continues[line + 1] && !endsSentence[line]
        guard carriesFrom || carriesOn else { return NumberReader.numbers(in: own, masked: mask(line)) }
        let before = carriesFrom ? lines[line - 1] + " " : ""
        let after = carriesOn ? " " + lines[line + 1] : ""
        let shift = before.count
        let tail = shift + own.count + 1
        let masked = (carriesFrom ? mask(line - 1) : []) + mask(line).map { ($0.lowerBound + shift)...($0.upperBound + shift) }
            + (carriesOn ? mask(line + 1).map { ($0.lowerBound + tail)...($0.upperBound + tail) } : [])
        // Only the line's own numbers are kept, at their columns on the line.
        return NumberReader.numbers(in: before + own + after, masked: masked).compactMap { number in
            guard number.column > shift, number.column + number.text.count - 1 <= shift + own.count else { return nil }
            var own = number
            own.column -= shift
            return own
        }
    }

    /// How the citation at `column` of `line` stands in its sentence (``PageChecker/lead(sentenceBefore:numberBefore:)``)
    /// and whether its sentence gives numbers after it, the sentence read across the lines it
    /// is wrapped over (review 19, M4): back while it began on a line above that ends no
    /// sentence, on while it runs on to a line below. The same page wrapped anywhere between
    /// sentences' words reads the same.
    mutating func standing(at column: Int, line: Int, in lines: [String])
        -> (lead: PageChecker.Lead, ownNumbers: Bool)? {
        if let cached = standings[line]?[column] { return cached }
        let found = readStanding(at: column, line: line, in: lines)
        standings[line, default: [:]][column] = .some(found)
        return found
    }

    private mutating func readStanding(at column: Int, line: Int, in lines: [String])
        -> (lead: PageChecker.Lead, ownNumbers: Bool)? {
        let sentences = PageChecker.sentences(lines[line]).map(\.range)
        guard let index = sentences.firstIndex(where: { $0.contains(column) }) else { return nil }
        let opened = sentences[index]
        let own = numbers(of: line, in: lines)
        var before = own.contains { opened.contains($0.column) && $0.column < column }
        var after = own.contains { opened.contains($0.column) && $0.column > column }
        let chars = Array(lines[line])
        var text = String(chars[(opened.lowerBound - 1)..<min(chars.count, max(opened.lowerBound - 1, column - 1))])
        // Back: the sentence is the line's first and the line above runs on into it.
        if index == 0 {
            var above = line
            while above > 0, continues[above], !endsSentence[above - 1] {
                above -= 1
                visits += 1
                let parts = PageChecker.sentences(lines[above]).map(\.range)
                guard let last = parts.last else { break }
                let aboveChars = Array(lines[above])
                text = String(aboveChars[(last.lowerBound - 1)..<min(aboveChars.count, last.upperBound)]) + " " + text
                before = before || numbers(of: above, in: lines).contains { last.contains($0.column) }
                if parts.count > 1 { break }
            }
        }
        // On: the sentence is the line's last and runs on to the line below.
        if index == sentences.count - 1 {
            var below = line
            while below + 1 < lines.count, continues[below + 1], !endsSentence[below] {
                below += 1
                visits += 1
                let parts = PageChecker.sentences(lines[below]).map(\.range)
                guard let first = parts.first else { break }
                after = after || numbers(of: below, in: lines).contains { first.contains($0.column) }
                if parts.count > 1 { break }
            }
        }
        return (PageChecker.lead(sentenceBefore: text, numberBefore: before), after)
    }
}
