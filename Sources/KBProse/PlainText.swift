import Foundation

/// Where one text stands in another, as Foundation's `range(of:)` finds it (character by
/// character), by a byte search when both are printable ASCII: a sentence with no number is
/// searched for the quote and statement of each claim it may repeat, thousands of searches a
/// 10,000-word page (issue 17).
enum PlainText {
    /// The character offset in `text` of the first occurrence of `part`, or nil.
    static func offset(of part: String, in text: String) -> Int? {
        if !part.isEmpty, isPrintableASCII(part), isPrintableASCII(text) {
            // The search's result (one byte is one character in printable ASCII); nil when
            // the strings' bytes are not contiguous.
            let searched: Int?? = text.utf8.withContiguousStorageIfAvailable { haystack in
                part.utf8.withContiguousStorageIfAvailable { needle in byteOffset(of: needle, in: haystack) }
            } ?? nil
            if let searched { return searched }
        }
        guard let range = text.range(of: part) else { return nil }
        return text.distance(from: text.startIndex, to: range.lowerBound)
    }

    /// Whether every byte is a printable ASCII character (space to tilde): no line break or
    /// combining mark, so each character is one byte and equal characters are equal bytes.
    static func isPrintableASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    static func byteOffset(of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = needle.first, needle.count <= haystack.count else { return nil }
        var start = 0
        while start + needle.count <= haystack.count {
            if haystack[start] == first {
                var matched = 1
                while matched < needle.count, haystack[start + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return start }
            }
            start += 1
        }
        return nil
    }
}
