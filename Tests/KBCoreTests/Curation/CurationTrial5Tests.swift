import Foundation
import GRDB
import Testing
@testable import KBCore
@testable import KBCuration
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// Analyst trial 5 (issue 14), items 7, 11, 12, 13 and 15: an edit's fields are validated
/// together whatever their order, a field given twice is refused, a CSV restatement of a stored study keeps what its mapping does not
/// map, and an undo's dependency message names each record once.
struct CurationTrial5Tests: CuratorSuite {
    let knowledgeBase: KnowledgeBase
    let curator: Curator

    init() throws {
        knowledgeBase = try KnowledgeBase.seeded()
        curator = Curator(knowledgeBase)
    }

    func study(_ id: String) throws -> Study {
        guard case let .study(study) = try #require(try curator.record(id)).record else { throw KBError.invalidInput("\(id) is not a study") }
        return study
    }

    func changeCount() throws -> Int {
        try knowledgeBase.reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM changes") ?? 0 }
    }

    func failure(_ body: () throws -> Void) -> String? {
        do { try body() } catch let list as DiagnosticList { return list.diagnostics.map(\.message).joined(separator: "\n") } catch {
            return (error as? CurationConflict)?.message ?? String(describing: error)
        }
        return nil
    }

    // Item 7: `study=S source=X` was checked against the claim's old source.
    @Test func anEditsSourceAndStudyAreCheckedTogetherInEitherOrder() throws {
        _ = try curator.edit("indeed2025-skills-exposed", fields: [.init(field: "study", value: "noy2023experimental-experiment"),
                                                                  .init(field: "source", value: "noy2023experimental")], options: options())
        let first = try claim("indeed2025-skills-exposed")
        #expect(first.sourceSlug == "noy2023experimental" && first.studySlug == "noy2023experimental-experiment")

        _ = try curator.edit("indeed2025-postings-transformed", fields: [.init(field: "source", value: "noy2023experimental"),
                                                                        .init(field: "study", value: "noy2023experimental-experiment")], options: options())
        let second = try claim("indeed2025-postings-transformed")
        #expect(second.sourceSlug == "noy2023experimental" && second.studySlug == "noy2023experimental-experiment")
    }

    @Test func aStudyOfAnotherSourceIsStillRefusedInEitherOrder() throws {
        let before = try changeCount()
        for fields in [[("study", "indeed2025aiatwork-skills-analysis"), ("source", "noy2023experimental")],
                       [("source", "noy2023experimental"), ("study", "indeed2025aiatwork-skills-analysis")]] {
            let message = failure {
                _ = try curator.edit("noy2023-writing-time", fields: fields.map { FieldAssignment(field: $0.0, value: $0.1) }, options: options())
            }
            #expect(message?.contains("study 'indeed2025aiatwork-skills-analysis' belongs to source 'indeed2025aiatwork', not 'noy2023experimental'") == true,
                    "\(message ?? "no error")")
        }
        #expect(try claim("noy2023-writing-time").studySlug == "noy2023experimental-experiment")
        #expect(try changeCount() == before)
    }

    // Item 11: `n=10 n=20` wrote 20 without a word.
    @Test func aFieldGivenTwiceIsRefusedAndNothingIsWritten() throws {
        let before = try changeCount()
        var caught: DiagnosticList?
        do {
            _ = try curator.edit("noy2023experimental-experiment", fields: [.init(field: "n", value: "10"), .init(field: "n", value: "20")], options: options())
        } catch let list as DiagnosticList {
            caught = list
        }
        let list = try #require(caught)
        #expect(list.diagnostics.map(\.id) == ["curation.duplicate-field"])
        #expect(list.diagnostics.first?.message == "field 'n' is given twice")
        #expect(try study("noy2023experimental-experiment").n == 453)
        #expect(try changeCount() == before)
        // `issued` and its alias `year` are one field.
        #expect(failure {
            _ = try curator.edit("noy2023experimental", fields: [.init(field: "issued", value: "2022"), .init(field: "year", value: "2021")], options: options())
        }?.contains("given twice") == true)
    }

    // Item 15: a claim of a removed source and of its removed study was listed twice.
    @Test func anUndoDependencyNamesEachRecordOnce() throws {
        let found = try knowledgeBase.reader.read {
            try AdditionUndo.dependents(claims: [], studies: ["noy2023experimental-experiment"], sources: ["noy2023experimental"], entities: [], in: $0)
        }
        let claims = found.filter { $0.hasPrefix("claim ") }.map { String($0.split(separator: " ")[1]) }
        #expect(!claims.isEmpty)
        #expect(claims.count == Set(claims).count, "\(found)")
        #expect(found.contains("claim noy2023-writing-time (its source noy2023experimental; its study noy2023experimental-experiment)"), "\(found)")
    }

    // MARK: Item 13: a CSV restatement of a stored study

    static let restateCSV = "sid,src,design,n\nnoy2023experimental-experiment,noy2023experimental,experiment,\n"

    func mapping(n: Bool) -> (name: String, text: String) {
        ("restate.yaml", """
            sources:
              primary:
                id: "{src}"
                group: ["{src}"]
            studies:
              test:
                source: primary
                id: "{sid}"
                design: "{design}"
            """ + (n ? "\n    n: \"{n}\"\n" : "\n"))
    }

    func importRestatement(n: Bool, streamed: Bool) throws -> ImportReport {
        var options = ImportOptions(mapping: mapping(n: n))
        if !streamed { options.streamBatchBytes = nil }
        return try Importer(knowledgeBase).run([ImportInput(name: "restate.csv", bytes: Array(Self.restateCSV.utf8))], options: options)
    }

    @Test(arguments: [true, false])
    func aRestatementKeepsTheFieldsItsMappingDoesNotMap(streamed: Bool) throws {
        _ = try curator.edit("noy2023experimental-experiment", fields: [.init(field: "country", value: "US"), .init(field: "period", value: "2023")],
                             options: options())
        let report = try importRestatement(n: false, streamed: streamed)
        let after = try study("noy2023experimental-experiment")
        #expect(after.n == 453)
        #expect(after.country == "US" && after.period == "2023")
        #expect(after.design == .experiment)
        #expect(report.cleared.isEmpty)
        // Only where the study was last stated changed (its file and line).
        #expect(report.changes.filter { $0.hasPrefix("study ") } == ["study noy2023experimental-experiment: originFile, originLine"], "\(report.changes)")
    }

    @Test(arguments: [true, false])
    func anEmptyMappedCellClearsTheFieldAndTheReportSaysSo(streamed: Bool) throws {
        let report = try importRestatement(n: true, streamed: streamed)
        #expect(try study("noy2023experimental-experiment").n == nil)
        #expect(report.cleared == ["study noy2023experimental-experiment: n"])
    }
}
