import Foundation
import Testing

/// The second edition's forms through the `kb` binary: the README's examples answer, a user's
/// own saved query (`./Queries/NAME.kbq`) works as `@NAME`, and each new mistake exits 2 with a
/// caret under what was written and nothing on stdout.
struct LanguageV2CLITests {
    let directory: URL

    init() throws {
        directory = try KBProcess.temporaryDirectory()
    }

    func kb(_ arguments: String...) throws -> KBProcess.Result {
        try KBProcess.run(arguments, in: directory)
    }

    func count(_ query: String) throws -> Int? {
        let result = try kb("query", query, "--format", "json")
        #expect(result.status == 0, "\(query): \(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return object?["count"] as? Int
    }

    @Test func theReadmeExamplesAnswer() throws {
        #expect(try count("claims where topic=ai-helps|skill-economy and year=2023..2025") == 9)
        #expect(try count("claims where grade=moderate.. and replication!=failed|mixed") == 3)
        #expect(try count("claims for ml-platform-engineer direct") == 6)
        #expect(try count("claims for ml-platform-engineer within 1 hop") == 7)
        #expect(try count("claims for ml-platform-engineer") == 16)
        #expect(try count("claims for pytorch within 1 hop where grade=..low") == 7)
        #expect(try count("claims where year=2023..2025 and grade=low.. rank by year") == 5)
        #expect(try count("claims where @preregistered-large-samples") == 3)
    }

    @Test func aSavedQueryOfTheUsersOwnIsACondition() throws {
        let folder = directory.appendingPathComponent("Queries")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "# Recent\nclaims where year=2025..\n".write(to: folder.appendingPathComponent("recent.kbq"), atomically: true, encoding: .utf8)
        #expect(try count("claims where @recent") == count("claims where year >= 2025"))
        #expect(try count("claims where not @recent") == count("claims where not (year >= 2025)"))
        let typo = try kb("query", "claims where @recnt")
        #expect(typo.status == 2 && typo.stderr.contains("did you mean '@recent'?"), "\(typo.stderr)")
    }

    @Test(arguments: [
        ("claims where year=2025..2020", "empty range", "^^^^^^^^^^"),
        ("claims for ml-platform-engineer within -1 hops", "from 0 to 2", "^^"),
        ("claims for ml-platform-engineer within 99 hops", "at most 2 hops", "^^"),
        ("claims where @nosuch", "unknown saved query '@nosuch'", "^^^^^^^"),
        ("claims where cohort=older..women", "'cohort' has no order", "^^^^^^"),
        ("claims where @strongest-for-profile", "has no condition", "^^^^^^^^^^^^^^^^^^^^^^"),
    ])
    func newMistakesAreCaretErrors(query: String, message: String, caret: String) throws {
        let result = try kb("query", query)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        let caretLine = result.stderr.split(separator: "\n").first { $0.contains("^") }.map(String.init) ?? ""
        #expect(caretLine.hasSuffix(" " + caret), "\(result.stderr)")
    }
}
