/// The research behind a source: design, sample, pre-registration, population, place and time.
public struct Study: Codable, Sendable, Equatable {
    public var id: Int64?
    public var slug: String
    public var sourceSlug: String
    public var label: String?
    /// `nil` when the source does not say.
    public var design: StudyDesign?
    /// The words the design was read from ("a pre-registered experiment").
    public var designQuote: String?
    public var n: Int?
    /// The sample size as stated ("~2,900", "n=453").
    public var nText: String?
    /// What `n` counts: participants, applications, employers, postings, skills...
    public var nUnit: String?
    public var preregistered: Preregistration
    public var registryURL: String?
    public var population: String?
    public var country: String?
    public var period: String?
    public var origin: Origin?

    public init(slug: String, sourceSlug: String, label: String? = nil, design: StudyDesign? = nil, designQuote: String? = nil,
                n: Int? = nil, nText: String? = nil, nUnit: String? = nil, preregistered: Preregistration = .unknown,
                registryURL: String? = nil, population: String? = nil, country: String? = nil, period: String? = nil,
                origin: Origin? = nil) {
        self.slug = slug
        self.sourceSlug = sourceSlug
        self.label = label
        self.design = design
        self.designQuote = designQuote
        self.n = n
        self.nText = nText
        self.nUnit = nUnit
        self.preregistered = preregistered
        self.registryURL = registryURL
        self.population = population
        self.country = country
        self.period = period
        self.origin = origin
    }
}
