/// How many columns of a terminal a character takes: two for East Asian wide and fullwidth
/// characters (CJK ideographs, kana, Hangul, fullwidth forms) and for emoji shown as pictures,
/// one for anything else. A title in Japanese or a flag in a cell then lines up with the columns
/// after it, as `wcwidth` would have it, without depending on the locale kb runs in.
enum DisplayWidth {
    /// The columns `character` takes (a grapheme cluster: a flag, an emoji with its modifiers, a
    /// letter with its accents is one character).
    static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 1 }
        // Most characters: one scalar below the first wide block.
        if first.value < 0x1100, scalars.count == 1 { return 1 }
        if isWide(first.value) { return 2 }
        // An emoji shown as a picture: by its own presentation, or asked for by U+FE0F (`❤️`,
        // a keycap `1️⃣`, `©️`).
        for scalar in scalars where scalar.properties.isEmojiPresentation || (scalar.value == 0xFE0F && scalar != first) {
            return 2
        }
        return 1
    }

    /// The columns `text` takes.
    static func of(_ text: some StringProtocol) -> Int {
        var columns = 0
        for character in text { columns += of(character) }
        return columns
    }

    /// East Asian Wide (W) and Fullwidth (F) blocks of Unicode's EastAsianWidth.txt that are not
    /// emoji (those are told by their presentation). Checked against Python's `unicodedata`
    /// (Unicode 14) for every assigned scalar: the same set, but for a lone regional indicator
    /// (here two, as the flag it starts is).
    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x3247, 0x3250...0x33FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
             0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x16FF0...0x16FF1, 0x17000...0x18D08, 0x1AFF0...0x1B2FF,
             0x1F200...0x1F2FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
