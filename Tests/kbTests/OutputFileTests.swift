import Foundation
import Testing

/// What a command writes never destroys something else: `-o` (export, map), `--write-baseline`
/// (audit) and `--emit-claims` (check) refuse a folder, the knowledge
/// base the command reads (any name for it) and the command's own input files, before any
/// work, leaving everything as it was (a trial found `-o folder` deleting the folder and
/// `-o kb.sqlite` replacing the knowledge base).
@Suite(.serialized)
struct OutputFileTests {
    let directory: URL

    init() throws {
        directory = try KBProcess.temporaryDirectory()
        let created = try KBProcess.run(["init"], in: directory)
        #expect(created.status == 0, "\(created.stderr)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("folder"), withIntermediateDirectories: false)
        try Data("precious\n".utf8).write(to: directory.appendingPathComponent("folder/keep.txt"))
        try Data("A page: 40% of writers.\n".utf8).write(to: directory.appendingPathComponent("page.md"))
    }

    func kb(_ arguments: String...) throws -> KBProcess.Result {
        try KBProcess.run(arguments, in: directory)
    }

    /// Every file's bytes under the test's folder, by relative path.
    func snapshot() throws -> [String: Data] {
        var files: [String: Data] = [:]
        let root = directory.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: root) else { return files }
        for case let name as String in walker {
            var isFolder: ObjCBool = false
            let path = root + "/" + name
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
                files[name] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return files
    }

    @Test(arguments: [
        (["export", "sources", "--style", "bibtex", "-o", "folder"], "-o folder is a folder"),
        (["export", "sources", "--style", "apa", "-o", "folder/"], "-o folder/ is a folder"),
        (["export", "sources", "--style", "apa", "-o", "missing/"], "-o missing/ names a folder"),
        (["map", "cohort", "boundary", "--format", "svg", "-o", "folder"], "-o folder is a folder"),
        (["export", "sources", "--style", "apa", "-o", "kb.sqlite"], "-o kb.sqlite is the knowledge base this command reads"),
        (["export", "sources", "--style", "apa", "-o", "./kb.sqlite"], "-o ./kb.sqlite is the knowledge base this command reads"),
        (["export", "sources", "--style", "apa", "-o", "kb.sqlite-wal"], "-o kb.sqlite-wal is a file of the knowledge base"),
        (["map", "cohort", "boundary", "-o", "kb.sqlite"], "-o kb.sqlite is the knowledge base this command reads"),
        (["export", "sources", "--style", "apa", "-o", ""], "-o needs a file name"),
        (["export", "sources", "--style", "apa", "-o", "nowhere/refs.txt"], "the folder nowhere does not exist"),
        (["audit", "--write-baseline", "folder"], "--write-baseline folder is a folder"),
        (["audit", "--write-baseline", "kb.sqlite"], "--write-baseline kb.sqlite is the knowledge base"),
        (["check", "page.md", "--emit-claims", "page.md"], "--emit-claims page.md is one of this command's input files"),
        (["check", "page.md", "--emit-claims", "kb.sqlite"], "--emit-claims kb.sqlite is the knowledge base"),
    ])
    func aDestructiveOutputIsRefusedAndNothingChanges(arguments: [String], message: String) throws {
        let before = try snapshot()
        let result = try KBProcess.run(arguments, in: directory)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty, "\(arguments): nothing is printed before the refusal")
        #expect(try snapshot() == before, "\(arguments) changed the folder")
    }

    /// `serve --access-log` appends to its file, and refuses the same targets before it binds a
    /// port (a server that started would be terminated after 20 s and fail the test).
    @Test(arguments: [("kb.sqlite", "--access-log kb.sqlite is the knowledge base this command reads"),
                      ("kb.sqlite-shm", "--access-log kb.sqlite-shm is a file of the knowledge base"),
                      ("folder", "--access-log folder is a folder")])
    func anAccessLogOverTheKnowledgeBaseOrAFolderIsRefused(name: String, message: String) throws {
        let before = try snapshot()
        let result = try KBProcess.run(["serve", "--port", "0", "--access-log", name], in: directory, deadline: 20)
        #expect(result.status == 2, "\(name): \(result.stderr)")
        #expect(result.stderr.contains(message), "\(name): \(result.stderr)")
        #expect(try snapshot() == before, "--access-log \(name) changed the folder")
    }

    /// The knowledge base through a symbolic link or a hard link is the same file.
    @Test func theKnowledgeBaseUnderAnotherNameIsRefused() throws {
        let manager = FileManager.default
        try manager.createSymbolicLink(atPath: directory.appendingPathComponent("alias.sqlite").path, withDestinationPath: "kb.sqlite")
        try manager.linkItem(at: directory.appendingPathComponent("kb.sqlite"), to: directory.appendingPathComponent("hard.sqlite"))
        let before = try snapshot()
        for name in ["alias.sqlite", "hard.sqlite"] {
            let result = try kb("export", "sources", "--style", "apa", "-o", name)
            #expect(result.status == 2 && result.stderr.contains("is the knowledge base this command reads"), "\(name): \(result.stderr)")
        }
        #expect(try snapshot() == before)
        #expect(try kb("stats").status == 0)
        // Through the link, the files SQLite makes beside the linked file, before they exist.
        for name in ["kb.sqlite-wal", "kb.sqlite-journal"] {
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path))
            let result = try kb("--db", "alias.sqlite", "export", "sources", "--style", "apa", "-o", name)
            #expect(result.status == 2 && result.stderr.contains("is a file of the knowledge base"), "\(name): \(result.stderr)")
        }
        #expect(try snapshot() == before)
    }

    /// An ordinary file is still written, and replaced whole when it exists; the temporary file
    /// beside it is gone.
    @Test func anOrdinaryFileIsWrittenAndReplaced() throws {
        try Data("old\n".utf8).write(to: directory.appendingPathComponent("refs.bib"))
        let first = try kb("export", "sources", "--style", "bibtex", "-o", "refs.bib")
        #expect(first.status == 0, "\(first.stderr)")
        let written = try String(contentsOf: directory.appendingPathComponent("refs.bib"), encoding: .utf8)
        #expect(written.hasPrefix("@") && !written.contains("old"))
        let map = try kb("map", "cohort", "boundary", "-o", "folder/map.txt")
        #expect(map.status == 0, "\(map.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("folder/keep.txt").path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }
}
