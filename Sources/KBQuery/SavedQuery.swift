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
    public static var bundled: [SavedQuery] {
        EmbeddedFiles.all.filter { $0.path.hasPrefix("Queries/") && $0.path.hasSuffix(".kbq") }.compactMap { file in
            let name = String(file.path.dropFirst("Queries/".count).dropLast(".kbq".count))
            return try? SavedQuery(name: name, file: file.path, text: file.text)
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
        let local = "Queries/\(nameOrPath).kbq"
        if let data = manager.contents(atPath: local), let text = String(data: data, encoding: .utf8) {
            return try SavedQuery(name: nameOrPath, file: local, text: text)
        }
        if let bundled = bundled.first(where: { $0.name == nameOrPath }) { return bundled }
        throw KBError.notFound(what: "saved query", name: nameOrPath,
                               suggestions: Suggestions.nearest(to: nameOrPath, in: bundled.map(\.name)))
    }
}
