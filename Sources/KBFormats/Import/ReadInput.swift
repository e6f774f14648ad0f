import KBDomain

/// One input of an import once read: a batch, or a BibTeX file parsed whose entries become
/// sources part after part (``BibTeXReader/Parsed``), so that the first parts are matched while
/// the next are converted.
enum ReadInput: Sendable {
    case whole(ImportBatch)
    case bibtex(BibTeXReader.Parsed, entriesPerPart: Int)

    /// Entries per part of a BibTeX file (``ImportOptions/bibTeXEntriesPerPart``): about 5 ms
    /// of converting, so that matching starts soon.
    static let entriesPerPart = 512

    /// The sources the input brings.
    var sourceCount: Int {
        switch self {
        case let .whole(batch): batch.sources.count
        case let .bibtex(parsed, _): parsed.file.entries.count
        }
    }

    /// Gives `body` each input's batches in order (``forEachPart(_:_:)``), moving each input out
    /// of `read` first: a large batch is never held twice.
    static func forEachPart(takenFrom read: Box<[ReadInput]>, _ body: (consuming ImportBatch, Int) throws -> Void) throws {
        for index in read.value.indices {
            let input = read.value[index]
            read.value[index] = .whole(ImportBatch(file: "", format: .bibtex))
            try forEachPart(input, body)
        }
    }

    /// Gives `body` the input's batch, or a BibTeX file's parts in order with the entries each
    /// was made from (a file without entries still gives one part: its counts and warnings).
    static func forEachPart(_ input: consuming ReadInput, _ body: (consuming ImportBatch, Int) throws -> Void) throws {
        switch consume input {
        case let .whole(batch):
            try body(batch, 0)
        case let .bibtex(parsed, entriesPerPart):
            let count = parsed.file.entries.count
            var start = 0
            repeat {
                let end = min(count, start + entriesPerPart)
                try body(parsed.part(start..<end), end - start)
                start = end
            } while start < count
        }
    }
}
