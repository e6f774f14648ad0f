import KBDomain
import KBStore

extension Curator {
    /// One DOI names one work: `kb add` and `kb edit` refuse to give a source a DOI another
    /// source holds, naming the one that holds it (an import merges such records into one
    /// work; added by hand, the second was a duplicate only the audit flagged afterwards).
    /// Nil when `record` is no source, has no DOI, or no other source has it.
    static func doiHolder(of record: RecordSnapshot, in db: SQLiteCurationStore) throws -> (doi: String, slug: String)? {
        guard case let .source(source) = record, let written = source.doi else { return nil }
        // Stored DOIs are normalized; a snapshot logged before they were may hold another form.
        let doi = DOI.normalize(written) ?? written
        return try db.sourceSlug(withDOI: doi, otherThan: source.slug).map { (doi, $0) }
    }

    /// The refusal of a DOI another source holds, shown under the `doi` value given.
    static func doiTaken(_ record: RecordSnapshot, fields: [FieldAssignment], in db: SQLiteCurationStore) throws -> Diagnostic? {
        guard let field = fields.last(where: { $0.field == "doi" }), let (doi, holder) = try doiHolder(of: record, in: db) else { return nil }
        return field.error("curation.doi-taken", "source '\(holder)' already has the DOI \(doi)",
                           help: "one DOI names one work: change that source with kb edit \(holder) FIELD=VALUE")
    }

    /// Refuses an undo that would give a source back a DOI another source has taken since (a
    /// DOI edited away or a source removed, then the DOI given to another): the undo would make
    /// the duplicate `kb add` and `kb edit` refuse. `current` is the source as stored now (nil:
    /// removed); a restore that leaves the DOI as it is now is not checked.
    static func checkDOIFree(restoring record: RecordSnapshot, over current: RecordSnapshot?, change: Change, in db: SQLiteCurationStore) throws {
        guard case let .source(restored) = record else { return }
        if case let .source(now)? = current, now.doi.map({ DOI.normalize($0) ?? $0 }) == restored.doi.map({ DOI.normalize($0) ?? $0 }) { return }
        guard let (doi, holder) = try doiHolder(of: record, in: db) else { return }
        throw CurationConflict("change \(change.id) cannot be undone: it would give source '\(restored.slug)' back the DOI \(doi), which source "
                               + "'\(holder)' has now (one DOI names one work); undo the change that gave it that DOI (kb log \(holder)) or edit it "
                               + "(kb edit \(holder) doi=...) first")
    }
}
