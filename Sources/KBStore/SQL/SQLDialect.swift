import GRDB
import KBDomain

/// The few places where kb's SQL depends on the engine: full-text match and rank, text
/// folding, "nulls last". Everything else the compiler emits is plain SQL. A second engine
/// (PostgreSQL, see DESIGN §8) would be a second conformance, not a rewrite of the compiler.
package protocol SQLDialect: Sendable {
    /// A condition true when the claim with id `claimID` matches `pattern` in claim text.
    func claimTextMatch(_ claimID: String, pattern: FTS5Pattern) -> SQLFragment
    /// A condition true when the source with id `sourceID` matches `pattern` in its title.
    func sourceTextMatch(_ sourceID: String, pattern: FTS5Pattern) -> SQLFragment
    /// A subquery `(claimId, rank)` of claims matching `pattern`, better matches having larger rank ≥ 0.
    func claimTextRank(pattern: FTS5Pattern) -> SQLFragment
    /// `expression` folded as ``Slug/fold(_:)`` folds.
    func fold(_ expression: String) -> String
    func descendingNullsLast(_ expression: String) -> String
    func ascendingNullsLast(_ expression: String) -> String
}

package struct SQLiteDialect: SQLDialect {
    package init() {}

    // Terms in scripts written without spaces are searched as substrings (``SubstringSearch``).

    package func claimTextMatch(_ claimID: String, pattern: FTS5Pattern) -> SQLFragment {
        if let substrings = SubstringSearch(rawPattern: pattern.rawPattern) {
            return substrings.condition(claimID, words: "claimSearch", trigram: "claimTrigram", columns: ["statement", "quote", "title"])
        }
        return "\(sql: claimID) IN (SELECT rowid FROM claimSearch WHERE claimSearch MATCH \(pattern.rawPattern))"
    }

    package func sourceTextMatch(_ sourceID: String, pattern: FTS5Pattern) -> SQLFragment {
        if let substrings = SubstringSearch(rawPattern: pattern.rawPattern) {
            return substrings.condition(sourceID, words: "sourceSearch", trigram: "sourceTrigram", columns: ["title", "containerTitle"])
        }
        return "\(sql: sourceID) IN (SELECT rowid FROM sourceSearch WHERE sourceSearch MATCH \(pattern.rawPattern))"
    }

    package func claimTextRank(pattern: FTS5Pattern) -> SQLFragment {
        if let substrings = SubstringSearch(rawPattern: pattern.rawPattern) { return substrings.claimRank() }
        return "SELECT rowid AS claimId, max(0.0, -bm25(claimSearch)) AS rank FROM claimSearch WHERE claimSearch MATCH \(pattern.rawPattern)"
    }

    package func fold(_ expression: String) -> String { "kb_fold(\(expression))" }
    package func descendingNullsLast(_ expression: String) -> String { "\(expression) DESC NULLS LAST" }
    package func ascendingNullsLast(_ expression: String) -> String { "\(expression) ASC NULLS LAST" }
}

/// SQL functions kb adds to every connection it opens.
enum KBFunctions {
    /// `kb_fold(text)`: ``Slug/fold(_:)`` in SQL, for comparing names and free-text fields.
    static let fold = DatabaseFunction("kb_fold", argumentCount: 1, pure: true) { values in
        String.fromDatabaseValue(values[0]).map(Slug.fold)
    }

    static func install(in db: Database) {
        db.add(function: fold)
        db.add(function: SubstringSearch.unspacedFunction)
        AuditFunctions.install(in: db)
        ImportFunctions.install(in: db)
    }
}
