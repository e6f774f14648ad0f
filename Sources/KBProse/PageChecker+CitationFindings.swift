import Foundation
import KBDomain

/// The finding of each citation: resolved, unknown, ambiguous, a wrong year or a wrong first author.
extension PageChecker {
    /// The finding of a citation in `sentence` (the sentence it stands in).
    func citationFinding(_ place: Placed, file: String, sentence: String) -> CheckFinding? {
        let citation = place.citation
        guard let work = place.work else {
            guard citation.isDefinite else { return nil }
            if !place.yearCandidates.isEmpty, let year = citation.year {
                let named = place.yearCandidates.map { "\($0.slug) (\($0.year.map(String.init) ?? "n.d."))" }.joined(separator: " and ")
                return CheckFinding(file: file, line: place.line, column: citation.column, verdict: .mismatch, subject: .citation, text: citation.text,
                                    expected: place.yearCandidates.compactMap { $0.year.map(String.init) }.joined(separator: " or "),
                                    message: "year mismatch: the KB's works by these authors are \(named), not \(year); "
                                        + "the page does not say which it means", sentence: sentence)
            }
            let suffixes = place.heldSuffixes.isEmpty ? "" : "; the KB's works of \(citation.names.first ?? "these authors") "
                + "\(citation.year.map(String.init) ?? "") take the year suffixes \(place.heldSuffixes.joined(separator: ", "))"
            // A marker ("[2]", a superscript "2") of an entry that names a work the KB lacks (trial 20, B1).
            let marker = citation.names.isEmpty && citation.year == nil ? Int(citation.text.filter { $0 != "[" && $0 != "]" }) : nil
            let what = marker.map { "entry \($0) of the page's reference list" } ?? "this citation"
            return CheckFinding(file: file, line: place.line, column: citation.column, verdict: .unknownCitation, subject: .citation,
                                text: citation.text, message: "the KB holds no work for " + what + suffixes, sentence: sentence)
        }
        // A reference entry by the work's authors that holds neither its title nor its year and
        // volume is another paper of theirs, which the KB does not hold (trial 8, bug 8): not a
        // wrong volume or year of this one.
        if citation.form == .reference, work.title != nil, !Self.entry(citation.text, holdsTitleOf: work),
           citation.year.map({ $0 != work.year }) ?? false || (citation.volume != nil && work.volume != nil && citation.volume != work.volume) {
            return CheckFinding(file: file, line: place.line, column: citation.column, verdict: .unknownCitation, subject: .citation, text: citation.text,
                                message: "the KB holds no work for this entry; \(work.slug) by these authors has another title, year or volume",
                                sentence: sentence)
        }
        if let volume = citation.volume, let held = work.volume, volume != held || (citation.issue != nil && work.issue != nil && citation.issue != work.issue) {
            return CheckFinding(file: file, line: place.line, column: citation.column, verdict: .mismatch, subject: .citation, text: citation.text,
                                source: work.slug, expected: "\(held)(\(work.issue ?? ""))",
                                message: "\(work.slug) is volume \(held)(\(work.issue ?? "")), not \(volume)(\(citation.issue ?? ""))", sentence: sentence)
        }
        if let year = citation.year, let held = work.year, year != held {
            return CheckFinding(file: file, line: place.line, column: citation.column, verdict: .mismatch, subject: .citation, text: citation.text,
                                source: work.slug, expected: String(held),
                                message: "year mismatch: the KB's \(work.slug) by these authors is from \(held), not \(year)", sentence: sentence)
        }
        if work.isRetracted {
            return CheckFinding(file: file, line: place.line, column: citation.column, verdict: .weak, subject: .citation, text: citation.text,
                                source: work.slug, message: "\(work.slug) is retracted", sentence: sentence)
        }
        // "Zhang (2023)" of Noy and Zhang's work: a citation whose first name is another
        // author of the work than its first (trial 13, item 11).
        if let authors = Self.authorNote(citation, work), authors.wrongFirst {
            return CheckFinding(file: file, line: place.line, column: citation.column, verdict: .mismatch, subject: .citation, text: citation.text,
                                source: work.slug, expected: authors.written, message: "author mismatch: \(work.slug) is by \(authors.written), "
                                    + "and its first author is \(work.authors[0]); the citation names \(citation.names[0]) first", sentence: sentence)
        }
        // "Kline, Rose and Walker (2022)" of Kline, Rose and Walters (trial 16, B4).
        if let coauthors = Self.coauthorNote(citation, work) {
            return CheckFinding(file: file, line: place.line, column: citation.column, verdict: .mismatch, subject: .citation, text: citation.text,
                                source: work.slug, expected: Self.listed(work.authors), message: "author mismatch: " + coauthors, sentence: sentence)
        }
        // "Drydakis et al. (2017)" when the KB holds two such works (trial 10, B3).
        let cites = place.isAmbiguous ? ([work] + place.alternatives).map(\.slug).joined(separator: " or ")
            + " (the same authors and year; no year suffix says which)" : work.slug
        let note = Self.authorNote(citation, work).flatMap(\.note).map { "; \($0)" } ?? ""
        return CheckFinding(file: file, line: place.line, column: citation.column, verdict: .supported, subject: .citation, text: citation.text,
                            source: work.slug, message: "cites \(cites)" + note, sentence: sentence)
    }

    /// How an author–year citation names a work of two or more authors: whether its first name
    /// is another author's than the first (`wrongFirst`), and a note when it names them as APA
    /// does not ("Noy et al." for two authors; "Noy (2023)" alone for Noy and Zhang); nil for
    /// any other citation, or one that names the work as APA does.
    static func authorNote(_ citation: Citation, _ work: CitedWork) -> (wrongFirst: Bool, note: String?, written: String)? {
        guard citation.form == .authorYear, !citation.isUndated, work.authors.count >= 2, let first = citation.names.first else { return nil }
        let key = { (name: String) in Self.folded(name) }
        let authors = work.authors.map(key)
        let written = work.authors.count == 2 ? "\(work.authors[0]) and \(work.authors[1])" : "\(work.authors[0]) et al."
        guard key(first) != authors[0] else {
            let etAl = citation.text.contains("et al")
            let second = citation.names.count > 1 && authors.contains(key(citation.names[1]))
            if work.authors.count == 2, etAl { return (false, "a work of two authors is cited with both names (\(written))", written) }
            if work.authors.count >= 2, !etAl, !second {
                return (false, "\(work.slug) has \(work.authors.count) authors: cite it as \(written)", written)
            }
            return nil
        }
        return authors.contains(key(first)) ? (true, nil, written) : nil
    }

    /// What is wrong with the co-authors an author–year citation writes out in full (no "et
    /// al."), its first author being the work's: a name that is no author of the work, the
    /// authors in another order than the work's, or authors left out; nil when they are right.
    static func coauthorNote(_ citation: Citation, _ work: CitedWork) -> String? {
        // "(2023, Noy & Zhang, Science 381(6654))": the name before a volume is the journal's.
        let names = citation.volume == nil ? citation.names : Array(citation.names.dropLast())
        guard citation.form == .authorYear, !citation.isUndated, !citation.text.contains("et al"), work.authors.count >= 2,
              names.count >= 2 else { return nil }
        func same(_ written: String, _ author: String) -> Bool {
            let (a, b) = (Slug.fold(written), Slug.fold(author))
            return a == b || a.split(separator: "-").last == b.split(separator: "-").last
        }
        let positions = names.map { name in work.authors.firstIndex { same(name, $0) } }
        guard positions.first.map({ $0 == 0 }) == true else { return nil }
        let strangers = zip(names, positions).filter { $0.1 == nil }.map(\.0)
        if !strangers.isEmpty {
            return "\(work.slug) is by \(listed(work.authors)); the citation names \(listed(strangers)), "
                + (strangers.count == 1 ? "who is not an author of it" : "who are not authors of it")
        }
        let found = positions.compactMap { $0 }
        if found != found.sorted() {
            return "\(work.slug) is by \(listed(work.authors)), in that order; the citation names \(listed(names))"
        }
        // "Kline and Walters (2022)" of three authors: a list written out without "et al." is the whole list.
        if names.count < work.authors.count {
            let left = work.authors.enumerated().filter { !found.contains($0.offset) }.map(\.element)
            return "\(work.slug) is by \(listed(work.authors)); the citation leaves out \(listed(left))"
        }
        return nil
    }

    /// "Kline, Rose and Walters".
    static func listed(_ names: [String]) -> String {
        names.count <= 2 ? names.joined(separator: " and ") : names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
    }
}
