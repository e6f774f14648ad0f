import Foundation
import Testing

/// Analyst trial 5 (issue 14) through the `kb` binary: a field given twice is a data error
/// (exit 3) that writes nothing, and a stale write names the version a retry takes.
@Suite(.serialized)
struct CurationTrial5CLITests {
    let directory: URL

    init() throws {
        directory = try KBProcess.temporaryDirectory()
    }

    func kb(_ arguments: String...) throws -> KBProcess.Result {
        try KBProcess.run(arguments, in: directory, environment: ["KB_AUTHOR": "ana"])
    }

    @Test func aFieldGivenTwiceExitsThreeAndWritesNothing() throws {
        _ = try kb("init")
        let before = try kb("show", "noy2023experimental-experiment", "--format", "json").stdout
        let twice = try kb("edit", "noy2023experimental-experiment", "n=10", "n=20")
        #expect(twice.status == 3, "\(twice.stderr)")
        #expect(twice.stderr.contains("field 'n' is given twice"), "\(twice.stderr)")
        #expect(try kb("show", "noy2023experimental-experiment", "--format", "json").stdout == before)
    }

    /// `kb show` leaves the version out (an undo restores its output byte for byte, while every
    /// write moves the version on); a stale write's refusal names the current version, which a
    /// retry then passes.
    @Test func aStaleWriteNamesTheVersionARetryTakes() throws {
        _ = try kb("init")
        #expect(try kb("edit", "noy2023experimental-experiment", "n=450").status == 0)
        let stale = try kb("edit", "noy2023experimental-experiment", "n=451", "--if-version", "1")
        #expect(stale.status == 4, "\(stale.stderr)")
        #expect(stale.stderr.contains("retry with --if-version 2"), "\(stale.stderr)")
        let retried = try kb("edit", "noy2023experimental-experiment", "n=451", "--if-version", "2")
        #expect(retried.status == 0, "\(retried.stderr)")
    }
}
