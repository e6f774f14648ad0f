import Foundation
import GRDB
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBCuration
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// The analyst trial of issue 14 (its report is in the closing note of the session that fixed it): linked replications count wherever
/// imported ones do, undo's conflict check ignores what was undone and names the change to type,
/// and the minor messages.
struct CurationTrialFixTests: CuratorSuite {
    let knowledgeBase: KnowledgeBase
    let curator: Curator

    init() throws {
        knowledgeBase = try KnowledgeBase.seeded()
        curator = Curator(knowledgeBase)
    }

    func slugs(_ query: String) throws -> [String] {
        try #require(try QueryEngine(knowledgeBase).run(query).rows.claims).map(\.claim.slug)
    }

    func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return (error as? CurationConflict)?.message ?? String(describing: error) }
        return ""
    }

    /// A source with two claims: one replicates noy2023-writing-time, the other fails to.
    func linkTwoReplications() throws {
        _ = try curator.add(.source, fields: [.init(field: "id", value: "test-replicators"), .init(field: "title", value: "Two Replications Of A Writing Study"),
                                              .init(field: "issued", value: "2024"), .init(field: "type", value: "report")], options: options())
        for id in ["test-rep1", "test-rep2"] {
            _ = try curator.add(.claim, fields: [.init(field: "id", value: id), .init(field: "statement", value: "A replication of the writing-time result."),
                                                 .init(field: "source", value: "test-replicators")], options: options())
        }
        _ = try curator.link("test-rep1", kind: "replicates", to: "noy2023-writing-time", note: "same task", options: options())
        _ = try curator.link("test-rep2", kind: "fails-to-replicate", to: "noy2023-writing-time", note: nil, options: options())
    }

    // Trial 2: before, `kb show` listed no replications, `has replicated-by` and
    // `replicated-by=SOURCE` found nothing, and the audit said "failed" of a mixed claim.
    @Test func linkedReplicationsShowInShowQueriesAndTheAudit() throws {
        #expect(try !slugs("claims where has replicated-by").contains("noy2023-writing-time"))
        try linkTwoReplications()
        #expect(try claim("noy2023-writing-time").replication == .mixed)
        // The stored record keeps no copy: the links stay relations, read through the view.
        #expect(try claim("noy2023-writing-time").replications.isEmpty)

        let shown = try Catalog(knowledgeBase).show("noy2023-writing-time")
        let text = RecordRenderer.text(shown)
        #expect(text.contains("replicated-by  claim test-rep1 of test-replicators: replicated"))
        #expect(text.contains("replicated-by  claim test-rep2 of test-replicators: failed"))
        let json = RecordRenderer.json(shown).compact
        #expect(json.contains(#""claim":"test-rep1""#) && json.contains(#""source":"test-replicators""#))
        #expect(RecordRenderer.text(try Catalog(knowledgeBase).show("test-rep1"))
            .range(of: #"\nreplicates +noy2023-writing-time: replicated \(same task\)\n"#, options: .regularExpression) != nil)
        #expect(RecordRenderer.json(try Catalog(knowledgeBase).show("test-rep2")).compact.contains(#""replicates":[{"claim":"noy2023-writing-time""#))

        #expect(try slugs("claims where has replicated-by").contains("noy2023-writing-time"))
        #expect(try slugs("claims where replicated-by=test-replicators") == ["noy2023-writing-time"])
        #expect(try !slugs("claims where missing replicated-by").contains("noy2023-writing-time"))

        let id = try #require(try knowledgeBase.reader.read { try Int64.fetchOne($0, sql: "SELECT id FROM claim WHERE slug = 'noy2023-writing-time'") })
        let findings = try knowledgeBase.writer.write { try Auditor.findings(claims: [id], studies: [], sources: [], in: $0) }
        let failed = try #require(findings.first { $0.rule == "claim.failed-replication" })
        #expect(!failed.message.contains("failed"))
    }

    // Trial 1: removing the source of both replicating claims left the target `mixed`.
    @Test func removingBothReplicatingClaimsRestoresTheTargetAndItsStrength() throws {
        let before = try Catalog(knowledgeBase).show("noy2023-writing-time")
        let original = try claim("noy2023-writing-time")
        try linkTwoReplications()
        let removed = try curator.remove("test-replicators", cascade: true, options: options())
        #expect(try claim("noy2023-writing-time") == original)
        #expect(RecordRenderer.text(try Catalog(knowledgeBase).show("noy2023-writing-time")) == RecordRenderer.text(before))
        #expect(try !slugs("claims where has replicated-by").contains("noy2023-writing-time"))
        // One undo brings back the claims, the links and the mixed status.
        _ = try curator.undo(try #require(removed.changes.first).id, force: false, options: options())
        #expect(try claim("noy2023-writing-time").replication == .mixed)
        #expect(try slugs("claims where replicated-by=test-replicators") == ["noy2023-writing-time"])
    }

    // Trial 3: an import that was undone still "overrode" the earlier change, and the advice named
    // an inner change of the import.
    @Test func undoIgnoresUndoneChangesAndNamesTheBatchChangeToType() throws {
        let file = SeedFile(name: "trial.yaml", text: """
            sources:
              - id: test-trial-source
                type: report
                title: A Work Added Before An Import
                issued: 2020
            """)
        let added = try #require(try curator.add(from: file, options: options()).changes.first)
        func importUpdate() throws -> Int64 {
            let yaml = """
                sources:
                  - id: test-trial-source
                    type: report
                    title: A Work Added Before An Import
                    publisher: Test Press
                    issued: 2020
                  - id: test-trial-other
                    title: Another work of the import
                """
            let report = try Importer(knowledgeBase).run([ImportInput(name: "fix.yaml", bytes: Array(yaml.utf8))],
                                                         options: ImportOptions(format: .kb, changeContext: ChangeContext(author: "ana", command: "import")))
            let batch = try #require(report.batch)
            return try #require(try curator.log(.init(batch: batch)).map(\.id).max())
        }
        // Not undone: the refusal names the import's last change, the one `kb undo` takes.
        let handle = try importUpdate()
        let refusal = message { _ = try curator.undo(added.id, force: false, options: options()) }
        #expect(refusal.contains("undo change \(handle) first"))
        // Following the advice works, then the original undo goes through.
        _ = try curator.undo(handle, force: false, options: options())
        #expect(message { _ = try curator.undo(handle, force: false, options: options()) }.hasPrefix("change \(handle) was already undone"))
        _ = try curator.undo(added.id, force: false, options: options())
        #expect(try curator.record("test-trial-source") == nil)
    }

    @Test func aVersionAheadOfTheRecordSaysSo() throws {
        let options = CurationOptions(context: ChangeContext(author: "ana", command: "test"), ifVersion: 2)
        let text = message { _ = try curator.edit("noy2023-writing-time", fields: [.init(field: "note", value: "x")], options: options) }
        #expect(text.contains("is at version 1; you gave 2"))
        #expect(!text.contains("changed since"))
    }

    @Test func oneDependentIsSingular() throws {
        try linkTwoReplications()
        let text = message { _ = try curator.remove("test-rep1", cascade: false, options: options()) }
        #expect(text.contains("1 record depends on it"))
    }

    @Test func showRoundsStrengthAndEndsWithANewline() throws {
        try linkTwoReplications()
        let record = try Catalog(knowledgeBase).show("noy2023-writing-time")
        for format in OutputFormat.allCases {
            #expect(RecordRenderer.render(record, format: format).utf8.last == UInt8(ascii: "\n"))
        }
        let grade = try #require(RecordRenderer.text(record).split(separator: "\n").first { $0.hasPrefix("grade") })
        #expect(grade.range(of: #"\(strength [0-9]\.[0-9]{3}\)$"#, options: .regularExpression) != nil)
    }

    // Trial 14: a KB built on first use logged nothing, while the README's log starts with `init`.
    @Test func aKnowledgeBaseBuiltOnFirstUseLogsItsInit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-init-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (created, _) = try KnowledgeBase.openOrCreate(path: folder.appendingPathComponent("kb.sqlite").path)
        let changes = try Curator(created).log()
        #expect(changes.map(\.action) == ["init"])
        try created.close()
    }
    // Trial 4: `cohort:older` was "unknown" in a file while `--cohort older` and queries accept it,
    // and `cohort:oldr` got "declare it under 'cohorts'" instead of a did-you-mean.
    @Test func addFromResolvesTaxonomyNamesThroughAliases() throws {
        func file(_ name: String, _ cohort: String) -> SeedFile {
            SeedFile(name: name, text: """
                claims:
                  - id: \(name.dropLast(5))
                    statement: Older workers use the tool less.
                    source: noy2023experimental
                    about: [cohort:\(cohort)]
                """)
        }
        _ = try curator.add(from: file("test-alias.yaml", "older"), options: options())
        #expect(try claim("test-alias").about.contains(EntityReference(.cohort, "older-workers")))
        let changes = try curator.log().count
        let error = renderedError { _ = try curator.add(from: file("test-typo.yaml", "oldr"), options: options()) }
        #expect(error.contains("test-typo.yaml:5:"))
        #expect(error.contains("unknown cohort 'oldr'"))
        #expect(error.contains("did you mean 'older' (older-workers)"))
        #expect(!error.contains("declare it under"))
        #expect(try curator.log().count == changes)
    }
    @Test func timestampsAreUTCToTheSecond() {
        let context = ChangeContext(author: "ana", command: "test", time: Date(timeIntervalSince1970: 1_796_000_000.7))
        #expect(context.timestamp == "2026-11-30T00:53:20Z")
    }
}
