/// What every export writes for fields a source may lack.
package enum ExportFields {
    /// A source's title, or, for a work whose title kb does not have, a description in square
    /// brackets as APA 7 does for untitled works — never an invented title.
    package static func title(_ source: Source) -> String {
        if let title = source.title, !title.isEmpty { return title }
        if let note = source.note, !note.isEmpty { return "[Untitled work; \(note)]" }
        return "[Untitled work]"
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
