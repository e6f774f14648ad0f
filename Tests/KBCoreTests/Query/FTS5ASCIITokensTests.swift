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
        ("  \t\n ", []),
        ("", []),
    ])
    func tokensAsSQLiteFindsThem(text: String, expected: [String]) throws {
        #expect(FTS5ASCIITokens.tokens(in: text) == expected)
        let sqlite = try DatabaseQueue().read { try Self.sqliteTokens(text, in: $0) }
        #expect(sqlite == expected)
        #expect(FTS5ASCIITokens.patternMatchingAllTokens(in: text) == FTS5Pattern(matchingAllTokensIn: text)?.rawPattern)
    }

    /// Random text over every ASCII byte but NUL and a set of non-ASCII characters (accents,
    /// ligatures, other scripts, emoji, combining marks, a no-break space): the same tokens as
    /// SQLite, the same pattern as GRDB built, and a pattern FTS5 accepts in a `MATCH`.
    @Test func randomTextGivesSQLitesTokensAndAValidPattern() throws {
        let ascii = (1...0x7F).map { Character(Unicode.Scalar(UInt8($0))) }
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
