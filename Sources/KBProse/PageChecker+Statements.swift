import Foundation
import KBDomain

/// The sentences without numbers: a sentence that says what a claim says.
extension PageChecker {
    /// The works the citations of a sentence (its columns on the line) name.
    static func works(citedIn sentence: ClosedRange<Int>, _ placed: [Placed]) -> [CitedWork] {
        placed.filter { sentence.contains($0.citation.column) }.compactMap(\.work)
    }

    /// The claims that share the most of a sentence's words, the candidates a sentence without
    /// numbers may say (none for a sentence of fewer than four content words).
    mutating func statementCandidates(_ sentence: String) throws -> [EvidenceClaim] {
        let words = Self.words(sentence)
        guard words.count >= 4 else { return [] }
        return try claims(sharingWords: words, limit: 12)
    }

    /// A sentence with no number: reported when it says what a claim says (its quote, or
    /// nearly all of its statement's words).
    /// `sharingWords`: the claims that share its words (``statementCandidates(_:)``), when
    /// a ``StatementPass`` searched them already.
    mutating func statementFindings(_ sentence: (text: String, range: ClosedRange<Int>), works: [CitedWork], file: String, line: Int,
                                    sharingWords searched: [EvidenceClaim]? = nil) throws -> [CheckFinding] {
        let words = Self.words(sentence.text)
        guard words.count >= 4 else { return [] }
        var candidates = try searched ?? statementCandidates(sentence.text)
        for work in works { candidates += try claims(of: work) }
        let folded = Self.folded(sentence.text)
        var out: [CheckFinding] = []
        var seen = Set<Int64>()
        for claim in candidates where !seen.contains(claim.id) {
            seen.insert(claim.id)
            guard let (at, length) = Self.says(sayings(of: claim), folded: folded) else { continue }
            let column = sentence.range.lowerBound + at
            let text = String(sentence.text.dropFirst(at).prefix(80))
            let work = works.first { $0.id == claim.sourceID }
            let verdict: CheckFinding.Verdict
            let message: String
            if claim.sourceID == nil {
                verdict = .unsupported
                message = "the KB holds this only as an unsourced assertion (\(claim.slug)); no study backs it"
            } else if let cue = Self.denial(in: folded, outside: at..<(at + length)) {
                // "It is false that …", "… only in one pilot": the claim's words, not its finding.
                verdict = .unsupported
                message = "the sentence holds \(claim.slug)'s words but says '\(cue)' beside them: "
                    + "a claim does not back its own denial or narrowing; read the sentence against it"
            } else if let weakness = Self.weakness(claim, work) {
                verdict = .weak
                message = weakness
            } else {
                verdict = .supported
                message = "\(claim.slug) (\(claim.grade.rawValue)) says this"
            }
            out.append(CheckFinding(file: file, line: line, column: column, verdict: verdict, subject: .statement, text: text, claim: claim.slug,
                                    grade: claim.grade, source: work?.slug, message: message, sentence: sentence.text))
        }
        return out
    }

    /// Where in the folded sentence the first of `sayings` (``readSayings(of:)``, a claim's quote,
    /// then its statement) stands, as a character offset, and its length; nil when it holds neither.
    static func says(_ sayings: [String], folded: String) -> (at: Int, length: Int)? {
        for quote in sayings {
            if let at = PlainText.offset(of: quote, in: folded) { return (at, quote.count) }
        }
        return nil
    }

    /// Words that, in a sentence beside a claim's own words, deny or narrow what the claim says
    /// (analyst trial: "It is false that access to ChatGPT narrowed the gap …" was `supported`).
    static let denials: Set<String> = [
        "not", "no", "never", "nor", "neither", "false", "untrue", "wrong", "incorrect", "myth",
        "withdrawn", "retracted", "refuted", "disproved", "debunked", "contrary", "unlike",
        "failed", "fails", "only", "hardly", "rarely", "cannot", "can't", "don't", "doesn't",
        "didn't", "isn't", "wasn't", "aren't", "weren't", "won't", "wouldn't", "couldn't",
    ]

    /// The first of ``denials`` in the folded sentence outside `span` (where the claim's words
    /// stand), or nil.
    static func denial(in folded: String, outside span: Range<Int>) -> String? {
        let characters = Array(folded)
        let start = min(max(span.lowerBound, 0), characters.count)
        let end = min(max(span.upperBound, start), characters.count)
        for part in [characters[..<start], characters[end...]] {
            let words = part.split { !($0.isLetter || $0 == "'") }.map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "'")) }
            if let cue = words.first(where: denials.contains) { return cue }
        }
        return nil
    }

    /// The claim's quote and statement as a sentence must hold them to say what it says:
    /// folded, without the spaces and stops at their ends, each of 20 characters or more.
    static func readSayings(of claim: EvidenceClaim) -> [String] {
        [claim.quote, claim.statement].compactMap { $0 }
            .map { Substring(Self.folded($0)).trimmingScalars { $0 == " " || $0 == "." } }
            .filter { $0.count >= 20 }
    }

    /// ``readSayings(of:)``, once a page per claim.
    mutating func sayings(of claim: EvidenceClaim) -> [String] {
        if let known = sayingsByClaim[claim.id] { return known }
        let read = Self.readSayings(of: claim)
        sayingsByClaim[claim.id] = read
        return read
    }

    /// The characters of `line`, split once for all the numbers read in it: a page written as
    /// one long line (a minified HTML page) would otherwise split it once per number.
    mutating func characters(of line: String) -> [Character] {
        if let last = lineCharacters, last.line == line { return last.characters }
        let characters = Array(line)
        lineCharacters = (line, characters)
        return characters
    }

    /// Lowercased, with typographic quotes and dashes made plain (lengths kept).
    static func folded(_ text: String) -> String {
        // "non-parent" is the 'nonparent' group, not 'parent' (``GroupTerms/joiningNon(_:)``).
        let lowered = GroupTerms.joiningNon(text.lowercased())
        // Each typographic quote's UTF-8 starts with 0xE2: a text without one has none to make plain.
        guard lowered.utf8.contains(0xE2) else { return lowered }
        return String(lowered.map { ch -> Character in
            switch ch {
            case "\u{2019}", "\u{2018}": "'"
            case "\u{201C}", "\u{201D}": "\""
            default: ch
            }
        })
    }
}
