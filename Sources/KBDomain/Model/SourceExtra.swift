import Foundation

/// Keys kb keeps in `source.extra` besides CSL variables. They start with `kb-` and never reach
/// CSL-JSON exports.
package enum SourceExtra {
    package static let protectedWords = "kb-protected-words"
    package static let authorsIncomplete = "kb-authors-incomplete"
    package static let invalidDOI = "kb-invalid-doi"
    /// The DOI as the file wrote it, when it had stray characters (``DOI/writingQuirk(_:texAllowed:)``).
    package static let doiAsWritten = "kb-doi-as-written"
    /// "'Huang_2014' names 2 entries of fred_original.bib (lines 10, 200)": a key the file used twice.
    package static let duplicateKey = "kb-duplicate-key"

    package static func encode(_ object: [String: Any]) -> String? {
        guard !object.isEmpty else { return nil }
        func value(_ item: Any) -> JSONValue {
            switch item {
            case let text as String: return .string(text)
            // Swift values first, by their exact type: `1 as Any` casts to Bool through NSNumber
            // bridging, which once turned a CSL `edition: 1` into `true`.
            case let flag as Bool where type(of: item) == Bool.self: return .bool(flag)
            case let number as Int where type(of: item) == Int.self: return .number(Double(number))
            case let number as Double where type(of: item) == Double.self: return .number(number)
            // JSONSerialization gives NSNumbers for numbers and booleans alike; only the
            // number's own type (`c`, a char, for a boolean) tells them apart.
            case let number as NSNumber: return String(cString: number.objCType) == "c" ? .bool(number.boolValue) : .number(number.doubleValue)
            case let list as [Any]: return .array(list.map(value))
            case let map as [String: Any]: return .object(map.mapValues(value))
            default: return .null
            }
        }
        return JSONValue.object(object.mapValues(value)).compact
    }

    package static func decode(_ text: String?) -> [String: Any] {
        guard let text, let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return [:] }
        return object
    }
}
