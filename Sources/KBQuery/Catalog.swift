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

    /// One listed thing: its id, name, what it is known as, and how many claims it has (nil for
    /// a listing whose things hold no claims: ``Listing/countsClaims``).
    public struct Entry: Sendable, Equatable {
        public var id: String
        public var name: String
        public var detail: String
        public var claims: Int?
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

        /// Whether its things hold claims, counted in ``Entry/claims``: taxonomy nodes (claims
        /// about them) and sources (claims citing them). A profile, a page note or a saved query
        /// holds none: a column of zeros there read as "matches nothing" (a trial's finding).
        public var countsClaims: Bool {
            switch self {
            case .entities, .sources: true
            case .profiles, .notes, .queries: false
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
        try knowledgeBase.reader.read { db in try Self.list(listing, in: .sqlite(db, store: store)) }
    }

    /// Counts of everything, the schema version and the import history, in `kb stats` order.
    public func statistics() throws -> [Statistic] {
        try knowledgeBase.reader.read { db in
            let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            return try Self.statistics(database: knowledgeBase.path, schemaVersion: version, in: .sqlite(db, store: store))
        }
    }

    /// A whole record by id: a claim, source, study, note, profile or taxonomy node
    /// (`kind:slug` picks among nodes of several kinds with one slug).
    public func show(_ id: String, wanted: Wanted = .any) throws -> Record {
        try knowledgeBase.reader.read { db in try Self.show(id, wanted: wanted, in: .sqlite(db, store: store)) }
    }

    /// What a look-up is for: any record (`kb show`), or one kind's page in `kb serve`. When
    /// nothing has the id, the error names that kind and its did-you-mean offers only that
    /// kind's ids (a claim's URL suggesting a study id sends the reader nowhere, trial 21 m5).
    /// A record of another kind with the id is still returned, for the page to point to it.
    public enum Wanted: Sendable, Equatable {
        case any, claim, source
        /// A taxonomy node of this kind (the id is its slug or an alias).
        case node(EntityKind)

        /// What the not-found message calls it.
        var noun: String {
            switch self {
            case .any: "claim, source, study, note or taxonomy node"
            case .claim: "claim"
            case .source: "source"
            case let .node(kind): kind.rawValue
            }
        }
    }

    // MARK: Any store

    // The listings, counts and records read through a ``QueryReadSession`` (SQLite's or
    // PostgreSQL's, DESIGN §13): the same statements, every value bound, text ordered byte by
    // byte on both (``SQLDialect/binaryOrder(_:)``).

    /// `kb list` in one read of any store.
    package static func list(_ listing: Listing, in session: QueryReadSession) throws -> [Entry] {
        let entries = try listed(listing, in: session)
        guard listing == .entities(.jurisdiction) else { return entries }
        // A jurisdiction's claims are those `jurisdiction=X` finds — linked to it, about a boundary
        // in it, or from a study in its country — counted as `group by jurisdiction` counts them,
        // so the list, the filter and the gap map agree (the list counted direct links only).
        let text = "claims group by jurisdiction"
        let groups = try QueryEngine.group(try Parser.parse(text), text: text, profile: nil, limit: nil, in: session)
        var counts: [String: Int] = [:]
        for row in groups.rows { if let slug = row.values.first ?? nil { counts[slug] = row.count } }
        return entries.map { entry in
            var entry = entry
            entry.claims = counts[entry.id] ?? 0
            return entry
        }
    }

    private static func listed(_ listing: Listing, in session: QueryReadSession) throws -> [Entry] {
        let (executor, dialect) = (session.executor, session.store.dialect)
        switch listing {
        case let .entities(kind):
            // Each node's other names, distinct, in byte order (as SQLite's group_concat over
            // `ORDER BY alias` gave them), joined here rather than by each engine's aggregate.
            var aliases: [Int64: [String]] = [:]
            for row in try executor.rows("""
                SELECT DISTINCT a.entityId, a.alias FROM alias a JOIN entity e ON e.id = a.entityId
                WHERE e.kind = \(kind.rawValue) AND a.key <> e.slug AND a.alias <> e.name
                """) {
                guard let id = row.int64("entityId"), let alias = row.string("alias") else { continue }
                aliases[id, default: []].append(alias)
            }
            // Claims about the node, less those of a retracted source, which queries leave out,
            // said in the detail (a trial found a retracted claim counted silently). The
            // retracted ones are counted from the few retracted sources' claims, so a KB with
            // none reads what it read before (a join of every link to its claim took 3.5 s for
            // `kb list skills` at 1M claims, against 0.46 s).
            let retractedSources = try executor.rows("SELECT s.id FROM source s WHERE \(sql: NoticeSQL.isRetracted("s.id"))").compactMap { $0.int64("id") }
            var retracted: [Int64: Int] = [:]
            if !retractedSources.isEmpty {
                for row in try executor.rows("""
                    SELECT ca.entityId, count(*) AS claims FROM claim c JOIN claimAbout ca ON ca.claimId = c.id
                    WHERE c.sourceId IN \(list: retractedSources) GROUP BY ca.entityId
                    """) {
                    if let id = row.int64("entityId") { retracted[id] = row.int("claims") ?? 0 }
                }
            }
            return try executor.rows("""
                SELECT e.id, e.slug, e.name, (SELECT count(*) FROM claimAbout ca WHERE ca.entityId = e.id) AS claims
                FROM entity e WHERE e.kind = \(kind.rawValue) ORDER BY \(sql: dialect.binaryOrder("e.slug"))
                """).map { row in
                let id = row.int64("id")
                let names = (id.flatMap { aliases[$0] } ?? []).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                var details = names.isEmpty ? [] : ["aliases: " + names.joined(separator: ", ")]
                let left = id.flatMap { retracted[$0] } ?? 0
                if left > 0 { details.append("not counted: \(left) claim\(left == 1 ? "" : "s") of retracted sources") }
                return Entry(id: row.string("slug") ?? "", name: row.string("name") ?? "",
                             detail: details.joined(separator: "; "), claims: (row.int("claims") ?? 0) - left)
            }
        case .sources:
            let rows = try executor.rows("""
                SELECT id, (SELECT count(*) FROM claim c WHERE c.sourceId = s.id) AS claims,
                       CASE WHEN \(sql: NoticeSQL.isRetracted("s.id")) THEN 1 ELSE 0 END AS retracted
                FROM source s ORDER BY \(sql: dialect.binaryOrder("slug"))
                """)
            let sources = try session.graph.sources(ids: rows.compactMap { $0.int64("id") })
            return rows.compactMap { row in
                row.int64("id").flatMap { sources[$0] }.map { source in
                    // A retracted source's claims are its own, counted; queries leave them out.
                    let title = source.title ?? ""
                    let detail = row.int("retracted") == 1 ? "retracted (queries leave its claims out)" + (title.isEmpty ? "" : ": " + title) : title
                    return Entry(id: source.slug, name: APAStyle.inText(source), detail: detail, claims: row.int("claims") ?? 0)
                }
            }
        case .profiles:
            return try executor.rows("""
                SELECT p.slug, p.name, r.slug AS role, (SELECT count(*) FROM profileSkill ps WHERE ps.profileId = p.id) AS skills
                FROM profile p LEFT JOIN entity r ON r.id = p.roleId ORDER BY \(sql: dialect.binaryOrder("p.slug"))
                """).map {
                Entry(id: $0.string("slug") ?? "", name: $0.string("name") ?? "", detail: "role \($0.string("role") ?? "none"), \($0.int("skills") ?? 0) skills", claims: nil)
            }
        case .notes:
            return try executor.rows("SELECT slug, kind, text FROM note ORDER BY \(sql: dialect.binaryOrder("slug"))").map {
                Entry(id: $0.string("slug") ?? "", name: $0.string("kind") ?? "", detail: $0.string("text") ?? "", claims: nil)
            }
        case .queries:
            return try SavedQuery.bundled.map { Entry(id: $0.name, name: $0.title, detail: $0.query, claims: nil) }
        }
    }

    /// `kb stats` in one read of any store: `database` is where it is (a path, or a PostgreSQL
    /// location without its password), `schemaVersion` the store's own migration number.
    package static func statistics(database: String, schemaVersion: Int, in session: QueryReadSession) throws -> [Statistic] {
        let executor = session.executor
        func count(_ statement: SQLFragment) throws -> Int { try executor.value(statement)?.int64.map(Int.init) ?? 0 }
        var rows: [Statistic] = []
        rows.append(Statistic("database", "database", .text(database)))
        rows.append(Statistic("schema_version", "schema version", .count(schemaVersion)))
        for kind in EntityKind.allCases {
            rows.append(Statistic(kind.plural, kind.plural, .count(try count("SELECT count(*) FROM entity WHERE kind = \(kind.rawValue)"))))
        }
        for (key, label, sql) in [("aliases", "aliases", "SELECT count(*) FROM alias"), ("taxonomy_edges", "taxonomy edges", "SELECT count(*) FROM edge"),
                                  ("sources", "sources", "SELECT count(*) FROM source"),
                                  ("retracted_sources", "  retracted sources", "SELECT count(*) FROM source s WHERE \(NoticeSQL.isRetracted("s.id"))"),
                                  ("studies", "studies", "SELECT count(*) FROM study"),
                                  ("claims", "claims", "SELECT count(*) FROM claim"),
                                  ("retracted_claims", "  retracted claims", "SELECT count(*) FROM claim c WHERE NOT \(NoticeSQL.claimNotRetracted())"),
                                  ("unsourced_claims", "  unsourced claims", "SELECT count(*) FROM claim WHERE sourceId IS NULL"),
                                  ("economy-wide_claims", "  economy-wide claims", "SELECT count(*) FROM claim WHERE isEconomyWide = 1"),
                                  ("claim_relations", "claim relations", "SELECT count(*) FROM claimRelation"),
                                  ("notices", "notices", "SELECT count(*) FROM notice"), ("page_notes", "page notes", "SELECT count(*) FROM note"),
                                  ("profiles", "profiles", "SELECT count(*) FROM profile"), ("imports", "imports", "SELECT count(*) FROM importRun")] {
            rows.append(Statistic(key, label, .count(try count(SQLFragment(sql: sql)))))
        }
        for grade in Grade.allCases.reversed() {
            rows.append(Statistic("\(grade.rawValue)_claims", "  \(grade.rawValue) claims", .count(try count("SELECT count(*) FROM claim WHERE grade = \(grade.rawValue)"))))
        }
        return rows
    }

    /// `kb show` in one read of any store.
    package static func show(_ id: String, wanted: Wanted = .any, in session: QueryReadSession) throws -> Record {
        let (executor, reader) = (session.executor, session.graph)
        func firstID(_ statement: SQLFragment) throws -> Int64? { try executor.value(statement)?.int64 }
        if let claimID = try firstID("SELECT id FROM claim WHERE slug = \(id)"),
           let stored = try reader.claims(ids: [claimID])[claimID] {
            let source = try stored.sourceID.flatMap { try reader.sources(ids: [$0])[$0] }
            let study = try stored.studyID.flatMap { try reader.studies(ids: [$0])[$0] }
            // Every attempt on it, imported or linked (`replicationAttempt`), and the claims it replicates.
            let attempts = try ReplicationAttempts.attempts(on: claimID, in: executor)
            let sources = try reader.sources(ids: attempts.compactMap(\.sourceID))
            var claim = stored.claim
            claim.replications = attempts.map {
                ClaimReplication(sourceSlug: $0.sourceID.flatMap { sources[$0]?.slug } ?? "", outcome: $0.outcome, note: $0.note, claimSlug: $0.byClaim)
            }
            let replicatedBy = Dictionary(sources.values.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
            let replicates = try ReplicationAttempts.replicated(by: claimID, in: executor).map {
                ReplicatedClaim(claimSlug: $0.claim, outcome: $0.outcome, note: $0.note)
            }
            return .claim(claim, source: source, study: study, strength: stored.strength, grade: stored.grade, replicatedBy: replicatedBy,
                          replicates: replicates)
        }
        if let sourceID = try firstID("SELECT id FROM source WHERE slug = \(id)"),
           let source = try reader.sources(ids: [sourceID])[sourceID] {
            let studyIDs = try executor.rows("SELECT id FROM study WHERE sourceId = \(sourceID) ORDER BY id").compactMap { $0[0].int64 }
            let studies = try reader.studies(ids: studyIDs)
            let claims = try executor.rows("SELECT slug FROM claim WHERE sourceId = \(sourceID) ORDER BY id").compactMap { $0[0].string }
            let replicates = try executor.rows("""
                SELECT c.slug, r.outcome, r.note FROM replicationAttempt r JOIN claim c ON c.id = r.claimId
                WHERE r.sourceId = \(sourceID) ORDER BY c.id
                """).map {
                ReplicatedClaim(claimSlug: $0.string("slug") ?? "", outcome: $0.string("outcome").flatMap(ReplicationOutcome.init(rawValue:)) ?? .unknown,
                                note: $0.string("note"))
            }
            return .source(source, studies: studyIDs.compactMap { studies[$0] }, claims: claims, replicates: replicates)
        }
        if let studyID = try firstID("SELECT id FROM study WHERE slug = \(id)"),
           let study = try reader.studies(ids: [studyID])[studyID] {
            return .study(study)
        }
        if let row = try executor.rows("SELECT slug, kind, text, locator FROM note WHERE slug = \(id)").first {
            return .note(Note(slug: row.string("slug") ?? "", kind: row.string("kind").flatMap(NoteKind.init(rawValue:)) ?? .methodology,
                              text: row.string("text") ?? "", locator: row.string("locator")))
        }
        let parts = id.split(separator: ":", maxSplits: 1).map(String.init)
        let kinds = parts.count == 2 ? EntityKind(rawValue: parts[0]).map { [$0] } ?? [] : EntityKind.allCases
        let name = parts.count == 2 ? parts[1] : id
        if let entity = try session.store.entities(named: name, kinds: kinds).first {
            return .entity(try entityDetail(entity, in: executor))
        }
        // A node's page names the node by its slug; anything else by the id as given.
        let shown = if case .node = wanted { name } else { id }
        throw KBError.notFound(what: wanted.noun, name: shown, suggestions: try suggestions(for: shown, wanted: wanted, in: session))
    }

    /// The did-you-mean of an id nothing has: the ids near it (every id of a small KB) among
    /// those `wanted` can name, nearest first.
    static func suggestions(for id: String, wanted: Wanted, in session: QueryReadSession) throws -> [String] {
        let candidates: [String]
        switch wanted {
        case .any:
            candidates = try NearbySlugs.candidates(for: id, tables: ["claim", "source", "study", "note", "entity"], in: session.executor,
                                                    binaryOrder: session.store.dialect.binaryOrder)
        case .claim, .source:
            candidates = try NearbySlugs.candidates(for: id, tables: [wanted == .claim ? "claim" : "source"], in: session.executor,
                                                    binaryOrder: session.store.dialect.binaryOrder)
        case let .node(kind):
            // A taxonomy is small: every node of the kind, by slug (an alias leads to its node's page too).
            candidates = try session.executor.rows("SELECT slug FROM entity WHERE kind = \(kind.rawValue)").compactMap { $0[0].string }
        }
        return Suggestions.nearest(to: id, in: candidates)
    }

    static func entityDetail(_ entity: ResolvedEntity, in executor: any StatementExecutor) throws -> EntityDetail {
        let description = try executor.value("SELECT description FROM entity WHERE id = \(entity.id)")?.string
        let aliases = try executor.rows("SELECT DISTINCT alias FROM alias WHERE entityId = \(entity.id)").compactMap { $0[0].string }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let attributes = try executor.rows("SELECT name, context, value, quote FROM entityAttribute WHERE entityId = \(entity.id)").map {
            EntityAttribute(name: $0.string("name") ?? "", context: $0.string("context") ?? "", value: $0.string("value") ?? "", quote: $0.string("quote"))
        }.sorted { lhs, rhs in
            // `ORDER BY name, context` in byte order.
            lhs.name != rhs.name ? lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8) : lhs.context.utf8.lexicographicallyPrecedes(rhs.context.utf8)
        }
        let edges = try executor.rows("""
            SELECT 'out' AS direction, g.kind, e.kind AS otherKind, e.slug, g.weight, g.note FROM edge g JOIN entity e ON e.id = g.toId WHERE g.fromId = \(entity.id)
            UNION ALL
            SELECT 'in', g.kind, e.kind, e.slug, g.weight, g.note FROM edge g JOIN entity e ON e.id = g.fromId WHERE g.toId = \(entity.id)
            """).sorted { lhs, rhs in
            // `ORDER BY direction DESC, kind, slug` in byte order.
            for (a, b, descending) in [(lhs.string("direction"), rhs.string("direction"), true), (lhs.string("kind"), rhs.string("kind"), false),
                                       (lhs.string("slug"), rhs.string("slug"), false)] where a != b {
                let ascending = (a ?? "").utf8.lexicographicallyPrecedes((b ?? "").utf8)
                return descending ? !ascending : ascending
            }
            return false
        }.map { row -> String in
            let kind = row.string("kind") ?? ""
            let arrow = row.string("direction") == "out" ? "-\(kind)->" : "<-\(kind)-"
            let weight = row.double("weight") ?? 1
            let note = row.string("note").map { ": \($0)" } ?? ""
            return "\(arrow) \(row.string("otherKind") ?? ""):\(row.string("slug") ?? "")" + (weight == 1 ? "" : " (weight \(JSONValue.format(weight)))") + note
        }
        let claims = try executor.rows("SELECT c.slug FROM claimAbout a JOIN claim c ON c.id = a.claimId WHERE a.entityId = \(entity.id) ORDER BY c.id")
            .compactMap { $0[0].string }
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
