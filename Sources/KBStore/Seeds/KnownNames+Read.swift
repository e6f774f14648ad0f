import GRDB
import KBDomain

extension SeedLoader.KnownNames {
    /// What a file being added or imported may refer to without declaring it: the KB's taxonomy
    /// nodes (by slug, name and alias, folded as queries fold them, so that `cohort:older` in a
    /// file means what `--cohort older` and `cohort=older` do), sources and studies. `kb import`
    /// and `kb add --from` both read it here, so they accept the same names.
    package static func read(in db: Database) throws -> SeedLoader.KnownNames {
        var known = SeedLoader.KnownNames()
        for row in try Row.fetchAll(db, sql: "SELECT kind, slug FROM entity") {
            if let kind = EntityKind(rawValue: row["kind"]) { known.entities.insert(EntityReference(kind, row["slug"])) }
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT kind, slug, slug AS name FROM entity UNION ALL SELECT kind, slug, name FROM entity
            UNION ALL SELECT e.kind, e.slug, a.alias FROM alias a JOIN entity e ON e.id = a.entityId
            """) {
            guard let kind = EntityKind(rawValue: row["kind"]) else { continue }
            let name = Slug.fold(row["name"] as String)
            // A node's own slug wins over another node's alias.
            if known.names[kind]?[name] == nil { known.names[kind, default: [:]][name] = row["slug"] }
        }
        known.sources = Set(try String.fetchAll(db, sql: "SELECT slug FROM source"))
        for row in try Row.fetchAll(db, sql: "SELECT st.slug, s.slug AS source FROM study st JOIN source s ON s.id = st.sourceId") {
            known.studies[row["slug"]] = row["source"]
        }
        return known
    }
}
