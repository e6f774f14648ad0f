import KBDomain

/// The records a reconciler let go of where it cannot read them back from the KB (matching on a
/// read connection beside the write, which does not see it: ``Importer/writeMatchingAhead(_:total:names:options:progress:result:)``),
/// serialized (``RecordCoding``) in an unlinked temporary file (``SpillFile``) and found by position: what
/// is kept in memory per record is its place (issue 18: 200,000 BibTeX entries' records held
/// were about 0.24 GB).
final class RecordArchive: @unchecked Sendable {
    private let file: SpillFile
    /// Each position's record: where it starts (in the file, then in `pending`) and its length;
    /// length 0 for none.
    private var places: [(offset: Int, length: Int32)] = []
    /// Records not yet written (written a megabyte at a time).
    private var pending: [UInt8] = []
    private var scratch: [UInt8] = []

    init() throws {
        file = try SpillFile()
    }

    /// Keeps `source` as the record at `position` (over one kept before).
    func put(_ source: Source, at position: Int) throws {
        scratch.removeAll(keepingCapacity: true)
        RecordCoding.encode(source, into: &scratch)
        guard scratch.count < Int(Int32.max) else { throw SpillFile.Failure(description: "a record of the import is too large to keep aside") }
        if places.count <= position { places += repeatElement((offset: 0, length: Int32(0)), count: position + 1 - places.count) }
        places[position] = (file.size + pending.count, Int32(scratch.count))
        pending += scratch
        if pending.count >= 1 << 20 { try flush() }
    }

    /// The record kept at `position`.
    func record(at position: Int) throws -> Source {
        guard position < places.count, places[position].length > 0 else {
            throw SpillFile.Failure(description: "work \(position) of the import was not kept")
        }
        let (offset, length) = (places[position].offset, Int(places[position].length))
        do {
            if offset >= file.size { return try RecordCoding.decode(pending[(offset - file.size)..<(offset - file.size + length)]) }
            var bytes = [UInt8](repeating: 0, count: length)
            try bytes.withUnsafeMutableBytes { try file.read(into: $0, at: offset) }
            return try RecordCoding.decode(bytes[...])
        } catch let failure as SpillFile.Failure {
            throw failure
        } catch {
            throw SpillFile.Failure(description: "the import's temporary file holds a damaged record")
        }
    }

    private func flush() throws {
        try pending.withUnsafeBytes { _ = try file.append($0) }
        pending.removeAll(keepingCapacity: true)
    }
}
