import Foundation
import KBDomain

/// Finds the citations in a line of prose. It reads forms, not meaning: which work a citation
/// names is the ``EvidenceIndex``'s business.
public enum CitationReader {
    static func regex(_ pattern: String) -> NSRegularExpression? { try? NSRegularExpression(pattern: pattern) }

    /// A family name's particles ("von Wachter", "van der Berg", "de la Cruz", "al-Sayed") are
    /// part of it: without them the citation reads "Wachter (2016)", a work the KB lacks
    /// (trial 10, B2). Matched only as whole lower-case words before a capital.
    static let particle = #"(?:\b(?:von|van|de|der|den|du|da|di|le|la|bin)\s+)*(?:\bal-)?"#
    static let name = particle + #"[A-Z][\p{L}'’\-]+"#
    /// One name, or an organisation's capitalised words ("Indeed Hiring Lab").
    static let fullName = "\(name)(?:\\s+\(name))*"
    /// "A, B and C", "A, B, and C" (the serial comma), "A & B".
    static let names = "\(fullName)(?:(?:\\s*,\\s*(?:(?:&|and)\\s+)?|\\s+(?:&|and)\\s+)\(fullName))*(?:\\s+et\\s+al\\.?)?"
    static let year = #"(?:19|20)\d{2}"#
    /// A DOI or URL may hold balanced parentheses ("10.1016/s1514-0326(17)30011-4"); one that
    /// closes the sentence's own parenthesis is not part of it.
    static let doiPattern = regex(#"10\.\d{4,9}/(?:[^\s"<>()\[\]]|\([^\s"<>()\[\]]*\))+"#)
    static let urlPattern = regex(#"https?://(?:[^\s"<>()\[\]]|\([^\s"<>()\[\]]*\))+"#)
    /// "Noy and Zhang (2023)", "Noy & Zhang, 2023", "Smith et al. (2020)", and with the journal's
    /// volume(issue): "Noy & Zhang, 2023, Science 381(6654)", "Noy and Zhang (2023, Science 381(6654))".
    static let namesThenYear = regex("(?<names>\(names))\\s*(?:\\((?<y1>\(year))[a-z]?(?:,\\s*[A-Z][\\p{L}. ]{0,60}?\\s+(?<vol1>\\d+)\\((?<iss1>\\d+)\\))?\\)|,\\s*(?<y2>\(year))\\b"
        + "(?:,\\s*[A-Z][\\p{L}. ]{0,60}?\\s+(?<vol>\\d+)\\((?<iss>\\d+)\\))?)")
    /// "(2023, Noy & Zhang, Science 381(6654) — URL)".
    static let yearThenNames = regex("\\((?<y>\(year)),\\s*(?<names>[A-Z][^—()]{0,80}?)(?:\\s+(?<vol>\\d+)\\((?<iss>\\d+)\\))?\\s*(?:—|\\)|$)")
    /// "Noy & Zhang, Science 381(6654) · 2023", "Indeed Hiring Lab AI at Work 2025 · 2025".
    static let namesDotYear = regex("(?<names>[A-Z][^·()\\n.;:]{0,80}?)(?:\\s+(?<vol>\\d+)\\((?<iss>\\d+)\\))?\\s*·\\s*(?<y>\(year))\\b")
    /// "Noy & Zhang" with no year (with "and" it needs a year: "Engineer and PyTorch" is no citation).
    static let twoAuthors = regex("(?<names>\(name)\\s+&\\s+\(name))(?:,\\s*(?<journal>[A-Z][\\p{L} ]+?)\\s+(?<vol>\\d+)\\((?<iss>\\d+)\\))?")
    /// "(WEF 2025)", "(Indeed, 2025)".
    static let parenthesised = regex("\\((?<names>[A-Z][\\p{L}&. ]{1,60}?),?\\s+(?<y>\(year))\\)")
    /// "(neumark, n.d.)", "(Smith & Chen, n.d.)": APA's undated work (any case, as stored).
    static let undated = regex("\\((?<names>\\p{L}[\\p{L}&.'’ \\-]{0,60}?),\\s+n\\.\\s?d\\.\\)")
    /// "World Economic Forum Future of Jobs Report 2025": a capitalised run and a year.
    static let runThenYear = regex("(?<names>[A-Z][\\p{L}]+(?:\\s+(?:of|at|for|the|on|and|&|[A-Z][\\p{L}]*))*)\\s+(?<y>\(year))\\b")

    /// The citations in `line`; overlapping forms are kept once, the most specific first.
    public static func citations(in line: String) -> [Citation] {
        let ns = line as NSString
        let full = NSRange(location: 0, length: ns.length)
        var found: [Citation] = []
        // Where each character starts, in UTF-16 units: a match's column is found by a binary
        // search, not by counting the characters before it (a long line's many matches made
        // that quadratic).
        var starts: [Int] = []
        starts.reserveCapacity(ns.length)
        var offset = 0
        for character in line {
            starts.append(offset)
            offset += character.utf16.count
        }
        func column(_ range: NSRange) -> Int {
            // The characters that start before the match, as `substring(to:).count` counts them.
            var low = 0
            var high = starts.count
            while low < high {
                let middle = (low + high) / 2
                if starts[middle] < range.location { low = middle + 1 } else { high = middle }
            }
            return low + 1
        }
        func group(_ match: NSTextCheckingResult, _ name: String) -> String? {
            let range = match.range(withName: name)
            return range.location == NSNotFound ? nil : ns.substring(with: range)
        }
        func trimmed(_ range: NSRange) -> NSRange {
            var range = range
            while range.length > 0, ".,;:)’'\"".contains(ns.substring(with: NSRange(location: range.location + range.length - 1, length: 1))),
                  !(ns.substring(with: range).hasSuffix(")") && ns.substring(with: range).contains("(")) {
                range.length -= 1
            }
            return range
        }
        for match in urlPattern?.matches(in: line, range: full) ?? [] {
            let range = trimmed(match.range)
            let url = ns.substring(with: range)
            var citation = Citation(form: .url, column: column(range), text: url, url: url, isDefinite: true)
            if let doiRange = doiPattern?.firstMatch(in: url, range: NSRange(location: 0, length: (url as NSString).length))?.range {
                citation.doi = DOI.normalize((url as NSString).substring(with: doiRange))
            }
            found.append(citation)
        }
        for match in doiPattern?.matches(in: line, range: full) ?? [] {
            let range = trimmed(match.range)
            guard !found.contains(where: { $0.span.contains(column(range)) }) else { continue }
            let text = ns.substring(with: range)
            found.append(Citation(form: .doi, column: column(range), text: text, doi: DOI.normalize(text), isDefinite: true))
        }
        // "Noy and Zhang (2023, Science 381(6654))" is names then year, before "(2023, Science …)" reads as year then names.
        let forms: [(NSRegularExpression?, Bool)] = [(undated, true), (namesThenYear, true), (yearThenNames, true), (namesDotYear, true),
                                                     (twoAuthors, true), (parenthesised, true), (runThenYear, false)]
        let literals = FormLiterals(line)
        for (pattern, definite) in forms where literals.mayMatch(pattern) {
            for match in pattern?.matches(in: line, range: full) ?? [] {
                let range = trimmed(match.range)
                var start = column(range)
                var text = ns.substring(with: range)
                let end = start + text.count - 1
                guard !found.contains(where: { $0.span.overlaps(start...max(start, end)) }) else { continue }
                guard let nameText = group(match, "names") else { continue }
                let isUndated = pattern === undated
                var names = isUndated ? splitNames(nameText, anyCase: true) : splitNames(nameText)
                // "In the UK, Drydakis et al. (2017)", "In Greece, Drydakis et al. (2017)": the
                // sentence's opening phrase before the comma is not an author (trial 11, bug 1).
                // "As Noy and Zhang (2023)": an opening word before the first author is left out
                // of the name and of the span (trial 13, item 11).
                while !names.isEmpty, isOpeningPhrase(names[0]) {
                    if let author = authorAfterOpening(names[0]), let at = text.range(of: author) {
                        start += text.distance(from: text.startIndex, to: at.lowerBound)
                        text = String(text[at.lowerBound...])
                        names[0] = author
                        break
                    }
                    guard names.count > 1, let next = text.range(of: names[1]) else { break }
                    start += text.distance(from: text.startIndex, to: next.lowerBound)
                    text = String(text[next.lowerBound...])
                    names.removeFirst()
                }
                guard !names.isEmpty else { continue }
                let yearText = group(match, "y") ?? group(match, "y1") ?? group(match, "y2")
                found.append(Citation(form: .authorYear, column: start, text: text, names: names, year: yearText.flatMap { Int($0) },
                                      volume: group(match, "vol") ?? group(match, "vol1"), issue: group(match, "iss") ?? group(match, "iss1"), isDefinite: definite, isUndated: isUndated))
            }
        }
        return found.sorted { $0.column < $1.column }
    }

    /// The literal text each citation form's match holds, and whether a line holds it: a line
    /// without a year, a "·", an "&" or an "n.d." is not searched for the forms that need one
    /// (issue 17: the forms' searches were most of a 10,000-word page's citation reading).
    /// Bytes are compared, as the patterns match them: a line that lacks the bytes lacks a match.
    struct FormLiterals {
        let year: Bool
        let parenthesisedYear: Bool
        let middleDot: Bool
        let ampersand: Bool
        let undatedMark: Bool

        init(_ line: String) {
            let bytes = Array(line.utf8)
            func holds(_ literal: String) -> Bool {
                let needle = Array(literal.utf8)
                return bytes.withUnsafeBufferPointer { haystack in
                    needle.withUnsafeBufferPointer { PlainText.byteOffset(of: $0, in: haystack) != nil }
                }
            }
            year = holds("19") || holds("20")
            parenthesisedYear = holds("(19") || holds("(20")
            middleDot = holds("·")
            ampersand = bytes.contains(UInt8(ascii: "&"))
            undatedMark = holds("d.)")
        }

        /// Whether `pattern`, one of the author–year forms, may match the line.
        func mayMatch(_ pattern: NSRegularExpression?) -> Bool {
            if pattern === CitationReader.undated { return undatedMark }
            if pattern === CitationReader.yearThenNames { return parenthesisedYear }
            if pattern === CitationReader.namesDotYear { return middleDot && year }
            if pattern === CitationReader.twoAuthors { return ampersand }
            if pattern === CitationReader.namesThenYear || pattern === CitationReader.parenthesised || pattern === CitationReader.runThenYear {
                return year
            }
            return true
        }
    }

    /// Capitalised words that open a sentence's phrase, never a family name: "In Greece, …".
    static let openingWords: Set<String> = ["In", "On", "For", "Among", "Across", "Unlike", "Like", "Within", "Outside", "At", "From",
                                            "After", "Before", "During", "As", "While", "Although", "Thus", "Also", "Similarly",
                                            "Moreover", "However", "Overall", "Yet", "But", "So", "The", "A", "An", "Here", "There"]

    /// Whether a leading item of a name list is a sentence's opening phrase rather than an
    /// author: it starts with one of ``openingWords``, or it is a country's capitalised
    /// abbreviation ("UK", "US", "USA": no family name is written so).
    static func isOpeningPhrase(_ item: String) -> Bool {
        if let first = item.split(separator: " ").first, openingWords.contains(String(first)) { return true }
        return item.count <= 4 && item == item.uppercased() && PageChecker.countries[item] != nil
    }

    /// The author an item starts with after a sentence's opening words ("As Noy" → "Noy"); nil
    /// when what follows them is no name ("In the UK", "In Greece").
    static func authorAfterOpening(_ item: String) -> String? {
        var words = item.split(separator: " ").map(String.init)
        while let first = words.first, openingWords.contains(first) { words.removeFirst() }
        let rest = words.joined(separator: " ")
        guard !rest.isEmpty, startsName(rest), PageChecker.countries[rest] == nil, !isOpeningPhrase(rest) else { return nil }
        return rest
    }

    /// "Noy & Zhang, Science" → ["Noy", "Zhang", "Science"]; "et al." and connectors dropped.
    static func splitNames(_ text: String, anyCase: Bool = false) -> [String] {
        // Each replaced only where it stands (Foundation's replacing is slow, and most names hold none).
        var cleaned = PlainText.offset(of: " et al", in: text) == nil ? text
            : text.replacingOccurrences(of: " et al.", with: "").replacingOccurrences(of: " et al", with: "")
        for separator in [" & ", " and ", ",", "—", "·"] where PlainText.offset(of: separator, in: cleaned) != nil {
            cleaned = cleaned.replacingOccurrences(of: separator, with: "|")
        }
        return cleaned.split(separator: "|").map(\.trimmingSpaces).filter { anyCase ? $0.first?.isWordLetter == true : startsName($0) }
    }

    /// Whether `text` starts with a capital, after a family name's particles ("von Wachter").
    static func startsName(_ text: String) -> Bool {
        let head = text.range(of: "^" + particle, options: .regularExpression).map { text[$0.upperBound...] } ?? Substring(text)
        return head.first?.isUppercase == true
    }

    /// "References" (or "Bibliography", "Works cited") opens a reference list; each numbered
    /// line after it ("1. …", "[1] …", "  1. …") is an entry.
    public static func isReferenceHeading(_ line: String) -> Bool {
        let words = Substring(line.trimmingSpaces).trimmingScalars { "#*: ".unicodeScalars.contains($0) }.lowercased()
        return ["references", "reference list", "bibliography", "works cited", "sources"].contains(words)
    }

    /// A Markdown heading ("## Findings"), which ends a reference list.
    public static func isHeading(_ line: String) -> Bool {
        let trimmed = line.drop { $0 == " " }
        let level = trimmed.prefix { $0 == "#" }.count
        return (1...6).contains(level) && trimmed.dropFirst(level).first == " "
    }

    /// The number of a reference-list entry ("1." or "[1]"; 0 for a bullet, "- " or "* ", as
    /// APA lists are often written), and where its text starts. A bullet is an entry only when
    /// it reads like one (a year, "n.d.", a DOI or a URL): a list of findings under a
    /// "Sources" heading is not a reference list.
    public static func referenceEntry(_ line: String) -> (number: Int, start: Int)? {
        let chars = Array(line)
        var i = 0
        while i < chars.count, chars[i] == " " { i += 1 }
        if i + 1 < chars.count, chars[i] == "-" || chars[i] == "*", chars[i + 1] == " " {
            return readsLikeReference(String(chars[(i + 2)...])) ? (0, i + 3) : nil
        }
        let bracket = i < chars.count && chars[i] == "["
        if bracket { i += 1 }
        var digits = ""
        while i < chars.count, chars[i].isASCIIDigit { digits.append(chars[i]); i += 1 }
        guard let number = Int(digits), i < chars.count, bracket ? chars[i] == "]" : chars[i] == "." else { return nil }
        return (number, i + 2)
    }

    /// Whether a bulleted line reads like a reference entry: it names a year (1800–2099) or
    /// "n.d.", or carries a DOI or URL.
    static func readsLikeReference(_ text: String) -> Bool {
        let lowered = text.lowercased()
        if lowered.contains("n.d.") || lowered.contains("doi") || lowered.contains("http") { return true }
        let chars = Array(text)
        var run = 0
        for (index, char) in chars.enumerated() {
            run = char.isASCIIDigit ? run + 1 : 0
            let ended = index + 1 == chars.count || !chars[index + 1].isASCIIDigit
            if run == 4, ended, let year = Int(String(chars[(index - 3)...index])), (1800...2099).contains(year),
               index < 4 || !chars[index - 4].isASCIIDigit {
                return true
            }
        }
        return false
    }
}
