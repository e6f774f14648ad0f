import Foundation
import KBCore

/// The JSON body of an API write: every member any write takes (each endpoint reads its own).
struct WriteBody: Decodable, Sendable {
    /// A field's value: text, a number, true/false, or a list of them (written as the CLI takes
    /// a list: joined by commas, e.g. `about`).
    enum Value: Decodable, Sendable {
        case text(String)
        case list([Value])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) {
                self = .text(flag ? "yes" : "no")
            } else if let number = try? container.decode(Int.self) {
                self = .text(String(number))
            } else if let number = try? container.decode(Double.self) {
                self = .text(JSONValue.format(number))
            } else if let text = try? container.decode(String.self) {
                self = .text(text)
            } else if let list = try? container.decode([Value].self) {
                self = .list(list)
            } else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "a field's value is text, a number, true/false or a list of them")
            }
        }

        var texts: [String] {
            switch self {
            case let .text(text): [text]
            case let .list(values): values.flatMap(\.texts)
            }
        }
    }

    var fields: [String: Value]?
    var reason: String?
    var ifVersion: Int?
    var kind: String?
    var to: String?
    var note: String?
    var date: String?
    var url: String?
    var force: Bool?

    enum CodingKeys: String, CodingKey {
        case fields, reason, kind, to, note, date, url, force
        case ifVersion = "if_version"
    }

    /// The body as the write it is; 400 with what is wrong when it is not a JSON object of these.
    static func decode(_ data: Data) throws -> WriteBody {
        // The JSON's syntax apart from its members' types: valid JSON whose number does not fit
        // (`"if_version": 3.5`, `1e40`) is a member's mistake, not "not valid JSON" (review 39 M2).
        guard let parsed = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            throw ServeError.badRequest("the body is not valid JSON", help: example)
        }
        if parsed is [String: Any], (try? JSONDecoder().decode(VersionProbe.self, from: data)) == nil {
            throw ServeError.badRequest("'if_version' must be a whole number", help: example)
        }
        do {
            return try JSONDecoder().decode(WriteBody.self, from: data)
        } catch let DecodingError.typeMismatch(type, context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            guard !path.isEmpty else { throw ServeError.badRequest("the body must be a JSON object", help: example) }
            throw ServeError.badRequest("'\(path)' must be \(words(for: type))", help: example)
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            // A field's value of none of the kinds it takes (Value's own message says which).
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw ServeError.badRequest("'\(path)': \(context.debugDescription)", help: example)
        } catch {
            // Foundation's description of bad JSON names its own types and offsets: not shown (trial 21 m3).
            throw ServeError.badRequest("the body is not valid JSON", help: example)
        }
    }

    /// `if_version` alone: decodes when it is absent, null or an integer that fits.
    private struct VersionProbe: Decodable {
        var version: Int?
        enum CodingKeys: String, CodingKey { case version = "if_version" }
    }

    /// What the `help` of a body that cannot be read shows.
    static let example = #"a write's body is one JSON object, e.g. {"fields": {"statement": "…"}, "reason": "…", "if_version": 3}"#

    /// A member's expected type in the API's words, not Swift's (`Dictionary<String, Value>`).
    static func words(for type: Any.Type) -> String {
        switch type {
        case is String.Type: "text"
        case is Int.Type: "a whole number"
        case is Bool.Type: "true or false"
        case is [String: Value].Type, is [String: Any].Type: "an object of field names and values"
        case is [Value].Type, is [Any].Type: "a list"
        default: "of another type"
        }
    }

    /// The fields as the assignments `kb add`/`kb edit` take.
    func assignments(for kind: RecordKind) throws -> [FieldAssignment] {
        guard let fields, !fields.isEmpty else {
            throw ServeError.badRequest("'fields' must be an object of field names and values",
                                        help: "fields of a \(kind.rawValue): " + CuratedFields.names(kind).joined(separator: ", "))
        }
        return fields.keys.sorted().map { name in FieldAssignment(field: name, value: (fields[name]?.texts ?? []).joined(separator: ", ")) }
    }
}
