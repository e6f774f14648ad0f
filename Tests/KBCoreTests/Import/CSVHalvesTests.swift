import Foundation
import Testing
@testable import KBAudit
@testable import KBCore
@testable import KBDomain
@testable import KBFormats
@testable import KBQuery
@testable import KBStore

/// A large CSV is mapped on two threads (``CSVMapper/runInHalves``); the batch must be the one a
/// single thread makes — sources recurring on both sides of the cut and changing on the way,
/// new taxonomy nodes, repeated claim ids, invalid DOIs, ambiguous joins, rows left out by a rule
/// or as invalid, malformed rows — row for row, warning for warning, error for error.
struct CSVHalvesTests {
    static let mapping = """
        join:
          venues:
            file: venues.csv
            on: [venue]
        skip:
          - if: kind = 'skip'
            reason: marked to skip
        sources:
          paper:
            group: ["{paper}"]
            type: article-journal
            title: "{title}"
            container-title: "{venues.name}"
            doi: "{doi}"
            issued: "2020"
            authors: {value: "{authors}", format: semicolon}
        studies:
          main:
            source: paper
            id: "st-{paper}-{prereg}"
            preregistered: "{prereg}"
        claims:
          - id: "{id}"
            source: paper
            study: main
            statement: "Finding {id} on {topic}"
            about:
              - {kind: topic, value: "{topic}", create: true}
        """

    /// Rows with every kind of dependency between the two halves, from a seed.
    static func rows(seed: UInt64, count: Int, strayQuotes: Bool = false) -> String {
        var random = SeededRandom(seed: seed)
        func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
        var lines = ["id,paper,title,doi,venue,prereg,topic,kind,authors"]
        var paper = "p0"
        for index in 0..<count {
            if chance(35) { paper = "p\(Int.random(in: 0..<40, using: &random))" }
            let id = chance(2) && index > 0 ? "c\(Int.random(in: 0..<index, using: &random))" : "c\(index)"
            let title = chance(15) ? "Retitled \(paper)" : "Work \(paper), \"quoted\""
            let doi = chance(8) ? "not-a-doi-\(paper)" : "10.5555/\(paper)"
            let prereg = chance(3) ? "maybe" : ["yes", "no", "unknown"][Int.random(in: 0..<3, using: &random)]
            let topic = "topic \(Int.random(in: 0..<30, using: &random))"
            let kind = chance(5) ? "skip" : "keep"
            let authors = chance(10) ? "Doe, Jane; Roe, R." : "Doe, Jane"
            var fields = [id, paper, "\"\(title.replacingOccurrences(of: "\"", with: "\"\""))\"", doi, "v\(Int.random(in: 0..<6, using: &random))",
                          prereg, topic, kind, "\"\(authors)\""]
            if chance(2) { fields.removeLast() }
            // Now and then a stray quote: a read error, which no option skips.
            if strayQuotes, chance(2) { fields[6] = "topic \"odd\"" }
            if chance(3) { fields[2] = "\"two\nlines\"" }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static let directory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kb-csv-halves-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        // v5 is listed twice: an ambiguous join, warned about once per key.
        let venues = "venue,name\nv0,Journal Zero\nv1,Journal One\nv2,Journal Two\nv3,Journal Three\nv4,Journal Four\nv5,Five A\nv5,Five B\n"
        try? venues.write(to: url.appendingPathComponent("venues.csv"), atomically: true, encoding: .utf8)
        return url
    }()

    /// The batch (or the error) one thread makes, and the one two threads make, as text.
    static func both(_ text: String, skipInvalid: Bool) throws -> (single: [String], halves: [String]) {
        let known = SeedLoader.KnownNames()
        func run(_ halves: Bool) throws -> [String] {
            let mapping = try CSVMapping(name: "test.yaml", text: Self.mapping, known: known)
            let mapper = CSVMapper(mapping: mapping, main: SourceText(name: "rows.csv", text: text), directory: directory, known: known,
                                   skipInvalid: skipInvalid)
            do {
                let batch = halves ? try mapper.run(twin: try CSVMapping(name: "test.yaml", text: Self.mapping, known: known), halvesFrom: 0)
                    : try mapper.run()
                return describe(batch)
            } catch let problem as Diagnostic {
                return ["error \(problem.id) \(problem.message) at \(problem.location.firstLineNumber)"]
            }
        }
        return (try run(false), try run(true))
    }

    static func describe(_ batch: ImportBatch) -> [String] {
        var out = ["records \(batch.recordsRead)"]
        out += batch.sources.map { "source \($0.reference) \($0.key ?? "-") \(String(describing: $0.source))" }
        out += batch.dataset.studies.map { "study \(String(describing: $0))" }
        out += batch.dataset.claims.map { "claim \(String(describing: $0))" }
        out += batch.dataset.entities.map { "entity \(String(describing: $0))" }
        out += batch.warnings.map { "warning \($0.id) \($0.message) at \($0.location.firstLineNumber)" }
        out += batch.skipped.map { "skipped \($0.id) \($0.message) at \($0.location.firstLineNumber)" }
        return out
    }

    /// The first line two descriptions differ in (with its position), or nil.
    static func firstDifference(_ halves: [String], _ single: [String]) -> String? {
        for (index, (left, right)) in zip(halves, single).enumerated() where left != right {
            return "line \(index): two threads gave \(left); one thread \(right)"
        }
        return halves.count == single.count ? nil : "two threads gave \(halves.count) lines, one thread \(single.count)"
    }

    @Test(arguments: 1...24)
    func twoThreadsMapWhatOneMaps(seed: Int) throws {
        let text = Self.rows(seed: UInt64(seed), count: 300, strayQuotes: seed % 6 == 0)
        let skipping = try Self.both(text, skipInvalid: true)
        if seed % 6 == 0 {
            #expect(skipping.single.first?.hasPrefix("error csv.stray-quote") == true)
        } else {
            #expect(skipping.single.count > 300)
        }
        #expect(Self.firstDifference(skipping.halves, skipping.single) == nil)
        let failing = try Self.both(text, skipInvalid: false)
        #expect(Self.firstDifference(failing.halves, failing.single) == nil)
    }

    @Test func aValidFileGivesTheSameBatchWithoutErrors() throws {
        // No invalid row: both threads' work is used, and the batch has every row.
        var lines = ["id,paper,title,doi,venue,prereg,topic,kind,authors"]
        for index in 0..<500 { lines.append("c\(index),p\(index / 3),Work \(index / 3),10.5555/\(index / 3),v\(index % 5),yes,topic \(index % 7),keep,\"Doe, J.\"") }
        let result = try Self.both(lines.joined(separator: "\n") + "\n", skipInvalid: false)
        #expect(result.single.contains("records 500"))
        #expect(Self.firstDifference(result.halves, result.single) == nil)
    }

    /// A read error in the second half: the second thread stops there, and the error comes after
    /// every row before it, as from one thread; one in the first half stops both.
    @Test(arguments: [120, 420])
    func aReadErrorIsTheSameFromEitherHalf(errorRow: Int) throws {
        var lines = ["id,paper,title,doi,venue,prereg,topic,kind,authors"]
        for index in 0..<500 {
            let topic = index == errorRow ? "topic \"odd\"" : "topic \(index % 7)"
            lines.append("c\(index),p\(index / 3),Work \(index / 3),10.5555/\(index / 3),v\(index % 5),yes,\(topic),keep,\"Doe, J.\"")
        }
        let result = try Self.both(lines.joined(separator: "\n") + "\n", skipInvalid: true)
        #expect(result.single == ["error csv.stray-quote a quote inside an unquoted field at \(errorRow + 2)"])
        #expect(result.halves == result.single)
    }

    /// The cut is found by walking the records' syntax: it must be where the parser itself stands
    /// between two records, whatever quotes and line breaks come before it.
    @Test func theCutIsWhereTheParserStandsBetweenRecords() throws {
        let text = SourceText(name: "rows.csv", text: Self.rows(seed: 7, count: 120))
        var parser = CSVParser(text: text)
        var cursors: [CSVParser.Cursor] = [parser.cursor]
        while try parser.next() != nil { cursors.append(parser.cursor) }
        let start = cursors[0]
        for offset in stride(from: 0, to: text.bytes.count, by: 97) {
            let expected = cursors.first { $0.position >= offset && $0.position < text.bytes.count }
            #expect(parser.boundary(after: offset, from: start) == expected)
        }
        // Malformed before the offset: no cut (the rows are then mapped on one thread).
        let broken = SourceText(name: "rows.csv", text: "a,b\n1,x\"y\n2,z\n3,w\n")
        #expect(CSVParser(text: broken).boundary(after: 12, from: CSVParser.Cursor(position: 0, line: 1)) == nil)
    }
}
