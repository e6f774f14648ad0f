import KBStore

/// kb's SQL on PostgreSQL (DESIGN §13): full text through migration 2's `tsvector` columns and
/// the `kb_text` configuration (unaccent, then the Porter stemmer: SQLite's FTS5 tokenizer's
/// steps), folding through migration 3's `kb_fold`, booleans cast where SQLite adds them up.
///
/// Ranking is PostgreSQL's `ts_rank_cd` (cover density over the claim's statement, quote and
/// source title together), not FTS5's BM25: BM25 weighs a term by how rare it is in the whole
/// corpus and a document by its length; `ts_rank_cd` knows neither. The same claims match, and
/// the text factor keeps its shape (floor + (1 − floor) × rank ÷ (1 + rank)), but scores differ
/// and so can the order of claims whose text matches with different weight (README,
/// "PostgreSQL"). Terms in scripts written without spaces (SQLite's trigram search) are matched
/// as words here.
package struct PostgresDialect: SQLDialect {
    package init() {}

    /// Each word of `phrase` (letters and digits, as FTS5's unicode61 splits them) as a quoted
    /// tsquery lexeme, all required: `'older' & 'workers'`. Quoted, a word is never read as
    /// tsquery syntax, and `to_tsquery('kb_text', …)` stems and unaccents it as the index did.
    package func textPattern(matchingAllTokensIn phrase: String) -> TextPattern? {
        let words = Self.words(phrase)
        guard !words.isEmpty else { return nil }
        return TextPattern(rawPattern: words.map { "'\($0)'" }.joined(separator: " & "))
    }

    /// A pattern the compiler joined, `(A) OR (B)`, as tsquery's `(A) | (B)`.
    package func textPattern(raw: String) throws -> TextPattern {
        let pattern = raw.replacingOccurrences(of: ") OR (", with: ") | (")
        var depth = 0
        for character in pattern {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            guard depth >= 0 else { throw PostgresDialectError.unbalanced(raw) }
        }
        guard depth == 0 else { throw PostgresDialectError.unbalanced(raw) }
        return TextPattern(rawPattern: pattern)
    }

    static func words(_ phrase: String) -> [String] {
        phrase.split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    package func claimTextMatch(_ claimID: String, pattern: TextPattern) -> SQLFragment {
        "\(sql: claimID) IN (SELECT claimId FROM claimSearch WHERE (statement || quote || title) @@ to_tsquery('kb_text', \(pattern.rawPattern)))"
    }

    package func sourceTextMatch(_ sourceID: String, pattern: TextPattern) -> SQLFragment {
        "\(sql: sourceID) IN (SELECT sourceId FROM sourceSearch WHERE (title || containerTitle) @@ to_tsquery('kb_text', \(pattern.rawPattern)))"
    }

    package func claimTextRank(pattern: TextPattern) -> SQLFragment {
        """
        SELECT claimId, ts_rank_cd(statement || quote || title, to_tsquery('kb_text', \(pattern.rawPattern)))::float8 AS rank \
        FROM claimSearch WHERE (statement || quote || title) @@ to_tsquery('kb_text', \(pattern.rawPattern))
        """
    }

    package func fold(_ expression: String) -> String { "kb_fold(\(expression))" }
    package func descendingNullsLast(_ expression: String) -> String { "\(expression) DESC NULLS LAST" }
    package func ascendingNullsLast(_ expression: String) -> String { "\(expression) ASC NULLS LAST" }
    package func notTrue(_ condition: SQLFragment) -> SQLFragment { "NOT coalesce(\(condition), FALSE)" }
    package func asNumber(_ condition: SQLFragment) -> SQLFragment { "(\(condition))::int" }
    package var orderedJoin: String { "JOIN" }
    package func binaryOrder(_ expression: String) -> String { "\(expression) COLLATE \"C\"" }
    package var countsReachBySemiJoin: Bool { true }
    package var groupsOnServer: Bool { true }
    package var walksStrengthInOneStatement: Bool { true }
    package var claimsByStrength: String? { nil }
}

/// A full-text pattern PostgreSQL's dialect cannot take.
package enum PostgresDialectError: Error, CustomStringConvertible {
    case unbalanced(String)

    package var description: String {
        switch self {
        case let .unbalanced(pattern): "unbalanced parentheses in the full-text pattern \(pattern)"
        }
    }
}
