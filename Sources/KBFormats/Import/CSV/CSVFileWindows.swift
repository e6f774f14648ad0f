import Foundation
import KBDomain

/// A UTF-8 CSV file read in windows of a few megabytes, so that a streamed import never holds
/// the file (issue 18: a 4.8 GB file at ten million claims). Each window starts where a record
/// starts (where the last one's parser stopped, ``CSVParser/isFinal``) and is a ``SourceText``
/// numbering its lines as the file does, so that every diagnostic reads as a whole file's.
///
/// The windows are read with `pread` into one buffer each: the file's pages stay in the page
/// cache, never in the process. A window must be plain UTF-8 without NUL bytes; one that is not
/// throws ``StreamingImport/NeedsWholeImport``, and the import is done again with the file
/// read whole, whose decoding gives the error (or the repair) at its line as before.
final class CSVFileWindows {
    let path: String
    let name: String
    /// Bytes read per window (more when one record is longer).
    let windowBytes: Int
    /// The file's size; the byte-order mark, if any, left out.
    let size: Int
    private let descriptor: Int32
    /// Where the text starts in the file: 3 after a UTF-8 byte-order mark (dropped, as
    /// ``TextEncoding/decode(_:file:)`` drops it), else 0.
    private let origin: Int

    /// Default window: a batch (``CSVMapper/streamBatchBytes``).
    static let defaultWindowBytes = 4 << 20

    init(path: String, name: String, windowBytes: Int = CSVFileWindows.defaultWindowBytes) throws {
        self.path = path
        self.name = name
        self.windowBytes = max(1, windowBytes)
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw KBError.invalidInput("cannot read \(name): \(String(cString: strerror(errno)))") }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw KBError.invalidInput("cannot read \(name): not a regular file")
        }
        self.descriptor = descriptor
        var head = [UInt8](repeating: 0, count: 3)
        let read = pread(descriptor, &head, 3, 0)
        origin = read == 3 && head == [0xEF, 0xBB, 0xBF] ? 3 : 0
        size = Int(status.st_size) - origin
    }

    deinit {
        close(descriptor)
    }

    /// The window of text starting at `offset` (text bytes, the byte-order mark left out) on
    /// file line `line`, at least `atLeast` bytes when the file has them; `isFinal` when it
    /// reaches the end of the file.
    func window(at offset: Int, line: Int, atLeast: Int = 0) throws -> (text: SourceText, isFinal: Bool) {
        let count = max(0, min(max(windowBytes, atLeast), size - offset))
        let bytes = try InputBytes(count: count) { buffer in
            var done = 0
            while done < count {
                let read = pread(descriptor, buffer.baseAddress! + done, count - done, off_t(origin + offset + done))
                if read < 0, errno == EINTR { continue }
                guard read > 0 else { throw KBError.invalidInput("cannot read \(name): \(read < 0 ? String(cString: strerror(errno)) : "the file shrank while it was read")") }
                done += read
            }
        }
        let isFinal = offset + count >= size
        // Only the bytes up to the last ASCII byte can be in a record read from this window
        // (a record read from a window that is not the last ends with a line break before its
        // end); a character cut at the window's end is checked in the next.
        let checked = isFinal ? count : (bytes.lastIndex { $0 < 0x80 }).map { $0 + 1 } ?? 0
        if bytes[..<checked].contains(0) || TextEncoding.firstInvalidUTF8(bytes[..<checked]) != nil {
            throw StreamingImport.NeedsWholeImport(reason: "\(name) is not plain UTF-8 near line \(line) (read whole to decode it)")
        }
        return (SourceText(name: name, bytes: bytes, firstLine: line), isFinal)
    }

    /// Whether the file holds only blank space, after a byte-order mark or not
    /// (``Importer/checkNotEmpty(_:)``), read until its first other byte.
    func isBlank() throws -> Bool {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var offset = 0
        while offset < size {
            let read = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, min($0.count, size - offset), off_t(origin + offset)) }
            if read < 0, errno == EINTR { continue }
            guard read > 0 else { throw KBError.invalidInput("cannot read \(name): \(read < 0 ? String(cString: strerror(errno)) : "the file shrank while it was read")") }
            if buffer[..<read].contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) { return false }
            offset += read
        }
        return true
    }
}
