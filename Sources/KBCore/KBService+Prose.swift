import Foundation

extension KBService {
    /// Checks each page against this knowledge base (DESIGN §12): every number, citation,
    /// statement a claim makes, and hole, with its verdict. Pages are read by ``PageReader``.
    public func check(_ pages: [Page]) throws -> [PageCheck] {
        try EvidenceIndex.reading(knowledgeBase) { index in
            var checker = PageChecker(index)
            return try pages.map { try checker.check($0) }
        }
    }

    /// Reads and checks the files at `paths` (`-` is standard input).
    public func check(paths: [String]) throws -> [PageCheck] {
        try check(Self.pages(paths: paths))
    }

    /// The pages at `paths` (`-` is standard input), read before any knowledge base is opened:
    /// a missing file is reported at once, not after a PostgreSQL KB's copy.
    public static func pages(paths: [String]) throws -> [Page] {
        try paths.map { path in
            do { return try PageReader.read(path: path) } catch let error as ProseError { throw KBError.invalidInput(error.description) }
        }
    }
}

extension KBService {
    /// `kb brief`: an evidence page for `subjects`, drafted from this knowledge base alone.
    public func brief(subjects: [String], profile: String?, format: BriefWriter.Format, top: Int) throws -> String {
        let spec = try loadProfile(profile)
        let writer = BriefWriter(knowledgeBase, store: queryStore)
        switch format {
        case .markdown: return try writer.markdown(subjects: subjects, profile: spec, top: top)
        case .html: return try writer.html(subjects: subjects, profile: spec, top: top)
        }
    }
}
