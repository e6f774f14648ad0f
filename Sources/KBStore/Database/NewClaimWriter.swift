import GRDB
import KBDomain

/// Inserts claims known to be new in groups: one multi-row `INSERT` per group of claims and one
/// per group of their scope rows, so that SQLite's per-statement work (journal savepoints,
/// reset, the virtual tables' savepoints) is paid once per group instead of once per row.
/// Each claim gets its strength and grade at insert (``EvidenceLookup``); its search entry comes
/// with the write's flush.
///
/// Claims wait in memory until a group is full: ``flush()`` before anything reads the claim
/// table by slug, and at the end of the write.
struct NewClaimWriter {
    /// A new claim with its references resolved to row ids.
    struct Pending {
        var claim: Claim
        var sourceID: Int64?
        var studyID: Int64?
        var about: [Int64]
        var replications: [(sourceID: Int64, link: ClaimReplication)]
    }

    static let scopeRowsPerInsert = 64
    static let columns = ["slug", "statement", "quote", "locator", "metric", "value", "unit", "direction", "baseline", "intervalLow",
                          "intervalHigh", "sourceId", "studyId", "replication", "statedReplication", "isEconomyWide", "note", "originFile", "originLine",
                          "strength", "grade"]

    private let db: Database
    private let statements: StatementSet
    private var evidence: EvidenceLookup
    private var pending: [Pending] = []

    init(db: Database, statements: StatementSet) {
        self.db = db
        self.statements = statements
        self.evidence = EvidenceLookup(db: db)
        pending.reserveCapacity(GroupInsert.groupSize)
    }

    /// The write's new studies and sources, whose evidence its new claims inherit.
    mutating func know(study id: Int64, _ study: Study) { evidence.know(study: id, study) }
    mutating func know(source id: Int64, _ source: Source) { evidence.know(source: id, source) }

    /// Lets go of the evidence read so far (a write in parts, between parts): what a later
    /// part's claims inherit is read from the database again, where it is now stored.
    mutating func forgetEvidence() {
        evidence = EvidenceLookup(db: db)
    }

    mutating func add(_ claim: Pending) throws {
        pending.append(claim)
        if pending.count == GroupInsert.groupSize { try flush() }
    }

    mutating func flush() throws {
        guard !pending.isEmpty else { return }
        let group = pending
        pending.removeAll(keepingCapacity: true)
        let ids = try GroupInsert.run(group, into: "claim", columns: Self.columns, statements: statements, db: db, slug: \.claim.slug) { insert, item in
            let claim = item.claim
            let quantity = claim.quantity
            let assessment = try evidence.assess(sourceID: item.sourceID, studyID: item.studyID, replication: claim.replication)
            insert.bind(claim.slug).bind(claim.statement).bind(claim.quote).bind(claim.locator).bind(quantity?.metric).bind(quantity?.value)
                .bind(quantity?.unit).bind(quantity?.direction?.rawValue).bind(quantity?.baseline).bind(quantity?.intervalLow)
                .bind(quantity?.intervalHigh).bind(item.sourceID).bind(item.studyID).bind(claim.replication.rawValue).bind(claim.statedReplication?.rawValue)
                .bind(claim.isEconomyWide)
                .bind(claim.note).bind(claim.origin?.file).bind(claim.origin?.line).bind(assessment.strength).bind(assessment.grade.rawValue)
        }
        var scope: [(entity: Int64, claim: Int64)] = []
        for (item, id) in zip(group, ids) { scope += item.about.map { ($0, id) } }
        for chunk in scope.chunked(into: Self.scopeRowsPerInsert) {
            let about = try statements.multiRowInsert("INSERT OR IGNORE", into: "claimAbout", columns: ["entityId", "claimId"], rows: chunk.count)
            for row in chunk { about.bind(row.entity).bind(row.claim) }
            try about.run()
        }
        for (item, id) in zip(group, ids) where !item.replications.isEmpty {
            let replication = try statements("claimReplication", """
                INSERT OR REPLACE INTO claimReplication (claimId, sourceId, outcome, note) VALUES (?, ?, ?, ?)
                """)
            for (sourceID, link) in item.replications {
                try replication.bind(id).bind(sourceID).bind(link.outcome.rawValue).bind(link.note).run()
            }
        }
    }
}
