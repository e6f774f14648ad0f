/// What every export writes for fields a source may lack.
package enum ExportFields {
    /// A source's title, or, for a work whose title kb does not have, a description in square
    /// brackets as APA 7 does for untitled works — never an invented title.
    package static func title(_ source: Source) -> String {
        if let title = source.title, !title.isEmpty { return title }
        if let note = source.note, !note.isEmpty { return "[Untitled work; \(note)]" }
        return "[Untitled work]"
    }

    /// The source's URL as APA prints it: one stored without a scheme that starts with a host
    /// name (`osf.io/9v6er`, as FReD writes them) gets `https://`, as APA 7 (9.35) wants a
    /// working address. Anything else is kept as stored: kb does not guess at text that is not a
    /// host. BibTeX, RIS and CSL-JSON write the URL as stored: kb's import matches works by the
    /// exact URL, so a KB holding one work twice, once with and once without the scheme (FReD's
    /// `osf.io/aczvt` and `https://osf.io/aczvt`), would merge the two on re-import and the export
    /// would no longer be a fixed point of import.
    static func url(_ source: Source) -> String? {
        guard let url = source.url?.trimmed, !url.isEmpty else { return nil }
        return hostWithoutScheme(url) ? "https://" + url : url
    }

    /// `osf.io/x`, `www.example.org`, `example.org:8080/a`: a dotted host name whose last label
    /// is letters, no scheme (`https:`, `mailto:`, `doi:`), no spaces.
    static func hostWithoutScheme(_ url: String) -> Bool {
        guard !url.contains(" "), !url.contains("://") else { return false }
        let host = url.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let name = host.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        if name.count == 2, !(name[1].allSatisfy(\.isNumber) && !name[1].isEmpty) { return false }  // a scheme, not a port
        let labels = name[0].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let last = labels.last, last.count >= 2, last.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.first != "-" && label.last != "-" && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    /// Whether a title is the placeholder ``title(_:)`` writes, so that importing an export does
    /// not turn the description into a title.
    package static func isUntitledPlaceholder(_ title: String) -> Bool {
        title == "[Untitled work]" || (title.hasPrefix("[Untitled work; ") && title.hasSuffix("]"))
    }

    /// The CSL variables kept in `extra` that an export may write (never kb's own `kb-` keys).
    package static func cslExtra(_ source: Source) -> [String: Any] {
        SourceExtra.decode(source.extra).filter { !$0.key.hasPrefix("kb-") }
    }

    package static func protectedWords(_ source: Source) -> [String] {
        SourceExtra.decode(source.extra)[SourceExtra.protectedWords] as? [String] ?? []
    }

    /// Whether more authors exist than kb knows (BibTeX's `and others`, a register label's
    /// `et al.`, CSL-JSON's ``cslCustomIncomplete``, RIS's ``risIncompleteNote``). Every export
    /// says it in its format's own way, and kb reads each back: APA, Markdown and the CSV
    /// citation column end the names with "et al.", BibTeX with `and others`.
    package static func authorsIncomplete(_ source: Source) -> Bool {
        SourceExtra.decode(source.extra)[SourceExtra.authorsIncomplete] as? Bool == true
    }

    /// The key in CSL-JSON's `custom` object (CSL 1.0.2's place for data without a CSL
    /// variable) that marks an incomplete author list. CSL has no standard form for "et al."
    /// in data (citation-style-language/schema#34 is open); a trailing `{"literal": "others"}`
    /// is pandoc's own reading (citeproc-py prints "Baert, S., & others."), so kb does not
    /// write it.
    package static let cslCustomIncomplete = "authors-incomplete"

    /// The RIS note (N1) that marks an incomplete author list: RIS has no tag for it, and an
    /// `AU - et al.` would be read as an author by every other reader.
    package static let risIncompleteNote = "The author list is incomplete (et al.)."
}
