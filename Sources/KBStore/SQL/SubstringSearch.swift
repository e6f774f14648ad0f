import GRDB

/// Full-text search for terms in scripts written without spaces (Han, Hiragana, Katakana, Thai,
/// Hangul...), through the trigram tables of migration 5 (`claimTrigram`, `sourceTrigram`).
///
/// unicode61 makes a whole run of such characters one token, so "就业" never matched
/// "人工智能对就业的影响". A search pattern whose tokens include such characters is answered
/// here instead: those tokens as substrings (a trigram MATCH for three characters or more, LIKE
/// for one or two, over the few rows the trigram tables hold), every other token through the
/// unicode61 tables as before. A pattern without them is not touched, so Latin queries keep
/// their plans and BM25 ranking.
struct SubstringSearch {
    /// The scalar ranges of scripts written without spaces. Migration 5's GLOB class is made of
    /// the same ranges (``globPattern``; a test checks they agree).
    static let ranges: [ClosedRange<UInt32>] = [
        0x0E00...0x0FFF, // Thai, Lao, Tibetan
        0x1000...0x109F, // Myanmar
        0x1780...0x17FF, // Khmer
        0x3040...0x30FF, // Hiragana, Katakana
        0x3400...0x4DBF, // CJK Extension A
        0x4E00...0x9FFF, // CJK Unified Ideographs
        0xAC00...0xD7AF, // Hangul syllables (particles join the word: 한국의)
        0xF900...0xFAFF, // CJK Compatibility Ideographs
        0xFF66...0xFF9F, // half-width Katakana
        0x20000...0x3FFFD, // CJK Extensions B and later
    ]

    /// `*[…]*`: SQLite GLOB for "has a character of those scripts".
    static var globPattern: String {
        "*[" + ranges.map { range in
            [range.lowerBound, range.upperBound].compactMap(Unicode.Scalar.init).map { String(Character($0)) }.joined(separator: "-")
        }.joined() + "]*"
    }

    static func isUnspaced(_ scalar: Unicode.Scalar) -> Bool {
        ranges.contains { $0.contains(scalar.value) }
    }

    static func hasUnspacedScript(_ text: String) -> Bool {
        // Every range starts at U+0E00 or above: three or four UTF-8 bytes, the first ≥ 0xE0.
        // Most text has no such byte and is rejected without decoding.
        text.utf8.contains { $0 >= 0xE0 } && text.unicodeScalars.contains(where: isUnspaced)
    }

    /// `kb_unspaced(text, ...)`: whether any argument has characters of those scripts — what the
    /// bulk index flush and migration 5's back-fill select rows by. SQLite's GLOB with the same
    /// class (which the triggers use, so that edits made with sqlite3 need no kb function)
    /// re-reads the class at every character: 25 µs a claim, a minute at a million claims.
    static let unspacedFunction = DatabaseFunction("kb_unspaced", argumentCount: nil, pure: true) { values in
        values.contains { String.fromDatabaseValue($0).map(hasUnspacedScript) ?? false }
    }

    /// Trigrams need three characters; shorter substrings are matched with LIKE.
    static let trigramLength = 3

    /// One alternative of the pattern (its parts joined by OR): every token must match.
    struct Group {
        /// Tokens for the unicode61 tables, as the pattern had them.
        var words: [String] = []
        /// Substrings of three characters or more, for a trigram MATCH.
        var long: [String] = []
        /// Substrings of one or two characters, for LIKE.
        var short: [String] = []
    }

    let groups: [Group]

    /// The pattern's tokens sorted into words and substrings, or nil when none of its tokens has
    /// characters of those scripts (the caller then uses the unicode61 tables alone).
    ///
    /// kb's patterns are ``FTS5ASCIITokens`` patterns (tokens separated by spaces), joined
    /// with `OR` and parentheses for ranking; tokens hold no ASCII punctuation.
    init?(rawPattern: String) {
        guard Self.hasUnspacedScript(rawPattern) else { return nil }
        var groups: [Group] = []
        for alternative in rawPattern.components(separatedBy: " OR ") {
            var group = Group()
            for token in alternative.split(separator: " ") {
                let word = token.trimmingCharacters(in: ["(", ")", "\""])
                guard !word.isEmpty else { continue }
                guard Self.hasUnspacedScript(word) else {
                    group.words.append(word)
                    continue
                }
                // Ideographic spaces and CJK punctuation are not part of any word.
                for piece in word.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0.unicodeScalars.allSatisfy { $0.properties.isGraphemeExtend }) }) {
                    if piece.unicodeScalars.count >= Self.trigramLength { group.long.append(String(piece)) } else { group.short.append(String(piece)) }
                }
            }
            if !(group.words.isEmpty && group.long.isEmpty && group.short.isEmpty) { groups.append(group) }
        }
        guard !groups.isEmpty else { return nil }
        self.groups = groups
    }

    /// A condition true when row `id` matches, given the unicode61 table, the trigram table and
    /// the trigram table's columns.
    func condition(_ id: String, words wordTable: String, trigram: String, columns: [String]) -> SQLFragment {
        var alternatives: [SQLFragment] = []
        for group in groups {
            var parts: [SQLFragment] = []
            if !group.words.isEmpty {
                parts.append("\(sql: id) IN (SELECT rowid FROM \(sql: wordTable) WHERE \(sql: wordTable) MATCH \(group.words.joined(separator: " ")))")
            }
            if !group.long.isEmpty || !group.short.isEmpty {
                var filters: [SQLFragment] = []
                if !group.long.isEmpty { filters.append("\(sql: trigram) MATCH \(Self.phrases(group.long))") }
                for piece in group.short {
                    let like = Self.likePattern(piece)
                    filters.append("(\(columns.map { "\(sql: $0) LIKE \(like) ESCAPE '\\'" as SQLFragment }.joined(separator: " OR ")))")
                }
                parts.append("\(sql: id) IN (SELECT rowid FROM \(sql: trigram) WHERE \(filters.joined(separator: " AND ")))")
            }
            alternatives.append("(\(parts.joined(separator: " AND ")))")
        }
        return alternatives.count == 1 ? alternatives[0] : "(\(alternatives.joined(separator: " OR ")))"
    }

    /// `(claimId, rank)` for ranking: BM25 over the trigram table for the long substrings, else
    /// over the unicode61 table for the words; no row when the pattern has neither (one- and
    /// two-character terms rank at the text floor).
    func claimRank() -> SQLFragment {
        let long = groups.filter { !$0.long.isEmpty }
        if !long.isEmpty {
            let pattern = long.map { "(" + Self.phrases($0.long) + ")" }.joined(separator: " OR ")
            return "SELECT rowid AS claimId, max(0.0, -bm25(claimTrigram)) AS rank FROM claimTrigram WHERE claimTrigram MATCH \(pattern)"
        }
        let words = groups.filter { !$0.words.isEmpty }
        if !words.isEmpty {
            let pattern = words.map { "(" + $0.words.joined(separator: " ") + ")" }.joined(separator: " OR ")
            return "SELECT rowid AS claimId, max(0.0, -bm25(claimSearch)) AS rank FROM claimSearch WHERE claimSearch MATCH \(pattern)"
        }
        return "SELECT NULL AS claimId, NULL AS rank WHERE 0"
    }

    /// `"a" "b"`: each substring as an FTS5 string, all required.
    static func phrases(_ pieces: [String]) -> String {
        pieces.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " ")
    }

    static func likePattern(_ piece: String) -> String {
        var escaped = ""
        for character in piece {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%" + escaped + "%"
    }
}
