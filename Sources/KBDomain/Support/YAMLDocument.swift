import Yams

/// A parsed YAML file whose every value knows where it was written, so that validation errors
/// read `Seeds/claims.yaml:14:7: error: unknown design 'rtc'`.
package struct YAMLDocument {
    let file: String
    let text: String
    package let root: YAMLValue?

    /// Parses `text`; a syntax error becomes a ``Diagnostic`` at its line and column.
    package init(file: String, text: String) throws {
        self.file = file
        self.text = text
        do {
            let node = try Yams.compose(yaml: text)
            if let node, let nul = Self.firstNUL(in: node) {
                throw Diagnostic(id: "yaml.nul-character", message: "a value holds a NUL character (U+0000), which kb does not store",
                                 location: SourceLocation(file: file, text: text, line: nul.line, column: nul.column),
                                 help: "remove the \\0 (or \\x00, \\u0000) escape from the quoted value")
            }
            self.root = node.map { YAMLValue(node: $0, file: file, text: text) }
        } catch let error as YamlError {
            throw Self.diagnostic(for: error, file: file, text: text)
        }
    }

    /// Where the first scalar (a value or a key) holding U+0000 starts: a double-quoted
    /// scalar's escape (`"\0"`) makes one. PostgreSQL's text cannot hold it, so it is refused
    /// as bad input on every store alike, rather than kept on one and cut off on the other.
    static func firstNUL(in node: Node) -> (line: Int, column: Int)? {
        switch node {
        case let .scalar(scalar):
            return scalar.string.unicodeScalars.contains("\u{0}") ? (scalar.mark?.line ?? 1, scalar.mark?.column ?? 1) : nil
        case let .mapping(mapping):
            for (key, value) in mapping {
                if let mark = firstNUL(in: key) ?? firstNUL(in: value) { return mark }
            }
            return nil
        case let .sequence(sequence):
            for element in sequence {
                if let mark = firstNUL(in: element) { return mark }
            }
            return nil
        case .alias:
            return nil
        }
    }

    private static func diagnostic(for error: YamlError, file: String, text: String) -> Diagnostic {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let message = [context.map { "\($0.text)" }, problem].compactMap { $0 }.joined(separator: ": ")
            return Diagnostic(id: "yaml.syntax", message: "invalid YAML: \(message)",
                              location: SourceLocation(file: file, text: text, line: mark.line, column: mark.column))
        case let .reader(problem, _, _, _):
            return Diagnostic(id: "yaml.encoding", message: "cannot read YAML: \(problem)",
                              location: SourceLocation(file: file, text: text, line: 1, column: 1, length: 0))
        default:
            return Diagnostic(id: "yaml.syntax", message: "invalid YAML: \(error)",
                              location: SourceLocation(file: file, text: text, line: 1, column: 1, length: 0))
        }
    }
}

/// One YAML node with its position.
package struct YAMLValue {
    package let node: Node
    package let file: String
    package let text: String

    package var line: Int { node.mark?.line ?? 1 }
    var column: Int { node.mark?.column ?? 1 }

    package var location: SourceLocation {
        let length: Int
        if case let .scalar(scalar) = node { length = max(1, scalar.string.split(separator: "\n").first.map(\.count) ?? 1) } else { length = 1 }
        return SourceLocation(file: file, text: text, line: line, column: column, length: length)
    }

    package func error(_ id: String, _ message: String, help: String? = nil) -> Diagnostic {
        Diagnostic(id: id, message: message, location: location, help: help)
    }

    package var isNull: Bool {
        if case let .scalar(scalar) = node {
            return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
        }
        return false
    }

    /// The scalar's text, exactly as written (YAML 1.1 booleans such as `yes` stay text).
    package func string() throws -> String {
        guard case let .scalar(scalar) = node else {
            throw error("seed.expected-scalar", "expected a single value, found a \(kindName)")
        }
        return scalar.string
    }

    package func nonEmptyString() throws -> String {
        let value = try string().trimmed
        if value.isEmpty { throw error("seed.empty-value", "expected a value, found nothing") }
        return value
    }

    package func int() throws -> Int {
        let text = try string()
        guard let value = Int(text.replacingOccurrences(of: "_", with: "")) else {
            throw error("seed.expected-integer", "expected a whole number, found '\(text)'")
        }
        return value
    }

    package func double() throws -> Double {
        let text = try string()
        guard let value = Double(text), value.isFinite else {
            throw error("seed.expected-number", "expected a number, found '\(text)'")
        }
        return value
    }

    package func bool() throws -> Bool {
        switch try string().lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        case let other: throw error("seed.expected-boolean", "expected true or false, found '\(other)'")
        }
    }

    /// A value from a closed vocabulary, with a did-you-mean on a miss.
    package func oneOf<T: RawRepresentable & CaseIterable>(_ type: T.Type, what: String) throws -> T where T.RawValue == String {
        let text = try string()
        if let value = T(rawValue: text) { return value }
        let names = T.allCases.map(\.rawValue)
        let near = Suggestions.nearest(to: text, in: names)
        throw error("seed.unknown-\(what.replacingOccurrences(of: " ", with: "-"))", "unknown \(what) '\(text)'",
                    help: near.isEmpty ? "expected one of: \(names.joined(separator: ", "))" : "did you mean '\(near[0])'?")
    }

    package func sequence() throws -> [YAMLValue] {
        switch node {
        case let .sequence(sequence): return sequence.map { YAMLValue(node: $0, file: file, text: text) }
        default: throw error("seed.expected-list", "expected a list, found a \(kindName)")
        }
    }

    /// A list, or a single value taken as a list of one.
    package func list() throws -> [YAMLValue] {
        if case .sequence = node { return try sequence() }
        return [self]
    }

    /// The mapping, checking that it uses only `allowed` keys (with a did-you-mean otherwise)
    /// and that no key appears twice.
    package func mapping(allowed: [String]) throws -> YAMLMapping {
        guard case let .mapping(mapping) = node else {
            throw error("seed.expected-mapping", "expected a mapping of keys to values, found a \(kindName)")
        }
        var entries: [(key: YAMLValue, value: YAMLValue)] = []
        var seen = Set<String>()
        for (key, value) in mapping {
            let keyValue = YAMLValue(node: key, file: file, text: text)
            let name = try keyValue.string()
            guard allowed.contains(name) else {
                let near = Suggestions.nearest(to: name, in: allowed)
                throw keyValue.error("seed.unknown-key", "unknown key '\(name)'",
                                     help: near.isEmpty ? "expected one of: \(allowed.joined(separator: ", "))" : "did you mean '\(near[0])'?")
            }
            guard seen.insert(name).inserted else {
                throw keyValue.error("seed.duplicate-key", "key '\(name)' appears twice")
            }
            entries.append((keyValue, YAMLValue(node: value, file: file, text: text)))
        }
        return YAMLMapping(owner: self, entries: entries)
    }

    /// A mapping of arbitrary keys (e.g. skill → weight), in file order.
    package func pairs() throws -> [(key: YAMLValue, value: YAMLValue)] {
        guard case let .mapping(mapping) = node else {
            throw error("seed.expected-mapping", "expected a mapping of keys to values, found a \(kindName)")
        }
        return mapping.map { (YAMLValue(node: $0.key, file: file, text: text), YAMLValue(node: $0.value, file: file, text: text)) }
    }

    private var kindName: String {
        switch node {
        case .scalar: "single value"
        case .mapping: "mapping"
        case .sequence: "list"
        case .alias: "alias"
        }
    }
}

/// A YAML mapping whose keys were checked against a closed list.
package struct YAMLMapping {
    let owner: YAMLValue
    package let entries: [(key: YAMLValue, value: YAMLValue)]

    package subscript(key: String) -> YAMLValue? {
        entries.first { (try? $0.key.string()) == key }.flatMap { $0.value.isNull ? nil : $0.value }
    }

    /// Whether the key is written at all (also as `key: null`).
    package func has(_ key: String) -> Bool {
        entries.contains { (try? $0.key.string()) == key }
    }

    package func required(_ key: String) throws -> YAMLValue {
        guard let value = self[key] else {
            throw owner.error("seed.missing-key", "missing required key '\(key)'")
        }
        return value
    }

    package func string(_ key: String) throws -> String? { try self[key]?.nonEmptyString() }
    func int(_ key: String) throws -> Int? { try self[key]?.int() }
    package func double(_ key: String) throws -> Double? { try self[key]?.double() }
    package func bool(_ key: String) throws -> Bool? { try self[key]?.bool() }
    package func strings(_ key: String) throws -> [String] { try self[key]?.list().map { try $0.nonEmptyString() } ?? [] }
}
