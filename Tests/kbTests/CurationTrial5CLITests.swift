import Foundation
import Testing

/// Analyst trial 5 (issue 14) through the `kb` binary: a field given twice is a data error
/// (exit 3) that writes nothing, and `kb show` prints the version `--if-version` takes.
@Suite(.serialized)
struct CurationTrial5CLITests {
    let directory: URL

    init() throws {
        directory = try KBProcess.temporaryDirectory()
    }

    func kb(_ arguments: String...) throws -> KBProcess.Result {
        try KBProcess.run(arguments, in: directory, environment: ["KB_AUTHOR": "ana"])
    }

    @Test func aFieldGivenTwiceExitsThreeAndShowGivesTheVersion() throws {
        _ = try kb("init")
        let twice = try kb("edit", "noy2023experimental-experiment", "n=10", "n=20")
        #expect(twice.status == 3, "\(twice.stderr)")
        #expect(twice.stderr.contains("field 'n' is given twice"), "\(twice.stderr)")
        let shown = try kb("show", "noy2023experimental-experiment")
        #expect(shown.stdout.contains("453"))
        #expect(shown.stdout.split(separator: "\n").last?.split(separator: " ") == ["version", "1"], "\(shown.stdout)")

        let edited = try kb("edit", "noy2023experimental-experiment", "n=450")
        #expect(edited.status == 0, "\(edited.stderr)")
        let json = try kb("show", "noy2023experimental-experiment", "--format", "json")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["version"] as? Int == 2)
        // The version shown is the one a guarded write accepts.
        let guarded = try kb("edit", "noy2023experimental-experiment", "n=451", "--if-version", "2")
        #expect(guarded.status == 0, "\(guarded.stderr)")
    }
}
