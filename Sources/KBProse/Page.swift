import Foundation

/// A page to check, as lines of text whose columns are those of the file: HTML tags are
/// blanked (not removed) so that a finding's line:column points into the file the author
/// edits, and Markdown is read as written (its markup is punctuation the readers skip).
public struct Page: Sendable {
    /// The kind of file the text came from.
    public enum Kind: String, Sendable { case markdown, html, text }

    /// The name shown in findings: the path, or `-` for standard input.
    public var name: String
    public var kind: Kind
    /// The text of each line (1-based line N is `lines[N - 1]`).
    public var lines: [String]
    /// The lines (0-based) on which an HTML heading (`<h1>`–`<h6>`) or a list item (`<li>`)
    /// opens: the structure the blanked tags carried, so that an HTML page's reference list
    /// (`<h2>References</h2><ol><li>…`) is read as Markdown's (`## References`, `- …`) is.
    public var headings: Set<Int> = []
    public var listItems: Set<Int> = []
    /// The lines (0-based) of an HTML page whose text comes after a block-level tag (`<p>`,
    /// `<div>`, `<br>`, `<td>`, …) with no text between: a new block, which does not continue
    /// the line above as a sentence wrapped in one `<p>` does.
    public var breaks: Set<Int> = []
    /// An HTML page's headings and list items as the stretches of text their tags enclose, in
    /// the order they open: minified HTML puts a whole reference list on one line, and a
    /// generator may put an item's text on the line after its `<li>`.
    public var blocks: [Block] = []
    /// An HTML page's superscripts (`<sup>1</sup>`, `<sup><a href="#ref1">1</a></sup>`), each
    /// from just after its opening tag to its closing tag: a numbered reference's marker.
    public var superscripts: [Block] = []

    /// A heading's or a list item's text: from just after its opening tag to just before its
    /// closing tag (or the tag that ends it: the next `<li>`, the list's end).
    public struct Block: Sendable, Equatable {
        public enum Kind: Sendable, Equatable { case heading, listItem, superscript }
        public var kind: Kind
        public var start: Position
        public var end: Position
    }

    /// A place in the page: a 0-based line and a 1-based column, ordered as the text runs.
    public struct Position: Sendable, Equatable, Comparable {
        public var line: Int
        public var column: Int
        public static func < (a: Position, b: Position) -> Bool { (a.line, a.column) < (b.line, b.column) }
    }

    public init(name: String, kind: Kind, lines: [String], headings: Set<Int> = [], listItems: Set<Int> = [], blocks: [Block] = []) {
        self.name = name
        self.kind = kind
        self.lines = lines
        self.headings = headings
        self.listItems = listItems
        self.blocks = blocks
    }

    /// The text from `start` up to (not including) `end`, lines joined by a space, with
    /// characters outside the stretch left out.
    public func text(from start: Position, to end: Position) -> String {
        guard start < end, start.line < lines.count else { return "" }
        var parts: [String] = []
        for line in start.line...min(end.line, lines.count - 1) {
            let chars = Array(lines[line])
            let from = line == start.line ? start.column - 1 : 0
            let to = line == end.line ? min(chars.count, end.column - 1) : chars.count
            parts.append(from < to ? String(chars[from..<to]) : "")
        }
        return parts.joined(separator: " ")
    }
}

/// Reads a page from a file, from standard input (`-`) or from a string.
public enum PageReader {
    /// Reads `path` (or standard input for `-`), decides its kind from the extension, else from
    /// the text.
    public static func read(path: String) throws -> Page {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let read = FileManager.default.contents(atPath: path) else { throw ProseError.unreadable(path) }
            data = read
        }
        guard let text = String(data: data, encoding: .utf8) else { throw ProseError.notUTF8(path) }
        let ext = (path as NSString).pathExtension.lowercased()
        let kind: Page.Kind? = ["md": .markdown, "markdown": .markdown, "html": .html, "htm": .html, "txt": .text][ext]
        return page(text, name: path, kind: kind)
    }

    /// The page of `text`; `kind` nil guesses: a text that opens with a tag is HTML.
    public static func page(_ text: String, name: String, kind: Page.Kind? = nil) -> Page {
        let trimmed = text.drop { $0.isWhitespace }
        let kind = kind ?? (trimmed.hasPrefix("<") ? .html : .text)
        // A line ends at LF, CRLF or a lone CR (as editors, git and grep count lines); every
        // other character, U+2028 and a form feed included, is text on its line, so that a
        // finding's line is the file's and the HTML structure's lines are the page's.
        // (Foundation's replacing is slow on a long page: only a page with a carriage return pays it.)
        var body = text.utf8.contains(13) ? text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") : text
        var structure = Structure()
        if kind == .html { body = blankingMarkup(body, structure: &structure) }
        var page = Page(name: name, kind: kind, lines: body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
                        headings: structure.headings, listItems: structure.listItems, blocks: structure.blocks)
        page.breaks = structure.breaks
        page.superscripts = structure.superscripts
        return page
    }

    /// Where an HTML page's headings and list items open (0-based lines) and the stretches they enclose.
    struct Structure {
        var headings: Set<Int> = []
        var listItems: Set<Int> = []
        var blocks: [Page.Block] = []
        /// The lines whose text comes first after a block-level tag (``Page/breaks``).
        var breaks: Set<Int> = []
        /// The superscripts (``Page/superscripts``), and the one open now.
        var superscripts: [Page.Block] = []
        private var openSuperscript: Page.Position?
        /// Whether a block-level tag has stood since the last character of text.
        private var blockSinceText = true
        /// The block open now (its index in `blocks`), closed by its end tag or the next block.
        private var open: Int?

        /// Notes the tag `tag` (its text from `<`, lowercased) that opens at `at` and ends just before `after`.
        mutating func note(_ tag: Substring, at: Page.Position, after: Page.Position) {
            let closing = tag.dropFirst().first == "/"
            let name = tag.dropFirst(closing ? 2 : 1).prefix { $0.isWordLetter || $0.isNumber }
            if Self.blockTags.contains(String(name)) { blockSinceText = true }
            if name == "sup" {
                if closing, let start = openSuperscript {
                    superscripts.append(Page.Block(kind: .superscript, start: start, end: at))
                    openSuperscript = nil
                } else if !closing {
                    openSuperscript = after
                }
            }
            let isHeading = name.count == 2 && name.first == "h" && (name.last?.wholeNumberValue).map { (1...6).contains($0) } == true
            let isItem = name == "li"
            let endsList = name == "ol" || name == "ul"
            guard isHeading || isItem || endsList else { return }
            // Any of these tags ends the block open before it ("<li>A<li>B", "</li>", "</ol>").
            if let open { blocks[open].end = at; self.open = nil }
            guard !closing, !endsList else { return }
            if isItem { listItems.insert(at.line) } else { headings.insert(at.line) }
            blocks.append(Page.Block(kind: isItem ? .listItem : .heading, start: after, end: after))
            open = blocks.count - 1
        }

        /// The line of the last character of text.
        private var lastTextLine: Int?

        /// Notes a character of text (not white space) on `line`: a line's first text after a
        /// block tag starts a block (text after `</p><p>` later on a line does not make the
        /// line's own first words a new block).
        mutating func text(on line: Int) {
            if blockSinceText, lastTextLine != line { breaks.insert(line) }
            blockSinceText = false
            lastTextLine = line
        }

        /// The tags that open or close a block of text: text after one does not continue the
        /// text before it.
        static let blockTags: Set<String> = [
            "p", "div", "br", "hr", "li", "ol", "ul", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th",
            "thead", "tbody", "tfoot", "caption", "blockquote", "section", "article", "header", "footer", "nav", "aside", "main",
            "figure", "figcaption", "pre", "title", "body", "head", "html", "details", "summary", "form", "address",
        ]

        /// Ends a block left open at the end of the page.
        mutating func finish(at end: Page.Position) {
            if let open { blocks[open].end = end; self.open = nil }
        }
    }

    /// HTML with every tag, comment, script and style replaced by spaces (newlines kept), and
    /// the common entities decoded in place, padded so that columns stay where they were.
    static func blankingMarkup(_ html: String) -> String {
        var structure = Structure()
        return blankingMarkup(html, structure: &structure)
    }

    /// ``blankingMarkup(_:)``, noting in `structure` the lines where headings and list items open.
    /// Only `"\n"` ends a line here (``page(_:name:kind:)`` has made every line end one), so
    /// the structure's lines and columns are the page's.
    static func blankingMarkup(_ html: String, structure: inout Structure) -> String {
        var out = ""
        var line = 0
        var column = 1
        func emit(_ character: Character) {
            out.append(character)
            if character == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        var index = html.startIndex
        var skipUntil: String?
        while index < html.endIndex {
            let character = html[index]
            if let end = skipUntil {
                if html[index...].lowercased().hasPrefix(end) {
                    skipUntil = nil
                } else {
                    emit(character == "\n" ? character : " ")
                    index = html.index(after: index)
                    continue
                }
            }
            if character == "<" {
                // Long enough for the longest block tag's name ("</figcaption").
                let rest = html[index...].prefix(14).lowercased()
                if rest.hasPrefix("<script") { skipUntil = "</script" } else if rest.hasPrefix("<style") { skipUntil = "</style" }
                let at = Page.Position(line: line, column: column)
                var end = index
                while end < html.endIndex, html[end] != ">" {
                    emit(html[end] == "\n" ? "\n" : " ")
                    end = html.index(after: end)
                }
                if end < html.endIndex { emit(" "); end = html.index(after: end) }
                structure.note(Substring(rest), at: at, after: Page.Position(line: line, column: column))
                index = end
                continue
            }
            if character == "&", let semicolon = html[index...].prefix(10).firstIndex(of: ";") {
                let entity = String(html[index...semicolon])
                if let decoded = entities[entity] ?? Self.numericReference(entity) {
                    // A character that would join the one before it (a combining mark) would move
                    // the columns after it: blanked instead, as markup is.
                    if let last = out.last, (String(last) + decoded).count < 2 {
                        for _ in 0..<entity.count { emit(" ") }
                        index = html.index(after: semicolon)
                        continue
                    }
                    // A sign is padded before, so that it stands right before its number
                    // ("&minus;18%" is −18%); anything else after.
                    let isSign = decoded == "\u{2212}" || decoded == "-" || decoded == "+"
                    if isSign { for _ in 1..<entity.count { emit(" ") } }
                    if !decoded.allSatisfy(\.isWhitespace) { structure.text(on: line) }
                    out.append(decoded)
                    column += 1
                    if !isSign { for _ in 1..<entity.count { emit(" ") } }
                    index = html.index(after: semicolon)
                    continue
                }
            }
            if !character.isWhitespace { structure.text(on: line) }
            emit(character)
            index = html.index(after: index)
        }
        structure.finish(at: Page.Position(line: line, column: column))
        return out
    }

    /// A numeric character reference ("&#8722;", "&#x2212;") as the character it names; nil for
    /// anything else, a control character or a line break (which would move the page's lines).
    static func numericReference(_ entity: String) -> String? {
        guard entity.hasPrefix("&#"), entity.hasSuffix(";") else { return nil }
        let body = entity.dropFirst(2).dropLast()
        let value = body.first == "x" || body.first == "X" ? UInt32(body.dropFirst(), radix: 16) : UInt32(body, radix: 10)
        guard let value, value >= 0x20, !(0x7F...0x9F).contains(value), value != 0x2028, value != 0x2029,
              let scalar = Unicode.Scalar(value) else { return nil }
        return String(Character(scalar))
    }

    static let entities: [String: String] = ["&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&apos;": "'",
                                             "&nbsp;": " ", "&ndash;": "\u{2013}", "&mdash;": "\u{2014}", "&middot;": "\u{00B7}",
                                             "&minus;": "\u{2212}", "&sect;": "\u{00A7}", "&rsquo;": "\u{2019}"]
}

/// What can go wrong reading a page.
public enum ProseError: Error, Equatable, CustomStringConvertible {
    case unreadable(String)
    case notUTF8(String)

    public var description: String {
        switch self {
        case let .unreadable(path): "cannot read '\(path)'"
        case let .notUTF8(path): "'\(path)' is not UTF-8 text"
        }
    }
}
