import Foundation

/// A migration file's statements, one by one: PostgreSQL's extended query protocol (the one
/// postgres-nio speaks) runs one statement per query. Splits at semicolons outside string
/// literals, quoted names, `--` and `/* */` comments and dollar-quoted bodies (`$$ … $$`,
/// `$tag$ … $tag$`), the places where a semicolon is text, not the end of a statement.
enum SQLScript {
    static func statements(_ sql: String) -> [String] {
        let characters = Array(sql)
        var statements: [String] = []
        var current = ""
        var index = 0
        func flush() {
            let statement = current.trimmingCharacters(in: .whitespacesAndNewlines)
            if !statement.isEmpty, !isOnlyComments(statement) { statements.append(statement) }
            current = ""
        }
        while index < characters.count {
            let character = characters[index]
            let next: Character? = index + 1 < characters.count ? characters[index + 1] : nil
            if character == "-", next == "-" {
                while index < characters.count, characters[index] != "\n" { current.append(characters[index]); index += 1 }
            } else if character == "/", next == "*" {
                current += "/*"
                index += 2
                while index < characters.count, !(characters[index] == "*" && index + 1 < characters.count && characters[index + 1] == "/") {
                    current.append(characters[index])
                    index += 1
                }
                current += "*/"
                index += 2
            } else if character == "'" || character == "\"" {
                current.append(character)
                index += 1
                while index < characters.count {
                    current.append(characters[index])
                    index += 1
                    if characters[index - 1] == character { break }
                }
            } else if character == "$", let tag = dollarTag(characters, at: index) {
                current += tag
                index += tag.count
                while index < characters.count, !String(characters[index..<min(characters.count, index + tag.count)]).elementsEqual(tag) {
                    current.append(characters[index])
                    index += 1
                }
                current += tag
                index += tag.count
            } else if character == ";" {
                flush()
                index += 1
            } else {
                current.append(character)
                index += 1
            }
        }
        flush()
        return statements
    }

    /// `$tag$` starting at `index`, when it is a dollar quote's opening (not a `$1` parameter).
    private static func dollarTag(_ characters: [Character], at index: Int) -> String? {
        var end = index + 1
        while end < characters.count, characters[end].isLetter || characters[end] == "_" { end += 1 }
        guard end < characters.count, characters[end] == "$" else { return nil }
        return String(characters[index...end])
    }

    private static func isOnlyComments(_ statement: String) -> Bool {
        statement.split(separator: "\n").allSatisfy { $0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }
    }
}
