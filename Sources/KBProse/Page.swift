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

    public init(name: String, kind: Kind, lines: [String], headings: Set<Int> = [], listItems: Set<Int> = []) {
        self.name = name
        self.kind = kind
        self.lines = lines
        self.headings = headings
        self.listItems = listItems
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
        var body = text.replacingOccurrences(of: "\r\n", with: "\n")
        var structure = Structure()
        if kind == .html { body = blankingMarkup(body, structure: &structure) }
        return Page(name: name, kind: kind, lines: body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
                    headings: structure.headings, listItems: structure.listItems)
    }

    /// Where an HTML page's headings and list items open (0-based lines).
    struct Structure {
        var headings: Set<Int> = []
        var listItems: Set<Int> = []

        /// Notes the tag that opens at `line` (`tag` is its text from `<`, lowercased).
        mutating func note(_ tag: Substring, line: Int) {
            let name = tag.dropFirst().prefix { $0.isLetter || $0.isNumber }
            if name == "li" { listItems.insert(line) }
            if name.count == 2, name.first == "h", let level = name.last?.wholeNumberValue, (1...6).contains(level) { headings.insert(line) }
        }
    }

    /// HTML with every tag, comment, script and style replaced by spaces (newlines kept), and
    /// the common entities decoded in place, padded so that columns stay where they were.
    static func blankingMarkup(_ html: String) -> String {
        var structure = Structure()
        return blankingMarkup(html, structure: &structure)
    }

    /// ``blankingMarkup(_:)``, noting in `structure` the lines where headings and list items open.
    static func blankingMarkup(_ html: String, structure: inout Structure) -> String {
        var out = ""
        var line = 0
        var index = html.startIndex
        var skipUntil: String?
        while index < html.endIndex {
            let character = html[index]
            if let end = skipUntil {
                if html[index...].lowercased().hasPrefix(end) {
                    skipUntil = nil
                } else {
                    if character.isNewline { line += 1 }
                    out.append(character.isNewline ? character : " ")
                    index = html.index(after: index)
                    continue
                }
            }
            if character == "<" {
                let rest = html[index...].prefix(8).lowercased()
                if rest.hasPrefix("<script") { skipUntil = "</script" } else if rest.hasPrefix("<style") { skipUntil = "</style" }
                structure.note(Substring(rest), line: line)
                var end = index
                while end < html.endIndex, html[end] != ">" {
                    if html[end].isNewline { line += 1 }
                    out.append(html[end].isNewline ? html[end] : " ")
                    end = html.index(after: end)
                }
                if end < html.endIndex { out.append(" "); end = html.index(after: end) }
                index = end
                continue
            }
            if character == "&", let semicolon = html[index...].prefix(10).firstIndex(of: ";") {
                let entity = String(html[index...semicolon])
                if let decoded = entities[entity] {
                    out.append(decoded)
                    out.append(String(repeating: " ", count: entity.count - 1))
                    index = html.index(after: semicolon)
                    continue
                }
            }
            if character.isNewline { line += 1 }
            out.append(character)
            index = html.index(after: index)
        }
        return out
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
