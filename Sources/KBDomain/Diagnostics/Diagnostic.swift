/// A problem found in user input — a query, a seed file, an imported file — with where it is.
///
/// Diagnostics carry data and are formatted only when shown (see ``DiagnosticRenderer``).
/// Tests match ``id``, not the wording.
public struct Diagnostic: Error, Sendable, Equatable {
    /// A stable identifier, e.g. `query.unknown-field` or `seed.unknown-key`.
    public var id: String
    public var severity: Severity
    /// Lower case, no final period, tokens in quotes: "unknown field 'yaer'".
    public var message: String
    /// Where the problem is.
    public var location: SourceLocation
    /// What would fix it, e.g. "did you mean 'year'?".
    public var help: String?
    /// What kind of input the problem is in: the query a user typed, or data (a seed file, an
    /// imported file, a profile file). Faces map it to a category (exit status 2 or 3).
    public var input: Input

    public init(id: String, severity: Severity = .error, message: String, location: SourceLocation, help: String? = nil, input: Input = .data) {
        self.id = id
        self.input = input
        self.severity = severity
        self.message = message
        self.location = location
        self.help = help
    }

    public enum Severity: String, Sendable, Equatable {
        case error, warning, note
    }

    /// See ``input``.
    public enum Input: Sendable, Equatable {
        /// A query: the user's own words, a usage error.
        case query
        /// A file of data: seeds, an imported file, a mapping, a profile.
        case data
    }
}

/// A span of text in a named input: a query (`query`), a seed file, an imported file.
///
/// `range` is in `Character` offsets into `text`, so carets line up under non-ASCII text.
/// `line` and `column` are 1-based and derived from the range start.
public struct SourceLocation: Sendable, Equatable {
    public var file: String
    /// The whole input text, or at least the line the problem is on.
    public var text: String
    /// Character offsets `[lowerBound, upperBound)` into ``text``.
    public var range: Range<Int>
    /// When ``text`` holds only one line of a larger file, the number of that line.
    public var firstLineNumber: Int

    public init(file: String, text: String, range: Range<Int>, firstLineNumber: Int = 1) {
        self.file = file
        self.text = text
        self.range = range
        self.firstLineNumber = firstLineNumber
    }

    /// A location given as 1-based line and column in a file whose text is `text`.
    public init(file: String, text: String, line: Int, column: Int, length: Int = 1) {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        let lineText = line >= 1 && line <= lines.count ? String(lines[line - 1]) : ""
        let start = max(0, min(column - 1, lineText.count))
        let end = max(start, min(start + max(length, 0), lineText.count))
        self.init(file: file, text: lineText, range: start..<end, firstLineNumber: line)
    }

    /// 1-based line of the range start.
    public var line: Int {
        firstLineNumber + text.prefix(range.lowerBound).reduce(0) { $1 == "\n" || $1 == "\r\n" ? $0 + 1 : $0 }
    }

    /// 1-based column (in characters) of the range start.
    public var column: Int {
        let before = text.prefix(range.lowerBound)
        if let newline = before.lastIndex(where: { $0 == "\n" || $0 == "\r\n" }) {
            return before.distance(from: newline, to: before.endIndex)
        }
        return before.count + 1
    }
}
