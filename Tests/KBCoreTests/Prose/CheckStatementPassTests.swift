import Foundation
import GRDB
import Testing
@testable import KBCore
import KBDomain
@testable import KBProse
import KBStore

/// The sentences without numbers checked on a second thread over a second connection
/// (``StatementPass``, issue 17's speed on a KB of a million claims) give the findings the
/// check in turn gives, in the same order; and the full-text frequencies that pick a sentence's
/// search words order common words by how common they are.
struct CheckStatementPassTests {
    /// The bundled seeds in a KB file (a KB in memory has no second connection to open).
    static func seededFile() throws -> (KnowledgeBase, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-statement-pass-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("kb.sqlite").path
        let knowledgeBase = try KnowledgeBase.open(path: path)
        try knowledgeBase.load(try SeedLoader.load(SeedFile.bundled), command: "seed", files: [])
        return (knowledgeBase, directory)
    }

    /// A page of the KB's own claims: each statement and quote as a sentence of its own (those
    /// with numbers go to the numbers' passes, the others to the statements'), some cited by
    /// the work's author and year, and narrative between them.
    static func page(of knowledgeBase: KnowledgeBase) throws -> String {
        let rows = try knowledgeBase.reader.read { db in
            try Row.fetchAll(db, sql: """
                SELECT t.statement, t.quote, (SELECT c.family FROM contributor c WHERE c.sourceId = s.id AND c.role = 'author' ORDER BY c.position LIMIT 1), s.issuedYear
                FROM claim t LEFT JOIN source s ON s.id = t.sourceId ORDER BY t.id
                """)
        }
        var lines: [String] = []
        for (offset, row) in rows.enumerated() {
            let statement: String = row[0]
            let quote: String? = row[1]
            let family: String? = row[2]
            let year: Int? = row[3]
            let cited = family.flatMap { family in year.map { " (\(family), \($0))" } } ?? ""
            lines.append(statement.trimmingCharacters(in: CharacterSet(charactersIn: ". ")) + (offset.isMultiple(of: 2) ? cited : "") + ".")
            if let quote { lines.append("As the study put it, \"\(quote)\"" + cited + ".") }
            lines.append("The paragraph after finding \(offset + 1) says what analysts often write about hiring and skills without a figure.")
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    @Test func theSecondThreadGivesTheFindingsOfTheCheckInTurn() throws {
        let (knowledgeBase, directory) = try Self.seededFile()
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = PageReader.page(try Self.page(of: knowledgeBase), name: "page.md")
        let (inTurn, alongside, hasSecond) = try EvidenceIndex.reading(knowledgeBase) { index in
            var sequential = PageChecker(index)
            sequential.statementPassThreshold = .max
            var concurrent = PageChecker(index)
            concurrent.statementPassThreshold = 1
            return (try sequential.check(page).findings, try concurrent.check(page).findings, index.hasSecondReader)
        }
        #expect(hasSecond)
        #expect(inTurn == alongside)
        // The page holds statement findings (quotes the KB holds) and number findings both.
        let statements = alongside.filter { $0.subject == .statement }
        #expect(statements.count >= 10, "\(statements.map(\.text))")
        #expect(alongside.contains { $0.subject == .number && $0.verdict == .supported })
    }

    @Test func aKBInMemoryChecksItsStatementsInTurn() throws {
        try EvidenceIndex.reading(Seeded.knowledgeBase) { index in
            #expect(!index.hasSecondReader)
            #expect(StatementPass.start([], index: index, threshold: 0) == nil)
        }
    }

    // MARK: Frequencies past the cap

    /// 3,000 claims: every one holds "commonword", every third "thirdword", every 100th "rareword".
    static func frequencyKB() throws -> KnowledgeBase {
        let knowledgeBase = try KnowledgeBase.inMemory()
        var dataset = Dataset()
        dataset.claims = (0..<3000).map { index in
            var words = ["commonword"]
            if index.isMultiple(of: 3) { words.append("thirdword") }
            if index.isMultiple(of: 100) { words.append("rareword") }
            return Claim(slug: "claim-\(index)", statement: "Finding \(index): " + words.joined(separator: " "))
        }
        _ = try knowledgeBase.load(dataset, command: "test", files: [])
        return knowledgeBase
    }

    @Test func aCommonWordsCountIsEstimatedFromWhereItsMatchesReachSoCommonWordsAreOrdered() throws {
        try EvidenceIndex.reading(try Self.frequencyKB()) { index in
            // Below the cap: exact.
            #expect(try index.claimCount(containing: "rareword", upTo: 100) == 30)
            // Past it: estimated, near the true count (3,000 and 1,000).
            let common = try index.claimCount(containing: "commonword", upTo: 100)
            let third = try index.claimCount(containing: "thirdword", upTo: 100)
            #expect((2900...3100).contains(common), "\(common)")
            #expect((900...1100).contains(third), "\(third)")
            var checker = PageChecker(index)
            // Rarest first: the word every claim holds comes last, whatever its spelling.
            #expect(try checker.rarestWords(["commonword", "thirdword", "rareword"]) == ["rareword", "thirdword", "commonword"])
        }
    }
}
