/// Whether a claim's number appears in its quote: "40%" for -40 (percent), "2,900" for 2900,
/// "170 million" for 170 or 170,000,000, "18%" for 0.18, ".8" for 0.8; a number the quote rounds
/// ("41%" for 41.2) counts as stated.
package enum NumberInText {
    package static func appears(_ value: Double, in text: String) -> Bool {
        let target = abs(value)
        for number in numbers(in: text) {
            for candidate in [number.value, number.value * number.scale] where matches(candidate, target, decimals: number.decimals) {
                return true
            }
            if target <= 1, matches(number.value, target * 100, decimals: number.decimals) { return true }
            if number.value <= 1, number.decimals > 0, matches(number.value * 100, target, decimals: max(0, number.decimals - 2)) { return true }
        }
        return false
    }

    static func matches(_ stated: Double, _ target: Double, decimals: Int) -> Bool {
        var tolerance = 0.5
        for _ in 0..<decimals { tolerance /= 10 }
        return abs(stated - target) <= tolerance + 1e-9 * max(1, target)
    }

    struct Number {
        var value: Double
        var decimals: Int
        /// × 1,000 for "thousand"/"k", × 1,000,000 for "million"/"m"...
        var scale: Double
    }

    static let scales: [String: Double] = ["thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9,
                                           "trillion": 1e12]

    /// The numbers written in `text`: digits with `,` or thin-space thousands separators and a
    /// decimal point, with the scale word that follows.
    static func numbers(in text: String) -> [Number] {
        let s = Array(text.unicodeScalars)
        var out: [Number] = []
        var index = 0
        while index < s.count {
            let startsNumber = isDigit(s[index]) || (s[index] == "." && index + 1 < s.count && isDigit(s[index + 1]))
            guard startsNumber, index == 0 || !isDigit(s[index - 1]) && !s[index - 1].properties.isAlphabetic else {
                index += 1
                continue
            }
            var digits = ""
            var decimals = 0
            var seenPoint = false
            while index < s.count {
                let scalar = s[index]
                if isDigit(scalar) {
                    digits.unicodeScalars.append(scalar)
                    if seenPoint { decimals += 1 }
                } else if scalar == ".", !seenPoint, index + 1 < s.count, isDigit(s[index + 1]) {
                    digits += "."
                    seenPoint = true
                } else if Self.separators.contains(scalar), !seenPoint, !digits.isEmpty,
                          (1...3).allSatisfy({ index + $0 < s.count && isDigit(s[index + $0]) }),
                          index + 4 >= s.count || !isDigit(s[index + 4]) {
                    // A thousands separator: exactly three digits follow.
                } else {
                    break
                }
                index += 1
            }
            guard let value = Double(digits.hasPrefix(".") ? "0" + digits : digits) else { continue }
            var next = index
            while next < s.count, s[next] == " " { next += 1 }
            var word = ""
            while next < s.count, s[next].properties.isAlphabetic { word.unicodeScalars.append(s[next]); next += 1 }
            out.append(Number(value: value, decimals: decimals, scale: scales[word.lowercased()] ?? 1))
        }
        return out
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar >= "0" && scalar <= "9" }

    /// Thousands separators: comma, thin space, narrow and ordinary no-break space.
    static let separators: Set<Unicode.Scalar> = [",", "\u{2009}", "\u{202F}", "\u{00A0}"]
}
