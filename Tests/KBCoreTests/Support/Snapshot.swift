import Foundation
import Testing

/// Compares `text` with `Snapshots/<name>` beside the calling test file (argument-parser's
/// `assertSnapshot`). With `RECORD_SNAPSHOTS=1` the file is rewritten and the test fails, so
/// that someone reviews the diff.
func assertSnapshot(_ text: String, named name: String, filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let directory = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let url = directory.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        Issue.record("recorded snapshot \(name); review it and run again without RECORD_SNAPSHOTS", sourceLocation: sourceLocation)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("no snapshot \(name); run with RECORD_SNAPSHOTS=1 to record it", sourceLocation: sourceLocation)
        return
    }
    if expected != text {
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(expectedLines.count, actualLines.count)
        let shownExpected = first < expectedLines.count ? String(expectedLines[first]) : "<end>"
        let shownActual = first < actualLines.count ? String(actualLines[first]) : "<end>"
        Issue.record("snapshot \(name) differs at line \(first + 1):\n  expected: \(shownExpected)\n  actual:   \(shownActual)", sourceLocation: sourceLocation)
    }
}
