import Foundation

/// How far a citation on one line reaches the lines around it, worked out once a page in one
/// pass each way (review 19, M1: a scan per number walked the whole paragraph and made a
/// 1,000-line paragraph of numbers quadratic). The lines are those of ``WrappedParagraphs``: a
/// sentence wrapped over several lines of the file is one line here, so a line that runs on to
/// the next ends a sentence.
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
/// - on an HTML page, a block-level tag (`<p>`, `<td>`, `<div>`, ``Page/breaks``) between two
///   lines: a later paragraph's citation does not reach back, nor an earlier one's down.
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
    /// without a new block (a list item, a table row, a heading) between (review 19, M4).
    private(set) var nextCitedRunOn: [Int?]
    /// The lines visited to build this and to read the next citation's sentence: a page's
    /// attribution does work linear in its lines (review 19, M1; counted by a test).
    private(set) var visits = 0
    /// Per later cited line, its first citation's ``PageChecker/Lead`` and whether the sentence it
    /// opens gives numbers of its own, read once a line.
    private var openings: [Int: (lead: PageChecker.Lead, ownNumbers: Bool)?] = [:]
    /// Each line's numbers, read once.
    private var numbersByLine: [Int: [ProseNumber]] = [:]
    /// Each citation's standing (by line, then column), read once: a line's numbers each ask
    /// about the same later citation.
    private var standings: [Int: [Int: (lead: PageChecker.Lead, ownNumbers: Bool)?]] = [:]

    /// For each line, the columns whose numbers are no findings' (URLs, DOIs, a reference
    /// entry's parts), masked as the checker masks them, so a line reads the same numbers
    /// whether a number of its own or one of another line asks (issue 17 review).
    private let masks: [[ClosedRange<Int>]]

    /// `numbers`: each line's numbers as read with `masks`, when the caller has read them already.
    init(_ page: Page, placed: [[PageChecker.Placed]], masks: [[ClosedRange<Int>]], numbers: [[ProseNumber]]? = nil) {
        self.masks = masks
        if let numbers { numbersByLine = Dictionary(uniqueKeysWithValues: numbers.enumerated().map { ($0.offset, $0.element) }) }
        let lines = page.lines
        let count = lines.count
        let trimmed = lines.map(\.trimmingSpaces)
        let blank = trimmed.map(\.isEmpty)
        let endsSentence = trimmed.map { $0.last.map { ".!?".contains($0) } ?? false }
        let knows = placed.map { $0.contains { $0.work != nil || !$0.yearCandidates.isEmpty } }
        coveringLine = Array(repeating: nil, count: count)
        nextCitedLine = Array(repeating: nil, count: count)
        nextCitedRunOn = Array(repeating: nil, count: count)
        let continues = WrappedParagraphs.continues(page)
        for line in 0..<count where continues[line] {
            visits += 1
            let above = line - 1
            if knows[above] { coveringLine[line] = above } else if !endsSentence[above] { coveringLine[line] = coveringLine[above] }
        }
        for line in stride(from: count - 2, through: 0, by: -1) where !blank[line + 1] {
            visits += 1
            nextCitedLine[line] = placed[line + 1].isEmpty ? nextCitedLine[line + 1] : line + 1
            if continues[line + 1] { nextCitedRunOn[line] = placed[line + 1].isEmpty ? nextCitedRunOn[line + 1] : line + 1 }
        }
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

    /// The numbers of `line` (its ``masks`` left out), read once: the checker reads a line's
    /// numbers here too, so every reader of a line sees the same numbers.
    mutating func numbers(of line: Int, in lines: [String]) -> [ProseNumber] {
        if let cached = numbersByLine[line] { return cached }
        let read = NumberReader.numbers(in: lines[line], masked: line < masks.count ? masks[line] : [])
        numbersByLine[line] = read
        return read
    }

    /// How the citation at `column` of `line` stands in its sentence (``PageChecker/lead(sentenceBefore:numberBefore:)``)
    /// and whether its sentence gives numbers after it. A sentence wrapped over lines is on one
    /// line here (``WrappedParagraphs``), so the page wrapped anywhere reads the same.
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
        guard let opened = sentences.first(where: { $0.contains(column) }) else { return nil }
        let own = numbers(of: line, in: lines)
        let before = own.contains { opened.contains($0.column) && $0.column < column }
        let after = own.contains { opened.contains($0.column) && $0.column > column }
        let chars = Array(lines[line])
        let text = String(chars[(opened.lowerBound - 1)..<min(chars.count, max(opened.lowerBound - 1, column - 1))])
        return (PageChecker.lead(sentenceBefore: text, numberBefore: before), after)
    }
}
