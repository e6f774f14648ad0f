/// Letter suffixes for telling apart things that share a name: APA's year suffixes and kb's
/// citation-key suffixes.
package enum LetterSuffix {
    static let letters = Array("abcdefghijklmnopqrstuvwxyz")

    /// Bijective: 0 → "a", 25 → "z", 26 → "aa", 27 → "ab" (as citeproc numbers year suffixes).
    static func bijective(_ index: Int) -> String {
        var value = index
        var out = ""
        repeat {
            out = String(letters[value % 26]) + out
            value = value / 26 - 1
        } while value >= 0
        return out
    }

    /// Positional base 26 with "a" as zero: 1 → "b", 25 → "z", 26 → "ba" (the bare citation key
    /// plays the part of "a").
    package static func positional(_ index: Int) -> String {
        var value = index
        var out = ""
        repeat {
            out = String(letters[value % 26]) + out
            value = value / 26
        } while value > 0
        return out
    }
}
