import KBDomain

extension SeedLoader {
    static let sourceFields = ["id", "type", "title", "authors", "editors", "container-title", "publisher", "publisher-place",
                               "volume", "issue", "page", "issued", "doi", "url", "accessed", "peer-reviewed", "notices",
                               "note", "page-lines", "quote", "bibliography-from", "studies"]
    static let studyFields = ["id", "label", "design", "design-quote", "n", "n-text", "n-unit", "preregistered",
                              "preregistration-quote", "registry", "population", "population-quote", "country", "period", "page-lines"]
    static var cslTypes: [String] { CSLTypes.all }

    mutating func readSource(_ item: YAMLValue) throws {
        let map = try item.mapping(allowed: Self.sourceFields)
        let slug = try parseSlug(try map.required("id"))
        var source = Source(slug: slug, origin: origin(item))
        if let typeValue = map["type"] {
            let type = try typeValue.string()
            guard Self.cslTypes.contains(type) else {
                throw typeValue.error("seed.unknown-type", "unknown CSL type '\(type)'",
                                      help: Suggestions.nearest(to: type, in: Self.cslTypes).first.map { "did you mean '\($0)'?" })
            }
            source.type = type
        }
        source.title = try map.string("title")
        source.containerTitle = try map.string("container-title")
        source.publisher = try map.string("publisher")
        source.publisherPlace = try map.string("publisher-place")
        source.volume = try map.string("volume")
        source.issue = try map.string("issue")
        source.page = try map.string("page")
        source.url = try map.string("url")
        source.accessed = try map.string("accessed")
        source.note = try map.string("note")
        if let issued = map["issued"] {
            guard let date = PartialDate(parsing: try issued.string()) else {
                throw issued.error("seed.invalid-date", "expected a date such as 2023, 2025-09 or 2025-09-23, found '\(try issued.string())'")
            }
            source.issued = date
        }
        if let doiValue = map["doi"] {
            guard let doi = DOI.normalize(try doiValue.string()) else {
                throw doiValue.error("seed.invalid-doi", "'\(try doiValue.string())' is not a DOI", help: "a DOI looks like 10.1126/science.adh2586")
            }
            source.doi = doi
        }
        if let reviewed = map["peer-reviewed"], try reviewed.string() != "unknown" {
            source.isPeerReviewed = try reviewed.bool()
        }
        source.contributors = try readNames(map["authors"], role: "author") + readNames(map["editors"], role: "editor")
        for notice in try map["notices"]?.sequence() ?? [] {
            let fields = try notice.mapping(allowed: ["kind", "date", "reason", "url"])
            source.notices.append(Notice(kind: try fields.required("kind").oneOf(NoticeKind.self, what: "notice kind"),
                                         date: try fields.string("date"), reason: try fields.string("reason"), url: try fields.string("url")))
        }
        dataset.sources.append(source)
        for study in try map["studies"]?.sequence() ?? [] {
            do { try readStudy(study, sourceSlug: slug) } catch { record(error) }
        }
    }

    func readNames(_ value: YAMLValue?, role: String) throws -> [Contributor] {
        try (value?.sequence() ?? []).map { item in
            let fields = try item.mapping(allowed: ["family", "given", "literal", "particle", "dropping-particle", "suffix"])
            let person = Contributor(role: role, family: try fields.string("family"), given: try fields.string("given"),
                                     droppingParticle: try fields.string("dropping-particle"), particle: try fields.string("particle"),
                                     suffix: try fields.string("suffix"), literal: try fields.string("literal"))
            guard (person.family == nil) != (person.literal == nil) else {
                throw item.error("seed.invalid-name", "a name needs either 'family' (a person) or 'literal' (an organisation)")
            }
            return person
        }
    }

    mutating func readStudy(_ item: YAMLValue, sourceSlug: String) throws {
        let map = try item.mapping(allowed: Self.studyFields)
        var study = Study(slug: try parseSlug(try map.required("id")), sourceSlug: sourceSlug, origin: origin(item))
        study.label = field { try map.string("label") }
        study.design = field { try map["design"]?.oneOf(StudyDesign.self, what: "design") }
        study.designQuote = field { try map.string("design-quote") }
        study.n = field { () throws -> Int? in
            guard let value = map["n"] else { return nil }
            let n = try value.int()
            guard n > 0 else { throw value.error("seed.invalid-n", "a sample size must be positive, found \(n)") }
            return n
        }
        study.nText = field { try map.string("n-text") }
        study.nUnit = field { try map.string("n-unit") }
        study.preregistered = field { try map["preregistered"]?.oneOf(Preregistration.self, what: "pre-registration status") } ?? .unknown
        study.registryURL = field { try map.string("registry") }
        study.population = field { try map.string("population") }
        study.country = field { try map.string("country") }
        study.period = field { try map.string("period") }
        dataset.studies.append(study)
    }

    mutating func readClaim(_ item: YAMLValue) throws {
        let map = try item.mapping(allowed: ["id", "statement", "source", "study", "quote", "locator", "page-line", "metric",
                                             "value", "unit", "direction", "baseline", "interval", "replication",
                                             "economy-wide", "about", "note"])
        let slug = field { try parseSlug(try map.required("id")) }
        let statement = field { try map.required("statement").nonEmptyString() }
        var claim = Claim(slug: slug ?? "", statement: statement ?? "", origin: origin(item))
        claim.quote = field { try map.string("quote") }
        claim.locator = field { try map.string("locator") }
        claim.sourceSlug = field { try map["source"].map { try parseSlug($0) } }
        claim.studySlug = field { try map["study"].map { try parseSlug($0) } }
        var quantity = Quantity(metric: field { try map.string("metric") }, value: field { try map.double("value") },
                                unit: field { try map.string("unit") },
                                direction: field { try map["direction"]?.oneOf(Direction.self, what: "direction") },
                                baseline: field { try map.string("baseline") })
        if let interval = map["interval"] {
            let bounds = field { () throws -> (Double, Double)? in
                let bounds = try interval.sequence()
                guard bounds.count == 2 else { throw interval.error("seed.invalid-interval", "an interval is [low, high]") }
                return (try bounds[0].double(), try bounds[1].double())
            }
            quantity.intervalLow = bounds?.0
            quantity.intervalHigh = bounds?.1
        }
        claim.quantity = quantity.isEmpty ? nil : quantity
        claim.replication = field { try map["replication"]?.oneOf(ReplicationStatus.self, what: "replication status") } ?? .unknown
        claim.isEconomyWide = field { try map.bool("economy-wide") } ?? false
        claim.note = field { try map.string("note") }
        for value in field({ try map["about"]?.list() }) ?? [] {
            guard let reference = field({ try entityReference(value) }) else { continue }
            pendingReferences.append((reference, value))
            claim.about.append(reference)
        }
        guard slug != nil, statement != nil else { return }
        claimPositions.append((claim.slug, map["source"], map["study"], item))
        dataset.claims.append(claim)
    }
}
