/// A plain-text table whose wide columns wrap instead of being cut, fitted to a width.
public struct TextTable: Sendable {
    public var headers: [String]
    public var rows: [[String]]
    /// Columns that may wrap, by index; the others keep their natural width.
    public var wrapping: Set<Int>
    /// Whether a header wraps with its column (on several lines) instead of running past it:
    /// a gap map's headers are the column values, as long as its cells' row labels.
    public var wrapsHeaders: Bool

    public init(headers: [String], rows: [[String]], wrapping: Set<Int> = []) {
        self.headers = headers
        self.rows = rows
        self.wrapping = wrapping
        wrapsHeaders = false
    }

    public init(headers: [String], rows: [[String]], wrapping: Set<Int>, wrapsHeaders: Bool) {
        self.init(headers: headers, rows: rows, wrapping: wrapping)
        self.wrapsHeaders = wrapsHeaders
    }

    /// The table fitted to `width` characters, two spaces between columns. Wrapping columns
    /// shrink towards their longest word (at most 24 characters) before anything is broken.
    public func render(width: Int) -> String {
        let count = headers.count
        let natural = (0..<count).map { column in
            ([headers[column]] + rows.map { $0.indices.contains(column) ? $0[column] : "" }).map(\.count).max() ?? 0
        }
        var minimum = (0..<count).map { column -> Int in
            guard wrapping.contains(column) else { return natural[column] }
            let longestWord = ([headers[column]] + rows.map { $0.indices.contains(column) ? $0[column] : "" })
                .flatMap { $0.split(separator: " ") }.map(\.count).max() ?? 0
            return min(natural[column], max(min(longestWord, 24), 8))
        }
        let spacing = 2 * (count - 1)
        // Still too wide: shrink the widest wrapping columns (down to 6) until the table fits.
        while minimum.reduce(0, +) + spacing > width,
              let widest = wrapping.filter({ minimum[$0] > 6 }).max(by: { minimum[$0] < minimum[$1] }) {
            minimum[widest] -= 1
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
        let headerCells = (0..<count).map { wrapsHeaders ? wrap(headers[$0], width: widths[$0]) : [headers[$0]] }
        for lineIndex in 0..<(headerCells.map(\.count).max() ?? 1) {
            lines.append(line(headerCells.map { lineIndex < $0.count ? $0[lineIndex] : "" }, widths).trimmingTrailing())
        }
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        for row in rows {
            let cells = (0..<count).map { wrap(row.indices.contains($0) ? row[$0] : "", width: widths[$0]) }
            let height = cells.map(\.count).max() ?? 1
            for lineIndex in 0..<height {
                lines.append(line(cells.map { lineIndex < $0.count ? $0[lineIndex] : "" }, widths).trimmingTrailing())
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func line(_ cells: [String], _ widths: [Int]) -> String {
        zip(cells, widths).map { cell, width in cell + String(repeating: " ", count: max(0, width - cell.count)) }.joined(separator: "  ")
    }

    /// Word-wraps `text` to `width`, breaking words longer than the width.
    func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0, text.count > width else { return [text] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            var word = word
            while word.count > width {
                if !current.isEmpty { lines.append(current); current = "" }
                // Prefer breaking after a hyphen or slash inside the word.
                let head = Array(word.prefix(width))
                let cut = head.lastIndex(where: { $0 == "-" || $0 == "/" }).map { $0 + 1 } ?? width
                lines.append(String(head[..<(cut > width / 3 ? cut : width)]))
                word = String(word.dropFirst(cut > width / 3 ? cut : width))
            }
            if current.isEmpty {
                current = word
            } else if current.count + 1 + word.count <= width {
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

extension String {
    func trimmingTrailing() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
