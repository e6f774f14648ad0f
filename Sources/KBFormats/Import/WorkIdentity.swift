import Foundation
import KBDomain
import KBQuery
import KBStore

/// What must hold before two records are taken for one work. A curator has to defend every
/// citation, so a weak clue (a title and year, a URL, a citation key seen before) only counts
/// when nothing the two records say contradicts it: two records that disagree on DOI, URL,
/// title, year or first author stay two sources (the audit's duplicate rule can flag them).
enum WorkIdentity {
    /// The first way the two records disagree, if any ("different DOIs"…); details only one of
    /// them gives never count against the match.
    static func disagreement(_ a: Source, _ b: Source) -> String? {
        if let x = a.doi, let y = b.doi, x != y { return "different DOIs" }
        if let x = a.url.flatMap(comparableURL), let y = b.url.flatMap(comparableURL), x != y,
           !(a.doi != nil && a.doi == b.doi) {
            return "different URLs"
        }
        if let x = a.title.flatMap(titleKey), let y = b.title.flatMap(titleKey), x != y { return "different titles" }
        if let x = a.issued?.year, let y = b.issued?.year, x != y { return "different years" }
        if let x = a.authors.first, let y = b.authors.first, x.nameKey != y.nameKey { return "different first authors" }
        return nil
    }

    /// Title + year match: both records must name a first author, the same one (two untitled-
    /// author "Analysis" (2025) reports are not one work), and nothing else may disagree.
    static func sameByTitle(_ a: Source, _ b: Source) -> Bool {
        guard let x = a.authors.first, let y = b.authors.first, x.nameKey == y.nameKey else { return false }
        return disagreement(a, b) == nil
    }

    /// URL and citation-key matches: nothing the two records say may disagree.
    static func agree(_ a: Source, _ b: Source) -> Bool {
        disagreement(a, b) == nil
    }

    /// A URL as compared for identity: without its scheme, `www.`, case of the host and a
    /// trailing slash (`http://osf.io/abc/` and `https://osf.io/abc` are one address).
    static func comparableURL(_ url: String) -> String? {
        var text = Substring(url.trimmingCharacters(in: .whitespacesAndNewlines))
        for scheme in ["https://", "http://"] where text.lowercased().hasPrefix(scheme) {
            text = text.dropFirst(scheme.count)
        }
        if text.lowercased().hasPrefix("www.") { text = text.dropFirst(4) }
        while text.hasSuffix("/") { text = text.dropLast() }
        guard !text.isEmpty else { return nil }
        let host = text.prefix { $0 != "/" }
        return host.lowercased() + text.dropFirst(host.count)
    }

    private static func titleKey(_ title: String) -> String? {
        let key = TitleKey.make(title)
        return key.isEmpty ? nil : key
    }
}
