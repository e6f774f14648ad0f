import KBDomain
import KBStore
import KBQuery

/// Readable citation keys in the Google-Scholar style kb uses for source ids and BibTeX keys:
/// first author's family name + year + first significant title word, ASCII, lower case
/// (`noy2023experimental`); without an author, the title's word + year (`skills2025`). Collisions get `b`, `c`, … in the order sources arrive, so a key once
/// given never changes when unrelated sources are added.
package enum CitationKey {
    package static let stopWords: Set<String> = ["a", "an", "the", "on", "of", "in", "for", "and", "to", "with", "at", "by", "from", "is",
                                         "are", "do", "does", "how", "what", "why", "when", "who", "its", "into", "via", "as", "or",
                                         "der", "die", "das", "le", "la", "les", "el", "los", "un", "une", "de", "del", "des", "et", "und"]

    package static func base(for source: Source) -> String {
        let person = source.authors.first ?? source.contributors.first
        let name = person.map { person -> String in
            if let family = person.family { return family }
            // An organisation: its first significant word.
            let words = Slug.fold(person.literal ?? "").split(separator: "-").map(String.init)
            return words.first { !stopWords.contains($0) && !$0.allSatisfy(\.isNumber) } ?? words.first ?? ""
        } ?? ""
        let words = Slug.fold(source.title ?? "").split(separator: "-").map(String.init)
        let word = words.first { !stopWords.contains($0) && $0.count > 2 && !$0.allSatisfy(\.isNumber) } ?? words.first ?? ""
        let year = source.issued.map { String($0.year) } ?? ""
        let author = ascii(name)
        // No author: the title's word comes first, as reference managers key an anonymous work
        // (`skills2025`, not `k2025skills`); no title either: `source`, with the year.
        var key: String
        if !author.isEmpty {
            key = author + year + (words.isEmpty ? labelLetter(source) : ascii(word))
        } else if !ascii(word).isEmpty, ascii(word).first?.isNumber == false {
            key = ascii(word) + year
        } else {
            key = "source" + year + labelLetter(source)
        }
        // An id starts with a letter (an organisation named "100% Renewable Grid").
        if key.first?.isNumber == true { key = "k" + key }
        return key
    }

    /// The letter a register's label gives a work without a title ("Baert et al. (2016c)",
    /// kept as CSL's `year-suffix`), so that its key is `baert2016c`, the name its readers know
    /// it by, rather than the next free `baert2016d`. Only for a new source: ids never change.
    static func labelLetter(_ source: Source) -> String {
        guard source.issued != nil, let letter = SourceExtra.decode(source.extra)["year-suffix"] as? String,
              (1...2).contains(letter.count), letter.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return "" }
        return letter
    }

    /// Whether a file's key has the shape of a kb id (``Slug/isValid(_:)``: lower-case ASCII
    /// letters, digits and single hyphens, here also starting with a letter) and can be kept.
    static func isKBKey(_ key: String) -> Bool {
        guard let first = key.utf8.first, first >= 0x61 && first <= 0x7A, key.utf8.count <= 80 else { return false }
        return Slug.isValid(key)
    }

    /// Letters and digits only, ASCII, lower case.
    static func ascii(_ text: String) -> String {
        String(Slug.fold(text).unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil) }.map(Character.init))
    }

    /// `base`, else `base` + b, c, … z, aa, ab … — the first that `isTaken` refuses.
    package static func unique(_ base: String, isTaken: (String) throws -> Bool) rethrows -> String {
        if try !isTaken(base) { return base }
        var index = 1
        while true {
            let candidate = base + suffix(index)
            if try !isTaken(candidate) { return candidate }
            index += 1
        }
    }

    /// 1 → b, 24 → y, 25 → z, 26 → ba …: the bare key plays the part of "a".
    static func suffix(_ index: Int) -> String {
        LetterSuffix.positional(index)
    }
}
