import Foundation
import KBDomain

/// The work a citation names: by DOI, URL, authors and year, a near year, or the initials of an organisation.
extension PageChecker {
    mutating func resolve(_ citation: Citation) throws -> CitedWork? {
        let key = "\(citation.form)|\(citation.doi ?? "")|\(citation.url ?? "")|\(citation.names)|\(citation.year ?? 0)|\(citation.volume ?? "")"
        if let known = resolved[key] { return known }
        var work: CitedWork?
        if let doi = citation.doi { work = try index.work(doi: doi) }
        if work == nil, let url = citation.url { work = try index.work(url: url) }
        if work == nil, !citation.names.isEmpty { work = try byNames(citation) }
        if work == nil, !citation.names.isEmpty { work = try nearYear(citation) }
        resolved[key] = work
        return work
    }

    /// How far a citation's year may be from the work's for the citation to be that work with
    /// its year wrong (a year mistyped or a preprint's year), not a work the KB lacks.
    static let yearSlack = 5

    /// The work a citation names with the right authors and the wrong year ("Noy and Zhang
    /// (2021)" for their 2023 work): the citation names the work's author list as its form
    /// implies — every author for "A & B" or "A (2021)" (the count equal), the first author
    /// first and three or more (or the only one the KB holds) for "A et al.", and for a reference-list entry every author or
    /// the title — the year is the nearest within ``yearSlack``, and no other work is as near.
    /// The finding is then a mismatch naming that work, not an unknown citation. One shared
    /// author is not enough: "Noy, S. (2021). A different paper…" is another work by a namesake
    /// or a co-author, which the KB does not hold.
    func nearYear(_ citation: Citation) throws -> CitedWork? {
        let near = try nearYearCandidates(citation)
        return near.count == 1 ? near[0] : nil
    }

    /// The works ``nearYear(_:)`` weighs that lie nearest the citation's year (several when
    /// they are as near on both sides of it), in year order.
    func nearYearCandidates(_ citation: Citation) throws -> [CitedWork] {
        guard let year = citation.year, !citation.isUndated, citation.isDefinite else { return [] }
        let keys = Self.nameKeys(citation)
        guard !keys.isEmpty else { return [] }
        let persons = Set(citation.names.filter { !$0.contains(" ") })
        let etAl = citation.text.contains("et al")
        let years = (year - Self.yearSlack)...(year + Self.yearSlack)
        let fitting = try index.works(nameKeys: Array(keys.keys).sorted(), years: years).filter { candidate in
            guard let held = candidate.work.year, abs(held - year) <= Self.yearSlack,
                  Self.best([candidate], keys: keys, for: citation) != nil else { return false }
            let work = candidate.work
            if citation.form == .reference { return Self.entry(citation, names: work, matched: candidate.matched) }
            let names = Set(candidate.matched.compactMap { keys[$0] })
            guard !persons.isEmpty, persons.isSubset(of: names) else { return false }
            if etAl {
                guard let first = citation.names.first, let firstAuthor = work.authors.first else { return false }
                // Three authors or more; or one, when the KB holds only the first author of a
                // register's label ("Saeed et al. (2019)": a work with no title, known by its
                // row alone), as the citation with the right year resolves to it too. A titled
                // work with one author is that author's own paper: "Yemane et al. (2021)" would
                // be a namesake's (review 9, m3).
                let isLabel = work.authors.count == 1 && work.title == nil
                return (work.authors.count >= 3 || isLabel) && Slug.fold(first) == Slug.fold(firstAuthor)
            }
            return work.authors.count == persons.count
        }
        let distance = { (work: CitedWork) in abs((work.year ?? year) - year) }
        guard let nearest = fitting.map(\.work).min(by: { distance($0) < distance($1) }) else { return [] }
        var seen = Set<Int64>()
        return fitting.map(\.work).filter { distance($0) == distance(nearest) && seen.insert($0.id).inserted }
            .sorted { ($0.year ?? 0, $0.id) < ($1.year ?? 0, $1.id) }
    }

    /// Whether a reference entry's text holds the work's title (folded, its first 40 characters
    /// at least 12 long: a subtitle or a trailing period may differ).
    static func entry(_ text: String, holdsTitleOf work: CitedWork) -> Bool {
        guard let title = work.title else { return false }
        let head = String(Slug.fold(title).prefix(40))
        return head.count >= 12 && PlainText.offset(of: head, in: Slug.fold(text)) != nil
    }

    /// The work whose authors the citation names, looked up in the KB by name keys.
    func byNames(_ citation: Citation) throws -> CitedWork? {
        let keys = Self.nameKeys(citation)
        guard !keys.isEmpty else { return nil }
        var found = try index.works(nameKeys: Array(keys.keys).sorted(), year: citation.year, undated: citation.isUndated)
        if citation.form == .reference {
            // An entry lists the work's authors and title: one shared author is another work.
            found = found.filter { Self.entry(citation, names: $0.work, matched: $0.matched) }
        }
        return Self.best(found, keys: keys, for: citation)
    }

    /// Whether a reference entry names the work: every author of it, or its title.
    static func entry(_ citation: Citation, names work: CitedWork, matched: Set<String>) -> Bool {
        (!work.nameKeys.isEmpty && work.nameKeys.isSubset(of: matched)) || entry(citation.text, holdsTitleOf: work)
    }

    /// The work among `works` (the page's own) whose authors and year the citation names.
    static func byNames(_ citation: Citation, among works: [CitedWork]) -> CitedWork? {
        let keys = nameKeys(citation)
        guard !keys.isEmpty else { return nil }
        let found = works.compactMap { work -> (work: CitedWork, matched: Set<String>)? in
            guard citation.isUndated ? work.year == nil : citation.year == nil || work.year == citation.year else { return nil }
            let matched = work.nameKeys.intersection(keys.keys)
            return matched.isEmpty ? nil : (work, matched)
        }
        return best(found, keys: keys, for: citation)
    }

    /// The works among `works` the citation fits, the best first, then those it fits as well
    /// (the same names matched and the same author count), which only a year suffix would tell apart.
    static func fitting(_ citation: Citation, among works: [CitedWork]) -> [CitedWork] {
        let keys = nameKeys(citation)
        guard !keys.isEmpty else { return [] }
        let found = works.compactMap { work -> (work: CitedWork, matched: Set<String>)? in
            guard citation.isUndated ? work.year == nil : citation.year == nil || work.year == citation.year else { return nil }
            let matched = work.nameKeys.intersection(keys.keys)
            return matched.isEmpty ? nil : (work, matched)
        }
        guard let best = best(found, keys: keys, for: citation),
              let bestMatched = found.first(where: { $0.work.id == best.id })?.matched.count else { return [] }
        let others = found.filter { candidate in
            candidate.work.id != best.id && candidate.work.authors.count == best.authors.count && candidate.matched.count == bestMatched
                && Self.best([candidate], keys: keys, for: citation) != nil
        }
        return [best] + others.map(\.work)
    }

    /// The folded keys a citation's names give (each capitalised run of one to five words),
    /// each with the name it came from.
    static func nameKeys(_ citation: Citation) -> [String: String] {
        var keys: [String: String] = [:]
        for name in citation.names {
            let words = name.split(separator: " ").map(String.init).prefix(10)
            for length in 1...max(1, min(5, words.count)) {
                for start in 0...(words.count - length) {
                    let run = words[start..<(start + length)]
                    // A family name may open with its particle: "von Wachter", "van der Berg" (trial 16, M9).
                    let particled = run.count >= 2 && Self.nameParticles.contains(run[run.startIndex]) && run.last?.first?.isUppercase == true
                    guard run.first?.first?.isUppercase == true || particled || citation.isUndated else { continue }
                    let key = Slug.fold(run.joined(separator: " "))
                    if !key.isEmpty, Int(key) == nil { keys[key] = name }
                }
            }
        }
        return keys
    }

    /// The lowercase particles that may open a family name ("von Wachter", "de la Rica").
    static let nameParticles: Set<String> = ["von", "van", "de", "der", "den", "du", "da", "di", "la", "le", "del", "della", "ten", "ter", "zu", "dos", "das", "af"]

    /// Of the works with an author the citation names, the one it means: every person named must
    /// be an author (two of them for "A & B"); an organisation is matched by the longest run of
    /// its words; then the volume the citation gives, then the first stored.
    static func best(_ found: [(work: CitedWork, matched: Set<String>)], keys: [String: String], for citation: Citation) -> CitedWork? {
        let best = found.compactMap { candidate in rank(candidate.work, matched: candidate.matched, keys: keys, for: citation).map { (work: candidate.work, rank: $0) } }
            .max { ($0.rank.0, $0.rank.1, $0.rank.2, $0.rank.3, -$0.work.id) < ($1.rank.0, $1.rank.1, $1.rank.2, $1.rank.3, -$1.work.id) }
        return best?.work
    }

    /// The work of an organisation whose initials the citation gives ("WEF (2025)"). An article
    /// opening the sentence before them ("The WEF (2025) also forecasts …") is no part of the
    /// name (trial 12, B1).
    static func byInitials(_ citation: Citation, among works: [CitedWork]) -> CitedWork? {
        guard citation.names.count == 1, var name = citation.names.first else { return nil }
        for article in ["The ", "A ", "An "] where name.hasPrefix(article) { name = String(name.dropFirst(article.count)) }
        guard name.count >= 2, name.allSatisfy(\.isUppercase) else { return nil }
        return works.first { work in
            (citation.year == nil || work.year == citation.year) && work.authors.contains { author in
                String(author.split(separator: " ").compactMap { $0.first }.filter(\.isUppercase)) == name
            }
        }
    }
}
