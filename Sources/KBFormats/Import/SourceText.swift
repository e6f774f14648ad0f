import Foundation
import KBDomain
import KBQuery
import KBStore

/// An input file's text with a table of line starts, so that a byte offset becomes a
/// `file:line:column` location (columns counted in characters) and a diagnostic.
///
/// The table holds every line's start, or for a mapped file (``InputBytes/mapping(path:name:dropDistance:)``)
/// a place every ``mappedLineStride`` lines and every ``mappedMarkBytes`` bytes of a long line,
/// with the line it is in; the lines from there are counted when asked for. Eight bytes a line
/// would grow with the file (a million CSL-JSON items, 25 million lines, 200 MB); a place every
/// 32 lines alone would leave a file of few lines (minified JSON) counted from its start for
/// every item (a review found 80 s for 2,000 items on one line).
struct SourceText: Sendable {
    let name: String
    let bytes: InputBytes
    /// Held text: the start of every line (line `k + 1`, counted from the first, starts at
    /// `lineStarts[k]`). Mapped text: the noted places, in order.
    private let lineStarts: [Int]
    /// Mapped text: the 0-based line each noted place is in; empty for held text.
    private let markLines: [Int]
    /// The lines of the text (the last one may be empty).
    private let lineCount: Int
    /// The file's line number of the first byte: a window of a file read in parts
    /// (``CSVFileWindows``) numbers its lines as the file does.
    let firstLine: Int

    /// Lines between two noted places of a mapped file at most: counting them for a byte
    /// offset reads about two kilobytes.
    static let mappedLineStride = 32
    /// Bytes between two noted places of a mapped file at most.
    static let mappedMarkBytes = 1 << 16

    init(name: String, bytes: [UInt8], firstLine: Int = 1) {
        self.init(name: name, bytes: InputBytes(bytes), firstLine: firstLine)
    }

    init(name: String, bytes: InputBytes, firstLine: Int = 1) {
        self.name = name
        self.bytes = bytes
        self.firstLine = firstLine
        var starts = [0]
        var marks: [Int] = []
        var line = 0
        if bytes.isMapped {
            marks = [0]
            bytes.withUnsafeBufferPointer { buffer in
                var last = 0
                var index = 0
                while index < buffer.count {
                    if buffer[index] == 0x0A {
                        line += 1
                        if line % Self.mappedLineStride == 0 || index + 1 - last >= Self.mappedMarkBytes {
                            last = index + 1
                            starts.append(last)
                            marks.append(line)
                        }
                    } else if index - last >= Self.mappedMarkBytes {
                        last = index
                        starts.append(last)
                        marks.append(line)
                    }
                    index += 1
                    if index & 0xFFFFF == 0 { bytes.passing(index) }
                }
            }
        } else {
            starts.reserveCapacity(bytes.count / 40 + 1)
            bytes.withUnsafeBufferPointer { buffer in
                for index in buffer.indices where buffer[index] == 0x0A {
                    starts.append(index + 1)
                }
            }
            line = starts.count - 1
        }
        self.lineStarts = starts
        self.markLines = marks
        self.lineCount = line + 1
    }

    private init(name: String, bytes: InputBytes, lineStarts: [Int], markLines: [Int], lineCount: Int, firstLine: Int) {
        self.name = name
        self.bytes = bytes
        self.lineStarts = lineStarts
        self.markLines = markLines
        self.lineCount = lineCount
        self.firstLine = firstLine
    }

    /// The same text under a copy of its name, for another thread: the records it makes carry
    /// the name, and should not share its storage (and reference count) with this thread's.
    func renamed() -> SourceText {
        SourceText(name: String(decoding: Array(name.utf8), as: UTF8.self), bytes: bytes, lineStarts: lineStarts, markLines: markLines,
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
        guard !markLines.isEmpty else { return low + firstLine }
        bytes.passing(offset)
        let breaks = bytes.withUnsafeBufferPointer { buffer in
            var count = 0
            var index = lineStarts[low]
            let end = min(max(offset, index), buffer.count)
            while index < end {
                if buffer[index] == 0x0A { count += 1 }
                index += 1
            }
            return count
        }
        return markLines[low] + breaks + firstLine
    }

    /// Offset of the start of the text's `line`-th line (1-based, counted from its first).
    private func start(ofLine line: Int) -> Int {
        guard !markLines.isEmpty else { return lineStarts[line - 1] }
        let target = line - 1
        // The last noted place in a line before the target's (the first is in line 0): from
        // there to the target's start is at most the distance to the next noted place.
        var low = 0
        var high = markLines.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if markLines[middle] < target { low = middle } else { high = middle - 1 }
        }
        guard markLines[low] < target else { return 0 }
        var start = lineStarts[low]
        var toSkip = target - markLines[low]
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
