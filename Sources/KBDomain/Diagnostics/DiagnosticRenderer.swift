/// Formats a ``Diagnostic`` the way compilers do: a location line, the offending source line
/// with a gutter, a caret underline and an optional help line.
///
/// ```
/// query:1:43: error: unknown cohort 'oldr'
///   1 | claims for ml-platform-engineer where cohort=oldr
///     |                                              ^^^^
///   help: did you mean 'older' (older-workers)?
/// ```
public struct DiagnosticRenderer: Sendable {
    public var useColor: Bool

    public init(useColor: Bool = false) {
        self.useColor = useColor
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        let location = diagnostic.location
        let severity = paint(diagnostic.severity.rawValue, diagnostic.severity == .error ? "31" : "33")
        // The message and help may quote the input; its control characters are shown, not obeyed.
        var out = "\(TerminalText.neutralized(location.file)):\(location.line):\(location.column): \(severity): \(TerminalText.neutralized(diagnostic.message))\n"
        let (lineText, caretStart, caretLength) = Self.lineAndSpan(location)
        if !lineText.isEmpty || caretLength > 0 {
            let number = String(location.line)
            let pad = String(repeating: " ", count: number.count)
            out += "  \(number) | \(Self.visible(lineText))\n"
            out += "  \(pad) | " + String(repeating: " ", count: caretStart) + paint(String(repeating: "^", count: max(caretLength, 1)), "32") + "\n"
        }
        if let help = diagnostic.help {
            out += "  help: \(TerminalText.neutralized(help))\n"
        }
        return out
    }

    /// The line holding the range start, the caret column in it, and the caret length
    /// (clipped to the line; at least 1 so an "expected X at end" points past the text).
    static func lineAndSpan(_ location: SourceLocation) -> (String, Int, Int) {
        let characters = Array(location.text)
        let start = min(max(location.range.lowerBound, 0), characters.count)
        var lineStart = start
        while lineStart > 0 && characters[lineStart - 1] != "\n" && characters[lineStart - 1] != "\r\n" { lineStart -= 1 }
        var lineEnd = start
        while lineEnd < characters.count && characters[lineEnd] != "\n" && characters[lineEnd] != "\r\n" { lineEnd += 1 }
        let line = String(characters[lineStart..<lineEnd])
        let end = min(max(location.range.upperBound, start), lineEnd)
        // Keep very long lines readable: show a window around the caret.
        let window = 120
        if line.count > window {
            let from = max(0, start - lineStart - window / 2)
            let to = min(line.count, from + window)
            let shown = String(Array(line)[from..<to])
            return ((from > 0 ? "…" : "") + shown + (to < line.count ? "…" : ""), start - lineStart - from + (from > 0 ? 1 : 0), min(end - start, to - (start - lineStart)))
        }
        return (line, start - lineStart, end - start)
    }

    /// Control characters (tabs, NULs, escapes) would move the caret or act on the terminal;
    /// show them as spaces (C1 controls too).
    static func visible(_ text: String) -> String {
        String(text.map { character in
            guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else { return character }
            return scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) ? " " : character
        })
    }

    private func paint(_ text: String, _ code: String) -> String {
        useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
