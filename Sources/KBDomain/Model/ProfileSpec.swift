/// A profile as an analyst writes it (`--profile me.yaml` or stored): names, not ids.
public struct ProfileSpec: Sendable, Equatable {
    public var name: String
    public var role: String?
    public var skills: [(name: String, weight: Double)]
    public var cohort: String?
    public var boundary: String?
    public var band: String?
    public var jurisdiction: String?
    /// Where a profile file wrote each name (``location(of:_:)``), so that a name the KB does not
    /// know is reported there, not at the query; empty for a stored or built-in profile.
    public var locations: [String: SourceLocation] = [:]

    /// The key of ``locations`` for a name of this kind.
    public static func locationKey(_ kind: EntityKind, _ name: String) -> String { "\(kind.rawValue):\(name)" }

    /// Where the profile file wrote `name` as a `kind`.
    public func location(of kind: EntityKind, _ name: String) -> SourceLocation? { locations[Self.locationKey(kind, name)] }

    public init(name: String, role: String? = nil, skills: [(name: String, weight: Double)] = [], cohort: String? = nil,
                boundary: String? = nil, band: String? = nil, jurisdiction: String? = nil) {
        self.name = name
        self.role = role
        self.skills = skills
        self.cohort = cohort
        self.boundary = boundary
        self.band = band
        self.jurisdiction = jurisdiction
    }

    public static func == (lhs: ProfileSpec, rhs: ProfileSpec) -> Bool {
        lhs.name == rhs.name && lhs.role == rhs.role && lhs.skills.map(\.name) == rhs.skills.map(\.name)
            && lhs.skills.map(\.weight) == rhs.skills.map(\.weight) && lhs.cohort == rhs.cohort
            && lhs.boundary == rhs.boundary && lhs.band == rhs.band && lhs.jurisdiction == rhs.jurisdiction
    }

    /// The facets the profile names, as (kind, name), in a fixed order.
    package var facetNames: [(EntityKind, String)] {
        [(EntityKind.cohort, cohort), (.boundary, boundary), (.band, band), (.jurisdiction, jurisdiction)]
            .compactMap { kind, name in name.map { (kind, $0) } }
    }
}
