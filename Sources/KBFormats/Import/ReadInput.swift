import Foundation
import KBDomain

/// One input of an import once read: a batch, or a bibliography (BibTeX, RIS, CSL-JSON) checked
/// whole whose records become sources part after part (``RecordsInParts``), so that the first
/// parts are matched while the next are converted, and a large file's records are never all
/// held at once.
enum ReadInput: Sendable {
    case whole(ImportBatch)
    case inParts(any RecordsInParts, entriesPerPart: Int)

    /// Entries per part of a bibliography (``ImportOptions/entriesPerPart``): about 5 ms of
    /// converting, so that matching starts soon.
    static let entriesPerPart = 512

    /// Files at least this large (bytes) keep of each record only what says where it is and
    /// what is the whole file's to know (its key, its line), and read each part's records again
    /// when it is converted: their records are never all held at once (issue 18: 200,000
    /// CSL-JSON items held whole took 3.2 GB). Smaller files keep their records, read once (a
    /// BibTeX file of 10,000 entries, 2.9 MB, would be read twice for nothing). Such a file in
    /// UTF-8, read from its path, is mapped rather than read into memory (``InputBytes``).
    /// `KB_IMPORT_MAP_FROM` overrides it (bytes; 1 maps every bibliography given by its path,
    /// as `.ci/run` does for the import tests).
    static let readAgainFrom = ImportTuning.count("KB_IMPORT_MAP_FROM") ?? 8 << 20

    /// The sources the input brings.
    var sourceCount: Int {
        switch self {
        case let .whole(batch): batch.sources.count
        case let .inParts(records, _): records.recordCount
        }
    }

    var isInParts: Bool {
        if case .inParts = self { true } else { false }
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

    /// Gives `body` the input's batch, or a file's parts in order with the entries each was made
    /// from (a file without entries still gives one part: its counts and warnings). A file's
    /// invalid records fail its reading before any part (``RecordsInParts``), as reading it
    /// whole does.
    static func forEachPart(_ input: consuming ReadInput, _ body: (consuming ImportBatch, Int) throws -> Void) throws {
        switch consume input {
        case let .whole(batch):
            try body(batch, 0)
        case let .inParts(records, entriesPerPart):
            let count = records.recordCount
            var start = 0
            repeat {
                let end = min(count, start + entriesPerPart)
                try body(try records.part(start..<end), end - start)
                start = end
            } while start < count
        }
    }
}

/// A bibliography read and checked whole, whose records become sources part after part
/// (``ReadInput``). The parts in order add up to the file read whole: the part at the first
/// record also holds what is the file's as a whole (the records read, the reader's warnings and
/// skipped records), a later part is a continuation of it.
protocol RecordsInParts: Sendable {
    /// The records that become sources.
    var recordCount: Int { get }
    /// The batch of the records in `range`, their duplicate keys marked (``ImportBatch/markDuplicateKeys(_:)``
    /// with the whole file's); invalid records skipped (`--skip-invalid`) are listed in it.
    func part(_ range: Range<Int>) throws -> ImportBatch
}
