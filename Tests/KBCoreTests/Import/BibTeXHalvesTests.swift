import Testing
@testable import KBDomain
@testable import KBFormats

/// A file read in two halves at once (``BibTeXParser/parseInHalves(from:)``) is read exactly as
/// a whole reading reads it: the same entries, preambles, warnings and skipped entries in the
/// same order, or the same error. The drawn files put the middle inside entries, inside values
/// holding lines that start with `@`, after `@string`s (which a second half cannot know), next
/// to stray `@`s, unclosed entries (with and without `--skip-invalid`) and undefined macros.
struct BibTeXHalvesTests {
    static func file(seed: UInt64) -> String {
        var random = SeededRandom(seed: seed)
        func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
        let count = Int.random(in: 2..<40, using: &random)
        var items: [String] = []
        for index in 0..<count {
            if chance(6) { items.append("@string{m\(index) = {Macro \(index)}}") }
            if chance(5) { items.append("Written by someone @ home, not an entry.") }
            if chance(4) { items.append("@comment{a comment\n@article{inside, title = {no}}\n}") }
            if chance(3) { items.append("@preamble{ \"\\newcommand{\\x}{y}\" }") }
            if chance(3) {
                items.append("@article{broken\(index), title = {Never closed \(index), year = {2001}}")
                continue
            }
            let month = chance(10) ? "m\(Int.random(in: 0..<count, using: &random))" : "jan"
            let abstract = chance(30) ? "  abstract = {First line\n@misc{not, an = {entry}}\nlast line},\n" : ""
            let opener = chance(10) ? ("(", ")") : ("{", "}")
            items.append("""
                @article\(opener.0)k\(index),
                  author = {Doe, Jane and {World Health Organization}},
                  title = "A {T}itle with {Braces} \(index)",
                \(abstract)  month = \(month),
                  year = 20\(10 + index % 10) # {a},
                  title = {a duplicate field}
                \(opener.1)
                """)
        }
        return items.joined(separator: "\n\n") + "\n"
    }

    enum Outcome: Equatable {
        case read(entries: [BibTeXEntry], preambles: [String], warnings: [Diagnostic], skipped: [Diagnostic])
        case failed([Diagnostic])

        init(_ body: () throws -> BibTeXFile) {
            do {
                let file = try body()
                self = .read(entries: file.entries, preambles: file.preambles, warnings: file.warnings, skipped: file.skipped)
            } catch let diagnostic as Diagnostic {
                self = .failed([diagnostic])
            } catch let list as DiagnosticList {
                self = .failed(list.diagnostics)
            } catch {
                self = .failed([Diagnostic(id: "unexpected", message: "\(error)", location: SourceLocation(file: "", text: "", range: 0..<0))])
            }
        }
    }

    @Test func halvesReadAsTheWholeFile() {
        var kept = 0, dropped = 0, failed = 0
        for seed in UInt64(1)...400 {
            let text = SourceText(name: "halves.bib", bytes: Array(Self.file(seed: seed).utf8))
            for skipInvalid in [false, true] {
                var whole = BibTeXParser(text: text, skipInvalid: skipInvalid)
                let expected = Outcome { try whole.parse() }
                var halves = BibTeXParser(text: text, skipInvalid: skipInvalid)
                let actual = Outcome { try halves.parseInHalves(from: 2) }
                #expect(actual == expected, "seed \(seed), skipInvalid \(skipInvalid)")
                if halves.readInHalves { kept += 1 } else { dropped += 1 }
                if case .failed = expected { failed += 1 }
            }
        }
        // Both ways are taken often, and errors are among them.
        #expect(kept > 100 && dropped > 100 && failed > 50, "kept \(kept), dropped \(dropped), failed \(failed)")
    }

    @Test func smallFilesAreReadWhole() throws {
        let text = SourceText(name: "small.bib", bytes: Array(Self.file(seed: 7).utf8))
        var parser = BibTeXParser(text: text)
        _ = try parser.parseInHalves()
        #expect(!parser.readInHalves)
    }
}
