/// A piece of SQL with its values, each kept next to its placeholder: written as a string
/// literal whose interpolations say what each piece is, so that a statement's arguments can
/// never drift out of order from its `?`s.
///
///     let ids: [Int64] = [3, 5]
///     let fragment: SQLFragment = "c.id IN \(list: ids) AND c.metric = \(metric) AND \(other)"
///
/// - `\(value)` binds one value (a placeholder);
/// - `\(list: values)` binds each value, as `(?, ?, …)` (`()` for none);
/// - `\(fragment)` nests another fragment, with its arguments in place;
/// - `\(sql: text)` inserts kb's own SQL text (a column, an alias, a constant): never a value
///   the user wrote.
///
/// kb's own type rather than GRDB's `SQL` literal: the compiled statement must not depend on the
/// SQLite driver, since a PostgreSQL store (DESIGN §13) runs the same statements with `$1…$n`
/// placeholders (``sql(placeholder:)``). GRDB's `SQL` also resolves only against a database
/// connection, and the compiler's statements are text for `--explain` before they are run.
public struct SQLFragment: Sendable, Equatable, ExpressibleByStringInterpolation {
    /// SQL text and bound values, in statement order; adjacent text is kept merged, so equal
    /// statements are equal fragments however they were assembled.
    enum Element: Sendable, Equatable {
        case text(String)
        case value(SQLValue)
    }

    private(set) var elements: [Element] = []

    /// kb's own SQL text, with no values.
    public init(sql: String) {
        append(.text(sql))
    }

    public init(stringLiteral value: String) {
        self.init(sql: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        self = stringInterpolation.fragment
    }

    /// The statement with `?` placeholders (SQLite).
    public var sql: String { sql { _ in "?" } }

    /// The statement with each placeholder written by `placeholder(n)`, n counting from 1:
    /// `{ "$\($0)" }` for PostgreSQL.
    public func sql(placeholder: (Int) -> String) -> String {
        var text = ""
        var index = 0
        for element in elements {
            switch element {
            case let .text(sql): text += sql
            case .value:
                index += 1
                text += placeholder(index)
            }
        }
        return text
    }

    /// The bound values, in placeholder order.
    public var arguments: [SQLValue] {
        elements.compactMap { element in
            if case let .value(value) = element { return value }
            return nil
        }
    }

    public var isEmpty: Bool { elements.isEmpty }

    private mutating func append(_ element: Element) {
        if case let .text(new) = element {
            guard !new.isEmpty else { return }
            if case let .text(old)? = elements.last {
                elements[elements.count - 1] = .text(old + new)
                return
            }
        }
        elements.append(element)
    }

    public static func + (lhs: SQLFragment, rhs: SQLFragment) -> SQLFragment {
        var result = lhs
        result += rhs
        return result
    }

    public static func += (lhs: inout SQLFragment, rhs: SQLFragment) {
        for element in rhs.elements { lhs.append(element) }
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var fragment = SQLFragment()

        public init(literalCapacity: Int, interpolationCount: Int) {}

        public mutating func appendLiteral(_ literal: String) {
            fragment.append(.text(literal))
        }

        /// One bound value: `?`.
        public mutating func appendInterpolation(_ value: some SQLValueConvertible) {
            fragment.append(.value(value.sqlValue))
        }

        /// Each value bound, in parentheses: `(?, ?, ?)`, or `()` for none.
        public mutating func appendInterpolation<Values: Sequence>(list values: Values) where Values.Element: SQLValueConvertible {
            fragment.append(.text("("))
            for (index, value) in values.enumerated() {
                if index > 0 { fragment.append(.text(", ")) }
                fragment.append(.value(value.sqlValue))
            }
            fragment.append(.text(")"))
        }

        /// Another fragment, its values in place.
        public mutating func appendInterpolation(_ other: SQLFragment) {
            fragment += other
        }

        /// kb's own SQL text: column names, aliases, constants, dialect pieces.
        public mutating func appendInterpolation(sql text: String) {
            fragment.append(.text(text))
        }
    }

    private init() {}
}

extension Array where Element == SQLFragment {
    /// The fragments one after another, `separator` (SQL text) between them.
    package func joined(separator: String) -> SQLFragment {
        var result = SQLFragment(sql: "")
        for (index, fragment) in enumerated() {
            if index > 0 { result += SQLFragment(sql: separator) }
            result += fragment
        }
        return result
    }

    /// The fragments as one parenthesised chain of `operator` (`AND`, `OR`), flat up to
    /// ``chainWidth`` and grouped in parentheses of at most that many beyond it. SQLite's
    /// parser builds a flat chain as a tree one level deeper per operator and refuses trees
    /// deeper than 1,000 ("Expression tree is too large"); one pair of parentheses per
    /// operator overflowed its parser stack at 90. Grouped, 10,000 alternatives are three
    /// levels of at most 64.
    package func chained(_ operator: String) -> SQLFragment {
        guard count > SQLFragment.chainWidth else {
            return SQLFragment(sql: "(") + joined(separator: " \(`operator`) ") + SQLFragment(sql: ")")
        }
        let groupSize = Swift.max(SQLFragment.chainWidth, (count + SQLFragment.chainWidth - 1) / SQLFragment.chainWidth)
        let groups = stride(from: 0, to: count, by: groupSize).map { start in
            Array(self[start..<Swift.min(start + groupSize, count)]).chained(`operator`)
        }
        return groups.chained(`operator`)
    }
}

extension SQLFragment {
    /// The most operands ``Swift/Array/chained(_:)`` writes in one flat chain.
    package static let chainWidth = 64
}

/// A value bound to a placeholder: kb's own, so compiled statements name no driver's type.
public enum SQLValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    /// As `--explain` lists arguments: `NULL`, `3`, `0.5`, `"older"` (quoted, escaped).
    public var description: String {
        switch self {
        case .null: "NULL"
        case let .integer(value): String(value)
        case let .real(value): String(value)
        case let .text(value): String(reflecting: value)
        }
    }
}

/// A Swift value that binds as one ``SQLValue``.
public protocol SQLValueConvertible {
    var sqlValue: SQLValue { get }
}

extension SQLValue: SQLValueConvertible {
    public var sqlValue: SQLValue { self }
}

extension String: SQLValueConvertible {
    public var sqlValue: SQLValue { .text(self) }
}

extension Int: SQLValueConvertible {
    public var sqlValue: SQLValue { .integer(Int64(self)) }
}

extension Int64: SQLValueConvertible {
    public var sqlValue: SQLValue { .integer(self) }
}

extension Double: SQLValueConvertible {
    public var sqlValue: SQLValue { .real(self) }
}

extension Bool: SQLValueConvertible {
    public var sqlValue: SQLValue { .integer(self ? 1 : 0) }
}

extension Optional: SQLValueConvertible where Wrapped: SQLValueConvertible {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}
