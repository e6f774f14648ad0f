import Foundation
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// With `--skip-invalid`, a row left out leaves nothing behind: a later row of the same source,
/// or naming the same new entity, still brings them (they were never written by the row that
/// failed).
struct SkippedRowTests {
    static let mapping = """
        sources:
          paper:
            group: ["{paper}"]
            type: article-journal
            title: "Paper {paper}"
            issued: "2020"
        studies:
          main:
            source: paper
            id: "st-{paper}-{prereg}"
            preregistered: "{prereg}"
        claims:
          - id: "{id}"
            source: paper
            study: main
            statement: "Finding {id}"
            about:
              - {kind: topic, value: "{topic}", create: true}
        """

    static func mapped(_ rows: [String]) throws -> ImportBatch {
        let mapping = try CSVMapping(name: "test.yaml", text: Self.mapping, known: SeedLoader.KnownNames())
        let text = (["id,paper,prereg,topic"] + rows).joined(separator: "\n") + "\n"
        return try CSVMapper(mapping: mapping, main: SourceText(name: "rows.csv", text: text), directory: URL(fileURLWithPath: "/"),
                             known: SeedLoader.KnownNames(), skipInvalid: true).run()
    }

    @Test func aLaterRowOfTheSameSourceStillBringsIt() throws {
        // Line 2 fails on its study ("maybe"), after its source was mapped.
        let batch = try Self.mapped(["c1,p1,maybe,wages", "c2,p1,yes,wages"])
        #expect(batch.skipped.map(\.location.firstLineNumber) == [2])
        #expect(batch.sources.map(\.reference) == ["paper:p1"])
        #expect(batch.dataset.claims.map(\.slug) == ["c2"])
        #expect(batch.dataset.claims.first?.sourceSlug == "paper:p1")
    }

    @Test func aLaterRowNamingTheSameNewEntityStillBringsIt() throws {
        // Line 3 repeats claim id c1 (an error once the row is mapped, its new topic with it).
        let batch = try Self.mapped(["c1,p1,yes,wages", "c1,p2,yes,hiring", "c3,p3,yes,hiring"])
        #expect(batch.skipped.map(\.location.firstLineNumber) == [3])
        #expect(batch.dataset.entities.map(\.slug).contains("hiring"))
        #expect(batch.dataset.claims.map(\.slug) == ["c1", "c3"])
    }
}

/// A CSV's sample size is held as the seed loader and `kb edit` hold it: 0, a negative count or
/// one past any population is an invalid row (an analyst's trial found -5 and 0 stored silently),
/// and a number too large for an integer is not a crash.
struct CSVSampleSizeTests {
    static let mapping = """
        sources:
          paper:
            group: ["{paper}"]
            title: "Paper {paper}"
            issued: "2020"
        studies:
          main:
            source: paper
            id: "st-{id}"
            n: "= number(n)"
        claims:
          - id: "{id}"
            source: paper
            study: main
            statement: "Finding {id}"
        """

    @Test func aSampleSizeMustBePositive() throws {
        let mapping = try CSVMapping(name: "test.yaml", text: Self.mapping, known: SeedLoader.KnownNames())
        let rows = ["c1,p1,120", "c2,p1,-5", "c3,p1,0", "c4,p1,1e300", "c5,p1,0.4", "c6,p1,NA", "c7,p1,2.6"]
        let text = (["id,paper,n"] + rows).joined(separator: "\n") + "\n"
        let batch = try CSVMapper(mapping: mapping, main: SourceText(name: "rows.csv", text: text), directory: URL(fileURLWithPath: "/"),
                                  known: SeedLoader.KnownNames(), skipInvalid: true).run()
        #expect(batch.skipped.map(\.location.firstLineNumber) == [3, 4, 5, 6])
        #expect(batch.skipped.map(\.message) == ["a sample size must be positive, found -5", "a sample size must be positive, found 0",
                                                 "a sample size must be positive, found 1e+300", "a sample size must be positive, found 0.4"])
        #expect(batch.dataset.studies.map(\.n) == [120, nil, 3])
        // Without --skip-invalid the first such row stops the import at its line.
        #expect(throws: Diagnostic.self) {
            try CSVMapper(mapping: mapping, main: SourceText(name: "rows.csv", text: text), directory: URL(fileURLWithPath: "/"),
                          known: SeedLoader.KnownNames(), skipInvalid: false).run()
        }
    }
}
