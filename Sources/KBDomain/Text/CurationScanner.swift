/// Text a curator would catch by eye: HTML entities an import could not decode (`&amp;`,
/// `&#x2019;`), and titles that say the work was withdrawn or retracted ("RETRACTED: …",
/// "[Withdrawn] …"). Pure functions over one string, called by the audit's SQL.
package enum CurationScanner {
    /// The HTML entities written in `text` (`&amp;`, `&#233;`, `&#x2019;`), each with a little
    /// context, or nil. A bare `&` or a URL's `&b=2` is no entity.
    package static func entities(in text: String) -> String? {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return nil }
        let scalars = Array(text.unicodeScalars)
        var found: [String] = []
        var index = 0
        while index < scalars.count {
            if scalars[index] == "&", let end = entityEnd(after: index, in: scalars) {
                let before = max(0, index - 12), after = min(scalars.count, end + 12)
                let context = String(String.UnicodeScalarView(scalars[before..<after]))
                found.append("'" + String(String.UnicodeScalarView(scalars[index..<end])) + "' in '" + (before > 0 ? "…" : "")
                             + context + (after < scalars.count ? "…" : "") + "'")
                index = end
            } else {
                index += 1
            }
        }
        return found.isEmpty ? nil : found.joined(separator: "  |  ")
    }

    /// The index after the `;` of an entity starting at `start` (`&name;`, `&#digits;`,
    /// `&#xhex;`), or nil.
    static func entityEnd(after start: Int, in s: [Unicode.Scalar]) -> Int? {
        var index = start + 1
        guard index < s.count else { return nil }
        let isDigit: (Unicode.Scalar) -> Bool
        let limit: Int
        if s[index] == "#" {
            index += 1
            if index < s.count, s[index] == "x" || s[index] == "X" {
                index += 1
                isDigit = { $0.properties.isASCIIHexDigit }
                limit = 6
            } else {
                isDigit = { ("0"..."9").contains($0) }
                limit = 7
            }
        } else {
            guard s[index].isASCII, s[index].properties.isAlphabetic else { return nil }
            isDigit = { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
            limit = 32
        }
        let first = index
        while index < s.count, index - first < limit, isDigit(s[index]) { index += 1 }
        guard index > first, index < s.count, s[index] == ";" else { return nil }
        return index + 1
    }

    /// A title without one of these (in any case) has no marker: the audit's SQL tests them with
    /// LIKE before calling ``withdrawnMarker(in:)``, which is far slower per row.
    package static let markerWords = ["withdr", "retract", "concern"]

    /// Words that mark a withdrawn or retracted work when a title starts with them.
    static let leadingMarkers = ["withdrawn", "retracted", "retraction", "notice of retraction", "expression of concern", "withdrawal"]

    /// Phrases that mark one anywhere in a title.
    static let markers = ["[withdrawn]", "(withdrawn)", "[retracted]", "(retracted)", "[retracted article]", "(retracted article)",
                          "has been withdrawn", "has been retracted", "article withdrawn", "paper withdrawn", "retraction notice", "retraction note"]

    /// The withdrawal or retraction marker a title carries ("RETRACTED", "[Withdrawn]"), or nil.
    /// A leading word counts when written in capitals or followed by `:`, `]`, `)`, a dash, a
    /// full stop, "article:" or "notice", or nothing ("Withdrawal from the labour market" is a
    /// title, not a marker).
    package static func withdrawnMarker(in title: String) -> String? {
        let trimmed = title.drop { $0 == "[" || $0 == "(" || $0 == " " || $0 == "*" }
        let lowered = trimmed.lowercased()
        for marker in leadingMarkers where lowered.hasPrefix(marker) {
            let written = String(trimmed.prefix(marker.count))
            let rest = trimmed.dropFirst(marker.count)
            guard let next = rest.first else { return written }
            if next.isLetter { continue }
            let after = rest.drop { $0 == " " }
            let follows = after.first
            if written == written.uppercased() || [":", "]", ")", ".", "-", "–", "—"].contains(next) || (follows.map { ["-", "–", "—", ":"].contains($0) } ?? true)
                || ["article", "paper", "notice", "note"].contains(where: { after.lowercased().hasPrefix($0 + ":") || after.lowercased().hasPrefix($0 + " ") }) {
                return written
            }
        }
        let whole = title.lowercased()
        return markers.first { whole.contains($0) }
    }

    /// The HTML tags in `text` (`<i>`, `</scp>`, `<sup>`), each named once in the order first
    /// seen ("i, scp"), or nil. A tag is `<`, an optional `/`, a letter, letters or digits, then
    /// `>` or attributes: "a < b > c" is no tag.
    package static func markupTags(in text: String) -> String? {
        guard text.utf8.contains(UInt8(ascii: "<")) else { return nil }
        let scalars = Array(text.unicodeScalars)
        var names: [String] = []
        for (index, scalar) in scalars.enumerated() where scalar == "<" {
            var cursor = index + 1
            if cursor < scalars.count, scalars[cursor] == "/" { cursor += 1 }
            let start = cursor
            while cursor < scalars.count, scalars[cursor].isASCII, scalars[cursor].properties.isAlphabetic || ("0"..."9").contains(scalars[cursor]) {
                cursor += 1
            }
            guard cursor > start, scalars[start].properties.isAlphabetic, cursor < scalars.count,
                  scalars[cursor] == ">" || scalars[cursor] == " " || scalars[cursor] == "/" else { continue }
            guard scalars[cursor] == ">" || scalars[cursor...].contains(">") else { continue }
            let name = "<" + String(String.UnicodeScalarView(scalars[start..<cursor])).lowercased() + ">"
            if !names.contains(name) { names.append(name) }
        }
        return names.isEmpty ? nil : names.joined(separator: ", ")
    }
}
