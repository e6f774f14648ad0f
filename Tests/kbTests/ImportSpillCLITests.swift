import Foundation
import Testing

/// A streamed CSV import keeps what it must remember of every row in temporary files (issue 18,
/// ``DigestRuns``): where none can be made, the import says where and why, and writes nothing.
@Suite(.serialized)
struct ImportSpillCLITests {
    let directory: URL

    init() throws {
        directory = try KBProcess.temporaryDirectory()
    }

    @Test func anImportWithNowhereToKeepItsMatchingStateWritesNothing() throws {
        let before = try KBProcess.run(["stats", "--format", "json"], in: directory)
        #expect(before.status == 0, "\(before.stderr)")
        let csv = directory.appendingPathComponent("rows.csv")
        try Data("""
            id,statement,title,year
            s1,A synthetic statement for the spill test,A synthetic work made up for a test,2020
            s2,Another synthetic statement,A synthetic work made up for a test,2020

            """.utf8).write(to: csv)
        let mapping = directory.appendingPathComponent("rows.yaml")
        try Data("""
            sources:
              work:
                group: ["{title}"]
                title: "{title}"
                issued: "{year}"
            claims:
              - id: "spill-{id}"
                source: work
                statement: "{statement}"

            """.utf8).write(to: mapping)
        let missing = directory.appendingPathComponent("no-such-folder").path
        let refused = try KBProcess.run(["import", csv.path, "--map", mapping.path], in: directory, environment: ["KB_IMPORT_SPILL_DIR": missing, "KB_IMPORT_SPILL_FROM": "1"])
        #expect(refused.status == 4)
        #expect(refused.stderr.contains("error: could not make a temporary file in \(missing) for the import's matching state: No such file or directory"), "\(refused.stderr)")
        #expect(try KBProcess.run(["stats", "--format", "json"], in: directory).stdout == before.stdout)
        // A file this small keeps its matching state in memory: no temporary file is needed.
        // (The default threshold set here: .ci/run runs the import tests again with every run on disk.)
        let small = try KBProcess.run(["import", csv.path, "--map", mapping.path, "--dry-run"], in: directory,
                                      environment: ["KB_IMPORT_SPILL_DIR": missing, "KB_IMPORT_SPILL_FROM": "65536"])
        #expect(small.status == 0, "\(small.stderr)")
        // With somewhere to keep it, the same import goes in.
        let imported = try KBProcess.run(["import", csv.path, "--map", mapping.path], in: directory)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try KBProcess.run(["show", "spill-s2"], in: directory).status == 0)
    }
}
