import Foundation

/// A page's paragraphs, each on one line: the lines a sentence is wrapped over are read as the
/// one line they would be unwrapped, so that a number is read in its whole sentence, with the
/// words on both sides of a line break, and held to that sentence's citations (trial 13, items
/// 3 and 9: "… 26% of them face the highest exposure, while 41% of⏎postings are …" holds 41%
/// to postings, not to the skills its own line names). The checker reads ``joined``; each
/// finding's line:column is mapped back to the file's with ``physical(line:column:)``.
///
/// A line runs on from the one above (the same paragraph, written on) unless either is blank,
/// it opens a block of its own (a list item `-`, `*`, `+`, `1.`, `1)`, a table row `|`, a
/// heading `#`, a rule or setext underline `---`, an HTML heading or list item), the line above
/// is a block of one line (a heading, a table row, a rule), or, on an HTML page, a block-level
/// tag (`<p>`, `<div>`, `<br>`, `<td>`, …) stands between the two lines' text.
struct WrappedParagraphs {
    /// The page with each paragraph on one line (its other lines dropped), its headings and list
    /// items moved to the lines they are on now.
    let joined: Page
    /// For each joined line, its pieces in order: where each starts on the joined line (1-based
    /// column) and where that is in the file (0-based line, 1-based column).
    private let pieces: [[Piece]]
    /// For each line of the file, the joined line it is on and the shift from its columns to the
    /// joined line's.
    private let placeOf: [(line: Int, shift: Int)]

    private struct Piece {
        var column: Int
        var line: Int
        var fileColumn: Int
    }

    init(_ page: Page) {
        let runsOn = Self.runsOn(page)
        var lines: [String] = []
        var pieces: [[Piece]] = []
        var placeOf: [(line: Int, shift: Int)] = []
        for (offset, text) in page.lines.enumerated() {
            guard runsOn[offset], let last = lines.indices.last else {
                lines.append(text)
                pieces.append([Piece(column: 1, line: offset, fileColumn: 1)])
                placeOf.append((lines.count - 1, 0))
                continue
            }
            // The line above loses its trailing spaces, this one its indent; one space joins them.
            var above = lines[last]
            while let end = above.last, end == " " || end == "\t" { above.removeLast() }
            let indent = text.prefix { $0 == " " || $0 == "\t" }.count
            let start = above.count + 2
            lines[last] = above + " " + text.dropFirst(indent)
            pieces[last].append(Piece(column: start, line: offset, fileColumn: indent + 1))
            placeOf.append((last, start - indent - 1))
        }
        var joined = page
        joined.lines = lines
        joined.headings = Set(page.headings.map { placeOf[$0].line })
        joined.listItems = Set(page.listItems.map { placeOf[$0].line })
        joined.breaks = Set(page.breaks.map { placeOf[$0].line })
        let move = { (block: Page.Block) -> Page.Block in
            var moved = block
            moved.start = Self.moved(block.start, placeOf)
            moved.end = Self.moved(block.end, placeOf)
            return moved
        }
        joined.blocks = page.blocks.map(move)
        joined.superscripts = page.superscripts.map(move)
        self.joined = joined
        self.pieces = pieces
        self.placeOf = placeOf
    }

    private static func moved(_ position: Page.Position, _ placeOf: [(line: Int, shift: Int)]) -> Page.Position {
        guard position.line < placeOf.count else { return position }
        let place = placeOf[position.line]
        return Page.Position(line: place.line, column: max(1, position.column + place.shift))
    }

    /// Whether each line of `page` runs on from the line above: it ``continues(_:)`` the
    /// paragraph and the line above ends no sentence (a sentence wrapped over lines; lines that
    /// each end a sentence stay lines, as a card's or an FAQ's do, and ``ParagraphReach`` carries
    /// a citation over them).
    static func runsOn(_ page: Page) -> [Bool] {
        let continues = continues(page)
        var length = 0
        return page.lines.indices.map { line in
            let runs = continues[line] && !endsSentence(page.lines[line - 1].trimmingSpaces) && length < longestJoin
            length = runs ? length + page.lines[line].count + 1 : page.lines[line].count
            return runs
        }
    }

    /// Whether a line's text ends a sentence: a stop that is not an abbreviation's ("Noy et
    /// al.⏎(2023)" runs on; trial 14, M2).
    static func endsSentence(_ text: String) -> Bool {
        // Past what may close a sentence after its stop: quotes, brackets, a footnote marker
        // ("40%.\"", "(… 2023).)", "….[^1]", "….[2]"; review 23, B2).
        var end = Substring(text)
        while true {
            if let last = end.last, "\"'”’)]*_".contains(last) {
                if last == "]", let open = end.lastIndex(of: "["), end[open...].count <= 8 { end = end[..<open] } else { end = end.dropLast() }
                continue
            }
            break
        }
        guard let last = end.last, ".!?".contains(last) else { return false }
        let lowered = end.lowercased()
        return !abbreviations.contains { lowered.hasSuffix(" " + $0) || lowered == $0 }
    }

    /// A joined line grows to about this many characters at most: a sentence is shorter, and a
    /// block without stops (a list of names, a code listing) is not one line to read (review 23, B3).
    static let longestJoin = 600

    /// Abbreviations whose stop ends no sentence.
    static let abbreviations = ["al.", "e.g.", "i.e.", "vs.", "cf.", "approx.", "ca.", "p.", "pp.", "no.", "vol.", "fig.", "eq."]

    /// Whether each line of `page` continues the paragraph of the line above (see the type's
    /// comment); a reference list's lines never do, as each may be an entry.
    static func continues(_ page: Page) -> [Bool] {
        let trimmed = page.lines.map(\.trimmingSpaces)
        var inReferences = false
        var inFence = false
        return trimmed.indices.map { line in
            let text = trimmed[line]
            // A Markdown code fence's lines are code, each its own (review 23, B3).
            let fence = { (text: String) in page.kind != .html && (text.hasPrefix("```") || text.hasPrefix("~~~")) }
            if fence(text) { inFence.toggle(); return false }
            if inFence || (line > 0 && fence(trimmed[line - 1])) { return false }
            if CitationReader.isReferenceHeading(text) { inReferences = true; return false }
            if inReferences, CitationReader.isHeading(text) || page.headings.contains(line) { inReferences = false }
            guard line > 0, !inReferences else { return false }
            return !trimmed[line - 1].isEmpty && !text.isEmpty && !opensBlock(text) && !standsAlone(text) && !standsAlone(trimmed[line - 1])
                && !page.headings.contains(line) && !page.listItems.contains(line) && !page.headings.contains(line - 1)
                && !page.breaks.contains(line)
        }
    }

    /// The file's 1-based line and column of the joined page's 1-based `line` and `column`.
    func physical(line: Int, column: Int) -> (line: Int, column: Int) {
        guard line >= 1, line <= pieces.count else { return (line, column) }
        let own = pieces[line - 1]
        // The last piece that starts at or before the column (a binary search: a joined line may
        // have many pieces, and every finding asks).
        var low = 0
        var high = own.count
        while low < high {
            let middle = (low + high) / 2
            if own[middle].column <= column { low = middle + 1 } else { high = middle }
        }
        let piece = own[max(0, low - 1)]
        return (piece.line + 1, max(1, piece.fileColumn + column - piece.column))
    }

    /// `finding` with its line:column (and the end of a text written across lines) the file's.
    func physical(_ finding: CheckFinding) -> CheckFinding {
        var moved = finding
        (moved.line, moved.column) = physical(line: finding.line, column: finding.column)
        let end = physical(line: finding.line, column: finding.column + max(1, finding.text.count) - 1)
        if end.line != moved.line { (moved.endLine, moved.endColumn) = (end.line, end.column + 1) }
        return moved
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
}
