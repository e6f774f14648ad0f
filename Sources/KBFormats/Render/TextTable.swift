/// A plain-text table whose wide columns wrap instead of being cut, fitted to a width.
///
/// Every column starts where its header starts, at any width: a header wider than its column
/// wraps within it, on as many lines as it needs, as the column's cells do (at spaces, else after
/// a hyphen or slash, else within a word), and the rule under the headers is as wide as each
/// column. Wrapped rather than cut: a cut header can lose the word that tells two columns apart,
/// and an analyst reading a narrow table still reads every column's whole name.
public struct TextTable: Sendable {
    public var headers: [String]
    public var rows: [[String]]
    /// Columns that may wrap, by index; the others keep their natural width (their header's or
    /// their widest cell's).
    public var wrapping: Set<Int>

    public init(headers: [String], rows: [[String]], wrapping: Set<Int> = []) {
        self.headers = headers
        self.rows = rows
        self.wrapping = wrapping
    }

    /// The table fitted to `width` characters, two spaces between columns. A wrapping column is
    /// as wide as its longest word (at least 8) before anything is broken; a table too wide then
    /// shrinks its widest wrapping columns in steps, each splitting fewer words than the next:
    /// down to their longest word (no word is split), to their header's longest word (only
    /// cells' words are), and to 6. A table that cannot fit `width` is drawn at its narrowest.
    public func render(width: Int) -> String {
        let count = headers.count
        // Each column's cells, header first, each with its length in characters, counted once
        // (a count walks the whole string).
        let cells = (0..<count).map { column in
            ([headers[column]] + rows.map { $0.indices.contains(column) ? $0[column] : "" }).map(Piece.init)
        }
        let natural = cells.map { column in column.map { $0.length }.max() ?? 0 }
        let longestWord = cells.map { column in column.flatMap { Self.words(of: $0.text) }.map { $0.length }.max() ?? 0 }
        let longestHeaderWord = cells.map { column in Self.words(of: column[0].text).map { $0.length }.max() ?? 0 }
        var minimum = (0..<count).map { column in
            wrapping.contains(column) ? min(natural[column], max(longestWord[column], 8)) : natural[column]
        }
        let spacing = 2 * (count - 1)
        // Of equally wide columns, the first shrinks, so that the same table always prints alike.
        // The widest shrinks at once to the next widest (its floor, or what is too wide, if
        // less): as one character at a time would, without a step per character of a long word.
        let wrappingColumns = wrapping.sorted()
        for floor in [longestWord.map { max($0, 6) }, longestHeaderWord.map { max($0, 6) }, Array(repeating: 6, count: count)] {
            while minimum.reduce(0, +) + spacing > width {
                let shrinking = wrappingColumns.filter { minimum[$0] > floor[$0] }
                guard let widest = shrinking.max(by: { minimum[$0] < minimum[$1] }) else { break }
                let next = shrinking.filter { $0 != widest }.map { minimum[$0] }.max() ?? 0
                let step = minimum[widest] - max(floor[widest], next)
                minimum[widest] -= max(1, min(step, minimum.reduce(0, +) + spacing - width))
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
        var out = ""
        let headerCells = (0..<count).map { wrapCounted(cells[$0][0], width: widths[$0]) }
        for lineIndex in 0..<(headerCells.map { $0.count }.max() ?? 1) {
            appendLine(headerCells.map { lineIndex < $0.count ? $0[lineIndex] : Piece("") }, widths, to: &out)
        }
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        out += "\n"
        for row in rows.indices {
            let pieces = (0..<count).map { wrapCounted(cells[$0][row + 1], width: widths[$0]) }
            let height = pieces.map { $0.count }.max() ?? 1
            for lineIndex in 0..<height {
                appendLine(pieces.map { lineIndex < $0.count ? $0[lineIndex] : Piece("") }, widths, to: &out)
            }
        }
        return out
    }

    /// A line of a cell with its length in characters.
    struct Piece {
        var text: String
        var length: Int
        init(_ text: String, length: Int) { self.text = text; self.length = length }
        init(_ text: String) { self.init(text, length: TextTable.length(of: text)) }
    }

    /// `text`'s length in characters; for ASCII text without a carriage return (most cells: each
    /// byte a character), its length in bytes, without walking its characters.
    static func length(of text: String) -> Int {
        isOneBytePerCharacter(text) ? text.utf8.count : text.count
    }

    static func isOneBytePerCharacter(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 && $0 != UInt8(ascii: "\r") }
    }

    /// The words of `text` (split at spaces, empty words left out) with their lengths in
    /// characters; one-byte-per-character text is split by its bytes.
    static func words(of text: String) -> [(word: Substring, length: Int)] {
        if isOneBytePerCharacter(text) {
            return text.utf8.split(separator: UInt8(ascii: " ")).map { (Substring($0), $0.count) }
        }
        return text.split(separator: " ").map { ($0, $0.count) }
    }

    /// One printed line: the cells padded to their widths, two spaces apart, without trailing
    /// spaces (nothing is written after the last cell with text, so little is left to trim).
    private func appendLine(_ cells: [Piece], _ widths: [Int], to out: inout String) {
        var line = ""
        let last = cells.lastIndex { !$0.text.isEmpty } ?? -1
        for (index, (cell, width)) in zip(cells, widths).enumerated() where index <= last {
            if index > 0 { line += "  " }
            line += cell.text
            if index < last, width > cell.length { line += String(repeating: " ", count: width - cell.length) }
        }
        out += line.trimmingTrailing()
        out += "\n"
    }

    /// Word-wraps a cell to `width`, breaking words longer than the width; each line with its
    /// length, counted as it is built.
    func wrapCounted(_ cell: Piece, width: Int) -> [Piece] {
        let text = cell.text
        guard width > 0, cell.length > width else { return [cell] }
        var lines: [Piece] = []
        var current = ""
        var currentLength = 0
        for (part, partLength) in Self.words(of: text) {
            var word = String(part)
            var wordLength = partLength
            while wordLength > width {
                if !current.isEmpty { lines.append(Piece(current, length: currentLength)); current = ""; currentLength = 0 }
                // Prefer breaking after a hyphen or slash inside the word.
                let head = Array(word.prefix(width))
                let cut = head.lastIndex(where: { $0 == "-" || $0 == "/" }).map { $0 + 1 } ?? width
                let taken = cut > width / 3 ? cut : width
                lines.append(Piece(String(head[..<taken]), length: taken))
                word = String(word.dropFirst(taken))
                wordLength -= taken
            }
            if current.isEmpty {
                current = word
                currentLength = wordLength
            } else if currentLength + 1 + wordLength <= width {
                current += " " + word
                currentLength += 1 + wordLength
            } else {
                lines.append(Piece(current, length: currentLength))
                current = word
                currentLength = wordLength
            }
        }
        if !current.isEmpty { lines.append(Piece(current, length: currentLength)) }
        return lines.isEmpty ? [Piece("", length: 0)] : lines
    }
}

extension String {
    func trimmingTrailing() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
