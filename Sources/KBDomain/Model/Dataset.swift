/// Everything one load adds to a knowledge base: taxonomy, sources with their studies, claims,
/// page notes and profiles. Seeds and importers produce one; ``GraphWriter`` writes it.
public struct Dataset: Sendable, Equatable {
    public var entities: [Entity] = []
    public var edges: [Edge] = []
    public var sources: [Source] = []
    public var studies: [Study] = []
    public var claims: [Claim] = []
    public var notes: [Note] = []
    public var profiles: [Profile] = []

    public init() {}

    public mutating func append(contentsOf other: Dataset) {
        entities += other.entities
        edges += other.edges
        sources += other.sources
        studies += other.studies
        claims += other.claims
        notes += other.notes
        profiles += other.profiles
    }
}

/// Several diagnostics at once, e.g. every problem in a set of seed files.
public struct DiagnosticList: Error, Sendable {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }
}
