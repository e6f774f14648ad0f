import Testing
@testable import KBDomain
@testable import KBFormats

/// The records a BibTeX, RIS or CSL-JSON import keeps aside on disk (``RecordArchive``) come
/// back exactly as they went (``RecordCoding``).
struct RecordCodingTests {
    /// A source with every field set, non-ASCII and empty text, large and negative numbers.
    static let full: Source = {
        var source = Source(slug: "müller2024", type: "article-journal", title: "Café work — a study", containerTitle: "", publisher: "P",
                            publisherPlace: "Zürich", volume: "12", issue: "3", page: "1–10", issued: PartialDate(year: -44, month: 3, day: 15),
                            doi: "10.5555/x", url: "https://example.org/x", accessed: "2025-01-02", isPeerReviewed: false,
                            extra: #"{"a":"b"}"#, note: "note\nwith a line",
                            contributors: [Contributor(role: "author", family: "Müller", given: "Ana", droppingParticle: "von", particle: "de",
                                                       suffix: "Jr.", literal: "Ana Müller"), Contributor(role: "editor", literal: "Council")],
                            notices: [Notice(kind: .retraction, date: "2025-01-01", reason: "r", url: "https://example.org/n")],
                            origin: Origin(file: "refs.bib", line: 123_456_789))
        source.id = Int64.max
        return source
    }()

    @Test func everyFieldComesBack() throws {
        // A field added to Source and not set here (nil, empty) fails this first: add it to the coding.
        // The nested values too: a contributor, a notice, the date, the origin.
        let full = Self.full
        let values: [(String, Any)] = [("source", full), ("contributor", full.contributors[0]), ("notice", full.notices[0]),
                                       ("issued", full.issued as Any), ("origin", full.origin as Any)]
        for (name, value) in values {
            let unwrapped = Mirror(reflecting: value).displayStyle == .optional ? Mirror(reflecting: value).children.first?.value ?? value : value
            for child in Mirror(reflecting: unwrapped).children {
                let isEmpty = (child.value as? [Any])?.isEmpty == true || String(describing: child.value) == "nil"
                #expect(!isEmpty, "\(name).\(child.label ?? "?") is not set in the full source")
            }
        }
        var bytes: [UInt8] = []
        RecordCoding.encode(Self.full, into: &bytes)
        #expect(try RecordCoding.decode(bytes[...]) == Self.full)
        let bare = Source(slug: "", type: "")
        bytes = []
        RecordCoding.encode(bare, into: &bytes)
        #expect(try RecordCoding.decode(bytes[...]) == bare)
        #expect(bytes.count < 30)
    }

    @Test func damagedBytesAreRefused() throws {
        var bytes: [UInt8] = []
        RecordCoding.encode(Self.full, into: &bytes)
        #expect(throws: (any Error).self) { try RecordCoding.decode(bytes.dropLast()) }
        #expect(throws: (any Error).self) { try RecordCoding.decode((bytes + [0])[...]) }
        bytes[0] = 7
        #expect(throws: (any Error).self) { try RecordCoding.decode(bytes[...]) }
    }

    /// Kept aside past the first megabyte (written to the file) and before it (still in memory),
    /// and a position kept again.
    @Test func theArchiveGivesBackWhatItKept() throws {
        let archive = try RecordArchive()
        var kept: [Source] = []
        for index in 0..<3000 {
            var source = Self.full
            source.slug = "s\(index)"
            source.title = String(repeating: "t", count: index % 700)
            kept.append(source)
            try archive.put(source, at: index)
        }
        kept[5].title = "again"
        try archive.put(kept[5], at: 5)
        for index in [0, 5, 1499, 2999] { #expect(try archive.record(at: index) == kept[index]) }
        #expect(throws: (any Error).self) { try archive.record(at: 3000) }
    }
}
