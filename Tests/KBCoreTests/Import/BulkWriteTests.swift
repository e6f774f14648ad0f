import Foundation
import GRDB
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

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

    /// A second write that retitles stored sources and restates stored claims: their old search
    /// entries go, the new ones come, and nothing else is touched (what ``SearchIndexSync``
    /// remembers between the records and its flush).
    @Test func aRewritingWriteReplacesTheSearchEntriesOfWhatItChanged() throws {
        let dataset = Self.dataset(claims: 300)
        let knowledgeBase = try Self.written(dataset, deferIndexesFrom: 100)
        var changed = dataset
        changed.sources[4].title = "Retitled work about bananas"
        changed.sources[7].containerTitle = "Journal of Plantains"
        changed.claims[10].statement = "Restated with cherries"
        // Retitled twice in one write: the entry made from the stored title must still go.
        changed.sources.append(changed.sources[4])
        changed.sources[changed.sources.count - 1].title = "Retitled again about mangoes"
        try knowledgeBase.writer.write { db in
            var graph = GraphWriter(db: db)
            _ = try graph.write(changed)
        }
        func claims(_ terms: String) throws -> [String] {
            try knowledgeBase.reader.read { db in
                try String.fetchAll(db, sql: "SELECT c.slug FROM claimSearch f JOIN claim c ON c.id = f.rowid WHERE claimSearch MATCH ? ORDER BY 1",
                                    arguments: [terms])
            }
        }
        func sources(_ terms: String) throws -> [String] {
            try knowledgeBase.reader.read { db in
                try String.fetchAll(db, sql: "SELECT s.slug FROM sourceSearch f JOIN source s ON s.id = f.rowid WHERE sourceSearch MATCH ? ORDER BY 1",
                                    arguments: [terms])
            }
        }
        let claimsOfSource4 = dataset.claims.filter { $0.sourceSlug == "src4" }.map(\.slug).sorted()
        #expect(!claimsOfSource4.isEmpty)
        #expect(try claims("title:mangoes") == claimsOfSource4)
        #expect(try claims("title:bananas").isEmpty)
        #expect(try claims("title:\"work 4\"").isEmpty)
        #expect(try sources("mangoes") == ["src4"])
        #expect(try sources("bananas").isEmpty)
        #expect(try sources("plantains") == ["src7"])
        #expect(try claims("cherries") == [dataset.claims[10].slug])
        // Both indexes hold exactly what their rows say.
        try knowledgeBase.writer.write { db in
            try db.execute(sql: "INSERT INTO claimSearch (claimSearch) VALUES ('integrity-check')")
            try db.execute(sql: "INSERT INTO sourceSearch (sourceSearch) VALUES ('integrity-check')")
        }
    }

    /// The deferred indexes are sorted with temporary storage on disk (see ``DeferredIndexes``),
    /// and the write's own setting is back afterwards, inside the same transaction.
    @Test func theIndexBuildsLeaveTheWritesTemporaryStorageAsItWas() throws {
        let knowledgeBase = try KnowledgeBase.inMemory()
        try Self.writeDeferringIndexes(knowledgeBase) { graph, db throws in
            #expect(graph.steps.contains { $0.step == "index claimByStrength" })
            #expect(try Int.fetchOne(db, sql: "PRAGMA temp_store") == 2)
        }
        #expect(try Self.indexes(knowledgeBase) == (try Self.indexes(try KnowledgeBase.inMemory())))
    }

    /// An import reads the taxonomy's before-state for the change log first (``ChangeRecorder/Watermark``):
    /// that must not open the connection's temporary database, or SQLite refuses to put the
    /// deferred index builds' sorts on disk and they grow with the KB in memory (issue 18: 0.5 GB
    /// at ten million claims).
    @Test func anImportsIndexBuildsSortOnDiskAfterItsWatermark() throws {
        try Self.writeDeferringIndexes(try KnowledgeBase.inMemory(), watermarkFirst: true) { graph, _ in
            #expect(graph.indexesSortedOnDisk == true)
        }
    }

    /// 450 claims written in one transaction with `temp_store = MEMORY` (as an import's), the
    /// indexes deferred from 100 rows; `check` sees the writer and the connection after the write.
    static func writeDeferringIndexes(_ knowledgeBase: KnowledgeBase, watermarkFirst: Bool = false,
                                      check: (GraphWriter, Database) throws -> Void) throws {
        let dataset = Self.dataset(claims: 450)
        try knowledgeBase.writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            try db.inTransaction {
                if watermarkFirst { _ = try ChangeRecorder.Watermark.read(in: db) }
                var graph = GraphWriter(db: db)
                graph.newSources = Set(dataset.sources.map(\.slug))
                graph.deferIndexesFrom = 100
                _ = try graph.write(dataset)
                try check(graph, db)
                return .commit
            }
        }
    }
}
