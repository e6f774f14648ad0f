import Foundation
import KBDomain

/// Reads a profile YAML file (`kb query --profile me.yaml`):
///
/// ```yaml
/// name: me
/// role: ml-platform-engineer
/// skills: {pytorch: 1, kubernetes: 0.6}
/// cohort: older
/// boundary: eeoc
/// band: senior
/// jurisdiction: us
/// ```
/// Names are resolved later, like names in queries (slugs, names or aliases).
public enum ProfileFile {
    /// Whether `--profile NAME` names a file rather than a stored profile or a role: a file
    /// exists at that path, or the name ends in `.yaml` or `.yml`.
    public static func names(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: name) || name.hasSuffix(".yaml") || name.hasSuffix(".yml")
    }

    /// The profile file at `path`. A file that cannot be read is invalid input (exit 3), as an
    /// import file, a mapping or a page that cannot be read is.
    public static func read(_ path: String) throws -> ProfileSpec {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw KBError.invalidInput("cannot read profile file \(path): no such file, not readable, or not UTF-8")
        }
        return try parse(text: text, file: path)
    }

    public static func parse(text: String, file: String) throws -> ProfileSpec {
        let document = try YAMLDocument(file: file, text: text)
        guard let root = document.root else {
            throw Diagnostic(id: "profile.empty", message: "the profile file is empty",
                             location: SourceLocation(file: file, text: text, line: 1, column: 1, length: 0),
                             help: "write at least 'role: SLUG'")
        }
        let map = try root.mapping(allowed: ["name", "role", "skills", "cohort", "boundary", "band", "jurisdiction"])
        var spec = ProfileSpec(name: try map.string("name") ?? file, role: try map.string("role"), cohort: try map.string("cohort"),
                               boundary: try map.string("boundary"), band: try map.string("band"),
                               jurisdiction: try map.string("jurisdiction"))
        for (key, kind) in [("role", EntityKind.role), ("cohort", .cohort), ("boundary", .boundary), ("band", .band), ("jurisdiction", .jurisdiction)] {
            if let value = map[key], let name = try? value.nonEmptyString() { spec.locations[ProfileSpec.locationKey(kind, name)] = value.location }
        }
        if let skills = map["skills"] {
            if case .sequence = skills.node {
                spec.skills = try skills.sequence().map { value in
                    let name = try value.nonEmptyString()
                    spec.locations[ProfileSpec.locationKey(.skill, name)] = value.location
                    return (name, 1.0)
                }
            } else {
                spec.skills = try skills.pairs().map { key, value in
                    let weight = try value.double()
                    guard (0...1).contains(weight) else {
                        throw value.error("profile.invalid-weight", "weight must be between 0 and 1, found \(weight)")
                    }
                    let name = try key.nonEmptyString()
                    spec.locations[ProfileSpec.locationKey(.skill, name)] = key.location
                    return (name, weight)
                }
            }
        }
        return spec
    }
}
