import Foundation
import GRDB
import KBDomain
import KBStore

/// What `kb list`, `kb stats` and `kb show` read: listings, counts and whole records.
public struct Catalog: Sendable {
    let knowledgeBase: KnowledgeBase
    /// The store names are looked up through (``show(_:)``'s taxonomy nodes).
    let store: QueryStoreFactory

    /// A catalog of `knowledgeBase`, looking names up through `store` (by default the knowledge
    /// base's own, ``KnowledgeBase/queryStore``).
    public init(_ knowledgeBase: KnowledgeBase, store: QueryStoreFactory? = nil) {
        self.knowledgeBase = knowledgeBase
        self.store = store ?? knowledgeBase.queryStore
    }

    /// One listed thing: its id, name, what it is known as, and how many claims it has.
    public struct Entry: Sendable, Equatable {
        public var id: String
        public var name: String
        public var detail: String
        public var claims: Int
    }

    /// What `kb list` lists.
    public enum Listing: Sendable, Equatable, Hashable {
        /// Taxonomy nodes of one kind (`roles`, `skills`…).
        case entities(EntityKind)
        case sources, profiles, notes, queries

        /// Every listing, by the name `kb list` takes.
        public static let all: [Listing] = EntityKind.allCases.map(Listing.entities) + [.sources, .profiles, .notes, .queries]

        /// The name `kb list` takes: a kind's plural, or `sources`, `profiles`, `notes`, `queries`.
        public var name: String {
            switch self {
            case let .entities(kind): kind.plural
            case .sources: "sources"
            case .profiles: "profiles"
            case .notes: "notes"
            case .queries: "queries"
            }
        }

        /// The listing called `name`; a kind's singular (`role`) names its nodes too.
        public init?(_ name: String) {
            if let kind = EntityKind.allCases.first(where: { $0.plural == name || $0.rawValue == name }) {
                self = .entities(kind)
            } else if let listing = Self.all.first(where: { $0.name == name }) {
                self = listing
            } else {
                return nil
            }
        }
    }

    public static let listable = Listing.all.map(\.name)

    public func list(_ listing: Listing) throws -> [Entry] {
        let entries = try listed(listing)
        guard listing == .entities(.jurisdiction) else { return entries }
        // A jurisdiction's claims are those `jurisdiction=X` finds — linked to it, about a boundary
        // in it, or from a study in its country — counted as `group by jurisdiction` counts them,
        // so the list, the filter and the gap map agree (the list counted direct links only).
        let groups = try QueryEngine(knowledgeBase).group("claims group by jurisdiction")
        var counts: [String: Int] = [:]
        for row in groups.rows { if let slug = row.values.first ?? nil { counts[slug] = row.count } }
        return entries.map { entry in
            var entry = entry
            entry.claims = counts[entry.id] ?? 0
            return entry
        }
    }

    private func listed(_ listing: Listing) throws -> [Entry] {
        try knowledgeBase.reader.read { db in
            switch listing {
            case let .entities(kind):
                return try Row.fetchAll(db, sql: """
                    SELECT e.slug, e.name,
                           (SELECT group_concat(alias, ', ') FROM (SELECT DISTINCT a.alias FROM alias a WHERE a.entityId = e.id
                                AND a.key <> e.slug AND a.alias <> e.name ORDER BY a.alias)) AS aliases,
                           (SELECT count(*) FROM claimAbout ca WHERE ca.entityId = e.id) AS claims
                    FROM entity e WHERE e.kind = ? ORDER BY e.slug
                    """, arguments: [kind.rawValue]).map {
                    Entry(id: $0["slug"], name: $0["name"], detail: ($0["aliases"] as String?).map { "aliases: \($0)" } ?? "", claims: $0["claims"])
                }
            case .sources:
                let rows = try Row.fetchAll(db, sql: "SELECT id, (SELECT count(*) FROM claim c WHERE c.sourceId = s.id) AS claims FROM source s ORDER BY slug")
                let sources = try GraphReader(db: db).sources(ids: rows.map { $0["id"] })
                return rows.compactMap { row in
                    sources[row["id"]].map { Entry(id: $0.slug, name: APAStyle.inText($0), detail: $0.title ?? "", claims: row["claims"]) }
                }
            case .profiles:
                return try Row.fetchAll(db, sql: """
                    SELECT p.slug, p.name, r.slug AS role, (SELECT count(*) FROM profileSkill ps WHERE ps.profileId = p.id) AS skills
                    FROM profile p LEFT JOIN entity r ON r.id = p.roleId ORDER BY p.slug
                    """).map { Entry(id: $0["slug"], name: $0["name"], detail: "role \(($0["role"] as String?) ?? "none"), \($0["skills"] as Int) skills", claims: 0) }
            case .notes:
                return try Row.fetchAll(db, sql: "SELECT slug, kind, text FROM note ORDER BY slug").map {
                    Entry(id: $0["slug"], name: $0["kind"], detail: $0["text"], claims: 0)
                }
            case .queries:
                return try SavedQuery.bundled.map { Entry(id: $0.name, name: $0.title, detail: $0.query, claims: 0) }
            }
        }
    }

    /// Counts of everything, the schema version and the import history, in `kb stats` order.
    public func statistics() throws -> [Statistic] {
        try knowledgeBase.reader.read { db in
            var rows: [Statistic] = []
            let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            rows.append(Statistic("database", "database", .text(knowledgeBase.path)))
            rows.append(Statistic("schema_version", "schema version", .count(version)))
            for kind in EntityKind.allCases {
                let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM entity WHERE kind = ?", arguments: [kind.rawValue]) ?? 0
                rows.append(Statistic(kind.plural, kind.plural, .count(count)))
            }
            for (key, label, sql) in [("aliases", "aliases", "SELECT count(*) FROM alias"), ("taxonomy_edges", "taxonomy edges", "SELECT count(*) FROM edge"),
                                      ("sources", "sources", "SELECT count(*) FROM source"), ("studies", "studies", "SELECT count(*) FROM study"),
                                      ("claims", "claims", "SELECT count(*) FROM claim"),
                                      ("unsourced_claims", "  unsourced claims", "SELECT count(*) FROM claim WHERE sourceId IS NULL"),
                                      ("economy-wide_claims", "  economy-wide claims", "SELECT count(*) FROM claim WHERE isEconomyWide = 1"),
                                      ("claim_relations", "claim relations", "SELECT count(*) FROM claimRelation"),
                                      ("notices", "notices", "SELECT count(*) FROM notice"), ("page_notes", "page notes", "SELECT count(*) FROM note"),
                                      ("profiles", "profiles", "SELECT count(*) FROM profile"), ("imports", "imports", "SELECT count(*) FROM importRun")] {
                rows.append(Statistic(key, label, .count(try Int.fetchOne(db, sql: sql) ?? 0)))
            }
            for grade in Grade.allCases.reversed() {
                let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM claim WHERE grade = ?", arguments: [grade.rawValue]) ?? 0
                rows.append(Statistic("\(grade.rawValue)_claims", "  \(grade.rawValue) claims", .count(count)))
            }
            return rows
        }
    }

    /// A whole record by id: a claim, source, study, note, profile or taxonomy node
    /// (`kind:slug` picks among nodes of several kinds with one slug).
    public func show(_ id: String) throws -> Record {
        try knowledgeBase.reader.read { db in
            let reader = GraphReader(db: db)
            if let claimID = try Int64.fetchOne(db, sql: "SELECT id FROM claim WHERE slug = ?", arguments: [id]),
               let stored = try reader.claims(ids: [claimID])[claimID] {
                let source = try stored.sourceID.flatMap { try reader.sources(ids: [$0])[$0] }
                let study = try stored.studyID.flatMap { try reader.studies(ids: [$0])[$0] }
                // Every attempt on it, imported or linked (`replicationAttempt`), and the claims it replicates.
                let attempts = try ReplicationAttempts.attempts(on: claimID, in: db)
                let sources = try reader.sources(ids: attempts.compactMap(\.sourceID))
                var claim = stored.claim
                claim.replications = attempts.map {
                    ClaimReplication(sourceSlug: $0.sourceID.flatMap { sources[$0]?.slug } ?? "", outcome: $0.outcome, note: $0.note, claimSlug: $0.byClaim)
                }
                let replicatedBy = Dictionary(sources.values.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
                let replicates = try ReplicationAttempts.replicated(by: claimID, in: db).map {
                    ReplicatedClaim(claimSlug: $0.claim, outcome: $0.outcome, note: $0.note)
                }
                return .claim(claim, source: source, study: study, strength: stored.strength, grade: stored.grade, replicatedBy: replicatedBy,
                              replicates: replicates)
            }
            if let sourceID = try Int64.fetchOne(db, sql: "SELECT id FROM source WHERE slug = ?", arguments: [id]),
               let source = try reader.sources(ids: [sourceID])[sourceID] {
                let studyIDs = try Int64.fetchAll(db, sql: "SELECT id FROM study WHERE sourceId = ? ORDER BY id", arguments: [sourceID])
                let studies = try reader.studies(ids: studyIDs)
                let claims = try String.fetchAll(db, sql: "SELECT slug FROM claim WHERE sourceId = ? ORDER BY id", arguments: [sourceID])
                let replicates = try Row.fetchAll(db, sql: """
                    SELECT c.slug, r.outcome, r.note FROM replicationAttempt r JOIN claim c ON c.id = r.claimId
                    WHERE r.sourceId = ? ORDER BY c.id
                    """, arguments: [sourceID]).map {
                    ReplicatedClaim(claimSlug: $0["slug"], outcome: ReplicationOutcome(rawValue: $0["outcome"]) ?? .unknown, note: $0["note"])
                }
                return .source(source, studies: studyIDs.compactMap { studies[$0] }, claims: claims, replicates: replicates)
            }
            if let studyID = try Int64.fetchOne(db, sql: "SELECT id FROM study WHERE slug = ?", arguments: [id]),
               let study = try reader.studies(ids: [studyID])[studyID] {
                return .study(study)
            }
            if let row = try Row.fetchOne(db, sql: "SELECT slug, kind, text, locator FROM note WHERE slug = ?", arguments: [id]) {
                return .note(Note(slug: row["slug"], kind: NoteKind(rawValue: row["kind"]) ?? .methodology, text: row["text"], locator: row["locator"]))
            }
            let parts = id.split(separator: ":", maxSplits: 1).map(String.init)
            let kinds = parts.count == 2 ? EntityKind(rawValue: parts[0]).map { [$0] } ?? [] : EntityKind.allCases
            let name = parts.count == 2 ? parts[1] : id
            if let entity = try store(db).entities(named: name, kinds: kinds).first {
                return .entity(try entityDetail(entity, in: db))
            }
            var candidates = try String.fetchAll(db, sql: "SELECT slug FROM claim UNION SELECT slug FROM source UNION SELECT slug FROM study UNION SELECT slug FROM note UNION SELECT slug FROM entity")
            candidates = Suggestions.nearest(to: id, in: candidates)
            throw KBError.notFound(what: "claim, source, study, note or taxonomy node", name: id, suggestions: candidates)
        }
    }

    func entityDetail(_ entity: ResolvedEntity, in db: Database) throws -> EntityDetail {
        let description = try String.fetchOne(db, sql: "SELECT description FROM entity WHERE id = ?", arguments: [entity.id])
        let aliases = try String.fetchAll(db, sql: "SELECT DISTINCT alias FROM alias WHERE entityId = ? ORDER BY alias", arguments: [entity.id])
        let attributes = try Row.fetchAll(db, sql: "SELECT name, context, value, quote FROM entityAttribute WHERE entityId = ? ORDER BY name, context",
                                          arguments: [entity.id]).map {
            EntityAttribute(name: $0["name"], context: $0["context"], value: $0["value"], quote: $0["quote"])
        }
        let edges = try Row.fetchAll(db, sql: """
            SELECT 'out' AS direction, g.kind, e.kind AS otherKind, e.slug, g.weight, g.note FROM edge g JOIN entity e ON e.id = g.toId WHERE g.fromId = ?
            UNION ALL
            SELECT 'in', g.kind, e.kind, e.slug, g.weight, g.note FROM edge g JOIN entity e ON e.id = g.fromId WHERE g.toId = ?
            ORDER BY 1 DESC, 2, 4
            """, arguments: [entity.id, entity.id]).map { row -> String in
            let arrow = (row["direction"] as String) == "out" ? "-\(row["kind"] as String)->" : "<-\(row["kind"] as String)-"
            let weight: Double = row["weight"]
            let note = (row["note"] as String?).map { ": \($0)" } ?? ""
            return "\(arrow) \(row["otherKind"] as String):\(row["slug"] as String)" + (weight == 1 ? "" : " (weight \(JSONValue.format(weight)))") + note
        }
        let claims = try String.fetchAll(db, sql: "SELECT c.slug FROM claimAbout a JOIN claim c ON c.id = a.claimId WHERE a.entityId = ? ORDER BY c.id",
                                         arguments: [entity.id])
        return EntityDetail(entity: entity, description: description, aliases: aliases, attributes: attributes, edges: edges, claims: claims)
    }

    public enum Record: Sendable {
        /// `replicatedBy`: the sources of `Claim/replications` (imported and linked), by slug, for
        /// their citations; `replicates`: the claims this claim replicates or fails to (its links).
        case claim(Claim, source: Source?, study: Study?, strength: Double, grade: Grade, replicatedBy: [String: Source], replicates: [ReplicatedClaim])
        /// `replicates`: the claims this source tried to replicate, with what it found.
        case source(Source, studies: [Study], claims: [String], replicates: [ReplicatedClaim])
        case study(Study)
        case note(Note)
        case entity(EntityDetail)
    }

    /// A claim that a source tried to replicate, and its outcome.
    public struct ReplicatedClaim: Sendable {
        public var claimSlug: String
        public var outcome: ReplicationOutcome
        public var note: String?
    }

    public struct EntityDetail: Sendable {
        public var entity: ResolvedEntity
        public var description: String?
        public var aliases: [String]
        public var attributes: [EntityAttribute]
        public var edges: [String]
        public var claims: [String]
    }
}
