import GRDB
import Testing
@testable import KBDomain
@testable import KBStore

/// ``GraphReader`` reads records through SQLite's C API by column position; ``RowGraphReader``
/// reads the same statements by column name through any executor (PostgreSQL's path). Both must
/// give the same records, and a stored value of the wrong kind must stop the reading with the
/// column's name, never turn into a number nobody stored.
struct GraphReaderTests {
    @Test
    func readsEveryRecordAsTheRowReaderDoes() throws {
        let knowledgeBase = try KnowledgeBase.seeded()
        try knowledgeBase.reader.read { db in
            let claimIDs = try Int64.fetchAll(db, sql: "SELECT id FROM claim ORDER BY id")
            let studyIDs = try Int64.fetchAll(db, sql: "SELECT id FROM study ORDER BY id")
            let sourceIDs = try Int64.fetchAll(db, sql: "SELECT id FROM source ORDER BY id")
            #expect(claimIDs.count >= 16 && studyIDs.count >= 3 && sourceIDs.count >= 3)
            let direct = GraphReader(db: db)
            let byName = RowGraphReader(executor: SQLiteStatementExecutor(db: db))

            let claims = try direct.claims(ids: claimIDs), expectedClaims = try byName.claims(ids: claimIDs)
            #expect(claims.count == claimIDs.count)
            for id in claimIDs {
                let claim = try #require(claims[id]), expected = try #require(expectedClaims[id])
                #expect(claim.claim == expected.claim)
                #expect(claim.sourceID == expected.sourceID && claim.studyID == expected.studyID)
                #expect(claim.strength == expected.strength && claim.grade == expected.grade && claim.aboutIDs == expected.aboutIDs)
            }
            // The seed's claims carry what the mapping reads: quantities, scopes, origins.
            #expect(claims.values.contains { $0.claim.quantity?.value != nil })
            #expect(claims.values.contains { !$0.claim.about.isEmpty })
            #expect(claims.values.contains { $0.claim.origin != nil && $0.studyID != nil })

            let studies = try direct.studies(ids: studyIDs)
            #expect(studies == (try byName.studies(ids: studyIDs)))
            #expect(studies.values.contains { $0.n != nil })
            #expect(try direct.sources(ids: sourceIDs) == (try byName.sources(ids: sourceIDs)))
        }
    }

    /// SQLite's own conversion reads the text `12a` as 12 and `abc` as 0. A hand-edited KB
    /// (the tables take any value in a column without `STRICT`) must not show such numbers.
    @Test(arguments: [
        ("UPDATE study SET n = 'about 400' WHERE id = (SELECT min(id) FROM study)", "study.n", "the text 'about 400' where an integer belongs"),
        ("UPDATE claim SET value = '40%' WHERE id = (SELECT min(id) FROM claim)", "claim.value", "the text '40%' where a number belongs"),
        ("UPDATE claim SET originLine = 2.5 WHERE id = (SELECT min(id) FROM claim)", "claim.originLine", "the number 2.5 where an integer belongs"),
        ("UPDATE source SET issuedYear = '2023a' WHERE id = (SELECT min(id) FROM source)", "source.issuedYear", "the text '2023a' where an integer belongs"),
        ("UPDATE claim SET slug = x'00ff' WHERE id = (SELECT min(id) FROM claim)", "claim.slug", "a blob where text belongs"),
    ])
    func aValueOfTheWrongKindIsRefusedByName(update: String, column: String, held: String) throws {
        let knowledgeBase = try KnowledgeBase.seeded()
        try knowledgeBase.writer.write { db in try db.execute(sql: update) }
        let error = try knowledgeBase.reader.read { db -> DatabaseError? in
            let reader = GraphReader(db: db)
            do {
                _ = try reader.claims(ids: try Int64.fetchAll(db, sql: "SELECT id FROM claim"))
                _ = try reader.studies(ids: try Int64.fetchAll(db, sql: "SELECT id FROM study"))
                _ = try reader.sources(ids: try Int64.fetchAll(db, sql: "SELECT id FROM source"))
                return nil
            } catch let error as DatabaseError {
                return error
            }
        }
        let refused = try #require(error, "\(update) was read without an error")
        #expect(refused.resultCode == .SQLITE_MISMATCH)
        let message = refused.message ?? ""
        #expect(message.hasPrefix(column + " (id "), "\(message)")
        #expect(message.hasSuffix(held), "\(message)")
    }
}
