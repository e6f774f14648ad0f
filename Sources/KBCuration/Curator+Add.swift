import Foundation
import KBDomain
import KBFormats
import KBStore

extension Curator {
    /// `kb add source|study|claim --FIELD VALUE…`: one new record, its id made as import makes
    /// ids when none is given. Invalid values, a missing required field or an id already taken
    /// throw before anything is written.
    public func add(_ kind: RecordKind, fields: [FieldAssignment], options: CurationOptions) throws -> CurationResult {
        try write { db in
            var editor = RecordEditor(db: db, store: knowledgeBase.queryStore(db.database))
            let empty: RecordSnapshot
            switch kind {
            case .source: empty = .source(Source(slug: ""))
            case .study: empty = .study(Study(slug: "", sourceSlug: ""))
            case .claim: empty = .claim(Claim(slug: "", statement: ""))
            default: throw KBError.usage("kb add takes source, study or claim")
            }
            var record = editor.apply(fields, to: empty, isNew: true)
            editor.checkRequired(record, given: fields)
            if let taken = try Self.doiTaken(record, fields: fields, in: db) { editor.problems.append(taken) }
            if !editor.problems.isEmpty { throw DiagnosticList(editor.problems) }
            record = try Self.withID(record, given: fields.first { $0.field == "id" }, in: db)
            if case var .claim(claim) = record, claim.studySlug == nil, let source = claim.sourceSlug {
                // As in kb's YAML: a claim of a source with exactly one study is about that study.
                let studies = try db.studySlugs(ofSource: source)
                if studies.count == 1 { claim.studySlug = studies[0] }
                record = .claim(claim)
            }
            try Self.store([record], in: db)
            let stored = try RecordSnapshot.read(kind, slug: record.slug, in: db.database) ?? record
            let id = try ChangeRecorder.append(options.context, action: "add", kind: kind, recordId: record.slug,
                                               version: try Self.version(kind, record.slug, in: db), before: nil, after: stored.text, in: db.database)
            var result = CurationResult()
            result.ids = [record.slug]
            result.findings = try Self.audit([(kind, record.slug)], strict: options.strict, in: db)
            result.changes = try Self.fetchChanges([id], in: db)
            return result
        }
    }

    /// The record with its id: the one given (refused when taken), else one made from its
    /// content: a source's citation key (`noy2023experimental`), `SOURCE-study`, or a claim's
    /// source and first words; `b`, `c`… when taken.
    static func withID(_ record: RecordSnapshot, given: FieldAssignment?, in db: SQLiteCurationStore) throws -> RecordSnapshot {
        // Ids are unique across sources, studies and claims: kb edit, remove and log find a record by its id alone.
        let taken = { (slug: String) throws -> Bool in try kindUsing(slug, in: db) != nil }
        if let given {
            if let other = try kindUsing(given.value, in: db) {
                let help = other == record.kind ? "change it with kb edit \(given.value) FIELD=VALUE"
                    : "ids are unique across sources, studies and claims; choose another --id"
                throw DiagnosticList([given.error("curation.id-taken", "a \(other.rawValue) '\(given.value)' already exists", help: help)])
            }
            return record
        }
        switch record {
        case var .source(source):
            source.slug = try CitationKey.unique(CitationKey.base(for: source), isTaken: taken)
            return .source(source)
        case var .study(study):
            study.slug = try CitationKey.unique(study.sourceSlug + "-study", isTaken: taken)
            return .study(study)
        case var .claim(claim):
            let words = Slug.fold(claim.statement).split(separator: "-").map(String.init)
                .filter { !CitationKey.stopWords.contains($0) }.prefix(3)
            let base = ([claim.sourceSlug ?? "claim"] + words).joined(separator: "-")
            claim.slug = try CitationKey.unique(Slug.isValid(base) ? base : "claim", isTaken: taken)
            return .claim(claim)
        }
    }

    /// `kb add --from FILE.yaml`: every record of a file in kb's YAML (Seeds/README.md), all or
    /// nothing — one invalid record and none is written. Records already stored are refused
    /// (`kb edit` changes them). The additions are one batch of the change log.
    public func add(from file: SeedFile, options: CurationOptions) throws -> CurationResult {
        try write { db in
            let known = try Self.knownNames(in: db)
            let dataset = try SeedLoader.load([file], known: known)
            var problems: [Diagnostic] = []
            let thisYear = RecordEditor(db: db, store: knowledgeBase.queryStore(db.database)).thisYear
            for source in dataset.sources {
                if let year = source.issued?.year, year > thisYear {
                    problems.append(Self.diagnostic(file, source.origin, "curation.future-year", "source '\(source.slug)': the year \(year) is in the future"))
                }
            }
            // Ids are unique across sources, studies and claims, in the KB and in the file.
            let records: [(RecordKind, String, Origin?)] = dataset.sources.map { (.source, $0.slug, $0.origin) }
                + dataset.studies.map { (.study, $0.slug, $0.origin) } + dataset.claims.map { (.claim, $0.slug, $0.origin) }
            var stored: [String: RecordKind] = [:]
            for kind in [RecordKind.claim, .source, .study] {
                guard kind.table != nil else { continue }
                let slugs = records.map(\.1)
                for slug in Set(slugs).subtracting(try db.absentSlugs(slugs, kind: kind)) { stored[slug] = kind }
            }
            var inFile: [String: RecordKind] = [:]
            for (kind, slug, origin) in records {
                if let other = stored[slug] {
                    problems.append(Self.diagnostic(file, origin, "curation.id-taken", "a \(other.rawValue) '\(slug)' already exists"))
                } else if let other = inFile[slug], other != kind {
                    problems.append(Self.diagnostic(file, origin, "curation.id-taken", "the file has a \(other.rawValue) '\(slug)' too; ids are unique across kinds"))
                }
                inFile[slug] = inFile[slug] ?? kind
            }
            // One DOI names one work: a source whose DOI a stored source (or an earlier one of
            // the file) has is refused, as `kb add source` refuses it.
            var dois: [String: String] = [:]
            for source in dataset.sources {
                guard let doi = source.doi else { continue }
                if let (_, holder) = try Self.doiHolder(of: .source(source), in: db) ?? dois[doi].map({ (doi, $0) }) {
                    problems.append(Self.diagnostic(file, source.origin, "curation.doi-taken", "source '\(source.slug)': source '\(holder)' already has the DOI \(doi)"))
                }
                dois[doi] = dois[doi] ?? source.slug
            }
            // Taxonomy nodes the file declares must be new: a file that restates a stored node
            // would rename or re-describe it, a change add --from does not log.
            for entity in dataset.entities where known.entities.contains(entity.reference) {
                problems.append(Self.diagnostic(file, entity.origin, "curation.id-taken",
                                                "a \(entity.kind.rawValue) '\(entity.slug)' already exists; refer to it by name instead of declaring it"))
            }
            let profiles = try db.profileSlugs()
            for profile in dataset.profiles where profiles.contains(profile.slug) {
                problems.append(Self.diagnostic(file, profile.origin, "curation.id-taken", "a profile '\(profile.slug)' already exists"))
            }
            if !problems.isEmpty { throw DiagnosticList(problems) }
            let watermark = try ChangeRecorder.Watermark.read(in: db.database)
            var graph = GraphWriter(db: db.database)
            graph.newSources = Set(dataset.sources.map(\.slug))
            _ = try graph.write(dataset)
            let batch = "add-" + UUID().uuidString.prefix(8).lowercased()
            try ChangeRecorder.recordImport(options.context, batch: batch, since: watermark, existing: [], in: db.database)
            var result = CurationResult()
            result.ids = dataset.sources.map(\.slug) + dataset.studies.map(\.slug) + dataset.claims.map(\.slug)
            result.changes = try ChangeLog.changes(.init(batch: batch), in: db)
            let touched = dataset.sources.map { (RecordKind.source, $0.slug) } + dataset.studies.map { (RecordKind.study, $0.slug) }
                + dataset.claims.map { (RecordKind.claim, $0.slug) }
            result.findings = try Self.audit(touched, strict: options.strict, in: db)
            return result
        }
    }

    static func diagnostic(_ file: SeedFile, _ origin: Origin?, _ id: String, _ message: String) -> Diagnostic {
        Diagnostic(id: id, message: message, location: SourceLocation(file: file.name, text: file.text, line: origin?.line ?? 1, column: 1, length: 0))
    }

    /// What a file may refer to without declaring it: what the KB holds (the same reader as `kb import`).
    static func knownNames(in db: SQLiteCurationStore) throws -> SeedLoader.KnownNames {
        try SeedLoader.KnownNames.read(in: db.database)
    }
}
