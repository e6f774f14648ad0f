import Testing
@testable import KBCore

/// The folder a new knowledge base would be made in, as `kb --db PATH` checks it (a one-letter
/// name stopped the process in Foundation's path splitting).
struct FolderOfPathTests {
    @Test(arguments: [("x", ""), ("kb.sqlite", ""), ("a/b", "a"), ("a/b/c.sqlite", "a/b"), ("/x", "/"), ("a/b/", "a"),
                      ("./kb.sqlite", "."), ("/", "/"), ("a//b", "a/"), ("", "")])
    func folderOf(_ path: String, _ folder: String) {
        #expect(KBService.folder(of: path) == folder, "\(path)")
    }

    @Test func aOneLetterNameInAFolderThatExistsIsAccepted() throws {
        try KBService.refuseMissingFolder("x")
        #expect(throws: (any Error).self) { try KBService.refuseMissingFolder("no-such-folder-\(UInt64.random(in: 0...UInt64.max))/x") }
    }
}
