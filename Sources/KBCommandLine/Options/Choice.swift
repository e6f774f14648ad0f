import ArgumentParser
import KBCore

/// Option values from a closed list (`--format`, `--style`), parsed so that a misspelling gets
/// a did-you-mean and the list, as an unknown word in a query does.
enum Choice {
    /// The case named `text` (any letter case), or a usage error (exit 2) naming the nearest
    /// cases and every accepted value.
    static func parse<Value: CaseIterable & RawRepresentable>(_ text: String) throws -> Value where Value.RawValue == String {
        if let value: Value = find(text) { return value }
        let names = Value.allCases.map(\.rawValue)
        let near = Suggestions.nearest(to: text.lowercased(), in: names)
        throw ValidationError((near.first.map { "did you mean '\($0)'? " } ?? "") + "(expected one of: \(names.joined(separator: ", ")))")
    }

    /// The case named `text` (any letter case), or nil.
    static func find<Value: RawRepresentable>(_ text: String) -> Value? where Value.RawValue == String {
        Value(rawValue: text) ?? Value(rawValue: text.lowercased())
    }
}
