import KBDomain

extension SeedLoader {
    /// Checks what can only be checked once every file is read: that each reference names a
    /// declared node, source or study; that ids are unique; that aliases do not collide.
    mutating func validateReferences() {
        // A reference that is no node's slug is resolved through the names and aliases of the
        // nodes the files declare and the KB holds, folded as queries and flags fold them
        // (`cohort:older` is `older-workers`); else it is an error with the nearest names.
        var names = known.names
        for entity in dataset.entities {
            for name in [entity.slug, entity.name] + entity.aliases { names[entity.kind, default: [:]][Slug.fold(name)] = entity.slug }
        }
        var resolved: [EntityReference: EntityReference] = [:]
        for (reference, at) in pendingReferences where entityKeys[reference] == nil && !known.entities.contains(reference) {
            let kindNames = names[reference.kind] ?? [:]
            if let slug = kindNames[Slug.fold(reference.slug)] {
                resolved[reference] = EntityReference(reference.kind, slug)
                continue
            }
            let near = Suggestions.nearest(to: Slug.fold(reference.slug), in: Array(kindNames.keys)).prefix(3).map { name in
                kindNames[name].map { $0 == name ? "'\(name)'" : "'\(name)' (\($0))" } ?? "'\(name)'"
            }
            diagnostics.append(at.error("seed.unknown-reference", "unknown \(reference.kind.rawValue) '\(reference.slug)'",
                                        help: near.isEmpty ? "declare it under '\(reference.kind.plural)', or see kb list \(reference.kind.plural)"
                                            : "did you mean \(near.joined(separator: ", "))?"))
        }
        if !resolved.isEmpty { resolve(resolved) }
        checkUnique(dataset.sources.map { ($0.slug, $0.origin) }, what: "source")
        checkUnique(dataset.studies.map { ($0.slug, $0.origin) }, what: "study")
        checkUnique(dataset.claims.map { ($0.slug, $0.origin) }, what: "claim")
        checkUnique(dataset.notes.map { ($0.slug, $0.origin) }, what: "note")
        checkUnique(dataset.profiles.map { ($0.slug, $0.origin) }, what: "profile")
        checkAliases()
        resolveClaimSources()
    }

    /// Rewrites the references that named a node by a name or alias to its slug.
    private mutating func resolve(_ resolved: [EntityReference: EntityReference]) {
        func slug(_ kind: EntityKind, _ name: String?) -> String? {
            name.map { resolved[EntityReference(kind, $0)]?.slug ?? $0 }
        }
        for index in dataset.claims.indices {
            dataset.claims[index].about = dataset.claims[index].about.map { resolved[$0] ?? $0 }
        }
        for index in dataset.edges.indices {
            dataset.edges[index].from = resolved[dataset.edges[index].from] ?? dataset.edges[index].from
            dataset.edges[index].to = resolved[dataset.edges[index].to] ?? dataset.edges[index].to
        }
        for index in dataset.entities.indices {
            for attribute in dataset.entities[index].attributes.indices {
                let context = dataset.entities[index].attributes[attribute].context
                if !context.isEmpty { dataset.entities[index].attributes[attribute].context = slug(.role, context) ?? context }
            }
        }
        for index in dataset.profiles.indices {
            dataset.profiles[index].role = slug(.role, dataset.profiles[index].role)
            dataset.profiles[index].cohort = slug(.cohort, dataset.profiles[index].cohort)
            dataset.profiles[index].boundary = slug(.boundary, dataset.profiles[index].boundary)
            dataset.profiles[index].band = slug(.band, dataset.profiles[index].band)
            dataset.profiles[index].jurisdiction = slug(.jurisdiction, dataset.profiles[index].jurisdiction)
            for skill in dataset.profiles[index].skills.indices {
                dataset.profiles[index].skills[skill].skill = slug(.skill, dataset.profiles[index].skills[skill].skill) ?? ""
            }
        }
    }

    private mutating func checkUnique(_ items: [(String, Origin?)], what: String) {
        var first: [String: Origin] = [:]
        for (slug, origin) in items {
            guard let origin else { continue }
            if let earlier = first[slug] {
                diagnostics.append(Diagnostic(id: "seed.duplicate-id", message: "\(what) '\(slug)' is declared twice",
                                              location: location(origin), help: "first declared at \(earlier)"))
            } else {
                first[slug] = origin
            }
        }
    }

    /// Two nodes of one kind may not share a name or alias: `cohort=older` must mean one thing.
    private mutating func checkAliases() {
        var owners: [String: (EntityKind, String)] = [:]
        for entity in dataset.entities {
            for name in [entity.slug, entity.name] + entity.aliases {
                let key = "\(entity.kind.rawValue):\(Slug.fold(name))"
                if let owner = owners[key], owner.1 != entity.slug {
                    diagnostics.append(Diagnostic(id: "seed.alias-collision",
                                                  message: "'\(name)' names both \(entity.kind.rawValue) '\(owner.1)' and '\(entity.slug)'",
                                                  location: entity.origin.map(location) ?? SourceLocation(file: "Seeds", text: "", range: 0..<0)))
                } else {
                    owners[key] = (entity.kind, entity.slug)
                }
            }
        }
    }

    /// Each claim's source must exist; its study must belong to that source. A claim that names
    /// a source with exactly one study and no study of its own is about that study.
    private mutating func resolveClaimSources() {
        let sources = Set(dataset.sources.map(\.slug)).union(known.sources)
        let studiesBySource = Dictionary(grouping: dataset.studies, by: \.sourceSlug)
        let studySource = Dictionary(dataset.studies.map { ($0.slug, $0.sourceSlug) }, uniquingKeysWith: { first, _ in first })
            .merging(known.studies) { mine, _ in mine }
        for (index, position) in claimPositions.enumerated() {
            guard index < dataset.claims.count, dataset.claims[index].slug == position.slug else { continue }
            var claim = dataset.claims[index]
            if let sourceSlug = claim.sourceSlug, !sources.contains(sourceSlug), let at = position.source {
                let near = Suggestions.nearest(to: sourceSlug, in: sources)
                diagnostics.append(at.error("seed.unknown-source", "unknown source '\(sourceSlug)'", help: near.first.map { "did you mean '\($0)'?" }))
                continue
            }
            if let studySlug = claim.studySlug, let at = position.study {
                guard let owner = studySource[studySlug] else {
                    let near = Suggestions.nearest(to: studySlug, in: studySource.keys)
                    diagnostics.append(at.error("seed.unknown-study", "unknown study '\(studySlug)'", help: near.first.map { "did you mean '\($0)'?" }))
                    continue
                }
                if owner != claim.sourceSlug {
                    diagnostics.append(at.error("seed.study-source-mismatch",
                                                "study '\(studySlug)' belongs to source '\(owner)', not '\(claim.sourceSlug ?? "(none)")'"))
                    continue
                }
            } else if let sourceSlug = claim.sourceSlug, let only = studiesBySource[sourceSlug], only.count == 1 {
                claim.studySlug = only[0].slug
            }
            dataset.claims[index] = claim
        }
    }

    private func location(_ origin: Origin) -> SourceLocation {
        SourceLocation(file: origin.file, text: fileTexts[origin.file] ?? "", line: origin.line, column: 1, length: 0)
    }
}
