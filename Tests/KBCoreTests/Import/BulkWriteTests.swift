import Foundation
import GRDB
import Testing
@testable import KBCore

/// The bulk write path: new sources and claims inserted in groups (multi-row inserts, ids taken
/// from consecutive rowids), strength computed at insert, query-only indexes dropped and built
/// again for a large write. Each must write exactly what the row-by-row path writes.
struct BulkWriteTests {
    /// The plan-test dataset plus what groups must get right: contributors and notices per
    /// source, counts that are not multiples of the group size, replications, a retraction.
    static func dataset(claims: Int) -> Dataset {
        var dataset = IndexedPlanTests.dataset(claims: claims)
        for index in dataset.sources.indices {
            dataset.sources[index].contributors = (0..<(index % 4)).map { Contributor(family: "Family\(index)-\($0)", given: "G.") }
                + (index % 5 == 0 ? [Contributor(role: "editor", literal: "Editors of \(index)")] : [])
            if index % 7 == 3 { dataset.sources[index].notices = [Notice(kind: .retraction, date: "2020-01-0\(index % 9 + 1)")] }
            if index % 11 == 4 { dataset.sources[index].isPeerReviewed = true }
        }
        for index in dataset.claims.indices where index % 13 == 5 {
            dataset.claims[index].replications = [ClaimReplication(sourceSlug: "src\((index + 3) / 3 % dataset.sources.count)", outcome: .failed)]
        }
        return dataset
    }

    /// Writes `dataset` into a fresh KB, with every source new (the import's fast path).
    static func written(_ dataset: Dataset, deferIndexesFrom threshold: Int) throws -> KnowledgeBase {
        let knowledgeBase = try KnowledgeBase.inMemory()
        try knowledgeBase.writer.write { db in
            var graph = GraphWriter(db: db)
            graph.newSources = Set(dataset.sources.map(\.slug))
            graph.deferIndexesFrom = threshold
            _ = try graph.write(dataset)
        }
        return knowledgeBase
    }

    /// Everything a write stores, by slug (never by id), for comparing two KBs.
    static func contents(_ knowledgeBase: KnowledgeBase) throws -> [String] {
        try knowledgeBase.reader.read { db in
            let queries = [
                "SELECT s.slug, s.title, s.titleKey, s.doi, s.issuedYear, s.isPeerReviewed FROM source s ORDER BY s.slug",
                "SELECT s.slug, c.role, c.position, c.family, c.given, c.literal, c.nameKey FROM contributor c JOIN source s ON s.id = c.sourceId ORDER BY 1, 2, 3",
                "SELECT s.slug, n.kind, n.date FROM notice n JOIN source s ON s.id = n.sourceId ORDER BY 1",
                "SELECT st.slug, s.slug, st.design, st.n FROM study st JOIN source s ON s.id = st.sourceId ORDER BY 1",
                """
                SELECT c.slug, c.statement, s.slug, st.slug, c.replication, c.strength, c.grade FROM claim c
                LEFT JOIN source s ON s.id = c.sourceId LEFT JOIN study st ON st.id = c.studyId ORDER BY 1
                """,
                "SELECT c.slug, e.kind, e.slug FROM claimAbout a JOIN claim c ON c.id = a.claimId JOIN entity e ON e.id = a.entityId ORDER BY 1, 2, 3",
                "SELECT c.slug, s.slug, r.outcome FROM claimReplication r JOIN claim c ON c.id = r.claimId JOIN source s ON s.id = r.sourceId ORDER BY 1",
                "SELECT c.slug FROM claimSearch f JOIN claim c ON c.id = f.rowid WHERE claimSearch MATCH 'screening' ORDER BY 1",
            ]
            return try queries.flatMap { sql in
                try Row.fetchAll(db, sql: sql).map { row in row.databaseValues.map(\.description).joined(separator: "|") }
            }
        }
    }

    static func indexes(_ knowledgeBase: KnowledgeBase) throws -> [String] {
        try knowledgeBase.reader.read { db in
            try String.fetchAll(db, sql: "SELECT name || ': ' || sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
        }
    }

    @Test func groupedInsertsAndDeferredIndexesWriteWhatRowByRowWrites() throws {
        let dataset = Self.dataset(claims: 999)
        let bulk = try Self.written(dataset, deferIndexesFrom: 100)
        let plain = try Self.written(dataset, deferIndexesFrom: .max)
        // The same rows, references, scope, strength and search entries…
        let bulkContents = try Self.contents(bulk)
        #expect(bulkContents.count > 4_000)
        #expect(bulkContents == (try Self.contents(plain)))
        // …and the same row for each claim as the row-by-row writer of a loaded KB.
        let loaded = try KnowledgeBase.inMemory()
        _ = try loaded.load(dataset, command: "test", files: [])
        #expect(bulkContents == (try Self.contents(loaded)))
        // The indexes dropped for the write are back, as the migrations define them.
        #expect(try Self.indexes(bulk) == (try Self.indexes(try KnowledgeBase.inMemory())))
    }

    @Test func everyNewClaimIsStoredWithTheStrengthTheRubricGivesIt() throws {
        let knowledgeBase = try Self.written(Self.dataset(claims: 699), deferIndexesFrom: 100)
        let mismatches = try knowledgeBase.reader.read { db in
            try Row.fetchAll(db, sql: StrengthUpdater.factsSQL).filter { row in
                let assessment = StrengthRubric.assess(StrengthUpdater.facts(row))
                return assessment.strength != row["strength"] || assessment.grade.rawValue != row["grade"]
            }.count
        }
        #expect(mismatches == 0)
        // The retracted sources' claims are graded as such.
        let retracted = try knowledgeBase.reader.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM claim c JOIN notice n ON n.sourceId = c.sourceId WHERE c.grade = 'very-low'") ?? 0
        }
        #expect(retracted > 0)
    }

    @Test func aFailedBulkWriteLeavesNoRowAndEveryIndex() throws {
        let knowledgeBase = try KnowledgeBase.seeded()
        let before = try Self.indexes(knowledgeBase)
        let claimsBefore = try count(knowledgeBase, "claim")
        var dataset = Self.dataset(claims: 600)
        // The last claim is about a role nobody declared: the write fails at its very end.
        dataset.claims[dataset.claims.count - 1].about.append(EntityReference(.role, "no-such-role"))
        #expect(throws: KBError.self) {
            try knowledgeBase.writer.write { db in
                var graph = GraphWriter(db: db)
                graph.newSources = Set(dataset.sources.map(\.slug))
                graph.deferIndexesFrom = 100
                _ = try graph.write(dataset)
            }
        }
        #expect(try Self.indexes(knowledgeBase) == before)
        #expect(try count(knowledgeBase, "claim") == claimsBefore)
        #expect(try count(knowledgeBase, "source") == 3)
    }

    @Test func aSlugMetTwiceInOneWriteIsWrittenOnceThenUpdated() throws {
        var dataset = Self.dataset(claims: 39)
        var again = dataset.claims[17]
        again.statement = "Restated: \(again.statement)"
        dataset.claims.append(again)
        dataset.sources.append(dataset.sources[5])
        let knowledgeBase = try Self.written(dataset, deferIndexesFrom: .max)
        #expect(try count(knowledgeBase, "claim") == 39)
        #expect(try count(knowledgeBase, "source") == 13)
        let statement = try knowledgeBase.reader.read { db in
            try String.fetchOne(db, sql: "SELECT statement FROM claim WHERE slug = ?", arguments: [again.slug])
        }
        #expect(statement == again.statement)
    }

    @Test func theDeferralKeepsToLargeWritesIntoSmallTables() throws {
        let knowledgeBase = try KnowledgeBase.seeded()
        try knowledgeBase.writer.write { db in
            let few = try DeferredIndexes(db: db, incoming: ["claim": 50], minimumRows: 100)
            #expect(few.dropped.isEmpty)
            let many = try DeferredIndexes(db: db, incoming: ["claim": 500, "study": 500], minimumRows: 100)
            #expect(Set(many.dropped.map(\.name)) == Set(DeferredIndexes.queryOnly["claim", default: []] + DeferredIndexes.queryOnly["study", default: []]))
            try many.rebuild()
        }
        #expect(try Self.indexes(knowledgeBase) == (try Self.indexes(try KnowledgeBase.inMemory())))
    }
}
