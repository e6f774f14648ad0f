import Foundation
import Testing

/// A command that could write and fails — an import that breaks after several batches, a
/// BibTeX file that does not parse, an edit of a record that does not exist — leaves the KB
/// file byte for byte as it was before the command, its bytes taken from the closed file
/// (issue 18). Opening a writable KB used to write by itself: GRDB's pool set up the WAL by
/// creating and dropping a table, which moved the schema version and the change counter and
/// left a free page, failure or not. The same holds for the commands that open the KB
/// writable but write nothing (`audit`, a dry run).
@Suite(.serialized)
struct FailedWriteCLITests {
    let directory: URL

    init() throws {
        directory = try KBProcess.temporaryDirectory()
    }

    func kb(_ arguments: String..., environment: [String: String] = [:]) throws -> KBProcess.Result {
        try KBProcess.run(arguments, in: directory, environment: environment, deadline: 120)
    }

    var file: URL { directory.appendingPathComponent("kb.sqlite") }

    var companions: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasPrefix("kb.sqlite-") }.sorted()
    }

    func write(_ name: String, _ text: String) throws -> String {
        try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        return name
    }

    /// At 1 MB batches and a 1 MB page cache, a 4.3 MB CSV is written in five batches (the first
    /// holds the mapping's taxonomy), and SQLite writes pages out before the transaction ends (to
    /// the `-wal` file, or to the KB file itself through a rollback journal).
    static let smallBatches = ["KB_IMPORT_BATCH_MB": "1", "KB_IMPORT_CACHE_MB": "1"]

    /// A CSV of `count` claims on 40 works, whose last row lacks a field: at 1 MB batches
    /// (``smallBatches``) the import writes several batches before it reaches that row.
    func csvFailingAtTheEnd(count: Int) throws -> (csv: String, mapping: String) {
        var lines = ["id,paper,title,doi,year,authors,n,topic"]
        for index in 0..<count {
            let paper = index % 40
            let filler = String(repeating: "evidence ", count: 6)
            lines.append("c\(index),p\(paper),\"Work \(paper) \(filler)\",10.5555/fail\(paper),20\(10 + paper % 10),\"Doe, Jane\",\(100 + paper),topic \(index % 25)")
        }
        lines.append("c\(count),p1,\"Work 1\",10.5555/fail1,2011,\"Doe, Jane\",101")
        let mapping = """
            sources:
              paper:
                group: ["{paper}"]
                type: article-journal
                title: "{title}"
                doi: "{doi}"
                issued: "{year}"
                authors: {value: "{authors}", format: semicolon}
            studies:
              main:
                source: paper
                id: "st-{paper}"
                n: "= number(n)"
            claims:
              - id: "{id}"
                source: paper
                study: main
                statement: "Finding {id} on {topic}"
                about:
                  - {kind: topic, value: "{topic}", create: true}
            """
        return (try write("rows.csv", lines.joined(separator: "\n") + "\n"), try write("rows.yaml", mapping))
    }

    /// Runs `command`, which must fail (or, with `fails: false`, may succeed without writing),
    /// and checks that the closed file is as it was and no `-wal` or `-shm` file is left.
    func expectUnchanged(_ command: [String], environment: [String: String] = [:], fails: Bool = true,
                         sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(companions.isEmpty, "before kb \(command.joined(separator: " ")): \(companions)", sourceLocation: sourceLocation)
        let before = try Data(contentsOf: file)
        let result = try KBProcess.run(command, in: directory, environment: environment, deadline: 120)
        if fails {
            #expect(result.status != 0, "kb \(command.joined(separator: " ")) succeeded: \(result.stderr)", sourceLocation: sourceLocation)
        }
        let after = try Data(contentsOf: file)
        let changed = zip(before, after).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
        #expect(after.count == before.count && changed.isEmpty,
                "kb \(command.joined(separator: " ")) changed the file: \(before.count) → \(after.count) bytes, offsets \(changed.prefix(8))",
                sourceLocation: sourceLocation)
        #expect(companions.isEmpty, "kb \(command.joined(separator: " ")) left \(companions)", sourceLocation: sourceLocation)
    }

    @Test func failedWritesLeaveTheFileAsItWas() throws {
        #expect(try kb("stats").status == 0)
        let (csv, mapping) = try csvFailingAtTheEnd(count: 36_000)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(csv).path)[.size] as? Int)
        #expect(size > 3 << 20, "the CSV crosses at least three 1 MB batches (\(size) bytes)")
        try expectUnchanged(["import", csv, "--map", mapping], environment: Self.smallBatches)
        let broken = try write("broken.bib", "@article{roe2018, title = {A work}, author = {Roe, R.}, year = {2018}\n@article{x,\n")
        // Five times: the file's reading thread once held the KB past the failure, and the
        // process ended before the connection closed (its -wal and -shm left) in most runs.
        for _ in 0..<5 { try expectUnchanged(["import", broken]) }
        try expectUnchanged(["edit", "no-such-claim", "note=never written", "--reason", "test"])
        // Opened writable, writing nothing.
        let good = try write("good.bib", "@article{roe2018, title = {A work read once}, author = {Roe, R.}, journal = {J}, year = {2018}}\n")
        try expectUnchanged(["import", good, "--dry-run"], fails: false)
        try expectUnchanged(["audit"], fails: false)
        try expectTheImportWithoutItsBadRowWrites(csv, mapping, journal: false)
    }

    /// The same import without its bad row succeeds, in as many batches, and writes: the failure
    /// came after the batches before the bad row were written, not before anything was.
    func expectTheImportWithoutItsBadRowWrites(_ csv: String, _ mapping: String, journal: Bool,
                                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let lines = try String(contentsOf: directory.appendingPathComponent(csv), encoding: .utf8).split(separator: "\n")
        try lines.dropLast().joined(separator: "\n").appending("\n").write(to: directory.appendingPathComponent(csv), atomically: true, encoding: .utf8)
        let before = try Data(contentsOf: file)
        let imported = try kb("import", csv, "--map", mapping, "--verbose", environment: Self.smallBatches)
        #expect(imported.status == 0, "\(imported.stderr)", sourceLocation: sourceLocation)
        #expect(imported.stderr.contains("36000 records read"), "\(imported.stderr)", sourceLocation: sourceLocation)
        #expect(imported.stderr.contains("streaming: 5 batches of 1 MB"), "\(imported.stderr)", sourceLocation: sourceLocation)
        #expect(imported.stderr.contains("journal: rollback") == journal, "\(imported.stderr)", sourceLocation: sourceLocation)
        #expect(try Data(contentsOf: file) != before, sourceLocation: sourceLocation)
        #expect(companions.isEmpty, "the import left \(companions)", sourceLocation: sourceLocation)
    }

    /// A KB with no source, study or claim yet (`kb init` from seeds without any): an import
    /// into it writes through a rollback journal (`FreshImportJournal`), straight into the KB
    /// file, and puts WAL mode back afterwards. A failure there leaves every page as it was;
    /// only two counters of the file's header move, which SQLite itself moves on each
    /// journal-mode switch: the change counter (bytes 24–27) and the version-valid-for number
    /// (bytes 92–95).
    @Test func aFailedImportIntoAFreshKBLeavesItsPagesAsTheyWere() throws {
        let seeds = directory.appendingPathComponent("seeds")
        try FileManager.default.createDirectory(at: seeds, withIntermediateDirectories: true)
        try "sources: []\n".write(to: seeds.appendingPathComponent("empty.yaml"), atomically: true, encoding: .utf8)
        let made = try kb("init", "--seeds", seeds.path)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(companions.isEmpty)
        // A dry run writes nothing, not even the switch of journal mode an import into a fresh KB makes.
        let good = try write("good.bib", "@article{roe2018, title = {A work read once}, author = {Roe, R.}, journal = {J}, year = {2018}}\n")
        try expectUnchanged(["import", good, "--dry-run"], fails: false)
        let (csv, mapping) = try csvFailingAtTheEnd(count: 36_000)
        let before = try Data(contentsOf: file)
        let result = try kb("import", csv, "--map", mapping, environment: Self.smallBatches)
        #expect(result.status != 0)
        let after = try Data(contentsOf: file)
        let changed = zip(before, after).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
        #expect(after.count == before.count, "\(before.count) → \(after.count) bytes")
        #expect(Array(after.prefix(20).suffix(2)) == [2, 2], "the KB is back in WAL mode")
        #expect(changed.allSatisfy { (24..<28).contains($0) || (92..<96).contains($0) }, "changed offsets \(changed.prefix(8))")
        #expect(companions.isEmpty, "the import left \(companions)")
        try expectTheImportWithoutItsBadRowWrites(csv, mapping, journal: true)
    }
}
