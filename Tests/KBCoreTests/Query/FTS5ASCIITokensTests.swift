import GRDB
import Testing
@testable import KBStore

/// kb finds a full-text term's tokens itself (``FTS5ASCIITokens``) instead of asking SQLite
/// through an in-memory database: the tokens and the pattern must be exactly SQLite's.
struct FTS5ASCIITokensTests {
    /// SQLite's own `ascii` tokenizer, as GRDB's `FTS5Pattern(matchingAllTokensIn:)` uses it.
    static func sqliteTokens(_ text: String, in db: Database) throws -> [String] {
        try db.makeTokenizer(.ascii()).tokenize(query: text).compactMap { $0.flags.contains(.colocated) ? nil : $0.token }
    }

    @Test(arguments: [
        ("Foo-bar BAZ", ["foo", "bar", "baz"]),
        ("AND or NOT near", ["and", "or", "not", "near"]),
        ("\"ChatGPT\" cut writing time by 40%", ["chatgpt", "cut", "writing", "time", "by", "40"]),
        ("ÉCOLE naïve Straße", ["École", "naïve", "straße"]),
        ("snake_case, x*y:z^w (a)", ["snake", "case", "x", "y", "z", "w", "a"]),
        ("a\u{0}B\u{1A}c", ["a", "b", "c"]),
        ("İstanbul 2024", ["İstanbul", "2024"]),
        (String(repeating: "Long", count: 40) + " é", [String(repeating: "long", count: 40), "é"]),
        ("  \t\n ", []),
        ("", []),
    ])
    func tokensAsSQLiteFindsThem(text: String, expected: [String]) throws {
        #expect(FTS5ASCIITokens.tokens(in: text) == expected)
        let sqlite = try DatabaseQueue().read { try Self.sqliteTokens(text, in: $0) }
        #expect(sqlite == expected)
        #expect(FTS5ASCIITokens.patternMatchingAllTokens(in: text) == FTS5Pattern(matchingAllTokensIn: text)?.rawPattern)
    }

    /// One difference from GRDB's pattern, none in what matches: GRDB decodes each token SQLite
    /// hands it as text, which drops a byte-order mark (U+FEFF) at a token's start; kb keeps the
    /// token's bytes as SQLite's tokenizer gives them. The tables' tokenizer (unicode61) takes
    /// U+FEFF for a separator, so both patterns find the same rows.
    @Test func aByteOrderMarkIsKeptAndMatchesAsGRDBsPatternDid() throws {
        let text = "\u{FEFF}Wage gap"
        #expect(FTS5ASCIITokens.tokens(in: text) == ["\u{FEFF}wage", "gap"])
        let grdb = try #require(FTS5Pattern(matchingAllTokensIn: text)?.rawPattern)
        #expect(grdb == "wage gap")
        let queue = try DatabaseQueue()
        let counts = try queue.write { db -> [Int] in
            try db.execute(sql: "CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'porter unicode61 remove_diacritics 2')")
            try db.execute(sql: "INSERT INTO t (body) VALUES ('the wage gap'), ('a gap'), ('wages')")
            return try [FTS5ASCIITokens.patternMatchingAllTokens(in: text), grdb].map {
                try Int.fetchOne(db, sql: "SELECT count(*) FROM t WHERE t MATCH ?", arguments: [$0]) ?? -1
            }
        }
        #expect(counts == [1, 1])
    }

    /// Random text over every ASCII byte and a set of non-ASCII characters (accents,
    /// ligatures, other scripts, emoji, combining marks, a no-break space): the same tokens as
    /// SQLite, the same pattern as GRDB built, and a pattern FTS5 accepts in a `MATCH`.
    @Test func randomTextGivesSQLitesTokensAndAValidPattern() throws {
        let ascii = (0...0x7F).map { Character(Unicode.Scalar(UInt8($0))) }
        let other: [Character] = ["é", "ß", "İ", "ﬁ", "Ω", "中", "文", "😀", "\u{0301}", "\u{00A0}", "ı", "Ǆ"]
        let alphabet = ascii + other + Array(repeating: " ", count: 10)
        var random = SeededRandom(seed: 0x6b62_7474)
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'porter unicode61 remove_diacritics 2')")
            try db.execute(sql: "INSERT INTO t (body) VALUES ('ChatGPT cut writing time by 40 percent')")
        }
        var nonEmpty = 0
        for _ in 0..<3000 {
            let length = Int.random(in: 0..<24, using: &random)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &random) ?? " " })
            let tokens = FTS5ASCIITokens.tokens(in: text)
            let sqlite = try queue.read { try Self.sqliteTokens(text, in: $0) }
            #expect(tokens == sqlite, "\(text.debugDescription)")
            let pattern = FTS5ASCIITokens.patternMatchingAllTokens(in: text)
            #expect(pattern == FTS5Pattern(matchingAllTokensIn: text)?.rawPattern, "\(text.debugDescription)")
            if let pattern {
                nonEmpty += 1
                _ = try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM t WHERE t MATCH ?", arguments: [pattern]) }
            }
        }
        #expect(nonEmpty > 2000)
    }
}
