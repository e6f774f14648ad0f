/// The text transformations of CSL 1.0.2 as the APA style uses them.
enum CSLText {
    static let stopWords: Set<String> = ["a", "an", "and", "as", "at", "but", "by", "down", "for", "from", "in", "into", "nor", "of", "on",
                                         "onto", "or", "over", "so", "the", "till", "to", "up", "via", "with", "yet"]

    /// CSL title case for English: every word that is all lower case is capitalised, except stop
    /// words that do not start the text or follow a colon or period; words with capitals are kept.
    static func titleCase(_ text: String) -> String {
        text.utf8.allSatisfy({ $0 < 0x80 }) ? titleCaseASCII(text) : titleCaseCharacters(text)
    }

    /// ``titleCase(_:)`` for any text, character by character.
    static func titleCaseCharacters(_ text: String) -> String {
        var previous: Character = ":"
        var out: [String] = []
        for word in text.split(whereSeparator: { $0.isWhitespace }) {
            var word = String(word)
            if isLowercase(word), !stopWords.contains(word) || previous == ":" || previous == "." {
                word = capitalizeFirst(word)
            }
            previous = word.last ?? previous
            out.append(word)
        }
        return out.joined(separator: " ")
    }

    /// ``titleCase(_:)`` on the bytes of ASCII text: the same rules, without Character work.
    static func titleCaseASCII(_ text: String) -> String {
        var bytes = Array(text.utf8)
        var previous: UInt8 = 0x3A  // ":"
        var start = 0
        let count = bytes.count
        while start < count {
            while start < count, bytes[start] == 0x20 || (bytes[start] >= 0x09 && bytes[start] <= 0x0D) { start += 1 }
            guard start < count else { break }
            var end = start
            var hasLower = false
            var hasUpper = false
            while end < count, !(bytes[end] == 0x20 || (bytes[end] >= 0x09 && bytes[end] <= 0x0D)) {
                let byte = bytes[end]
                if byte >= 0x61 && byte <= 0x7A { hasLower = true } else if byte >= 0x41 && byte <= 0x5A { hasUpper = true }
                end += 1
            }
            if hasLower && !hasUpper {
                let isStopWord = end - start <= 4 && stopWords.contains(String(decoding: bytes[start..<end], as: UTF8.self))
                if !isStopWord || previous == 0x3A || previous == 0x2E, bytes[start] >= 0x61 && bytes[start] <= 0x7A {
                    bytes[start] -= 0x20
                }
            }
            previous = bytes[end - 1]
            start = end
        }
        // Runs of white space become one space, as the general path joins words with one.
        var out: [UInt8] = []
        out.reserveCapacity(count)
        var pendingSpace = false
        for byte in bytes {
            if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Has cased letters, all lower case (Python's `str.islower`).
    static func isLowercase(_ word: String) -> Bool {
        var cased = false
        for character in word where character.isCased {
            if character.isUppercase { return false }
            cased = true
        }
        return cased
    }

    static func capitalizeFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }

    /// Page ranges with an en dash: "187-192" → "187–192", lists kept ("1-2, 5").
    static func pageRange(_ page: String) -> String {
        // The common case, "187-192": one hyphen, no list.
        let bytes = page.utf8
        if bytes.allSatisfy({ $0 < 0x80 && $0 != 0x2C && $0 != 0x20 }), let dash = bytes.firstIndex(of: 0x2D),
           bytes[bytes.index(after: dash)...].firstIndex(of: 0x2D) == nil, dash != bytes.startIndex, bytes.index(after: dash) != bytes.endIndex {
            return page[..<dash] + "\u{2013}" + page[bytes.index(after: dash)...]
        }
        return page.split(separator: ",", omittingEmptySubsequences: false).map { item -> String in
            let parts = item.replacingOccurrences(of: "\u{2013}", with: "-").split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2 else { return item.trimmed }
            return parts[0].trimmed + "\u{2013}" + parts[1].trimmed
        }.joined(separator: ", ")
    }

    static func isNumeric(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isNumber }
    }

    /// 1 → "1st", 2 → "2nd", 11 → "11th".
    static func ordinal(_ number: Int) -> String {
        let lastTwo = number % 100
        if (11...13).contains(lastTwo) { return "\(number)th" }
        switch number % 10 {
        case 1: return "\(number)st"
        case 2: return "\(number)nd"
        case 3: return "\(number)rd"
        default: return "\(number)th"
        }
    }

    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
}

extension Character {
    var isCased: Bool { isUppercase || isLowercase }
}
