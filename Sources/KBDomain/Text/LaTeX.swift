/// Turns BibTeX field text (LaTeX) into Unicode: accents (`{\"u}`, `\'e`, `\c{c}`, `{\'\i}`),
/// special letters (`{\ss}`, `\o`, `\aa`), escaped specials (`\&`, `\%`), dashes (`--`, `---`),
/// `~`, TeX quotes, formatting commands (`\emph{…}`, `\url{…}`), math delimiters; braces go.
///
/// Brace groups that do not start with a command protect their text from case changes in
/// BibTeX styles; their text is returned in ``Result/protected`` so an export can protect it again.
package enum LaTeX {
    package struct Result: Equatable {
        package var text: String
        package var protected: [String]
    }

    /// - Parameter richText: formatting commands become CSL-JSON's rich-text tags (``markup``),
    ///   as titles keep them; elsewhere only their text is kept.
    package static func decode(_ raw: String, richText: Bool = false) -> Result {
        // Most values are plain text: nothing to decode, at most whitespace to tidy.
        if !raw.withUTF8Bytes({ $0.contains(where: isSpecial) }) {
            return Result(text: needsCollapse(raw) ? collapseWhitespace(raw) : raw, protected: [])
        }
        var decoder = Decoder(Array(raw.unicodeScalars))
        decoder.richText = richText
        decoder.run()
        let text = collapseWhitespace(decoder.output, normalize: decoder.composed)
        return Result(text: text, protected: decoder.protected.map { collapseWhitespace(Array($0.unicodeScalars), normalize: decoder.composed) }.filter { !$0.isEmpty })
    }

    /// Whether ASCII text has whitespace other than single spaces between words.
    static func needsCollapse(_ text: String) -> Bool {
        text.withUTF8Bytes { bytes in
            var previousSpace = true
            for byte in bytes {
                if byte == 0x20 {
                    if previousSpace { return true }
                    previousSpace = true
                } else if byte == 0x0A || byte == 0x09 || byte == 0x0D {
                    return true
                } else {
                    previousSpace = false
                }
            }
            return previousSpace
        }
    }

    /// Whether a byte needs the decoder: `\ { } ~ - ` ' $` and bytes of non-ASCII characters
    /// (which may need Unicode normalisation).
    @inline(__always) static func isSpecial(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x24, 0x27, 0x2D, 0x5C, 0x60, 0x7B, 0x7D, 0x7E: true
        default: byte >= 0x80
        }
    }

    package static func text(_ raw: String) -> String { decode(raw).text }

    /// A verbatim field (`url`, `doi`): taken as written — `--`, `~` and `%` stay — with only a
    /// `\url{…}` wrapper, braces and backslash-escaped specials (`\_`, `\%`, `\&`, `\#`, `\$`,
    /// `\~`) undone, and surrounding whitespace trimmed.
    package static func verbatim(_ raw: String) -> String {
        var text = raw.trimmed
        // Most DOIs and URLs have no wrapper, braces or escapes: nothing to undo.
        if !text.utf8.contains(where: { $0 == 0x5C || $0 == 0x7B || $0 == 0x7D }) { return text }
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

    static func collapseWhitespace(_ scalars: [Unicode.Scalar], normalize: Bool = true) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in scalars {
            if scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(scalar)
            }
        }
        return normalize ? String(out).precomposedStringWithCanonicalMapping : String(out)
    }

    static func collapseWhitespace(_ text: String) -> String {
        collapseWhitespace(Array(text.unicodeScalars), normalize: !text.utf8.allSatisfy { $0 < 0x80 })
    }

    /// Combining marks for `\'`, `\"`... and for letter accents `\c`, `\v`...
    static let accents: [Unicode.Scalar: Unicode.Scalar] = [
        "'": "\u{0301}", "`": "\u{0300}", "^": "\u{0302}", "\"": "\u{0308}", "~": "\u{0303}", "=": "\u{0304}", ".": "\u{0307}",
        "c": "\u{0327}", "v": "\u{030C}", "H": "\u{030B}", "u": "\u{0306}", "k": "\u{0328}", "r": "\u{030A}", "d": "\u{0323}",
        "b": "\u{0331}", "t": "\u{0361}",
    ]

    static let symbols: [String: String] = [
        "ss": "ß", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "l": "ł", "L": "Ł",
        "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ", "dj": "đ", "DJ": "Đ",
        "textendash": "–", "textemdash": "—", "ldots": "…", "dots": "…", "textellipsis": "…", "textquoteright": "’",
        "textquoteleft": "‘", "textquotedblleft": "“", "textquotedblright": "”", "copyright": "©", "textcopyright": "©",
        "textregistered": "®", "texttrademark": "™", "textdegree": "°", "pounds": "£", "euro": "€", "textbackslash": "\\",
        "textasciitilde": "~", "textasciicircum": "^", "textbraceleft": "{", "textbraceright": "}", "textasciigrave": "`", "textunderscore": "_", "textbar": "|", "S": "§", "P": "¶", "dag": "†", "ddag": "‡",
        "LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX", "slash": "/", "textless": "<", "textgreater": ">",
        "guillemotleft": "«", "guillemotright": "»", "quad": " ", "qquad": " ", "enspace": " ", "thinspace": " ",
        "textperiodcentered": "·", "textbullet": "•", "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε",
        "lambda": "λ", "mu": "μ", "pi": "π", "sigma": "σ", "tau": "τ", "phi": "φ", "chi": "χ", "omega": "ω", "times": "×",
        "pm": "±", "leq": "≤", "geq": "≥", "neq": "≠", "approx": "≈", "infty": "∞",
    ]

    /// Formatting commands and the CSL rich-text tags they stand for in a title (what kb's
    /// BibTeX export writes for them, ``BibTeXWriter/latexCommands``).
    static let markup: [String: (open: String, close: String)] = [
        "textit": ("<i>", "</i>"), "emph": ("<i>", "</i>"), "textbf": ("<b>", "</b>"),
        "textsc": ("<span style=\"font-variant:small-caps;\">", "</span>"),
        "textsuperscript": ("<sup>", "</sup>"), "textsubscript": ("<sub>", "</sub>"),
    ]

    /// Commands whose argument is dropped entirely.
    static let dropped: Set<String> = ["noopsort", "sortkey", "index", "label", "footnote", "cite", "vspace", "hspace", "relax", "protect", "/"]

    struct Decoder {
        let input: [Unicode.Scalar]
        var index = 0
        var output: [Unicode.Scalar] = []
        var protected: [String] = []
        /// Whether the output needs Unicode composition (an accent was added, or the input had non-ASCII).
        var composed = false
        /// Whether formatting commands become rich-text tags (``LaTeX/markup``).
        var richText = false

        init(_ input: [Unicode.Scalar]) {
            self.input = input
            self.composed = input.contains { !$0.isASCII }
        }

        mutating func run() {
            while index < input.count { step(depth: 0) }
        }

        func peek(_ offset: Int = 0) -> Unicode.Scalar? {
            index + offset < input.count ? input[index + offset] : nil
        }

        mutating func step(depth: Int) {
            let scalar = input[index]
            switch scalar {
            case "\\":
                command()
            case "{":
                index += 1
                if peek() == "\\" {
                    // {\"u}, {\ss}, {\em text}: a special-character group, not a protection.
                    while index < input.count, input[index] != "}" { step(depth: depth + 1) }
                    if index < input.count { index += 1 }
                } else {
                    let start = output.count
                    while index < input.count, input[index] != "}" { step(depth: depth + 1) }
                    if index < input.count { index += 1 }
                    if depth == 0 {
                        protected.append(String(String.UnicodeScalarView(output[start...])))
                    }
                }
            case "}":
                index += 1
            case "~":
                output.append("\u{00A0}")
                index += 1
            case "-":
                if peek(1) == "-" && peek(2) == "-" {
                    output.append("—"); index += 3
                } else if peek(1) == "-" {
                    output.append("–"); index += 2
                } else {
                    output.append("-"); index += 1
                }
            case "`":
                if peek(1) == "`" { output.append("“"); index += 2 } else { output.append("‘"); index += 1 }
            case "'":
                if peek(1) == "'" { output.append("”"); index += 2 } else { output.append("'"); index += 1 }
            case "$":
                index += 1
            default:
                output.append(scalar)
                index += 1
            }
        }

        /// The character an accent applies to: `x`, `{x}`, `\i`, `{\i}`.
        mutating func accentBase() -> [Unicode.Scalar] {
            while peek() == " " { index += 1 }
            guard let next = peek() else { return [] }
            if next == "{" {
                index += 1
                var base: [Unicode.Scalar] = []
                while let current = peek(), current != "}" {
                    if current == "\\" {
                        index += 1
                        let name = readCommandName()
                        base += Array((symbols[name] ?? name).unicodeScalars)
                    } else {
                        base.append(current)
                        index += 1
                    }
                }
                if peek() == "}" { index += 1 }
                return base
            }
            if next == "\\" {
                index += 1
                let name = readCommandName()
                return Array((symbols[name] ?? name).unicodeScalars)
            }
            index += 1
            return [next]
        }

        mutating func readCommandName() -> String {
            guard let first = peek() else { return "" }
            if !first.properties.isAlphabetic {
                index += 1
                return String(first)
            }
            var name = String.UnicodeScalarView()
            while let current = peek(), current.properties.isAlphabetic, current.isASCII {
                name.append(current)
                index += 1
            }
            // A control word swallows the spaces after it.
            while peek() == " " { index += 1 }
            return String(name)
        }

        mutating func command() {
            index += 1
            guard let first = peek() else { return }
            // \' \" \^ ... : accents written with a symbol.
            if let mark = accents[first], !first.properties.isAlphabetic {
                index += 1
                applyAccent(mark)
                return
            }
            let name = readCommandName()
            if name.count == 1, let scalar = name.unicodeScalars.first, "&%$#_{}, ;!".unicodeScalars.contains(scalar) {
                output.append(scalar == "," || scalar == ";" || scalar == "!" ? " " : scalar)
                return
            }
            if name == "\\" {
                output.append(" ")
                return
            }
            if name.count == 1, let scalar = name.unicodeScalars.first, let mark = accents[scalar], scalar.properties.isAlphabetic,
               peek() == "{" || (peek().map { $0.properties.isAlphabetic } ?? false) || symbols[name] == nil {
                applyAccent(mark)
                return
            }
            if let symbol = symbols[name] {
                output += Array(symbol.unicodeScalars)
                if peek() == "{" && peek(1) == "}" { index += 2 }
                return
            }
            if Self.isDropped(name) {
                if peek() == "{" { skipGroup() }
                return
            }
            if name == "href" {
                if peek() == "{" { skipGroup() }
                return
            }
            if richText, let tags = LaTeX.markup[name], peek() == "{" {
                output += Array(tags.open.unicodeScalars)
                index += 1
                while index < input.count, input[index] != "}" { step(depth: 1) }
                if index < input.count { index += 1 }
                output += Array(tags.close.unicodeScalars)
                return
            }
            // \emph{x}, \textit{x}, \url{x}, unknown commands: keep the argument's text.
        }

        static func isDropped(_ name: String) -> Bool { dropped.contains(name) }

        mutating func skipGroup() {
            var depth = 0
            while let current = peek() {
                index += 1
                if current == "{" { depth += 1 } else if current == "}" {
                    depth -= 1
                    if depth == 0 { return }
                }
            }
        }

        mutating func applyAccent(_ mark: Unicode.Scalar) {
            let base = accentBase()
            guard var first = base.first else { return }
            // An accent on a dotless i or j (\'\i) is the accent on i or j.
            if first == "ı" { first = "i" } else if first == "ȷ" { first = "j" }
            composed = true
            output.append(first)
            output.append(mark)
            output += base.dropFirst()
        }
    }
}
