import Foundation

/// A regular expression compiled once. `String.range(of:options: .regularExpression)` compiles
/// its pattern on every call; the number reader asks its questions for every number of a page
/// and of every claim a check reads, where compiling was a twentieth of a 10,000-word check.
struct ProsePattern: @unchecked Sendable {
    // NSRegularExpression is immutable and documented thread-safe for matching.
    private let regex: NSRegularExpression?
    /// A quick test that is false only for a text the pattern cannot match (``QuickRuleOut``),
    /// so most texts are answered without the regular expression (issue 17).
    private let mayMatch: (@Sendable (String) -> Bool)?

    init(_ pattern: String, caseInsensitive: Bool = false, mayMatch: (@Sendable (String) -> Bool)? = nil) {
        regex = try? NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
        self.mayMatch = mayMatch
    }

    /// The range of the first match in `text`, or nil.
    func firstMatch(in text: String) -> Range<String.Index>? {
        if let mayMatch, !mayMatch(text) { return nil }
        guard let regex, let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return Range(match.range, in: text)
    }

    /// Whether `text` holds a match.
    func matches(_ text: String) -> Bool {
        if let mayMatch, !mayMatch(text) { return false }
        guard let regex else { return false }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}

/// Quick tests that rule out a match of the number reader's lead patterns without the regular
/// expression, for a text of printable ASCII, where the patterns' `\s` is the space, `\p{L}` a
/// letter A–Z or a–z, and case is plain. Any other text (a tab, a line break, a letter of
/// another script) may match: the pattern decides.
enum QuickRuleOut {
    static func isPrintableASCII(_ bytes: [UInt8]) -> Bool { bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 }
    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }

    /// Whether `text` may match `(?:^|[^\p{L}])(?:word|…)\.?\s*$`: its last run of letters, before
    /// a point and spaces, is one of `words` (lower-case; of any case when `caseInsensitive`).
    /// Only the whole run can be the word, as the pattern wants no letter before it.
    static func mayEndWithWord(_ text: String, in words: Set<String>, caseInsensitive: Bool) -> Bool {
        let bytes = Array(text.utf8)
        guard isPrintableASCII(bytes) else { return true }
        var end = bytes.count
        while end > 0, isSpace(bytes[end - 1]) { end -= 1 }
        if end > 0, bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
        var start = end
        while start > 0, isLetter(bytes[start - 1]) { start -= 1 }
        guard start < end else { return false }
        let word = String(decoding: bytes[start..<end], as: UTF8.self)
        return words.contains(caseInsensitive ? word.lowercased() : word)
    }

    /// Whether `text` may match a pattern that ends with `\s*(?:[<>=…]|word|…)?\s*$` after a
    /// word of its own (as the p-value's lead does): its last character other than a space is
    /// one of `marks`, or its last run of letters ends with one of `words` (of any case; "pof"
    /// is "p" and "of" with no space between).
    static func mayEndWithMarkOrWord(_ text: String, marks: Set<UInt8>, words: Set<String>) -> Bool {
        let bytes = Array(text.utf8)
        guard isPrintableASCII(bytes) else { return true }
        var end = bytes.count
        while end > 0, isSpace(bytes[end - 1]) { end -= 1 }
        guard end > 0 else { return false }
        if marks.contains(bytes[end - 1]) { return true }
        var start = end
        while start > 0, isLetter(bytes[start - 1]) { start -= 1 }
        guard start < end else { return false }
        let run = String(decoding: bytes[start..<end], as: UTF8.self).lowercased()
        return words.contains { run.hasSuffix($0) }
    }

    /// Whether `text` may match a pattern that ends with `(?:from|out +of|of) +$`: it ends with
    /// a space, and its last run of letters before it is "from" or "of".
    static func mayEndWithBaseLead(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard isPrintableASCII(bytes) else { return true }
        var end = bytes.count
        while end > 0, isSpace(bytes[end - 1]) { end -= 1 }
        guard end < bytes.count else { return false }
        var start = end
        while start > 0, isLetter(bytes[start - 1]) { start -= 1 }
        let word = String(decoding: bytes[start..<end], as: UTF8.self)
        return word == "from" || word == "of"
    }

    /// Whether `text` may match a pattern that starts with `^ +` and holds `(?:from|of) +\d`:
    /// it starts with a space and holds "of" or "from" before a space and a digit.
    static func mayOpenWithBase(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard isPrintableASCII(bytes) else { return true }
        guard bytes.first.map(isSpace) == true else { return false }
        // "of 2…", "from 5…": the last letter of the word, spaces, then a digit.
        for index in bytes.indices where bytes[index] == UInt8(ascii: "f") || bytes[index] == UInt8(ascii: "m") {
            var next = index + 1
            guard next < bytes.count, isSpace(bytes[next]) else { continue }
            while next < bytes.count, isSpace(bytes[next]) { next += 1 }
            if next < bytes.count, bytes[next] >= UInt8(ascii: "0"), bytes[next] <= UInt8(ascii: "9") { return true }
        }
        return false
    }

    /// Whether `text` may match a pattern that ends with `,\s*$`: its last character other than a
    /// space is a comma.
    static func mayEndWithComma(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard isPrintableASCII(bytes) else { return true }
        guard let last = bytes.lastIndex(where: { !isSpace($0) }) else { return false }
        return bytes[last] == UInt8(ascii: ",")
    }
}
