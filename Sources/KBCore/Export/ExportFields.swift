/// What every export writes for fields a source may lack.
enum ExportFields {
    /// A source's title, or, for a work whose title kb does not have, a description in square
    /// brackets as APA 7 does for untitled works — never an invented title.
    static func title(_ source: Source) -> String {
        if let title = source.title, !title.isEmpty { return title }
        if let note = source.note, !note.isEmpty { return "[Untitled work; \(note)]" }
        return "[Untitled work]"
    }

    /// Whether a title is the placeholder ``title(_:)`` writes, so that importing an export does
    /// not turn the description into a title.
    static func isUntitledPlaceholder(_ title: String) -> Bool {
        title == "[Untitled work]" || (title.hasPrefix("[Untitled work; ") && title.hasSuffix("]"))
    }

    /// The CSL variables kept in `extra` that an export may write (never kb's own `kb-` keys).
    static func cslExtra(_ source: Source) -> [String: Any] {
        SourceExtra.decode(source.extra).filter { !$0.key.hasPrefix("kb-") }
    }

    static func protectedWords(_ source: Source) -> [String] {
        SourceExtra.decode(source.extra)[SourceExtra.protectedWords] as? [String] ?? []
    }

    static func authorsIncomplete(_ source: Source) -> Bool {
        SourceExtra.decode(source.extra)[SourceExtra.authorsIncomplete] as? Bool == true
    }
}
