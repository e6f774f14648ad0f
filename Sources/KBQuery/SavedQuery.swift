import Foundation
import KBDomain
import KBStore

/// A saved query: a `.kbq` file whose `#` comment lines give its title (the first) and
/// description, and whose other lines, joined, are the query.
public struct SavedQuery: Sendable, Equatable {
    public var name: String
    public var title: String
    public var description: String
    public var query: String
    /// Where it was read from: a path, or `Queries/NAME.kbq` for the bundled ones.
    public var file: String

    public init(name: String, file: String, text: String) throws {
        self.name = name
        self.file = file
        var comments: [String] = []
        var lines: [String] = []
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let trimmed = line.trimmed
            if trimmed.hasPrefix("#") {
                comments.append(trimmed.drop { $0 == "#" }.trimmed)
            } else if !trimmed.isEmpty {
                lines.append(trimmed)
            }
        }
        self.title = comments.first ?? name
        self.description = comments.dropFirst().joined(separator: " ")
        self.query = lines.joined(separator: " ")
        guard !query.isEmpty else {
            throw KBError.invalidInput("\(file): no query in the file (only comments)")
        }
    }

    /// The queries bundled with kb (the package's `Queries/` folder).
    /// - Throws: ``KBError/invalidInput(_:)`` naming the file when a bundled query is broken (no
    ///   query, or one that does not parse): a packaging mistake that must stop the build's tests
    ///   and the user, rather than make the query vanish from `kb list queries` and `kb run`.
    public static var bundled: [SavedQuery] {
        get throws { try bundled(in: EmbeddedFiles.all) }
    }

    /// The `Queries/*.kbq` files among `files`, each read and its query parsed.
    static func bundled(in files: [(path: String, text: String)]) throws -> [SavedQuery] {
        try files.filter { $0.path.hasPrefix("Queries/") && $0.path.hasSuffix(".kbq") }.map { file in
            let name = String(file.path.dropFirst("Queries/".count).dropLast(".kbq".count))
            do {
                let saved = try SavedQuery(name: name, file: file.path, text: file.text)
                _ = try Parser.parse(saved.query)
                return saved
            } catch let diagnostic as Diagnostic {
                throw KBError.invalidInput("the saved query bundled with kb as \(file.path) does not parse: \(diagnostic.message) "
                                           + "at column \(diagnostic.location.range.lowerBound + 1) of '\(diagnostic.location.text)'")
            } catch {
                throw KBError.invalidInput("the saved query bundled with kb as \(file.path) is broken: \(error)")
            }
        }
    }

    /// A saved query by file path (anything ending in `.kbq` or containing `/`), or by name:
    /// first `Queries/NAME.kbq` under the current directory, then the bundled ones.
    public static func find(_ nameOrPath: String) throws -> SavedQuery {
        let manager = FileManager.default
        if nameOrPath.hasSuffix(".kbq") || nameOrPath.contains("/") {
            guard let data = manager.contents(atPath: nameOrPath), let text = String(data: data, encoding: .utf8) else {
                throw KBError.usage("cannot read saved query file \(nameOrPath)")
            }
            let name = URL(fileURLWithPath: nameOrPath).deletingPathExtension().lastPathComponent
            return try SavedQuery(name: name, file: nameOrPath, text: text)
        }
        if let found = try named(nameOrPath) { return found }
        throw KBError.notFound(what: "saved query", name: nameOrPath,
                               suggestions: Suggestions.nearest(to: nameOrPath, in: try Self.bundled.map(\.name)))
    }

    /// A saved query by name — `Queries/NAME.kbq` under the current directory, then the bundled
    /// one — or nil when there is none.
    /// A name that is not a plain slug (letters, digits, `-`, `_`) names none: `@NAME` comes from
    /// query text — over HTTP too — and must never become a path outside `Queries/`.
    public static func named(_ name: String) throws -> SavedQuery? {
        guard isPlainName(name) else { return nil }
        let local = "Queries/\(name).kbq"
        if let data = FileManager.default.contents(atPath: local), let text = String(data: data, encoding: .utf8) {
            return try SavedQuery(name: name, file: local, text: text)
        }
        return try bundled.first { $0.name == name }
    }

    /// Letters, digits, `-` and `_` only, not starting with `.`: what a saved query's file name
    /// may be.
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }

    /// The names `named(_:)` finds: the current directory's `Queries/*.kbq` and the bundled ones.
    public static func names() throws -> [String] {
        let local = (try? FileManager.default.contentsOfDirectory(atPath: "Queries")) ?? []
        let names = local.filter { $0.hasSuffix(".kbq") }.map { String($0.dropLast(".kbq".count)) } + (try bundled.map(\.name))
        return Array(Set(names)).sorted()
    }
}
