import Foundation

/// A regular expression compiled once. `String.range(of:options: .regularExpression)` compiles
/// its pattern on every call; the number reader asks its questions for every number of a page
/// and of every claim a check reads, where compiling was a twentieth of a 10,000-word check.
struct ProsePattern: @unchecked Sendable {
    // NSRegularExpression is immutable and documented thread-safe for matching.
    private let regex: NSRegularExpression?

    init(_ pattern: String, caseInsensitive: Bool = false) {
        regex = try? NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
    }

    /// The range of the first match in `text`, or nil.
    func firstMatch(in text: String) -> Range<String.Index>? {
        guard let regex, let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return Range(match.range, in: text)
    }

    /// Whether `text` holds a match.
    func matches(_ text: String) -> Bool {
        guard let regex else { return false }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
