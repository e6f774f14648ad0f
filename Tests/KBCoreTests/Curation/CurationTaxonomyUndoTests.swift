import Foundation
import GRDB
import Testing
@testable import KBCore
@testable import KBCuration
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// Issue 14, last gaps: an import that changes stored taxonomy nodes or edges logs one change per
/// node or edge, and `kb undo` of the import puts the taxonomy back exactly; added nodes and edges
/// go.
struct CurationTaxonomyUndoTests: CuratorSuite {
    let knowledgeBase: KnowledgeBase
    let curator: Curator

    init() throws {
        knowledgeBase = try KnowledgeBase.seeded()
        curator = Curator(knowledgeBase)
    }

    /// Every taxonomy table, row by row (ids included): what "the taxonomy is as it was" means.
    func dump() throws -> String {
        try knowledgeBase.reader.read { db in
            var lines: [String] = []
            for sql in ["SELECT * FROM entity ORDER BY id", "SELECT * FROM alias ORDER BY key, entityId",
                        "SELECT * FROM edge ORDER BY fromId, kind, toId", "SELECT * FROM entityAttribute ORDER BY entityId, name, context"] {
                lines += try Row.fetchAll(db, sql: sql).map(\.description)
            }
            return lines.joined(separator: "\n")
        }
    }

    func show(_ id: String) throws -> String {
        RecordRenderer.render(try Catalog(knowledgeBase).show(id), format: .json)
    }

    func importYAML(_ yaml: String, name: String = "taxonomy-fix.yaml") throws -> String {
        let report = try Importer(knowledgeBase).run([ImportInput(name: name, bytes: Array(yaml.utf8))],
                                                     options: ImportOptions(format: .kb, changeContext: ChangeContext(author: "ana", command: "import")))
        return try #require(report.batch)
    }

    static let relabel = """
        cohorts:
          - id: older-workers
            name: Older Workers (50+)
            aliases: [mature workers]
            narrower: [neurodivergent-applicants]
          - id: test-brand-new
            name: brand new cohort
            narrower: [older-workers]
        """

    @Test func undoOfAnImportRestoresTheNodesAndEdgesItChangedAndRemovesWhatItAdded() throws {
        let (before, shown) = (try dump(), try show("older-workers"))
        let batch = try importYAML(Self.relabel)
        let changes = try curator.log(.init(batch: batch))
        let byKind = Dictionary(grouping: changes) { "\($0.action) \($0.recordKind)" }.mapValues { $0.map(\.recordId).sorted() }
        #expect(byKind["edit entity"] == ["cohort:older-workers"])
        #expect(byKind["add entity"] == ["cohort:test-brand-new"])
        #expect(byKind["add edge"] == ["cohort:older-workers narrower cohort:neurodivergent-applicants",
                                       "cohort:test-brand-new narrower cohort:older-workers"])
        let edit = try #require(changes.first { $0.action == "edit" })
        #expect(edit.fields == ["aliases", "name"])
        #expect(try #require(edit.before).contains(#""name":"older workers""#))
        #expect(try #require(edit.after).contains(#""mature workers""#))
        #expect(try show("older-workers") != shown)

        let undo = try curator.undo(edit.id, force: false, options: options())
        #expect(undo.changeCount == 4)
        #expect(try dump() == before)
        #expect(try show("older-workers") == shown)
        #expect(try curator.log(.init(batch: "undo-" + batch)).map(\.undoes).compactMap { $0 }.sorted() == changes.map(\.id).sorted())
        // The log of the undo, row by row (written set-wise for nodes and edges): edges first,
        // latest addition first, each with its state when it was removed.
        let undone = try curator.log(.init(batch: "undo-" + batch))
        #expect(undone.map { "\($0.action) \($0.recordKind) \($0.recordId)" } == [
            "remove edge cohort:test-brand-new narrower cohort:older-workers",
            "remove edge cohort:older-workers narrower cohort:neurodivergent-applicants",
            "remove entity cohort:test-brand-new",
            "edit entity cohort:older-workers",
        ])
        #expect(undone[1].before == #"{"from":"cohort:older-workers","kind":"narrower","to":"cohort:neurodivergent-applicants","weight":1.0,"note":null,"originFile":"taxonomy-fix.yaml","originLine":5}"#)
        #expect(undone[2].before == #"{"kind":"cohort","slug":"test-brand-new","name":"brand new cohort","description":null,"aliases":["brand new cohort","test-brand-new"]}"#)
        #expect(undone.allSatisfy { $0.author == "ana" && $0.fields == ($0.action == "edit" ? ["aliases", "name"] : ["*"]) })

        // An undo of the undo puts the import's taxonomy back.
        let redo = try #require(try curator.log(.init(batch: "undo-" + batch)).last)
        _ = try curator.undo(redo.id, force: false, options: options())
        #expect(try show("older-workers").contains("mature workers"))
        let edges = try knowledgeBase.reader.read { try Int.fetchOne($0, sql: """
            SELECT count(*) FROM edge g JOIN entity f ON f.id = g.fromId WHERE f.slug IN ('older-workers', 'test-brand-new') AND g.kind = 'narrower'
            """) }
        #expect(edges == 2)
    }

    /// An import restating a stored edge from another file changes its origin: logged, and undone.
    @Test func anEdgeAnImportRestatesIsLoggedAndRestored() throws {
        _ = try importYAML(Self.relabel, name: "first.yaml")
        let before = try dump()
        let batch = try importYAML("""
            cohorts:
              - id: test-brand-new
                name: brand new cohort
                description: A cohort described by a second file.
                narrower: [older-workers]
            """, name: "second.yaml")
        let changes = try curator.log(.init(batch: batch))
        #expect(changes.map { "\($0.action) \($0.recordKind) \($0.fields)" }.sorted()
                == [#"edit edge ["originFile", "originLine"]"#, #"edit entity ["description"]"#])
        _ = try curator.undo(try #require(changes.last).id, force: false, options: options())
        #expect(try dump() == before)
    }

    /// An import that changes nothing in the taxonomy logs nothing for it.
    @Test func reimportingTheSameFileLogsNoTaxonomyChange() throws {
        _ = try importYAML(Self.relabel)
        let batch = try importYAML(Self.relabel)
        #expect(try curator.log(.init(batch: batch)).isEmpty)
    }

    /// A later import that changed the same node again overrides the first: its undo is refused
    /// until the later one is undone.
    @Test func aLaterChangeToTheNodeBlocksTheUndo() throws {
        let first = try importYAML(Self.relabel)
        let second = try importYAML("""
            cohorts:
              - id: older-workers
                name: Workers Over Fifty
            """)
        let edit = try #require(try curator.log(.init(batch: first)).first { $0.action == "edit" })
        let later = try #require(try curator.log(.init(batch: second)).last)
        #expect(throws: CurationConflict.self) { _ = try curator.undo(edit.id, force: false, options: options()) }
        _ = try curator.undo(later.id, force: false, options: options())
        _ = try curator.undo(edit.id, force: false, options: options())
        #expect(try knowledgeBase.reader.read { try String.fetchOne($0, sql: "SELECT name FROM entity WHERE slug = 'older-workers'") } == "older workers")
    }

    /// `add --from` logs an edge from its new node to a stored one; the undo removes both.
    @Test func addFromLogsItsEdgesAndUndoRemovesThem() throws {
        let before = try dump()
        let result = try curator.add(from: SeedFile(name: "new.yaml", text: """
            cohorts:
              - id: test-wider-cohort
                name: test wider cohort
                narrower: [older-workers]
            """), options: options())
        #expect(result.changes.map { "\($0.action) \($0.recordKind) \($0.recordId)" }
                == ["add entity cohort:test-wider-cohort", "add edge cohort:test-wider-cohort narrower cohort:older-workers"])
        _ = try curator.undo(try #require(result.changes.first).id, force: false, options: options())
        #expect(try dump() == before)
    }
}
