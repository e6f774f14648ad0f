import Foundation
import Testing
@testable import KBFormats

/// ``TextTable`` counts each cell once and reads one-byte-per-character cells by their bytes.
/// `ReferenceTextTable` is the table as it was before, character by character; the two must
/// print the same, byte for byte, for cells of ASCII, accents, combining marks, emoji, flags,
/// carriage returns, long words with hyphens and slashes and runs of spaces, at any width. (One
/// known difference, not drawn here: a line's last cell ending in a Prepend character such as
/// U+0600 kept a trailing space, which joined it into one character; none is written now.)
struct TextTableTests {
    static let words = ["evidence", "n=453", "RCT", "pre-registered", "older", "workers", "naïve", "e\u{301}tude", "Zoë",
                        "👩‍💻", "🇺🇸🇬🇧", "a\r\nb", "CRLF\r\n", "", " ", "supercalifragilisticexpialidocious",
                        "long-hyphenated-word/with/slashes-and-more", "https://doi.org/10.1126/science.adh2586", "漢字のテキスト",
                        "\u{301}start", "tab\tin", "x", "ML-Platform-Engineer", "cohort=older-workers"]

    static func cell(_ random: inout SeededRandom) -> String {
        (0..<Int.random(in: 0...9, using: &random)).map { _ in words.randomElement(using: &random) ?? "" }
            .joined(separator: Int.random(in: 0..<5, using: &random) == 0 ? "  " : " ")
    }

    @Test func printsWhatTheCharacterByCharacterTablePrinted() {
        var random = SeededRandom(seed: 61206)
        for _ in 0..<1500 {
            let columns = Int.random(in: 1...6, using: &random)
            let headers = (0..<columns).map { _ in Self.cell(&random) }
            let rows = (0..<Int.random(in: 0...6, using: &random)).map { _ in
                (0..<Int.random(in: max(1, columns - 1)...columns, using: &random)).map { _ in Self.cell(&random) }
            }
            let wrapping = Set((0..<columns).filter { _ in Bool.random(using: &random) })
            let width = Int.random(in: 10...160, using: &random)
            let table = TextTable(headers: headers, rows: rows, wrapping: wrapping)
            let reference = ReferenceTextTable(headers: headers, rows: rows, wrapping: wrapping)
            let printed = table.render(width: width)
            let expected = reference.render(width: width)
            #expect(printed == expected, "width \(width), headers \(headers), rows \(rows), wrapping \(wrapping)")
            if printed != expected { return }
            for cell in headers + rows.joined() {
                let piece = TextTable.Piece(cell)
                let cellWidth = Int.random(in: 1...40, using: &random)
                #expect(table.lineCount(of: piece, width: cellWidth) == table.wrapCounted(piece, width: cellWidth).count, "\(cell) at \(cellWidth)")
            }
        }
    }

    /// Of equally wide wrapping columns, the first shrinks: the same table prints the same text
    /// whatever order its set of wrapping columns iterates in (each set instance has its own).
    @Test func equallyWideColumnsShrinkInOrder() {
        let rows = [["aaaa bbbb cccc dddd eeee", "ffff gggg hhhh iiii jjjj", "kkkk llll mmmm nnnn oooo", "pppp qqqq rrrr ssss tttt"]]
        let headers = ["one", "two", "three", "four"]
        let first = TextTable(headers: headers, rows: rows, wrapping: [0, 1, 2, 3]).render(width: 31)
        for capacity in [4, 16, 64, 256, 1024] {
            var wrapping = Set<Int>(minimumCapacity: capacity)
            for column in [3, 1, 2, 0] { wrapping.insert(column) }
            #expect(TextTable(headers: headers, rows: rows, wrapping: wrapping).render(width: 31) == first)
        }
        #expect(first.split(separator: "\n")[1] == "------  ------  ------  -------", "\(first)")
    }

    /// A header wider than its column wraps within it: the trial's `COLUMNS=40 kb query` printed
    /// `evidence` over a 6-wide column and pushed `source` and `why` two places right of theirs.
    @Test func aHeaderWiderThanItsColumnWrapsWithinIt() {
        let headers = ["#", "score", "grade", "claim", "evidence", "source", "why"]
        let rows = [["1", "0.683", "moderate", "Access to ChatGPT cut the time professionals took on writing tasks by 40%. [-40%]",
                     "experiment, n=453, prereg yes", "Noy & Zhang (2023)", "no subject: ranked by strength"]]
        let lines = TextTable(headers: headers, rows: rows, wrapping: [3, 4, 5, 6]).render(width: 40).split(separator: "\n")
        #expect(Array(lines.prefix(3)) == ["#  score  grade     claim   eviden  source  why",
                                           "                            ce",
                                           "-  -----  --------  ------  ------  ------  ------"])
    }

    /// A column is as wide as its longest word when the width allows and the table is no longer
    /// for it, however long the word: a 34-letter word was cut at 24 characters and a share of
    /// the spare width, beside a column of short words that had room to give. Where the other
    /// column has no room to give (at 44, keeping the word whole left the claim 8 wide, 12 lines
    /// where splitting it takes 6), the shorter table is drawn.
    @Test func aColumnFitsItsLongestWordWhenTheWidthAllows() {
        let word = "supercalifragilisticexpialidocious"
        let rows = [["a claim of many short words that takes all the room it is given and then asks for more", "see \(word)"]]
        let table = TextTable(headers: ["claim", "note"], rows: rows, wrapping: [0, 1])
        let reference = ReferenceTextTable(headers: ["claim", "note"], rows: rows, wrapping: [0, 1])
        for width in 40...100 {
            let printed = table.render(width: width)
            let whole = reference.lines(width: width, cap: nil).count
            let split = reference.lines(width: width, cap: 24).count
            #expect(printed.split(separator: "\n").count == min(whole, split), "width \(width)\n\(printed)")
            #expect(printed.contains(word) == (whole <= split), "width \(width)\n\(printed)")
            #expect(printed.split(separator: "\n").allSatisfy { $0.count <= max(width, 41) }, "width \(width)\n\(printed)")
        }
        #expect(table.render(width: 80).contains(word))
        #expect(table.render(width: 66).contains(word))
        #expect(!table.render(width: 44).contains(word))
        // Narrower than the word and the other column's narrowest: the word is split.
        #expect(!table.render(width: 41).contains(word))
    }

    /// A word over 24 columns keeps its column that wide only when the table is not longer for
    /// it: a trial's `COLUMNS=200 kb query sources` kept a 98-wide column for one URL while each
    /// citation beside it wrapped onto four lines (12 lines where the layout that splits the URL
    /// takes 7).
    @Test func aLongWordSplitsWhenKeepingItWholeMakesTheTableLonger() {
        let citation = "Noy, S., & Zhang, W. (2023). Experimental evidence on the productivity effects of generative artificial intelligence. Science, 381(6654), 187–192."
        let url = "https://example.org/" + String(repeating: "x", count: 70)
        let table = TextTable(headers: ["source", "citation", "url"], rows: [["noy2023experimental", citation, url], ["other", citation, "-"]], wrapping: [1, 2])
        let printed = table.render(width: 160).split(separator: "\n")
        #expect(!printed.joined(separator: "\n").contains(url), "\(printed.joined(separator: "\n"))")
        #expect(printed.count == 7, "\(printed.joined(separator: "\n"))")
        let reference = ReferenceTextTable(headers: ["source", "citation", "url"], rows: [["noy2023experimental", citation, url], ["other", citation, "-"]], wrapping: [1, 2])
        #expect(reference.lines(width: 160, cap: nil).count == 10)
        #expect(printed.allSatisfy { DisplayWidth.of($0) <= 160 })
        // With room for both, the URL stays whole.
        #expect(table.render(width: 260).contains(url))
    }

    /// A table too wide shrinks first where no word is split, then where only cells' words are:
    /// the trial's table at 54 characters split its `evidence` header (`evidenc` / `e`) while its
    /// `source` column, of words no longer than 6, was 8 wide.
    @Test func aHeaderKeepsItsWordsWhileACellsCanGive() {
        let headers = ["#", "score", "grade", "claim", "evidence", "source", "why"]
        let rows = [["1", "0.683", "moderate", "Access to ChatGPT cut the time professionals took on writing tasks by 40%. [-40%]",
                     "experiment, n=453, prereg yes", "Noy & Zhang (2023)", "no subject: ranked by strength"]]
        let table = TextTable(headers: headers, rows: rows, wrapping: [3, 4, 5, 6])
        for width in [52, 54, 58] {
            let lines = table.render(width: width).split(separator: "\n")
            #expect(lines.first?.contains(" evidence ") == true, "width \(width)\n\(lines.joined(separator: "\n"))")
            #expect(lines.allSatisfy { $0.count <= width }, "width \(width)\n\(lines.joined(separator: "\n"))")
        }
    }

    /// A character takes the columns a terminal gives it: CJK and emoji pictures two, so the
    /// columns after a Japanese title or a flag line up with those after a Latin one (each
    /// counted as one character, they started 7 columns early after `漢字のテキスト`).
    @Test func wideCharactersTakeTwoColumnsAndTheColumnsAfterThemLineUp() {
        #expect(["a", "é", "©", "ｱ", "\r\n"].map { DisplayWidth.of(Character($0)) } == [1, 1, 1, 1, 1])
        #expect(["漢", "の", "한", "Ａ", "👩‍💻", "🇺🇸", "❤️", "🤖", "1️⃣", "©️"].map { DisplayWidth.of(Character($0)) } == Array(repeating: 2, count: 10))
        // The blocks' edges, as Python's unicodedata (Unicode 14) gives them: W or F is 2.
        let edges: [(UInt32, Int)] = [(0x1100, 2), (0x115F, 2), (0x1160, 1), (0x2329, 2), (0x303F, 1), (0x3247, 2), (0x3248, 1),
                                      (0x324F, 1), (0x3250, 2), (0xFF61, 1), (0xFFE6, 2), (0x16FF0, 2), (0x18D08, 2), (0xFE0F, 1)]
        for (value, columns) in edges {
            #expect(Unicode.Scalar(value).map { DisplayWidth.of(Character($0)) } == columns, "U+\(String(value, radix: 16))")
        }
        let rows = [["漢字のテキスト", "3"], ["Zoë", "4"], ["🇺🇸🇬🇧 flags", "5"], ["생성형 AI", "6"]]
        let lines = TextTable(headers: ["title", "n"], rows: rows).render(width: 80).split(separator: "\n")
        let starts = lines.enumerated().filter { $0.offset != 1 }.map { DisplayWidth.of($0.element.dropLast()) }
        #expect(starts == Array(repeating: 16, count: 5), "\(lines.joined(separator: "\n"))")
        #expect(lines[1] == "--------------  -")
        // Wrapped, no line is wider than its column, and nothing is lost.
        let long = "漢字のテキスト漢字のテキスト 🤖🤖🤖🤖🤖🤖"
        for width in [6, 7, 9, 10, 11] {
            let wrapped = TextTable(headers: ["t"], rows: [[long]], wrapping: [0]).render(width: width).split(separator: "\n")
            #expect(wrapped.allSatisfy { DisplayWidth.of($0) <= width }, "width \(width)\n\(wrapped.joined(separator: "\n"))")
            #expect(wrapped.dropFirst(2).joined() == long.replacingOccurrences(of: " ", with: ""), "width \(width)")
        }
    }

    /// Every header character lies inside its column, and the header lines' slices of a column
    /// spell its header, for any ASCII table at any width.
    @Test func headersStayInTheirColumnsAtEveryWidth() {
        let words = ["evidence", "n", "RCT", "pre-registered", "older", "time (UTC)", "x", "long-hyphenated-word/with/slashes", "why"]
        var random = SeededRandom(seed: 20261206)
        for _ in 0..<1500 {
            let columns = Int.random(in: 1...7, using: &random)
            let cell = { (random: inout SeededRandom) in
                (0..<Int.random(in: 1...4, using: &random)).map { _ in words.randomElement(using: &random) ?? "" }.joined(separator: " ")
            }
            let headers = (0..<columns).map { _ in cell(&random) }
            let rows = (0..<Int.random(in: 0...3, using: &random)).map { _ in (0..<columns).map { _ in cell(&random) } }
            let wrapping = Set((0..<columns).filter { _ in Bool.random(using: &random) })
            let width = Int.random(in: 1...140, using: &random)
            let lines = TextTable(headers: headers, rows: rows, wrapping: wrapping).render(width: width)
                .split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
            guard let rule = lines.firstIndex(where: { $0.first == "-" && $0.allSatisfy { $0 == "-" || $0 == " " } }) else {
                Issue.record("no rule: \(lines)")
                return
            }
            var spans: [Range<Int>] = []
            var start = 0
            for offset in 0...lines[rule].count where offset == lines[rule].count || lines[rule][offset] == " " {
                if offset > start { spans.append(start..<offset) }
                start = offset + 1
            }
            var problems: [String] = []
            if spans.count != columns { problems.append("\(spans.count) columns under the rule") }
            for (column, span) in spans.enumerated() where column < columns {
                let slices = lines[..<rule].map { line in
                    String(line[min(span.lowerBound, line.count)..<min(span.upperBound, line.count)]).trimmingCharacters(in: .whitespaces)
                }
                if slices.joined().filter({ $0 != " " }) != headers[column].filter({ $0 != " " }) { problems.append("column \(column) reads \(slices)") }
            }
            for line in lines[..<rule] {
                for (offset, character) in line.enumerated() where character != " " && !spans.contains(where: { $0.contains(offset) }) {
                    problems.append("'\(String(line))' runs past its column at \(offset)")
                    break
                }
            }
            #expect(problems.isEmpty, "width \(width), headers \(headers): \(problems)\n\(lines.map { String($0) }.joined(separator: "\n"))")
            if !problems.isEmpty { return }
        }
    }

    @Test func wrapsALongAnswerAsBefore() {
        let rows = (1...20).map { rank in ["\(rank)", "0.\(rank)", "ChatGPT cut writing time by 40% for \(rank) professional writers in a pre-registered experiment",
                                           "Noy & Zhang (2023), Science 381(6654), n=453", "high"] }
        let table = TextTable(headers: ["#", "score", "claim", "evidence", "grade"], rows: rows, wrapping: [2, 3])
        for width in [40, 80, 120, 200] {
            #expect(table.render(width: width) == ReferenceTextTable(headers: table.headers, rows: rows, wrapping: [2, 3]).render(width: width))
        }
    }
}

/// ``TextTable`` as it was before it counted each cell once: the reference. Changes since, made
/// in both: a character takes the columns a terminal gives it (``DisplayWidth``: two for CJK and
/// emoji pictures; it counted one each, and the columns after them were out of line); every header wraps to its column's width (only a gap map's did; the others ran past a
/// column narrower than them and pushed the later headers out of line); a wrapping column starts
/// at its longest word, uncapped, and a table too wide shrinks first where no word is split, then
/// where no header's word is.
private struct ReferenceTextTable {
    var headers: [String]
    var rows: [[String]]
    var wrapping: Set<Int>

    /// The table fitted to `width` columns, two spaces between columns. Wrapping columns
    /// shrink towards their longest word before anything is broken; of that layout and the one
    /// whose words over 24 columns may split, the one with fewer lines (the first if equal).
    public func render(width: Int) -> String {
        let whole = lines(width: width, cap: nil)
        let split = lines(width: width, cap: 24)
        return (split.count < whole.count ? split : whole).joined(separator: "\n") + "\n"
    }

    func lines(width: Int, cap: Int?) -> [String] {
        let count = headers.count
        let natural = (0..<count).map { column in
            ([headers[column]] + rows.map { $0.indices.contains(column) ? $0[column] : "" }).map(columns).max() ?? 0
        }
        let longestWord = (0..<count).map { column in
            ([headers[column]] + rows.map { $0.indices.contains(column) ? $0[column] : "" })
                .flatMap { $0.split(separator: " ") }.map(columns).max().map { longest in cap.map { min(longest, $0) } ?? longest } ?? 0
        }
        let longestHeaderWord = headers.map { $0.split(separator: " ").map(columns).max() ?? 0 }
        var minimum = (0..<count).map { column -> Int in
            guard wrapping.contains(column) else { return natural[column] }
            return min(natural[column], max(longestWord[column], 8))
        }
        let spacing = 2 * (count - 1)
        // Still too wide: shrink the widest wrapping columns (sorted, as TextTable does: the
        // set's own order varies from one set to another), down to their longest word, then to
        // their header's longest word, then to 6, until the table fits.
        for floor in [{ max(longestWord[$0], 6) }, { max(longestHeaderWord[$0], 6) }, { _ in 6 }] as [(Int) -> Int] {
            while minimum.reduce(0, +) + spacing > width,
                  let widest = wrapping.sorted().filter({ minimum[$0] > floor($0) }).max(by: { minimum[$0] < minimum[$1] }) {
                minimum[widest] -= 1
            }
        }
        var widths = natural
        if natural.reduce(0, +) + spacing > width {
            widths = minimum
            var spare = width - minimum.reduce(0, +) - spacing
            let wants = (0..<count).map { natural[$0] - minimum[$0] }
            let totalWant = wants.reduce(0, +)
            if spare > 0, totalWant > 0 {
                for column in 0..<count where wants[column] > 0 {
                    widths[column] += min(wants[column], spare * wants[column] / totalWant)
                }
                spare = width - widths.reduce(0, +) - spacing
                for column in 0..<count where spare > 0 && widths[column] < natural[column] {
                    let extra = min(spare, natural[column] - widths[column])
                    widths[column] += extra
                    spare -= extra
                }
            }
        }
        var lines: [String] = []
        let headerCells = (0..<count).map { wrap(headers[$0], width: widths[$0]) }
        for lineIndex in 0..<(headerCells.map(\.count).max() ?? 1) {
            lines.append(line(headerCells.map { lineIndex < $0.count ? $0[lineIndex] : "" }, widths).referenceTrimmingTrailing())
        }
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        for row in rows {
            let cells = (0..<count).map { wrap(row.indices.contains($0) ? row[$0] : "", width: widths[$0]) }
            let height = cells.map(\.count).max() ?? 1
            for lineIndex in 0..<height {
                lines.append(line(cells.map { lineIndex < $0.count ? $0[lineIndex] : "" }, widths).referenceTrimmingTrailing())
            }
        }
        return lines
    }

    private func line(_ cells: [String], _ widths: [Int]) -> String {
        zip(cells, widths).map { cell, width in cell + String(repeating: " ", count: max(0, width - columns(cell))) }.joined(separator: "  ")
    }

    /// Word-wraps `text` to `width`, breaking words longer than the width.
    func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0, columns(text) > width else { return [text] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            var word = word
            while columns(word) > width {
                if !current.isEmpty { lines.append(current); current = "" }
                // The characters that fit (at least one). Prefer breaking after a hyphen or slash
                // inside the word, when what comes before it is over a third of the width.
                var head: [Character] = []
                for character in word {
                    if !head.isEmpty, columns(String(head + [character])) > width { break }
                    head.append(character)
                }
                let cut = head.lastIndex(where: { $0 == "-" || $0 == "/" }).map { $0 + 1 }
                let taken = cut.flatMap { columns(String(head[..<$0])) > width / 3 ? $0 : nil } ?? head.count
                lines.append(String(head[..<taken]))
                word = String(word.dropFirst(taken))
            }
            if current.isEmpty {
                current = word
            } else if columns(current) + 1 + columns(word) <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.isEmpty ? [""] : lines
    }
}

/// Terminal columns, counted character by character.
private func columns(_ text: some StringProtocol) -> Int {
    text.reduce(0) { $0 + DisplayWidth.of($1) }
}

private extension String {
    func referenceTrimmingTrailing() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
