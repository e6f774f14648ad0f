/// Errors that are not about a position in user input (those are ``Diagnostic``s).
public enum KBError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database file was written by a newer kb whose schema this kb does not know.
    case newerSchema(path: String, known: [String], found: [String])
    /// A read-only open of a database that still needs migrating.
    case needsMigration(path: String, pending: [String])
    /// The file is not a kb database (or is damaged).
    case notAKnowledgeBase(path: String, reason: String)
    /// A name that resolves to nothing.
    case notFound(what: String, name: String, suggestions: [String])
    /// Invalid input data without a precise position (e.g. an unreadable file).
    case invalidInput(String)
    /// A usage problem found after argument parsing (e.g. an unknown profile file).
    case usage(String)

    public var description: String {
        switch self {
        case let .newerSchema(path, known, found):
            let unknown = found.filter { !known.contains($0) }
            return "\(path) was made by a newer version of kb (schema migrations \(unknown.joined(separator: ", ")) are unknown to this one); upgrade kb to open it"
        case let .needsMigration(path, pending):
            return "\(path) needs upgrading to the current schema (\(pending.joined(separator: ", "))), which a read-only open cannot do; open it once without --read-only"
        case let .notAKnowledgeBase(path, reason):
            return "\(path) is not a kb database: \(reason)"
        case let .notFound(what, name, suggestions):
            return "no \(what) '\(name)'" + (suggestions.isEmpty ? "" : " (did you mean \(suggestions.map { "'\($0)'" }.joined(separator: ", "))?)")
        case let .invalidInput(message), let .usage(message):
            return message
        }
    }
}
