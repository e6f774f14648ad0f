import KBDomain
import KBStore
import KBQuery
import KBFormats

/// Rules about roles, skills, cohorts, boundaries and the edges between them.
enum TaxonomyRules {
    static let edgeName = "coalesce(f.kind || ':' || f.slug, '#' || t.fromId) || ' -' || t.kind || '-> ' || coalesce(g.kind || ':' || g.slug, '#' || t.toId)"

    /// `CASE t.kind WHEN 'uses' THEN 'role' …`: the entity kinds an edge kind joins.
    static func endpoint(from: Bool) -> String {
        "CASE t.kind " + EdgeKind.allCases.map { "WHEN '\($0.rawValue)' THEN '\((from ? $0.endpoints.from : $0.endpoints.to).rawValue)'" }
            .joined(separator: " ") + " END"
    }

    static let all: [AuditRule] = [
        AuditRule("taxonomy.dangling-edge", .error, .edge, message: "an edge to a node that does not exist",
                  rationale: "A link to nothing breaks subject expansion (a role's skills, a boundary's translations).",
                  fix: "Delete the edge or recreate the missing node.",
                  sql: """
                      SELECT 'edge', NULL, \(edgeName), 'missing ' || CASE WHEN f.id IS NULL THEN 'from' ELSE 'to' END || ' node', NULL
                      FROM edge t LEFT JOIN entity f ON f.id = t.fromId LEFT JOIN entity g ON g.id = t.toId
                      WHERE f.id IS NULL OR g.id IS NULL
                      """),
        AuditRule("taxonomy.contradictory-edge", .warning, .edge, message: "an edge that contradicts itself or another",
                  rationale: "A node linked to itself, a cohort narrower than its own narrower one, or an edge between the wrong kinds of node makes subject expansion wrong.",
                  fix: "Delete or turn around the edge.",
                  sql: """
                      SELECT 'edge', NULL, \(edgeName),
                             CASE WHEN t.fromId = t.toId THEN 'links a node to itself'
                                  WHEN f.kind <> \(endpoint(from: true)) OR g.kind <> \(endpoint(from: false))
                                      THEN t.kind || ' joins ' || \(endpoint(from: true)) || ' to ' || \(endpoint(from: false)) || ', not ' || f.kind || ' to ' || g.kind
                                  ELSE 'the reverse edge exists too' END, NULL
                      FROM edge t JOIN entity f ON f.id = t.fromId JOIN entity g ON g.id = t.toId
                      WHERE t.fromId = t.toId
                         OR f.kind <> \(endpoint(from: true)) OR g.kind <> \(endpoint(from: false))
                         OR (t.kind IN ('narrower', 'uses', 'recurs-in', 'in-jurisdiction')
                             AND EXISTS (SELECT 1 FROM edge r WHERE r.fromId = t.toId AND r.toId = t.fromId AND r.kind = t.kind))
                      """),
        AuditRule("taxonomy.alias-collision", .warning, .alias, message: "a name that means two nodes of the same kind",
                  rationale: "A query naming it picks one node silently; the other's claims are missed.",
                  fix: "Remove the alias from one of the nodes, or merge the two nodes.",
                  sql: """
                      SELECT 'alias', e.id, e.kind || ':' || e.slug, a.alias,
                             'also ' || (SELECT group_concat(o.kind || ':' || o.slug, ', ') FROM alias b JOIN entity o ON o.id = b.entityId
                                         WHERE b.key = a.key AND o.kind = e.kind AND o.id <> e.id)
                      FROM alias a JOIN entity e ON e.id = a.entityId
                      WHERE EXISTS (SELECT 1 FROM alias b JOIN entity o ON o.id = b.entityId WHERE b.key = a.key AND o.kind = e.kind AND o.id <> e.id)
                      """),
        AuditRule("taxonomy.translation-without-note", .warning, .edge, message: "a boundary translation without a note",
                  rationale: "Findings translate imperfectly across boundaries; a translation must say how.",
                  fix: "Add a note to the translates-to edge saying what carries over and what does not.",
                  sql: """
                      SELECT 'edge', NULL, \(edgeName), NULL, NULL
                      FROM edge t JOIN entity f ON f.id = t.fromId JOIN entity g ON g.id = t.toId
                      WHERE t.kind = 'translates-to' AND trim(coalesce(t.note, '')) = ''
                      """),
    ]
}
