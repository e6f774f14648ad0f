/// What `kb export` writes.
public enum ExportStyle: String, Sendable, CaseIterable {
    case apa, bibtex, ris
    case cslJSON = "csl-json"
    case csv, markdown

    /// Whether the style is a reference list a reader reads top to bottom (APA order), rather
    /// than a bibliography file for a reference manager (citation-key order).
    public var isReferenceList: Bool { self == .apa || self == .markdown || self == .csv }

    /// The file extension that goes with the style.
    public var fileExtension: String {
        switch self {
        case .apa: "txt"
        case .bibtex: "bib"
        case .ris: "ris"
        case .cslJSON: "json"
        case .csv: "csv"
        case .markdown: "md"
        }
    }
}

/// Where exported text goes, piece by piece (a file, stdout), so memory does not grow with the
/// number of items.
public protocol ExportSink {
    mutating func write(_ text: String) throws
}

/// Collects everything in memory (tests, small exports).
public struct StringSink: ExportSink {
    public var text = ""

    public init() {}

    public mutating func write(_ text: String) throws {
        self.text += text
    }
}
