import KBDomain
import KBStore

/// One `FIELD=VALUE` of `kb edit` (or `--FIELD VALUE` of `kb add`), with where it was written so
/// that a problem is shown under the value. An empty value clears the field.
public struct FieldAssignment: Sendable, Equatable {
    public var field: String
    public var value: String
    /// The argument as the user wrote it, and the value's character range in it.
    var text: String
    var valueRange: Range<Int>

    public init(field: String, value: String) {
        self.field = field
        self.value = value
        text = "\(field)=\(value)"
        valueRange = (field.count + 1)..<(field.count + 1 + value.count)
    }

    /// The input a field's diagnostics name: the command line's `FIELD=VALUE` (a form's or the
    /// API's field is written as one too, so its line and column are of a text nobody typed).
    public static let locationName = "command line"

    /// `FIELD=VALUE` as `kb edit` takes it.
    public static func parse(_ argument: String) throws -> FieldAssignment {
        guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
            throw Diagnostic(id: "curation.expected-assignment", message: "expected FIELD=VALUE, found '\(argument)'",
                             location: SourceLocation(file: FieldAssignment.locationName, text: argument, range: 0..<argument.count),
                             help: "for example n=480, doi=10.1126/science.adh2586, or note= to clear a field", input: .query)
        }
        return FieldAssignment(field: String(argument[..<equals]), value: String(argument[argument.index(after: equals)...]))
    }

    /// `--FIELD VALUE …` as `kb add` takes them (`--FIELD=VALUE` too).
    public static func parseFlags(_ arguments: [String]) throws -> [FieldAssignment] {
        var result: [FieldAssignment] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--"), argument.count > 2 else {
                throw Diagnostic(id: "curation.expected-flag", message: "expected --FIELD VALUE, found '\(argument)'",
                                 location: SourceLocation(file: FieldAssignment.locationName, text: argument, range: 0..<argument.count),
                                 help: "for example --title \"…\" --issued 2023", input: .query)
            }
            let name = String(argument.dropFirst(2))
            if let equals = name.firstIndex(of: "=") {
                result.append(FieldAssignment(field: String(name[..<equals]), value: String(name[name.index(after: equals)...])))
                index += 1
                continue
            }
            guard index + 1 < arguments.count else {
                throw Diagnostic(id: "curation.missing-value", message: "--\(name) needs a value",
                                 location: SourceLocation(file: FieldAssignment.locationName, text: argument, range: 0..<argument.count), input: .query)
            }
            result.append(FieldAssignment(field: name, value: arguments[index + 1]))
            index += 2
        }
        return result
    }

    /// A problem with this assignment's value (invalid data: exit 3).
    func error(_ id: String, _ message: String, help: String? = nil) -> Diagnostic {
        Diagnostic(id: id, message: message, location: SourceLocation(file: FieldAssignment.locationName, text: text, range: valueRange), help: help)
    }

    /// A problem with this assignment's field name.
    func fieldError(_ id: String, _ message: String, help: String? = nil) -> Diagnostic {
        Diagnostic(id: id, message: message, location: SourceLocation(file: FieldAssignment.locationName, text: text, range: 0..<field.count), help: help)
    }

    /// A value holding a NUL character (U+0000) is refused on every store alike: PostgreSQL's
    /// text cannot hold it. The message shows it as ␀ (U+2400), under the value.
    func nulCharacter() -> Diagnostic? {
        guard let offset = Array(value).firstIndex(of: "\u{0}") else { return nil }
        let start = valueRange.lowerBound + offset
        return Diagnostic(id: "curation.nul-character", message: "the value of '\(field)' holds a NUL character (U+0000), which kb does not store",
                          location: SourceLocation(file: FieldAssignment.locationName, text: String(text.map { $0 == "\u{0}" ? "\u{2400}" : $0 }), range: start..<(start + 1)),
                          help: "remove it from the value")
    }

    var optional: String? { value.isEmpty ? nil : value }
}

/// The fields each record kind takes: the seed YAML's names (Seeds/README.md), plus the query's
/// `year` for `issued` and the taxonomy kinds for a claim's `about`.
public enum CuratedFields {
    public static let source = ["id", "type", "title", "container-title", "publisher", "publisher-place", "volume", "issue", "page",
                                "issued", "year", "doi", "url", "accessed", "note", "peer-reviewed", "authors", "editors"]
    public static let study = ["id", "source", "label", "design", "design-quote", "n", "n-text", "n-unit", "preregistered", "registry",
                               "population", "country", "period"]
    public static let claim = ["id", "statement", "source", "study", "quote", "locator", "metric", "value", "unit", "direction",
                               "baseline", "interval", "replication", "economy-wide", "about", "note"]
        + EntityKind.allCases.map(\.rawValue)

    public static func names(_ kind: RecordKind) -> [String] {
        switch kind {
        case .source: source
        case .study: study
        case .claim: claim
        default: []
        }
    }

    /// The fields a new record must have.
    static func required(_ kind: RecordKind) -> [String] {
        switch kind {
        case .source: ["title"]
        case .study: ["source"]
        case .claim: ["statement"]
        default: []
        }
    }
}
