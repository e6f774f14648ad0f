import Foundation
import Testing

/// An analyst trial's usage findings, end to end: a negative number is refused for what it is,
/// not as a missing value; an empty `--db=` is a usage error naming `--db`, not the general help
/// with exit 0; a table's headers line up with its columns at every width; `$COLUMNS` follows
/// one rule (``TableWidth``) in every command.
@Suite(.serialized)
struct UsageEdgeCLITests {
    let directory: URL

    init() throws {
        directory = try KBProcess.temporaryDirectory()
    }

    func kb(_ arguments: [String], columns: String = "120") throws -> KBProcess.Result {
        try KBProcess.run(arguments, in: directory, environment: ["COLUMNS": columns], deadline: 60)
    }

    // MARK: Negative numbers

    static let negativeNumbers: [([String], String)] = [
        (["query", "claims", "--limit", "-1"], "--limit must be a whole number from 1 to 1000000000"),
        (["query", "claims", "--limit", "-1", "--format", "json"], "--limit must be a whole number from 1 to 1000000000"),
        (["--db", "kb.sqlite", "query", "claims", "--limit", "-20"], "--limit must be a whole number from 1 to 1000000000"),
        (["run", "mission", "--limit", "-1"], "--limit must be a whole number from 1 to 1000000000"),
        (["map", "cohort", "boundary", "--max-cells", "-1"], "--max-cells must be a positive whole number"),
        (["brief", "ml-platform-engineer", "--top", "-3"], "--top must be at least 1"),
        (["edit", "noy2023-writing-time", "value=1", "--if-version", "-1"], "--if-version must be a version: a whole number from 1"),
        (["edit", "noy2023-writing-time", "value=1", "--if-version", "0"], "--if-version must be a version: a whole number from 1"),
        (["notice", "noy2023experimental", "--type", "retraction", "--if-version", "-2"], "--if-version must be a version"),
        (["remove", "noy2023-writing-time", "--reason", "test", "--if-version", "-1"], "--if-version must be a version"),
        (["serve", "--port", "-1"], "--port must be between 0 (any free port) and 65535"),
        (["serve", "--readers", "-1"], "--readers must be at least"),
        (["undo", "-3"], "the change id must be a whole number from 1 (kb log lists the changes); found '-3'"),
        (["undo", "-3", "--reason", "a test"], "the change id must be a whole number from 1"),
        (["undo", "0"], "the change id must be a whole number from 1 (kb log lists the changes); found '0'"),
    ]

    @Test(arguments: negativeNumbers)
    func aNegativeNumberIsRefusedForWhatItIs(_ arguments: [String], _ message: String) throws {
        let result = try kb(arguments)
        #expect(result.status == 2, "\(arguments): exit \(result.status), \(result.stderr)")
        #expect(result.stderr.contains("kb: error: " + message), "\(arguments): \(result.stderr)")
        #expect(!result.stderr.contains("Missing value"), "\(arguments): \(result.stderr)")
    }

    // MARK: An empty --db

    static let emptyPaths: [[String]] = [
        ["--db=", "stats"], ["stats", "--db="], ["query", "claims", "--db="], ["--db=", "query", "claims"],
        ["--db=", "--read-only", "stats"], ["--db="],
    ]

    @Test(arguments: emptyPaths)
    func anEmptyAttachedDatabaseIsAUsageError(_ arguments: [String]) throws {
        let result = try kb(arguments)
        #expect(result.status == 2, "\(arguments): exit \(result.status)")
        #expect(result.stderr.contains("'--db=' is empty"), "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty, "\(arguments): printed \(result.stdout.prefix(200))")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("stats").path))
    }

    @Test(arguments: [["--db", "", "stats"], ["stats", "--db", ""], ["query", "claims", "--db", ""]])
    func anEmptyDatabasePathIsAUsageError(_ arguments: [String]) throws {
        let result = try kb(arguments)
        #expect(result.status == 2, "\(arguments): exit \(result.status), \(result.stderr)")
        #expect(result.stderr.contains("--db needs a path"), "\(arguments): \(result.stderr)")
    }

    @Test func anEmptyAttachedValueOfAnyOptionIsNamed() throws {
        let result = try kb(["query", "--profile=", "claims"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("'--profile=' is empty"), "\(result.stderr)")
    }

    // MARK: Narrow tables

    static let tables: [[String]] = [["query", "claims"], ["list", "sources"], ["list", "cohorts"], ["log"],
                                     ["query", "claims group by design"], ["map", "cohort", "boundary"]]

    @Test(arguments: tables)
    func headersLineUpWithTheirColumnsAtEveryWidth(_ arguments: [String]) throws {
        for columns in ["40", "30", "25", "60", "200"] {
            let result = try kb(arguments, columns: columns)
            #expect(result.status == 0, "\(arguments) at \(columns): \(result.stderr)")
            let problems = TableLayout.misalignedHeaders(in: result.stdout)
            #expect(problems.isEmpty, "\(arguments) at \(columns): \(problems)\n\(result.stdout)")
        }
    }

    // MARK: COLUMNS

    /// Below 21, `$COLUMNS` still chooses the narrowest table (it jumped to 120); one that is not
    /// a number is said on stderr.
    @Test func columnsBelowTwentyOneGiveTheNarrowestTable() throws {
        let narrowest = try kb(["query", "claims", "--limit", "2"], columns: "30")
        for columns in ["20", "10", "1"] {
            let result = try kb(["query", "claims", "--limit", "2"], columns: columns)
            #expect(result.status == 0)
            #expect(result.stdout == narrowest.stdout, "COLUMNS=\(columns)\n\(result.stdout)")
            #expect(!result.stderr.contains("COLUMNS"), "\(result.stderr)")
        }
        let wide = try kb(["query", "claims", "--limit", "2"], columns: "120")
        #expect(narrowest.stdout != wide.stdout)
    }

    @Test func columnsThatIsNotAWidthIsSaid() throws {
        let result = try kb(["query", "claims", "--limit", "2"], columns: "wide")
        #expect(result.status == 0)
        #expect(result.stderr.contains("ignoring COLUMNS='wide'"), "\(result.stderr)")
        #expect(result.stdout == (try kb(["query", "claims", "--limit", "2"], columns: "120")).stdout)
    }

    /// A `$COLUMNS` that is not a width is said only where a table is drawn: JSON, CSV and the
    /// other machine formats are not fitted to it.
    @Test(arguments: [["query", "claims", "--limit", "2"], ["query", "claims group by design"], ["map", "cohort", "boundary"]])
    func columnsThatIsNotAWidthIsNotSaidForMachineFormats(_ arguments: [String]) throws {
        for format in ["json", "csv", "markdown"] {
            let result = try kb(arguments + ["--format", format], columns: "wide")
            #expect(result.status == 0, "\(arguments) \(format): \(result.stderr)")
            #expect(!result.stderr.contains("COLUMNS"), "\(arguments) \(format): \(result.stderr)")
        }
        let table = try kb(arguments, columns: "wide")
        #expect(table.stderr.contains("ignoring COLUMNS='wide'"), "\(arguments): \(table.stderr)")
    }

    /// `kb log` reads `$COLUMNS` by the same rule: narrow wraps it (it was unbounded below 21 off
    /// a terminal), and without it a pipe gets one line per change.
    @Test func logWrapsByTheSameRule() throws {
        _ = try kb(["edit", "noy2023-writing-time", "note=a note long enough to wrap in a narrow table of the change log", "--reason", "a test"])
        let narrow = try kb(["log"], columns: "20")
        let wide = try kb(["log"], columns: "30")
        #expect(narrow.status == 0 && wide.status == 0)
        #expect(narrow.stdout == wide.stdout, "\(narrow.stdout)")
        // The rows' lines that continue a row (a row starts with its change number), below the
        // rule: the headers may wrap over several lines above it; -1 without a rule.
        let continued = { (text: String) -> Int in
            let lines = text.components(separatedBy: "\n")
            guard let rule = lines.firstIndex(where: TableLayout.isRule) else { return -1 }
            return lines[(rule + 1)...].filter { !$0.isEmpty && !($0.first?.isNumber ?? false) }.count
        }
        #expect(continued(narrow.stdout) > 0, "\(narrow.stdout)")
        let unbounded = try KBProcess.run(["log"], in: directory, environment: ["COLUMNS": ""])
        #expect(unbounded.status == 0)
        #expect(continued(unbounded.stdout) == 0, "\(unbounded.stdout)")
    }
}

/// Reads a text table back: the rule under the headers (`---  -----`) gives each column's span,
/// and every character of a header line must fall inside one.
enum TableLayout {
    /// The header lines of each table in `text` (the lines above a rule) whose characters run
    /// outside their columns, with the rule they break.
    static func misalignedHeaders(in text: String) -> [String] {
        let lines = text.components(separatedBy: "\n")
        var problems: [String] = []
        var headerStart = 0
        for (index, line) in lines.enumerated() {
            guard isRule(line) else {
                if line.isEmpty { headerStart = index + 1 }
                continue
            }
            let spans = spans(of: line)
            for header in lines[headerStart..<index] {
                for (offset, character) in header.enumerated() where character != " " {
                    if !spans.contains(where: { $0.contains(offset) }) { problems.append("'\(header)' over '\(line)'") ; break }
                }
            }
            headerStart = index + 1
        }
        return problems
    }

    static func isRule(_ line: String) -> Bool {
        line.hasPrefix("-") && line.allSatisfy { $0 == "-" || $0 == " " }
    }

    static func spans(of rule: String) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        var start: Int?
        for (offset, character) in rule.enumerated() {
            if character == "-", start == nil { start = offset }
            if character == " ", let begun = start { spans.append(begun..<offset); start = nil }
        }
        if let start { spans.append(start..<rule.count) }
        return spans
    }
}
