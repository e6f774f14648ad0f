import KBDomain

/// Writes `kb check`'s JSON and SARIF reports byte for byte as Foundation's
/// `JSONSerialization.data(withJSONObject:options: [.prettyPrinted, .sortedKeys,
/// .withoutEscapingSlashes])` writes them on Linux, which they were written with: two-space
/// indents, `" : "` between a key and its value, keys in order, numbers as Swift prints them
/// (`40`, not `40.0`), and only `"`, `\`, and control characters escaped. Foundation's writer
/// emits each character of each string as a string of its own; on a 10,000-word page that was
/// a sixteenth of the check (issue 17). `CheckRendererJSONTests` holds the two to the same bytes.
enum ReportJSON {
    /// `value` (dictionaries with string keys, arrays, strings, booleans, integers, doubles)
    /// as pretty-printed JSON; nil when it holds anything else or a number that is not finite.
    static func pretty(_ value: Any) -> String? {
        var writer = Writer()
        guard writer.write(value) else { return nil }
        return writer.out
    }

    private struct Writer {
        var out = ""
        var indent = 0

        /// The order of the checks is Foundation's: a Bool is not an Int, an Int not a Double.
        mutating func write(_ value: Any) -> Bool {
            switch value {
            case let text as String:
                quote(text)
            case let flag as Bool:
                out += flag ? "true" : "false"
            case let number as Int:
                out += String(number)
            case let number as Int64:
                out += String(number)
            case let items as [Any]:
                return write(items)
            case let fields as [String: Any]:
                return write(fields)
            case let number as Double:
                guard number.isFinite else { return false }
                var text = number.description
                if text.hasSuffix(".0") { text.removeLast(2) }
                out += text
            default:
                return false
            }
            return true
        }

        mutating func write(_ items: [Any]) -> Bool {
            out += "[\n"
            indent += 2
            for (index, item) in items.enumerated() {
                if index > 0 { out += ",\n" }
                writeIndent()
                guard write(item) else { return false }
            }
            out += "\n"
            indent -= 2
            writeIndent()
            out += "]"
            return true
        }

        mutating func write(_ fields: [String: Any]) -> Bool {
            out += "{\n"
            indent += 2
            if !fields.isEmpty { writeIndent() }
            // Foundation compares the keys numerically and ignoring case; kb's keys are lower-case
            // words without digits, for which that is the plain order.
            for (index, key) in fields.keys.sorted().enumerated() {
                if index > 0 {
                    out += ",\n"
                    writeIndent()
                }
                quote(key)
                out += " : "
                guard let value = fields[key], write(value) else { return false }
            }
            out += "\n"
            indent -= 2
            writeIndent()
            out += "}"
            return true
        }

        mutating func writeIndent() {
            out += String(repeating: " ", count: indent)
        }

        /// A string as Foundation writes it (``JSONString/Style/foundation``).
        mutating func quote(_ text: String) {
            JSONString.quote(text, into: &out, style: .foundation)
        }
    }
}
