import Foundation

/// A stored statement may carry a binary float's artefact ("945.9999999999999 from 11000",
/// a count computed as a rate × a base by the register's importer): the brief writes such a
/// number as the KB would (trial 6, item 12) — the shortest decimal, of at most six decimals,
/// that is the same double within 1e-9 of its size. `kb check` reads that number back as
/// equal to the stored one (``NumberMatch/equal(_:_:decimals:scale:)``), so the brief stays
/// supported.
enum FloatArtefacts {
    /// `text` with every decimal of ten digits or more after its point that a shorter decimal
    /// is, within rounding noise, written as that shorter decimal; other numbers as they are.
    /// Compiled once: `tidied` runs on every claim a check reads, and compiling it each time
    /// was a fifth of a 10,000-word page's check at 1M claims.
    static let artefact = try? NSRegularExpression(pattern: #"(?<![\d.])\d+\.\d{10,}(?![\d.])"#)

    static func tidied(_ text: String) -> String {
        guard mayHoldArtefact(text), let regex = artefact else { return text }
        let ns = text as NSString
        var out = text
        for match in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).reversed() {
            let written = ns.substring(with: match.range)
            guard let value = Double(written), let short = shortest(value), let range = Range(match.range, in: out) else { continue }
            out.replaceSubrange(range, with: short)
        }
        return out
    }

    /// Whether `text` may hold an artefact: a point followed by ten digits. Only a text of
    /// ASCII is ruled out without the regular expression (its `\d` is any script's digit), and
    /// most statements are (issue 17: `tidied` runs several times on every claim a check reads).
    static func mayHoldArtefact(_ text: String) -> Bool {
        var digitsAfterPoint = -1
        for byte in text.utf8 {
            if byte >= 0x80 { return true }
            if byte == UInt8(ascii: ".") {
                digitsAfterPoint = 0
            } else if digitsAfterPoint >= 0, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                digitsAfterPoint += 1
                if digitsAfterPoint >= 10 { return true }
            } else {
                digitsAfterPoint = -1
            }
        }
        return false
    }

    /// The value with the fewest decimals (0 to 6) that it equals within 1e-9 of its size, or nil.
    static func shortest(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        for decimals in 0...6 {
            let factor = pow(10.0, Double(decimals))
            let rounded = (value * factor).rounded() / factor
            guard abs(rounded - value) <= 1e-9 * max(1, abs(value)) else { continue }
            // Past 1e15 a double no longer holds every integer: such a number is left as written.
            guard decimals > 0 else { return abs(rounded) < 1e15 ? String(Int64(rounded)) : nil }
            return String(format: "%.\(decimals)f", rounded)
        }
        return nil
    }
}
