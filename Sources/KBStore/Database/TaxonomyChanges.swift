import Foundation
import GRDB
import KBDomain

/// The change log's view of the taxonomy an import writes to: the state of every node (name,
/// description, aliases, attributes) and edge (weight, note, origin) before the write, kept in
/// memory (``Before``), so the import can log one change per node or edge it added or changed, and
/// `kb undo` can put each back. Set-wise: the generated benchmark taxonomy has 6,000 nodes.
package enum TaxonomyChanges {
    /// A node's state as the log keeps it (`e` is the `entity` row): aliases in key order,
    /// attributes in key order, so the same node always gives the same text.
    static let entitySnapshot = """
        json_object('kind', e.kind, 'slug', e.slug, 'name', e.name, 'description', e.description,
            'aliases', json((SELECT json_group_array(alias) FROM (SELECT a.alias FROM alias a WHERE a.entityId = e.id ORDER BY a.key, a.alias))),
            'attributes', json((SELECT json_group_array(json_object('name', t.name, 'context', t.context, 'value', t.value, 'quote', t.quote,
                                                                     'originFile', t.originFile, 'originLine', t.originLine))
                                FROM (SELECT * FROM entityAttribute t WHERE t.entityId = e.id ORDER BY t.name, t.context) t)))
        """

    /// An edge's state (`g` the edge, `f` and `t` its ends).
    package static let edgeSnapshot = """
        json_object('from', f.kind || ':' || f.slug, 'kind', g.kind, 'to', t.kind || ':' || t.slug, 'weight', g.weight, 'note', g.note,
                    'originFile', g.originFile, 'originLine', g.originLine)
        """

    /// An edge's id in the log: `KIND:SLUG EDGE-KIND KIND:SLUG`.
    package static let edgeID = "f.kind || ':' || f.slug || ' ' || g.kind || ' ' || t.kind || ':' || t.slug"

    package static let edgeJoin = "edge g JOIN entity f ON f.id = g.fromId JOIN entity t ON t.id = g.toId"

    /// The taxonomy as it was before a write (``keepBefore(in:)``): each node's and edge's state.
    ///
    /// Kept in memory, not in temporary tables: a temporary table opens the connection's
    /// temporary database inside the import's transaction, and SQLite then refuses to move the
    /// deferred index builds' sorts to disk (``DeferredIndexes``), so that at ten million claims
    /// they sorted in memory, 0.5 GB (issue 18). A taxonomy is thousands of nodes and edges, not
    /// millions of rows.
    package struct Before: Sendable {
        struct Edge: Hashable, Sendable {
            var fromId: Int64
            var kind: String
            var toId: Int64
        }

        var entities: [Int64: String] = [:]
        var edges: [Edge: String] = [:]
    }

    /// Reads the taxonomy as it is now, for ``record(_:batch:before:in:)`` after the write.
    package static func keepBefore(in db: Database) throws -> Before {
        var before = Before()
        let entities = try Row.fetchCursor(db, sql: "SELECT e.id, \(entitySnapshot) FROM entity e")
        while let row = try entities.next() { before.entities[row[0]] = row[1] }
        let edges = try Row.fetchCursor(db, sql: "SELECT g.fromId, g.kind, g.toId, \(edgeSnapshot) FROM \(edgeJoin)")
        while let row = try edges.next() { before.edges[Before.Edge(fromId: row[0], kind: row[1], toId: row[2])] = row[3] }
        return before
    }

    /// Logs, in `batch`, one `add` per edge the write added (set-wise) and one `edit` per node or
    /// edge it changed, with before- and after-state and the fields that differ. Nodes the write
    /// added are logged by the caller (row id watermark).
    package static func record(_ context: ChangeContext, batch: String, before: Before, in db: Database) throws {
        let edges = try Row.fetchAll(db, sql: """
            SELECT g.fromId, g.kind, g.toId, \(edgeID) AS id, \(edgeSnapshot) AS after
            FROM \(edgeJoin) ORDER BY f.kind, f.slug, g.kind, t.kind, t.slug
            """)
        // Snapshots compared byte for byte, as SQLite's `IS NOT` compared them (Swift's `==`
        // takes canonically equivalent texts, NFC and NFD, for equal).
        var editedEdges: [(id: String, before: String, after: String)] = []
        for row in edges {
            let (id, after): (String, String) = (row["id"], row["after"])
            guard let was = before.edges[Before.Edge(fromId: row[0], kind: row[1], toId: row[2])] else {
                try db.execute(sql: """
                    INSERT INTO changes (time, author, command, reason, action, recordKind, recordId, batch, fields, version, before, after)
                    VALUES (?, ?, ?, ?, 'add', 'edge', ?, ?, '["*"]', NULL, NULL, ?)
                    """, arguments: [context.timestamp, context.author, context.command, context.reason, id, batch, after])
                continue
            }
            if !was.utf8.elementsEqual(after.utf8) { editedEdges.append((id, was, after)) }
        }
        var editedNodes: [(id: String, before: String, after: String)] = []
        let nodes = try Row.fetchCursor(db, sql: "SELECT e.id AS rowid, e.kind || ':' || e.slug AS id, \(entitySnapshot) AS after FROM entity e ORDER BY e.id")
        while let row = try nodes.next() {
            guard let was = before.entities[row["rowid"]] else { continue }
            let after: String = row["after"]
            if !was.utf8.elementsEqual(after.utf8) { editedNodes.append((row["id"], was, after)) }
        }
        for (kind, rows) in [(RecordKind.entity, editedNodes), (.edge, editedEdges)] {
            for row in rows {
                try ChangeRecorder.append(context, action: "edit", kind: kind, recordId: row.id, batch: batch,
                                          fields: changedFields(row.before, row.after), before: row.before, after: row.after, in: db)
            }
        }
    }

    /// The top-level keys whose values differ between two snapshots.
    static func changedFields(_ before: String, _ after: String) -> [String] {
        let a = object(before), b = object(after)
        return Set(a.keys).union(b.keys).filter { RecordSnapshot.json(a[$0] ?? NSNull()) != RecordSnapshot.json(b[$0] ?? NSNull()) }.sorted()
    }

    static func object(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    /// The node `KIND:SLUG` as the log keeps it, or nil.
    package static func entity(_ key: String, in db: Database) throws -> String? {
        guard let (kind, slug) = node(key) else { return nil }
        return try String.fetchOne(db, sql: "SELECT \(entitySnapshot) FROM entity e WHERE e.kind = ? AND e.slug = ?", arguments: [kind, slug])
    }

    /// The edge `KIND:SLUG EDGE-KIND KIND:SLUG` as the log keeps it, or nil.
    package static func edge(_ id: String, in db: Database) throws -> String? {
        guard let match = edgeMatch(id) else { return nil }
        return try String.fetchOne(db, sql: "SELECT \(edgeSnapshot) FROM \(edgeJoin) WHERE \(match.sql)", arguments: match.arguments)
    }

    /// `KIND:SLUG` split at its first colon (slugs hold none; kinds none either).
    static func node(_ key: String) -> (String, String)? {
        guard let colon = key.firstIndex(of: ":") else { return nil }
        return (String(key[..<colon]), String(key[key.index(after: colon)...]))
    }

    /// The condition (on `f`, `g`, `t` of ``edgeJoin``) that finds the edge of a log id through
    /// the indexes, not by building every edge's id.
    static func edgeMatch(_ id: String) -> (sql: String, arguments: StatementArguments)? {
        let parts = id.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let (fromKind, fromSlug) = node(parts[0]), let (toKind, toSlug) = node(parts[2]) else { return nil }
        return ("f.kind = ? AND f.slug = ? AND g.kind = ? AND t.kind = ? AND t.slug = ?", [fromKind, fromSlug, parts[1], toKind, toSlug])
    }

    /// Sets `fields` of the node `key` to their values in `snapshot` (a node's logged state):
    /// aliases and attributes as whole lists, rewritten as the graph writer writes them.
    package static func restoreEntity(_ key: String, to snapshot: String, fields: [String], in db: Database) throws {
        let saved = object(snapshot)
        guard let (kind, slug) = node(key), let id = try Int64.fetchOne(db, sql: "SELECT id FROM entity WHERE kind = ? AND slug = ?", arguments: [kind, slug]) else {
            throw KBError.invalidInput("the taxonomy node '\(key)' no longer exists")
        }
        let all = fields.contains("*")
        if all || fields.contains("name"), let name = saved["name"] as? String {
            try db.execute(sql: "UPDATE entity SET name = ? WHERE id = ?", arguments: [name, id])
        }
        if all || fields.contains("description") {
            try db.execute(sql: "UPDATE entity SET description = ? WHERE id = ?", arguments: [saved["description"] as? String, id])
        }
        if all || fields.contains("aliases") {
            try db.execute(sql: "DELETE FROM alias WHERE entityId = ?", arguments: [id])
            for alias in saved["aliases"] as? [String] ?? [] {
                let key = Slug.fold(alias)
                guard !key.isEmpty else { continue }
                try db.execute(sql: "INSERT OR IGNORE INTO alias (key, entityId, alias) VALUES (?, ?, ?)", arguments: [key, id, alias])
            }
        }
        if all || fields.contains("attributes") {
            try db.execute(sql: "DELETE FROM entityAttribute WHERE entityId = ?", arguments: [id])
            let attributes = (try? JSONSerialization.data(withJSONObject: saved["attributes"] as? [Any] ?? [])).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
            try db.execute(sql: """
                INSERT INTO entityAttribute (entityId, name, context, value, quote, originFile, originLine)
                SELECT ?, json_extract(value, '$.name'), json_extract(value, '$.context'), json_extract(value, '$.value'), json_extract(value, '$.quote'), json_extract(value, '$.originFile'), json_extract(value, '$.originLine')
                FROM json_each(?)
                """, arguments: [id, attributes])
        }
    }

    /// Writes the edge of `snapshot` (a logged edge state) back, inserting it when it is absent.
    package static func restoreEdge(_ snapshot: String, in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO edge (fromId, kind, toId, weight, note, originFile, originLine)
            SELECT f.id, json_extract(j.value, '$.kind'), t.id, json_extract(j.value, '$.weight'), json_extract(j.value, '$.note'), json_extract(j.value, '$.originFile'), json_extract(j.value, '$.originLine')
            FROM (SELECT json(?) AS value) j JOIN entity f ON f.kind || ':' || f.slug = json_extract(j.value, '$.from') JOIN entity t ON t.kind || ':' || t.slug = json_extract(j.value, '$.to')
            WHERE true
            ON CONFLICT (fromId, kind, toId) DO UPDATE SET weight = excluded.weight, note = excluded.note,
                originFile = excluded.originFile, originLine = excluded.originLine
            """, arguments: [snapshot])
        guard db.changesCount > 0 else { throw KBError.invalidInput("an end of the edge \(snapshot) no longer exists") }
    }

    /// Deletes the edge `KIND:SLUG EDGE-KIND KIND:SLUG`; false when it is not stored.
    @discardableResult
    package static func deleteEdge(_ id: String, in db: Database) throws -> Bool {
        guard let match = edgeMatch(id) else { return false }
        try db.execute(sql: """
            DELETE FROM edge WHERE (fromId, kind, toId) IN (SELECT g.fromId, g.kind, g.toId FROM \(edgeJoin) WHERE \(match.sql))
            """, arguments: match.arguments)
        return db.changesCount > 0
    }
}
