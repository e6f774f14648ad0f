import Foundation
import KBDomain
import KBStore

/// Applies `FIELD=VALUE` assignments to a source, study or claim, checking each value the way
/// kb's YAML and imports do (the same messages: "'x' is not a DOI", "a sample size must be
/// positive"), and resolving taxonomy names through aliases with a did-you-mean, as queries do.
/// Every problem is collected, so one run reports them all.
struct RecordEditor {
    /// The curation store of the write's transaction.
    let db: SQLiteCurationStore
    /// Names, aliases and did-you-mean candidates, read as queries read them.
    let store: any QueryStore
    var problems: [Diagnostic] = []
    /// The current year: a later `issued` year is refused.
    let thisYear = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(secondsFromGMT: 0) ?? .current, from: Date()).year ?? 9999

    init(db: SQLiteCurationStore, store: any QueryStore) {
        self.db = db
        self.store = store
    }

    mutating func apply(_ assignments: [FieldAssignment], to record: RecordSnapshot, isNew: Bool) -> RecordSnapshot {
        let names = CuratedFields.names(record.kind)
        var record = record
        // A field given twice is ambiguous (which value was meant?): refused, naming it.
        var seen: Set<String> = []
        for assignment in assignments where names.contains(assignment.field) {
            let key = assignment.field == "year" ? "issued" : assignment.field
            if !seen.insert(key).inserted {
                problems.append(assignment.fieldError("curation.duplicate-field", "field '\(assignment.field)' is given twice",
                                                      help: "give each field once"))
            }
        }
        guard problems.isEmpty else { return record }
        for assignment in Self.inOrder(assignments, kind: record.kind) {
            guard names.contains(assignment.field) else {
                let near = Suggestions.nearest(to: assignment.field, in: names)
                problems.append(assignment.fieldError("curation.unknown-field", "unknown field '\(assignment.field)' for a \(record.kind.rawValue)",
                                                      help: near.first.map { "did you mean '\($0)'?" } ?? "fields: \(names.joined(separator: ", "))"))
                continue
            }
            if assignment.field == "id", !isNew {
                problems.append(assignment.fieldError("curation.id-fixed", "a record's id never changes",
                                                      help: "add a new record and remove this one instead"))
                continue
            }
            if let nul = assignment.nulCharacter() {
                problems.append(nul)
                continue
            }
            do {
                switch record {
                case var .source(source):
                    try set(assignment, on: &source)
                    record = .source(source)
                case var .study(study):
                    try set(assignment, on: &study)
                    record = .study(study)
                case var .claim(claim):
                    try set(assignment, on: &claim)
                    record = .claim(claim)
                }
            } catch let diagnostic as Diagnostic {
                problems.append(diagnostic)
            } catch {
                problems.append(assignment.error("curation.invalid-value", "\(error)"))
            }
        }
        return record
    }

    /// The assignments of one edit are validated together, whatever order they were given in:
    /// a claim's `source` is applied before its `study`, so that the study is checked against
    /// the new source, not the one the claim had.
    static func inOrder(_ assignments: [FieldAssignment], kind: RecordKind) -> [FieldAssignment] {
        guard kind == .claim else { return assignments }
        return assignments.filter { $0.field == "source" } + assignments.filter { $0.field != "source" }
    }

    /// The fields a new record lacks.
    mutating func checkRequired(_ record: RecordSnapshot, given: [FieldAssignment]) {
        let missing = CuratedFields.required(record.kind).filter { name in !given.contains { $0.field == name && !$0.value.isEmpty } }
        for name in missing {
            problems.append(Diagnostic(id: "curation.missing-field", message: "a new \(record.kind.rawValue) needs '\(name)'",
                                       location: SourceLocation(file: FieldAssignment.locationName, text: "", range: 0..<0),
                                       help: "add --\(name) VALUE"))
        }
    }

    // MARK: Sources

    func set(_ a: FieldAssignment, on source: inout Source) throws {
        switch a.field {
        case "id": source.slug = try slug(a)
        case "type":
            guard let type = a.optional else { source.type = "article-journal"; return }
            guard CSLTypes.all.contains(type) else {
                throw a.error("curation.unknown-type", "unknown CSL type '\(type)'",
                              help: Suggestions.nearest(to: type, in: CSLTypes.all).first.map { "did you mean '\($0)'?" })
            }
            source.type = type
        case "title": source.title = a.optional
        case "container-title": source.containerTitle = a.optional
        case "publisher": source.publisher = a.optional
        case "publisher-place": source.publisherPlace = a.optional
        case "volume": source.volume = a.optional
        case "issue": source.issue = a.optional
        case "page": source.page = a.optional
        case "url": source.url = a.optional
        case "accessed": source.accessed = a.optional
        case "note": source.note = a.optional
        case "issued", "year":
            guard let text = a.optional else { source.issued = nil; return }
            guard let date = PartialDate(parsing: text) else {
                throw a.error("curation.invalid-date", "expected a date such as 2023, 2025-09 or 2025-09-23, found '\(text)'")
            }
            guard date.year <= thisYear else {
                throw a.error("curation.future-year", "the year \(date.year) is in the future", help: "a source is dated when it appeared")
            }
            source.issued = date
        case "doi":
            guard let text = a.optional else { source.doi = nil; return }
            guard let doi = DOI.normalize(text) else {
                throw a.error("curation.invalid-doi", "'\(text)' is not a DOI", help: "a DOI looks like 10.1126/science.adh2586")
            }
            source.doi = doi
        case "peer-reviewed":
            switch a.value.lowercased() {
            case "", "unknown": source.isPeerReviewed = nil
            case "true", "yes": source.isPeerReviewed = true
            case "false", "no": source.isPeerReviewed = false
            default: throw a.error("curation.invalid-boolean", "expected true, false or unknown, found '\(a.value)'")
            }
        case "authors", "editors":
            let role = a.field == "authors" ? "author" : "editor"
            source.contributors = source.contributors.filter { $0.role != role } + Self.names(a.value, role: role)
        default: break
        }
    }

    /// `Family, Given; Family, Given; Organisation` — a name without a comma is an organisation.
    static func names(_ text: String, role: String) -> [Contributor] {
        text.split(separator: ";").compactMap { part -> Contributor? in
            let name = part.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { return nil }
            let pieces = name.split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pieces.count == 2 { return Contributor(role: role, family: pieces[0], given: pieces[1].isEmpty ? nil : pieces[1]) }
            return Contributor(role: role, literal: name)
        }
    }

    // MARK: Studies

    func set(_ a: FieldAssignment, on study: inout Study) throws {
        switch a.field {
        case "id": study.slug = try slug(a)
        case "source": study.sourceSlug = try existingSource(a)
        case "label": study.label = a.optional
        case "design": study.design = try a.optional.map { try choice($0, StudyDesign.self, what: "design", a) }
        case "design-quote": study.designQuote = a.optional
        case "n":
            guard let text = a.optional else { study.n = nil; return }
            guard let n = Int(text.replacingOccurrences(of: ",", with: "")) else {
                throw a.error("curation.invalid-n", "expected a whole number, found '\(text)'")
            }
            guard n > 0 else { throw a.error("curation.invalid-n", "a sample size must be positive, found \(n)") }
            study.n = n
        case "n-text": study.nText = a.optional
        case "n-unit": study.nUnit = a.optional
        case "preregistered":
            let text = a.value == "true" ? "yes" : a.value == "false" ? "no" : a.value
            study.preregistered = try text.isEmpty ? .unknown : choice(text, Preregistration.self, what: "pre-registration status", a)
        case "registry": study.registryURL = a.optional
        case "population": study.population = a.optional
        case "country": study.country = a.optional
        case "period": study.period = a.optional
        default: break
        }
    }

    // MARK: Claims

    func set(_ a: FieldAssignment, on claim: inout Claim) throws {
        var quantity = claim.quantity ?? Quantity()
        defer { claim.quantity = quantity.isEmpty ? nil : quantity }
        switch a.field {
        case "id": claim.slug = try slug(a)
        case "statement":
            guard let text = a.optional else { throw a.error("curation.missing-field", "a claim needs a statement") }
            claim.statement = text
        case "source":
            claim.sourceSlug = try a.optional.map { _ in try existingSource(a) }
            if let study = claim.studySlug, try studySource(study) != claim.sourceSlug { claim.studySlug = nil }
        case "study":
            guard let slug = a.optional else { claim.studySlug = nil; return }
            guard let owner = try studySource(slug) else {
                let near = Suggestions.nearest(to: slug, in: try db.studySlugs())
                throw a.error("curation.unknown-study", "unknown study '\(slug)'", help: near.first.map { "did you mean '\($0)'?" })
            }
            if claim.sourceSlug == nil { claim.sourceSlug = owner }
            guard owner == claim.sourceSlug else {
                throw a.error("curation.study-source-mismatch", "study '\(slug)' belongs to source '\(owner)', not '\(claim.sourceSlug ?? "(none)")'")
            }
            claim.studySlug = slug
        case "quote": claim.quote = a.optional
        case "locator": claim.locator = a.optional
        case "note": claim.note = a.optional
        case "metric": quantity.metric = a.optional
        case "unit": quantity.unit = a.optional
        case "baseline": quantity.baseline = a.optional
        case "value": quantity.value = try a.optional.map { try number($0, a) }
        case "direction": quantity.direction = try a.optional.map { try choice($0, Direction.self, what: "direction", a) }
        case "interval":
            guard let text = a.optional else { quantity.intervalLow = nil; quantity.intervalHigh = nil; return }
            let bounds = text.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard bounds.count == 2 else { throw a.error("curation.invalid-interval", "an interval is LOW,HIGH, found '\(text)'") }
            quantity.intervalLow = try number(bounds[0], a)
            quantity.intervalHigh = try number(bounds[1], a)
        case "replication":
            // The curator states the status; the shown one is then rolled up with the claim's
            // replication attempts (Curator.store).
            claim.replication = try a.optional.map { try choice($0, ReplicationStatus.self, what: "replication status", a) } ?? .unknown
            claim.statedReplication = nil
        case "economy-wide":
            switch a.value.lowercased() {
            case "", "false", "no": claim.isEconomyWide = false
            case "true", "yes": claim.isEconomyWide = true
            default: throw a.error("curation.invalid-boolean", "expected true or false, found '\(a.value)'")
            }
        case "about":
            claim.about = try a.value.split(separator: ",").map { part in
                let text = part.trimmingCharacters(in: .whitespaces)
                let pieces = text.split(separator: ":", maxSplits: 1).map(String.init)
                guard pieces.count == 2, let kind = EntityKind(rawValue: pieces[0]) else {
                    throw a.error("curation.invalid-reference", "expected 'kind:name' such as 'cohort:older-workers', found '\(text)'")
                }
                return try entity(pieces[1], kind: kind, a)
            }
        default:
            // A taxonomy kind: `cohort=older` makes the claim about those cohorts (`cohort=` about none).
            guard let kind = EntityKind(rawValue: a.field) else { return }
            let wanted = try a.value.split(separator: ",").map { try entity($0.trimmingCharacters(in: .whitespaces), kind: kind, a) }
            claim.about = claim.about.filter { $0.kind != kind } + wanted
        }
    }

    // MARK: Checks shared by the fields

    func slug(_ a: FieldAssignment) throws -> String {
        guard Slug.isValid(a.value) else {
            throw a.error("curation.invalid-id", "'\(a.value)' is not a valid id", help: "use lower case letters, digits and '-', e.g. '\(Slug.fold(a.value))'")
        }
        return a.value
    }

    func number(_ text: String, _ a: FieldAssignment) throws -> Double {
        guard let value = Double(text), value.isFinite else { throw a.error("curation.invalid-number", "expected a number, found '\(text)'") }
        return value
    }

    func choice<T: RawRepresentable & CaseIterable>(_ text: String, _ type: T.Type, what: String, _ a: FieldAssignment) throws -> T
    where T.RawValue == String {
        if let value = T(rawValue: text) { return value }
        let names = T.allCases.map(\.rawValue)
        let near = Suggestions.nearest(to: text, in: names)
        throw a.error("curation.unknown-\(what.replacingOccurrences(of: " ", with: "-"))", "unknown \(what) '\(text)'",
                      help: near.isEmpty ? "expected one of: \(names.joined(separator: ", "))" : "did you mean '\(near[0])'?")
    }

    func existingSource(_ a: FieldAssignment) throws -> String {
        let slug = a.value
        if try db.sourceExists(slug: slug) { return slug }
        let near = try store.sourceSlugs(near: slug)
        throw a.error("curation.unknown-source", "unknown source '\(slug)'", help: near.first.map { "did you mean '\($0)'?" } ?? "add it first: kb add source")
    }

    func studySource(_ slug: String) throws -> String? {
        try db.sourceOfStudy(slug)
    }

    /// A taxonomy node by slug, name or alias (folded as queries fold them).
    func entity(_ name: String, kind: EntityKind, _ a: FieldAssignment) throws -> EntityReference {
        if let found = try store.entities(named: name, kinds: [kind]).first { return EntityReference(kind, found.slug) }
        let near = try store.suggestions(for: name, kinds: [kind])
        throw a.error("curation.unknown-\(kind.rawValue)", "unknown \(kind.rawValue) '\(name)'",
                      help: near.isEmpty ? "see kb list \(kind.plural)" : "did you mean \(near.joined(separator: ", "))?")
    }
}
