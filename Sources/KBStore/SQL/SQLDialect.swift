import GRDB
import KBDomain

/// The few places where kb's SQL depends on the engine: full-text match and rank, text
/// folding, "nulls last". Everything else the compiler emits is plain SQL. A second engine
/// (PostgreSQL, see DESIGN §8) would be a second conformance, not a rewrite of the compiler.
package protocol SQLDialect: Sendable {
    /// The full-text pattern matching every token of `phrase`; nil when it has none.
    func textPattern(matchingAllTokensIn phrase: String) -> TextPattern?
    /// `raw` as a full-text pattern; throws when the engine would reject it.
    func textPattern(raw: String) throws -> TextPattern
    /// A condition true when the claim with id `claimID` matches `pattern` in claim text.
    func claimTextMatch(_ claimID: String, pattern: TextPattern) -> SQLFragment
    /// A condition true when the source with id `sourceID` matches `pattern` in its title.
    func sourceTextMatch(_ sourceID: String, pattern: TextPattern) -> SQLFragment
    /// A subquery `(claimId, rank)` of claims matching `pattern`, better matches having larger rank ≥ 0.
    func claimTextRank(pattern: TextPattern) -> SQLFragment
    /// `expression` folded as ``Slug/fold(_:)`` folds.
    func fold(_ expression: String) -> String
    func descendingNullsLast(_ expression: String) -> String
    func ascendingNullsLast(_ expression: String) -> String
    /// `NOT condition`, an unknown (NULL) condition counting as not true.
    func notTrue(_ condition: SQLFragment) -> SQLFragment
    /// A condition as the number 1 when true, 0 when false (SQLite's booleans are numbers
    /// already; PostgreSQL's are not, and are cast).
    func asNumber(_ condition: SQLFragment) -> SQLFragment
    /// An inner join whose order the planner keeps: SQLite's `CROSS JOIN` (its way to fix the
    /// order); PostgreSQL takes no `ON` after `CROSS JOIN` and plans the order itself (`JOIN`).
    var orderedJoin: String { get }
    /// `expression` to order by byte, as SQLite's BINARY collation does: PostgreSQL's default
    /// collation is the database's locale (`COLLATE "C"` orders by byte there).
    func binaryOrder(_ expression: String) -> String
    /// Whether a subject query's total counts the reached claims as a semi-join on `claimAbout`
    /// (economy-wide claims added apart) instead of through the `best` CTE's `GROUP BY`.
    /// SQLite plans the CTE well (0.26 s at 1M claims); PostgreSQL estimates a `GROUP BY` over
    /// a `UNION ALL` at 200 rows whatever it holds (~93k at 1M), probes every hit in a nested
    /// loop and took 2 s, where it estimates a semi-join from `claimAbout`'s statistics.
    var countsReachBySemiJoin: Bool { get }
    /// Whether a claims `group by` is aggregated by the engine (`GROUP BY`, a row per group sent
    /// back) instead of in kb's memory over every unit row. SQLite hands rows over in-process and
    /// sorts for each aggregate (kb's one pass is faster there); a server sends each row over the
    /// wire (1M unit rows: 16.9 s of `claims group by cohort` on PostgreSQL).
    var groupsOnServer: Bool { get }
    /// Whether a subject query's strength walk (``StrengthWalk``) finds each window in one
    /// statement on the engine instead of reading the tier's members and the strength index
    /// page by page into kb. SQLite hands rows over in-process, and its walk reads no more than
    /// it must; a server sends each over the wire, the members and every claim the walk passes
    /// (BENCHMARKS.md, "The strength walk on the server").
    var walksStrengthInOneStatement: Bool { get }
    /// `claim c` read through its strength index, for a claims query without subjects read from
    /// its strongest claims down (``StrengthRange``); nil where the dialect cannot name an index
    /// (the query's single statement answers).
    var claimsByStrength: String? { get }
}

extension SQLDialect {
    // SQLite's forms, which PostgreSQL's dialect overrides.
    package func notTrue(_ condition: SQLFragment) -> SQLFragment { "NOT coalesce(\(condition), 0)" }
    package func asNumber(_ condition: SQLFragment) -> SQLFragment { "(\(condition))" }
    package var orderedJoin: String { "CROSS JOIN" }
    package func binaryOrder(_ expression: String) -> String { expression }
    package var countsReachBySemiJoin: Bool { false }
    package var groupsOnServer: Bool { false }
    package var walksStrengthInOneStatement: Bool { false }
    package var claimsByStrength: String? { "claim c INDEXED BY claimByStrength" }
}

package struct SQLiteDialect: SQLDialect {
    package init() {}

    // A term's pattern is FTS5's `ascii` tokenizing, done without opening a database for it
    // (``FTS5ASCIITokens``): barewords, valid by construction. A raw pattern (terms the compiler
    // joined with `OR`) gets FTS5's own syntax check. Either way, a pattern the compiler builds
    // is one SQLite accepts.

    package func textPattern(matchingAllTokensIn phrase: String) -> TextPattern? {
        FTS5ASCIITokens.patternMatchingAllTokens(in: phrase).map { TextPattern(rawPattern: $0) }
    }

    package func textPattern(raw: String) throws -> TextPattern {
        TextPattern(rawPattern: try FTS5Pattern(rawPattern: raw).rawPattern)
    }

    // Terms in scripts written without spaces are searched as substrings (``SubstringSearch``).

    package func claimTextMatch(_ claimID: String, pattern: TextPattern) -> SQLFragment {
        if let substrings = SubstringSearch(rawPattern: pattern.rawPattern) {
            return substrings.condition(claimID, words: "claimSearch", trigram: "claimTrigram", columns: ["statement", "quote", "title"])
        }
        return "\(sql: claimID) IN (SELECT rowid FROM claimSearch WHERE claimSearch MATCH \(pattern.rawPattern))"
    }

    package func sourceTextMatch(_ sourceID: String, pattern: TextPattern) -> SQLFragment {
        if let substrings = SubstringSearch(rawPattern: pattern.rawPattern) {
            return substrings.condition(sourceID, words: "sourceSearch", trigram: "sourceTrigram", columns: ["title", "containerTitle"])
        }
        return "\(sql: sourceID) IN (SELECT rowid FROM sourceSearch WHERE sourceSearch MATCH \(pattern.rawPattern))"
    }

    package func claimTextRank(pattern: TextPattern) -> SQLFragment {
        if let substrings = SubstringSearch(rawPattern: pattern.rawPattern) { return substrings.claimRank() }
        return "SELECT rowid AS claimId, max(0.0, -bm25(claimSearch)) AS rank FROM claimSearch WHERE claimSearch MATCH \(pattern.rawPattern)"
    }

    package func fold(_ expression: String) -> String { "kb_fold(\(expression))" }
    package func descendingNullsLast(_ expression: String) -> String { "\(expression) DESC NULLS LAST" }
    package func ascendingNullsLast(_ expression: String) -> String { "\(expression) ASC NULLS LAST" }
}

/// A full-text search pattern in the dialect's syntax, made by the dialect, valid by
/// construction or checked by the engine (``SQLDialect/textPattern(matchingAllTokensIn:)``,
/// ``SQLDialect/textPattern(raw:)``): the compiler handles patterns without knowing the engine's
/// type for them.
public struct TextPattern: Sendable, Equatable {
    public let rawPattern: String

    package init(rawPattern: String) {
        self.rawPattern = rawPattern
    }
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
