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
            for index in start..<end {
                let suffix = end - start > 1 ? Self.suffix(index - start) : ""
                out.append((sorted[index].0, reference(for: sorted[index].0, yearSuffix: suffix)))
            }
            start = end
        }
        return out
    }

    /// One entry, as `apa.csl` prints it (see ``APAReference``).
    public static func reference(for source: Source, yearSuffix: String = "") -> StyledText {
        APAReference(source, yearSuffix: yearSuffix).render()
    }

    /// "a", "b", … "z", "aa", "ab", … as citeproc numbers year suffixes.
    static func suffix(_ index: Int) -> String {
        LetterSuffix.bijective(index)
    }

    /// The in-text form: "Noy & Zhang (2023)", "World Economic Forum (2025)", "Smith et al. (2020)".
    public static func inText(_ source: Source) -> String {
        let authors = source.authors
        let family = { (person: Contributor) in [person.particle, person.family].compactMap { $0 }.joined(separator: " ").isEmpty ? (person.literal ?? "") : [person.particle, person.family].compactMap { $0 }.joined(separator: " ") }
        let who: String = switch authors.count {
        case 0: source.title.map { "\"\($0.count > 40 ? String($0.prefix(40)) + "…" : $0)\"" } ?? source.slug
        case 1: family(authors[0])
        case 2: "\(family(authors[0])) & \(family(authors[1]))"
        default: "\(family(authors[0])) et al."
        }
        return "\(who) (\(source.issued.map { String($0.year) } ?? "n.d."))"
    }
}
