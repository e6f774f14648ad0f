import KBDomain

extension SeedLoader {
    static let commonEntityFields = ["id", "name", "aliases", "description", "page-line", "labels"]
    static let extraKeys: [EntityKind: [String]] = [
        .role: ["uses", "neighbours"],
        .skill: ["alongside", "adjacent", "recurs-in"],
        .cohort: ["narrower"],
        .boundary: ["jurisdiction", "translates-to"],
    ]

    mutating func readEntity(kind: EntityKind, _ item: YAMLValue) throws {
        let map = try item.mapping(allowed: Self.commonEntityFields + (Self.extraKeys[kind] ?? []))
        let idValue = try map.required("id")
        let slug = try parseSlug(idValue)
        let reference = EntityReference(kind, slug)
        if let first = entityKeys[reference] {
            throw idValue.error("seed.duplicate-id", "\(kind.rawValue) '\(slug)' is declared twice",
                                help: "first declared at \(first.file):\(first.line)")
        }
        entityKeys[reference] = idValue
        var entity = Entity(kind: kind, slug: slug, name: try map.string("name") ?? slug,
                            description: try map.string("description"), aliases: try map.strings("aliases"),
                            origin: origin(item))
        for label in try map["labels"]?.sequence() ?? [] {
            let fields = try label.mapping(allowed: ["name", "value", "context", "quote", "page-line"])
            let context = try fields["context"].map { try self.parseSlug($0) } ?? ""
            if !context.isEmpty { pendingReferences.append((EntityReference(.role, context), fields["context"]!)) }
            entity.attributes.append(EntityAttribute(name: try parseSlug(try fields.required("name")), context: context,
                                                     value: try fields.required("value").string(),
                                                     quote: try fields.string("quote"), origin: origin(label)))
        }
        dataset.entities.append(entity)

        func link(_ key: String, _ edgeKind: EdgeKind, reversed: Bool = false) throws {
            for target in try map[key]?.list() ?? [] {
                let (targetSlug, weight, note, at) = try edgeTarget(target, key: edgeKind.endpoints.to.rawValue)
                let other = EntityReference(reversed ? edgeKind.endpoints.from : edgeKind.endpoints.to, targetSlug)
                pendingReferences.append((other, at))
                dataset.edges.append(Edge(from: reversed ? other : reference, kind: edgeKind, to: reversed ? reference : other,
                                          weight: weight, note: note, origin: origin(target)))
            }
        }
        switch kind {
        case .role:
            try link("uses", .uses)
            try link("neighbours", .neighbour)
        case .skill:
            try link("alongside", .alongside)
            try link("adjacent", .adjacent)
            try link("recurs-in", .recursIn)
        case .cohort:
            try link("narrower", .narrower)
        case .boundary:
            try link("jurisdiction", .inJurisdiction)
            try link("translates-to", .translatesTo)
        default:
            break
        }
    }

    /// An edge target: a bare id, or `{KIND: id, weight: 0.8, note: "...", page-line: N}`.
    func edgeTarget(_ value: YAMLValue, key: String) throws -> (String, Double, String?, YAMLValue) {
        if case .scalar = value.node { return (try parseSlug(value), 1, nil, value) }
        let map = try value.mapping(allowed: [key, "weight", "note", "page-line"])
        let target = try map.required(key)
        let weight = try map.double("weight") ?? 1
        guard (0...1).contains(weight) else {
            throw map["weight"]!.error("seed.invalid-weight", "weight must be between 0 and 1, found \(weight)")
        }
        return (try parseSlug(target), weight, try map.string("note"), target)
    }

    mutating func readNote(_ item: YAMLValue) throws {
        let map = try item.mapping(allowed: ["id", "kind", "text", "locator", "page-line"])
        dataset.notes.append(Note(slug: try parseSlug(try map.required("id")),
                                  kind: try map.required("kind").oneOf(NoteKind.self, what: "note kind"),
                                  text: try map.required("text").nonEmptyString(), locator: try map.string("locator"),
                                  origin: origin(item)))
    }

    mutating func readProfile(_ item: YAMLValue) throws {
        let map = try item.mapping(allowed: ["id", "name", "role", "skills", "cohort", "boundary", "band", "jurisdiction", "page-line"])
        let slug = try parseSlug(try map.required("id"))
        var profile = Profile(slug: slug, name: try map.string("name") ?? slug, origin: origin(item))
        func facet(_ key: String, _ kind: EntityKind) throws -> String? {
            guard let value = map[key] else { return nil }
            let target = try self.parseSlug(value)
            pendingReferences.append((EntityReference(kind, target), value))
            return target
        }
        profile.role = try facet("role", .role)
        profile.cohort = try facet("cohort", .cohort)
        profile.boundary = try facet("boundary", .boundary)
        profile.band = try facet("band", .band)
        profile.jurisdiction = try facet("jurisdiction", .jurisdiction)
        for (key, value) in try map["skills"]?.pairs() ?? [] {
            let skill = try self.parseSlug(key)
            let weight = try value.double()
            guard (0...1).contains(weight) else {
                throw value.error("seed.invalid-weight", "weight must be between 0 and 1, found \(weight)")
            }
            pendingReferences.append((EntityReference(.skill, skill), key))
            profile.skills.append(ProfileSkill(skill: skill, weight: weight))
        }
        dataset.profiles.append(profile)
    }
}
