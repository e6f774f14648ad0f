import KBDomain

/// What the curation commands (`kb add`, `edit`, `notice`, `link`, `remove`, `undo`, `log`) ask
/// of the database, as typed questions and writes: KBCuration keeps the rules (what to refuse,
/// roll-ups, messages) and holds no SQL. A store is bound to one transaction (read or write);
/// SQLite (``SQLiteCurationStore``) is the only one today, and a PostgreSQL one (DESIGN §13) would
/// be a second conformance, as ``QueryStore`` is for the query compiler (issue 13, D1).
package protocol CurationStore: ChangeLogStore {
    // MARK: Records

    /// The version of the record `slug` of `kind`; nil when there is none.
    func version(_ kind: RecordKind, _ slug: String) throws -> Int?
    /// Raises the record's version by one and returns it (0 when the kind has no table).
    func bumpVersion(_ kind: RecordKind, _ slug: String) throws -> Int
    func setVersion(_ kind: RecordKind, _ slug: String, to version: Int) throws
    /// The row id of the record `slug` of `kind`.
    func recordID(_ kind: RecordKind, _ slug: String) throws -> Int64?
    /// The source, study and claim slugs near `id` (every one in a small KB): a did-you-mean's
    /// candidates (``NearbySlugs``).
    func recordSlugs(near id: String) throws -> [String]
    /// Those of `slugs` that no record of `kind` has.
    func absentSlugs(_ slugs: [String], kind: RecordKind) throws -> Set<String>
    /// Deletes the record (the database removes its contributors, notices, scope and search
    /// entries with it).
    func deleteRecord(_ kind: RecordKind, _ slug: String) throws
    func sourceExists(slug: String) throws -> Bool
    /// The first stored source other than `slug` whose (normalized) DOI is `doi`.
    func sourceSlug(withDOI doi: String, otherThan slug: String) throws -> String?
    /// The source of study `slug`.
    func sourceOfStudy(_ slug: String) throws -> String?
    /// The studies of source `slug`, in the order they were stored.
    func studySlugs(ofSource slug: String) throws -> [String]
    /// The claims of source `slug`, in the order they were stored.
    func claimSlugs(ofSource slug: String) throws -> [String]
    /// The claims of study `slug`, in the order they were stored (the first `limit`).
    func claimSlugs(ofStudy slug: String, limit: Int?) throws -> [String]
    /// The claims of other sources that name source `slug` as a replication.
    func claimsReplicated(bySource slug: String) throws -> [String]
    func studySlugs() throws -> [String]
    func claimSlugs() throws -> [String]
    func profileSlugs() throws -> Set<String>
    func entityExists(kind: String, slug: String) throws -> Bool

    // MARK: Relations between claims

    /// The relations from or to `claim`.
    func relations(of claim: String) throws -> [(from: String, kind: String, to: String, note: String?)]
    func relationExists(from: Int64, kind: String, to: Int64) throws -> Bool
    func insertRelation(from: Int64, kind: String, to: Int64, note: String?) throws
    /// Deletes the relation; false when there was none.
    func deleteRelation(from: String, kind: String, to: String) throws -> Bool
    /// Puts a relation back by its claims' slugs; false when one of them no longer exists.
    func restoreRelation(from: String, kind: String, to: String, note: String?) throws -> Bool
}

/// The change log's questions (`kb log`, `kb show --history`, and what `kb undo` and
/// `--if-version` read): the part of the curation store that only reads, answered by the same
/// statements on every store (``ChangeLogStatements``), PostgreSQL's included.
package protocol ChangeLogStore {
    /// The changes that match every filter given (nil: any), oldest first; `since` as the log
    /// writes times.
    func changes(record: String?, since: String?, author: String?, batch: String?) throws -> [Change]
    /// The first `limit` changes after change `id`, oldest first.
    func changes(after id: Int64, limit: Int) throws -> [Change]
    func change(_ id: Int64) throws -> Change?
    /// The latest change of a record.
    func latestChange(kind: RecordKind, recordId: String) throws -> Change?
    /// The highest change id (0 for an empty log).
    func lastChangeID() throws -> Int64
    /// How many changes come after change `id`.
    func changeCount(after id: Int64) throws -> Int
    /// The latest `kb init`'s change id, if any.
    func latestInitChange() throws -> Int64?
    /// The latest change of `batch`.
    func lastChangeID(inBatch batch: String) throws -> Int64?
    /// An undo of change `id`, or of another change of its `batch`: (the undo's id, the change
    /// it undid, its author and time).
    func undo(ofChange id: Int64, batch: String?) throws -> (id: Int64, undoes: Int64, author: String, time: String)?
    /// The changes after a change of `batch` (of change `id` when no batch) to the same record
    /// that are still in effect, as (the group's change, the later one), oldest later first.
    func laterChanges(batch: String?, change id: Int64) throws -> [(original: Int64, later: Int64)]
}
