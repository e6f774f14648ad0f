/// The tokens SQLite's FTS5 `ascii` tokenizer finds in a string, found in Swift.
///
/// GRDB's `FTS5Pattern(matchingAllTokensIn:)` asks SQLite itself, through an in-memory
/// database it opens for the purpose, and a second one to check the pattern it built, for
/// every term of every text query (BENCHMARKS.md, "Full-text terms tokenized in kb").
///
/// The tokenizer's rule is short (SQLite's `fts5_tokenize.c`): a token is a run of bytes that
/// are ASCII letters or digits or not ASCII at all (every byte of a UTF-8 sequence past 127);
/// every other ASCII byte divides tokens; ASCII letters are folded to lower case, nothing else
/// is changed. A test holds this against SQLite's tokenizer. (GRDB's tokens differ in one place:
/// decoding a token as text drops a byte-order mark at its start, which the tables' own
/// tokenizer drops anyway.)
///
/// Such tokens, joined by spaces, are a valid FTS5 pattern as they are: each is a bareword
/// (letters, digits and non-ASCII characters), and lower case is never one of FTS5's
/// operators (`AND`, `OR`, `NOT`, `NEAR`).
package enum FTS5ASCIITokens {
    /// The tokens of `text`, in order, ASCII letters in lower case.
    package static func tokens(in text: String) -> [String] {
        var tokens: [String] = []
        var token: [UInt8] = []
        for byte in text.utf8 {
            if byte >= 0x80 || isASCIIAlphanumeric(byte) {
                token.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
            } else if !token.isEmpty {
                tokens.append(String(decoding: token, as: UTF8.self))
                token.removeAll(keepingCapacity: true)
            }
        }
        if !token.isEmpty { tokens.append(String(decoding: token, as: UTF8.self)) }
        return tokens
    }

    /// The pattern matching every token of `text` (`foo bar`); nil when it has none.
    package static func patternMatchingAllTokens(in text: String) -> String? {
        let tokens = tokens(in: text)
        return tokens.isEmpty ? nil : tokens.joined(separator: " ")
    }

    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}
