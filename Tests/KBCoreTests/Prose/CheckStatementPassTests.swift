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

    /// Correll, Benard and Paik (2007) with two of its group rates as Hausladen et al.'s data
    /// holds them (the shared datasets' rows, as imported).
    static func correll() -> Dataset {
        var dataset = Dataset()
        dataset.sources = [
            Source(slug: "correll2007getting", title: "Getting a Job: Is There a Motherhood Penalty?", issued: PartialDate(year: 2007), doi: "10.1086/511799",
                   contributors: [Contributor(family: "Correll", given: "Shelley J."), Contributor(family: "Benard", given: "Stephen"),
                                  Contributor(family: "Paik", given: "In")]),
        ]
        dataset.studies = [
            Study(slug: "correll-childless", sourceSlug: "correll2007getting", n: 320),
            Study(slug: "correll-mother", sourceSlug: "correll2007getting", n: 320),
        ]
        dataset.claims = [
            Claim(slug: "hausladen-correll-36bcbfb5", statement: "In study 'correll' (gender and motherhood status), applicants signalling 'childless woman' "
                  + "got callbacks at a rate of 6.6% of 320 applications", quantity: Quantity(metric: "callback rate", value: 6.56, unit: "percent"),
                  sourceSlug: "correll2007getting", studySlug: "correll-childless"),
            Claim(slug: "hausladen-correll-ffe68672", statement: "In study 'correll' (gender and motherhood status), applicants signalling 'mother' "
                  + "got callbacks at a rate of 3.1% of 320 applications", quantity: Quantity(metric: "callback rate", value: 3.13, unit: "percent"),
                  sourceSlug: "correll2007getting", studySlug: "correll-mother"),
        ]
        return dataset
    }

    /// Trial 16, B2: an uncited sentence that swaps two of a work's group rates is held to the
    /// work's other comparisons though no sentence before it cited the work.
    @Test func anUncitedSwapIsHeldToTheWorksOtherComparisons() throws {
        let knowledgeBase = try KnowledgeBase.inMemory()
        _ = try knowledgeBase.load(Self.correll(), command: "test", files: [])
        let findings = try KBService(knowledgeBase).check([PageReader.page(
            "Mothers were called back at 6.6% and childless women at 3.1% in audit studies of parental status.", name: "page.md")]).flatMap(\.findings)
        let swapped = try #require(findings.first { $0.subject == .number && $0.text == "6.6%" })
        // "Mothers" is the whole of the 'mother' label: a mismatch against its 3.13% (trial 16, B1).
        #expect(swapped.verdict == .mismatch && swapped.expected == "3.13%" && swapped.message.contains("'childless woman'"), "\(swapped)")
    }

    /// Review 24, B1: a sentence without numbers that cites a work reads the work's claims where
    /// it stands, and a later line's numbers are held to that work's arms; the second thread must
    /// leave that as the check in turn has it, however many such sentences the page has.
    /// Correll, Benard and Paik (2007) with two of its group rates as Hausladen et al.'s data
    /// holds them (as the shared datasets import them); the uncited sentence swaps the rates.
    @Test func aWorkCitedWithoutNumbersIsKnownToTheLaterLinesAsInTurn() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-statement-pass-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let knowledgeBase = try KnowledgeBase.open(path: directory.appendingPathComponent("kb.sqlite").path)
        _ = try knowledgeBase.load(Self.correll(), command: "test", files: [])
        let padding = Array(repeating: "Ok.", count: 40)
        let text = (["# Motherhood", "", "Correll, Benard and Paik (2007) studied how parental status shapes the callbacks applicants receive.", ""]
                    + padding + ["", "## Elsewhere", "",
                                 "Mothers were called back at 6.6% and childless women at 3.1% in audit studies of parental status."])
            .joined(separator: "\n")
        let page = PageReader.page(text, name: "page.md")
        let (inTurn, alongside) = try EvidenceIndex.reading(knowledgeBase) { index in
            var sequential = PageChecker(index)
            sequential.statementPassThreshold = .max
            var concurrent = PageChecker(index)
            concurrent.statementPassThreshold = 1
            return (try sequential.check(page).findings, try concurrent.check(page).findings)
        }
        let swapped = inTurn.filter { $0.subject == .number && $0.text.hasPrefix("6.6") }
        #expect(!swapped.isEmpty && swapped.allSatisfy { $0.verdict != .supported }, "\(swapped)")
        #expect(inTurn == alongside, "\(inTurn.filter { $0.subject == .number }.map { "\($0.text) \($0.verdict)" }) against \(alongside.filter { $0.subject == .number }.map { "\($0.text) \($0.verdict)" })")
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
