import Foundation
import KBDomain
import KBQuery
import KBStore

/// A value while a mapping is evaluated: text (what CSV cells are), a number, a truth value,
/// or nothing (an empty cell, a failed conversion).
enum MappingValue: Equatable {
    case text(String)
    case number(Double)
    case bool(Bool)
    case null

    var isEmpty: Bool {
        switch self {
        case .null: true
        case let .text(text): text.trimmed.isEmpty
        default: false
        }
    }

    /// Text as written; numbers in their shortest form.
    var text: String? {
        switch self {
        case let .text(text): text
        case let .number(number): JSONValue.format(number)
        case let .bool(flag): flag ? "true" : "false"
        case .null: nil
        }
    }

    /// A number from "1,066", " 12 054 ", "0.43", "1e-3"; nil for anything else.
    var number: Double? {
        switch self {
        case let .number(number):
            return number
        case let .text(text):
            // "1,066", "12 054", "−0.4" (U+2212): drop separators, read the minus sign.
            var cleaned = ""
            for scalar in text.unicodeScalars {
                switch scalar {
                case ",", "_", " ", "\u{00A0}", "\t": continue
                case "\u{2212}": cleaned.append("-")
                default: cleaned.unicodeScalars.append(scalar)
                }
            }
            return cleaned.isEmpty ? nil : Double(cleaned).flatMap { $0.isFinite ? $0 : nil }
        case let .bool(flag):
            return flag ? 1 : 0
        case .null:
            return nil
        }
    }

    var truth: Bool {
        switch self {
        case let .bool(flag): flag
        case .null: false
        case let .number(number): number != 0
        case let .text(text): !text.trimmed.isEmpty
        }
    }
}

/// The little expression language of CSV mappings:
///
/// ```
/// expr  = or ; or = and {"or" and} ; and = not {"and" not} ; not = "not" not | cmp
/// cmp   = sum [("=" | "!=" | "<" | "<=" | ">" | ">=") sum]
/// sum   = prod {("+" | "-") prod} ; prod = unary {("*" | "/") unary} ; unary = "-" unary | atom
/// atom  = NUMBER | 'text' | "text" | COLUMN | `column with spaces` | FUNCTION "(" [expr {"," expr}] ")" | "(" expr ")"
/// ```
/// Columns are the CSV header's names (`joined.column` for a joined file; `name#2` for the second
/// of two columns with one name). Arithmetic on an empty or non-numeric cell gives nothing, so a
/// missing count stays missing rather than becoming 0. Functions: `empty`, `lower`, `upper`,
/// `trim`, `fold`, `number`, `year`, `round`, `coalesce`, `concat`, `if`, `replace`, `abs`, `before(text, sep)`,
/// `after(text, sep)`, `hash` (a short stable id made from values).
indirect enum MappingExpression: Equatable {
    case literal(MappingValue)
    case column(String)
    case unary(String, MappingExpression)
    case binary(String, MappingExpression, MappingExpression)
    case call(String, [MappingExpression])

    static let functions: [String: ClosedRange<Int>] = [
        "empty": 1...1, "lower": 1...1, "upper": 1...1, "trim": 1...1, "fold": 1...1, "number": 1...1, "year": 1...1,
        "round": 1...2, "coalesce": 1...20, "concat": 1...20, "if": 3...3, "replace": 3...3, "abs": 1...1, "hash": 1...30, "before": 2...2, "after": 2...2,
    ]

    /// Every column the expression reads.
    var columns: [String] {
        switch self {
        case .literal: []
        case let .column(name): [name]
        case let .unary(_, inner): inner.columns
        case let .binary(_, lhs, rhs): lhs.columns + rhs.columns
        case let .call(_, arguments): arguments.flatMap(\.columns)
        }
    }

    /// The columns the expression reads as numbers: operands of `+ - * /` and of `number`,
    /// `round` and `abs`. A cell there that is not a number is reported (``CSVMapper``).
    var numericColumns: [String] {
        func operand(_ expression: MappingExpression) -> [String] {
            if case let .column(name) = expression { return [name] }
            return expression.numericColumns
        }
        switch self {
        case .literal, .column: return []
        case let .unary(op, inner): return op == "not" ? inner.numericColumns : operand(inner)
        case let .binary(op, lhs, rhs):
            return ["+", "-", "*", "/"].contains(op) ? operand(lhs) + operand(rhs) : lhs.numericColumns + rhs.numericColumns
        case let .call(name, arguments):
            if ["number", "round", "abs"].contains(name), let first = arguments.first {
                return operand(first) + arguments.dropFirst().flatMap(\.numericColumns)
            }
            return arguments.flatMap(\.numericColumns)
        }
    }

    func evaluate(_ lookup: (String) -> MappingValue) -> MappingValue {
        switch self {
        case let .literal(value):
            return value
        case let .column(name):
            return lookup(name)
        case let .unary(op, inner):
            let value = inner.evaluate(lookup)
            switch op {
            case "not": return .bool(!value.truth)
            default: return value.number.map { .number(-$0) } ?? .null
            }
        case let .binary(op, lhsExpression, rhsExpression):
            let lhs = lhsExpression.evaluate(lookup)
            if op == "and" { return .bool(lhs.truth && rhsExpression.evaluate(lookup).truth) }
            if op == "or" { return .bool(lhs.truth || rhsExpression.evaluate(lookup).truth) }
            let rhs = rhsExpression.evaluate(lookup)
            switch op {
            case "+", "-", "*", "/":
                guard let a = lhs.number, let b = rhs.number else { return .null }
                switch op {
                case "+": return .number(a + b)
                case "-": return .number(a - b)
                case "*": return .number(a * b)
                default: return b == 0 ? .null : .number(a / b)
                }
            default:
                return .bool(Self.compare(op, lhs, rhs))
            }
        case let .call(name, arguments):
            let values = arguments.map { $0.evaluate(lookup) }
            return Self.call(name, values)
        }
    }

    static func compare(_ op: String, _ lhs: MappingValue, _ rhs: MappingValue) -> Bool {
        if op == "=" || op == "!=" {
            let equal: Bool
            if let a = lhs.number, let b = rhs.number { equal = a == b } else {
                equal = (lhs.text ?? "").trimmed == (rhs.text ?? "").trimmed
            }
            return op == "=" ? equal : !equal
        }
        guard let a = lhs.number, let b = rhs.number else { return false }
        switch op {
        case "<": return a < b
        case "<=": return a <= b
        case ">": return a > b
        default: return a >= b
        }
    }

    static func call(_ name: String, _ values: [MappingValue]) -> MappingValue {
        func text(_ index: Int) -> String { values[index].text ?? "" }
        switch name {
        case "empty": return .bool(values[0].isEmpty)
        case "lower": return values[0].isEmpty ? .null : .text(text(0).lowercased())
        case "upper": return values[0].isEmpty ? .null : .text(text(0).uppercased())
        case "trim": return values[0].isEmpty ? .null : .text(text(0).trimmed)
        case "fold": return values[0].isEmpty ? .null : .text(Slug.fold(text(0)))
        case "number": return values[0].number.map(MappingValue.number) ?? .null
        case "year": return BibTeXConverter.firstYear(text(0)).map { .number(Double($0)) } ?? .null
        case "abs": return values[0].number.map { .number(abs($0)) } ?? .null
        case "round":
            guard let value = values[0].number else { return .null }
            let places = values.count > 1 ? Int(values[1].number ?? 0) : 0
            let scale = pow(10, Double(places))
            return .number((value * scale).rounded() / scale)
        case "coalesce": return values.first { !$0.isEmpty } ?? .null
        case "concat": return .text(values.compactMap(\.text).joined())
        case "if": return values[0].truth ? values[1] : values[2]
        case "replace": return values[0].isEmpty ? .null : .text(text(0).replacingOccurrences(of: text(1), with: text(2)))
        case "before":
            guard !values[0].isEmpty else { return .null }
            let whole = text(0)
            return .text(whole.range(of: text(1)).map { String(whole[..<$0.lowerBound]) } ?? whole)
        case "after":
            guard !values[0].isEmpty, let range = text(0).range(of: text(1)) else { return .null }
            return .text(String(text(0)[range.upperBound...]))
        case "hash":
            // FNV-1a (64-bit) over the values: a short id that stays the same for the same row.
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in values.map({ $0.text ?? "" }).joined(separator: "\u{1F}").utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
            return .text(String(String(hash, radix: 16).suffix(8)))
        default: return .null
        }
    }
}

/// Parses mapping expressions; errors point into the mapping file.
struct MappingExpressionParser {
    enum Token: Equatable {
        case number(Double), string(String), name(String), op(String), open, close, comma, end
    }

    let source: String
    var tokens: [(Token, Int)] = []
    var index = 0

    /// - Throws: a message and the character offset it refers to.
    init(_ source: String) throws {
        self.source = source
        tokens = try Self.lex(source)
    }

    struct Failure: Error {
        var message: String
        var offset: Int
    }

    /// The text between the opening character at `i` and `close`; `i` ends past `close`.
    static func delimited(_ characters: [Character], _ i: inout Int, close: Character, what: String) throws -> String {
        let start = i
        i += 1
        var text = ""
        while i < characters.count, characters[i] != close { text.append(characters[i]); i += 1 }
        guard i < characters.count else { throw Failure(message: "unterminated \(what)", offset: start) }
        i += 1
        return text
    }

    static func lex(_ source: String) throws -> [(Token, Int)] {
        let characters = Array(source)
        var tokens: [(Token, Int)] = []
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if c.isWhitespace { i += 1; continue }
            let start = i
            if c.isNumber || (c == "." && i + 1 < characters.count && characters[i + 1].isNumber) {
                while i < characters.count, characters[i].isNumber || characters[i] == "." { i += 1 }
                if i < characters.count, characters[i] == "e" || characters[i] == "E" {
                    i += 1
                    if i < characters.count, characters[i] == "-" || characters[i] == "+" { i += 1 }
                    while i < characters.count, characters[i].isNumber { i += 1 }
                }
                guard let value = Double(String(characters[start..<i])) else { throw Failure(message: "not a number", offset: start) }
                tokens.append((.number(value), start))
            } else if c == "'" || c == "\"" {
                tokens.append((.string(try delimited(characters, &i, close: c, what: "string")), start))
            } else if c == "`" || c == "[" {
                tokens.append((.name(try delimited(characters, &i, close: c == "`" ? "`" : "]", what: "column name")), start))
            } else if c.isLetter || c == "_" {
                while i < characters.count, characters[i].isLetter || characters[i].isNumber || "_.#".contains(characters[i]) { i += 1 }
                tokens.append((.name(String(characters[start..<i])), start))
            } else if c == "(" {
                tokens.append((.open, start)); i += 1
            } else if c == ")" {
                tokens.append((.close, start)); i += 1
            } else if c == "," {
                tokens.append((.comma, start)); i += 1
            } else if "=!<>".contains(c) {
                i += 1
                if i < characters.count, characters[i] == "=" { i += 1 }
                let op = String(characters[start..<i])
                guard op != "!" else { throw Failure(message: "expected '!='", offset: start) }
                tokens.append((.op(op == "==" ? "=" : op), start))
            } else if "+-*/".contains(c) {
                tokens.append((.op(String(c)), start)); i += 1
            } else {
                throw Failure(message: "unexpected character '\(c)'", offset: start)
            }
        }
        tokens.append((.end, characters.count))
        return tokens
    }

    static func parse(_ source: String) throws -> MappingExpression {
        var parser = try MappingExpressionParser(source)
        let expression = try parser.expression()
        guard parser.current == .end else { throw Failure(message: "unexpected text after the expression", offset: parser.offset) }
        return expression
    }

    var current: Token { tokens[index].0 }
    var offset: Int { tokens[index].1 }

    mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    func isWord(_ word: String) -> Bool {
        if case let .name(name) = current { return name.lowercased() == word }
        return false
    }

    mutating func expression() throws -> MappingExpression {
        var lhs = try conjunction()
        while isWord("or") { advance(); lhs = .binary("or", lhs, try conjunction()) }
        return lhs
    }

    mutating func conjunction() throws -> MappingExpression {
        var lhs = try negation()
        while isWord("and") { advance(); lhs = .binary("and", lhs, try negation()) }
        return lhs
    }

    mutating func negation() throws -> MappingExpression {
        if isWord("not") { advance(); return .unary("not", try negation()) }
        return try comparison()
    }

    mutating func comparison() throws -> MappingExpression {
        let lhs = try sum()
        if case let .op(op) = current, ["=", "!=", "<", "<=", ">", ">="].contains(op) {
            advance()
            return .binary(op, lhs, try sum())
        }
        return lhs
    }

    mutating func sum() throws -> MappingExpression {
        var lhs = try product()
        while case let .op(op) = current, op == "+" || op == "-" { advance(); lhs = .binary(op, lhs, try product()) }
        return lhs
    }

    mutating func product() throws -> MappingExpression {
        var lhs = try unary()
        while case let .op(op) = current, op == "*" || op == "/" { advance(); lhs = .binary(op, lhs, try unary()) }
        return lhs
    }

    mutating func unary() throws -> MappingExpression {
        if case .op("-") = current { advance(); return .unary("-", try unary()) }
        return try atom()
    }

    mutating func atom() throws -> MappingExpression {
        let start = offset
        switch current {
        case let .number(value):
            advance()
            return .literal(.number(value))
        case let .string(text):
            advance()
            return .literal(.text(text))
        case .open:
            advance()
            let inner = try expression()
            guard current == .close else { throw Failure(message: "expected ')'", offset: offset) }
            advance()
            return inner
        case let .name(name):
            advance()
            if current == .open {
                guard let arity = MappingExpression.functions[name.lowercased()] else {
                    throw Failure(message: "unknown function '\(name)'; known: \(MappingExpression.functions.keys.sorted().joined(separator: ", "))", offset: start)
                }
                advance()
                var arguments: [MappingExpression] = []
                if current != .close {
                    arguments.append(try expression())
                    while current == .comma { advance(); arguments.append(try expression()) }
                }
                guard current == .close else { throw Failure(message: "expected ',' or ')' in the call of \(name)", offset: offset) }
                advance()
                guard arity.contains(arguments.count) else {
                    throw Failure(message: "\(name) takes \(arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)") argument(s), found \(arguments.count)", offset: start)
                }
                return .call(name.lowercased(), arguments)
            }
            switch name.lowercased() {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            case "null": return .literal(.null)
            default: return .column(name)
            }
        default:
            throw Failure(message: "expected a value, a column or a function", offset: start)
        }
    }
}
