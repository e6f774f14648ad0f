import Foundation

/// The name each input's citation keys are remembered under, for a later import's "same file and
/// key" clue (``SourceReconciler``): a file's own name (`refs.bib` of `a/refs.bib`), the name
/// `kb import --as` gives, or none for an input that has no name of its own. A pipe's name (`-`,
/// `/dev/fd/63`) says nothing about what it carries: two shells' `<(…)` are both `63`, and
/// `cat a.bib | kb import -` then `cat b.bib | kb import -` would match `b.bib`'s keys against
/// `a.bib`'s works.
public struct CitationKeyFiles: Sendable {
    private var names: [String: String?] = [:]

    public init() {}

    /// Each input's name (as shown) with its ``ImportInput/keyFile``.
    init(_ inputs: [(name: String, keyFile: String?)]) {
        for input in inputs { names[input.name] = .some(input.keyFile) }
    }

    /// What `file`'s keys are remembered under: its ``ImportInput/keyFile`` when it is one of the
    /// inputs, its own name otherwise.
    func name(of file: String) -> String? {
        if let known = names[file] { return known }
        return Self.ownName(of: file)
    }

    /// A file's name without its folders: keys are remembered per file name, so an import from
    /// another folder or a fresh copy of the same export still matches them.
    public static func ownName(of file: String) -> String {
        (file as NSString).lastPathComponent
    }
}
