import Foundation
import Testing
@testable import KBDomain
@testable import KBFormats
@testable import KBStore

/// A CSL-JSON file's syntax error is reported at its byte with what was expected there, and a
/// comma before `]` or `}` is an error (a trial found a missing comma reported at 1:1 and a
/// trailing comma taken).
struct JSONSyntaxTests {
    @Test(arguments: [
        ("[]", nil), ("{}", nil), (" [1, -2.5e3, 0, true, false, null, \"a\\u00e9\\n\", {\"k\": [{}]}] \n", nil),
        ("\u{FEFF}[1]", nil), ("\"just a string\"", nil),
        ("[1 2]", 3), ("[1,]", 3), ("{\"a\": 1,}", 8), ("{\"a\" 1}", 5), ("{a: 1}", 1), ("[01]", 2), ("[1.]", 3),
        ("[-]", 2), ("[1e]", 3), ("[tru]", 4), ("[\"a\\x\"]", 4), ("[\"a\\u12g4\"]", 7), ("[\"a\nb\"]", 3), ("[\"abc", 5),
        ("[\"\\uD83D\\uDE00\\ud83d\\ude00\\uFFFF\"]", nil), ("[\"a\\uD83D\"]", 3), ("[\"a\\uDE00\"]", 3),
        ("[\"\\uD83D\\u0041\"]", 2), ("[\"\\uD83Dx\"]", 2), ("[\"\\uDBFF\\uD800\"]", 2), ("[\"\\uD83D\\", 2),
        ("[1] [2]", 4), ("", 0), ("[", 1), ("[1, 2", 5), ("{\"a\": }", 6), ("[NaN]", 1), ("[1e999]", 1), ("[-0.5e-3]", nil),
    ] as [(String, Int?)])
    func theFirstErrorIsFound(text: String, offset: Int?) {
        let failure = JSONSyntax.firstError(in: InputBytes(text.utf8))
        #expect(failure?.offset == offset, "\(text.debugDescription): \(failure.map { "\($0.offset): \($0.expected)" } ?? "valid")")
    }

    /// What Foundation writes is valid; over one-byte changes to those texts, this checker and
    /// Foundation agree, except that this checker is the stricter about one thing: a comma
    /// before `]` or `}`. (Bytes that are not UTF-8 are Foundation's to refuse: the grammar is
    /// checked over valid text.)
    @Test func agreesWithFoundationOnGeneratedTexts() throws {
        var random = SeededRandom(seed: 19)
        let alphabet = Array("[]{}\",:0123456789-+.eE \\/untrfalsebxdD\u{07}\n".utf8)
        var verdicts: [String: Int] = [:]
        for _ in 0..<300 {
            let value = Self.value(depth: 0, using: &random)
            let data = try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])
            let bytes = Array(data)
            #expect(JSONSyntax.firstError(in: InputBytes(bytes)) == nil, "\(String(decoding: bytes, as: UTF8.self))")
            for _ in 0..<20 where !bytes.isEmpty {
                var mutated = bytes
                let position = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: mutated.remove(at: position)
                case 1: mutated.insert(alphabet.randomElement(using: &random) ?? 0x20, at: position)
                default: mutated[position] = alphabet.randomElement(using: &random) ?? 0x20
                }
                guard String(validating: mutated, as: UTF8.self) != nil else { continue }
                let failure = JSONSyntax.firstError(in: InputBytes(mutated))
                let foundationReads = (try? JSONSerialization.jsonObject(with: Data(mutated), options: [.fragmentsAllowed])) != nil
                let text = String(decoding: mutated, as: UTF8.self)
                switch (failure, foundationReads) {
                case (nil, true): verdicts["both accept", default: 0] += 1
                case (nil, false): Issue.record("accepted, Foundation refuses: \(text)")
                case (let failure?, true):
                    #expect(failure.expected.contains("no comma before"), "refused, Foundation reads: \(text): \(failure.expected)")
                    verdicts["a trailing comma", default: 0] += 1
                case (_?, false): verdicts["both refuse", default: 0] += 1
                }
            }
        }
        // The changes reach all three outcomes, so the comparison above is not vacuous.
        #expect(verdicts["both accept", default: 0] > 300 && verdicts["both refuse", default: 0] > 1000
                    && verdicts["a trailing comma", default: 0] > 0, "\(verdicts)")
    }

    static func value(depth: Int, using random: inout SeededRandom) -> Any {
        switch Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &random) {
        case 0: return Int.random(in: -1000...1000, using: &random)
        case 1: return Double(Int.random(in: -100_000...100_000, using: &random)) / 64
        case 2: return ["title", "é ü", "a\"b\\c", "line\nbreak", "tab\t", "", "\u{1F600}"].randomElement(using: &random) ?? ""
        case 3: return [NSNull(), true, false].randomElement(using: &random) ?? NSNull()
        case 4: return (0..<Int.random(in: 0...4, using: &random)).map { _ in value(depth: depth + 1, using: &random) }
        default:
            var object: [String: Any] = [:]
            for index in 0..<Int.random(in: 0...4, using: &random) { object["k\(index)"] = value(depth: depth + 1, using: &random) }
            return object
        }
    }

    /// Through the import: the file, line and column of the error, and nothing written.
    @Test func anImportPointsAtTheError() throws {
        let knowledgeBase = try KnowledgeBase.inMemory()
        for (text, line, column) in [("[\n {\"id\": \"a\", \"title\": \"T\"}\n {\"id\": \"b\", \"title\": \"U\"}\n]\n", 3, 2),
                                     ("[\n {\"id\": \"a\", \"title\": \"T\"},\n {\"id\": \"b\", \"title\": \"U\",}\n]\n", 3, 27)] {
            do {
                _ = try Importer(knowledgeBase).run([ImportInput(name: "bad.json", bytes: Array(text.utf8))])
                Issue.record("no error for \(text)")
            } catch let diagnostic as Diagnostic {
                #expect(diagnostic.id == "csl.invalid-json")
                #expect(diagnostic.location.file == "bad.json" && diagnostic.location.line == line && diagnostic.location.column == column,
                        "\(diagnostic.location.line):\(diagnostic.location.column)")
            } catch let errors as DiagnosticList {
                Issue.record("\(errors)")
            }
        }
        #expect(try knowledgeBase.reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM source") } == 0)
    }
}
