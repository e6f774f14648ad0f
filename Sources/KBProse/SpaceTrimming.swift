/// Trimming of horizontal white space as Foundation's `trimmingCharacters(in: .whitespaces)`
/// does it (the same scalars: Unicode's space separators, Zs, the tab and U+200B; line breaks
/// are kept), without Foundation's character-set machinery, which was a twenty-fifth of a
/// 10,000-word `kb check` (issue 17). Lines and names are trimmed for every number, citation
/// and line of a page.
extension String {
    /// The text without the spaces and tabs at its ends (``UnicodeScalar/isHorizontalSpace``).
    var trimmingSpaces: String { Substring(self).trimmingSpaces }

    /// Whether the text holds nothing but spaces and tabs.
    var isBlankLine: Bool { unicodeScalars.allSatisfy(\.isHorizontalSpace) }
}

extension Substring {
    /// The text without the spaces and tabs at its ends (``UnicodeScalar/isHorizontalSpace``),
    /// cut between scalars as Foundation cuts it.
    var trimmingSpaces: String {
        guard let firstByte = utf8.first, let lastByte = utf8.last else { return "" }
        // Most lines and names start and end with a visible ASCII character.
        let isPlain = { (byte: UInt8) in byte > 0x20 && byte < 0x80 }
        if isPlain(firstByte) && isPlain(lastByte) { return String(self) }
        return trimmingScalars(where: \.isHorizontalSpace)
    }

    /// The text without the scalars at its ends that `isTrimmed` picks, as Foundation's
    /// `trimmingCharacters(in:)` cuts them.
    func trimmingScalars(where isTrimmed: (UnicodeScalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
              let last = scalars.lastIndex(where: { !isTrimmed($0) }) else { return "" }
        return String(Substring(scalars[first...last]))
    }
}

extension UnicodeScalar {
    /// A scalar of Foundation's `CharacterSet.whitespaces`: the tab, the space separators
    /// (general category Zs) and the zero-width space, which Foundation still counts as one
    /// (every scalar compared, Swift 6.3's Foundation on Linux).
    var isHorizontalSpace: Bool {
        switch value {
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}
