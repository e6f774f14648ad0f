import KBDomain
import KBStore
import KBQuery

/// How a mapping computes one field from a row:
/// - `"text"` — a constant;
/// - `"{column}"`, `"{Study ID} ({country})"`, `"{= tested_maj + tested_min}"` — a template;
/// - `"= tested_maj + tested_min"` — an expression (see ``MappingExpression``);
/// - `{value: …, map: {from: to, …}, default: …}` — a value map (`default: keep` keeps the value;
///   without a default an unmapped value is an error for that row);
/// - `{if: expression, then: …, else: …}` — a choice.
indirect enum ValueSpec {
    enum Part {
        case text(String)
        case expression(MappingExpression)
    }

    enum Fallback {
        case keep
        case value(ValueSpec)
        case error
    }

    case constant(String)
    case template([Part])
    case expression(MappingExpression)
    case mapped(ValueSpec, [String: String], Fallback)
    case conditional(MappingExpression, ValueSpec, ValueSpec?)

    /// Every column the spec reads.
    var columns: [String] {
        switch self {
        case .constant: []
        case let .template(parts):
            parts.flatMap { part -> [String] in
                if case let .expression(expression) = part { return expression.columns }
                return []
            }
        case let .expression(expression): expression.columns
        case let .mapped(inner, _, fallback):
            if case let .value(spec) = fallback { inner.columns + spec.columns } else { inner.columns }
        case let .conditional(condition, then, otherwise): condition.columns + then.columns + (otherwise?.columns ?? [])
        }
    }

    /// The columns the spec reads as numbers (see ``MappingExpression/numericColumns``).
    var numericColumns: [String] {
        switch self {
        case .constant: []
        case let .template(parts):
            parts.flatMap { part -> [String] in
                if case let .expression(expression) = part { return expression.numericColumns }
                return []
            }
        case let .expression(expression): expression.numericColumns
        case let .mapped(inner, _, fallback):
            if case let .value(spec) = fallback { inner.numericColumns + spec.numericColumns } else { inner.numericColumns }
        case let .conditional(condition, then, otherwise): condition.numericColumns + then.numericColumns + (otherwise?.numericColumns ?? [])
        }
    }

    /// The value for a row; `unmapped` is called with a value a map has no entry for (and no
    /// default), `defaulted` with one a map's `default` (other than `keep`) stood in for, and the
    /// column it came from.
    func evaluate(_ lookup: (String) -> MappingValue, unmapped: (String) throws -> Void,
                  defaulted: (String, String?) -> Void = { _, _ in }) rethrows -> MappingValue {
        switch self {
        case let .constant(text):
            return .text(text)
        case let .template(parts):
            if parts.count == 1, case let .expression(expression) = parts[0] {
                let value = expression.evaluate(lookup)
                return value.isEmpty ? .null : value
            }
            var out = ""
            var anyValue = false
            var anyPlaceholder = false
            for part in parts {
                switch part {
                case let .text(text): out += text
                case let .expression(expression):
                    anyPlaceholder = true
                    let value = expression.evaluate(lookup)
                    if !value.isEmpty { anyValue = true }
                    out += value.text ?? ""
                }
            }
            return anyPlaceholder && !anyValue ? .null : .text(out)
        case let .expression(expression):
            let value = expression.evaluate(lookup)
            return value.isEmpty ? .null : value
        case let .mapped(inner, table, fallback):
            let value = try inner.evaluate(lookup, unmapped: unmapped, defaulted: defaulted)
            guard let key = value.text?.trimmed, !key.isEmpty else { return .null }
            if let mapped = table[key] ?? table[key.lowercased()] { return mapped.isEmpty || mapped == "null" ? .null : .text(mapped) }
            switch fallback {
            case .keep: return value
            case let .value(spec):
                // A value nobody mapped (the register's 'GER') is not silently the default.
                defaulted(key, inner.columns.first)
                return try spec.evaluate(lookup, unmapped: unmapped, defaulted: defaulted)
            case .error:
                try unmapped(key)
                return .null
            }
        case let .conditional(condition, then, otherwise):
            if condition.evaluate(lookup).truth { return try then.evaluate(lookup, unmapped: unmapped, defaulted: defaulted) }
            return try otherwise?.evaluate(lookup, unmapped: unmapped, defaulted: defaulted) ?? .null
        }
    }

    /// Reads a spec from YAML; expression errors point into the mapping file.
    static func parse(_ value: YAMLValue) throws -> ValueSpec {
        if case .mapping = value.node {
            let map = try value.mapping(allowed: ["value", "map", "default", "if", "then", "else", "const"])
            if let constant = map["const"] { return .constant(try constant.string()) }
            if let condition = map["if"] {
                return .conditional(try expression(condition, text: try condition.string()), try parse(try map.required("then")),
                                    try map["else"].map(parse))
            }
            let inner = try parse(try map.required("value"))
            guard let table = map["map"] else { return inner }
            var entries: [String: String] = [:]
            for (key, target) in try table.pairs() {
                entries[try key.string()] = target.isNull ? "" : try target.string()
            }
            let fallback: Fallback
            if let given = map["default"] {
                fallback = (try? given.string()) == "keep" ? .keep : .value(try parse(given))
            } else if map.has("default") {
                fallback = .value(.expression(.literal(.null)))
            } else {
                fallback = .error
            }
            return .mapped(inner, entries, fallback)
        }
        let text = try value.string()
        if text.hasPrefix("=") { return .expression(try expression(value, text: String(text.dropFirst()), offset: 1)) }
        guard text.contains("{") else { return .constant(text) }
        var parts: [Part] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "{" {
                guard let close = text[index...].firstIndex(of: "}") else {
                    throw value.error("mapping.unclosed-brace", "'{' without '}' in \"\(text)\"", help: "write {column} or {= expression}")
                }
                if !literal.isEmpty { parts.append(.text(literal)); literal = "" }
                let inside = String(text[text.index(after: index)..<close])
                let offset = text.distance(from: text.startIndex, to: index) + 1
                if inside.hasPrefix("=") {
                    parts.append(.expression(try expression(value, text: String(inside.dropFirst()), offset: offset + 1)))
                } else {
                    parts.append(.expression(.column(inside.trimmed)))
                }
                index = text.index(after: close)
            } else {
                literal.append(character)
                index = text.index(after: index)
            }
        }
        if !literal.isEmpty { parts.append(.text(literal)) }
        return .template(parts)
    }

    static func expression(_ value: YAMLValue, text: String, offset: Int = 0) throws -> MappingExpression {
        do {
            return try MappingExpressionParser.parse(text)
        } catch let failure as MappingExpressionParser.Failure {
            var location = value.location
            let column = location.range.lowerBound + offset + failure.offset + (isQuoted(value) ? 1 : 0)
            location.range = column..<(column + 1)
            throw Diagnostic(id: "mapping.expression", message: failure.message, location: location)
        }
    }

    static func isQuoted(_ value: YAMLValue) -> Bool {
        if case let .scalar(scalar) = value.node { return scalar.style == .singleQuoted || scalar.style == .doubleQuoted }
        return false
    }
}
