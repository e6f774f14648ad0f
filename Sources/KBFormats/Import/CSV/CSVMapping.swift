import KBDomain
import KBStore
import KBQuery

/// A CSV mapping: what each row of a dataset becomes (sources, studies, claims), read from YAML.
/// The format is documented in `Tests/Fixtures/mappings/README.md`.
struct CSVMapping {
    struct Join {
        var name: String
        var file: String
        /// (the joined row's key, the main row's key): equal keys join.
        var on: [(joined: ValueSpec, main: ValueSpec)]
        var filter: [(column: String, value: String)]
        var at: YAMLValue
    }

    struct Skip {
        var condition: MappingExpression
        var reason: String
        var at: YAMLValue
    }

    struct SourceSpec {
        var name: String
        var when: MappingExpression?
        var group: [ValueSpec]
        var id: ValueSpec?
        var fields: [String: ValueSpec]
        var authors: (value: ValueSpec, format: NameFormat)?
        var editors: (value: ValueSpec, format: NameFormat)?

        /// Every column the source's fields read, in a fixed order (set once the spec is parsed).
        var columns: [String] = []
    }

    struct StudySpec {
        var name: String
        var source: String
        var when: MappingExpression?
        var id: ValueSpec
        var fields: [String: ValueSpec]

        /// Every column the study's fields read, in a fixed order (set once the spec is parsed).
        var columns: [String] = []
    }

    struct AboutSpec {
        var kind: EntityKind
        var value: ValueSpec
        var create: Bool
        var at: YAMLValue
    }

    struct ReplicationSpec {
        var source: String
        var outcome: ValueSpec
    }

    struct ClaimSpec {
        var when: MappingExpression?
        var id: ValueSpec
        var source: String?
        var study: String?
        var fields: [String: ValueSpec]
        var about: [AboutSpec]
        var replications: [ReplicationSpec]
        var at: YAMLValue
    }

    var name: String
    var encoding: TextEncoding = .utf8
    var delimiter: UInt8 = UInt8(ascii: ",")
    var joins: [Join] = []
    var skips: [Skip] = []
    var taxonomy: Dataset = Dataset()
    var sources: [SourceSpec] = []
    var studies: [StudySpec] = []
    var claims: [ClaimSpec] = []
    /// Every spec with where it is written, to check its columns against the header.
    var columnUses: [(columns: [String], at: YAMLValue)] = []
    /// Per source, study or claim spec, the columns its fields read as a number, and its `when`:
    /// a row whose cell there is not a number (nor a missing-value mark) gets a warning, not a
    /// silently unknown value — but only when the spec applies to the row, since a field a
    /// `when:` switches off reads nothing.
    var numericReads: [(when: MappingExpression?, columns: [String])] = []

    static let sourceFields = ["type", "title", "container-title", "publisher", "publisher-place", "volume", "issue", "page", "issued",
                               "doi", "url", "note", "peer-reviewed", "abstract", "language"]
    static let studyFields = ["label", "design", "design-quote", "n", "n-text", "n-unit", "preregistered", "registry", "population", "country", "period"]
    static let claimFields = ["statement", "quote", "locator", "metric", "value", "unit", "direction", "baseline", "interval-low", "interval-high",
                              "replication", "economy-wide", "note"]

    init(name: String, text: String, known: SeedLoader.KnownNames) throws {
        self.name = name
        let document = try YAMLDocument(file: name, text: text)
        guard let root = document.root else {
            throw Diagnostic(id: "mapping.empty", message: "the mapping is empty", location: SourceLocation(file: name, text: text, line: 1, column: 1, length: 0))
        }
        let top = try root.mapping(allowed: ["description", "input", "join", "skip", "taxonomy", "sources", "studies", "claims"])
        if let input = top["input"] {
            let fields = try input.mapping(allowed: ["encoding", "delimiter"])
            if let encoding = fields["encoding"] {
                guard let parsed = TextEncoding(name: try encoding.string()) else {
                    throw encoding.error("mapping.encoding", "unknown encoding '\(try encoding.string())'", help: "use utf-8, windows-1252 or latin-1")
                }
                self.encoding = parsed
            }
            if let delimiter = fields["delimiter"] {
                let text = try delimiter.string()
                let byte = text == "\\t" || text == "tab" ? UInt8(ascii: "\t") : text.utf8.first
                guard let byte, text.utf8.count == 1 || text == "\\t" || text == "tab" else {
                    throw delimiter.error("mapping.delimiter", "a delimiter is one character, found '\(text)'")
                }
                self.delimiter = byte
            }
        }
        for (key, value) in try top["join"]?.pairs() ?? [] {
            let fields = try value.mapping(allowed: ["file", "on", "where"])
            var on: [(ValueSpec, ValueSpec)] = []
            let onValue = try fields.required("on")
            if case .sequence = onValue.node {
                // The same column name in both files.
                for column in try onValue.sequence() {
                    let name = try column.string()
                    let spec = ValueSpec.template([.expression(.column(name))])
                    on.append((spec, spec))
                    columnUses.append(([name], column))
                }
            } else {
                // joined-side: main-side; either may be a column, a template or "= expression".
                for (joined, main) in try onValue.pairs() {
                    let joinedText = try joined.string()
                    let joinedSpec = joinedText.hasPrefix("=") || joinedText.contains("{") ? try ValueSpec.parse(joined)
                        : ValueSpec.template([.expression(.column(joinedText))])
                    let spec = try ValueSpec.parse(main)
                    on.append((joinedSpec, spec))
                    columnUses.append((spec.columns, main))
                }
            }
            let filter = try (fields["where"]?.pairs() ?? []).map { (try $0.key.string(), try $0.value.string()) }
            joins.append(Join(name: try key.string(), file: try fields.required("file").string(), on: on, filter: filter, at: value))
        }
        for item in try top["skip"]?.sequence() ?? [] {
            let fields = try item.mapping(allowed: ["if", "reason"])
            let condition = try fields.required("if")
            let expression = try ValueSpec.expression(condition, text: try condition.string())
            columnUses.append((expression.columns, condition))
            skips.append(Skip(condition: expression, reason: try fields.string("reason") ?? "a skip rule matched", at: item))
        }
        if let taxonomy = top["taxonomy"] {
            // Same syntax as seed files, checked by the seed loader.
            self.taxonomy = try SeedLoader.load(sections: taxonomy, known: known)
        }
        for (key, value) in try top["sources"]?.pairs() ?? [] {
            sources.append(try parseSource(name: try key.string(), value))
        }
        for (key, value) in try top["studies"]?.pairs() ?? [] {
            studies.append(try parseStudy(name: try key.string(), value))
        }
        for item in try top["claims"]?.sequence() ?? [] {
            claims.append(try parseClaim(item))
        }
        numericReads.removeAll { $0.columns.isEmpty }
    }

    private mutating func spec(_ value: YAMLValue) throws -> ValueSpec {
        let parsed = try ValueSpec.parse(value)
        columnUses.append((parsed.columns, value))
        if numericReads.isEmpty { numericReads.append((nil, [])) }
        for column in parsed.numericColumns where !numericReads[numericReads.count - 1].columns.contains(column) && !["row", "line"].contains(column) {
            numericReads[numericReads.count - 1].columns.append(column)
        }
        return parsed
    }

    private mutating func condition(_ value: YAMLValue?) throws -> MappingExpression? {
        guard let value else { return nil }
        let expression = try ValueSpec.expression(value, text: try value.string())
        columnUses.append((expression.columns, value))
        return expression
    }

    private mutating func names(_ value: YAMLValue?) throws -> (ValueSpec, NameFormat)? {
        guard let value else { return nil }
        let fields = try value.mapping(allowed: ["value", "format"])
        let formatValue = try fields.required("format")
        guard let format = NameFormat(rawValue: try formatValue.string()) else {
            throw formatValue.error("mapping.name-format", "unknown name format '\(try formatValue.string())'",
                                    help: "one of: \(NameFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return (try spec(try fields.required("value")), format)
    }

    private mutating func parseSource(name: String, _ value: YAMLValue) throws -> SourceSpec {
        let map = try value.mapping(allowed: Self.sourceFields + ["when", "group", "id", "authors", "editors"])
        let when = try condition(map["when"])
        numericReads.append((when, []))
        var source = SourceSpec(name: name, when: when, group: [], id: try map["id"].map { try spec($0) }, fields: [:])
        source.group = try (map["group"]?.list() ?? []).map { try spec($0) }
        if source.group.isEmpty, source.id == nil {
            throw value.error("mapping.source-identity", "source '\(name)' needs 'group' (what makes two rows one work, e.g. [\"{doi}\", \"{study}\"]) or 'id'")
        }
        for field in Self.sourceFields { if let given = map[field] { source.fields[field] = try spec(given) } }
        source.authors = try names(map["authors"])
        source.editors = try names(map["editors"])
        source.columns = source.fields.sorted { $0.key < $1.key }.flatMap(\.value.columns)
            + (source.authors?.value.columns ?? []) + (source.editors?.value.columns ?? [])
        return source
    }

    private mutating func parseStudy(name: String, _ value: YAMLValue) throws -> StudySpec {
        let map = try value.mapping(allowed: Self.studyFields + ["when", "source", "id"])
        let sourceName = try map.required("source").string()
        guard sources.contains(where: { $0.name == sourceName }) else {
            throw map["source"]!.error("mapping.unknown-source", "study '\(name)' names source '\(sourceName)', which the mapping does not define",
                                       help: Suggestions.nearest(to: sourceName, in: sources.map(\.name)).first.map { "did you mean '\($0)'?" })
        }
        let when = try condition(map["when"])
        numericReads.append((when, []))
        var study = StudySpec(name: name, source: sourceName, when: when, id: try spec(try map.required("id")), fields: [:])
        for field in Self.studyFields { if let given = map[field] { study.fields[field] = try spec(given) } }
        study.columns = study.fields.sorted { $0.key < $1.key }.flatMap(\.value.columns)
        return study
    }

    private mutating func parseClaim(_ value: YAMLValue) throws -> ClaimSpec {
        let map = try value.mapping(allowed: Self.claimFields + ["when", "id", "source", "study", "about", "replications"])
        let when = try condition(map["when"])
        numericReads.append((when, []))
        var claim = ClaimSpec(when: when, id: try spec(try map.required("id")), source: try map.string("source"),
                              study: try map.string("study"), fields: [:], about: [], replications: [], at: value)
        if let source = claim.source, !sources.contains(where: { $0.name == source }) {
            throw map["source"]!.error("mapping.unknown-source", "claim names source '\(source)', which the mapping does not define",
                                       help: Suggestions.nearest(to: source, in: sources.map(\.name)).first.map { "did you mean '\($0)'?" })
        }
        if let study = claim.study, !studies.contains(where: { $0.name == study }) {
            throw map["study"]!.error("mapping.unknown-study", "claim names study '\(study)', which the mapping does not define")
        }
        _ = try map.required("statement")
        for field in Self.claimFields { if let given = map[field] { claim.fields[field] = try spec(given) } }
        for item in try map["about"]?.sequence() ?? [] {
            let fields = try item.mapping(allowed: ["kind", "value", "map", "default", "create"])
            let kind = try fields.required("kind").oneOf(EntityKind.self, what: "taxonomy kind")
            var parsed = try spec(try fields.required("value"))
            if let table = fields["map"] {
                var entries: [String: String] = [:]
                for (key, target) in try table.pairs() { entries[try key.string()] = target.isNull ? "" : try target.string() }
                let fallback: ValueSpec.Fallback
                if let given = fields["default"] {
                    fallback = (try? given.string()) == "keep" ? .keep : .value(try spec(given))
                } else if fields.has("default") {
                    fallback = .value(.expression(.literal(.null)))
                } else {
                    fallback = .error
                }
                parsed = .mapped(parsed, entries, fallback)
            }
            claim.about.append(AboutSpec(kind: kind, value: parsed, create: try fields.bool("create") ?? false, at: item))
        }
        for item in try map["replications"]?.sequence() ?? [] {
            let fields = try item.mapping(allowed: ["source", "outcome"])
            let source = try fields.required("source").string()
            guard sources.contains(where: { $0.name == source }) else {
                throw fields["source"]!.error("mapping.unknown-source", "replication names source '\(source)', which the mapping does not define")
            }
            claim.replications.append(ReplicationSpec(source: source, outcome: try spec(try fields.required("outcome"))))
        }
        return claim
    }
}
