import GRDB
import KBDomain

/// Inserts sources known to be new in groups, with their contributors and notices: one
/// multi-row `INSERT` per group of sources and one per group of contributor rows (see
/// ``NewClaimWriter``). ``flush()`` returns the sources it wrote with their ids: flush
/// before anything looks a source up.
struct NewSourceWriter {
    static let contributorRowsPerInsert = 32
    static let columns = ["slug", "type", "title", "titleKey", "containerTitle", "publisher", "publisherPlace", "volume", "issue", "page",
                          "issuedYear", "issuedMonth", "issuedDay", "doi", "url", "accessed", "isPeerReviewed", "extra", "note",
                          "originFile", "originLine"]
    static let contributorColumns = ["sourceId", "role", "position", "family", "given", "droppingParticle", "particle", "suffix",
                                     "literal", "nameKey"]

    private let db: Database
    private let statements: StatementSet
    private var pending: [Source] = []

    init(db: Database, statements: StatementSet) {
        self.db = db
        self.statements = statements
        pending.reserveCapacity(GroupInsert.groupSize)
    }

    /// Queues a new source; returns the sources written when the queue was full.
    mutating func add(_ source: Source) throws -> [(source: Source, id: Int64)] {
        pending.append(source)
        return pending.count == GroupInsert.groupSize ? try flush() : []
    }

    mutating func flush() throws -> [(source: Source, id: Int64)] {
        guard !pending.isEmpty else { return [] }
        let group = pending
        pending.removeAll(keepingCapacity: true)
        let ids = try GroupInsert.run(group, into: "source", columns: Self.columns, statements: statements, db: db, slug: \.slug) { insert, source in
            insert.bind(source.slug).bind(source.type).bind(source.title).bind(source.title.map(TitleKey.make)).bind(source.containerTitle)
                .bind(source.publisher).bind(source.publisherPlace).bind(source.volume).bind(source.issue).bind(source.page)
                .bind(source.issued?.year).bind(source.issued?.month).bind(source.issued?.day).bind(source.doi).bind(source.url)
                .bind(source.accessed).bind(source.isPeerReviewed).bind(source.extra).bind(source.note)
                .bind(source.origin?.file).bind(source.origin?.line)
        }
        try Self.insertContributors(of: zip(ids, group).map { ($0, $1.contributors) }, statements: statements)
        for (id, source) in zip(ids, group) {
            for notice in source.notices {
                try db.cachedExecute("INSERT INTO notice (sourceId, kind, date, reason, url) VALUES (?, ?, ?, ?, ?)",
                                     [id, notice.kind.rawValue, notice.date, notice.reason, notice.url])
            }
        }
        return Array(zip(group, ids))
    }

    /// Contributor rows of several sources, numbered per source and role in their order.
    static func insertContributors(of sources: [(id: Int64, contributors: [Contributor])], statements: StatementSet) throws {
        var rows: [(sourceID: Int64, position: Int, person: Contributor)] = []
        rows.reserveCapacity(sources.reduce(0) { $0 + $1.contributors.count })
        // Each role's next position; a source has few roles, so a list beats a dictionary.
        var positions: [(role: String, next: Int)] = []
        for (id, contributors) in sources {
            positions.removeAll(keepingCapacity: true)
            for person in contributors {
                if let index = positions.firstIndex(where: { $0.role == person.role }) {
                    rows.append((id, positions[index].next, person))
                    positions[index].next += 1
                } else {
                    rows.append((id, 0, person))
                    positions.append((person.role, 1))
                }
            }
        }
        for chunk in rows.chunked(into: Self.contributorRowsPerInsert) {
            let insert = try statements.multiRowInsert(into: "contributor", columns: contributorColumns, rows: chunk.count)
            for row in chunk {
                let person = row.person
                insert.bind(row.sourceID).bind(person.role).bind(row.position).bind(person.family).bind(person.given)
                    .bind(person.droppingParticle).bind(person.particle).bind(person.suffix).bind(person.literal).bind(person.nameKey)
            }
            try insert.run()
        }
    }
}
