import Testing
@testable import KBDomain
@testable import KBFormats

/// The byte-level name splitters (issue 18) give exactly what the scalar-by-scalar splitters
/// they replaced gave; those are kept here as the reference.
struct BibTeXNameSplitTests {
    enum Reference {
        static func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" || scalar == "~" }

        static func splitNames(_ raw: String) -> [String] {
            let scalars = Array(raw.unicodeScalars)
            var parts: [String] = []
            var current = String.UnicodeScalarView()
            var depth = 0
            var index = 0
            func isAnd(at start: Int) -> Bool {
                let (a, n, d) = (scalars[start], scalars[start + 1], scalars[start + 2])
                return (a == "a" || a == "A") && (n == "n" || n == "N") && (d == "d" || d == "D")
            }
            while index < scalars.count {
                let scalar = scalars[index]
                if scalar == "{" { depth += 1 } else if scalar == "}" { depth -= 1 }
                if depth == 0, isSpace(scalar), index + 4 < scalars.count, isAnd(at: index + 1), isSpace(scalars[index + 4]) {
                    parts.append(String(current))
                    current = String.UnicodeScalarView()
                    index += 5
                    continue
                }
                if depth == 0, index == 0, scalars.count >= 4, isAnd(at: 0), isSpace(scalars[3]) {
                    parts.append("")
                    index = 4
                    continue
                }
                current.append(scalar)
                index += 1
            }
            parts.append(String(current))
            return parts
        }

        static func splitCommas(_ raw: String) -> [String] {
            var parts: [String] = []
            var current = String.UnicodeScalarView()
            var depth = 0
            for scalar in raw.unicodeScalars {
                if scalar == "{" { depth += 1 } else if scalar == "}" { depth -= 1 }
                if scalar == ",", depth == 0 {
                    parts.append(String(current))
                    current = String.UnicodeScalarView()
                } else {
                    current.append(scalar)
                }
            }
            parts.append(String(current))
            return parts.map { $0.trimmed }
        }

        static func tokens(_ raw: String) -> [String] {
            var tokens: [String] = []
            var current = String.UnicodeScalarView()
            var depth = 0
            for scalar in raw.unicodeScalars {
                if scalar == "{" { depth += 1 } else if scalar == "}" { depth -= 1 }
                if depth == 0, isSpace(scalar) {
                    if !current.isEmpty { tokens.append(String(current)) }
                    current = String.UnicodeScalarView()
                } else {
                    current.append(scalar)
                }
            }
            if !current.isEmpty { tokens.append(String(current)) }
            return tokens
        }

        /// `LaTeX.verbatim` before its fast path for values without `\`, `{` or `}`.
        static func verbatim(_ raw: String) -> String {
            var text = raw.trimmed
            if text.hasPrefix("\\url{"), text.hasSuffix("}") { text = String(text.dropFirst(5).dropLast()) }
            var out = ""
            var escaping = false
            for character in text {
                if escaping {
                    if !"_%&#$~{}".contains(character) { out.append("\\") }
                    out.append(character)
                    escaping = false
                } else if character == "\\" {
                    escaping = true
                } else if character != "{" && character != "}" {
                    out.append(character)
                }
            }
            if escaping { out.append("\\") }
            return out.trimmed
        }
    }

    static let written = [
        "", "and", "and ", "and Smith", "AND Smith, J.", "Smith and", "Smith and Jones", "Smith~and~Jones",
        "Smith\tAnd\nJones", "Smith and  and Jones", "Sandy Anderson and Andrea Band", "{Smith and Jones} and Doe",
        "{World Health Organization}", "Müller, Chloé and Ñandú, José and O'Brien, Eun-ji",
        "van der Berg, Jr., Jan and de~la Fuente, Ana", "{\\\"U}nal, Ay{\\c{s}}e and {\\'E}mile Zola",
        "Daumé III, Hal, Jr and , , and ,", "  spaced   out ,  name  ", "}unbalanced{ and {open",
        "e\u{301}a and b\u{308} and 日本 語, 名", "and and and", "Smith,Jones,,Doe", "x\u{00A0}and\u{00A0}y",
    ]

    /// Strings drawn from the pieces the splitters care about, with non-ASCII and combining marks.
    static func drawn(count: Int) -> [String] {
        let pieces = [" ", "and", "AnD", ",", "{", "}", "~", "\t", "\n", "Smith", "é", "e\u{301}", "ß", "日", "\u{00A0}", "a", "nd", "\\'"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        return (0..<count).map { _ in (0..<(next() % 14)).map { _ in pieces[next() % pieces.count] }.joined() }
    }

    @Test func byteSplittersEqualTheScalarOnes() {
        for raw in Self.written + Self.drawn(count: 5000) {
            #expect(BibTeXNames.splitNames(raw) == Reference.splitNames(raw), "splitNames \(raw.debugDescription)")
            #expect(BibTeXNames.splitCommas(raw) == Reference.splitCommas(raw), "splitCommas \(raw.debugDescription)")
            #expect(BibTeXNames.tokens(raw) == Reference.tokens(raw), "tokens \(raw.debugDescription)")
        }
    }

    @Test func verbatimFastPathEqualsTheGeneralOne() {
        let written = ["10.5555/syn.1", "  https://example.org/a b \n", "\\url{https://x.org/a\\_b}", "10.1000/{ABC}", "a--b~c%d",
                       "\r\n10.1/x\u{00A0}", "\u{00A0}\u{2003}", "", " ", "e\u{301} ", "\\", "{}", "https://doi.org/10.1/Ä\t"]
        let pieces = [" ", "\t", "\n", "\u{00A0}", "\\", "{", "}", "url", "_", "%", "~", "--", "10.", "/", "é", "e\u{301}", "x"]
        var state: UInt64 = 42
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        let drawn = (0..<3000).map { _ in (0..<(next() % 10)).map { _ in pieces[next() % pieces.count] }.joined() }
        for raw in written + drawn {
            #expect(Array(LaTeX.verbatim(raw).utf8) == Array(Reference.verbatim(raw).utf8), "verbatim \(raw.debugDescription)")
        }
    }

    @Test func byteSplittersKeepTheBytes() {
        // Equal as Strings could hide a change of normalisation; the bytes must be the same too.
        let raw = "e\u{301}a and Ñandú, b\u{308}~x"
        #expect(BibTeXNames.splitNames(raw).map { Array($0.utf8) } == Reference.splitNames(raw).map { Array($0.utf8) })
        #expect(BibTeXNames.tokens(raw).map { Array($0.utf8) } == Reference.tokens(raw).map { Array($0.utf8) })
        #expect(BibTeXNames.splitCommas(raw).map { Array($0.utf8) } == Reference.splitCommas(raw).map { Array($0.utf8) })
        #expect(BibTeXNames.splitNames("Smith and Jones and {A and B}") == ["Smith", "Jones", "{A and B}"])
    }
}
