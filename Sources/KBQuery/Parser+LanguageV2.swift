import KBDomain
import KBStore

/// The second edition's forms (DESIGN §10): any-of and none-of lists (`cohort=older|women`,
/// `design!=rct|audit-study`), ranges (`year=2020..2024`, `grade=moderate..`, `n=..500`),
/// bounded subjects (`for X within 1 hops`, `for X direct`) and saved conditions (`@NAME`).
///
/// Range errors that need no database — a range on a field without an order, an empty range,
/// a bound beyond what the subject expander follows — are found here, with the caret on what
/// the user wrote; unknown values and saved-query names are found when compiling.
extension Parser {
    /// Words that end a query's condition: after `year=2020..` a following `group` or `rank` is
    /// the next clause, not the range's high end.
    static let clauseWords: Set<String> = ["group", "rank", "limit"]

    /// `FIELD op …` once the field is read and `op` is current: one value, `a|b|c`, or a range.
    mutating func parseComparison(_ field: Field, _ op: ComparisonOperator, fieldRange: Range<Int>) throws -> Predicate {
        let opToken = advance()
        if case .dotDot = current.kind {
            return try parseRange(field, op, low: nil, opToken: opToken, fieldRange: fieldRange)
        }
        let value = try parseValue(after: "'\(op.rawValue)'", field: field, at: opToken)
        switch current.kind {
        case .dotDot:
            return try parseRange(field, op, low: value, opToken: opToken, fieldRange: fieldRange)
        case .bar:
            return try parseAnyOf(field, op, first: value, opToken: opToken, fieldRange: fieldRange)
        default:
            return Predicate(.compare(field, op, value), range: fieldRange.lowerBound..<value.range.upperBound, fieldRange: fieldRange)
        }
    }

    /// `a|b|c` after `=` (any of: the same as `in (a, b, c)`) or `!=` (none of them).
    mutating func parseAnyOf(_ field: Field, _ op: ComparisonOperator, first: Value, opToken: Token, fieldRange: Range<Int>) throws -> Predicate {
        guard op == .equal || op == .notEqual else {
            throw error("query.any-of-operator", "'|' (any of) goes with '=' or '!=', not '\(op.rawValue)'", at: opToken.range,
                        help: "e.g. \(field.rawValue)=\(first.text)|… or (\(field.rawValue) \(op.rawValue) \(first.text) or …)")
        }
        var values = [first]
        while case .bar = current.kind {
            let bar = advance()
            values.append(try parseValue(after: "'|'", field: field, at: bar))
            if case .dotDot = current.kind { throw rangeInList(field, values, fieldRange: fieldRange) }
        }
        let range = fieldRange.lowerBound..<(values.last?.range.upperBound ?? first.range.upperBound)
        return Predicate(op == .equal ? .member(field, values) : .noneOf(field, values), range: range, fieldRange: fieldRange)
    }

    /// `LOW..HIGH`, `LOW..` or `..HIGH` after `=` (inclusive) or `!=` (outside it); `low` is
    /// already read and `..` is current.
    mutating func parseRange(_ field: Field, _ op: ComparisonOperator, low: Value?, opToken: Token, fieldRange: Range<Int>) throws -> Predicate {
        let dots = advance()
        guard field.isOrderable else { throw unorderedRange(field, at: fieldRange) }
        guard op == .equal || op == .notEqual else {
            throw error("query.range-operator", "a range goes with '=' (inside it) or '!=' (outside it), not '\(op.rawValue)'", at: opToken.range,
                        help: "e.g. \(field.rangeExample)")
        }
        if case .bar = current.kind { throw rangeInList(field, low.map { [$0] } ?? [], fieldRange: fieldRange) }
        var high: Value?
        if startsValue(current) { high = try parseValue(after: "'..'", field: field, at: dots) }
        if case .bar = current.kind { throw rangeInList(field, [low, high].compactMap { $0 }, fieldRange: fieldRange) }
        let start = low?.range.lowerBound ?? dots.range.lowerBound
        let span = start..<(high?.range.upperBound ?? dots.range.upperBound)
        guard low != nil || high != nil else {
            throw error("query.open-range", "a range needs at least one end", at: dots.range, help: "e.g. \(field.rangeExample)")
        }
        if let low, let high, let order = field.order(of: low), let other = field.order(of: high), order > other {
            let written = "\(low.text)..\(high.text)"
            throw error("query.empty-range", "empty range: '\(written)' holds no \(field.rawValue), its low end is above its high end", at: span,
                        help: "write \(field.rawValue)=\(high.text)..\(low.text)" + (field.ordinalValues.map { "; \(field.rawValue) runs \($0.joined(separator: " < "))" } ?? ""))
        }
        return Predicate(.range(field, op, low: low, high: high), range: fieldRange.lowerBound..<span.upperBound, fieldRange: fieldRange)
    }

    /// Whether `token` can be a value (rather than `and`, `)`, the end or the next clause).
    func startsValue(_ token: Token) -> Bool {
        switch token.kind {
        case .number, .string: true
        case let .word(word): !Self.reservedWords.contains(word.lowercased()) && !Self.clauseWords.contains(word.lowercased())
        default: false
        }
    }

    /// The error for `a|LOW..HIGH` (or `LOW..HIGH|a`): a range in a list of values. `values`
    /// are the ones before the offending `..` or `|`.
    func rangeInList(_ field: Field, _ values: [Value], fieldRange: Range<Int>) -> Diagnostic {
        guard field.isOrderable else { return unorderedRange(field, at: fieldRange) }
        let written = values.map(\.text).joined(separator: "|")
        return error("query.range-in-list", "a range cannot be one of several '|' values", at: current.range,
                     help: "write the range as a condition of its own, e.g. (\(field.rawValue)=\(written.isEmpty ? "…" : written) or \(field.rangeExample))")
    }

    func unorderedRange(_ field: Field, at fieldRange: Range<Int>) -> Diagnostic {
        error("query.unordered-range", "'\(field.rawValue)' has no order, so it takes no range", at: fieldRange,
              help: "ranges apply to \(Field.allCases.filter(\.isOrderable).map(\.rawValue).joined(separator: ", "))"
                  + (field.isFlag ? "" : "; for several values write \(field.rawValue)=a|b"))
    }

    /// An optional bound after a subject: `within N hops` (N from 0 to
    /// ``SubjectExpander/maximumHops``) or `direct` (0 hops).
    mutating func parseSubjectBound() throws -> Int? {
        if isKeyword("direct") {
            _ = advance()
            return 0
        }
        guard isKeyword("within") else { return nil }
        _ = advance()
        let token = current
        let bound = SubjectExpander.maximumHops
        guard case let .number(value) = token.kind else {
            throw error("query.expected-hops", "expected a number of hops after 'within'" + (token.kind == .end ? "" : ", found \(token.display)"),
                        at: token.range, help: "e.g. within 1 hops (0 = the subject alone, at most \(bound))")
        }
        guard value == value.rounded(), value >= 0 else {
            throw error("query.hops-out-of-range", "'within' takes a whole number of hops from 0 to \(bound), found \(token.display)",
                        at: token.range, help: "within 0 hops (or 'direct') is the subject alone")
        }
        guard value <= Double(bound) else {
            throw error("query.hops-out-of-range", "at most \(bound) hops: a subject reaches no further than \(bound) edges "
                        + "(role → skill → adjacent skill, or role → skill → a role it recurs in)", at: token.range,
                        help: "within \(bound) hops is everything 'for X' reaches except economy-wide claims; leave out 'within' to include those")
        }
        _ = advance()
        guard isKeyword("hops") || isKeyword("hop") else {
            throw error("query.expected-hops", "expected 'hops' after 'within \(QueryPrinter.number(value))'" + (current.kind == .end ? "" : ", found \(current.display)"),
                        at: current.range, help: "e.g. within \(QueryPrinter.number(value)) hops")
        }
        _ = advance()
        return Int(value)
    }

    /// `@NAME`, which stands for the condition of saved query NAME (resolved when compiling).
    mutating func parseSavedReference(_ token: Token, name: String) throws -> Predicate {
        _ = advance()
        guard !name.isEmpty else {
            throw error("query.expected-saved-query", "expected a saved query's name after '@'", at: token.range,
                        help: "e.g. @preregistered-large-samples; kb list queries shows the saved queries")
        }
        return Predicate(.saved(name), range: token.range, fieldRange: token.range)
    }
}

extension Field {
    /// Whether `FIELD=LOW..HIGH` applies: numbers and the ordinal vocabularies.
    public var isOrderable: Bool {
        switch valueType {
        case .number: true
        case .vocabulary(_, ordered: true): true
        default: false
        }
    }

    /// The values of an ordinal field, lowest first; nil for other fields.
    var ordinalValues: [String]? {
        if case let .vocabulary(values, ordered: true) = valueType { return values }
        return nil
    }

    /// Where `value` falls in the field's order: the number, or the rank of an ordinal value
    /// (folded as the compiler folds it); nil when it is not (yet) known to be valid.
    func order(of value: Value) -> Double? {
        if case let .number(number) = value.kind, valueType == .number { return number }
        guard let values = ordinalValues else { return nil }
        let folded = Slug.fold(value.text)
        return values.firstIndex { Slug.fold($0) == folded }.map(Double.init)
    }

    /// An example range for help messages.
    var rangeExample: String {
        switch self {
        case .year: "year=2020..2024"
        case .grade: "grade=moderate.."
        case .replication: "replication=..mixed"
        case .strength: "strength=0.5.."
        default: "\(rawValue)=100..500"
        }
    }
}
