import Foundation
import KBDomain
import KBQuery
import KBStore

/// An input file's text with a table of line starts, so that a byte offset becomes a
/// `file:line:column` location (columns counted in characters) and a diagnostic.
struct SourceText: Sendable {
    let name: String
    let bytes: [UInt8]
    private let lineStarts: [Int]
    /// The file's line number of the first byte: a window of a file read in parts
    /// (``CSVFileWindows``) numbers its lines as the file does.
    let firstLine: Int

    init(name: String, bytes: [UInt8], firstLine: Int = 1) {
        self.name = name
        self.bytes = bytes
        self.firstLine = firstLine
        var starts = [0]
        starts.reserveCapacity(bytes.count / 40 + 1)
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            starts.append(index + 1)
        }
        self.lineStarts = starts
    }

    private init(name: String, bytes: [UInt8], lineStarts: [Int], firstLine: Int) {
        self.name = name
        self.bytes = bytes
        self.lineStarts = lineStarts
        self.firstLine = firstLine
    }

    /// The same text under a copy of its name, for another thread: the records it makes carry
    /// the name, and should not share its storage (and reference count) with this thread's.
    func renamed() -> SourceText {
        SourceText(name: String(decoding: Array(name.utf8), as: UTF8.self), bytes: bytes, lineStarts: lineStarts, firstLine: firstLine)
    }

    init(name: String, text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }

    /// 1-based line of a byte offset.
    func line(of offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low + firstLine
    }

    /// The text of a 1-based line, without its line end.
    func lineText(_ fileLine: Int) -> String {
        let line = fileLine - firstLine + 1
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, end <= bytes.count, end - 1 >= start, bytes[end - 1] == 0x0D { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// A diagnostic at a byte offset, `length` bytes long.
    func diagnostic(_ id: String, _ message: String, at offset: Int, length: Int = 1, help: String? = nil) -> Diagnostic {
        let clamped = min(max(offset, 0), bytes.count)
        let line = line(of: clamped)
        let start = lineStarts[line - firstLine]
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
