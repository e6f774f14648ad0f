import KBDomain
import KBStore
import KBQuery

/// BibTeX name lists: `and`-separated names in the forms "First von Last", "von Last, First" and
/// "von Last, Jr, First"; a name wholly in braces (`{World Health Organization}`) is an
/// organisation; `and others` means the list is incomplete.
enum BibTeXNames {
    struct Parsed: Equatable {
        var people: [Contributor]
        var isIncomplete: Bool
    }

    static func parse(_ raw: String, role: String) -> Parsed {
        var people: [Contributor] = []
        var incomplete = false
        for part in splitNames(raw) {
            let trimmed = part.trimmed
            if trimmed.isEmpty { continue }
            if trimmed.lowercased() == "others" {
                incomplete = true
                continue
            }
            if let person = name(trimmed, role: role) { people.append(person) }
        }
        return Parsed(people: people, isIncomplete: incomplete)
    }

    // The splitters below work on UTF-8 bytes: every separator they look for (` and `, `,`,
    // whitespace, `~`, braces) is ASCII, and a UTF-8 byte below 0x80 is always a whole
    // character, so each piece starts and ends on a character boundary and holds exactly the
    // characters between its separators. Building the pieces scalar by scalar (as an earlier
    // version did) cost a tenth of a 10,000-entry import (issue 18).

    /// Whether a byte separates name words: space, line break, tab or `~` (a tie).
    @inline(__always) static func isSpaceByte(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x7E
    }

    /// Splits at ` and ` (any case, any whitespace around) outside braces.
    static func splitNames(_ raw: String) -> [String] {
        let utf8 = raw.utf8
        return utf8.withContiguousStorageIfAvailable { splitNames(bytes: $0) } ?? splitNames(bytes: Array(utf8))
    }

    private static func splitNames<Bytes: RandomAccessCollection<UInt8>>(bytes: Bytes) -> [String] where Bytes.Index == Int {
        let base = bytes.startIndex
        let count = bytes.count
        var parts: [String] = []
        var start = 0
        var depth = 0
        var index = 0
        /// "and" in any case, at `at`.
        func isAnd(at: Int) -> Bool {
            (bytes[base + at] | 0x20) == 0x61 && (bytes[base + at + 1] | 0x20) == 0x6E && (bytes[base + at + 2] | 0x20) == 0x64
        }
        func piece(_ from: Int, _ to: Int) -> String { String(decoding: bytes[(base + from)..<(base + to)], as: UTF8.self) }
        while index < count {
            let byte = bytes[base + index]
            if byte == 0x7B { depth += 1 } else if byte == 0x7D { depth -= 1 }
            if depth == 0, isSpaceByte(byte), index + 4 < count, isAnd(at: index + 1), isSpaceByte(bytes[base + index + 4]) {
                parts.append(piece(start, index))
                index += 5
                start = index
                continue
            }
            // A name list may also start with "and " (an empty first name).
            if depth == 0, index == 0, count >= 4, isAnd(at: 0), isSpaceByte(bytes[base + 3]) {
                parts.append("")
                index = 4
                start = index
                continue
            }
            index += 1
        }
        parts.append(piece(start, count))
        return parts
    }

    /// Splits at commas outside braces.
    static func splitCommas(_ raw: String) -> [String] {
        var parts: [String] = []
        var depth = 0
        let utf8 = raw.utf8
        var start = utf8.startIndex
        var index = start
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == 0x7B { depth += 1 } else if byte == 0x7D { depth -= 1 }
            if byte == 0x2C, depth == 0 {
                parts.append(Substring(utf8[start..<index]).trimmed)
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        parts.append(Substring(utf8[start..<utf8.endIndex]).trimmed)
        return parts
    }

    /// Whitespace-separated tokens outside braces (`~` separates too).
    static func tokens(_ raw: String) -> [String] {
        var tokens: [String] = []
        var depth = 0
        let utf8 = raw.utf8
        var start = utf8.startIndex
        var index = start
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == 0x7B { depth += 1 } else if byte == 0x7D { depth -= 1 }
            if depth == 0, isSpaceByte(byte) {
                if start < index { tokens.append(String(Substring(utf8[start..<index]))) }
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if start < utf8.endIndex { tokens.append(String(Substring(utf8[start..<utf8.endIndex]))) }
        return tokens
    }

    /// BibTeX's "von" test: the first letter at brace depth 0 (or inside a special-character
    /// group like `{\"u}`) is lower case. A token in plain braces has no case.
    static func isLowercase(_ token: String) -> Bool {
        let scalars = Array(token.unicodeScalars)
        var depth = 0
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "{" {
                if depth == 0, index + 1 < scalars.count, scalars[index + 1] != "\\" { return false }
                depth += 1
            } else if scalar == "}" {
                depth -= 1
            } else if scalar == "\\" {
                // Skip the command name; the letter after it decides.
                index += 1
                while index < scalars.count, scalars[index].properties.isAlphabetic, depth == 0 { index += 1 }
                continue
            } else if scalar.properties.isAlphabetic {
                return scalar.properties.isLowercase
            }
            index += 1
        }
        return false
    }

    /// Generational suffixes recognised at the end of a "First Last" name ("Hal Daumé III",
    /// "Martin Luther King Jr."): Jr., Sr. and the roman numerals II to VIII. BibTeX itself has a
    /// Jr part only in the "von Last, Jr, First" form and would make "III" the family name
    /// (printed "III, H. D."); kb reads the suffix, as Zotero's BibTeX import and biber do, when
    /// a given and a family name precede it (two words, "Bao V", stay BibTeX's).
    static let suffixes: Set<String> = ["jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v", "vi", "vii", "viii"]

    static func isSuffix(_ token: String) -> Bool {
        // Upper-case roman numerals only ("V" or "II", not "Li" or "vi"); Jr./Sr. with a capital.
        let lower = token.lowercased()
        guard suffixes.contains(lower), token.first?.isUppercase == true else { return false }
        return lower.hasPrefix("jr") || lower.hasPrefix("sr") || token.allSatisfy { $0 == "I" || $0 == "V" }
    }

    static func name(_ raw: String, role: String) -> Contributor? {
        let trimmed = raw.trimmed
        // {Organisation Name}: one brace group and nothing else.
        if trimmed.hasPrefix("{"), trimmed.hasSuffix("}"), splitCommas(trimmed).count == 1, tokens(trimmed).count == 1 {
            let literal = LaTeX.text(String(trimmed.dropFirst().dropLast()))
            return literal.isEmpty ? nil : Contributor(role: role, literal: literal)
        }
        let parts = splitCommas(trimmed)
        var first: [String] = []
        var von: [String] = []
        var last: [String] = []
        var jr: [String] = []
        switch parts.count {
        case 1:
            var words = tokens(parts[0])
            guard !words.isEmpty else { return nil }
            if words.count >= 3, let suffix = words.last, isSuffix(suffix) {
                jr = [suffix]
                words.removeLast()
            }
            if words.count == 1 { last = words; break }
            // First = tokens before the first lower-case token (not the last token);
            // von = from there to the last lower-case token before Last.
            let candidates = words.indices.dropLast()
            if let vonStart = candidates.first(where: { isLowercase(words[$0]) }) {
                let vonEnd = candidates.last(where: { isLowercase(words[$0]) }) ?? vonStart
                first = Array(words[..<vonStart])
                von = Array(words[vonStart...vonEnd])
                last = Array(words[(vonEnd + 1)...])
            } else {
                first = Array(words.dropLast())
                last = [words[words.count - 1]]
            }
        default:
            let lastWords = tokens(parts[0])
            if let vonEnd = lastWords.indices.dropLast().last(where: { isLowercase(lastWords[$0]) }) {
                von = Array(lastWords[...vonEnd])
                last = Array(lastWords[(vonEnd + 1)...])
            } else {
                last = lastWords
            }
            if parts.count >= 3 {
                jr = tokens(parts[1])
                first = tokens(parts[2...].joined(separator: " "))
            } else {
                first = tokens(parts[1])
            }
        }
        let family = LaTeX.text(last.joined(separator: " "))
        guard !family.isEmpty else {
            let given = LaTeX.text(first.joined(separator: " "))
            return given.isEmpty ? nil : Contributor(role: role, family: given)
        }
        let given = LaTeX.text(first.joined(separator: " "))
        let particle = LaTeX.text(von.joined(separator: " "))
        let suffix = LaTeX.text(jr.joined(separator: " "))
        return Contributor(role: role, family: family, given: given.isEmpty ? nil : given,
                           particle: particle.isEmpty ? nil : particle, suffix: suffix.isEmpty ? nil : suffix)
    }
}

import Foundation
