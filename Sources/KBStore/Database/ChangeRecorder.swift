import Foundation
import GRDB
import KBDomain

/// Who writes, with which command and why: what every row of the change log records besides
/// the record itself.
public struct ChangeContext: Sendable, Equatable {
    public var author: String
    public var command: String
    public var reason: String?
    public var time: Date

    public init(author: String, command: String, reason: String? = nil, time: Date = Date()) {
        self.author = author
        self.command = command
        self.reason = reason
        self.time = time
    }

    /// The author of a write: the one given (`--author`), else `$KB_AUTHOR`, else the OS user.
    public static func author(_ given: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let given, !given.isEmpty { return given }
        if let author = environment["KB_AUTHOR"], !author.isEmpty { return author }
        if let user = environment["USER"] ?? environment["LOGNAME"], !user.isEmpty { return user }
        return NSUserName().isEmpty ? "unknown" : NSUserName()
    }

    /// The time in UTC, ISO 8601, to the second: `2026-11-30T04:10:00Z`. A format style, not an
    /// `ISO8601DateFormatter`: building that formatter for every row was a third of the time of
    /// an undo of a 100,000-claim import (one row per record).
    public var timestamp: String {
        Date.ISO8601FormatStyle().format(time)
    }
}

/// Appends to the change log (`changes`, migration 8). Writers call it inside their own
/// transaction, so a change is logged exactly when it is committed.
package enum ChangeRecorder {
    /// One row; returns its id.
    @discardableResult
    package static func append(_ context: ChangeContext, action: String, kind: RecordKind, recordId: String, batch: String? = nil,
                               fields: [String] = ["*"], version: Int? = nil, before: String?, after: String?, undoes: Int64? = nil,
                               in db: Database) throws -> Int64 {
        let fieldsJSON = String(decoding: try JSONSerialization.data(withJSONObject: fields), as: UTF8.self)
        // Cached: an undo of a large import appends one row per record it removes.
        try db.cachedStatement(sql: """
            INSERT INTO changes (time, author, command, reason, action, recordKind, recordId, batch, fields, version, before, after, undoes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [context.timestamp, context.author, context.command, context.reason, action, kind.rawValue, recordId, batch,
                             fieldsJSON, version, before, after, undoes])
        return db.lastInsertedRowID
    }

    /// The largest row id of each table an import adds to: rows above it after the write are the
    /// ones it added (SQLite gives a new row the largest id plus one). Reading it also keeps the
    /// taxonomy's state (``TaxonomyChanges``), which has edges without row ids and nodes an
    /// import may change.
    package struct Watermark: Sendable {
        var ids: [String: Int64] = [:]
        /// The taxonomy before the write.
        var taxonomy = TaxonomyChanges.Before()

        package static func read(in db: Database) throws -> Watermark {
            var mark = Watermark()
            for table in ["source", "study", "claim", "entity"] {
                mark.ids[table] = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM \(table)") ?? 0
            }
            mark.taxonomy = try TaxonomyChanges.keepBefore(in: db)
            return mark
        }
    }

    /// The records of an import, before it writes: those of `dataset` already stored, whose
    /// before-state the log must keep if the import changes them.
    package static func existing(in dataset: Dataset, newSources: Set<String>, db: Database) throws -> [RecordSnapshot] {
        let sources = dataset.sources.map(\.slug).filter { !newSources.contains($0) }
        let studySlugs = dataset.studies.map(\.slug)
        let newStudies = try ExistingSlugs.absent(studySlugs, from: "study", in: db)
        let studies = studySlugs.filter { !newStudies.contains($0) }
        let newClaims = try ExistingSlugs.absent(dataset.claims.map(\.slug), from: "claim", in: db)
        let claims = dataset.claims.map(\.slug).filter { !newClaims.contains($0) }
        // In the file's order, so that the log's rows are the same on every run (a dictionary's
        // order is not: it changes from one process to the next).
        return try inOrder(sources, RecordSnapshot.readAll(.source, slugs: sources, in: db))
            + inOrder(studies, RecordSnapshot.readAll(.study, slugs: studies, in: db))
            + inOrder(claims, RecordSnapshot.readAll(.claim, slugs: claims, in: db))
    }

    /// The snapshots of `slugs` in their order, each once.
    private static func inOrder(_ slugs: [String], _ snapshots: [String: RecordSnapshot]) -> [RecordSnapshot] {
        var seen = Set<String>()
        return slugs.compactMap { slug in seen.insert(slug).inserted ? snapshots[slug] : nil }
    }

    /// An import's rows in the log, grouped by `batch`: one `add` per record above `watermark`,
    /// written set-wise (an import may add a million claims), and one `edit` per record of
    /// `existing` that the import changed, with its before- and after-state. Versions of changed
    /// records go up by one. Taxonomy nodes and edges the import changed get an `edit` each,
    /// edges it added an `add` (``TaxonomyChanges``).
    package static func recordImport(_ context: ChangeContext, batch: String, since watermark: Watermark, existing: [RecordSnapshot],
                                     in db: Database) throws {
        // A record's source slug is read by its id in a sub-select, not through a join: with
        // statistics from when the KB was small (an earlier import's ANALYZE), SQLite chose to
        // scan `source` once per claim, which made an import into such a KB 15x slower.
        let head = "INSERT INTO changes (time, author, command, reason, action, recordKind, recordId, batch, fields, version, before, after) SELECT ?, ?, ?, ?, 'add', "
        let arguments: StatementArguments = [context.timestamp, context.author, context.command, context.reason]
        try db.execute(sql: head + """
            'source', slug, ?, '["*"]', version, NULL, json_object('slug', slug, 'type', type, 'title', title, 'issued', issuedYear, 'doi', doi)
            FROM source WHERE id > ? ORDER BY id
            """, arguments: arguments + [batch, watermark.ids["source"] ?? 0])
        try db.execute(sql: head + """
            'study', st.slug, ?, '["*"]', st.version, NULL,
                json_object('slug', st.slug, 'sourceSlug', (SELECT slug FROM source WHERE id = st.sourceId), 'design', st.design, 'n', st.n)
            FROM study st WHERE st.id > ? ORDER BY st.id
            """, arguments: arguments + [batch, watermark.ids["study"] ?? 0])
        try db.execute(sql: head + """
            'claim', c.slug, ?, '["*"]', c.version, NULL,
                json_object('slug', c.slug, 'statement', c.statement, 'sourceSlug', (SELECT slug FROM source WHERE id = c.sourceId))
            FROM claim c WHERE c.id > ? ORDER BY c.id
            """, arguments: arguments + [batch, watermark.ids["claim"] ?? 0])
        try db.execute(sql: head + """
            'entity', kind || ':' || slug, ?, '["*"]', NULL, NULL, json_object('kind', kind, 'slug', slug, 'name', name)
            FROM entity WHERE id > ? ORDER BY id
            """, arguments: arguments + [batch, watermark.ids["entity"] ?? 0])
        try TaxonomyChanges.record(context, batch: batch, before: watermark.taxonomy, in: db)
        for kind in [RecordKind.source, .study, .claim] {
            let records = existing.filter { $0.kind == kind }
            guard let table = kind.table, !records.isEmpty else { continue }
            let after = try RecordSnapshot.readAll(kind, slugs: records.map(\.slug), in: db)
            for before in records {
                guard let now = after[before.slug], now != before else { continue }
                let fields = RecordSnapshot.changedFields(from: before, to: now)
                guard !fields.isEmpty else { continue }
                try db.execute(sql: "UPDATE \(table) SET version = version + 1 WHERE slug = ?", arguments: [before.slug])
                let version = try Int.fetchOne(db, sql: "SELECT version FROM \(table) WHERE slug = ?", arguments: [before.slug])
                try append(context, action: "edit", kind: kind, recordId: before.slug, batch: batch, fields: fields, version: version,
                           before: before.text, after: now.text, in: db)
            }
        }
    }
}
