/// A citation a page makes: a DOI, a URL, an author–year form ("Noy & Zhang (2023)",
/// "(2023, Noy & Zhang, Science 381(6654) — URL)"), a journal's volume(issue), or an entry of a
/// numbered reference list.
public struct Citation: Sendable, Equatable {
    public enum Form: String, Sendable, Codable { case doi, url, authorYear = "author-year", reference }

    public var form: Form
    /// 1-based column and the text as written.
    public var column: Int
    public var text: String
    /// Names as written ("Noy", "Zhang", "Indeed Hiring Lab AI at Work").
    public var names: [String] = []
    public var year: Int?
    public var doi: String?
    public var url: String?
    /// "Science 381(6654)": the volume and issue the page gives.
    public var volume: String?
    public var issue: String?
    /// Whether the form is a citation beyond doubt (`Noy & Zhang (2023)`, a DOI), so that a
    /// work the KB lacks is reported; a looser form ("Future of Jobs Report 2025") that finds
    /// nothing is not a citation at all.
    public var isDefinite: Bool
    /// "(neumark, n.d.)": APA's citation of a work without a date; it names only undated works.
    public var isUndated: Bool = false

    /// The columns the citation covers.
    public var span: ClosedRange<Int> { column...(column + max(0, text.count - 1)) }
}
