import Foundation
import PackagePlugin

/// Embeds the package's `Schema/`, `Seeds/` and `Queries/` folders into the target as Swift constants,
/// so that a `kb` binary copied anywhere still carries its migrations and bundled seeds.
@main
struct EmbedResourcesPlugin: BuildToolPlugin {
    static let folders = ["Schema", "Seeds", "Queries"]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        var inputs: [URL] = []
        for folder in Self.folders {
            let base = root.appendingPathComponent(folder)
            guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in enumerator where !url.hasDirectoryPath {
                inputs.append(url)
            }
        }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(Self.folders.joined(separator: " and "))",
                executable: try context.tool(named: "kb-embed").url,
                arguments: [output.path, root.path] + Self.folders,
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
