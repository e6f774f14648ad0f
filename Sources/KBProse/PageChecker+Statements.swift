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
            let claimSayings = sayings(of: claim)
            guard let at = Self.says(claimSayings, folded: folded) else { continue }
            let column = sentence.range.lowerBound + at
            let text = String(sentence.text.dropFirst(at).prefix(80))
            let work = works.first { $0.id == claim.sourceID }
            let verdict: CheckFinding.Verdict
            let message: String
            if claim.sourceID == nil {
                verdict = .unsupported
                message = "the KB holds this only as an unsourced assertion (\(claim.slug)); no study backs it"
            } else if let cue = Self.denial(in: folded, around: Self.span(of: claimSayings, in: folded)) {
                // "It is false that …", "… only in one pilot": the claim's words, not its finding.
                verdict = .unsupported
                message = "the sentence holds \(claim.slug)'s words but denies or narrows them ('\(cue)'): "
                    + "a claim does not back its own denial; read the sentence against it"
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
    /// then its statement) stands, as a character offset; nil when it holds neither.
    static func says(_ sayings: [String], folded: String) -> Int? {
        for quote in sayings {
            if let at = PlainText.offset(of: quote, in: folded) { return at }
        }
        return nil
    }

    /// Where all of `sayings` that the folded sentence holds stand together (the quote is often
    /// part of the statement, and a denial inside the statement is the claim's own).
    static func span(of sayings: [String], in folded: String) -> Range<Int> {
        var lower = Int.max
        var upper = 0
        for saying in sayings {
            guard let at = PlainText.offset(of: saying, in: folded) else { continue }
            lower = min(lower, at)
            upper = max(upper, at + saying.count)
        }
        return lower <= upper ? lower..<upper : 0..<0
    }

    /// Words that, in the clause that leads up to a claim's words, deny or doubt them ("It is false
    /// that …", "there is no evidence that …", "Studies fail to show that …"; analyst trial: such a
    /// sentence was `supported` by the claim it denies). Only the clause's own words count: the text
    /// back to the nearest comma, semicolon, colon or dash, so that "Not surprisingly, …" and
    /// "Contrary to early fears, …" leave the claim's support as it was.
    static let denials: Set<String> = [
        "not", "no", "never", "nor", "neither", "false", "untrue", "wrong", "incorrect", "myth", "refuted",
        "disproved", "debunked", "disputed", "questioned", "doubt", "doubts", "doubted", "unlikely",
        "unclear", "deny", "denies", "denied", "fail", "fails", "failed", "cannot", "can't", "don't",
        "doesn't", "didn't", "isn't", "wasn't", "aren't", "weren't", "hasn't", "haven't", "won't",
    ]

    /// Words right after a claim's words that narrow or undo them ("… only in one small pilot",
    /// "… was later withdrawn"): the first word after them, or any of the last four anywhere in the
    /// rest of the clause.
    static let narrowings: Set<String> = ["only", "withdrawn", "retracted", "refuted", "debunked"]

    /// The first of ``denials`` in the clause that leads up to `span` (the claim's words) or of
    /// ``narrowings`` in the one that follows it, or nil.
    static func denial(in folded: String, around span: Range<Int>) -> String? {
        let characters = Array(folded)
        let start = min(max(span.lowerBound, 0), characters.count)
        let end = min(max(span.upperBound, start), characters.count)
        let clauseBreaks: Set<Character> = [",", ";", ":", "\u{2013}", "\u{2014}", "(", ")"]
        let leading = characters[..<start].split(omittingEmptySubsequences: false) { clauseBreaks.contains($0) }.last ?? []
        let trailing = characters[end...].split(omittingEmptySubsequences: false) { clauseBreaks.contains($0) }.first ?? []
        func words(_ text: ArraySlice<Character>) -> [String] {
            // A hyphen joins ("no-code" is not "no"); an apostrophe belongs to its word ("didn't").
            text.split { !($0.isLetter || $0 == "'" || $0 == "-") }.map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "'")) }
        }
        if let cue = words(leading).first(where: denials.contains) { return cue }
        let after = words(trailing)
        if let first = after.first, narrowings.contains(first) { return first }
        return after.first { narrowings.contains($0) && $0 != "only" }
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
