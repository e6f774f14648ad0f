/// A fragment of HTML. Escaping is by construction: the literal parts of an `HTML` string
/// literal are markup written in this target's code, and every interpolated `String` (or number)
/// is escaped; only another `HTML` value is inserted as it is. Text from the knowledge base or
/// the request can therefore only reach a page as text.
public struct HTML: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The markup.
    public private(set) var rendered: String

    public init(stringLiteral value: String) {
        rendered = value
    }

    public init(stringInterpolation: StringInterpolation) {
        rendered = stringInterpolation.out
    }

    /// Markup that is neither a literal nor escaped: only for constants of this target (the
    /// stylesheet's link, say), never for data.
    init(trusted: StaticString) {
        rendered = trusted.description
    }

    /// Markup made by one of kb's own renderers that escape every value they insert (the gap
    /// map's SVG, `MapSVG`): not data, so inserted as it is.
    init(renderedByKB markup: String) {
        rendered = markup
    }

    public var description: String { rendered }

    public static let empty: HTML = ""

    public static func + (lhs: HTML, rhs: HTML) -> HTML {
        var joined = lhs
        joined.rendered += rhs.rendered
        return joined
    }

    /// `text` escaped for an element's content or a quoted attribute value.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var out = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            out.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            out += literal
        }

        /// Text: escaped.
        public mutating func appendInterpolation(_ text: String) {
            out += HTML.escape(text)
        }

        /// Optional text: escaped, nothing for nil.
        public mutating func appendInterpolation(_ text: String?) {
            if let text { out += HTML.escape(text) }
        }

        public mutating func appendInterpolation(_ number: Int) {
            out += String(number)
        }

        /// Markup built the same way.
        public mutating func appendInterpolation(_ html: HTML) {
            out += html.rendered
        }

        /// A list of fragments, one after another.
        public mutating func appendInterpolation(_ fragments: [HTML]) {
            for fragment in fragments { out += fragment.rendered }
        }
    }
}

extension Array where Element == HTML {
    /// The fragments joined by `separator`.
    func joined(separator: HTML) -> HTML {
        guard let first else { return .empty }
        return dropFirst().reduce(first) { $0 + separator + $1 }
    }
}
