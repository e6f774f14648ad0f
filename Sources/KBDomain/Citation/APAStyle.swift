import Foundation

/// APA 7 reference-list entries, as Zotero (citeproc-js) and citeproc-py with the official
/// `apa.csl` print them: authors, date, title, source, DOI or URL.
///
/// `yearSuffixes` ("a", "b") come from ``APAStyle/references(for:)``, which also sorts.
public enum APAStyle {
    /// A whole reference list: sorted as APA sorts (see ``APASortKey``), with `a`/`b` year
    /// suffixes for works by the same authors in the same year.
    public static func references(for sources: [Source]) -> [(source: Source, reference: StyledText)] {
        let sorted = sources.map { ($0, APASortKey($0)) }.map { ($0.0, $0.1, $0.1.bytes) }.sorted { APASortKey.precedes($0.2, $1.2) }
        var out: [(source: Source, reference: StyledText)] = []
        out.reserveCapacity(sorted.count)
        var start = 0
        while start < sorted.count {
            var end = start + 1
            while end < sorted.count && sorted[end].1.authorYear == sorted[start].1.authorYear { end += 1 }
            let suffixes = Self.suffixes(given: sorted[start..<end].map(\.1.givenSuffix))
            for index in start..<end {
                out.append((sorted[index].0, reference(for: sorted[index].0, yearSuffix: suffixes[index - start])))
            }
            start = end
        }
        return out
    }

    /// One entry, as `apa.csl` prints it (see ``APAReference``); without a `yearSuffix`, with
    /// the letter the source gives, if any (``APAReference/givenYearSuffix``), as in the list.
    public static func reference(for source: Source, yearSuffix: String? = nil) -> StyledText {
        let suffix = yearSuffix ?? APAReference(source).givenYearSuffix ?? ""
        return APAReference(source, yearSuffix: suffix).render()
    }

    /// The year suffixes of one run of works that print the same authors and year, in list
    /// order. APA 9.47: a run of two or more takes "a", "b", …; a single work none. A letter the
    /// work itself gives (a register's "Baert et al. (2016c)", see
    /// ``APAReference/givenYearSuffix``) is kept, alone or in a run, so that kb's list never
    /// renames the register's works; the others take the next letters not given. A letter given
    /// twice in one run is kept by the first work only.
    package static func suffixes(given: [String?]) -> [String] {
        if given.count == 1 { return [given[0] ?? ""] }
        var taken: Set<String> = []
        var kept = given.map { letter -> String? in
            guard let letter, taken.insert(letter).inserted else { return nil }
            return letter
        }
        var next = 0
        for index in kept.indices where kept[index] == nil {
            while taken.contains(suffix(next)) { next += 1 }
            kept[index] = suffix(next)
            next += 1
        }
        return kept.map { $0 ?? "" }
    }

    /// "a", "b", … "z", "aa", "ab", … as citeproc numbers year suffixes.
    static func suffix(_ index: Int) -> String {
        LetterSuffix.bijective(index)
    }

    /// The in-text form: "Noy & Zhang (2023)", "World Economic Forum (2025)", "Smith et al. (2020)";
    /// an incomplete list has three or more authors, so "Albert et al. (2011)"; a year suffix the
    /// source gives is kept ("Baert et al. (2016c)").
    public static func inText(_ source: Source) -> String {
        let reference = APAReference(source)
        let authors = source.authors
        let family = { (person: Contributor) in [person.particle, person.family].compactMap { $0 }.joined(separator: " ").isEmpty ? (person.literal ?? "") : [person.particle, person.family].compactMap { $0 }.joined(separator: " ") }
        let who: String = switch authors.count {
        case 0: source.title.map { "\"\($0.count > 40 ? String($0.prefix(40)) + "…" : $0)\"" } ?? source.slug
        case _ where reference.authorsIncomplete: "\(family(authors[0])) et al."
        case 1: family(authors[0])
        case 2: "\(family(authors[0])) & \(family(authors[1]))"
        default: "\(family(authors[0])) et al."
        }
        let suffix = reference.givenYearSuffix.map { source.issued == nil ? "-" + $0 : $0 } ?? ""
        return "\(who) (\(source.issued.map { String($0.year) } ?? "n.d.")\(suffix))"
    }
}
