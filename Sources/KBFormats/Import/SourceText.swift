import Foundation
import KBDomain
import KBQuery
import KBStore

/// An input file's text with a table of line starts, so that a byte offset becomes a
/// `file:line:column` location (columns counted in characters) and a diagnostic.
///
/// The table holds every line's start, or for a mapped file (``InputBytes/mapping(path:name:)``)
/// every ``mappedLineStride``-th line's, the lines between counted when asked for: eight bytes a
/// line would grow with the file (a million CSL-JSON items, 25 million lines, 200 MB).
struct SourceText: Sendable {
    let name: String
    let bytes: InputBytes
    /// The start of every `lineStride`-th line: line `k * lineStride + 1` (counted from the
    /// first) starts at `lineStarts[k]`.
    private let lineStarts: [Int]
    private let lineStride: Int
    /// The lines of the text (the last one may be empty).
    private let lineCount: Int
    /// The file's line number of the first byte: a window of a file read in parts
    /// (``CSVFileWindows``) numbers its lines as the file does.
    let firstLine: Int

    /// Lines between two noted line starts of a mapped file: counting them for a byte offset
    /// reads about two kilobytes.
    static let mappedLineStride = 32

    init(name: String, bytes: [UInt8], firstLine: Int = 1) {
        self.init(name: name, bytes: InputBytes(bytes), firstLine: firstLine)
    }

    init(name: String, bytes: InputBytes, firstLine: Int = 1) {
        self.name = name
        self.bytes = bytes
        self.firstLine = firstLine
        let stride = bytes.isMapped ? Self.mappedLineStride : 1
        var starts = [0]
        starts.reserveCapacity(bytes.count / (40 * stride) + 1)
        var lines = 1
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                if buffer[index] == 0x0A {
                    if lines % stride == 0 { starts.append(index + 1) }
                    lines += 1
                }
                index += 1
                if index & 0xFFFFF == 0 { bytes.passing(index) }
            }
        }
        self.lineStarts = starts
        self.lineStride = stride
        self.lineCount = lines
    }

    private init(name: String, bytes: InputBytes, lineStarts: [Int], lineStride: Int, lineCount: Int, firstLine: Int) {
        self.name = name
        self.bytes = bytes
        self.lineStarts = lineStarts
        self.lineStride = lineStride
        self.lineCount = lineCount
        self.firstLine = firstLine
    }

    /// The same text under a copy of its name, for another thread: the records it makes carry
    /// the name, and should not share its storage (and reference count) with this thread's.
    func renamed() -> SourceText {
        SourceText(name: String(decoding: Array(name.utf8), as: UTF8.self), bytes: bytes, lineStarts: lineStarts, lineStride: lineStride,
                   lineCount: lineCount, firstLine: firstLine)
    }

    init(name: String, text: String) {
        self.init(name: name, bytes: InputBytes(text.utf8))
    }

    /// 1-based line of a byte offset.
    func line(of offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        guard lineStride > 1 else { return low + firstLine }
        bytes.passing(offset)
        let breaks = bytes.withUnsafeBufferPointer { buffer in
            UnsafeBufferPointer(rebasing: buffer[lineStarts[low]..<min(max(offset, lineStarts[low]), buffer.count)]).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
        return low * lineStride + breaks + firstLine
    }

    /// Offset of the start of the text's `line`-th line (1-based, counted from its first).
    private func start(ofLine line: Int) -> Int {
        let noted = (line - 1) / lineStride
        var start = lineStarts[noted]
        var toSkip = (line - 1) - noted * lineStride
        guard toSkip > 0 else { return start }
        bytes.passing(start)
        bytes.withUnsafeBufferPointer { buffer in
            while toSkip > 0, start < buffer.count {
                if buffer[start] == 0x0A { toSkip -= 1 }
                start += 1
            }
        }
        return start
    }

    /// The text of a 1-based line, without its line end.
    func lineText(_ fileLine: Int) -> String {
        let line = fileLine - firstLine + 1
        guard line >= 1, line <= lineCount else { return "" }
        let start = start(ofLine: line)
        bytes.passing(start)
        return bytes.withUnsafeBufferPointer { buffer in
            var end = start
            while end < buffer.count, buffer[end] != 0x0A { end += 1 }
            if end > start, buffer[end - 1] == 0x0D { end -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<max(start, end)]), as: UTF8.self)
        }
    }

    /// A diagnostic at a byte offset, `length` bytes long.
    func diagnostic(_ id: String, _ message: String, at offset: Int, length: Int = 1, help: String? = nil) -> Diagnostic {
        let clamped = min(max(offset, 0), bytes.count)
        let line = line(of: clamped)
        let start = start(ofLine: line - firstLine + 1)
        let prefix = String(decoding: bytes[start..<clamped], as: UTF8.self)
        let spanEnd = min(clamped + max(length, 0), bytes.count)
        let span = String(decoding: bytes[clamped..<spanEnd], as: UTF8.self)
        return Diagnostic(id: id, message: message,
                          location: SourceLocation(file: name, text: lineText(line), range: prefix.count..<(prefix.count + max(span.count, 1)), firstLineNumber: line),
                          help: help)
    }

    /// A diagnostic at a whole line.
    func diagnostic(_ id: String, _ message: String, line: Int, column: Int = 1, length: Int = 1, help: String? = nil) -> Diagnostic {
        Diagnostic(id: id, message: message, location: SourceLocation(file: name, text: lineText(line), range: (column - 1)..<(column - 1 + max(length, 1)), firstLineNumber: line),
                   help: help)
    }
}
