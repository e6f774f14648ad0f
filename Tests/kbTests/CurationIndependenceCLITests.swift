import Foundation
import GRDB
import Testing

/// Review 7, B1, through the `kb` binary: a CSV import (streamed) that restates a replicating
/// claim with the source and study of the claim it replicates is refused (exit 3) and leaves the
/// KB as it was; the same file restating only a note imports. The works are invented.
@Suite(.serialized)
struct CurationIndependenceCLITests {
    let directory: URL

    init() throws {
        directory = try KBProcess.temporaryDirectory()
    }

    func kb(_ arguments: String...) throws -> KBProcess.Result {
        try KBProcess.run(arguments, in: directory, environment: ["KB_AUTHOR": "ana"])
    }

    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Every row of every table, for "nothing was written".
    func dump() throws -> [String] {
        let queue = try DatabaseQueue(path: directory.appendingPathComponent("kb.sqlite").path)
        defer { try? queue.close() }
        return try queue.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            return try tables.flatMap { table in
                try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"").map { "\(table): \($0)" }.sorted()
            }
        }
    }

    @Test func aCSVImportThatMakesALinkedReplicationDependentIsRefusedAndWritesNothing() throws {
        #expect(try kb("init").status == 0)
        let works = try write("works.yaml", """
            sources:
              - id: work-a
                type: article-journal
                title: Work A on things
                authors:
                  - {family: Alpha, given: A.}
                issued: 2020
                studies:
                  - id: study-a
                    n: 100
              - id: work-t
                type: article-journal
                title: Work T on other things
                authors:
                  - {family: Tau, given: T.}
                issued: 2019
                studies:
                  - id: study-t
                    n: 200
            claims:
              - id: claim-a
                statement: Claim A replicates the effect.
                source: work-a
                study: study-a
              - id: claim-t
                statement: Claim T found the effect.
                source: work-t
                study: study-t
            """)
        #expect(try kb("import", works).status == 0)
        let linked = try kb("link", "claim-a", "--replicates", "claim-t")
        #expect(linked.status == 0, "\(linked.stderr)")
        let mapping = try write("restate.yaml", """
            description: restate claim-a
            sources:
              primary:
                id: "{src}"
                type: article-journal
                title: "{title}"
                issued: "{year}"
                authors: {value: "{author}", format: label}
            studies:
              test:
                source: primary
                id: "{study}"
            claims:
              - id: "{cid}"
                source: primary
                study: test
                statement: "{statement}"
                note: "{note}"
            """)
        let moved = try write("moved.csv", """
            src,title,year,author,study,cid,statement,note
            work-t,Work T on other things,2019,Tau,study-t,claim-a,Claim A replicates the effect.,

            """)
        let (stats, rows) = (try kb("stats").stdout, try dump())
        let refused = try kb("import", moved, "--map", mapping)
        #expect(refused.status == 3, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("claim 'claim-a' cannot take that source or study: 'claim-a replicates claim-t'"), "\(refused.stderr)")
        #expect(refused.stderr.contains("same study 'study-t'"), "\(refused.stderr)")
        #expect(try kb("stats").stdout == stats)
        #expect(try dump() == rows)
        let noted = try write("noted.csv", """
            src,title,year,author,study,cid,statement,note
            work-a,Work A on things,2020,Alpha,study-a,claim-a,Claim A replicates the effect.,A note.

            """)
        let imported = try kb("import", noted, "--map", mapping, "--verbose")
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("claim claim-a: note") || imported.stderr.contains("claim claim-a: note"), "\(imported.stdout)\(imported.stderr)")
        #expect(try kb("show", "claim-a", "--format", "json").stdout.contains("\"note\": \"A note.\""))
    }
}
