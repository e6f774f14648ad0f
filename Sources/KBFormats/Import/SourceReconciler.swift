import Foundation
import GRDB
import KBDomain
import KBQuery
import KBStore

/// Decides, for each incoming source, whether it is a work the import has already seen, one the
/// KB already holds, or a new one — matching by DOI, then by the file's own id, then by title +
/// year + first author, then by URL, then by the file and citation key it had before — and gives
/// it its final slug. (A mapping's row group is one record already: the CSV mapper merges its
/// rows.) Every match but DOI and id needs the two
/// records not to disagree (``WorkIdentity``): a weak clue never merges two works. Matches are
/// merged (``SourceMerge``); disagreements are reported with both records' file:line.
struct SourceReconciler {
    let db: Database
    /// The sources to write, in the order first seen, with their ``IdentityKeys`` (``WorkSlots``:
    /// a released one is a stub, and in a streamed import those handed over are on disk).
    private var slots = WorkSlots()
    /// The sources to write, in the order first seen (a whole import's; of works settled to the
    /// ledger, only their stubs).
    func sources() throws -> [Source] { try slots.records(from: 0) }
    /// (file, key) pairs to remember for each slug.
    private(set) var keys: [(file: String, key: String, slug: String)] = []
    /// Disagreements found while merging, in the order met (``conflictSlots``).
    var conflicts: [String] { conflictSlots.keys.sorted().flatMap { conflictSlots[$0] ?? [] } }
    /// The conflicts of each record taken in that gave any, by the record's number: a streamed
    /// import may say again what merging one record gave (``mergeLate(_:into:file:)``), in that
    /// record's place. (Not a slot per record: most give none.)
    private var conflictSlots: [Int: [String]] = [:]
    /// Records taken in so far (the next one's conflict slot).
    private var recordsTaken = 0

    private mutating func noteConflicts(_ found: [String]) {
        if !found.isEmpty { conflictSlots[recordsTaken] = found }
        recordsTaken += 1
    }
    /// "file:line is the same work as file:line (same DOI)".
    private(set) var merges: [String] = []
    private(set) var matchedExisting = 0
    /// Slugs of the sources that are new to the KB.
    func newSlugs() throws -> Set<String> {
        Set(try (0..<slots.count).filter { madeNew.contains($0) }.map { try slots.slug(at: $0) })
    }

    /// By the digest of the normalized DOI: the DOI as a key was a heap string per work (issue 18).
    /// Each index keeps the batches handed over in runs on disk (``SpilledPositions``).
    private var byDOI = SpilledPositions()
    /// By the digest of the slug.
    private var bySlug = SpilledPositions()
    /// By the digest of ``titleKey(_:year:)`` (a candidate is then compared by its exact
    /// ``IdentityKeys``, so a digest never matches two works by itself): the folded title as a
    /// key was a second copy of every work's title (issue 18).
    private var byTitle = SpilledPositions()
    /// By the digest of ``WorkIdentity/comparableURL(_:)`` (as ``IdentityKeys`` keeps it).
    private var byURL = SpilledPositions()
    /// (file, key) → positions: a key met earlier in this import, for the key clue; by the
    /// 128-bit digest of "file\0key" (as ``Fingerprint`` tells texts apart), not a string per work.
    private var byKey = SpilledPositions()

    private var existing: any ExistingSources
    /// Stored sources read in full during this import, by id, with their identity keys: a
    /// candidate of many records is read and folded once.
    private var loaded: [Int64: (source: Source, keys: IdentityKeys)] = [:]

    /// - Parameter incoming: how many sources the import brings (decides how to look up the KB).
    init(db: Database, incoming: Int) throws {
        self.db = db
        self.existing = try ExistingSourcesFactory.make(db: db, incoming: incoming)
    }

    /// Takes in one source and returns the slug it ends up with.
    mutating func add(_ incoming: IncomingSource, file: String) throws -> String {
        let fileKey = fileKey(of: file)
        var source = incoming.source
        Self.decodeEntities(&source)
        if let doi = source.doi { source.doi = DOI.normalize(doi) ?? doi }
        if let title = source.title, ExportFields.isUntitledPlaceholder(title) { source.title = nil }
        // The folded title, computed once: every match below and the index use it.
        let plainTitleKey = source.title.flatMap { $0.isEmpty ? nil : TitleKey.make($0) }
        let titleKey = plainTitleKey.map { Self.titleKey($0, year: source.issued?.year) }
        // What identifies the record (its slug is not part of it): for matching, and for the
        // index when it is a new work.
        let keys = IdentityKeys(source, title: plainTitleKey.flatMap { $0.isEmpty ? nil : $0 })
        let here = source.origin?.description ?? file
        switch try match(source, keys: keys, titleKey: titleKey, plainTitleKey: plainTitleKey, incoming: incoming, fileKey: fileKey) {
        case let .pending(index, reason):
            if lateTargets.contains(index) {
                throw StreamingImport.NeedsWholeImport(reason: "\(here) is the same work as a record completed by later rows in earlier batches")
            }
            mergedInto.insert(index)
            let first = try slots.source(at: index).origin?.description ?? slots.slug(at: index)
            merges.append("\(here) is the same work as \(first) (\(reason)); merged")
            var known = try record(at: index)
            noteConflicts(SourceMerge.merge(source, into: &known).map { "\(known.slug): \($0) (\(first) vs \(here)); kept the first" })
            try slots.setWhole(known, at: index)
            try indexSource(index)
            if index < handedOver { changedSince.insert(index) }
            try remember(incoming, fileKey: fileKey, position: index)
            lastPosition = index
            return known.slug
        case let .existing(stored):
            matchedExisting += 1
            var known = stored
            if keepsGroups { storedMatches[slots.count] = (stored, incoming.source, recordsTaken) }
            noteConflicts(Self.mergeIntoStored(source, &known, here: here))
            try append(known)
            try remember(incoming, fileKey: fileKey, position: slots.count - 1)
            lastPosition = slots.count - 1
            return known.slug
        case nil:
            break
        }
        if !incoming.hasExplicitSlug || source.slug.isEmpty {
            // The file's own key when it is already a kb key and free (so a kb export imports
            // with the keys it was written with); a new readable key otherwise.
            if let key = incoming.key, CitationKey.isKBKey(key), try !isSlugTaken(key) {
                source.slug = key
            } else {
                source.slug = try CitationKey.unique(CitationKey.base(for: source)) { candidate in try isSlugTaken(candidate) }
            }
        }
        try append(source, titleKey: titleKey, identity: keys)
        madeNew.insert(slots.count - 1)
        try remember(incoming, fileKey: fileKey, position: slots.count - 1)
        lastPosition = slots.count - 1
        return source.slug
    }

    /// The position of the work the last record taken in (``add(_:file:)``) went to.
    private(set) var lastPosition = 0

    /// The slug of the work at `position`.
    func slug(at position: Int) throws -> String {
        try slots.slug(at: position)
    }

    /// A record as matching sees it: character references decoded, DOI normalized, no placeholder title.
    static func normalized(_ incoming: Source) -> Source {
        var source = incoming
        decodeEntities(&source)
        if let doi = source.doi { source.doi = DOI.normalize(doi) ?? doi }
        if let title = source.title, ExportFields.isUntitledPlaceholder(title) { source.title = nil }
        return source
    }

    /// A record merged into the stored work it matched; the conflicts, stored value kept.
    private static func mergeIntoStored(_ source: Source, _ known: inout Source, here: String) -> [String] {
        let stored = known.origin?.description ?? "the KB"
        return SourceMerge.merge(source, into: &known).map { "\(known.slug): \($0) (\(stored) vs \(here)); kept the stored value" }
    }

    /// Whether to keep, for each record matched with a stored work, that work as stored and
    /// the record as it came (``storedMatches``): a streamed import sets it, so that a later row of
    /// the record's group merges as a whole import merges it.
    var keepsGroups = false
    /// By position: the stored work a record matched, the record (its group's rows so far, as
    /// the mapper merged them) and the slot of the conflicts merging it gave.
    private var storedMatches: [Int: (stored: Source, group: Source, slot: Int)] = [:]

    /// For a streamed import: how many of `sources` were handed to the writer, and which of
    /// those changed since (merged with a later record).
    private var handedOver = 0
    private var changedSince = Set<Int>()
    /// Positions a record of this import made new (not a stored work), and those another
    /// record merged into: a late row is merged in place only into a work its own group made
    /// alone (``mergeLate(_:into:file:)``).
    private var madeNew = PositionFlags()
    private var mergedInto = PositionFlags()
    private var lateTargets = PositionFlags()

    /// Entries of a run before it goes to disk (``DigestRuns``), and works kept in memory before
    /// they go to the ledger (a sixteenth of it): small imports make no temporary files. A test
    /// seam.
    var spillFrom = DigestRuns.defaultSpillFrom

    /// The sources met since the last call, in order, and the ones handed over before that a
    /// later record changed since (each with whether the KB held it before this import).
    mutating func handOver() throws -> (new: [Source], newToKB: [Bool], changed: [(source: Source, storedBefore: Bool)]) {
        let new = try slots.records(from: handedOver)
        let newToKB = (handedOver..<slots.count).map { madeNew.contains($0) }
        let order = changedSince.sorted()
        let changed = try order.map { (source: try slots.source(at: $0), storedBefore: !madeNew.contains($0)) }
        if releasesRecords {
            for position in order { try release(position) }
            for position in handedOver..<slots.count { try release(position) }
            // What is kept of the works handed over goes to disk (``WorkSlots``, ``SpilledPositions``).
            if slots.count - slots.settled >= max(1, spillFrom / 16) { try slots.settle(below: slots.count) }
            for index in [\SourceReconciler.byDOI, \.bySlug, \.byTitle, \.byURL, \.byKey] { try self[keyPath: index].spill(spillFrom: spillFrom) }
        }
        handedOver = slots.count
        changedSince = []
        return (new, newToKB, changed)
    }

    /// Whether a record handed over (``handOver()``) is let go of, to be read back from the KB
    /// it was written to when a later record matches it (``record(at:)``): a streamed import sets
    /// it, so that what the reconciler keeps per work is its keys, not its record.
    var releasesRecords = false
    /// Whether a record let go of is kept aside on disk (``RecordArchive``) instead of read back
    /// from the KB: matching on a read connection beside the write, which does not see it. Past
    /// a sixteenth of ``spillFrom`` works (small imports make no temporary file).
    var archivesRecords = false
    private var archive: RecordArchive?
    #if DEBUG
    /// In debug builds (the tests) each released record is kept too, and every read-back is
    /// checked to give it back exactly (`KB_IMPORT_CHECK_READBACK=0` turns that off, to measure
    /// a debug build's memory as a release build's).
    private var releasedRecords: [Int: Source] = [:]
    private static let checksReadBack = ImportTuning.flag("KB_IMPORT_CHECK_READBACK") != false
    #endif

    private mutating func release(_ position: Int) throws {
        guard !slots.isReleased(position) else { return }
        let source = try slots.source(at: position)
        if archivesRecords {
            guard slots.count >= max(1, spillFrom / 16) else { return }
            let archive = try self.archive ?? RecordArchive()
            self.archive = archive
            try archive.put(source, at: position)
        } else {
            // The KB gives a source's contributors back ordered by role: a record whose roles are
            // in another order is kept whole (a read-back must give the same record).
            guard zip(source.contributors, source.contributors.dropFirst()).allSatisfy({ $0.role <= $1.role }) else { return }
        }
        try slots.release(position)
        #if DEBUG
        if Self.checksReadBack { releasedRecords[position] = source }
        #endif
    }

    /// The record at `position`, read back (from the KB, or from the archive) when it was released.
    private func record(at position: Int) throws -> Source {
        guard slots.isReleased(position) else { return try slots.source(at: position) }
        let stub = try slots.source(at: position)
        var found: Source
        if let archive {
            found = try archive.record(at: position)
        } else {
            guard let id = try Int64.fetchOne(try db.cachedStatement(sql: "SELECT id FROM source WHERE slug = ?"), arguments: [stub.slug]),
                  let read = try GraphReader(db: db).sources(ids: [id])[id] else {
                throw StreamingImport.NeedsWholeImport(reason: "\(stub.slug), written by an earlier batch, could not be read back")
            }
            found = read
        }
        found.id = stub.id
        #if DEBUG
        if let kept = releasedRecords[position], kept != found {
            assertionFailure("\(stub.slug) read back differs from the record written:\n\(kept)\n\(found)")
        }
        #endif
        return found
    }

    /// The (file, key) pairs met since the last call.
    mutating func takeKeys() -> [(file: String, key: String, slug: String)] {
        defer { keys = [] }
        return keys
    }

    /// A later row of a CSV group whose source (now `slug`) an earlier batch brought: merged into
    /// it as the mapper merges the rows of one group, first value kept. Returns the conflicts, in
    /// the mapper's words.
    mutating func mergeLate(_ incoming: IncomingSource, into slug: String, file: String) throws -> [String] {
        let line = incoming.source.origin?.line ?? 0
        guard let position = try bySlug.first(Fingerprint(slug)), !mergedInto.contains(position) else {
            throw StreamingImport.NeedsWholeImport(reason: "a later row of \(incoming.reference) (\(file):\(line)) belongs to a work another record was merged with")
        }
        let source = Self.normalized(incoming.source)
        var known: Source
        let found: [String]
        if madeNew.contains(position) {
            known = try record(at: position)
            let first = known.origin?.description ?? file
            found = SourceMerge.merge(source, into: &known).map { "\(incoming.reference): \($0) (\(first) vs \(file):\(line)); kept the first" }
            // A row that adds to what identifies the work (a DOI, a year the first rows lacked)
            // could have matched it otherwise, or named it otherwise.
            guard IdentityKeys(known) == (try slots.identity(at: position)) else {
                throw StreamingImport.NeedsWholeImport(reason: "a later row of \(incoming.reference) (\(file):\(line)) adds to what identifies its work")
            }
        } else if let match = storedMatches[position] {
            // A work the KB held (a re-import): a whole import merges the group's rows as they
            // come (as the mapper does), then the group into the stored work — the same here,
            // from the two kept apart; the conflicts of the second merge replace the first's.
            var raw = match.group
            let first = raw.origin?.description ?? file
            found = SourceMerge.merge(incoming.source, into: &raw).map { "\(incoming.reference): \($0) (\(first) vs \(file):\(line)); kept the first" }
            let group = Self.normalized(raw)
            guard IdentityKeys(group) == IdentityKeys(Self.normalized(match.group)) else {
                throw StreamingImport.NeedsWholeImport(reason: "a later row of \(incoming.reference) (\(file):\(line)) adds to what identifies its work")
            }
            known = match.stored
            let restated = Self.mergeIntoStored(group, &known, here: group.origin?.description ?? file)
            conflictSlots[match.slot] = restated.isEmpty ? nil : restated
            storedMatches[position]?.group = raw
        } else {
            throw StreamingImport.NeedsWholeImport(reason: "a later row of \(incoming.reference) (\(file):\(line)) belongs to a work another record was merged with")
        }
        lateTargets.insert(position)
        if known != (try record(at: position)) {
            try slots.setWhole(known, at: position)
            try indexSource(position)
            if position < handedOver { changedSince.insert(position) }
        }
        return found
    }

    /// HTML character references in any reader's text (`&amp;`, `&#233;`, `&amp;amp;`) become
    /// the characters they stand for, so exports never print "&Amp;" (``HTMLEntities``).
    static func decodeEntities(_ source: inout Source) {
        source.title = HTMLEntities.decode(source.title)
        source.containerTitle = HTMLEntities.decode(source.containerTitle)
        source.publisher = HTMLEntities.decode(source.publisher)
        source.publisherPlace = HTMLEntities.decode(source.publisherPlace)
        source.note = HTMLEntities.decode(source.note)
        for index in source.contributors.indices {
            source.contributors[index].family = HTMLEntities.decode(source.contributors[index].family)
            source.contributors[index].given = HTMLEntities.decode(source.contributors[index].given)
            source.contributors[index].literal = HTMLEntities.decode(source.contributors[index].literal)
        }
    }

    /// What each file's citation keys are remembered under (``CitationKeyFiles``).
    var keyFiles = CitationKeyFiles()

    /// The name the file's citation keys are remembered under (`refs.bib` of `a/refs.bib`, `-`
    /// for a stream, or what `--as` says), worked out once per file.
    private mutating func fileKey(of file: String) -> String {
        if file != lastFile.path { lastFile = (file, keyFiles.name(of: file)) }
        return lastFile.key
    }

    private var lastFile = (path: "", key: "")

    private mutating func isSlugTaken(_ candidate: String) throws -> Bool {
        try bySlug.first(Fingerprint(candidate)) != nil || existing.id(slug: candidate) != nil
    }

    /// - Parameters:
    ///   - titleKey: the source's ``titleKey(_:)`` when the caller has it.
    ///   - identity: the source's ``IdentityKeys`` when the caller has them.
    private mutating func append(_ source: Source, titleKey: String?? = nil, identity: IdentityKeys? = nil) throws {
        slots.append(source, identity: identity ?? IdentityKeys(source))
        try indexSource(slots.count - 1, titleKey: titleKey, refolded: true)
    }

    /// - Parameter refolded: whether `identities[position]` is already the source's.
    private mutating func indexSource(_ position: Int, titleKey: String?? = nil, refolded: Bool = false) throws {
        let source = try slots.source(at: position)
        if !refolded { slots.setIdentity(IdentityKeys(source), at: position) }
        let identity = try slots.identity(at: position)
        bySlug.insert(position, for: Fingerprint(source.slug))
        if let doi = identity.doi, try byDOI.first(doi) == nil { byDOI.insert(position, for: doi) }
        // A merge indexes its source again: each position is listed once per key.
        // (The keys keep digests, not the folded title and URL: they are folded again here from
        // the record, which is whole when it is indexed.)
        let folded = titleKey ?? source.title.flatMap(WorkIdentity.titleKey).map { Self.titleKey($0, year: source.issued?.year) } ?? Self.titleKey(source)
        if let key = folded { byTitle.insert(position, for: Fingerprint(key)) }
        if let url = identity.url { byURL.insert(position, for: url) }
    }

    private mutating func remember(_ incoming: IncomingSource, fileKey: String, position: Int) throws {
        let slug = try slots.slug(at: position)
        // An id the file gives (a mapping's `id:`, a kb YAML id) that ended up on a work stored
        // under another id is kept as one of its keys, so `source=ID` still finds the work.
        if incoming.hasExplicitSlug, !incoming.source.slug.isEmpty, incoming.source.slug != slug {
            keys.append((fileKey, incoming.source.slug, slug))
        }
        guard let key = incoming.key, !key.isEmpty else { return }
        keys.append((fileKey, key, slug))
        byKey.insert(position, for: Fingerprint(fileKey + "\u{0}" + key))
    }

    /// "title key|year" — the title-based identity.
    static func titleKey(_ source: Source) -> String? {
        guard let title = source.title, !title.isEmpty else { return nil }
        return titleKey(TitleKey.make(title), year: source.issued?.year)
    }

    static func titleKey(_ folded: String, year: Int?) -> String {
        folded + "|" + (year.map(String.init) ?? "")
    }

    /// Where an incoming record goes: a source met earlier in this import, or one the KB holds.
    enum Match {
        case pending(Int, String)
        case existing(Source)
    }

    /// DOI, then the file's own id, then title + year + first author, then URL, then the file and key it was imported with before. The weak clues
    /// (title, URL, key) must point at exactly one work, among this import's and the KB's
    /// together, that does not disagree with the record: two candidates mean which one is meant
    /// cannot be told, and the record stays a source of its own for the audit to flag.
    private mutating func match(_ source: Source, keys: IdentityKeys, titleKey: String?, plainTitleKey: String?, incoming: IncomingSource,
                                fileKey: String) throws -> Match? {
        if let doi = source.doi, let index = try byDOI.first(Fingerprint(doi)) { return .pending(index, "same DOI") }
        if incoming.hasExplicitSlug, let index = try bySlug.first(Fingerprint(source.slug)) { return .pending(index, "same id") }
        if let doi = source.doi, let found = try load(existing.id(doi: doi)) { return .existing(found) }
        if incoming.hasExplicitSlug, let found = try load(existing.id(slug: source.slug)) { return .existing(found) }
        if let titleKey, let plainTitleKey,
           let found = try single(keys, pending: try byTitle.positions(Fingerprint(titleKey)), existing: existing.ids(titleKey: plainTitleKey, year: source.issued?.year),
                                  reason: "same title, year and first author", where: { $0.sameByTitle(keys) }) {
            return found
        }
        if let url = source.url.flatMap(WorkIdentity.comparableURL), let digest = keys.url,
           let found = try single(keys, pending: try byURL.positions(digest), existing: existing.ids(comparableURL: url), reason: "same URL",
                                  where: { $0.disagreement(with: keys) == nil }) {
            return found
        }
        // A citation key is never enough on its own: two `references.bib` (or two streams, all
        // named `-`) reuse keys for different works, so the work it named before must not disagree.
        if let key = incoming.key, !key.isEmpty,
           let found = try single(keys, pending: try byKey.positions(Fingerprint(fileKey + "\u{0}" + key)), existing: existing.ids(file: fileKey, key: key), reason: "same file and key",
                                  where: { $0.disagreement(with: keys) == nil }) {
            return found
        }
        // A key kb itself gives (an export of this KB read back into it): the stored source of
        // that slug, when the record says exactly what it says — the same title, year, first
        // author, DOI and URL, none given where it gives none (merely agreeing is not enough: a
        // record that fits several works must match none). A work with no DOI, title or URL (a
        // register's untitled entry) has no other clue, and was added again on each round trip.
        if let key = incoming.key, CitationKey.isKBKey(key),
           let found = try single(keys, pending: [], existing: existing.id(slug: key).map { [$0] } ?? [], reason: "same id", where: { $0 == keys }) {
            return found
        }
        return nil
    }

    /// The one candidate, of this import's (`pending` positions) and the KB's (`existing` ids),
    /// that passes `test`. Several pass when the record names too little to tell them apart;
    /// then the one it matches exactly (``WorkIdentity/identical(_:_:)``, the source this same
    /// record made before — otherwise each re-import would add it again) is taken, else none.
    /// A stored source this import already holds is judged in its merged form; stored ones
    /// that disagree on cheap columns (``StoredKeys``) are never read in full.
    private mutating func single(_ incoming: IdentityKeys, pending: [Int], existing ids: [Int64], reason: String,
                                 where test: (IdentityKeys) -> Bool) throws -> Match? {
        var passing: [(match: Match, keys: IdentityKeys)] = []
        var slugs = Set<String>()
        func consider(_ position: Int) throws {
            let identity = try slots.identity(at: position)
            guard slugs.insert(try slots.slug(at: position)).inserted, test(identity) else { return }
            passing.append((.pending(position, reason), identity))
        }
        for position in pending { try consider(position) }
        for id in ids {
            guard let stored = try existing.keys(id: id) else { continue }
            if let position = try bySlug.first(Fingerprint(stored.slug)) {
                try consider(position)
                continue
            }
            guard slugs.insert(stored.slug).inserted, !stored.disagrees(with: incoming), let (source, keys) = try loadWithKeys(id) else { continue }
            if test(keys) { passing.append((.existing(source), keys)) }
        }
        if passing.count == 1 { return passing[0].match }
        return passing.first { $0.keys == incoming }?.match
    }

    /// A stored source a DOI or id names: read once, then held in `sources`, so not cached.
    private func load(_ id: Int64?) throws -> Source? {
        guard let id else { return nil }
        if let cached = loaded[id] { return cached.source }
        return try GraphReader(db: db).sources(ids: [id])[id]
    }

    private mutating func loadWithKeys(_ id: Int64) throws -> (source: Source, keys: IdentityKeys)? {
        if let cached = loaded[id] { return cached }
        guard let found = try GraphReader(db: db).sources(ids: [id])[id] else { return nil }
        let entry = (found, IdentityKeys(found))
        loaded[id] = entry
        return entry
    }
}
