import KBDomain
import KBStore
import KBQuery

/// Format facts that both a reader and a writer of the same format need. They live here, below
/// both, so that readers never reach into writers (or writers into readers) for them.

/// BibTeX entry types and the CSL type each one is read as; the writer uses the same table
/// backwards to decide whether a source's CSL type needs a `type` field.
enum BibTeXTypes {
    static let typeMap: [String: String] = [
        "article": "article-journal", "book": "book", "booklet": "pamphlet", "inbook": "chapter", "incollection": "chapter",
        "inproceedings": "paper-conference", "conference": "paper-conference", "manual": "report", "mastersthesis": "thesis",
        "phdthesis": "thesis", "thesis": "thesis", "misc": "document", "proceedings": "book", "techreport": "report",
        "report": "report", "unpublished": "manuscript", "online": "webpage", "electronic": "webpage", "www": "webpage",
        "dataset": "dataset", "data": "dataset", "software": "software", "patent": "patent", "periodical": "periodical",
        "collection": "book", "mvbook": "book", "bookinbook": "chapter", "suppbook": "chapter", "inreference": "entry-encyclopedia",
        "reference": "book", "standard": "standard", "artwork": "graphic", "audio": "song", "video": "motion_picture",
        "movie": "motion_picture", "letter": "personal_communication", "review": "review", "legislation": "legislation",
    ]
}

/// CSL variables that CSL-JSON reading and writing both treat specially.
enum CSLVariables {
    /// CSL name variables and the contributor role each one maps to.
    static let nameVariables: [(String, String)] = [("author", "author"), ("editor", "editor"), ("translator", "translator"),
                                                    ("container-author", "container-author"), ("collection-editor", "collection-editor")]
    /// CSL variables without a column of their own that are kept in `extra` (and written back).
    static let knownVariables: Set<String> = [
        "abstract", "annote", "archive", "archive-place", "archive_collection", "archive_location", "authority", "call-number",
        "chapter-number", "citation-label", "collection-number", "collection-title", "container-title-short", "dimensions", "division",
        "edition", "event", "event-date", "event-place", "event-title", "genre", "ISBN", "ISSN", "jurisdiction", "journalAbbreviation",
        "keyword", "language", "locator", "medium", "number", "number-of-pages", "number-of-volumes", "original-date",
        "original-publisher", "original-publisher-place", "original-title", "part", "part-title", "PMCID", "PMID", "printing",
        "references", "reviewed-genre", "reviewed-title", "scale", "section", "shortTitle", "source", "status", "submitted",
        "supplement", "title-short", "version", "volume-title", "volume-title-short", "year-suffix", "categories", "custom",
        "page-first", "available-date",
    ]
}

/// RIS facts shared by the RIS reader and writer.
enum RISTypes {
    /// Types whose T2 is the series (BT holds a container, if any).
    static let monographTypes: Set<String> = ["book", "report", "thesis", "classic", "collection", "manuscript", "pamphlet"]
}
