import KBDomain
import KBStore
import KBQuery
import KBFormats

/// Rules over free text: numbers stripped out of the page ("k–k in USA", "above .", "– weeks").
enum TextRules {
    /// (kind, row id, subject, field label, text) for every free-text field kb keeps.
    static let fields: [(kind: String, table: String, rowId: String, subject: String, label: String, text: String)] = [
        ("claim", "claim t", "t.id", "t.slug", "'statement'", "t.statement"),
        ("claim", "claim t", "t.id", "t.slug", "'quote'", "t.quote"),
        ("claim", "claim t", "t.id", "t.slug", "'baseline'", "t.baseline"),
        ("claim", "claim t", "t.id", "t.slug", "'note'", "t.note"),
        ("study", "study t", "t.id", "t.slug", "'n as written'", "t.nText"),
        ("study", "study t", "t.id", "t.slug", "'design quote'", "t.designQuote"),
        ("study", "study t", "t.id", "t.slug", "'population'", "t.population"),
        ("source", "source t", "t.id", "t.slug", "'title'", "t.title"),
        ("entity", "entity t", "t.id", "t.kind || ':' || t.slug", "'description'", "t.description"),
        ("entity", "entityAttribute t JOIN entity e ON e.id = t.entityId", "e.id", "e.kind || ':' || e.slug", "t.name", "t.value"),
        // The quote an attribute's value was taken from, when the value itself shows no hole.
        ("entity", "entityAttribute t JOIN entity e ON e.id = t.entityId", "e.id", "e.kind || ':' || e.slug", "t.name || ' (quote)'",
         "CASE WHEN kb_placeholder(t.value) IS NULL THEN t.quote END"),
        ("note", "note t", "t.id", "t.slug", "'text'", "t.text"),
        ("edge", "edge t JOIN entity f ON f.id = t.fromId JOIN entity g ON g.id = t.toId", "NULL",
         "f.kind || ':' || f.slug || ' -' || t.kind || '-> ' || g.kind || ':' || g.slug", "'note'", "t.note"),
    ]

    /// Scoped, only the fields of the kinds a scope holds, of the rows in it (a row-id lookup
    /// per record instead of a scan per field).
    static func placeholderSQL(scoped: Bool) -> String {
        fields.compactMap { field -> String? in
            let scope = scoped ? AuditScope.ids(field.kind) : ""
            guard let scope else { return nil }
            return """
            SELECT kind, rowId, subject, hit AS evidence, label AS detail FROM (
                SELECT '\(field.kind)' AS kind, \(field.rowId) AS rowId, \(field.subject) AS subject, \(field.label) AS label,
                       kb_placeholder(\(field.text)) AS hit
                FROM \(field.table) WHERE \(field.text) IS NOT NULL\(scoped ? " AND \(field.rowId) IN \(scope)" : "")) WHERE hit IS NOT NULL
            """
        }.joined(separator: "\nUNION ALL\n")
    }

    /// Every free-text field, and the bibliographic fields and names, for the entity check.
    static let entityFields: [(kind: String, table: String, rowId: String, subject: String, label: String, text: String)] = fields + [
        ("source", "source t", "t.id", "t.slug", "'container title'", "t.containerTitle"),
        ("source", "source t", "t.id", "t.slug", "'publisher'", "t.publisher"),
        ("source", "source t", "t.id", "t.slug", "'note'", "t.note"),
        ("source", "contributor a JOIN source t ON t.id = a.sourceId", "t.id", "t.slug", "a.role || ' ' || (a.position + 1)", SourceRules.nameText("a")),
        ("entity", "entity t", "t.id", "t.kind || ':' || t.slug", "'name'", "t.name"),
    ]

    /// One scan per table (not per field): rows with a `&` in any of the table's fields, then
    /// each of those fields of those rows through `kb_html_entity`. `CROSS JOIN` keeps the table
    /// as the outer loop, and the `&` test needs only the table, so the field list is visited
    /// only for the rows that pass.
    static func entitySQL(scoped: Bool) -> String {
        Dictionary(grouping: entityFields.enumerated(), by: { "\($0.element.kind)|\($0.element.table)" })
        .sorted { $0.value[0].offset < $1.value[0].offset }
        .compactMap { _, group -> String? in
            let fields = group.map(\.element)
            let first = fields[0]
            let scope = scoped ? AuditScope.ids(first.kind) : ""
            guard let scope else { return nil }
            let numbered = fields.enumerated()
            let text: String = "CASE f.n " + numbered.map { "WHEN \($0.offset) THEN \($0.element.text)" }.joined(separator: " ") + " END"
            let label: String = "CASE f.n " + numbered.map { "WHEN \($0.offset) THEN \($0.element.label)" }.joined(separator: " ") + " END"
            let numbers: String = numbered.map { "SELECT \($0.offset) AS n" }.joined(separator: " UNION ALL ")
            let any: String = fields.map { "instr(\($0.text), '&') > 0" }.joined(separator: " OR ")
            return """
                SELECT kind, rowId, subject, hit AS evidence, label AS detail FROM (
                    SELECT '\(first.kind)' AS kind, \(first.rowId) AS rowId, \(first.subject) AS subject, \(label) AS label, kb_html_entity(\(text)) AS hit
                    FROM \(first.table) CROSS JOIN (\(numbers)) AS f WHERE \(scoped ? "\(first.rowId) IN \(scope) AND (\(any))" : any)) WHERE hit IS NOT NULL
                """
        }.joined(separator: "\nUNION ALL\n")
    }

    static let all: [AuditRule] = [
        AuditRule("text.placeholder-number", .warning, .claim, message: "a number is missing from the text",
                  rationale: "Text like 'k–k in USA', 'above .' or '– weeks' had its numbers stripped out; the value it stated is lost.",
                  fix: "Recover the number from the original document, or mark the value as unknown.",
                  sql: placeholderSQL(scoped: false), scopedSQL: placeholderSQL(scoped: true)),
        AuditRule("text.html-entity", .warning, .claim, message: "an HTML entity left in the text",
                  rationale: "'&amp;' or '&#x2019;' that import could not decode (or that came in before it decoded them) prints as written in every citation and export.",
                  fix: "Replace the entity with its character in the file it came from (or in kb), and import it again.",
                  sql: entitySQL(scoped: false), scopedSQL: entitySQL(scoped: true)),
    ]
}
