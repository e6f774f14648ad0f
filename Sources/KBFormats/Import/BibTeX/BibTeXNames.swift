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

    /// Splits at ` and ` (any case, any whitespace around) outside braces.
    static func splitNames(_ raw: String) -> [String] {
        let scalars = Array(raw.unicodeScalars)
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        var depth = 0
        var index = 0
        func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" || scalar == "~" }
        /// "and" in any case, at `start`.
        func isAnd(at start: Int) -> Bool {
            let (a, n, d) = (scalars[start], scalars[start + 1], scalars[start + 2])
            return (a == "a" || a == "A") && (n == "n" || n == "N") && (d == "d" || d == "D")
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "{" { depth += 1 } else if scalar == "}" { depth -= 1 }
            if depth == 0, isSpace(scalar), index + 4 < scalars.count, isAnd(at: index + 1), isSpace(scalars[index + 4]) {
                parts.append(String(current))
                current = String.UnicodeScalarView()
                index += 5
                continue
            }
            // A name list may also start with "and " (an empty first name).
            if depth == 0, index == 0, scalars.count >= 4, isAnd(at: 0), isSpace(scalars[3]) {
                parts.append("")
                index = 4
                continue
            }
            current.append(scalar)
            index += 1
        }
        parts.append(String(current))
        return parts
    }

    /// Splits at commas outside braces.
    static func splitCommas(_ raw: String) -> [String] {
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        var depth = 0
        for scalar in raw.unicodeScalars {
            if scalar == "{" { depth += 1 } else if scalar == "}" { depth -= 1 }
            if scalar == ",", depth == 0 {
                parts.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        parts.append(String(current))
        return parts.map { $0.trimmed }
    }

    /// Whitespace-separated tokens outside braces (`~` separates too).
    static func tokens(_ raw: String) -> [String] {
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        var depth = 0
        for scalar in raw.unicodeScalars {
            if scalar == "{" { depth += 1 } else if scalar == "}" { depth -= 1 }
            if depth == 0, scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" || scalar == "~" {
                if !current.isEmpty { tokens.append(String(current)) }
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { tokens.append(String(current)) }
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
