import Foundation

/// A sample drawn from a larger one (review 19, M2): "a sample of 45 of the 453 professionals",
/// "we interviewed 12 of the 453 participants". The larger count is the study's n; the smaller
/// is a part of it, which no study's n states, so it is neither held to the study's n (no
/// mismatch) nor supported: the KB holds no claim of it.
extension PageChecker {
    /// " of the 453", " out of all 453", " managers of the 453" after a sample's count.
    static let partOfPattern = ProsePattern(#"^ +(?:[\p{L}-]+ +)?(?:out +)?of +(?:(?:the|all|all +the|its|their|our) +)?(\d[\d,]*)"#)

    /// The text of the larger count the page writes a sample's count as a part of, or nil: the
    /// number must be a sample's size (``countsSample(_:in:)`` or "n = …", "a sample of …") and
    /// the count after "of" larger than it.
    static func wholeOfSample(_ number: ProseNumber, in line: String) -> String? {
        guard number.kind == .sampleSize || (number.kind == .count && countsSample(number, in: line)) else { return nil }
        let c = Array(line)
        let end = number.column - 1 + number.text.count
        guard number.column >= 1, end <= c.count else { return nil }
        let after = String(c[end..<min(c.count, end + 60)])
        guard let match = partOfPattern.firstMatch(in: after) else { return nil }
        let digits = String(after[match].reversed().prefix { $0.isASCIIDigit || $0 == "," }.reversed())
        guard let whole = Double(digits.filter(\.isASCIIDigit)), whole > number.value * number.scale else { return nil }
        return digits
    }
}
