import Foundation
import GRDB
import Testing
@testable import KBCore
@testable import KBCuration
@testable import KBDomain
@testable import KBStore

/// One DOI names one work: `kb add` (a source, or a file's) and `kb edit` refuse a DOI another
/// source holds, in any of the ways a DOI is written, and write nothing.
struct CurationDOITests: CuratorSuite {
    let knowledgeBase: KnowledgeBase
    let curator: Curator
    /// The seed's one DOI (Noy & Zhang, Science 381(6654)), as a reader might paste it.
    static let pasted = "https://doi.org/10.1126/SCIENCE.ADH2586"

    init() throws {
        knowledgeBase = try KnowledgeBase.seeded()
        curator = Curator(knowledgeBase)
    }

    func sourceRows() throws -> [String] {
        try knowledgeBase.reader.read { try String.fetchAll($0, sql: "SELECT slug || '|' || coalesce(doi, '') FROM source ORDER BY slug") }
    }

    func refusal(_ body: () throws -> Void) -> [Diagnostic] {
        do {
            try body()
        } catch let list as DiagnosticList {
            return list.diagnostics
        } catch {
            Issue.record("not a diagnostic: \(error)")
        }
        return []
    }

    @Test func addingASourceWithAStoredDOIIsRefusedNamingItsHolder() throws {
        let before = try sourceRows()
        let problems = refusal {
            _ = try curator.add(.source, fields: [FieldAssignment(field: "title", value: "The same experiment, typed again"),
                                                  FieldAssignment(field: "doi", value: Self.pasted)], options: options())
        }
        #expect(problems.map(\.id) == ["curation.doi-taken"])
        #expect(problems.first?.message == "source 'noy2023experimental' already has the DOI 10.1126/science.adh2586")
        // Shown under the value given.
        #expect(problems.first?.location.file == FieldAssignment.locationName)
        #expect(try sourceRows() == before)
    }

    @Test func aFilesSourceWithAStoredOrRepeatedDOIIsRefused() throws {
        let before = try sourceRows()
        let file = SeedFile(name: "again.yaml", text: """
            sources:
              - id: typed-again
                title: The same experiment, typed again
                doi: \(Self.pasted)
            """)
        let problems = refusal { _ = try curator.add(from: file, options: options()) }
        #expect(problems.map(\.id) == ["curation.doi-taken"])
        #expect(problems.first?.message == "source 'typed-again': source 'noy2023experimental' already has the DOI 10.1126/science.adh2586")
        #expect(problems.first?.location.file == "again.yaml" && problems.first?.location.firstLineNumber == 2)
        #expect(try sourceRows() == before)
        // Two of the file's sources with one DOI no source holds (the seed's, cleared first): the second is refused.
        _ = try curator.edit("noy2023experimental", fields: [FieldAssignment(field: "doi", value: "")], options: options())
        let cleared = try sourceRows()
        let twice = SeedFile(name: "twice.yaml", text: """
            sources:
              - id: typed-once
                title: The experiment, typed once
                doi: \(Self.pasted)
              - id: typed-twice
                title: The experiment, typed twice
                doi: 10.1126/science.adh2586
            """)
        let repeated = refusal { _ = try curator.add(from: twice, options: options()) }
        #expect(repeated.map(\.message) == ["source 'typed-twice': source 'typed-once' already has the DOI 10.1126/science.adh2586"])
        #expect(repeated.first?.location.firstLineNumber == 5)
        #expect(try sourceRows() == cleared)
    }

    @Test func editingADOIIsRefusedOnlyWhenAnotherSourceHoldsIt() throws {
        let before = try sourceRows()
        let problems = refusal {
            _ = try curator.edit("indeed2025aiatwork", fields: [FieldAssignment(field: "doi", value: Self.pasted)], options: options())
        }
        #expect(problems.map(\.id) == ["curation.doi-taken"])
        #expect(try sourceRows() == before)
        // The holder's own DOI, written another way, is its own: nothing changes, nothing refused.
        let same = try curator.edit("noy2023experimental", fields: [FieldAssignment(field: "doi", value: Self.pasted)], options: options())
        #expect(same.changes.isEmpty)
        #expect(try sourceRows() == before)
    }

    /// An undo that would give a source back a DOI another source has taken since is refused
    /// and writes nothing: the seed's DOI edited away (or its source removed), then given to
    /// another source. Undone in turn, the other source's edit frees it, and the undo goes through.
    @Test func anUndoGivingBackATakenDOIIsRefused() throws {
        let cleared = try curator.edit("noy2023experimental", fields: [FieldAssignment(field: "doi", value: "")], options: options())
        let clearing = try #require(cleared.changes.first?.id)
        let taken = try curator.edit("indeed2025aiatwork", fields: [FieldAssignment(field: "doi", value: Self.pasted)], options: options())
        let taking = try #require(taken.changes.first?.id)
        let before = try sourceRows()
        let logged = try knowledgeBase.reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM changes") }
        #expect(throws: CurationConflict.self) { _ = try curator.undo(clearing, force: false, options: options()) }
        do {
            _ = try curator.undo(clearing, force: false, options: options())
        } catch let conflict as CurationConflict {
            #expect(conflict.description.contains("source 'noy2023experimental' back the DOI 10.1126/science.adh2586, which source 'indeed2025aiatwork' has now"),
                    "\(conflict)")
        }
        #expect(try sourceRows() == before)
        #expect(try knowledgeBase.reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM changes") } == logged)
        // The other source's edit undone first: the DOI is free, and goes back.
        _ = try curator.undo(taking, force: false, options: options())
        _ = try curator.undo(clearing, force: false, options: options())
        #expect(try sourceRows().contains("noy2023experimental|10.1126/science.adh2586"))
    }

    @Test func undoingTheRemovalOfASourceWhoseDOIWasTakenIsRefused() throws {
        let removed = try curator.remove("noy2023experimental", cascade: true, options: options())
        let removal = try #require(removed.changes.last?.id)
        _ = try curator.edit("indeed2025aiatwork", fields: [FieldAssignment(field: "doi", value: Self.pasted)], options: options())
        let before = try sourceRows()
        do {
            _ = try curator.undo(removal, force: false, options: options())
            Issue.record("the undo went through")
        } catch let conflict as CurationConflict {
            #expect(conflict.description.contains("source 'noy2023experimental' back the DOI 10.1126/science.adh2586, which source 'indeed2025aiatwork' has now"),
                    "\(conflict)")
        }
        #expect(try sourceRows() == before)
    }
}
