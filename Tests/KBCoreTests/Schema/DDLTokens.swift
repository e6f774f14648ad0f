/// The tokens of SQL text, for the parity test's small DDL parser: words (unquoted names and
/// keywords, folded to lower case as PostgreSQL folds them), quoted names, string literals,
/// numbers, dollar-quoted bodies and single punctuation characters. Comments are dropped.
enum DDLToken: Equatable {
    case word(String)
    case quotedName(String)
    case string(String)
    case number(String)
    case body(String)
    case symbol(Character)

    var text: String {
        switch self {
        case .word(let word): word
        case .quotedName(let name): "\"\(name)\""
        case .string(let value): "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
        case .number(let number): number
        case .body(let body): body
        case .symbol(let symbol): String(symbol)
        }
    }

    func isWord(_ word: String) -> Bool { self == .word(word) }
}

enum DDLTokens {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func tokenize(_ sql: String) throws -> [DDLToken] {
        let characters = Array(sql)
        var tokens: [DDLToken] = []
        var index = 0
        func peek(_ offset: Int = 0) -> Character? {
            index + offset < characters.count ? characters[index + offset] : nil
        }
        while let character = peek() {
            if character.isWhitespace {
                index += 1
            } else if character == "-", peek(1) == "-" {
                while let next = peek(), next != "\n" { index += 1 }
            } else if character == "'" || character == "\"" {
                var value = ""
                index += 1
                while true {
                    guard let next = peek() else { throw Failure(description: "unterminated \(character)…\(character) at character \(index)") }
                    index += 1
                    if next == character {
                        if peek() == character { value.append(character); index += 1 } else { break }
                    } else {
                        value.append(next)
                    }
                }
                tokens.append(character == "'" ? .string(value) : .quotedName(value))
            } else if character == "$" {
                var tag = "$"
                index += 1
                while let next = peek(), next != "$" { tag.append(next); index += 1 }
                tag.append("$")
                index += 1
                var body = ""
                while !body.hasSuffix(tag) {
                    guard let next = peek() else { throw Failure(description: "unterminated \(tag) body") }
                    body.append(next)
                    index += 1
                }
                tokens.append(.body(tag + body))
            } else if character.isLetter || character == "_" {
                var word = ""
                while let next = peek(), next.isLetter || next.isNumber || next == "_" { word.append(next); index += 1 }
                tokens.append(.word(word.lowercased()))
            } else if character.isNumber {
                var number = ""
                while let next = peek(), next.isNumber || next == "." { number.append(next); index += 1 }
                tokens.append(.number(number))
            } else {
                tokens.append(.symbol(character))
                index += 1
            }
        }
        return tokens
    }

    /// `tokens` split at top-level semicolons, empty statements dropped.
    static func statements(_ tokens: [DDLToken]) -> [[DDLToken]] {
        tokens.split(separator: .symbol(";")).map(Array.init)
    }

    /// Characters that make operators of two or more (`||`, `<>`, `>=`).
    private static let operatorCharacters: Set<Character> = ["|", "<", ">", "=", "!"]

    /// `tokens` as one line: single spaces, none inside parentheses, before commas or inside
    /// operators, `::type` casts kept. Both engines' CHECK and WHERE texts compare equal when written alike.
    static func normalised(_ tokens: [DDLToken]) -> String {
        var text = ""
        var previous: DDLToken?
        for token in tokens {
            let glued: Bool
            switch (previous, token) {
            case (nil, _), (.symbol("("), _), (_, .symbol(")")), (_, .symbol(",")), (.symbol(":"), _), (_, .symbol(":")): glued = true
            case (.word, .symbol("(")): glued = true
            case (.symbol(let first), .symbol(let second)) where Self.operatorCharacters.contains(first) && Self.operatorCharacters.contains(second):
                glued = true
            default: glued = false
            }
            text += (glued ? "" : " ") + token.text
            previous = token
        }
        return text
    }

    /// The `column in (values…)` lists of a normalised CHECK text.
    static func vocabularies(in check: String) -> [(String, Set<String>)] {
        guard let tokens = try? tokenize(check) else { return [] }
        var result: [(String, Set<String>)] = []
        for index in tokens.indices.dropFirst() where tokens[index].isWord("in") {
            guard case .word(let column) = tokens[index - 1], index + 1 < tokens.count, tokens[index + 1] == .symbol("(") else { continue }
            var values: Set<String> = []
            var cursor = index + 2
            while cursor < tokens.count, tokens[cursor] != .symbol(")") {
                if tokens[cursor] != .symbol(",") { values.insert(tokens[cursor].text) }
                cursor += 1
            }
            result.append((column, values))
        }
        return result
    }
}
