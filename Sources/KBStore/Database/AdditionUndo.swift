import Foundation
import GRDB
import KBDomain

/// The store's half of `kb undo` of additions (a `kb add`, an `add --from` or a whole import):
/// what outside the undone changes depends on the records it would delete, and the deletion
/// itself, logged record by record as each is now. A chunk of slugs at a time, so that an import
/// of a million claims is undone in bounded memory.
package enum AdditionUndo {
    /// One addition to undo: the change that added it and the record's id.
    package struct Addition: Sendable {
        package var change: Int64
        package var recordId: String

        package init(change: Int64, recordId: String) {
            self.change = change
            self.recordId = recordId
        }
    }

    /// The records outside the undone additions that would lose something when they go: claims
    /// of (or replicated by) a deleted source or study, relations between a deleted claim and a
    /// kept one, claims about a deleted taxonomy node, and profiles that use one. Each is named
    /// (`claim x (its source s)`), at most `limit` of them.
    package static func dependents(claims: [String], studies: [String], sources: [String], entities: [String],
                                   limit: Int = 10, in db: Database) throws -> [String] {
        let deleted = Set(claims)
        // Each dependent record once, with every reason it depends (a claim of a removed source
        // and of its removed study is one claim): "claim x (its source s; its study t)".
        var found: [String] = []
        var reasons: [String: [String]] = [:]
        func collect(_ rows: [Row], _ describe: (Row) -> (record: String, reason: String?)?) {
            for row in rows {
                guard let (record, reason) = describe(row) else { continue }
                if reasons[record] == nil {
                    guard found.count < limit else { continue }
                    found.append(record)
                    reasons[record] = []
                }
                if let reason, reasons[record]?.contains(reason) == false { reasons[record]?.append(reason) }
            }
        }
        for chunk in sources.chunked(into: 400) where found.count < limit {
            collect(try Row.fetchAll(db, sql: """
                SELECT c.slug AS claim, s.slug AS owner, 'its source' AS how FROM claim c JOIN source s ON s.id = c.sourceId WHERE s.slug IN \(placeholders(chunk.count))
                UNION ALL SELECT c.slug, s.slug, 'replicated by' FROM claimReplication r JOIN claim c ON c.id = r.claimId JOIN source s ON s.id = r.sourceId
                WHERE s.slug IN \(placeholders(chunk.count))
                """, arguments: StatementArguments(chunk + chunk))) { row in
                let claim: String = row["claim"]
                return deleted.contains(claim) ? nil : ("claim \(claim)", "\(row["how"] as String) \(row["owner"] as String)")
            }
        }
        for chunk in studies.chunked(into: 400) where found.count < limit {
            collect(try Row.fetchAll(db, sql: """
                SELECT c.slug AS claim, st.slug AS study FROM claim c JOIN study st ON st.id = c.studyId WHERE st.slug IN \(placeholders(chunk.count))
                """, arguments: StatementArguments(chunk))) { row in
                let claim: String = row["claim"]
                return deleted.contains(claim) ? nil : ("claim \(claim)", "its study \(row["study"] as String)")
            }
        }
        for chunk in claims.chunked(into: 400) where found.count < limit {
            let marks = placeholders(chunk.count)
            collect(try Row.fetchAll(db, sql: """
                SELECT f.slug AS fromSlug, r.kind, t.slug AS toSlug FROM claimRelation r JOIN claim f ON f.id = r.fromClaimId JOIN claim t ON t.id = r.toClaimId
                WHERE f.slug IN \(marks) OR t.slug IN \(marks)
                """, arguments: StatementArguments(chunk + chunk))) { row in
                let (from, to): (String, String) = (row["fromSlug"], row["toSlug"])
                return deleted.contains(from) && deleted.contains(to) ? nil : ("relation \(from) \(row["kind"] as String) \(to)", nil)
            }
        }
        for chunk in entities.chunked(into: 400) where found.count < limit {
            let marks = placeholders(chunk.count)
            collect(try Row.fetchAll(db, sql: """
                SELECT c.slug AS claim, e.kind || ':' || e.slug AS node FROM entity e JOIN claimAbout a ON a.entityId = e.id JOIN claim c ON c.id = a.claimId
                WHERE e.kind || ':' || e.slug IN \(marks)
                """, arguments: StatementArguments(chunk))) { row in
                let claim: String = row["claim"]
                return deleted.contains(claim) ? nil : ("claim \(claim)", "about \(row["node"] as String)")
            }
            collect(try Row.fetchAll(db, sql: """
                SELECT p.slug AS profile, e.kind || ':' || e.slug AS node FROM entity e
                JOIN profile p ON e.id IN (p.roleId, p.cohortId, p.boundaryId, p.bandId, p.jurisdictionId) WHERE e.kind || ':' || e.slug IN \(marks)
                UNION SELECT p.slug, e.kind || ':' || e.slug FROM entity e JOIN profileSkill k ON k.skillId = e.id JOIN profile p ON p.id = k.profileId
                WHERE e.kind || ':' || e.slug IN \(marks)
                """, arguments: StatementArguments(chunk + chunk))) { row in
                ("profile \(row["profile"] as String)", "uses \(row["node"] as String)")
            }
        }
        return found.map { record in
            let why = reasons[record] ?? []
            return why.isEmpty ? record : "\(record) (\(why.joined(separator: "; ")))"
        }
    }

    /// Deletes the sources, studies or claims of `additions` that are still stored, each logged
    /// as a `remove` with its state and version now (not as it was added), undoing its addition.
    /// Records already gone are neither deleted nor logged.
    package static func remove(_ additions: [Addition], kind: RecordKind, batch: String?, context: ChangeContext, in db: Database) throws {
        guard let table = kind.table else { return }
        for chunk in additions.chunked(into: 500) {
            let slugs = chunk.map(\.recordId)
            let current = try RecordSnapshot.readAll(kind, slugs: slugs, in: db)
            var versions: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT slug, version FROM \(table) WHERE slug IN \(placeholders(slugs.count))",
                                        arguments: StatementArguments(slugs)) {
                versions[row["slug"]] = row["version"]
            }
            for addition in chunk {
                guard let record = current[addition.recordId] else { continue }
                try ChangeRecorder.append(context, action: "remove", kind: kind, recordId: addition.recordId, batch: batch,
                                          version: versions[addition.recordId], before: record.text, after: nil, undoes: addition.change, in: db)
            }
            try db.execute(sql: "DELETE FROM \(table) WHERE slug IN \(placeholders(slugs.count))", arguments: StatementArguments(slugs))
        }
    }

    /// Deletes the taxonomy nodes (`KIND:SLUG`) of `additions` that are still stored, each logged
    /// with its kind, slug, name, description and aliases, so that an undo of the undo can put
    /// it back. Two statements, whatever the count: the log rows are selected from the changes
    /// undone (in the order of `additions`), the deletion from the log rows just written.
    package static func removeEntities(_ additions: [Addition], batch: String?, context: ChangeContext, in db: Database) throws {
        guard !additions.isEmpty else { return }
        let mark = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM changes") ?? 0
        try db.execute(sql: """
            INSERT INTO changes (time, author, command, reason, action, recordKind, recordId, batch, fields, version, before, after, undoes)
            SELECT ?, ?, ?, ?, 'remove', 'entity', c.recordId, ?, '["*"]', NULL,
                json_object('kind', e.kind, 'slug', e.slug, 'name', e.name, 'description', e.description,
                    'aliases', json((SELECT json_group_array(a.alias) FROM alias a WHERE a.entityId = e.id))), NULL, c.id
            FROM json_each(?) j JOIN changes c ON c.id = j.value
            JOIN entity e ON e.kind = substr(c.recordId, 1, instr(c.recordId, ':') - 1) AND e.slug = substr(c.recordId, instr(c.recordId, ':') + 1)
            ORDER BY j.key
            """, arguments: [context.timestamp, context.author, context.command, context.reason, batch, idList(additions)])
        try db.execute(sql: """
            DELETE FROM entity WHERE id IN (
                SELECT e.id FROM changes c
                JOIN entity e ON e.kind = substr(c.recordId, 1, instr(c.recordId, ':') - 1) AND e.slug = substr(c.recordId, instr(c.recordId, ':') + 1)
                WHERE c.id > ? AND c.recordKind = 'entity')
            """, arguments: [mark])
    }

    /// Deletes the taxonomy edges (`KIND:SLUG EDGE-KIND KIND:SLUG`) of `additions` that are still
    /// stored, each logged with its state now, so that an undo of the undo can put it back. Before
    /// the nodes: deleting a node takes its edges along unlogged. Set-wise like the nodes: an
    /// edge's id is text made from three rows, matched once for all edges rather than per edge
    /// (which scanned every edge for each: minutes for the generated taxonomy's 12,541 edges).
    package static func removeEdges(_ additions: [Addition], batch: String?, context: ChangeContext, in db: Database) throws {
        guard !additions.isEmpty else { return }
        try db.execute(sql: """
            DROP TABLE IF EXISTS temp.kbEdgeUndo;
            CREATE TEMP TABLE kbEdgeUndo (recordId TEXT PRIMARY KEY, fromId INTEGER, kind TEXT, toId INTEGER, snapshot TEXT) WITHOUT ROWID;
            INSERT INTO kbEdgeUndo SELECT \(TaxonomyChanges.edgeID), g.fromId, g.kind, g.toId, \(TaxonomyChanges.edgeSnapshot) FROM \(TaxonomyChanges.edgeJoin);
            """)
        try db.execute(sql: """
            INSERT INTO changes (time, author, command, reason, action, recordKind, recordId, batch, fields, version, before, after, undoes)
            SELECT ?, ?, ?, ?, 'remove', 'edge', c.recordId, ?, '["*"]', NULL, u.snapshot, NULL, c.id
            FROM json_each(?) j JOIN changes c ON c.id = j.value JOIN temp.kbEdgeUndo u ON u.recordId = c.recordId
            ORDER BY j.key
            """, arguments: [context.timestamp, context.author, context.command, context.reason, batch, idList(additions)])
        try db.execute(sql: """
            DELETE FROM edge WHERE (fromId, kind, toId) IN (
                SELECT u.fromId, u.kind, u.toId FROM json_each(?) j JOIN changes c ON c.id = j.value JOIN temp.kbEdgeUndo u ON u.recordId = c.recordId);
            DROP TABLE temp.kbEdgeUndo;
            """, arguments: [idList(additions)])
    }

    /// The change ids of `additions` as a JSON array, for `json_each`: one bound value, in order.
    static func idList(_ additions: [Addition]) -> String {
        "[" + additions.map { String($0.change) }.joined(separator: ",") + "]"
    }
}
