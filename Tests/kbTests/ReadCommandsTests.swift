import Foundation
import Testing

/// A command that only reads (`query`, `run`, `list`, `show`, `stats`, `export`, `map`, `log`)
/// writes nothing to a KB that exists at this schema: not a byte of the file changes (a pool's
/// open used to set up the WAL with a write, and every command to count the claims in a write
/// transaction), and no `-wal` or `-shm` file is left beside it. A KB that does not exist yet is
/// still built from the seeds, in WAL mode.
@Suite(.serialized)
struct ReadCommandsTests {
    let directory: URL

    init() throws {
        directory = try KBProcess.temporaryDirectory()
    }

    func kb(_ arguments: String...) throws -> KBProcess.Result {
        try KBProcess.run(arguments, in: directory)
    }

    var file: URL { directory.appendingPathComponent("kb.sqlite") }

    var companions: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasPrefix("kb.sqlite-") }.sorted()
    }

    @Test func readCommandsLeaveTheFileAsItWas() throws {
        let created = try kb("stats")
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stderr.contains("from the bundled seeds"))
        let header = try Data(contentsOf: file).prefix(20)
        // Bytes 18 and 19 of an SQLite file are 2 in WAL mode.
        #expect(Array(header.suffix(2)) == [2, 2], "the new KB is not in WAL mode")
        #expect(companions.isEmpty, "building the KB left \(companions)")
        let before = try Data(contentsOf: file)
        let exportFile = directory.appendingPathComponent("refs.bib").path
        let commands: [[String]] = [
            ["query", "claims for ml-platform-engineer where cohort=older"],
            ["query", "claims group by cohort"],
            ["run", "mission"],
            ["list", "cohorts"],
            ["show", "noy2023experimental"],
            ["show", "noy2023experimental", "--history"],
            ["stats", "--format", "json"],
            ["export", "citations for ml-platform-engineer", "--style", "bibtex", "-o", exportFile],
            ["map", "cohort", "boundary"],
            ["log"],
        ]
        for command in commands {
            let result = try KBProcess.run(command, in: directory)
            #expect(result.status == 0, "kb \(command.joined(separator: " ")): \(result.stderr)")
            #expect(try Data(contentsOf: file) == before, "kb \(command.joined(separator: " ")) wrote to the KB")
            #expect(companions.isEmpty, "kb \(command.joined(separator: " ")) left \(companions)")
        }
        #expect(FileManager.default.fileExists(atPath: exportFile))
    }

    /// The same commands with `--read-only`, which leave their connection open at exit
    /// (`LeftOpenAtExit`): the same output, not a byte of the file changed, and nothing held
    /// afterwards. A write then succeeds, and the next command that can write still closes its
    /// connection and removes the `-wal` and `-shm` files the read-only ones left.
    @Test func readOnlyCommandsAnswerAlikeAndHoldNothingAfterwards() throws {
        #expect(try kb("stats").status == 0)
        let before = try Data(contentsOf: file)
        let commands: [[String]] = [
            ["query", "claims for ml-platform-engineer where cohort=older"],
            ["query", "claims group by cohort"],
            ["run", "mission"],
            ["show", "noy2023experimental"],
            ["stats", "--format", "json"],
            ["export", "citations for ml-platform-engineer", "--style", "bibtex"],
            ["map", "cohort", "boundary"],
        ]
        for command in commands {
            let plain = try KBProcess.run(command, in: directory)
            let readOnly = try KBProcess.run(["--read-only"] + command, in: directory)
            #expect(readOnly.status == 0 && plain.status == 0, "kb --read-only \(command.joined(separator: " ")): \(readOnly.stderr)")
            #expect(!readOnly.stdout.isEmpty && readOnly.stdout == plain.stdout, "kb --read-only \(command.joined(separator: " "))")
            #expect(try Data(contentsOf: file) == before, "kb --read-only \(command.joined(separator: " ")) wrote to the KB")
        }
        #expect(!companions.isEmpty, "a read-only open of a WAL file makes its -wal and -shm files")
        let edited = try kb("edit", "noy2023-writing-time", "note=checked after the read-only runs", "--reason", "test")
        #expect(edited.status == 0, "\(edited.stderr)")
        #expect(try kb("query", "claims limit 1").status == 0)
        #expect(companions.isEmpty, "the last command that can write left \(companions)")
    }

    /// An empty file is built from the seeds by a read command, and a KB in rollback-journal mode
    /// is put back in WAL mode, as a pool's open does: one connection would leave either as it was.
    @Test func anEmptyFileOrAnotherJournalModeIsOpenedThroughAPool() throws {
        FileManager.default.createFile(atPath: file.path, contents: Data())
        let built = try kb("query", "claims limit 2")
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stderr.contains("from the bundled seeds"))
        #expect(Array(try Data(contentsOf: file).prefix(20).suffix(2)) == [2, 2], "the empty file was not built in WAL mode")

        // Bytes 18 and 19 set to 1: rollback-journal mode, as `PRAGMA journal_mode = DELETE` leaves it.
        var bytes = try Data(contentsOf: file)
        bytes[18] = 1
        bytes[19] = 1
        try bytes.write(to: file)
        let listed = try kb("list", "cohorts")
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(Array(try Data(contentsOf: file).prefix(20).suffix(2)) == [2, 2], "the KB was left in rollback-journal mode")
        #expect(companions.isEmpty, "left \(companions)")
    }
}
