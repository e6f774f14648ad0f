import KBDomain

extension SeedLoader {
    /// Checks what can only be checked once every file is read: that each reference names a
    /// declared node, source or study; that ids are unique; that aliases do not collide.
    mutating func validateReferences() {
        let entityNames = Dictionary(grouping: entityKeys.keys, by: \.kind).mapValues { $0.map(\.slug) }
        for (reference, at) in pendingReferences where entityKeys[reference] == nil && !known.entities.contains(reference) {
            let near = Suggestions.nearest(to: reference.slug, in: entityNames[reference.kind] ?? [])
            diagnostics.append(at.error("seed.unknown-reference", "unknown \(reference.kind.rawValue) '\(reference.slug)'",
                                        help: near.first.map { "did you mean '\($0)'?" } ?? "declare it under '\(reference.kind.plural)'"))
        }
        checkUnique(dataset.sources.map { ($0.slug, $0.origin) }, what: "source")
        checkUnique(dataset.studies.map { ($0.slug, $0.origin) }, what: "study")
        checkUnique(dataset.claims.map { ($0.slug, $0.origin) }, what: "claim")
        checkUnique(dataset.notes.map { ($0.slug, $0.origin) }, what: "note")
        checkUnique(dataset.profiles.map { ($0.slug, $0.origin) }, what: "profile")
        checkAliases()
        resolveClaimSources()
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
