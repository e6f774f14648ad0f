/// A token of the query language with its place in the query, in `Character` offsets.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A bare word: keyword, field name, slug, `profile:me`, a DOI.
        case word(String)
        case number(Double)
        /// A quoted string, unescaped.
        case string(String)
        case op(ComparisonOperator)
        case leftParen, rightParen, comma
        /// `|` between the values of `FIELD=a|b|c` (any of).
        case bar
        /// `..` between the ends of a range, `FIELD=LOW..HIGH` (either end may be left out).
        case dotDot
        case end
    }

    public var kind: Kind
    public var range: Range<Int>

    /// The word, lower-cased, when this is a bare word.
    var keyword: String? {
        if case let .word(text) = kind { return text.lowercased() }
        return nil
    }

    /// How the token reads in messages: `'where'`, `'>='`, `"writing"`, `end of query`.
    var display: String {
        switch kind {
        case let .word(text): "'\(text)'"
        case let .number(value): "'\(QueryPrinter.number(value))'"
        case let .string(text): "\"\(text)\""
        case let .op(op): "'\(op.rawValue)'"
        case .leftParen: "'('"
        case .rightParen: "')'"
        case .comma: "','"
        case .bar: "'|'"
        case .dotDot: "'..'"
        case .end: "end of query"
        }
    }
}

public enum ComparisonOperator: String, Sendable, CaseIterable, Equatable {
    case equal = "="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    /// Whether `lhs op rhs` holds for two ordinal ranks.
    func holds(_ lhs: Int, _ rhs: Int) -> Bool {
        switch self {
        case .equal: lhs == rhs
        case .notEqual: lhs != rhs
        case .less: lhs < rhs
        case .lessOrEqual: lhs <= rhs
        case .greater: lhs > rhs
        case .greaterOrEqual: lhs >= rhs
        }
    }
}
