/// Prints a ``Query`` back as canonical query text: lower-case keywords, single spaces, strings
/// in double quotes, full parentheses around every `or` under an `and`, every `not` operand that
/// is not a predicate and every right-nested `and`/`or` chain. Parsing the output gives the same
/// query back (property-tested over random queries).
public enum QueryPrinter {
    public static func print(_ query: Query) -> String {
        var parts = [query.target.rawValue]
        if !query.subjects.isEmpty {
            parts.append("for " + query.subjects.map { ($0.isProfile ? "profile:" : "") + word($0.name) + bound($0.maxHops) }.joined(separator: ", "))
        }
        if let condition = query.condition {
            parts.append("where " + print(condition))
        }
        if !query.grouping.isEmpty {
            parts.append("group by " + query.grouping.map { $0.field.rawValue }.joined(separator: ", "))
        }
        if !query.ranking.isEmpty {
            parts.append("rank by " + query.ranking.map { $0.key.rawValue + ($0.isDescending ? " desc" : " asc") }.joined(separator: ", "))
        }
        if let limit = query.limit {
            parts.append("limit \(limit)")
        }
        return parts.joined(separator: " ")
    }

    public static func print(_ condition: Condition) -> String {
        // `or` and `and` group to the left when parsed: a right operand of the same kind keeps
        // its parentheses, so the printed text parses back to this very tree. A chain's left
        // spine is walked in a loop: a query of the longest length holds some 9,000 operands,
        // and a recursion that deep overflowed the stack.
        switch condition {
        case .or:
            return chain(condition, "or", split: { if case let .or(lhs, rhs) = $0 { (lhs, rhs) } else { nil } }, operand: print)
        case .and:
            return chain(condition, "and", split: { if case let .and(lhs, rhs) = $0 { (lhs, rhs) } else { nil } }, operand: operand)
        case let .not(inner):
            if case .predicate = inner { return "not " + print(inner) }
            return "not (" + print(inner) + ")"
        case let .predicate(predicate):
            return print(predicate)
        }
    }

    /// A chain of one operator (`split` gives a node's sides, nil for an operand), its operands
    /// printed by `operand`; a right operand that is itself such a chain keeps its parentheses.
    private static func chain(_ condition: Condition, _ keyword: String, split: (Condition) -> (Condition, Condition)?,
                              operand: (Condition) -> String) -> String {
        var rights: [Condition] = []
        var node = condition
        while let (lhs, rhs) = split(node) {
            rights.append(rhs)
            node = lhs
        }
        var text = operand(node)
        for rhs in rights.reversed() {
            text += split(rhs) == nil ? " \(keyword) " + operand(rhs) : " \(keyword) (" + print(rhs) + ")"
        }
        return text
    }

    private static func operand(_ condition: Condition) -> String {
        if case .or = condition { return "(" + print(condition) + ")" }
        return print(condition)
    }

    public static func print(_ predicate: Predicate) -> String {
        switch predicate.kind {
        case let .compare(field, op, value): "\(field.rawValue) \(op.rawValue) \(print(value))"
        case let .member(field, values): "\(field.rawValue) in (" + values.map(print).joined(separator: ", ") + ")"
        case let .noneOf(field, values): "\(field.rawValue) != " + values.map(print).joined(separator: "|")
        case let .range(field, op, low, high): "\(field.rawValue) \(op.rawValue) \(low.map(print) ?? "")..\(high.map(print) ?? "")"
        case let .saved(name): "@\(name)"
        case let .flag(field): field.rawValue
        case let .missing(field): "missing \(field.rawValue)"
        case let .has(field): "has \(field.rawValue)"
        case let .text(text): quoted(text)
        }
    }

    public static func print(_ value: Value) -> String {
        switch value.kind {
        case let .word(text): isBare(text) ? text : quoted(text)
        case let .number(number): self.number(number)
        case let .string(text): quoted(text)
        case let .boolean(flag): flag ? "true" : "false"
        }
    }

    /// A subject as a bare word when it lexes back as the same word and is no keyword, else quoted.
    static func word(_ text: String) -> String {
        isBare(text) && !Parser.reservedWords.contains(text.lowercased()) ? text : quoted(text)
    }

    static func isBare(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy(Lexer.isWordCharacter) && Lexer.number(text) == nil && !text.contains("..")
    }

    /// ` within 1 hop`, ` direct` (0 hops) or nothing.
    static func bound(_ maxHops: Int?) -> String {
        switch maxHops {
        case nil: ""
        case 0?: " direct"
        case let hops?: " within \(hops) hop\(hops == 1 ? "" : "s")"
        }
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// `400`, `-40`, `0.5`: integers without a decimal point.
    public static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
