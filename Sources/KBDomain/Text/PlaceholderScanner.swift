/// Finds numbers stripped out of text: "k–k in USA" (a salary band without its figures),
/// "– weeks" (a range without its ends), "above ." (a threshold without its value), "n = ,",
/// "by % in". Conservative: it looks for a number's frame with the number gone, not for any odd
/// punctuation, so ordinary prose does not trip it.
package enum PlaceholderScanner {
    /// Every hole in `text`, each with some context around it.
    static func holes(in text: String) -> [String] {
        guard mayHaveHole(text) else { return [] }
        let scalars = Array(text.unicodeScalars)
        var found: [String] = []
        var index = 0
        while index < scalars.count {
            if mayStartHole(scalars[index]), let (start, end) = hole(at: index, in: scalars) {
                found.append(snippet(scalars, start, end))
                index = max(end, index + 1)
            } else {
                index += 1
            }
        }
        return found
    }

    /// The holes as the audit shows them ("…above . and…  |  …above . over…"), or nil.
    package static func evidence(in text: String) -> String? {
        let found = holes(in: text)
        return found.isEmpty ? nil : found.joined(separator: "  |  ")
    }

    /// A quick pass over the bytes: text without a dash, a space before punctuation, a currency
    /// sign, `%` or `=` cannot have a hole.
    package static func mayHaveHole(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            switch byte {
            case 0x2D, 0x24, 0x25, 0x3D, 0xE2, 0xC2: return true  // - $ % = and the lead bytes of – — € £
            case 0x2E where previous == 0x20, 0x2C where previous == 0x20, 0x3B where previous == 0x20, 0x3A where previous == 0x20:
                return true  // " ." " ," " ;" " :"
            default: break
            }
            previous = byte
        }
        return false
    }

    /// Whether a hole may start at `scalar`: every case of ``hole(at:in:)`` starts at a
    /// magnitude letter, a dash, punctuation where a number was, `=` or a currency sign. A
    /// switch on the value, so the letters of ordinary words cost one comparison each instead of
    /// five set look-ups (the audit scans every claim's statement and quote: at 1M claims this
    /// rule was a third of the audit's time).
    static func mayStartHole(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x6B, 0x4B, 0x6D, 0x4D, 0x62, 0x42: true                      // k K m M b B
        case 0x2D, 0x2013, 0x2014, 0x2212: true                              // dashes
        case 0x2E, 0x2C, 0x3B, 0x3A, 0x25, 0x29, 0x3D: true                  // . , ; : % ) =
        case 0x24, 0xA3, 0x20AC, 0xA5: true                                  // $ £ € ¥
        default: false
        }
    }

    static let dashes: Set<Unicode.Scalar> = ["-", "\u{2013}", "\u{2014}", "\u{2212}"]
    static let currencies: Set<Unicode.Scalar> = ["$", "\u{00A3}", "\u{20AC}", "\u{00A5}"]
    static let magnitudes: Set<Unicode.Scalar> = ["k", "K", "m", "M", "b", "B"]
    static let units: Set<String> = ["weeks", "week", "days", "day", "months", "month", "years", "year", "hours", "hour", "minutes",
                                     "percent", "per", "points", "pp", "times", "fold", "people", "participants", "%"]
    /// Words a number follows: "above .8", "n of 453", "by 40%".
    static let numberLeads: Set<String> = ["above", "below", "over", "under", "about", "around", "approximately", "roughly", "nearly",
                                           "almost", "than", "exceeds", "exceeded", "exceeding", "reaching", "of", "by", "to", "at",
                                           "from", "between"]

    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.numericType != nil }

    /// The hole starting at `index`, as a range of scalars.
    package static func hole(at index: Int, in s: [Unicode.Scalar]) -> (Int, Int)? {
        let scalar = s[index]
        // "k–k", "$k–$k", "£m-£m": magnitudes with their figures gone.
        // (The dash after it is looked at first: cheap, and rare after the `m` of a word.)
        if magnitudes.contains(scalar), index + 1 < s.count, dashes.contains(s[index + 1]),
           index == 0 || !isWordCharacter(s[index - 1]) || currencies.contains(s[index - 1]) {
            var next = index + 1
            if next < s.count, dashes.contains(s[next]) {
                next += 1
                if next < s.count, currencies.contains(s[next]) { next += 1 }
                if next < s.count, magnitudes.contains(s[next]), next + 1 == s.count || !isWordCharacter(s[next + 1]) {
                    if index > 0, isDigit(s[index - 1]) { return nil }
                    return (index, next + 1)
                }
            }
        }
        // "– weeks": a range dash with no number before it, then a unit.
        if dashes.contains(scalar), index == 0 || s[index - 1] == " " {
            let before = previousWord(before: index, in: s)
            if before.map({ !$0.unicodeScalars.contains(where: isDigit) }) ?? true {
                var next = index + 1
                while next < s.count, s[next] == " " { next += 1 }
                let (word, end) = word(at: next, in: s)
                if next > index + 1 || word == "%", units.contains(word.lowercased()) { return (index, end) }
            }
        }
        // "above .", "by %": a word a number follows, then punctuation where the number was.
        if index > 0, s[index - 1] == " ", ".,;:%)".unicodeScalars.contains(scalar), index + 1 == s.count || s[index + 1] == " " || s[index + 1] == "\"" {
            if let before = previousWord(before: index, in: s), numberLeads.contains(before.lowercased()) || before.lowercased() == "n" || before == "=" {
                return (index - before.unicodeScalars.count - 1, index + 1)
            }
        }
        // "n = ," / "n = )": an equals sign with no value.
        if scalar == "=", index > 0 {
            var next = index + 1
            while next < s.count, s[next] == " " { next += 1 }
            if next == s.count || ",;)".unicodeScalars.contains(s[next]) || (s[next] == "." && (next + 1 == s.count || s[next + 1] == " ")) {
                return (max(0, index - 2), min(s.count, next + 1))
            }
        }
        // "$ per hour", "€ ,": a currency sign with no amount.
        if currencies.contains(scalar), index == 0 || s[index - 1] == " ",
           index + 1 == s.count || s[index + 1] == " " || ",.;)".unicodeScalars.contains(s[index + 1]) {
            if index + 2 < s.count, s[index + 1] == " ", isDigit(s[index + 2]) { return nil }
            return (index, index + 1)
        }
        return nil
    }

    /// The word (letters and digits, or a lone `=`) that ends just before the space before `index`.
    static func previousWord(before index: Int, in s: [Unicode.Scalar]) -> String? {
        var end = index
        while end > 0, s[end - 1] == " " { end -= 1 }
        var start = end
        if start > 0, s[start - 1] == "=" { return "=" }
        while start > 0, isWordCharacter(s[start - 1]) { start -= 1 }
        guard start < end else { return nil }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: s[start..<end])
        return String(out)
    }

    /// The word starting at `index` (or "%"), and where it ends.
    static func word(at index: Int, in s: [Unicode.Scalar]) -> (String, Int) {
        guard index < s.count else { return ("", index) }
        if s[index] == "%" { return ("%", index + 1) }
        var end = index
        while end < s.count, isWordCharacter(s[end]) { end += 1 }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: s[index..<end])
        return (String(out), end)
    }

    /// The hole with up to 30 characters either side: "…Typically requires – weeks to go…".
    package static func snippet(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> String {
        let from = max(0, start - 30)
        let to = min(s.count, end + 30)
        var out = String.UnicodeScalarView()
        out.append(contentsOf: s[from..<to])
        let text = String(out).trimmed
        return (from > 0 ? "…" : "") + text + (to < s.count ? "…" : "")
    }
}
