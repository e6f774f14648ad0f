import Foundation
import KBDomain

/// A seed file: its name as shown in messages (`Seeds/claims.yaml`) and its text.
public struct SeedFile: Sendable, Equatable {
    public var name: String
    public var text: String

    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }

    /// The seeds bundled into kb at build time from the package's `Seeds/` folder.
    public static var bundled: [SeedFile] {
        EmbeddedFiles.all
            .filter { $0.path.hasPrefix("Seeds/") && $0.path.hasSuffix(".yaml") }
            .map { SeedFile(name: $0.path, text: $0.text) }
    }

    /// Every `*.yaml` file in `directory`, in name order.
    public static func files(in directory: URL) throws -> [SeedFile] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .sorted()
        return try names.map { name in
            let url = directory.appendingPathComponent(name)
            let data = try Data(contentsOf: url)
            guard let text = String(data: data, encoding: .utf8) else {
                throw Diagnostic(id: "seed.encoding", message: "file is not valid UTF-8",
                                 location: SourceLocation(file: url.path, text: "", range: 0..<0))
            }
            return SeedFile(name: directory.lastPathComponent + "/" + name, text: text)
        }
    }
}
