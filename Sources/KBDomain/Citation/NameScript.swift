/// Which names CSL processors initialise and invert: citeproc-js (Zotero's) treats a name as
/// "romanesque" when its family name has a letter of an alphabetic script with initials —
/// Latin, Greek, Cyrillic, Hebrew, Arabic — and prints any other (Han, kana, Hangul, Thai, …)
/// family first, without a comma and without initials. kb follows it (``APAReference``).
enum NameScript {
    /// Whether the scalar is a letter or digit of a romanesque script (citeproc-js's
    /// `ROMANESQUE_REGEXP`, with Latin Extended-B and Latin Extended Additional for Vietnamese).
    static func isRomanesque(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        case 0x00C0...0x024F, 0x1E00...0x1EFF: return scalar.properties.isAlphabetic  // Latin
        case 0x0370...0x03FF, 0x1F00...0x1FFF: return true  // Greek
        case 0x0400...0x052F: return true  // Cyrillic
        case 0x0590...0x05FF, 0x0600...0x06FF: return true  // Hebrew, Arabic
        default: return false
        }
    }

    /// Whether the text has any romanesque letter ("Kim", "Иванов"; not "王" or "山田").
    static func hasRomanesque(_ text: String) -> Bool {
        text.unicodeScalars.contains(where: isRomanesque)
    }

    /// Whether a family name is written in a script without initials: it has letters, none of
    /// them romanesque.
    static func isWithoutInitials(_ family: String) -> Bool {
        !hasRomanesque(family) && family.unicodeScalars.contains { $0.properties.isAlphabetic }
    }

    /// Whether the text's first letter is romanesque ("Xiaoming"; not "小明").
    static func startsRomanesque(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first(where: { $0.properties.isAlphabetic || ("0"..."9").contains($0) }) else { return false }
        return isRomanesque(first)
    }
}
