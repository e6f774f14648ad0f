import KBDomain

/// Reads seed files (YAML, format in `Seeds/README.md`) into a ``Dataset``, checking every
/// value and every reference. All problems are reported together, each at its file, line and
/// column; nothing is returned unless the whole set is valid.
public struct SeedLoader {
    static let sections = ["roles", "skills", "cohorts", "boundaries", "bands", "topics", "jurisdictions",
                           "occupation-groups", "sources", "claims", "notes", "profiles"]

    var dataset = Dataset()
    let sink = DiagnosticSink()
    var diagnostics: [Diagnostic] {
        get { sink.diagnostics }
        nonmutating set { sink.diagnostics = newValue }
    }
    /// Where each thing was declared, for reference errors.
    var entityKeys: [EntityReference: YAMLValue] = [:]
    /// References to check once every file is read.
    var pendingReferences: [(reference: EntityReference, at: YAMLValue)] = []
    /// Each claim's `source` and `study` values, to check once every source is read.
    /// The text of each file read, to show lines in diagnostics.
    var fileTexts: [String: String] = [:]
    var claimPositions: [(slug: String, source: YAMLValue?, study: YAMLValue?, item: YAMLValue)] = []

    public init() {}

    /// Names the files may refer to without declaring them (what the KB already holds, when
    /// kb YAML is imported into it).
    public struct KnownNames: Sendable {
        public var entities: Set<EntityReference> = []
        public var sources: Set<String> = []
        /// Study slug → its source's slug.
        public var studies: [String: String] = [:]
        /// Per kind, every stored node's slug, name and alias as queries fold them
        /// (`Slug.fold`) → its slug: a file may name a stored node as a query or a flag does.
        public var names: [EntityKind: [String: String]] = [:]

        public init(entities: Set<EntityReference> = [], sources: Set<String> = [], studies: [String: String] = [:]) {
            self.entities = entities
            self.sources = sources
            self.studies = studies
        }
    }

    var known = KnownNames()

    /// Loads `files` as one seed set.
    /// - Throws: ``DiagnosticList`` with every problem found.
    public static func load(_ files: [SeedFile], known: KnownNames = KnownNames()) throws -> Dataset {
        var loader = SeedLoader()
        loader.known = known
        for file in files { loader.read(file) }
        loader.validateReferences()
        if !loader.diagnostics.isEmpty {
            throw DiagnosticList(loader.diagnostics.enumerated().sorted { lhs, rhs in
                let (a, b) = (lhs.element.location, rhs.element.location)
                return (a.file, a.line, a.column, lhs.offset) < (b.file, b.line, b.column, rhs.offset)
            }.map(\.element))
        }
        return loader.dataset
    }

    /// Loads seed sections nested in another YAML document (a mapping's `taxonomy`).
    package static func load(sections value: YAMLValue, known: KnownNames) throws -> Dataset {
        var loader = SeedLoader()
        loader.known = known
        loader.fileTexts[value.file] = value.text
        do {
            for (key, section) in try value.mapping(allowed: Self.sections).entries {
                let name = try key.string()
                for item in try section.sequence() {
                    do { try loader.readItem(section: name, item) } catch { loader.record(error) }
                }
            }
        } catch {
            loader.record(error)
        }
        loader.validateReferences()
        if !loader.diagnostics.isEmpty { throw DiagnosticList(loader.diagnostics) }
        return loader.dataset
    }

    mutating func read(_ file: SeedFile) {
        fileTexts[file.name] = file.text
        do {
            let document = try YAMLDocument(file: file.name, text: file.text)
            guard let root = document.root else { return }
            let top = try root.mapping(allowed: Self.sections)
            for (key, value) in top.entries {
                let section = try key.string()
                for item in try value.sequence() {
                    do { try readItem(section: section, item) } catch { record(error) }
                }
            }
        } catch {
            record(error)
        }
    }

    mutating func readItem(section: String, _ item: YAMLValue) throws {
        switch section {
        case "sources": try readSource(item)
        case "claims": try readClaim(item)
        case "notes": try readNote(item)
        case "profiles": try readProfile(item)
        default:
            guard let kind = EntityKind.allCases.first(where: { $0.plural == section }) else { return }
            try readEntity(kind: kind, item)
        }
    }

    /// Keeps an error's diagnostics, so that reading goes on and every problem is reported.
    func record(_ error: any Error) {
        sink.record(error)
    }

    /// Reads one field; a problem is recorded and the field is left out, so that the rest of
    /// the item is still checked.
    func field<T>(_ body: () throws -> T?) -> T? {
        do {
            return try body()
        } catch {
            sink.record(error)
            return nil
        }
    }

    func origin(_ value: YAMLValue) -> Origin { Origin(file: value.file, line: value.line) }

    /// A slug id, checked for form.
    func parseSlug(_ value: YAMLValue) throws -> String {
        let text = try value.nonEmptyString()
        guard Slug.isValid(text) else {
            throw value.error("seed.invalid-id", "'\(text)' is not a valid id",
                              help: "use lower case letters, digits and '-', e.g. '\(Slug.fold(text))'")
        }
        return text
    }

    /// `kind:slug`, as in `about: [cohort:older-workers]`.
    func entityReference(_ value: YAMLValue) throws -> EntityReference {
        let text = try value.nonEmptyString()
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let kind = EntityKind(rawValue: parts[0]) else {
            let near = Suggestions.nearest(to: parts.first ?? text, in: EntityKind.allCases.map(\.rawValue))
            throw value.error("seed.invalid-reference", "expected 'kind:id' such as 'cohort:older-workers', found '\(text)'",
                              help: near.first.map { "did you mean '\($0):\(parts.count == 2 ? parts[1] : "…")'?" })
        }
        return EntityReference(kind, parts[1])
    }
}

/// Collects diagnostics while a loader reads on.
final class DiagnosticSink {
    var diagnostics: [Diagnostic] = []

    func record(_ error: any Error) {
        switch error {
        case let diagnostic as Diagnostic:
            diagnostics.append(diagnostic)
        case let list as DiagnosticList:
            diagnostics += list.diagnostics
        default:
            diagnostics.append(Diagnostic(id: "seed.unreadable", message: "\(error)",
                                          location: SourceLocation(file: "Seeds", text: "", range: 0..<0)))
        }
    }
}
