import KBDomain

/// Splits a query into ``Token``s. Words are runs of letters, digits and `- _ . : / @ +`;
/// a word that reads as a number (`400`, `-40`, `0.5`, `2,900` is not one) becomes a number.
/// Strings are quoted with `"` or `'` (or typographic “…” and ‘…’); a backslash escapes the
/// closing quote or itself. `|` separates the values of an any-of (`cohort=older|women`), and
/// `..` inside a word splits it into the ends of a range (`2020..2024`, `moderate..`, `..500`):
/// no slug, number or DOI kb stores contains two dots in a row, and a value that does can be quoted.
public struct Lexer {
    /// Inputs longer than this are refused before lexing (a query is one line, not a file).
    public static let maximumLength = 100_000

    let characters: [Character]
    let text: String

    public init(_ text: String) {
        self.text = text
        self.characters = Array(text)
    }

    public func tokenize() throws -> [Token] {
        guard characters.count <= Self.maximumLength else {
            throw Diagnostic(id: "query.too-long", message: "query is too long (\(characters.count) characters; the limit is \(Self.maximumLength))",
                             location: SourceLocation(file: "query", text: text, range: Self.maximumLength..<characters.count),
                             help: "a query is one line; put long lists of values in several queries", input: .query)
        }
        var tokens: [Token] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
                continue
            }
            let start = index
            switch character {
            case "(":
                tokens.append(Token(kind: .leftParen, range: start..<start + 1)); index += 1
            case ")":
                tokens.append(Token(kind: .rightParen, range: start..<start + 1)); index += 1
            case ",":
                tokens.append(Token(kind: .comma, range: start..<start + 1)); index += 1
            case "|":
                tokens.append(Token(kind: .bar, range: start..<start + 1)); index += 1
            case "=":
                index += character == "=" && peek(index + 1) == "=" ? 2 : 1
                tokens.append(Token(kind: .op(.equal), range: start..<index))
            case "!":
                guard peek(index + 1) == "=" else {
                    throw error("query.unexpected-character", "unexpected '!'", start..<start + 1, help: "write '!=' for 'not equal', or 'not' before a condition")
                }
                index += 2
                tokens.append(Token(kind: .op(.notEqual), range: start..<index))
            case "<", ">":
                let orEqual = peek(index + 1) == "="
                let isNotEqual = character == "<" && peek(index + 1) == ">"
                index += orEqual || isNotEqual ? 2 : 1
                let op: ComparisonOperator = isNotEqual ? .notEqual : character == "<" ? (orEqual ? .lessOrEqual : .less) : (orEqual ? .greaterOrEqual : .greater)
                tokens.append(Token(kind: .op(op), range: start..<index))
            case "\"", "'":
                tokens.append(try string(from: &index, quote: character))
            case "\u{201C}", "\u{2018}":
                // Typographic quotes pasted from documents: “…” and ‘…’.
                tokens.append(try string(from: &index, quote: character == "\u{201C}" ? "\u{201D}" : "\u{2019}"))
            default:
                guard Self.isWordCharacter(character) else {
                    throw error("query.unexpected-character", "unexpected character '\(character.unicodeScalars.map { $0.properties.isWhitespace || $0.value < 32 ? "U+\(String($0.value, radix: 16, uppercase: true))" : String($0) }.joined())'",
                                start..<start + 1, help: character == ";" ? "a query is a single statement; remove ';'"
                                    : "words are letters, digits and - _ . : / @ +; quote anything else to search for it")
                }
                while index < characters.count, Self.isWordCharacter(characters[index]) { index += 1 }
                tokens += try wordTokens(start..<index)
            }
        }
        tokens.append(Token(kind: .end, range: characters.count..<characters.count))
        return tokens
    }

    /// A word as tokens: a number or a word, or — when it holds `..` — the pieces around each
    /// `..` and the `..` themselves (`2020..2024` → `2020`, `..`, `2024`).
    private func wordTokens(_ range: Range<Int>) throws -> [Token] {
        var tokens: [Token] = []
        var pieceStart = range.lowerBound
        var index = range.lowerBound
        func piece(_ end: Int) {
            guard end > pieceStart else { return }
            // Appended one by one: `String(characters[…])` is the generic initializer, whose
            // first use looks its witnesses up at run time (a scan of every conformance record).
            var word = ""
            for character in characters[pieceStart..<end] { word.append(character) }
            tokens.append(Token(kind: Self.number(word).map { .number($0) } ?? .word(word), range: pieceStart..<end))
        }
        while index < range.upperBound {
            guard characters[index] == ".", index + 1 < range.upperBound, characters[index + 1] == "." else {
                index += 1
                continue
            }
            if index + 2 < range.upperBound, characters[index + 2] == "." {
                throw error("query.unexpected-character", "unexpected '...'", index..<index + 3, help: "a range is LOW..HIGH, with two dots, e.g. year=2020..2024")
            }
            piece(index)
            tokens.append(Token(kind: .dotDot, range: index..<index + 2))
            index += 2
            pieceStart = index
        }
        piece(range.upperBound)
        return tokens
    }

    static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || "-_.:/@+".contains(character)
    }

    /// `400`, `-40`, `+18`, `0.5`, `1e3` — but not `10.1126/x` or `-` alone.
    static func number(_ word: String) -> Double? {
        guard let first = word.first, first.isNumber || ((first == "-" || first == "+" || first == ".") && word.count > 1) else { return nil }
        guard word.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }) else { return nil }
        guard let value = Double(word), value.isFinite else { return nil }
        return value
    }

    private func peek(_ index: Int) -> Character? {
        index < characters.count ? characters[index] : nil
    }

    private func string(from index: inout Int, quote: Character) throws -> Token {
        let start = index
        index += 1
        var value = ""
        while index < characters.count {
            let character = characters[index]
            if character == "\\", let next = peek(index + 1), next == quote || next == "\\" {
                value.append(next)
                index += 2
                continue
            }
            if character == quote {
                index += 1
                return Token(kind: .string(value), range: start..<index)
            }
            value.append(character)
            index += 1
        }
        throw error("query.unterminated-string", "unterminated string", start..<start + 1, help: "close it with \(quote)")
    }

    private func error(_ id: String, _ message: String, _ range: Range<Int>, help: String? = nil) -> Diagnostic {
        Diagnostic(id: id, message: message, location: SourceLocation(file: "query", text: text, range: range), help: help, input: .query)
    }
}
