/// kb's one JSON string escaper, for its JSON writers (``JSONValue`` and `kb check`'s reports):
/// `"`, `\` and the control characters below U+0020 are escaped (`\n`, `\r`, `\t` by name, the
/// others as `\u00xx`), `/` is not; the styles differ only as their readers need.
package enum JSONString {
    package enum Style: Sendable {
        /// kb's JSON: U+2028 and U+2029 escaped too, so the text may stand inside a script.
        case kb
        /// As Foundation's `JSONSerialization` writes on Linux: `\b` and `\f` by name, nothing
        /// past U+001F escaped.
        case foundation
    }

    /// `text` as a JSON string, appended to `out`.
    package static func quote(_ text: String, into out: inout String, style: Style) {
        out += "\""
        // Most strings hold nothing to escape: copied whole (U+2028 and U+2029 start with 0xE2).
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || (style == .kb && $0 == 0xE2) }) {
            out += text
            out += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{8}" where style == .foundation: out += "\\b"
            case "\u{c}" where style == .foundation: out += "\\f"
            case let c where c.value < 0x20 || (style == .kb && (c.value == 0x2028 || c.value == 0x2029)):
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
