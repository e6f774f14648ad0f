import Foundation
import KBDomain
import KBQuery
import KBStore

/// What the mapping makes of one row: its sources, studies, claims and new taxonomy nodes.
extension CSVMapper {
    func map(_ record: CSVParser.Record, lookup: Lookup, into row: inout RowOutput, entities: inout Set<EntityReference>, batch: inout ImportBatch,
             seen: inout SeenFingerprints) throws {
        var defaultedCells = Set<String>()
        func value(_ spec: ValueSpec?) throws -> MappingValue {
            guard let spec else { return .null }
            return try spec.evaluate(lookup.value, unmapped: { unmapped in
                throw main.diagnostic("mapping.unmapped-value", "the value '\(unmapped)' has no entry in the mapping's map (\(mapping.name))", line: record.line,
                                      help: "add it to the map, or give the map a 'default'")
            }, defaulted: { cell, column in
                guard defaultedCells.insert((column ?? "") + "\u{0}" + cell).inserted else { return }
                batch.warnings.append(cellWarning("mapping.defaulted-value", "\(column.map { "column '\($0)' has " } ?? "")'\(cell)', which the mapping's map does not list; its default was used",
                                                  record, column: column, lookup: lookup, help: "add '\(cell)' to the map (as null if it means nothing)"))
            })
        }
        var checked = Set<String>()
        for reads in mapping.numericReads where reads.when.map({ $0.evaluate(lookup.value).truth }) ?? true {
            for column in reads.columns where checked.insert(column).inserted {
                let cell = lookup.value(column)
                guard case let .text(text) = cell, cell.number == nil, !Self.isMissingMark(text) else { continue }
                batch.warnings.append(cellWarning("mapping.not-a-number", "column '\(column)' is '\(text.trimmed)', not a number; what it computes is left unknown",
                                                  record, column: column, lookup: lookup, help: "correct the cell, or write NA for a value not reported"))
            }
        }
        func text(_ spec: ValueSpec?) throws -> String? { try value(spec).text?.trimmed.nilIfEmpty }
        func fail(_ message: String, help: String? = nil) -> Diagnostic {
            main.diagnostic("mapping.invalid-value", message, line: record.line, help: help)
        }

        var references: [String: String] = [:]
        for spec in mapping.sources {
            if let when = spec.when, !when.evaluate(lookup.value).truth { continue }
            let explicitID = try text(spec.id).map(Slug.fold)
            let group = try spec.group.lazy.compactMap { try text($0) }.first
            guard let key = explicitID ?? group else { continue }
            let fingerprint = Fingerprint(Self.fingerprint(spec.columns, lookup))
            let seenKey = Fingerprint("source\u{0}\(spec.name):\(key)")
            row.seenKeys.append(seenKey)
            let previous = try seen.value(seenKey)
            if previous == fingerprint {
                references[spec.name] = "\(spec.name):\(key)"
                continue
            }
            row.seenChanges.append((seenKey, previous, fingerprint))
            seen.set(seenKey, fingerprint)
            var source = Source(slug: explicitID ?? "", type: try text(spec.fields["type"]) ?? "article-journal",
                                origin: Origin(file: main.name, line: record.line))
            guard CSLTypes.set.contains(source.type) else { throw fail("unknown CSL type '\(source.type)' for source '\(spec.name)'") }
            source.title = try text(spec.fields["title"])
            source.containerTitle = try text(spec.fields["container-title"])
            source.publisher = try text(spec.fields["publisher"])
            source.publisherPlace = try text(spec.fields["publisher-place"])
            source.volume = try text(spec.fields["volume"])
            source.issue = try text(spec.fields["issue"])
            source.page = try text(spec.fields["page"]).map(BibTeXConverter.normalizePages)
            if let issued = try text(spec.fields["issued"]) {
                source.issued = PartialDate(parsing: String(issued.prefix(10))) ?? BibTeXConverter.firstYear(issued).map { PartialDate(year: $0) }
            }
            var extra: [String: Any] = [:]
            if let raw = try text(spec.fields["doi"]) {
                if let written = try value(spec.fields["doi"]).text, DOI.writingQuirk(written, texAllowed: false) != nil {
                    extra[SourceExtra.doiAsWritten] = written
                }
                if let doi = DOI.normalize(raw) { source.doi = doi } else {
                    extra[SourceExtra.invalidDOI] = raw
                    batch.warnings.append(main.diagnostic("mapping.invalid-doi", "'\(raw)' is not a DOI; kept aside", line: record.line))
                }
            }
            source.url = try text(spec.fields["url"])
            if let url = source.url, let doi = source.doi, BibTeXConverter.doiFromURL(url) == doi { source.url = nil }
            source.note = try text(spec.fields["note"])
            if let reviewed = try text(spec.fields["peer-reviewed"]) { source.isPeerReviewed = ["yes", "true", "1"].contains(reviewed.lowercased()) }
            if let abstract = try text(spec.fields["abstract"]) { extra["abstract"] = abstract }
            if let language = try text(spec.fields["language"]) { extra["language"] = language }
            for (names, role) in [(spec.authors, "author"), (spec.editors, "editor")] {
                guard let names, let cell = try text(names.value) else { continue }
                // Decoded before the names are split: "Lee &amp; Park (2019)" is two authors.
                let parsed = names.format.parse(HTMLEntities.decode(cell), role: role)
                source.contributors += parsed.people
                if parsed.incomplete && role == "author" { extra[SourceExtra.authorsIncomplete] = true }
                if role == "author", let letter = names.format.yearSuffix(cell, year: source.issued?.year) { extra["year-suffix"] = letter }
            }
            source.extra = SourceExtra.encode(extra)
            let reference = "\(spec.name):\(key)"
            references[spec.name] = reference
            row.sources.append((reference, IncomingSource(source: source, reference: reference, key: explicitID == nil ? group : nil,
                                                          hasExplicitSlug: explicitID != nil)))
        }
        var studies: [String: String] = [:]
        for spec in mapping.studies {
            if let when = spec.when, !when.evaluate(lookup.value).truth { continue }
            guard let source = references[spec.source], let id = try text(spec.id).map(Slug.fold), !id.isEmpty else { continue }
            let fingerprint = Fingerprint(source + "\u{0}" + Self.fingerprint(spec.columns, lookup))
            let seenKey = Fingerprint("study\u{0}\(id)")
            row.seenKeys.append(seenKey)
            let previous = try seen.value(seenKey)
            if previous == fingerprint {
                studies[spec.name] = id
                continue
            }
            row.seenChanges.append((seenKey, previous, fingerprint))
            seen.set(seenKey, fingerprint)
            var study = Study(slug: id, sourceSlug: source, origin: Origin(file: main.name, line: record.line))
            study.label = try text(spec.fields["label"])
            if let design = try text(spec.fields["design"]) {
                guard let parsed = StudyDesign(rawValue: design) else {
                    throw fail("unknown design '\(design)'", help: Suggestions.nearest(to: design, in: StudyDesign.allCases.map(\.rawValue)).first.map { "did you mean '\($0)'?" })
                }
                study.design = parsed
            }
            study.designQuote = try text(spec.fields["design-quote"])
            if let n = try value(spec.fields["n"]).number {
                // As the seed loader and `kb edit` hold it (a count of 0 or below, or past any
                // population, is a typo; and a number that large is no Int).
                let rounded = n.rounded()
                guard rounded >= 1, rounded <= 1e12 else {
                    throw fail("a sample size must be positive, found \(abs(n) < 1e15 && n == rounded ? String(Int(n)) : String(n))",
                               help: "correct the cell, or write NA for a sample size not reported")
                }
                study.n = Int(rounded)
            }
            study.nText = try text(spec.fields["n-text"])
            study.nUnit = try text(spec.fields["n-unit"])
            if let preregistered = try text(spec.fields["preregistered"]) {
                switch preregistered.lowercased() {
                case "yes", "true": study.preregistered = .yes
                case "no", "false": study.preregistered = .no
                case "unknown": study.preregistered = .unknown
                default: throw fail("preregistered must be yes, no or unknown, found '\(preregistered)'")
                }
            }
            study.registryURL = try text(spec.fields["registry"])
            study.population = try text(spec.fields["population"])
            study.country = try text(spec.fields["country"])
            study.period = try text(spec.fields["period"])
            studies[spec.name] = id
            row.studies.append(study)
            row.mappedStudyFields[id, default: []].formUnion(spec.fields.keys)
        }
        for spec in mapping.claims {
            if let when = spec.when, !when.evaluate(lookup.value).truth { continue }
            guard let id = try text(spec.id).map(Slug.fold), !id.isEmpty else { throw fail("the claim id is empty for this row") }
            guard let statement = try text(spec.fields["statement"]) else { throw fail("claim '\(id)' has no statement (the statement's columns are empty)") }
            var claim = Claim(slug: id, statement: statement, origin: Origin(file: main.name, line: record.line))
            claim.quote = try text(spec.fields["quote"])
            claim.locator = try text(spec.fields["locator"])
            if let source = spec.source { claim.sourceSlug = references[source] }
            if let study = spec.study, claim.sourceSlug != nil { claim.studySlug = studies[study] }
            var quantity = Quantity(metric: try text(spec.fields["metric"]), value: try value(spec.fields["value"]).number,
                                    unit: try text(spec.fields["unit"]), baseline: try text(spec.fields["baseline"]),
                                    intervalLow: try value(spec.fields["interval-low"]).number, intervalHigh: try value(spec.fields["interval-high"]).number)
            if let direction = try text(spec.fields["direction"]) {
                guard let parsed = Direction(rawValue: direction) else { throw fail("unknown direction '\(direction)'") }
                quantity.direction = parsed
            }
            claim.quantity = quantity.isEmpty ? nil : quantity
            if let replication = try text(spec.fields["replication"]) {
                guard let parsed = ReplicationStatus(rawValue: replication) else {
                    throw fail("unknown replication status '\(replication)'",
                               help: "map the column's values to: \(ReplicationStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                claim.replication = parsed
            }
            if let wide = try text(spec.fields["economy-wide"]) { claim.isEconomyWide = ["yes", "true", "1"].contains(wide.lowercased()) }
            claim.note = try text(spec.fields["note"])
            for about in spec.about {
                guard let name = try text(about.value) else { continue }
                let reference = EntityReference(about.kind, Slug.fold(name))
                row.entityReferences.append(reference)
                if !entities.contains(reference) {
                    guard about.create else {
                        throw fail("claim '\(id)' is about \(about.kind.rawValue) '\(reference.slug)', which is neither in the KB nor in the mapping's taxonomy",
                                   help: "declare it under the mapping's taxonomy, map the value to a known \(about.kind.rawValue), or set 'create: true'")
                    }
                    entities.insert(reference)
                    row.entities.append(Entity(kind: about.kind, slug: reference.slug, name: name, origin: Origin(file: main.name, line: record.line)))
                }
                if !claim.about.contains(reference) { claim.about.append(reference) }
            }
            for replication in spec.replications {
                guard let source = references[replication.source], let outcome = try text(replication.outcome) else { continue }
                guard let parsed = ReplicationOutcome(rawValue: outcome) else { throw fail("unknown replication outcome '\(outcome)'") }
                claim.replications.append(ClaimReplication(sourceSlug: source, outcome: parsed))
            }
            row.claims.append(claim)
        }
    }

    /// The first study of a slug, with blanks filled from a later row.
    static func fill(_ study: Study, with other: Study) -> Study {
        var merged = study
        if merged.design == nil { merged.design = other.design }
        if merged.n == nil { merged.n = other.n }
        if merged.nUnit == nil { merged.nUnit = other.nUnit }
        if merged.preregistered == .unknown { merged.preregistered = other.preregistered }
        if merged.registryURL == nil { merged.registryURL = other.registryURL }
        if merged.population == nil { merged.population = other.population }
        if merged.country == nil { merged.country = other.country }
        if merged.period == nil { merged.period = other.period }
        return merged
    }

    /// A warning at a cell: its line and, for a column of the main file, its column.
    func cellWarning(_ id: String, _ message: String, _ record: CSVParser.Record, column: String?, lookup: Lookup, help: String? = nil) -> Diagnostic {
        if let column, let index = lookup.table.index[column], record.offsets.indices.contains(index) {
            return main.diagnostic(id, message, at: record.offsets[index], help: help)
        }
        return main.diagnostic(id, message, line: record.line, help: help)
    }

    /// How datasets write "not reported" in a numeric column (R's NA among them): no warning.
    static func isMissingMark(_ text: String) -> Bool {
        ["na", "n/a", "nan", "null", "-", "\u{2013}", "\u{2014}", ".", "n.a."].contains(text.trimmed.lowercased())
    }
}
