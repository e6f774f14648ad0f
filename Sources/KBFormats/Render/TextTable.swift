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

    /// The table fitted to `width` columns, two spaces between columns. A wrapping column is as
    /// wide as its longest word (at least 8) before anything is broken; a table too wide then
    /// shrinks its widest wrapping columns in steps, each splitting fewer words than the next:
    /// down to their longest word (no word is split), to their header's longest word (only
    /// cells' words are), and to 6. A table that cannot fit `width` is drawn at its narrowest.
    ///
    /// A word longer than ``splitFrom`` (a URL, a DOI, a long slug) keeps its column that wide
    /// only when that does not make the table longer: the layout in which such words may split
    /// (each column then starts at no more than ``splitFrom``) is drawn instead when it takes
    /// fewer lines. One long URL then no longer makes every citation beside it wrap onto four.
    public func render(width: Int) -> String {
        let count = headers.count
        // Each column's cells, header first, each with its length in columns, counted once
        // (a count walks the whole string).
        let cells = (0..<count).map { column in
            ([headers[column]] + rows.map { $0.indices.contains(column) ? $0[column] : "" }).map(Piece.init)
        }
        let natural = cells.map { column in column.map { $0.length }.max() ?? 0 }
        let longestWord = cells.map { column in column.map(Self.longestWordLength(of:)).max() ?? 0 }
        let longestHeaderWord = cells.map { column in Self.longestWordLength(of: column[0]) }
        var widths = layout(width: width, natural: natural, longestWord: longestWord, longestHeaderWord: longestHeaderWord)
        if wrapping.contains(where: { longestWord[$0] > Self.splitFrom }) {
            let split = layout(width: width, natural: natural, longestWord: longestWord.map { min($0, Self.splitFrom) },
                               longestHeaderWord: longestHeaderWord)
            if split != widths, lineCount(cells, split) < lineCount(cells, widths) { widths = split }
        }
        return draw(cells, widths)
    }

    /// Words up to this long keep their column wide enough for them whenever the width allows.
    static let splitFrom = 24

    /// The columns' widths: each wrapping column from its longest word (at least 8), shrunk in
    /// three steps while the table is too wide, then given a share of what is spare.
    private func layout(width: Int, natural: [Int], longestWord: [Int], longestHeaderWord: [Int]) -> [Int] {
        let count = natural.count
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
        return widths
    }

    /// The lines the table takes at `widths` (its header's, and each row's tallest cell's).
    private func lineCount(_ cells: [[Piece]], _ widths: [Int]) -> Int {
        var total = 0
        for row in 0..<(cells.first?.count ?? 0) {
            var height = 1
            for column in cells.indices { height = max(height, lineCount(of: cells[column][row], width: widths[column])) }
            total += height
        }
        return total
    }

    /// How many lines ``wrapCounted(_:width:)`` makes of `cell`; counted without making them
    /// when each character is one byte.
    func lineCount(of cell: Piece, width: Int) -> Int {
        guard width > 0, cell.length > width else { return 1 }
        guard cell.isOneBytePerCharacter else { return wrapCounted(cell, width: width).count }
        let bytes = Array(cell.text.utf8)
        let space = UInt8(ascii: " ")
        var lines = 0
        var current = 0
        var hasCurrent = false
        var index = 0
        while index < bytes.count {
            guard bytes[index] != space else { index += 1; continue }
            var start = index
            while index < bytes.count, bytes[index] != space { index += 1 }
            var wordLength = index - start
            while wordLength > width {
                if hasCurrent { lines += 1; current = 0; hasCurrent = false }
                let cut = (start..<start + width).last { bytes[$0] == UInt8(ascii: "-") || bytes[$0] == UInt8(ascii: "/") }
                    .map { $0 - start + 1 } ?? width
                let taken = cut > width / 3 ? cut : width
                lines += 1
                start += taken
                wordLength -= taken
            }
            if !hasCurrent {
                current = wordLength
                hasCurrent = wordLength > 0
            } else if current + 1 + wordLength <= width {
                current += 1 + wordLength
            } else {
                lines += 1
                current = wordLength
                hasCurrent = wordLength > 0
            }
        }
        if hasCurrent { lines += 1 }
        return max(lines, 1)
    }

    /// The table drawn at `widths`.
    private func draw(_ cells: [[Piece]], _ widths: [Int]) -> String {
        let count = widths.count
        let spacing = 2 * (count - 1)
        // Written as UTF-8 bytes and made a string once: appending to a string, piece by piece,
        // cost more than the rest of the drawing (BENCHMARKS.md, "Start-up and the table").
        var out: [UInt8] = []
        out.reserveCapacity((widths.reduce(0, +) + spacing + 1) * (rows.count + 3))
        let headerCells = (0..<count).map { wrapCounted(cells[$0][0], width: widths[$0]) }
        for lineIndex in 0..<(headerCells.map { $0.count }.max() ?? 1) {
            appendLine(headerCells.map { lineIndex < $0.count ? $0[lineIndex] : Piece.empty }, widths, to: &out)
        }
        for (index, width) in widths.enumerated() {
            if index > 0 { out.append(contentsOf: Self.gap) }
            out.append(contentsOf: repeatElement(UInt8(ascii: "-"), count: width))
        }
        out.append(UInt8(ascii: "\n"))
        for row in rows.indices {
            let pieces = (0..<count).map { wrapCounted(cells[$0][row + 1], width: widths[$0]) }
            let height = pieces.map { $0.count }.max() ?? 1
            for lineIndex in 0..<height {
                appendLine(pieces.map { lineIndex < $0.count ? $0[lineIndex] : Piece.empty }, widths, to: &out)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The two spaces between columns.
    private static let gap: [UInt8] = [UInt8(ascii: " "), UInt8(ascii: " ")]

    /// A line of a cell with its length in columns (``DisplayWidth``: a character, or two for a
    /// wide one), and whether each of its characters is
    /// one byte (ASCII without a carriage return: most cells), which its words are then read by.
    struct Piece {
        var text: String
        var length: Int
        var isOneBytePerCharacter: Bool
        init(_ text: String, length: Int, isOneBytePerCharacter: Bool = false) {
            self.text = text
            self.length = length
            self.isOneBytePerCharacter = isOneBytePerCharacter
        }
        init(_ text: String) {
            let oneByte = TextTable.isOneBytePerCharacter(text)
            self.init(text, length: oneByte ? text.utf8.count : DisplayWidth.of(text), isOneBytePerCharacter: oneByte)
        }
        static let empty = Piece("", length: 0, isOneBytePerCharacter: true)
    }

    static func isOneBytePerCharacter(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 && $0 != UInt8(ascii: "\r") }
    }

    /// The words of `text` (split at spaces, empty words left out) with their lengths in
    /// columns (``DisplayWidth``); one-byte-per-character text is split by its bytes.
    static func words(of text: String) -> [(word: Substring, length: Int)] {
        if isOneBytePerCharacter(text) {
            return text.utf8.split(separator: UInt8(ascii: " ")).map { (Substring($0), $0.count) }
        }
        return text.split(separator: " ").map { ($0, DisplayWidth.of($0)) }
    }

    /// The length of the longest word of `piece`, in columns (``words(of:)``'s longest);
    /// counted in its bytes, without making the words, when each character is one byte.
    static func longestWordLength(of piece: Piece) -> Int {
        guard piece.isOneBytePerCharacter else { return words(of: piece.text).map { $0.length }.max() ?? 0 }
        var longest = 0
        var run = 0
        for byte in piece.text.utf8 {
            if byte == UInt8(ascii: " ") {
                run = 0
            } else {
                run += 1
                longest = max(longest, run)
            }
        }
        return longest
    }

    /// One printed line: the cells padded to their widths, two spaces apart, without trailing
    /// spaces (nothing is written after the last cell with text, so little is left to trim).
    private func appendLine(_ cells: [Piece], _ widths: [Int], to out: inout [UInt8]) {
        let start = out.count
        let last = cells.lastIndex { !$0.text.isEmpty } ?? -1
        for (index, (cell, width)) in zip(cells, widths).enumerated() where index <= last {
            if index > 0 { out.append(contentsOf: Self.gap) }
            out.append(contentsOf: cell.text.utf8)
            if index < last, width > cell.length { out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: width - cell.length)) }
        }
        // A line ending in a space is trimmed as `trimmingTrailing` trims a string, by its
        // characters (a space can end a longer character); one that does not has nothing to trim.
        if out.count > start, out.last == UInt8(ascii: " ") {
            let line = String(decoding: out[start...], as: UTF8.self).trimmingTrailing()
            out.removeSubrange(start...)
            out.append(contentsOf: line.utf8)
        }
        out.append(UInt8(ascii: "\n"))
    }

    /// Word-wraps a cell to `width`, breaking words longer than the width; each line with its
    /// length, counted as it is built.
    func wrapCounted(_ cell: Piece, width: Int) -> [Piece] {
        let text = cell.text
        guard width > 0, cell.length > width else { return [cell] }
        if cell.isOneBytePerCharacter { return Self.wrapBytes(Array(text.utf8), width: width) }
        var lines: [Piece] = []
        var current = ""
        var currentLength = 0
        for (part, partLength) in Self.words(of: text) {
            var word = String(part)
            var wordLength = partLength
            while wordLength > width {
                if !current.isEmpty { lines.append(Piece(current, length: currentLength)); current = ""; currentLength = 0 }
                // As many characters as fit (at least one: a wide one in a 1-wide column), each
                // with the columns it ends at. Prefer breaking after a hyphen or slash inside the word.
                var head: [(character: Character, end: Int)] = []
                for character in word {
                    let end = (head.last?.end ?? 0) + DisplayWidth.of(character)
                    if end > width, !head.isEmpty { break }
                    head.append((character, end))
                }
                let all = head.count
                let cut = head.lastIndex(where: { $0.character == "-" || $0.character == "/" }).map { $0 + 1 }
                let count = cut.map { head[$0 - 1].end > width / 3 ? $0 : all } ?? all
                let taken = head[count - 1].end
                lines.append(Piece(String(head[..<count].map(\.character)), length: taken))
                word = String(word.dropFirst(count))
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

    /// ``wrapCounted(_:width:)`` for text whose characters are each one byte: the same lines,
    /// made from its bytes (a character is a byte, so a length is a count of bytes).
    static func wrapBytes(_ bytes: [UInt8], width: Int) -> [Piece] {
        let space = UInt8(ascii: " ")
        func piece(_ line: some Collection<UInt8>) -> Piece {
            Piece(String(decoding: line, as: UTF8.self), length: line.count, isOneBytePerCharacter: true)
        }
        var lines: [Piece] = []
        var current: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard bytes[index] != space else { index += 1; continue }
            var start = index
            while index < bytes.count, bytes[index] != space { index += 1 }
            var wordLength = index - start
            while wordLength > width {
                if !current.isEmpty { lines.append(piece(current)); current.removeAll(keepingCapacity: true) }
                // Prefer breaking after a hyphen or slash inside the word.
                let cut = (start..<start + width).last { bytes[$0] == UInt8(ascii: "-") || bytes[$0] == UInt8(ascii: "/") }
                    .map { $0 - start + 1 } ?? width
                let taken = cut > width / 3 ? cut : width
                lines.append(piece(bytes[start..<start + taken]))
                start += taken
                wordLength -= taken
            }
            if current.isEmpty {
                current.append(contentsOf: bytes[start..<index])
            } else if current.count + 1 + wordLength <= width {
                current.append(space)
                current.append(contentsOf: bytes[start..<index])
            } else {
                lines.append(piece(current))
                current.removeAll(keepingCapacity: true)
                current.append(contentsOf: bytes[start..<index])
            }
        }
        if !current.isEmpty { lines.append(piece(current)) }
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
