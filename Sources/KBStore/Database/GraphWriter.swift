import Foundation
import GRDB
import KBDomain

/// Writes a ``Dataset`` into an open transaction: inserts what is new, updates what changed,
/// leaves the rest alone, and recomputes the evidence strength of every claim it touched.
/// Records known to be new (checked in bulk first) go in through prepared statements without
/// lookups; their strength and search entries are computed set-wise at the end.
///
/// Records are matched by slug (entities by kind and slug). Run it inside `writer.write`, so
/// that a failure anywhere rolls back everything.
package struct GraphWriter {
    let db: Database
    var summary = WriteSummary()
    /// Outcomes by record kind: (added, updated, unchanged).
    package var byKind: [String: (added: Int, updated: Int, unchanged: Int)] = [:]
    private var entityIDs: [EntityReference: Int64] = [:]
    private var sourceIDs: [String: Int64] = [:]
    private var studyIDs: [String: Int64] = [:]
    private var touchedClaims = Set<Int64>()
    private var touchedSources = Set<Int64>()
    private let searchIndex: SearchIndexSync
    private let statements: StatementSet
    /// Slugs of sources the caller knows are not in the database yet: written without lookups.
    package var newSources: Set<String> = []
    /// Slugs of the dataset's studies and claims that are not in the database yet.
    private var newStudies: Set<String> = []
    private var newClaims: Set<String> = []
    /// A table that gets at least this many new rows (and no fewer than it holds) has its
    /// query-only indexes built at the end of the write (``DeferredIndexes``).
    var deferIndexesFrom = DeferredIndexes.defaultMinimumRows
    /// Insert the new sources and claims in groups.
    private var newSourceWriter: NewSourceWriter
    private var newClaimWriter: NewClaimWriter
    private var pendingStudies: [(study: Study, sourceID: Int64)] = []
    /// How long each step of the last ``write(_:)`` took.
    package private(set) var steps: [StepClock.Lap] = []
    /// Every record already stored that this write changed, with the fields it changed:
    /// "source carlsson2019: issuedYear, authors" (`kb import --verbose` lists them).
    package private(set) var changes: [String] = []
    /// The slugs of the stored claims whose `sourceId` or `studyId` this write changed: the
    /// claims an import's independence check reads (``changes`` is for display only).
    package private(set) var movedClaims: Set<String> = []
    /// Whether the deferred indexes were sorted with temporary storage on disk (nil: none were
    /// built): where a connection's temporary database is open, SQLite keeps them in memory.
    package private(set) var indexesSortedOnDisk: Bool?

    package init(db: Database) {
        self.db = db
        self.searchIndex = SearchIndexSync(db: db)
        self.statements = StatementSet(db: db)
        self.newSourceWriter = NewSourceWriter(db: db, statements: statements)
        self.newClaimWriter = NewClaimWriter(db: db, statements: statements)
    }

    /// Notes which fields of a stored record changed (nothing for new or unchanged records).
    private mutating func noteChanges(_ kind: String, _ slug: String, _ outcome: UpsertOutcome, _ columns: [String: DatabaseValue],
                                      parts: [(String, UpsertOutcome)] = []) {
        guard outcome != .added else { return }
        let fields = columns.keys.sorted() + parts.filter { $0.1 == .updated }.map(\.0)
        guard !fields.isEmpty else { return }
        changes.append("\(kind) \(slug): \(fields.joined(separator: ", "))")
        notedKeys?.insert("\(kind) \(slug)")
    }

    /// When set, collects "kind slug" of every record ``changes`` notes from then on: a streamed
    /// import keeps the before-state of just those (an entry noted again keeps its place in
    /// ``changes``, so the entries past a count are not the ones a part noted).
    package var notedKeys: Set<String>?

    private mutating func count(_ outcome: UpsertOutcome, kind: String) {
        summary.count(outcome, kind: kind)
        var counts = byKind[kind] ?? (0, 0, 0)
        switch outcome {
        case .added: counts.added += 1
        case .updated: counts.updated += 1
        case .unchanged: counts.unchanged += 1
        }
        byKind[kind] = counts
    }

    package mutating func write(_ dataset: Dataset) throws -> WriteSummary {
        defer { close() }
        newStudies = try ExistingSlugs.absent(dataset.studies.map(\.slug), from: "study", in: db)
        newClaims = try ExistingSlugs.absent(dataset.claims.map(\.slug), from: "claim", in: db)
        let newContributors = dataset.sources.reduce(0) { $0 + (newSources.contains($1.slug) ? $1.contributors.count : 0) }
        try begin(expectedNewRows: ["source": newSources.count, "contributor": newContributors,
                                    "study": newStudies.count, "claim": newClaims.count])
        try writeRecords(dataset)
        return try finish()
    }

    /// The deferred indexes of a write in parts, dropped by ``begin(expectedNewRows:)``.
    private var indexes: DeferredIndexes?
    /// Seconds per step, summed over the parts of a write.
    private var stepTotals: [StepClock.Lap] = []

    /// Starts a write that comes in parts (``writePart(_:)``, then ``finish()``; ``close()`` in
    /// any case): the full-text triggers are deferred to the end, and the query-only indexes of
    /// each table expected to get `expectedNewRows` (by table) are dropped until then.
    package mutating func begin(expectedNewRows: [String: Int]) throws {
        try searchIndex.defer()
        indexes = try DeferredIndexes(db: db, incoming: expectedNewRows, minimumRows: deferIndexesFrom)
    }

    /// The new rows a part brings, by table, for ``begin(expectedNewRows:)``: `newSources` must
    /// hold its new sources' slugs.
    package func newRows(in part: Dataset) throws -> [String: Int] {
        let sources = part.sources.filter { newSources.contains($0.slug) }
        return ["source": sources.count, "contributor": sources.reduce(0) { $0 + $1.contributors.count },
                "study": try absent(part.studies.map(\.slug), from: "study").count,
                "claim": try absent(part.claims.map(\.slug), from: "claim").count]
    }

    /// Tables ("study", "claim") none of whose slugs in the coming parts is stored yet, as the
    /// caller knows (a streamed file's first file into tables empty before it: the mapper
    /// refuses a claim id or study twice). Their slugs are not looked up part after part: a
    /// whole write into an empty table looks nothing up either (``ExistingSlugs/absent(_:from:in:)``).
    package var knownAbsent: Set<String> = []

    /// Whether ``writePart(_:)`` lets go of the ids and evidence read for earlier parts (true;
    /// false only to measure what keeping them costs).
    package var forgetsBetweenParts = true

    /// The slugs of `slugs` not stored in `table`.
    private func absent(_ slugs: [String], from table: String) throws -> Set<String> {
        knownAbsent.contains(table) ? Set(slugs) : try ExistingSlugs.absent(slugs, from: table, in: db)
    }

    /// Writes one part of a larger write. `newSources` must hold the part's new sources' slugs;
    /// every part's new records are in the database (so that later parts can refer to them) when
    /// it returns.
    package mutating func writePart(_ dataset: Dataset) throws {
        // Every earlier part's rows are stored: their ids are looked up by slug again when a later
        // part refers to them, so that what the write keeps does not grow with the file.
        if forgetsBetweenParts {
            sourceIDs.removeAll(keepingCapacity: true)
            studyIDs.removeAll(keepingCapacity: true)
            newClaimWriter.forgetEvidence()
        }
        newStudies = try absent(dataset.studies.map(\.slug), from: "study")
        newClaims = try absent(dataset.claims.map(\.slug), from: "claim")
        try writeRecords(dataset)
    }

    private mutating func writeRecords(_ dataset: Dataset) throws {
        var clock = StepClock()
        for entity in dataset.entities { try write(entity) }
        for edge in dataset.edges { try write(edge) }
        clock.lap("taxonomy")
        for source in dataset.sources { try write(source) }
        try flushNewSources()
        clock.lap("sources")
        for study in dataset.studies { try write(study) }
        try flushNewStudies()
        clock.lap("studies")
        for claim in dataset.claims { try write(claim) }
        try newClaimWriter.flush()
        clock.lap("claims")
        for note in dataset.notes { try write(note) }
        for profile in dataset.profiles { try write(profile) }
        clock.lap("notes, profiles")
        for lap in clock.laps {
            if let index = stepTotals.firstIndex(where: { $0.step == lap.step }) { stepTotals[index].seconds += lap.seconds } else { stepTotals.append(lap) }
        }
    }

    /// Ends a write begun with ``begin(expectedNewRows:)``: the strength of the stored claims
    /// whose evidence changed, the full-text index, the deferred indexes.
    package mutating func finish() throws -> WriteSummary {
        var clock = StepClock()
        // New claims were inserted with their strength; claims already stored whose evidence
        // changed (their own row, or their source's or study's) are recomputed here.
        try StrengthUpdater.refresh(claims: touchedClaims, sources: touchedSources, in: db)
        clock.lap("strength")
        try searchIndex.flush()
        clock.lap("full-text index")
        indexesSortedOnDisk = try indexes?.rebuild { clock.lap("index \($0)") }
        indexes = nil
        steps = stepTotals + clock.laps
        return summary
    }

    /// Lets go of the prepared statements (after ``finish()``, or after a failure).
    package func close() {
        statements.finalizeAll()
    }

    /// Writes again a source this write already wrote, now that a later part merged more into
    /// it: its row, contributors and notices become these, and the stored claims citing it have
    /// their strength recomputed at the end. Counted once, as its first write was: a source the
    /// KB held before that the first write left unchanged now counts as updated.
    package mutating func rewrite(_ source: Source, storedBefore: Bool) throws {
        try flushNewSources()
        let row = Self.sourceRow(source)
        let (id, outcome, changed) = try row.runReportingChanges(db)
        guard let id else { return }
        sourceIDs[source.slug] = id
        if changed["title"] != nil || changed["containerTitle"] != nil {
            let oldTitle = changed["title"].map { String.fromDatabaseValue($0) } ?? source.title
            let oldContainer = changed["containerTitle"].map { String.fromDatabaseValue($0) } ?? source.containerTitle
            searchIndex.sourceChanged(id, isNew: false, oldTitle: oldTitle, oldContainer: oldContainer)
        }
        let contributors = try replaceContributors(of: id, with: source.contributors, isNew: false)
        let notices = try replaceNotices(of: id, with: source.notices, isNew: false)
        let total = outcome.merged(with: contributors).merged(with: notices)
        guard total != .unchanged else { return }
        touchedSources.insert(id)
        guard storedBefore else { return }
        let counted: UpsertOutcome = unchangedSources.contains(source.slug) ? .unchanged : .updated
        let now: UpsertOutcome = addChangeNote("source", source.slug, row: row, changed, parts: [("contributors", contributors), ("notices", notices)]) ? .updated : .unchanged
        shift("source", from: counted, to: now)
        if now == .unchanged { unchangedSources.insert(source.slug) } else { unchangedSources.remove(source.slug) }
    }

    /// Notes a rewrite of a stored record in its one entry, as a single write gives it: the
    /// columns whose final value differs from the value stored before this write (`row` holds the
    /// final values; ``originalValues`` what the first write replaced). Returns whether the
    /// record, all told, changed.
    private mutating func addChangeNote(_ kind: String, _ slug: String, row: RowUpsert, _ changed: [String: DatabaseValue],
                                        parts: [(String, UpsertOutcome)] = []) -> Bool {
        let head = "\(kind) \(slug): "
        let index = changes.firstIndex { $0.hasPrefix(head) }
        let named = parts.map(\.0)
        var earlier = Set(index.map { changes[$0].dropFirst(head.count).components(separatedBy: ", ") } ?? [])
        var original = originalValues["\(kind) \(slug)"] ?? [:]
        for (column, value) in changed where original[column] == nil { original[column] = value }
        originalValues["\(kind) \(slug)"] = original
        let final = Dictionary(row.values.map { ($0.0, $0.1?.databaseValue ?? .null) }, uniquingKeysWith: { first, _ in first })
        let columns = original.filter { column, value in (final[column] ?? value) != value }.keys
        earlier = earlier.intersection(named).union(parts.filter { $0.1 == .updated }.map(\.0))
        let fields = columns.sorted() + named.filter(earlier.contains)
        if let index { changes.remove(at: index) }
        guard !fields.isEmpty else { return false }
        let entry = head + fields.joined(separator: ", ")
        if let index { changes.insert(entry, at: index) } else { changes.append(entry) }
        notedKeys?.insert("\(kind) \(slug)")
        return true
    }

    /// Stored records' column values before this write, for the ones written again.
    private var originalValues: [String: [String: DatabaseValue]] = [:]

    /// Moves a record's count from `from` to `to`.
    private mutating func shift(_ kind: String, from: UpsertOutcome, to: UpsertOutcome) {
        guard from != to else { return }
        for (outcome, step) in [(from, -1), (to, 1)] {
            switch outcome {
            case .added: break
            case .updated:
                summary.updated += step
                byKind[kind, default: (0, 0, 0)].updated += step
            case .unchanged:
                summary.unchanged += step
                byKind[kind, default: (0, 0, 0)].unchanged += step
            }
        }
    }


    /// Writes again a study this write already wrote (a later part filled its blanks); counted
    /// once, as for sources.
    package mutating func rewrite(_ study: Study) throws {
        try flushNewStudies()
        let sourceID = try sourceID(study.sourceSlug)
        let row = Self.studyRow(study, sourceID: sourceID)
        let (id, outcome, changed) = try row.runReportingChanges(db)
        guard let id else { return }
        studyIDs[study.slug] = id
        guard outcome != .unchanged else { return }
        touchedSources.insert(sourceID)
        guard let counted = storedStudies[study.slug] else { return }
        let now: UpsertOutcome = addChangeNote("study", study.slug, row: row, changed) ? .updated : .unchanged
        shift("study", from: counted, to: now)
        storedStudies[study.slug] = now
    }

    /// Stored studies this write wrote, with how they were counted (for ``rewrite(_:)-(Study)``).
    private var storedStudies: [String: UpsertOutcome] = [:]

    /// Stored sources the write counted as unchanged (for ``rewrite(_:storedBefore:)``).
    private var unchangedSources = Set<String>()

    // MARK: Taxonomy

    mutating func write(_ entity: Entity) throws {
        let (id, outcome, changed) = try RowUpsert(
            table: "entity", key: [("kind", entity.kind.rawValue), ("slug", entity.slug)],
            values: [("name", entity.name), ("description", entity.description)],
            insertOnly: [("originFile", entity.origin?.file), ("originLine", entity.origin?.line)]
        ).runReportingChanges(db)
        guard let id else { return }
        noteChanges(entity.kind.rawValue, entity.slug, outcome, changed)
        entityIDs[entity.reference] = id
        var total = outcome
        for name in [entity.slug, entity.name] + entity.aliases {
            let key = Slug.fold(name)
            guard !key.isEmpty else { continue }
            try db.cachedExecute("INSERT OR IGNORE INTO alias (key, entityId, alias) VALUES (?, ?, ?)", [key, id, name])
            if db.changesCount > 0, outcome == .unchanged { total = .updated }
        }
        for attribute in entity.attributes {
            let (_, attributeOutcome) = try RowUpsert(
                table: "entityAttribute", key: [("entityId", id), ("name", attribute.name), ("context", attribute.context)],
                values: [("value", attribute.value), ("quote", attribute.quote),
                         ("originFile", attribute.origin?.file), ("originLine", attribute.origin?.line)]
            ).run(db, returningID: false)
            total = total.merged(with: attributeOutcome)
        }
        count(total, kind: "entity")
    }

    mutating func write(_ edge: Edge) throws {
        let from = try entityID(edge.from)
        let to = try entityID(edge.to)
        let (_, outcome) = try RowUpsert(
            table: "edge", key: [("fromId", from), ("kind", edge.kind.rawValue), ("toId", to)],
            values: [("weight", edge.weight), ("note", edge.note), ("originFile", edge.origin?.file), ("originLine", edge.origin?.line)]
        ).run(db, returningID: false)
        count(outcome, kind: "edge")
    }

    mutating func entityID(_ reference: EntityReference) throws -> Int64 {
        if let id = entityIDs[reference] { return id }
        guard let id = try Int64.fetchOne(try db.cachedStatement(sql: "SELECT id FROM entity WHERE kind = ? AND slug = ?"), arguments: [reference.kind.rawValue, reference.slug]) else {
            throw KBError.notFound(what: reference.kind.rawValue, name: reference.slug, suggestions: [])
        }
        entityIDs[reference] = id
        return id
    }

    // MARK: Sources, studies, claims

    mutating func write(_ source: Source) throws {
        if newSources.remove(source.slug) != nil {
            noteNewSources(try newSourceWriter.add(source))
            count(.added, kind: "source")
            return
        }
        // A source already stored (or met twice in this write): the new ones waiting go in first.
        try flushNewSources()
        let row = Self.sourceRow(source)
        let (id, outcome, changed) = try row.runReportingChanges(db)
        guard let id else { return }
        sourceIDs[source.slug] = id
        if changed["title"] != nil || changed["containerTitle"] != nil {
            // The index entry to remove holds the old text: what was there before this write.
            let oldTitle = changed["title"].map { String.fromDatabaseValue($0) } ?? source.title
            let oldContainer = changed["containerTitle"].map { String.fromDatabaseValue($0) } ?? source.containerTitle
            searchIndex.sourceChanged(id, isNew: outcome == .added, oldTitle: oldTitle, oldContainer: oldContainer)
        }
        let contributors = try replaceContributors(of: id, with: source.contributors, isNew: outcome == .added)
        let notices = try replaceNotices(of: id, with: source.notices, isNew: outcome == .added)
        let total = outcome.merged(with: contributors).merged(with: notices)
        noteChanges("source", source.slug, outcome, changed, parts: [("contributors", contributors), ("notices", notices)])
        if total != .unchanged { touchedSources.insert(id) } else { unchangedSources.insert(source.slug) }
        if outcome != .added, !changed.isEmpty { originalValues["source \(source.slug)"] = changed }
        count(total, kind: "source")
    }


    static func sourceRow(_ source: Source) -> RowUpsert {
        RowUpsert(
            table: "source", key: [("slug", source.slug)],
            values: [("type", source.type), ("title", source.title), ("titleKey", source.title.map(TitleKey.make)),
                     ("containerTitle", source.containerTitle), ("publisher", source.publisher),
                     ("publisherPlace", source.publisherPlace), ("volume", source.volume), ("issue", source.issue),
                     ("page", source.page), ("issuedYear", source.issued?.year), ("issuedMonth", source.issued?.month),
                     ("issuedDay", source.issued?.day), ("doi", source.doi), ("url", source.url), ("accessed", source.accessed),
                     ("isPeerReviewed", source.isPeerReviewed), ("extra", source.extra), ("note", source.note),
                     ("originFile", source.origin?.file), ("originLine", source.origin?.line)])
    }

    static func studyRow(_ study: Study, sourceID: Int64) -> RowUpsert {
        RowUpsert(
            table: "study", key: [("slug", study.slug)],
            values: [("sourceId", sourceID), ("label", study.label), ("design", study.design?.rawValue),
                     ("designQuote", study.designQuote), ("n", study.n), ("nText", study.nText), ("nUnit", study.nUnit),
                     ("preregistered", study.preregistered.rawValue), ("registryURL", study.registryURL),
                     ("population", study.population), ("country", study.country), ("period", study.period),
                     ("originFile", study.origin?.file), ("originLine", study.origin?.line)])
    }

    /// `.updated` when a stored source's list changed (a new row's parts are part of its `.added`).
    private func replaceContributors(of sourceID: Int64, with contributors: [Contributor], isNew: Bool) throws -> UpsertOutcome {
        let existing = try Row.fetchAll(try db.cachedStatement(sql: """
            SELECT role, family, given, droppingParticle, particle, suffix, literal FROM contributor
            WHERE sourceId = ? ORDER BY role, position
            """), arguments: [sourceID]).map {
            Contributor(role: $0["role"], family: $0["family"], given: $0["given"], droppingParticle: $0["droppingParticle"],
                        particle: $0["particle"], suffix: $0["suffix"], literal: $0["literal"])
        }
        let ordered = contributors.enumerated().sorted { ($0.element.role, $0.offset) < ($1.element.role, $1.offset) }.map(\.element)
        if existing == ordered { return .unchanged }
        try db.cachedExecute("DELETE FROM contributor WHERE sourceId = ?", [sourceID])
        try NewSourceWriter.insertContributors(of: [(sourceID, contributors)], statements: statements)
        return isNew ? .unchanged : .updated
    }

    private func replaceNotices(of sourceID: Int64, with notices: [Notice], isNew: Bool) throws -> UpsertOutcome {
        let existing = try Row.fetchAll(try db.cachedStatement(sql: "SELECT kind, date, reason, url FROM notice WHERE sourceId = ? ORDER BY id"), arguments: [sourceID]).map {
            Notice(kind: NoticeKind(rawValue: $0["kind"]) ?? .correction, date: $0["date"], reason: $0["reason"], url: $0["url"])
        }
        if existing == notices { return .unchanged }
        try db.cachedExecute("DELETE FROM notice WHERE sourceId = ?", [sourceID])
        try insertNotices(of: sourceID, notices)
        return isNew ? .unchanged : .updated
    }

    private func insertNotices(of sourceID: Int64, _ notices: [Notice]) throws {
        for notice in notices {
            try db.cachedExecute("INSERT INTO notice (sourceId, kind, date, reason, url) VALUES (?, ?, ?, ?, ?)",
                                 [sourceID, notice.kind.rawValue, notice.date, notice.reason, notice.url])
        }
    }

    private mutating func flushNewSources() throws {
        noteNewSources(try newSourceWriter.flush())
    }

    private mutating func noteNewSources(_ written: [(source: Source, id: Int64)]) {
        for (source, id) in written {
            sourceIDs[source.slug] = id
            newClaimWriter.know(source: id, source)
        }
    }

    /// New studies go in by groups of ``GroupInsert/groupSize``.
    private mutating func flushNewStudies() throws {
        let group = pendingStudies
        pendingStudies.removeAll(keepingCapacity: true)
        let ids = try GroupInsert.run(group, into: "study", columns: [
            "slug", "sourceId", "label", "design", "designQuote", "n", "nText", "nUnit", "preregistered", "registryURL", "population",
            "country", "period", "originFile", "originLine",
        ], statements: statements, db: db, slug: \.study.slug) { insert, item in
            let study = item.study
            insert.bind(study.slug).bind(item.sourceID).bind(study.label).bind(study.design?.rawValue).bind(study.designQuote).bind(study.n)
                .bind(study.nText).bind(study.nUnit).bind(study.preregistered.rawValue).bind(study.registryURL).bind(study.population)
                .bind(study.country).bind(study.period).bind(study.origin?.file).bind(study.origin?.line)
        }
        for (item, id) in zip(group, ids) {
            studyIDs[item.study.slug] = id
            newClaimWriter.know(study: id, item.study)
        }
    }

    package mutating func sourceID(_ slug: String) throws -> Int64 {
        if let id = sourceIDs[slug] { return id }
        try flushNewSources()
        if let id = sourceIDs[slug] { return id }
        guard let id = try Int64.fetchOne(try db.cachedStatement(sql: "SELECT id FROM source WHERE slug = ?"), arguments: [slug]) else {
            throw KBError.notFound(what: "source", name: slug, suggestions: [])
        }
        sourceIDs[slug] = id
        return id
    }

    package mutating func studyID(_ slug: String) throws -> Int64 {
        if let id = studyIDs[slug] { return id }
        try flushNewStudies()
        if let id = studyIDs[slug] { return id }
        guard let id = try Int64.fetchOne(try db.cachedStatement(sql: "SELECT id FROM study WHERE slug = ?"), arguments: [slug]) else {
            throw KBError.notFound(what: "study", name: slug, suggestions: [])
        }
        studyIDs[slug] = id
        return id
    }

    mutating func write(_ study: Study) throws {
        let sourceID = try sourceID(study.sourceSlug)
        if newStudies.remove(study.slug) != nil {
            pendingStudies.append((study, sourceID))
            if pendingStudies.count == GroupInsert.groupSize { try flushNewStudies() }
            count(.added, kind: "study")
            return
        }
        // A study already stored (or met twice in this write): the new ones waiting go in first.
        try flushNewStudies()
        let (id, outcome, changed) = try Self.studyRow(study, sourceID: sourceID).runReportingChanges(db)
        guard let id else { return }
        noteChanges("study", study.slug, outcome, changed)
        studyIDs[study.slug] = id
        if outcome != .added {
            storedStudies[study.slug] = outcome
            if !changed.isEmpty { originalValues["study \(study.slug)"] = changed }
        }
        if outcome != .unchanged { touchedSources.insert(sourceID) }
        count(outcome, kind: "study")
    }

    /// Writes a claim with its shown replication status rolled up (``rolledUp(_:links:)``).
    mutating func write(_ claim: Claim) throws {
        let sourceID = try claim.sourceSlug.map { try self.sourceID($0) }
        let studyID = try claim.studySlug.map { try self.studyID($0) }
        let quantity = claim.quantity
        if newClaims.remove(claim.slug) != nil {
            // A new claim has no links yet: its own attempts are all there is to roll up.
            let claim = Self.rolledUp(claim, links: [])
            try newClaimWriter.add(.init(claim: claim, sourceID: sourceID, studyID: studyID, about: try claim.about.map { try entityID($0) },
                                         replications: try claim.replications.map { (try self.sourceID($0.sourceSlug), $0) }))
            count(.added, kind: "claim")
            return
        }
        // A claim already stored (or met twice in this write): the new ones waiting go in first.
        try newClaimWriter.flush()
        let links = try String.fetchAll(try db.cachedStatement(sql: """
            SELECT DISTINCT r.kind FROM claim c JOIN claimRelation r ON r.toClaimId = c.id
            WHERE c.slug = ? AND r.kind IN ('replicates', 'fails-to-replicate')
            """), arguments: [claim.slug])
        let claim = Self.rolledUp(claim, links: Set(links))
        let (id, outcome, changed) = try RowUpsert(
            table: "claim", key: [("slug", claim.slug)],
            values: [("statement", claim.statement), ("quote", claim.quote), ("locator", claim.locator),
                     ("metric", quantity?.metric), ("value", quantity?.value), ("unit", quantity?.unit),
                     ("direction", quantity?.direction?.rawValue), ("baseline", quantity?.baseline),
                     ("intervalLow", quantity?.intervalLow), ("intervalHigh", quantity?.intervalHigh),
                     ("sourceId", sourceID), ("studyId", studyID), ("replication", claim.replication.rawValue),
                     ("statedReplication", claim.statedReplication?.rawValue),
                     ("isEconomyWide", claim.isEconomyWide), ("note", claim.note),
                     ("originFile", claim.origin?.file), ("originLine", claim.origin?.line)]
        ).runReportingChanges(db)
        guard let id else { return }
        if changed["statement"] != nil || changed["quote"] != nil || changed["sourceId"] != nil {
            searchIndex.claimChanged(id, isNew: outcome == .added)
        }
        let scope = try replaceScope(of: id, with: claim.about, isNew: outcome == .added)
        let replications = try replaceReplications(of: id, with: claim.replications, isNew: outcome == .added)
        let total = outcome.merged(with: scope).merged(with: replications)
        noteChanges("claim", claim.slug, outcome, changed, parts: [("about", scope), ("replications", replications)])
        if outcome != .added, changed["sourceId"] != nil || changed["studyId"] != nil { movedClaims.insert(claim.slug) }
        if total != .unchanged { touchedClaims.insert(id) }
        count(total, kind: "claim")
    }

    /// `claim` as it is stored: its shown replication status the roll-up of the status it
    /// states (its `statedReplication`, else its `replication`: what a file, `kb add` or `kb edit`
    /// says) and every attempt on it — the replications it carries (an import's, a mapping's)
    /// and the `kb link`s onto it (`links`: the kinds of relation). The stated status is kept
    /// when the two differ. Rolling up here, before the row is compared, makes an import of
    /// what is stored an unchanged record, and an imported replication count at once, as
    /// ``ReplicationAttempts/recompute(claimID:stated:in:)`` counts it after a link.
    static func rolledUp(_ claim: Claim, links: Set<String>) -> Claim {
        var claim = claim
        let stated = ReplicationAttempts.stated(claim)
        let outcomes = Set(claim.replications.map(\.outcome))
        let shown = ReplicationAttempts.rollUp(stated, replicated: outcomes.contains(.replicated) || links.contains("replicates"),
                                               failed: outcomes.contains(.failed) || links.contains("fails-to-replicate"))
        claim.replication = shown
        claim.statedReplication = shown == stated ? nil : stated
        return claim
    }

    private mutating func replaceScope(of claimID: Int64, with about: [EntityReference], isNew: Bool) throws -> UpsertOutcome {
        let wanted = Set(try about.map { try entityID($0) })
        let existing = Set(try Int64.fetchAll(try db.cachedStatement(sql: "SELECT entityId FROM claimAbout WHERE claimId = ?"), arguments: [claimID]))
        if wanted == existing { return .unchanged }
        for gone in existing.subtracting(wanted) {
            try db.cachedExecute("DELETE FROM claimAbout WHERE claimId = ? AND entityId = ?", [claimID, gone])
        }
        for new in wanted.subtracting(existing) {
            try db.cachedExecute("INSERT INTO claimAbout (entityId, claimId) VALUES (?, ?)", [new, claimID])
        }
        return isNew ? .unchanged : .updated
    }

    private mutating func replaceReplications(of claimID: Int64, with links: [ClaimReplication], isNew: Bool) throws -> UpsertOutcome {
        var wanted: [Int64: ClaimReplication] = [:]
        for link in links { wanted[try sourceID(link.sourceSlug)] = link }
        let existing = try Row.fetchAll(try db.cachedStatement(sql: "SELECT sourceId, outcome, note FROM claimReplication WHERE claimId = ?"), arguments: [claimID])
        var same = existing.count == wanted.count
        for row in existing {
            let link = wanted[row["sourceId"]]
            if link?.outcome.rawValue != row["outcome"] || link?.note != row["note"] { same = false }
        }
        if same { return .unchanged }
        try db.cachedExecute("DELETE FROM claimReplication WHERE claimId = ?", [claimID])
        for (sourceID, link) in wanted.sorted(by: { $0.key < $1.key }) {
            try db.cachedExecute("INSERT INTO claimReplication (claimId, sourceId, outcome, note) VALUES (?, ?, ?, ?)", [claimID, sourceID, link.outcome.rawValue, link.note])
        }
        return isNew ? .unchanged : .updated
    }

    // MARK: Notes and profiles

    mutating func write(_ note: Note) throws {
        let (_, outcome) = try RowUpsert(
            table: "note", key: [("slug", note.slug)],
            values: [("kind", note.kind.rawValue), ("text", note.text), ("locator", note.locator),
                     ("originFile", note.origin?.file), ("originLine", note.origin?.line)]
        ).run(db)
        count(outcome, kind: "note")
    }

    mutating func write(_ profile: Profile) throws {
        func facet(_ kind: EntityKind, _ slug: String?) throws -> Int64? {
            try slug.map { try entityID(EntityReference(kind, $0)) }
        }
        let (id, outcome) = try RowUpsert(
            table: "profile", key: [("slug", profile.slug)],
            values: [("name", profile.name), ("roleId", try facet(.role, profile.role)),
                     ("cohortId", try facet(.cohort, profile.cohort)), ("boundaryId", try facet(.boundary, profile.boundary)),
                     ("bandId", try facet(.band, profile.band)), ("jurisdictionId", try facet(.jurisdiction, profile.jurisdiction)),
                     ("originFile", profile.origin?.file), ("originLine", profile.origin?.line)]
        ).run(db)
        guard let id else { return }
        var total = outcome
        for skill in profile.skills {
            let (_, skillOutcome) = try RowUpsert(
                table: "profileSkill", key: [("profileId", id), ("skillId", try entityID(EntityReference(.skill, skill.skill)))],
                values: [("weight", skill.weight)]
            ).run(db, returningID: false)
            total = total.merged(with: outcome == .added ? .unchanged : skillOutcome)
        }
        count(total, kind: "profile")
    }
}

/// The folded title used to spot the same work under different spellings.
package enum TitleKey {
    package static func make(_ title: String) -> String {
        Slug.fold(title).withUTF8Bytes { folded in
            String(unsafeUninitializedCapacity: Swift.max(folded.count, 1)) { out in
                for (index, byte) in folded.enumerated() { out[index] = byte == 0x2D ? 0x20 : byte }
                return folded.count
            }
        }
    }
}
