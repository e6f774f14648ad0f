import Foundation
import GRDB
import Testing
@testable import KBCore
@testable import KBCuration
@testable import KBDomain
@testable import KBFormats
@testable import KBStore

/// The curation operations on the facade's engine, on the bundled seeds in memory: snapshots,
/// field-level undo, imports in the change log, --strict, and the author's default.
struct CuratorTests {
    let knowledgeBase: KnowledgeBase
    let curator: Curator

    init() throws {
        knowledgeBase = try KnowledgeBase.seeded()
        curator = Curator(knowledgeBase)
    }

    func options(_ author: String = "ana", reason: String? = nil, ifVersion: Int? = nil, strict: Bool = false) -> CurationOptions {
        CurationOptions(context: ChangeContext(author: author, command: "test", reason: reason), ifVersion: ifVersion, strict: strict)
    }

    func count(_ table: String) throws -> Int {
        try knowledgeBase.reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM \(table)") ?? 0 }
    }

    @Test func aSnapshotReadsBackAsTheSameRecord() throws {
        for id in ["noy2023experimental", "noy2023experimental-experiment", "noy2023-writing-time"] {
            let record = try #require(try curator.record(id)).record
            #expect(try RecordSnapshot(kind: record.kind, text: record.text) == record)
            #expect(RecordSnapshot.changedFields(from: record, to: record).isEmpty)
        }
    }

    @Test func undoRestoresOnlyTheFieldsItsChangeTouched() throws {
        let study = "noy2023experimental-experiment"
        let first = try curator.edit(study, fields: [FieldAssignment(field: "n", value: "100")], options: options())
        _ = try curator.edit(study, fields: [FieldAssignment(field: "country", value: "Canada")], options: options("ben"))
        let original = try #require(first.changes.first)
        #expect(original.fields == ["n"])
        _ = try curator.undo(original.id, force: false, options: options())
        guard case let .study(restored) = try #require(try curator.record(study)).record else { Issue.record("not a study"); return }
        #expect(restored.n == 453)
        #expect(restored.country == "Canada", "the later change to another field stays")
        #expect(try #require(try curator.record(study)).version == 4)
    }

    @Test func aStaleVersionNamesWhoChangedTheRecordAndWhen() throws {
        _ = try curator.edit("noy2023-writing-time", fields: [FieldAssignment(field: "note", value: "checked")], options: options("ben"))
        #expect {
            try curator.edit("noy2023-writing-time", fields: [FieldAssignment(field: "note", value: "mine")], options: options(ifVersion: 1))
        } throws: { error in
            guard let conflict = error as? CurationConflict else { return false }
            return conflict.message.contains("changed since version 1 by ben at") && conflict.message.contains("now at version 2")
        }
        #expect(ErrorCategory(of: CurationConflict("x"))?.exitStatus == 4)
    }

    @Test func anImportLogsWhatItAddsAndChangesAndItsUndoRestoresBoth() throws {
        let yaml = """
            sources:
              - id: noy2023experimental
                title: Experimental evidence on the productivity effects of generative artificial intelligence
                publisher: American Association for the Advancement of Science
                issued: 2023
              - id: brand-new
                title: A brand new work
            """
        let before = try #require(try curator.record("noy2023experimental")).record
        let report = try Importer(knowledgeBase).run([ImportInput(name: "fix.yaml", bytes: Array(yaml.utf8))],
                                                     options: ImportOptions(format: .kb, changeContext: ChangeContext(author: "ana", command: "import")))
        let batch = try #require(report.batch)
        let logged = try curator.log(.init(batch: batch))
        #expect(logged.map(\.action).sorted() == ["add", "edit"])
        let edit = try #require(logged.first { $0.action == "edit" })
        #expect(edit.recordId == "noy2023experimental")
        #expect(edit.fields == ["publisher"])
        _ = try curator.undo(edit.id, force: false, options: options())
        #expect(try curator.record("brand-new") == nil)
        #expect(try #require(try curator.record("noy2023experimental")).record == before)
    }

    @Test func strictRefusesAWriteWithWarningsAndWritesNothing() throws {
        let sources = try count("source")
        let changes = try count("changes")
        #expect(throws: CurationBlocked.self) {
            try curator.add(.source, fields: [FieldAssignment(field: "title", value: "No locator at all")], options: options(strict: true))
        }
        #expect(try count("source") == sources)
        #expect(try count("changes") == changes)
        let lenient = try curator.add(.source, fields: [FieldAssignment(field: "title", value: "No locator at all")], options: options())
        #expect(lenient.findings.contains { $0.rule == "source.missing-locator" })
    }

    @Test func aFailedReplicationRollsUpIntoTheClaimAndOneUndoTakesBoth() throws {
        // An independent study's claim (a claim of the same study is refused: CurationRollUpTests).
        _ = try curator.add(.source, fields: [FieldAssignment(field: "id", value: "test-other-work"), FieldAssignment(field: "title", value: "Another Writing Study"),
                                              FieldAssignment(field: "year", value: "2024")], options: options())
        _ = try curator.add(.claim, fields: [FieldAssignment(field: "id", value: "test-other-claim"), FieldAssignment(field: "statement", value: "Writing time did not fall."),
                                             FieldAssignment(field: "source", value: "test-other-work")], options: options())
        let before = try #require(try curator.record("noy2023-writing-time")).record
        let linked = try curator.link("test-other-claim", kind: "fails-to-replicate", to: "noy2023-writing-time", note: nil, options: options())
        #expect(linked.changes.map(\.action) == ["link", "edit"])
        guard case let .claim(claim) = try #require(try curator.record("noy2023-writing-time")).record else { Issue.record("not a claim"); return }
        #expect(claim.replication == .failed)
        _ = try curator.undo(try #require(linked.changes.first).id, force: false, options: options())
        #expect(try #require(try curator.record("noy2023-writing-time")).record == before)
        #expect(try count("claimRelation") == 0)
    }

    @Test func replicationsRollUp() {
        #expect(Curator.rollUp(.unknown, replicated: true, failed: false) == .replicated)
        #expect(Curator.rollUp(.unknown, replicated: false, failed: true) == .failed)
        #expect(Curator.rollUp(.replicated, replicated: false, failed: true) == .mixed)
        #expect(Curator.rollUp(.partial, replicated: true, failed: false) == .partial)
        #expect(Curator.rollUp(.notAttempted, replicated: true, failed: true) == .mixed)
    }

    @Test func theAuthorIsTheOneGivenElseKBAuthorElseTheOSUser() {
        #expect(ChangeContext.author("ana", environment: ["KB_AUTHOR": "ben", "USER": "carl"]) == "ana")
        #expect(ChangeContext.author(nil, environment: ["KB_AUTHOR": "ben", "USER": "carl"]) == "ben")
        #expect(ChangeContext.author(nil, environment: ["USER": "carl"]) == "carl")
    }

    @Test func fieldsParseAsTheCommandLineWritesThem() throws {
        #expect(try FieldAssignment.parse("note=") == FieldAssignment(field: "note", value: ""))
        #expect(try FieldAssignment.parse("title=a=b") == FieldAssignment(field: "title", value: "a=b"))
        #expect(try FieldAssignment.parseFlags(["--title", "T", "--n=5"]) == [FieldAssignment(field: "title", value: "T"), FieldAssignment(field: "n", value: "5")])
        #expect(throws: Diagnostic.self) { try FieldAssignment.parse("=x") }
        #expect(throws: Diagnostic.self) { try FieldAssignment.parseFlags(["--title"]) }
    }
}
