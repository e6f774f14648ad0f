/// The character classes the page reader asks of every character it looks at, answered from the
/// character's bytes when it is one ASCII byte (Character's own comparisons and Unicode property
/// look-ups are string operations, and a 10,000-word page asks millions of them: issue 17).
extension Character {
    /// One of the ASCII digits 0–9 (a digit with a combining mark is not).
    var isASCIIDigit: Bool {
        let bytes = utf8
        guard let first = bytes.first, first >= 0x30, first <= 0x39 else { return false }
        return bytes.count == 1
    }

    /// `isLetter`, answered without a Unicode property look-up for an ASCII character.
    var isWordLetter: Bool {
        let bytes = utf8
        if let first = bytes.first, first < 0x80, bytes.count == 1 {
            let lower = first | 0x20
            return lower >= 0x61 && lower <= 0x7A
        }
        return isLetter
    }
}
